-- +goose Up
-- Open calls (utlysningar), the applications to them and their review.

-- A jury member is an account of its own role: it sees the review pages of
-- the calls it is assigned to and nothing else of the consultants' area.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'consultant', 'municipality', 'artist', 'juror'));

CREATE TABLE calls (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug               text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 120),
    title              text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    kind               text NOT NULL DEFAULT 'kommunkoreograf' CHECK (kind IN ('kommunkoreograf', 'residency')),
    -- Markdown, rendered sanitised.
    description        text NOT NULL DEFAULT '' CHECK (char_length(description) <= 20000),
    requirements       text NOT NULL DEFAULT '' CHECK (char_length(requirements) <= 20000),
    eligibility        text NOT NULL DEFAULT '' CHECK (char_length(eligibility) <= 20000),
    -- What the residency offers.
    fee_sek            int CHECK (fee_sek >= 0),
    period             text NOT NULL DEFAULT '' CHECK (char_length(period) <= 200),
    premises           text NOT NULL DEFAULT '' CHECK (char_length(premises) <= 2000),
    -- Applications are accepted from opens_at up to (not including) closes_at;
    -- the server's clock decides.
    opens_at           timestamptz NOT NULL,
    closes_at          timestamptz NOT NULL,
    CHECK (closes_at > opens_at),
    -- A draft is visible to consultants only.
    published_at       timestamptz,
    -- The outcome e-mails' texts, editable before sending, one per decision.
    outcome_selected      text NOT NULL DEFAULT '' CHECK (char_length(outcome_selected) <= 8000),
    outcome_reserve       text NOT NULL DEFAULT '' CHECK (char_length(outcome_reserve) <= 8000),
    outcome_not_selected  text NOT NULL DEFAULT '' CHECK (char_length(outcome_not_selected) <= 8000),
    -- When the outcome was first sent; the retention period counts from it.
    outcome_sent_at    timestamptz,
    -- How long the applications' personal data are kept after the decision.
    retention_months   int NOT NULL DEFAULT 24 CHECK (retention_months BETWEEN 1 AND 120),
    -- When the retention job removed the applications' personal data.
    purged_at          timestamptz,
    created_by         bigint REFERENCES users (id) ON DELETE SET NULL,
    version            int NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
-- The public list: published calls by closing time.
CREATE INDEX calls_published_idx ON calls (closes_at) WHERE published_at IS NOT NULL;

CREATE TABLE call_municipalities (
    call_id          bigint NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    municipality_id  bigint NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (call_id, municipality_id)
);
CREATE INDEX call_municipalities_municipality_idx ON call_municipalities (municipality_id);

-- The assessment criteria, each with a weight; the ranking is the weighted
-- average of the reviewers' scores.
CREATE TABLE call_criteria (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id      bigint NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    position     int NOT NULL,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description  text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    weight       int NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100),
    UNIQUE (call_id, position)
);

-- The attachments a call asks for, each required or optional.
CREATE TABLE call_attachments (
    call_id   bigint NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    kind      text NOT NULL CHECK (kind IN ('cv', 'portfolio', 'work_plan')),
    required  boolean NOT NULL DEFAULT true,
    PRIMARY KEY (call_id, kind)
);

-- The reviewers of a call: consultants and jurors.
CREATE TABLE call_reviewers (
    call_id   bigint NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_reviewers_user_idx ON call_reviewers (user_id);

CREATE TABLE applications (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id           bigint NOT NULL REFERENCES calls (id),
    -- The artist account; NULL once the account is deleted (the submitted
    -- application is a public record and stays).
    applicant_id      bigint REFERENCES users (id) ON DELETE SET NULL,
    state             text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'withdrawn')),
    -- As a person or on behalf of a group or company (members named).
    applicant_kind    text NOT NULL DEFAULT 'person' CHECK (applicant_kind IN ('person', 'group')),
    group_name        text NOT NULL DEFAULT '' CHECK (char_length(group_name) <= 200),
    members           text NOT NULL DEFAULT '' CHECK (char_length(members) <= 2000),
    contact_name      text NOT NULL DEFAULT '' CHECK (char_length(contact_name) <= 200),
    contact_email     text NOT NULL DEFAULT '' CHECK (char_length(contact_email) <= 254),
    contact_phone     text NOT NULL DEFAULT '' CHECK (char_length(contact_phone) <= 50),
    practice          text NOT NULL DEFAULT '' CHECK (char_length(practice) <= 8000),
    experience        text NOT NULL DEFAULT '' CHECK (char_length(experience) <= 8000),
    idea              text NOT NULL DEFAULT '' CHECK (char_length(idea) <= 8000),
    languages         text NOT NULL DEFAULT '' CHECK (char_length(languages) <= 500),
    video_url         text NOT NULL DEFAULT '' CHECK (char_length(video_url) <= 500),
    portfolio_url     text NOT NULL DEFAULT '' CHECK (char_length(portfolio_url) <= 500),
    declaration       boolean NOT NULL DEFAULT false,
    registration_id   bigint UNIQUE REFERENCES registrations (id),
    submitted_at      timestamptz,
    withdrawn_at      timestamptz,
    -- The review: the shortlist and the decision by a consultant.
    shortlisted       boolean NOT NULL DEFAULT false,
    decision          text CHECK (decision IN ('selected', 'reserve', 'not_selected')),
    decision_reason   text NOT NULL DEFAULT '' CHECK (char_length(decision_reason) <= 4000),
    decided_by        bigint REFERENCES users (id) ON DELETE SET NULL,
    decided_at        timestamptz,
    -- Set in the transaction that queues the outcome e-mail: each applicant
    -- is told once, however often sending is asked for.
    outcome_sent_at   timestamptz,
    -- Set by the retention job when the personal details were removed.
    purged_at         timestamptz,
    version           int NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((registration_id IS NULL) = (submitted_at IS NULL)),
    CHECK (state = 'draft' OR state = 'withdrawn' OR registration_id IS NOT NULL),
    CHECK (decision IS NULL OR state = 'submitted')
);
-- One application per artist and call.
CREATE UNIQUE INDEX applications_applicant_idx ON applications (applicant_id, call_id) WHERE applicant_id IS NOT NULL;
CREATE INDEX applications_call_idx ON applications (call_id, state);

-- Attached PDF files, stored in the database with the application.
CREATE TABLE application_files (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('cv', 'portfolio', 'work_plan')),
    filename        text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
    size            int NOT NULL CHECK (size BETWEEN 1 AND 10485760),
    sha256          bytea NOT NULL CHECK (length(sha256) = 32),
    data            bytea NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_files_application_idx ON application_files (application_id);

-- A reviewer's declaration of conflict of interest (jäv) for one
-- application, made before opening it.
CREATE TABLE review_declarations (
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    reviewer_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    conflict        boolean NOT NULL,
    reason          text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 2000),
    declared_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, reviewer_id)
);

-- A reviewer's score for one criterion of one application.
CREATE TABLE review_scores (
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    reviewer_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    criterion_id    bigint NOT NULL REFERENCES call_criteria (id) ON DELETE CASCADE,
    score           smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment         text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 4000),
    scored_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, reviewer_id, criterion_id)
);
CREATE INDEX review_scores_reviewer_idx ON review_scores (reviewer_id, application_id);

-- Published calls are public content: the page cache follows them.
CREATE TRIGGER calls_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calls
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER call_municipalities_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON call_municipalities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER call_criteria_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON call_criteria
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER call_attachments_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON call_attachments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

-- +goose Down
DROP TABLE review_scores;
DROP TABLE review_declarations;
DROP TABLE application_files;
DROP TABLE applications;
DROP TABLE call_reviewers;
DROP TABLE call_attachments;
DROP TABLE call_criteria;
DROP TABLE call_municipalities;
DROP TABLE calls;
-- Jurors cannot be kept without their role, nor given another one.
DELETE FROM users WHERE role = 'juror';
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'consultant', 'municipality', 'artist'));
