-- +goose Up
-- base and base_version are the actor's values (and version) an artist's
-- change was made from: approving applies only the fields the artist
-- changed from base, and refuses when someone else changed one of those
-- fields since. NULL on changes filed before this migration (approving one
-- then applies every field that differs, as before).
ALTER TABLE actor_profile_changes
    ADD COLUMN base jsonb,
    ADD COLUMN base_version int;

-- +goose Down
ALTER TABLE actor_profile_changes
    DROP COLUMN base_version,
    DROP COLUMN base;
