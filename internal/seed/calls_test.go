package seed_test

import (
	"context"
	"testing"
	"time"

	"residens/internal/civil"
	"residens/internal/db/dbtest"
	"residens/internal/opencall"
	"residens/internal/seed"
)

// TestCalls: the demo calls are one open, one upcoming and one closed at
// the time of seeding, close at 23.59 in Stockholm, and seeding again later
// moves them with the clock without adding rows; a real call that has a
// demo slug is left alone.
func TestCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	first := time.Date(2027, 3, 27, 22, 30, 0, 0, time.UTC) // the night of the spring clock change
	if err := seed.Demo(ctx, pool, first); err != nil {
		t.Fatal(err)
	}
	real := seed.DemoCalls[2].Slug
	if _, err := pool.Exec(ctx, `INSERT INTO calls (slug, title, description, opens_at, closes_at)
		VALUES ($1, 'Riktig utlysning', 'Riktig', now(), now() + interval '1 day')`, real); err != nil {
		t.Fatal(err)
	}
	check := func(now time.Time) {
		t.Helper()
		want := map[string]opencall.Phase{seed.DemoCalls[0].Slug: opencall.Open, seed.DemoCalls[1].Slug: opencall.Upcoming}
		for slug, phase := range want {
			c, err := opencall.LoadPublished(ctx, pool, slug)
			if err != nil {
				t.Fatalf("%s: %v", slug, err)
			}
			if got := c.PhaseAt(now); got != phase {
				t.Errorf("%s at %s: %v, want %v", slug, now, got.Label(), phase.Label())
			}
			if h, m := c.ClosesAt.In(civil.Stockholm).Hour(), c.ClosesAt.In(civil.Stockholm).Minute(); h != 23 || m != 59 {
				t.Errorf("%s closes at %02d.%02d, want 23.59", slug, h, m)
			}
			if len(c.Criteria) != 3 || len(c.Attachments) != 2 || len(c.Municipalities) != 1 {
				t.Errorf("%s: %d criteria, %d attachments, %d municipalities", slug, len(c.Criteria), len(c.Attachments), len(c.Municipalities))
			}
		}
	}
	for _, now := range []time.Time{first, first.AddDate(0, 5, 0)} {
		if err := seed.Calls(ctx, pool, now); err != nil {
			t.Fatal(err)
		}
		check(now)
	}
	var calls, criteria, demo int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM calls), (SELECT count(*) FROM call_criteria),
		(SELECT count(*) FROM calls WHERE demo)`).Scan(&calls, &criteria, &demo); err != nil {
		t.Fatal(err)
	}
	if calls != 3 || criteria != 6 || demo != 2 {
		t.Errorf("after two runs: %d calls, %d criteria, %d demo calls; want 3, 6, 2", calls, criteria, demo)
	}
	var title string
	if err := pool.QueryRow(ctx, `SELECT title FROM calls WHERE slug = $1`, real).Scan(&title); err != nil || title != "Riktig utlysning" {
		t.Errorf("the real call became %q (%v)", title, err)
	}
}
