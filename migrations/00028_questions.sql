-- +goose Up
-- The support desk's questions (/fraga): each is a registered item (its
-- registration in the diarium), routed to a consultant or to the shared
-- inbox (assignee NULL), and answered in a thread of events.
CREATE TABLE questions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id bigint NOT NULL UNIQUE REFERENCES registrations ON DELETE RESTRICT,
    -- The desk's topics (vocab.Topics).
    topic           text NOT NULL CHECK (topic IN ('kulturaktor', 'kontakt', 'finansiering', 'lokaler', 'avtal',
                        'natverk', 'kompetens', 'annat')),
    art_form_id     bigint REFERENCES art_forms ON DELETE SET NULL,
    municipality_id bigint REFERENCES municipalities ON DELETE SET NULL,
    body            text NOT NULL CHECK (body <> '' AND char_length(body) <= 4000),
    name            text NOT NULL CHECK (name <> '' AND char_length(name) <= 200),
    email           text NOT NULL CHECK (email <> '' AND char_length(email) <= 254),
    organisation    text NOT NULL DEFAULT '' CHECK (char_length(organisation) <= 200),
    -- Whether the asker asks for the organisation rather than as a private
    -- person: a private person's name is masked in the public register.
    for_organisation boolean NOT NULL DEFAULT false,
    -- ny, pagar (pågår), vantar (väntar på frågeställaren), besvarad,
    -- hanvisad (referred), stangd (closed).
    state           text NOT NULL DEFAULT 'ny'
                        CHECK (state IN ('ny', 'pagar', 'vantar', 'besvarad', 'hanvisad', 'stangd')),
    -- NULL is the shared inbox that every consultant sees.
    assignee_id     bigint REFERENCES users ON DELETE SET NULL,
    received_at     timestamptz NOT NULL,
    -- When the asker last waited for an answer: the question, or the
    -- follow-up that reopened it. The overdue clock counts from here.
    awaiting_since  timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    -- A demo question's key, so that seeding again leaves it be.
    demo_key        text UNIQUE
);

CREATE INDEX questions_inbox ON questions (state, awaiting_since, id);
CREATE INDEX questions_assignee ON questions (assignee_id, state);

-- The asker's private links to the thread (/fraga/{token}): only the
-- SHA-256 of each secret is kept. A mail that carries a link makes a new
-- one, since the first secret is only in the receipt.
CREATE TABLE question_links (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    question_id bigint NOT NULL REFERENCES questions ON DELETE CASCADE,
    created_at  timestamptz NOT NULL
);

CREATE INDEX question_links_question ON question_links (question_id);

-- The thread. Every event belongs to the question's registration, so an
-- answer or a note is part of the registered item. A note is internal: it
-- is never mailed and never shown to the asker or in the public register.
CREATE TABLE question_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id     bigint NOT NULL REFERENCES questions ON DELETE CASCADE,
    registration_id bigint NOT NULL REFERENCES registrations ON DELETE RESTRICT,
    kind            text NOT NULL CHECK (kind IN ('followup', 'answer', 'note', 'referral', 'handover', 'waiting',
                        'closed', 'reopened')),
    body            text NOT NULL DEFAULT '' CHECK (char_length(body) <= 8000),
    -- A referral's contact as it was sent (the directory may change later).
    contact         text NOT NULL DEFAULT '' CHECK (char_length(contact) <= 2000),
    organisation_id bigint REFERENCES support_organisations ON DELETE SET NULL,
    municipality_id bigint REFERENCES municipalities ON DELETE SET NULL,
    -- The consultant who acted (NULL: the asker); for a hand-over, to whom.
    author_id       bigint REFERENCES users ON DELETE SET NULL,
    to_user_id      bigint REFERENCES users ON DELETE SET NULL,
    -- The key of the form that sent it (an answer, a follow-up): a double
    -- click's second post finds it and adds nothing.
    form_key        text CHECK (char_length(form_key) <= 80),
    created_at      timestamptz NOT NULL,
    UNIQUE (question_id, form_key)
);

CREATE INDEX question_events_question ON question_events (question_id, id);

-- Common questions (/fraga/vanliga-fragor): written anew and anonymised by a
-- consultant, from a closed question or from scratch; nothing personal is
-- copied from the question.
CREATE TABLE faq_entries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic       text NOT NULL CHECK (topic IN ('kulturaktor', 'kontakt', 'finansiering', 'lokaler', 'avtal',
                    'natverk', 'kompetens', 'annat')),
    question    text NOT NULL CHECK (question <> '' AND char_length(question) <= 1000),
    answer      text NOT NULL CHECK (answer <> '' AND char_length(answer) <= 8000),
    published   boolean NOT NULL DEFAULT true,
    from_question_id bigint REFERENCES questions ON DELETE SET NULL,
    -- A demo entry's key, so that seeding again updates it.
    demo_key    text UNIQUE,
    search      tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('swedish', question), 'A') ||
                    setweight(to_tsvector('swedish', answer), 'B')) STORED,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX faq_entries_search_idx ON faq_entries USING gin (search);
CREATE INDEX faq_entries_topic ON faq_entries (topic, id) WHERE published;

-- The common questions are a public page kept in the page cache.
CREATE TRIGGER faq_entries_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON faq_entries
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

-- +goose Down
DROP TABLE faq_entries;
DROP TABLE question_events;
DROP TABLE question_links;
DROP TABLE questions;
