package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/testutil"
)

// eventFixture is one draft event a week after the demo clock, with a
// programme item and one seated participant, for the route tests of the
// consultants' event pages.
type eventFixture struct {
	ID, Item, Signup string
	// Speed is a speed-dating event without sign-ups.
	Speed string
}

func mustEvent(t *testing.T, pool *pgxpool.Pool) eventFixture {
	t.Helper()
	start := testutil.Now.Add(7 * 24 * time.Hour)
	var fx eventFixture
	fx.ID = testutil.Scalar[string](t, pool, `INSERT INTO events (slug, title, format, starts_at, ends_at, signup_closes_at,
		attendance, place_name, capacity, seats_taken) VALUES ('provfrukost', 'Provfrukost', 'kulturfrukost', $1, $2, $1,
		'on_site', 'Kulturhuset', 20, 1) RETURNING id::text`, start, start.Add(2*time.Hour))
	fx.Item = testutil.Scalar[string](t, pool, `INSERT INTO event_programme_items (event_id, starts_at, title)
		VALUES ($1::bigint, $2, 'Välkommen') RETURNING id::text`, fx.ID, start)
	fx.Signup = testutil.Scalar[string](t, pool, `INSERT INTO event_signups (event_id, state, name, email, role, code,
		manage_token_hash, seated_at) VALUES ($1::bigint, 'seated', 'Siri Sittande', 'siri@example.se', 'kulturaktor', 'K7M2QX',
		sha256('provfrukost-siri'::bytea), $2) RETURNING id::text`, fx.ID, testutil.Now)
	fx.Speed = testutil.Scalar[string](t, pool, `INSERT INTO events (slug, title, format, starts_at, ends_at, signup_closes_at,
		attendance, place_name, speed_rounds, speed_minutes) VALUES ('provdejt', 'Provdejt', 'speed-dejting', $1, $2, $1,
		'on_site', 'Kulturhuset', 6, 8) RETURNING id::text`, start, start.Add(2*time.Hour))
	return fx
}

// path fills the event's ids into pattern, a route under
// /konsulent/evenemang/{id} (the speed-dating event's for the speed-dating
// pages).
func (fx eventFixture) path(pattern string) string {
	if strings.Contains(pattern, "/speed-dejting") {
		return strings.ReplaceAll(pattern, "{id}", fx.Speed)
	}
	return strings.NewReplacer("{id}", fx.ID, "{item}", fx.Item, "{signup}", fx.Signup).Replace(pattern)
}
