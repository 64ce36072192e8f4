-- +goose Up
-- What the consultant records when handling a booking: the reasons given to
-- the booker and, for a held meeting, the outcome and its topic (for
-- follow-up statistics).
ALTER TABLE bookings
    ADD COLUMN decline_reason text NOT NULL DEFAULT '' CHECK (char_length(decline_reason) <= 2000),
    ADD COLUMN cancel_reason  text NOT NULL DEFAULT '' CHECK (char_length(cancel_reason) <= 2000),
    ADD COLUMN outcome_note   text NOT NULL DEFAULT '' CHECK (char_length(outcome_note) <= 2000),
    ADD COLUMN outcome_topic  text CHECK (outcome_topic IN ('ansokan', 'projektide', 'samarbete', 'finansiering', 'avtal', 'ovrigt'));

-- Internal notes on a booking: for the consultants only, never shown to or
-- sent to the booker.
CREATE TABLE booking_notes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id  bigint NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    author_id   bigint REFERENCES users (id) ON DELETE SET NULL,
    author_name text NOT NULL DEFAULT '',
    body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_notes_booking_idx ON booking_notes (booking_id, created_at);

-- +goose Down
DROP TABLE booking_notes;
ALTER TABLE bookings
    DROP COLUMN outcome_topic,
    DROP COLUMN outcome_note,
    DROP COLUMN cancel_reason,
    DROP COLUMN decline_reason;
