-- +goose Up
-- demo marks the seeded example calls, as it does residencies and actors,
-- so that seeding again updates them and never touches a real call.
ALTER TABLE calls ADD COLUMN demo boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE calls DROP COLUMN demo;
