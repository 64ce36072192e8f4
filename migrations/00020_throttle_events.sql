-- +goose Up
-- The sign-in throttle's failures become one kind of event among others:
-- the limits on anonymous forms (bookings, registration, forgotten password,
-- a new verification link) count in the same table, under the same locks
-- (package throttle). The table is renamed rather than replaced, so the
-- failures of the last minutes still count after the upgrade.
ALTER TABLE login_failures RENAME TO throttle_events;
ALTER INDEX login_failures_pkey RENAME TO throttle_events_pkey;
DROP INDEX login_failures_key_idx;
-- rule names what the event counts for ('sign-in', 'form:registrera', …);
-- key is 'ip:<address or /64>' or 'email:<hash of the typed address>'.
ALTER TABLE throttle_events ADD COLUMN rule text NOT NULL DEFAULT 'sign-in';
ALTER TABLE throttle_events ALTER COLUMN rule DROP DEFAULT;
UPDATE throttle_events SET key = 'email:' || substr(key, length('account:') + 1) WHERE key LIKE 'account:%';
CREATE INDEX throttle_events_key_idx ON throttle_events (rule, key, at DESC);
-- The clean-up deletes by age alone.
CREATE INDEX throttle_events_at_idx ON throttle_events (at);

-- +goose Down
DELETE FROM throttle_events WHERE rule <> 'sign-in';
UPDATE throttle_events SET key = 'account:' || substr(key, length('email:') + 1) WHERE key LIKE 'email:%';
DROP INDEX throttle_events_at_idx;
DROP INDEX throttle_events_key_idx;
ALTER TABLE throttle_events DROP COLUMN rule;
ALTER TABLE throttle_events RENAME TO login_failures;
ALTER INDEX throttle_events_pkey RENAME TO login_failures_pkey;
CREATE INDEX login_failures_key_idx ON login_failures (key, at DESC);
