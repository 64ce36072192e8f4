-- +goose Up
-- municipality_contact_revisions keeps every saved change of a
-- municipality's contact for culture matters: who, when, which fields, and
-- their values before and after. A contact is what residents and artists
-- are sent to, so a change that empties or misdirects it must be traceable
-- and undoable by hand.
CREATE TABLE municipality_contact_revisions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    user_id          bigint REFERENCES users (id) ON DELETE SET NULL,
    -- user_name is kept so the history still reads after the account is gone.
    user_name        text NOT NULL DEFAULT '',
    at               timestamptz NOT NULL DEFAULT now(),
    -- A save that changes nothing writes no revision.
    fields           text[] NOT NULL CHECK (cardinality(fields) > 0),
    old_values       jsonb NOT NULL,
    new_values       jsonb NOT NULL
);
CREATE INDEX municipality_contact_revisions_idx ON municipality_contact_revisions (municipality_id, at DESC, id DESC);

-- +goose Down
DROP TABLE municipality_contact_revisions;
