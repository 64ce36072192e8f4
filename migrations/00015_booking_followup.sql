-- +goose Up
-- sequence counts the changes of a booking that the booker is told about
-- (moved, confirmed, declined, cancelled, another time proposed): it is the
-- SEQUENCE of the meeting's calendar file, which calendars need to grow with
-- each update, and it tells one change's e-mail from the next one's.
-- reminder_sent_at is set in the transaction that queues the reminder the
-- day before a confirmed meeting, so that the reminder goes out once.
ALTER TABLE bookings
    ADD COLUMN sequence         int NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    ADD COLUMN reminder_sent_at timestamptz;

-- The reminder job looks for confirmed meetings of the next day that have
-- had no reminder; this index holds exactly those rows.
CREATE INDEX bookings_reminder_idx ON bookings (lower(during))
    WHERE state = 'confirmed' AND reminder_sent_at IS NULL;

-- Further manage links of a booking. The link of the request is the hash in
-- bookings.manage_token_hash; the secret is only ever in an e-mail, so a
-- later e-mail that must carry a link (another time proposed by the
-- consultant) gets a new secret, stored here as its SHA-256, and the old
-- link keeps working.
CREATE TABLE booking_links (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    booking_id  bigint NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_links_booking_idx ON booking_links (booking_id);

-- +goose Down
DROP TABLE booking_links;
DROP INDEX bookings_reminder_idx;
ALTER TABLE bookings
    DROP COLUMN reminder_sent_at,
    DROP COLUMN sequence;
