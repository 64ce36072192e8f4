-- +goose Up
CREATE TABLE users (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email              text NOT NULL CHECK (email <> '' AND length(email) <= 254),
    name               text NOT NULL CHECK (name <> '' AND length(name) <= 200),
    role               text NOT NULL CHECK (role IN ('admin', 'consultant', 'municipality', 'artist')),
    -- A municipality officer is bound to exactly one municipality; nobody
    -- else is bound to any.
    municipality_id    bigint REFERENCES municipalities (id),
    -- NULL until the user has set a password (an invitation not yet taken).
    password_hash      text,
    email_verified_at  timestamptz,
    disabled_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK ((role = 'municipality') = (municipality_id IS NOT NULL))
);
-- Addresses are compared without regard to case: one account per mailbox.
CREATE UNIQUE INDEX users_email_idx ON users (lower(email));
CREATE INDEX users_role_idx ON users (role, municipality_id);

-- Sessions are stored by the SHA-256 of their ID: the ID itself exists only
-- in the visitor's cookie, so a copy of this table signs nobody in.
CREATE TABLE sessions (
    id_hash       bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    -- The absolute limit; the idle limit is counted from last_seen_at.
    expires_at    timestamptz NOT NULL,
    user_agent    text NOT NULL DEFAULT '',
    ip            text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Single-use links sent by e-mail (address verification, invitation,
-- password reset, e-mail change), stored by the SHA-256 of the token.
CREATE TABLE tokens (
    hash        bytea PRIMARY KEY CHECK (length(hash) = 32),
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('verify', 'invite', 'reset', 'email_change')),
    new_email   text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    CHECK ((purpose = 'email_change') = (new_email IS NOT NULL))
);
CREATE INDEX tokens_user_idx ON tokens (user_id, purpose);

-- Failed sign-ins, kept in the database so the throttle holds across
-- instances. key is 'account:<lower e-mail>' or 'ip:<address>'.
CREATE TABLE login_failures (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key    text NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, at DESC);

CREATE TABLE audit_log (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT now(),
    -- Who acted; NULL for the system or an anonymous visitor. Kept as a
    -- plain number with the name copied, so the log outlives a deleted
    -- account.
    actor_id        bigint,
    actor_name      text NOT NULL DEFAULT '',
    action          text NOT NULL,
    target_user_id  bigint,
    target          text NOT NULL DEFAULT '',
    detail          jsonb NOT NULL DEFAULT '{}',
    ip              text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE login_failures;
DROP TABLE tokens;
DROP TABLE sessions;
DROP TABLE users;
