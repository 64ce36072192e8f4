-- +goose Up
-- content_version is a single counter that every change to public content
-- bumps (by trigger, so no write path can forget it). Each app instance polls it
-- to know when its cache of rendered public pages has gone stale.
CREATE TABLE content_version (
    id       boolean PRIMARY KEY DEFAULT true CHECK (id),
    version  bigint NOT NULL
);
INSERT INTO content_version (version) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE content_version SET version = version + 1;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER municipalities_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON municipalities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER art_forms_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON art_forms
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER target_groups_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON target_groups
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER venue_types_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON venue_types
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER cultural_actors_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cultural_actors
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER actor_art_forms_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON actor_art_forms
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER residencies_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON residencies
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER residency_art_forms_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON residency_art_forms
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER residency_target_groups_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON residency_target_groups
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER residency_venue_types_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON residency_venue_types
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();
CREATE TRIGGER residency_actors_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON residency_actors
    FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();

-- +goose Down
DROP TABLE content_version CASCADE;
DROP FUNCTION bump_content_version() CASCADE;
