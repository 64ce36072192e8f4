-- +goose Up
-- version is bumped by every saved edit, so a form posted from an older
-- version is refused instead of overwriting someone else's change.
ALTER TABLE cultural_actors
    ADD COLUMN version int NOT NULL DEFAULT 1,
    -- owner_user_id is the artist account that keeps this profile; set only
    -- when a consultant has approved the claim or the new profile.
    ADD COLUMN owner_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN contact_email text NOT NULL DEFAULT '';
-- One profile per artist account.
CREATE UNIQUE INDEX cultural_actors_owner_idx ON cultural_actors (owner_user_id) WHERE owner_user_id IS NOT NULL;

-- actor_revisions keeps every saved change of an actor: who, when, which
-- fields, and the values after the change.
CREATE TABLE actor_revisions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id   bigint NOT NULL REFERENCES cultural_actors (id) ON DELETE CASCADE,
    version    int NOT NULL,
    user_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    -- user_name is kept so the history still reads after the account is gone.
    user_name  text NOT NULL DEFAULT '',
    at         timestamptz NOT NULL DEFAULT now(),
    fields     text[] NOT NULL DEFAULT '{}',
    snapshot   jsonb NOT NULL DEFAULT '{}',
    UNIQUE (actor_id, version)
);

-- actor_profile_changes is the moderation queue: what an artist proposes for
-- their profile (or a claim of an existing actor) waits here until a
-- consultant approves or returns it.
CREATE TABLE actor_profile_changes (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id      bigint NOT NULL REFERENCES cultural_actors (id) ON DELETE CASCADE,
    submitted_by  bigint REFERENCES users (id) ON DELETE CASCADE,
    submitted_at  timestamptz NOT NULL DEFAULT now(),
    -- kind tells a claim of an existing actor and a new profile from an edit.
    kind          text NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'claim', 'create')),
    data          jsonb NOT NULL DEFAULT '{}',
    state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'returned')),
    comment       text NOT NULL DEFAULT '',
    reviewed_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at   timestamptz,
    CHECK (state = 'pending' OR reviewed_at IS NOT NULL),
    CHECK (state <> 'returned' OR comment <> '')
);
-- At most one pending change per actor: an artist's next save updates it.
CREATE UNIQUE INDEX actor_profile_changes_pending_idx ON actor_profile_changes (actor_id) WHERE state = 'pending';
CREATE INDEX actor_profile_changes_queue_idx ON actor_profile_changes (submitted_at, id) WHERE state = 'pending';
CREATE INDEX actor_profile_changes_user_idx ON actor_profile_changes (submitted_by, submitted_at DESC);

ALTER TABLE municipalities
    ADD COLUMN contact_name text NOT NULL DEFAULT '',
    ADD COLUMN contact_title text NOT NULL DEFAULT '',
    ADD COLUMN contact_email text NOT NULL DEFAULT '',
    ADD COLUMN contact_phone text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE municipalities
    DROP COLUMN contact_phone,
    DROP COLUMN contact_email,
    DROP COLUMN contact_title,
    DROP COLUMN contact_name;
DROP TABLE actor_profile_changes;
DROP TABLE actor_revisions;
DROP INDEX cultural_actors_owner_idx;
ALTER TABLE cultural_actors
    DROP COLUMN contact_email,
    DROP COLUMN owner_user_id,
    DROP COLUMN version;
