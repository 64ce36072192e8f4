-- +goose Up
-- pg_trgm serves the typo-tolerant name search of the actor directory.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Official municipalities with their four-digit kommunkod (SCB).
CREATE TABLE municipalities (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          char(4) NOT NULL UNIQUE CHECK (code ~ '^[0-9]{4}$'),
    name          text NOT NULL CHECK (name <> ''),
    slug          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    county        text NOT NULL,
    description   text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The three small vocabularies share one shape: a stable slug used in URLs and a
-- Swedish display name, ordered by position for menus.
CREATE TABLE art_forms (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug      text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name      text NOT NULL UNIQUE CHECK (name <> ''),
    position  int  NOT NULL DEFAULT 0
);

CREATE TABLE target_groups (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug      text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name      text NOT NULL UNIQUE CHECK (name <> ''),
    position  int  NOT NULL DEFAULT 0
);

CREATE TABLE venue_types (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug      text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name      text NOT NULL UNIQUE CHECK (name <> ''),
    position  int  NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE venue_types;
DROP TABLE target_groups;
DROP TABLE art_forms;
DROP TABLE municipalities;
