-- +goose Up
-- Further manage links of a sign-up. The token of the first link is only
-- in the form that made the sign-up and its receipt (event_signups keeps
-- its hash); every later e-mail that must carry a link (an offer, the
-- reminder, a seat given from the line) gets a fresh token whose hash is
-- kept here, and earlier links keep working.
CREATE TABLE event_signup_links (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    signup_id  bigint NOT NULL REFERENCES event_signups ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_signup_links_signup_idx ON event_signup_links (signup_id);

-- The retention job blanks the e-mail addresses of old sign-ups but keeps
-- their rows and states (the counts): blanked rows must not collide in the
-- one-live-sign-up-per-address index.
DROP INDEX event_signups_one_per_email;
CREATE UNIQUE INDEX event_signups_one_per_email ON event_signups (event_id, lower(email))
    WHERE state IN ('seated', 'waiting', 'offered') AND personal_purged_at IS NULL;

-- +goose Down
DROP INDEX event_signups_one_per_email;
CREATE UNIQUE INDEX event_signups_one_per_email ON event_signups (event_id, lower(email))
    WHERE state IN ('seated', 'waiting', 'offered');
DROP TABLE event_signup_links;
