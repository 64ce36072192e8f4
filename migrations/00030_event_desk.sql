-- +goose Up
-- The consultants' side of events: the messages sent to the seated
-- participants, and the speed-dating wishes and schedule.

-- A message from the consultants to everyone seated at an event, kept as
-- sent (who sent it, to how many) for the case file.
CREATE TABLE event_messages (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    subject     text NOT NULL CHECK (subject <> '' AND char_length(subject) <= 150),
    body        text NOT NULL CHECK (body <> '' AND char_length(body) <= 5000),
    recipients  integer NOT NULL CHECK (recipients >= 0),
    -- The random key of the form that sent it: a double click sends once.
    form_key    text UNIQUE CHECK (char_length(form_key) <= 64),
    sent_by     bigint REFERENCES users ON DELETE SET NULL,
    sent_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_messages_event_idx ON event_messages (event_id, sent_at);

-- Speed-dating: who asked to meet whom. The consultant ticks them on the
-- schedule page from what the sign-ups wrote under "looking for"; the
-- scheduler prefers these pairs. A wish is always from one side to the
-- other (checked in the application, where the sides are known).
CREATE TABLE event_speed_wishes (
    event_id   bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    signup_id  bigint NOT NULL REFERENCES event_signups ON DELETE CASCADE,
    wants_id   bigint NOT NULL REFERENCES event_signups ON DELETE CASCADE,
    PRIMARY KEY (signup_id, wants_id),
    CHECK (signup_id <> wants_id)
);
CREATE INDEX event_speed_wishes_event_idx ON event_speed_wishes (event_id);

-- Speed-dating: the schedule of an event, one row per event. The plan is
-- always generated, shown and mailed whole, so it is kept whole, as the
-- scheduler's JSON ({"Rounds":[{"Number":1,"Meetings":[{"Table":1,
-- "Actor":id,"Host":id}],"Pauses":[id]}]}), with the participants' sign-up
-- ids. sent_plan is the plan as last mailed: a new plan is compared with it
-- to mail only those whose schedule changed.
CREATE TABLE event_speed_schedules (
    event_id      bigint PRIMARY KEY REFERENCES events ON DELETE CASCADE,
    rounds        smallint NOT NULL CHECK (rounds BETWEEN 1 AND 30),
    plan          jsonb NOT NULL,
    generated_at  timestamptz NOT NULL,
    generated_by  bigint REFERENCES users ON DELETE SET NULL,
    sent_plan     jsonb,
    sent_at       timestamptz,
    CHECK ((sent_plan IS NULL) = (sent_at IS NULL))
);

-- The random keys of the forms that created an event (new, copy): a
-- double click finds the event the first click made instead of making a
-- second one.
CREATE TABLE event_form_keys (
    form_key    text PRIMARY KEY CHECK (char_length(form_key) BETWEEN 1 AND 64),
    event_id    bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE event_form_keys;
DROP TABLE event_speed_schedules;
DROP TABLE event_speed_wishes;
DROP TABLE event_messages;
