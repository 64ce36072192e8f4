package seed_test

import (
	"testing"

	"residens/internal/testutil"
)

func TestDemoEvents(t *testing.T) {
	t.Parallel()
	pool := testutil.DemoDB(t)
	if n := testutil.Scalar[int64](t, pool, `SELECT count(*) FROM events`); n < 8 {
		t.Errorf("%d events, want at least 8", n)
	}
	if n := testutil.Scalar[int64](t, pool, `SELECT count(DISTINCT format) FROM events`); n != 7 {
		t.Errorf("%d formats, want all 7", n)
	}
	if n := testutil.Scalar[int64](t, pool, `SELECT count(DISTINCT municipality_id) FROM events`); n < 4 {
		t.Errorf("%d municipalities", n)
	}
	full := testutil.Scalar[int64](t, pool, `SELECT count(*) FROM events e WHERE format = 'kulturfrukost'
		AND seats_taken = capacity AND EXISTS (SELECT 1 FROM event_signups s WHERE s.event_id = e.id AND s.state = 'waiting')`)
	if full != 1 {
		t.Errorf("%d full Kulturfrukost events with a line, want 1", full)
	}
	sides := testutil.Scalar[int64](t, pool, `SELECT count(*) FROM events e WHERE format = 'speed-dejting'
		AND speed_rounds IS NOT NULL AND speed_minutes IS NOT NULL
		AND (SELECT count(*) FROM event_signups s WHERE s.event_id = e.id AND speed_side = 'actor') = 16
		AND (SELECT count(*) FROM event_signups s WHERE s.event_id = e.id AND speed_side = 'host') = 16`)
	if sides != 1 {
		t.Errorf("%d speed-dating events with 16 on each side, want 1", sides)
	}
	if n := testutil.Scalar[int64](t, pool, `SELECT count(*) FROM events e WHERE format = 'forum'
		AND extract(year FROM starts_at AT TIME ZONE 'Europe/Stockholm') = 2027
		AND (SELECT count(*) FROM event_programme_items p WHERE p.event_id = e.id) >= 6`); n != 1 {
		t.Errorf("%d forums next year (2027 on the demo clock) with a programme of 6 or more", n)
	}
	// The seat counter agrees with the sign-ups.
	if n := testutil.Scalar[int64](t, pool, `SELECT count(*) FROM events e WHERE seats_taken <>
		(SELECT count(*) FROM event_signups s WHERE s.event_id = e.id AND s.state IN ('seated', 'offered'))`); n != 0 {
		t.Errorf("%d events whose seats_taken disagrees", n)
	}
}
