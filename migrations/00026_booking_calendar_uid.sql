-- +goose Up
-- The random part of a booking's calendar UID (the UID is "<this>@<the
-- site's host name>"), so that no two installations, nor a reset one, send
-- the same UID for different meetings. Bookings made before keep NULL and
-- their old UID ("booking-<id>@residens"), which their invitations already
-- carry: a calendar matches later updates to the meeting by it.
ALTER TABLE bookings ADD COLUMN calendar_uid uuid UNIQUE;
ALTER TABLE bookings ALTER COLUMN calendar_uid SET DEFAULT gen_random_uuid();

-- +goose Down
ALTER TABLE bookings DROP COLUMN calendar_uid;
