-- +goose Up
CREATE TABLE cultural_actors (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                  text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name                  text NOT NULL CHECK (name <> ''),
    kind                  text NOT NULL CHECK (kind IN ('artist', 'group', 'company', 'association', 'organisation')),
    home_municipality_id  bigint REFERENCES municipalities (id),
    description           text NOT NULL DEFAULT '',
    website               text NOT NULL DEFAULT '',
    image_id              bigint REFERENCES images (id),
    image_alt             text NOT NULL DEFAULT '',
    published             boolean NOT NULL DEFAULT true,
    -- demo marks seeded example content so that it can be told apart and removed.
    demo                  boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- An image must always come with a text alternative.
    CHECK (image_id IS NULL OR image_alt <> '')
);
CREATE INDEX cultural_actors_home_idx ON cultural_actors (home_municipality_id) WHERE published;
CREATE INDEX cultural_actors_name_trgm_idx ON cultural_actors USING gin (lower(name) gin_trgm_ops);
CREATE INDEX cultural_actors_name_idx ON cultural_actors (lower(name), id) WHERE published;
-- Lets a count over the published actors of one art form stay in indexes.
CREATE INDEX cultural_actors_published_idx ON cultural_actors (id) WHERE published;

CREATE TABLE actor_art_forms (
    actor_id     bigint NOT NULL REFERENCES cultural_actors (id) ON DELETE CASCADE,
    art_form_id  bigint NOT NULL REFERENCES art_forms (id),
    PRIMARY KEY (actor_id, art_form_id)
);
CREATE INDEX actor_art_forms_art_form_idx ON actor_art_forms (art_form_id, actor_id);

CREATE TABLE residencies (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug              text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title             text NOT NULL CHECK (title <> ''),
    kind              text NOT NULL CHECK (kind IN ('kommunresidens', 'kommunkoreograf', 'other')),
    municipality_id   bigint NOT NULL REFERENCES municipalities (id),
    district          text NOT NULL DEFAULT '',
    venue_name        text NOT NULL DEFAULT '',
    starts_on         date NOT NULL,
    ends_on           date NOT NULL,
    summary           text NOT NULL DEFAULT '',
    body              text NOT NULL DEFAULT '',
    image_id          bigint REFERENCES images (id),
    image_alt         text NOT NULL DEFAULT '',
    participants      int CHECK (participants >= 0),
    sessions          int CHECK (sessions >= 0),
    outcome           text NOT NULL DEFAULT '',
    published         boolean NOT NULL DEFAULT false,
    demo              boolean NOT NULL DEFAULT false,
    -- search_terms carries the names of linked things (art forms, target groups,
    -- venue types, municipality, actors) so that the generated search vector can
    -- find a residency by them; the store rewrites it whenever the links change.
    search_terms      text NOT NULL DEFAULT '',
    search            tsvector GENERATED ALWAYS AS (
                          setweight(to_tsvector('swedish', title), 'A') ||
                          setweight(to_tsvector('swedish', search_terms), 'B') ||
                          setweight(to_tsvector('swedish', summary), 'B') ||
                          setweight(to_tsvector('swedish', body), 'C')
                      ) STORED,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on),
    CHECK (image_id IS NULL OR image_alt <> '')
);
-- Lists are ordered by start date within a status; each index serves one
-- status (ongoing and upcoming start from starts_on, completed from ends_on).
CREATE INDEX residencies_published_starts_idx ON residencies (starts_on DESC, id DESC) WHERE published;
CREATE INDEX residencies_published_ends_idx ON residencies (ends_on DESC, id DESC) WHERE published;
CREATE INDEX residencies_municipality_idx ON residencies (municipality_id, starts_on DESC) WHERE published;
CREATE INDEX residencies_search_idx ON residencies USING gin (search);

CREATE TABLE residency_art_forms (
    residency_id  bigint NOT NULL REFERENCES residencies (id) ON DELETE CASCADE,
    art_form_id   bigint NOT NULL REFERENCES art_forms (id),
    PRIMARY KEY (residency_id, art_form_id)
);
CREATE INDEX residency_art_forms_art_form_idx ON residency_art_forms (art_form_id, residency_id);

CREATE TABLE residency_target_groups (
    residency_id     bigint NOT NULL REFERENCES residencies (id) ON DELETE CASCADE,
    target_group_id  bigint NOT NULL REFERENCES target_groups (id),
    PRIMARY KEY (residency_id, target_group_id)
);
CREATE INDEX residency_target_groups_group_idx ON residency_target_groups (target_group_id, residency_id);

CREATE TABLE residency_venue_types (
    residency_id   bigint NOT NULL REFERENCES residencies (id) ON DELETE CASCADE,
    venue_type_id  bigint NOT NULL REFERENCES venue_types (id),
    PRIMARY KEY (residency_id, venue_type_id)
);
CREATE INDEX residency_venue_types_type_idx ON residency_venue_types (venue_type_id, residency_id);

CREATE TABLE residency_actors (
    residency_id  bigint NOT NULL REFERENCES residencies (id) ON DELETE CASCADE,
    actor_id      bigint NOT NULL REFERENCES cultural_actors (id),
    role          text NOT NULL DEFAULT '',
    position      int NOT NULL DEFAULT 0,
    PRIMARY KEY (residency_id, actor_id)
);
CREATE INDEX residency_actors_actor_idx ON residency_actors (actor_id, residency_id);

-- +goose Down
DROP TABLE residency_actors;
DROP TABLE residency_venue_types;
DROP TABLE residency_target_groups;
DROP TABLE residency_art_forms;
DROP TABLE residencies;
DROP TABLE actor_art_forms;
DROP TABLE cultural_actors;
