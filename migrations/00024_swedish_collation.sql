-- +goose Up
-- Names sort the Swedish way in the database: å, ä and ö after z, and case
-- not before letters ("alfa, Zeta, Åre, Älvsjö"). The cluster's own collation
-- may be C.UTF-8 (scripts/db.sh makes such a cluster), which sorts by code
-- point ("Zeta, alfa, Älvsjö, Åre"), so the name columns carry an ICU
-- collation of their own. Deterministic (the default): two names are equal
-- only when their bytes are, so the UNIQUE constraints mean what they meant.
CREATE COLLATION IF NOT EXISTS swedish (provider = icu, locale = 'sv-SE');

ALTER TABLE municipalities ALTER COLUMN name TYPE text COLLATE swedish;
ALTER TABLE art_forms ALTER COLUMN name TYPE text COLLATE swedish;
ALTER TABLE target_groups ALTER COLUMN name TYPE text COLLATE swedish;
ALTER TABLE venue_types ALTER COLUMN name TYPE text COLLATE swedish;
ALTER TABLE cultural_actors ALTER COLUMN name TYPE text COLLATE swedish;
ALTER TABLE users ALTER COLUMN name TYPE text COLLATE swedish;
ALTER TABLE calls ALTER COLUMN title TYPE text COLLATE swedish;

-- +goose Down
ALTER TABLE calls ALTER COLUMN title TYPE text COLLATE "default";
ALTER TABLE users ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE cultural_actors ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE venue_types ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE target_groups ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE art_forms ALTER COLUMN name TYPE text COLLATE "default";
ALTER TABLE municipalities ALTER COLUMN name TYPE text COLLATE "default";
DROP COLLATION IF EXISTS swedish;
