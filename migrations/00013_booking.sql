-- +goose Up
-- btree_gist lets one exclusion constraint combine equality on the consultant
-- with overlap of time ranges. It is a trusted extension (PostgreSQL 13+), so
-- the database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- A consultant's public profile and booking rules. Clock times and weekdays
-- are wall-clock values in Europe/Stockholm; the application turns them into
-- instants date by date, so the clock changes never move the opening hours.
CREATE TABLE consultant_profiles (
    user_id             bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    title               text NOT NULL DEFAULT '' CHECK (char_length(title) <= 200),
    text                text NOT NULL DEFAULT '' CHECK (char_length(text) <= 4000),
    photo_image_id      bigint REFERENCES images (id) ON DELETE SET NULL,
    meeting_minutes     int NOT NULL DEFAULT 45 CHECK (meeting_minutes BETWEEN 15 AND 180),
    buffer_minutes      int NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 120),
    -- Counted in working days (Monday to Friday), not in 24-hour periods.
    min_notice_days     int NOT NULL DEFAULT 1 CHECK (min_notice_days BETWEEN 0 AND 30),
    horizon_weeks       int NOT NULL DEFAULT 8 CHECK (horizon_weeks BETWEEN 1 AND 26),
    all_municipalities  boolean NOT NULL DEFAULT false,
    active              boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE consultant_art_forms (
    user_id      bigint NOT NULL REFERENCES consultant_profiles (user_id) ON DELETE CASCADE,
    art_form_id  bigint NOT NULL REFERENCES art_forms (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, art_form_id)
);
-- Routing a booker asks "who advises on this art form?".
CREATE INDEX consultant_art_forms_art_form_idx ON consultant_art_forms (art_form_id, user_id);

CREATE TABLE consultant_municipalities (
    user_id          bigint NOT NULL REFERENCES consultant_profiles (user_id) ON DELETE CASCADE,
    municipality_id  bigint NOT NULL REFERENCES municipalities (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, municipality_id)
);
CREATE INDEX consultant_municipalities_municipality_idx ON consultant_municipalities (municipality_id, user_id);

-- The kinds of question (booking.Topic in Go, which holds the labels).
CREATE TABLE consultant_topics (
    user_id  bigint NOT NULL REFERENCES consultant_profiles (user_id) ON DELETE CASCADE,
    topic    text NOT NULL CHECK (topic IN ('ansokan', 'projektide', 'samarbete', 'finansiering', 'avtal', 'ovrigt')),
    PRIMARY KEY (user_id, topic)
);

-- Weekly opening hours; weekday is ISO 8601 (1 = Monday, 7 = Sunday). ends
-- may be 24:00 for "until midnight".
CREATE TABLE consultant_weekly_hours (
    user_id  bigint NOT NULL REFERENCES consultant_profiles (user_id) ON DELETE CASCADE,
    weekday  smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts   time NOT NULL,
    ends     time NOT NULL,
    CHECK (ends > starts),
    PRIMARY KEY (user_id, weekday, starts)
);

-- Exceptions to the weekly hours: a closed day (day off, holiday) or an extra
-- opening on one date.
CREATE TABLE consultant_exceptions (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id  bigint NOT NULL REFERENCES consultant_profiles (user_id) ON DELETE CASCADE,
    day      date NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('closed', 'extra')),
    starts   time,
    ends     time,
    CHECK ((kind = 'closed' AND starts IS NULL AND ends IS NULL)
        OR (kind = 'extra' AND starts IS NOT NULL AND ends IS NOT NULL AND ends > starts))
);
CREATE UNIQUE INDEX consultant_exceptions_closed_idx ON consultant_exceptions (user_id, day) WHERE kind = 'closed';
CREATE UNIQUE INDEX consultant_exceptions_extra_idx ON consultant_exceptions (user_id, day, starts) WHERE kind = 'extra';

-- A booking of a consultant's time, made without an account.
CREATE TABLE bookings (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultant_id      bigint NOT NULL REFERENCES consultant_profiles (user_id),
    -- Half-open [start, end): a meeting ending at 10.45 does not overlap one
    -- starting at 10.45.
    during             tstzrange NOT NULL CHECK (
                           NOT isempty(during) AND NOT lower_inf(during) AND NOT upper_inf(during)
                           AND lower_inc(during) AND NOT upper_inc(during)),
    state              text NOT NULL DEFAULT 'requested'
                           CHECK (state IN ('requested', 'confirmed', 'declined', 'cancelled', 'held', 'no_show')),
    name               text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    email              text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    organisation       text NOT NULL DEFAULT '' CHECK (char_length(organisation) <= 200),
    municipality_id    bigint REFERENCES municipalities (id),
    role               text NOT NULL DEFAULT '' CHECK (char_length(role) <= 200),
    question           text NOT NULL DEFAULT '' CHECK (char_length(question) <= 4000),
    meeting_form       text NOT NULL CHECK (meeting_form IN ('video', 'phone', 'on_site')),
    topic              text NOT NULL CHECK (topic IN ('ansokan', 'projektide', 'samarbete', 'finansiering', 'avtal', 'ovrigt')),
    art_form_id        bigint REFERENCES art_forms (id),
    registration_id    bigint UNIQUE REFERENCES registrations (id),
    -- SHA-256 of the secret in the booker's manage link; the secret itself
    -- is only in the e-mail.
    manage_token_hash  bytea UNIQUE CHECK (length(manage_token_hash) = 32),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    -- The guarantee against double booking: two bookings that hold their time
    -- (requested or confirmed) can never overlap for one consultant, however
    -- many requests race. Buffers are the application's business: the slot
    -- engine only offers slots that keep them.
    EXCLUDE USING gist (consultant_id WITH =, during WITH &&) WHERE (state IN ('requested', 'confirmed'))
);
-- The consultant's inbox lists bookings by state and time.
CREATE INDEX bookings_consultant_idx ON bookings (consultant_id, state, lower(during));

-- +goose Down
DROP TABLE bookings;
DROP TABLE consultant_exceptions;
DROP TABLE consultant_weekly_hours;
DROP TABLE consultant_topics;
DROP TABLE consultant_municipalities;
DROP TABLE consultant_art_forms;
DROP TABLE consultant_profiles;
-- btree_gist stays: dropping it would need it to be unused elsewhere, and
-- leaving a harmless extension installed keeps Down safe.
