package seed_test

import (
	"context"
	"testing"
	"time"

	"residens/internal/civil"
	"residens/internal/db/dbtest"
	"residens/internal/seed"
)

// TestDemoFunding checks the directory and the funding sources of the
// demo: enough of them, deadlines spread over the coming year with some
// passed and one löpande, and a second run that moves the rounds with the
// clock and adds nothing.
func TestDemoFunding(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	if len(seed.DemoOrganisations) < 12 || len(seed.DemoSources) < 15 {
		t.Fatalf("%d organisations and %d sources, want at least 12 and 15", len(seed.DemoOrganisations), len(seed.DemoSources))
	}
	now := time.Date(2031, 3, 15, 12, 0, 0, 0, civil.Stockholm)
	for run, at := range []time.Time{now, now.AddDate(0, 0, 40)} {
		if err := seed.Demo(ctx, pool, at); err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		today := civil.Today(at)
		var orgs, sources, rolling, yearly, passedOnly, ahead, later, checked int
		if err := pool.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM support_organisations),
			(SELECT count(*) FROM funding_sources),
			(SELECT count(*) FROM funding_sources WHERE deadline_kind = 'rolling'),
			(SELECT count(*) FROM funding_sources WHERE deadline_kind = 'yearly'),
			(SELECT count(*) FROM funding_sources f WHERE deadline_kind = 'dated'
				AND NOT EXISTS (SELECT 1 FROM funding_deadlines d WHERE d.source_id = f.id AND d.closes_on >= $1)),
			(SELECT count(*) FROM funding_deadlines WHERE closes_on BETWEEN $1 AND $1::date + 30),
			(SELECT count(*) FROM funding_deadlines WHERE closes_on > $1::date + 180),
			(SELECT count(*) FROM funding_sources WHERE checked_on <= $1::date - interval '12 months')`, today).
			Scan(&orgs, &sources, &rolling, &yearly, &passedOnly, &ahead, &later, &checked); err != nil {
			t.Fatal(err)
		}
		if orgs != len(seed.DemoOrganisations) || sources != len(seed.DemoSources) {
			t.Errorf("run %d: %d organisations, %d sources", run+1, orgs, sources)
		}
		if rolling != 1 || yearly < 2 || passedOnly < 1 || ahead < 3 || later < 3 || checked != 1 {
			t.Errorf("run %d: %d löpande, %d yearly, %d with every round passed, %d rounds within 30 days, %d after half a year, %d unchecked for a year",
				run+1, rolling, yearly, passedOnly, ahead, later, checked)
		}
	}
}
