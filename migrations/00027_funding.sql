-- +goose Up
-- The support desk's directory of organisations and functions (the region's
-- culture unit, a film centre, the Arts Council, municipalities' culture
-- offices) and the funding sources they run. The guide and the funding
-- finder share the directory; consultants maintain both.
CREATE TABLE support_organisations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    name        text COLLATE swedish NOT NULL CHECK (name <> ''),
    description text NOT NULL DEFAULT '',
    -- What they help with: the support desk's topics (see funding.Topics).
    topics      text[] NOT NULL DEFAULT '{}',
    -- The area served: the listed municipalities, the whole county or the
    -- whole country.
    area        text NOT NULL CHECK (area IN ('municipalities', 'county', 'country')),
    email       text NOT NULL DEFAULT '',
    phone       text NOT NULL DEFAULT '',
    address     text NOT NULL DEFAULT '',
    url         text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE support_organisation_art_forms (
    organisation_id bigint NOT NULL REFERENCES support_organisations ON DELETE CASCADE,
    art_form_id     bigint NOT NULL REFERENCES art_forms ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, art_form_id)
);

CREATE TABLE support_organisation_municipalities (
    organisation_id bigint NOT NULL REFERENCES support_organisations ON DELETE CASCADE,
    municipality_id bigint NOT NULL REFERENCES municipalities ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, municipality_id)
);

CREATE TABLE funding_sources (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    name        text COLLATE swedish NOT NULL CHECK (name <> ''),
    -- An organisation that funds something cannot be deleted from under it.
    funder_id   bigint NOT NULL REFERENCES support_organisations ON DELETE RESTRICT,
    applicants  text[] NOT NULL DEFAULT '{}'
        CHECK (applicants <@ ARRAY['konstnar', 'grupp', 'forening', 'foretag', 'kommun', 'skola']),
    funds       text NOT NULL DEFAULT '',
    amount_min  integer CHECK (amount_min >= 0),
    amount_max  integer CHECK (amount_max >= 0),
    cofunding   boolean NOT NULL DEFAULT false,
    -- dated: the rounds in funding_deadlines; yearly: every year on
    -- yearly_month/yearly_day; rolling: löpande, no deadline.
    deadline_kind text NOT NULL CHECK (deadline_kind IN ('dated', 'yearly', 'rolling')),
    yearly_month  smallint,
    yearly_day    smallint,
    url         text NOT NULL DEFAULT '',
    checked_on  date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (amount_min IS NULL OR amount_max IS NULL OR amount_min <= amount_max),
    CHECK ((deadline_kind = 'yearly') = (yearly_month IS NOT NULL AND yearly_day IS NOT NULL)),
    -- A day that exists every year (no 29 February), so the next one can
    -- always be made.
    CHECK (yearly_month IS NULL OR (yearly_month BETWEEN 1 AND 12 AND yearly_day BETWEEN 1 AND 31
        AND make_date(2001, yearly_month, yearly_day) IS NOT NULL))
);

CREATE INDEX funding_sources_funder ON funding_sources (funder_id);

CREATE TABLE funding_source_art_forms (
    source_id   bigint NOT NULL REFERENCES funding_sources ON DELETE CASCADE,
    art_form_id bigint NOT NULL REFERENCES art_forms ON DELETE CASCADE,
    PRIMARY KEY (source_id, art_form_id)
);

-- The dated rounds of a source: the last day to apply in each.
CREATE TABLE funding_deadlines (
    source_id bigint NOT NULL REFERENCES funding_sources ON DELETE CASCADE,
    closes_on date NOT NULL,
    PRIMARY KEY (source_id, closes_on)
);

-- The finder's pages are kept in the page cache: every change to what they
-- show bumps the content version.
CREATE TRIGGER support_organisations_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON support_organisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER support_organisation_art_forms_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON support_organisation_art_forms
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER support_organisation_municipalities_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON support_organisation_municipalities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER funding_sources_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funding_sources
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER funding_source_art_forms_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funding_source_art_forms
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER funding_deadlines_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funding_deadlines
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

-- +goose Down
DROP TABLE funding_deadlines;
DROP TABLE funding_source_art_forms;
DROP TABLE funding_sources;
DROP TABLE support_organisation_municipalities;
DROP TABLE support_organisation_art_forms;
DROP TABLE support_organisations;
