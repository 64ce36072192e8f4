-- +goose Up
-- version is the residency's optimistic lock: every save names the version it
-- started from and bumps it, so a second editor's stale save is refused
-- instead of silently overwriting the first.
ALTER TABLE residencies ADD COLUMN version int NOT NULL DEFAULT 1;

-- One row per save: who, when, which fields changed, and the saved values.
-- The snapshot of a version is what a later conflict is compared against.
-- user_id has no foreign key so that the history outlives a deleted account;
-- user_name keeps the name as it was.
CREATE TABLE residency_revisions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    residency_id  bigint NOT NULL REFERENCES residencies (id) ON DELETE CASCADE,
    version       int NOT NULL,
    user_id       bigint,
    user_name     text NOT NULL DEFAULT '',
    at            timestamptz NOT NULL DEFAULT now(),
    fields        text[] NOT NULL DEFAULT '{}',
    snapshot      jsonb NOT NULL,
    UNIQUE (residency_id, version)
);

-- A published residency whose address an editor changed keeps answering at
-- the old one with a permanent redirect.
CREATE TABLE residency_slug_redirects (
    old_slug      text PRIMARY KEY CHECK (old_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    residency_id  bigint NOT NULL REFERENCES residencies (id) ON DELETE CASCADE
);
CREATE INDEX residency_slug_redirects_residency_idx ON residency_slug_redirects (residency_id);
-- The public residency page reads the redirects, so cached pages must drop
-- when they change.
CREATE TRIGGER residency_slug_redirects_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON residency_slug_redirects
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

-- +goose Down
DROP TABLE residency_slug_redirects;
DROP TABLE residency_revisions;
ALTER TABLE residencies DROP COLUMN version;
