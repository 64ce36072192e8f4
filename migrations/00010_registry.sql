-- +goose Up
-- registrations is the register (diariet): one row per incoming item
-- (proposal, application, booking request, question), numbered
-- <PREFIX>-<YYYY>-<NNNN> in the transaction that receives the item. The
-- public register at /diarium reads it with personal data masked; the
-- sender's e-mail address is kept for the region's own handling only.
CREATE TABLE registrations (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- year is the calendar year of received_at in Europe/Stockholm, and seq
    -- the item's place in that year, counting from 1.
    year             int NOT NULL CHECK (year BETWEEN 2000 AND 9999),
    seq              int NOT NULL CHECK (seq > 0),
    number           text NOT NULL UNIQUE,
    kind             text NOT NULL CHECK (kind IN ('proposal', 'application', 'booking', 'question')),
    description      text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 500),
    sender_name      text NOT NULL DEFAULT '' CHECK (char_length(sender_name) <= 200),
    -- sender_is_person marks a private person, whose name the public register
    -- never shows.
    sender_is_person boolean NOT NULL,
    sender_org       text NOT NULL DEFAULT '' CHECK (char_length(sender_org) <= 200),
    sender_email     text NOT NULL DEFAULT '' CHECK (char_length(sender_email) <= 254),
    received_at      timestamptz NOT NULL,
    UNIQUE (year, seq)
);
-- The public register filters by kind, newest first; by year it uses the
-- (year, seq) key.
CREATE INDEX registrations_kind_idx ON registrations (kind, year DESC, seq DESC);

-- registration_counters holds the last number given out each year. Taking
-- the next number updates the year's row, whose lock serialises concurrent
-- submitters on every instance until their transaction ends; a rolled-back
-- transaction takes its update with it, so no number is lost.
CREATE TABLE registration_counters (
    year  int PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
    last  int NOT NULL CHECK (last > 0)
);

-- /diarium is a public page and may be served from the page cache.
CREATE TRIGGER registrations_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registrations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

-- +goose Down
DROP TABLE registration_counters;
DROP TABLE registrations;
