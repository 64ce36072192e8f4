-- +goose Up
-- Events and meeting formats (Kulturfrukost, speed-dejting, seminars,
-- workshops, courses, network meetings, the yearly forum) with sign-up and a
-- waiting list, for people without an account.
--
-- Seats are counted in the event row: seats_taken is the number of sign-ups
-- that hold a seat (seated, or offered a freed seat and not yet answered),
-- and the CHECK keeps it within capacity whatever the application does. Every
-- change of it runs with the event row locked (UPDATE or SELECT ... FOR
-- UPDATE), so concurrent sign-ups on any number of app instances queue on
-- that row and never overbook. The waiting list's order is line_no, taken
-- from next_line_no under the same lock.
CREATE TABLE events (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug               text NOT NULL UNIQUE,
    title              text COLLATE swedish NOT NULL CHECK (title <> '' AND char_length(title) <= 200),
    format             text NOT NULL CHECK (format IN ('kulturfrukost', 'speed-dejting', 'seminarium',
                           'workshop', 'kurs', 'natverkstraff', 'forum')),
    summary            text NOT NULL DEFAULT '' CHECK (char_length(summary) <= 500),
    -- Markdown, sanitised when shown.
    description        text NOT NULL DEFAULT '' CHECK (char_length(description) <= 20000),
    starts_at          timestamptz NOT NULL,
    ends_at            timestamptz NOT NULL,
    -- Sign-up closes at this instant (to the second).
    signup_closes_at   timestamptz NOT NULL,
    -- on_site: at the place; online: digitalt; mixed: both.
    attendance         text NOT NULL CHECK (attendance IN ('on_site', 'online', 'mixed')),
    place_name         text NOT NULL DEFAULT '' CHECK (char_length(place_name) <= 200),
    address            text NOT NULL DEFAULT '' CHECK (char_length(address) <= 300),
    -- The municipality the place is in (the municipality page lists its
    -- events); NULL for online events.
    municipality_id    bigint REFERENCES municipalities ON DELETE RESTRICT,
    wheelchair_access  boolean NOT NULL DEFAULT false,
    hearing_loop       boolean NOT NULL DEFAULT false,
    public_transport   text NOT NULL DEFAULT '' CHECK (char_length(public_transport) <= 500),
    access_notes       text NOT NULL DEFAULT '' CHECK (char_length(access_notes) <= 1000),
    -- The link to the online meeting: shown only to those with a seat.
    online_url         text NOT NULL DEFAULT '' CHECK (char_length(online_url) <= 500),
    -- NULL: no limit on seats.
    capacity           integer CHECK (capacity BETWEEN 1 AND 10000),
    seats_taken        integer NOT NULL DEFAULT 0 CHECK (seats_taken >= 0),
    next_line_no       integer NOT NULL DEFAULT 1,
    organiser          text NOT NULL DEFAULT '' CHECK (char_length(organiser) <= 200),
    -- When a cultural actor organises it, their page lists it.
    organiser_actor_id bigint REFERENCES cultural_actors ON DELETE SET NULL,
    contact_name       text NOT NULL DEFAULT '' CHECK (char_length(contact_name) <= 200),
    contact_email      text NOT NULL DEFAULT '' CHECK (char_length(contact_email) <= 254),
    contact_phone      text NOT NULL DEFAULT '' CHECK (char_length(contact_phone) <= 40),
    -- draft: only consultants see it; published: public; cancelled: public,
    -- shown as cancelled, no sign-up.
    status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    cancel_reason      text NOT NULL DEFAULT '' CHECK (char_length(cancel_reason) <= 1000),
    -- The iCalendar SEQUENCE: raised on every change calendars should see.
    sequence           integer NOT NULL DEFAULT 0,
    -- Speed-dating: the number of rounds and their length.
    speed_rounds       smallint CHECK (speed_rounds BETWEEN 1 AND 30),
    speed_minutes      smallint CHECK (speed_minutes BETWEEN 2 AND 60),
    copied_from        bigint REFERENCES events ON DELETE SET NULL,
    created_by         bigint REFERENCES users ON DELETE SET NULL,
    published_at       timestamptz,
    cancelled_at       timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (signup_closes_at <= ends_at),
    CHECK (capacity IS NULL OR seats_taken <= capacity),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);

-- The public list: published or cancelled events by start.
CREATE INDEX events_public_idx ON events (starts_at, id) WHERE status <> 'draft';
CREATE INDEX events_municipality_idx ON events (municipality_id, starts_at);
CREATE INDEX events_organiser_actor_idx ON events (organiser_actor_id, starts_at) WHERE organiser_actor_id IS NOT NULL;

CREATE TABLE event_art_forms (
    event_id    bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    art_form_id bigint NOT NULL REFERENCES art_forms ON DELETE CASCADE,
    PRIMARY KEY (event_id, art_form_id)
);
CREATE INDEX event_art_forms_art_form_idx ON event_art_forms (art_form_id, event_id);

-- The municipalities an event is for (its target area), beside the one it
-- is held in.
CREATE TABLE event_municipalities (
    event_id        bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    municipality_id bigint NOT NULL REFERENCES municipalities ON DELETE CASCADE,
    PRIMARY KEY (event_id, municipality_id)
);
CREATE INDEX event_municipalities_municipality_idx ON event_municipalities (municipality_id, event_id);

-- The programme of a multi-part event (the forum's sessions).
CREATE TABLE event_programme_items (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz,
    title      text NOT NULL CHECK (title <> '' AND char_length(title) <= 200),
    speakers   text NOT NULL DEFAULT '' CHECK (char_length(speakers) <= 500),
    room       text NOT NULL DEFAULT '' CHECK (char_length(room) <= 100),
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX event_programme_items_event_idx ON event_programme_items (event_id, starts_at, id);

-- One person's sign-up to one event.
--
-- state: seated (has a seat); waiting (in line, line_no orders the line);
-- offered (was first in line when a seat freed: the seat is held for them
-- until offer_expires_at); cancelled (gave up a seat or left the line);
-- declined (said no to an offer); expired (let an offer lapse). Seated and
-- offered sign-ups are what events.seats_taken counts.
CREATE TABLE event_signups (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id          bigint NOT NULL REFERENCES events ON DELETE CASCADE,
    state             text NOT NULL CHECK (state IN ('seated', 'waiting', 'offered', 'cancelled', 'declined', 'expired')),
    -- Personal data: blanked by the retention job, which keeps the row (and
    -- so the counts) and sets personal_purged_at.
    name              text NOT NULL CHECK (char_length(name) <= 200),
    email             text NOT NULL CHECK (char_length(email) <= 254),
    organisation      text NOT NULL DEFAULT '' CHECK (char_length(organisation) <= 200),
    role              text NOT NULL CHECK (role IN ('kulturaktor', 'kommun', 'region', 'foretag', 'forening', 'annan')),
    art_form_id       bigint REFERENCES art_forms ON DELETE SET NULL,
    municipality_id   bigint REFERENCES municipalities ON DELETE SET NULL,
    -- Food, access: kept only until 30 days after the event.
    needs             text NOT NULL DEFAULT '' CHECK (char_length(needs) <= 1000),
    -- Consent to be named on the public participant list; off by default.
    public_consent    boolean NOT NULL DEFAULT false,
    -- Speed-dating: the side (actor: kulturaktör; host: kommun eller
    -- organisation) and what one looks for.
    speed_side        text CHECK (speed_side IN ('actor', 'host')),
    looking_for       text NOT NULL DEFAULT '' CHECK (char_length(looking_for) <= 1000),
    -- The code staff check at the door: six characters without 0/O/1/I/L.
    code              text NOT NULL CHECK (code ~ '^[2-9A-HJKMNP-Z]{6}$'),
    -- sha256 of the manage token, which is only ever in the e-mail and
    -- in the form that made the sign-up (a double click finds it again).
    manage_token_hash bytea NOT NULL UNIQUE CHECK (length(manage_token_hash) = 32),
    line_no           integer,
    offered_at        timestamptz,
    offer_expires_at  timestamptz,
    seated_at         timestamptz,
    cancelled_at      timestamptz,
    checked_in_at     timestamptz,
    checked_in_by     bigint REFERENCES users ON DELETE SET NULL,
    reminded_at       timestamptz,
    needs_purged_at   timestamptz,
    personal_purged_at timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, code),
    CHECK ((state = 'offered') = (offer_expires_at IS NOT NULL)),
    CHECK (state NOT IN ('waiting', 'offered') OR line_no IS NOT NULL)
);

-- One live sign-up per e-mail address and event: a second sign-up with the
-- same address is refused whatever the application checks first.
CREATE UNIQUE INDEX event_signups_one_per_email ON event_signups (event_id, lower(email))
    WHERE state IN ('seated', 'waiting', 'offered');
-- No two in one line share a place.
CREATE UNIQUE INDEX event_signups_line_idx ON event_signups (event_id, line_no) WHERE line_no IS NOT NULL;
CREATE INDEX event_signups_event_state_idx ON event_signups (event_id, state, line_no, id);
-- The offer-expiry job's scan.
CREATE INDEX event_signups_offers_idx ON event_signups (offer_expires_at) WHERE state = 'offered';

-- What a speed-dating participant looks for, in art forms.
CREATE TABLE event_signup_art_forms (
    signup_id   bigint NOT NULL REFERENCES event_signups ON DELETE CASCADE,
    art_form_id bigint NOT NULL REFERENCES art_forms ON DELETE CASCADE,
    PRIMARY KEY (signup_id, art_form_id)
);

-- The public list of events is kept in the page cache: every change to what
-- it shows bumps the content version. Sign-ups change the seats left.
CREATE TRIGGER events_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER event_art_forms_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_art_forms
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER event_municipalities_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_municipalities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER event_programme_items_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON event_programme_items
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

-- +goose Down
DROP TABLE event_signup_art_forms;
DROP TABLE event_signups;
DROP TABLE event_programme_items;
DROP TABLE event_municipalities;
DROP TABLE event_art_forms;
DROP TABLE events;
