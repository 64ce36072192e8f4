-- +goose Up
-- A municipality's proposal of a residency (intresseanmälan). A draft may be
-- partial, so the facts default to empty; the application checks that a
-- proposal is complete before it leaves the draft state.
CREATE TABLE proposals (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  bigint NOT NULL REFERENCES municipalities (id),
    -- The officer who created it; kept as NULL when the account is deleted,
    -- since the proposal belongs to the municipality.
    created_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    -- create_key is the random key of the form that created the proposal: a
    -- double click or a re-sent form finds the proposal it already made
    -- instead of making a second one.
    create_key       text UNIQUE CHECK (length(create_key) <= 64),
    title            text NOT NULL DEFAULT '',
    kind             text NOT NULL DEFAULT '' CHECK (kind IN ('', 'kommunresidens', 'kommunkoreograf')),
    participants     int CHECK (participants >= 0),
    venues           text NOT NULL DEFAULT '',
    district         text NOT NULL DEFAULT '',
    starts_on        date,
    ends_on          date,
    -- performance: develop a performance; theme: explore a theme; group: work
    -- with a particular group.
    purposes         text[] NOT NULL DEFAULT '{}' CHECK (purposes <@ ARRAY['performance', 'theme', 'group']),
    purpose_text     text NOT NULL DEFAULT '',
    staff            text NOT NULL DEFAULT '',
    premises         text NOT NULL DEFAULT '',
    cofunding_sek    int CHECK (cofunding_sek >= 0),
    contact_name     text NOT NULL DEFAULT '',
    contact_email    text NOT NULL DEFAULT '',
    contact_phone    text NOT NULL DEFAULT '',
    state            text NOT NULL DEFAULT 'draft' CHECK (state IN
                         ('draft', 'submitted', 'in_review', 'completion_requested', 'accepted', 'declined', 'withdrawn')),
    assigned_to      bigint REFERENCES users (id) ON DELETE SET NULL,
    -- Set on the first submission; a resubmission keeps the number.
    registration_id  bigint UNIQUE REFERENCES registrations (id),
    -- The draft residency an acceptance created.
    residency_id     bigint REFERENCES residencies (id) ON DELETE SET NULL,
    -- The optimistic lock: every change names the version it started from.
    version          int NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    submitted_at     timestamptz,
    -- From two weeks up to a year, both days included.
    CHECK (starts_on IS NULL OR ends_on IS NULL OR
           (ends_on >= starts_on + 13 AND ends_on < (starts_on + interval '1 year')::date)),
    -- Everything past the draft was sent in and so carries a number (a draft
    -- withdrawn before it was sent has none).
    CHECK (state IN ('draft', 'withdrawn') OR registration_id IS NOT NULL),
    CHECK ((registration_id IS NULL) = (submitted_at IS NULL))
);
CREATE INDEX proposals_municipality_idx ON proposals (municipality_id, updated_at DESC);
-- The consultants' inbox lists what was sent in.
CREATE INDEX proposals_inbox_idx ON proposals (state, submitted_at DESC) WHERE submitted_at IS NOT NULL;
CREATE INDEX proposals_assigned_idx ON proposals (assigned_to) WHERE assigned_to IS NOT NULL;

CREATE TABLE proposal_art_forms (
    proposal_id  bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    art_form_id  bigint NOT NULL REFERENCES art_forms (id),
    PRIMARY KEY (proposal_id, art_form_id)
);

CREATE TABLE proposal_target_groups (
    proposal_id      bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    target_group_id  bigint NOT NULL REFERENCES target_groups (id),
    PRIMARY KEY (proposal_id, target_group_id)
);

CREATE TABLE proposal_venue_types (
    proposal_id    bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    venue_type_id  bigint NOT NULL REFERENCES venue_types (id),
    PRIMARY KEY (proposal_id, venue_type_id)
);

-- The proposal's timeline: transitions, messages between the municipality
-- and the consultants, the consultants' internal notes, assignments. The
-- actor is a plain number with the name copied, like the audit log, so the
-- timeline outlives a deleted account.
CREATE TABLE proposal_events (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    proposal_id              bigint NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    at                       timestamptz NOT NULL DEFAULT now(),
    actor_id                 bigint,
    actor_name               text NOT NULL DEFAULT '',
    kind                     text NOT NULL CHECK (kind IN ('transition', 'message', 'note', 'assignment')),
    from_state               text NOT NULL DEFAULT '',
    to_state                 text NOT NULL DEFAULT '',
    body                     text NOT NULL DEFAULT '',
    visible_to_municipality  boolean NOT NULL,
    -- An internal note is never shown to the municipality, whatever the
    -- code that writes it says.
    CHECK (kind <> 'note' OR NOT visible_to_municipality),
    CHECK ((kind = 'transition') = (to_state <> ''))
);
CREATE INDEX proposal_events_proposal_idx ON proposal_events (proposal_id, at, id);

ALTER TABLE residencies ADD COLUMN proposal_id bigint REFERENCES proposals (id) ON DELETE SET NULL;
-- One residency per proposal: a second acceptance cannot make another.
CREATE UNIQUE INDEX residencies_proposal_idx ON residencies (proposal_id) WHERE proposal_id IS NOT NULL;

-- +goose Down
DROP INDEX residencies_proposal_idx;
ALTER TABLE residencies DROP COLUMN proposal_id;
DROP TABLE proposal_events;
DROP TABLE proposal_venue_types;
DROP TABLE proposal_target_groups;
DROP TABLE proposal_art_forms;
DROP TABLE proposals;
