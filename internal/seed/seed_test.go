package seed_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/civil"
	"residens/internal/db/dbtest"
	"residens/internal/seed"
)

// counted are the tables whose row counts must not change when the demo
// seed runs again.
var counted = []string{
	"municipalities", "art_forms", "target_groups", "venue_types",
	"cultural_actors", "actor_art_forms", "residencies", "residency_art_forms",
	"residency_target_groups", "residency_venue_types", "residency_actors",
	"images", "image_variants",
	"support_organisations", "support_organisation_art_forms", "support_organisation_municipalities",
	"funding_sources", "funding_source_art_forms", "funding_deadlines",
}

func mustCounts(t *testing.T, pool *pgxpool.Pool) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range counted {
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

func mustStrings(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustInt(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// checkDates checks that every demo residency lies where its offsets put it
// relative to the Stockholm date of now: the first five ongoing, the rest
// completed.
func checkDates(t *testing.T, pool *pgxpool.Pool, now time.Time) {
	t.Helper()
	today := civil.Today(now)
	for i, r := range seed.DemoResidencies {
		var starts, ends time.Time
		if err := pool.QueryRow(context.Background(),
			`SELECT starts_on, ends_on FROM residencies WHERE slug = $1`, r.Slug).Scan(&starts, &ends); err != nil {
			t.Fatalf("%s: %v", r.Slug, err)
		}
		if want := today.AddDate(0, 0, r.StartDays); !starts.Equal(want) {
			t.Errorf("%s: starts_on %s, want %s", r.Slug, civil.ISODate(starts), civil.ISODate(want))
		}
		if want := today.AddDate(0, 0, r.EndDays); !ends.Equal(want) {
			t.Errorf("%s: ends_on %s, want %s", r.Slug, civil.ISODate(ends), civil.ISODate(want))
		}
		ongoing := !starts.After(today) && !ends.Before(today)
		if i < 5 && !ongoing {
			t.Errorf("%s: %s–%s is not ongoing on %s", r.Slug, civil.ISODate(starts), civil.ISODate(ends), civil.ISODate(today))
		}
		if i >= 5 && !ends.Before(today) {
			t.Errorf("%s: ends %s, want completed before %s", r.Slug, civil.ISODate(ends), civil.ISODate(today))
		}
	}
}

func TestDemo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)

	// Someone's real profile already has the slug of a demo actor.
	real := seed.DemoActors[0]
	if _, err := pool.Exec(ctx, `
		INSERT INTO cultural_actors (slug, name, kind, description, website, published, demo)
		VALUES ($1, 'Riktigt namn', 'artist', 'Riktig beskrivning', 'https://riktig.example', true, false)`,
		real.Slug); err != nil {
		t.Fatal(err)
	}

	// 23:30 UTC is already the next day in Stockholm: the dates must follow
	// the Stockholm date.
	first := time.Date(2031, 3, 15, 23, 30, 0, 0, time.UTC)
	if err := seed.Demo(ctx, pool, first); err != nil {
		t.Fatalf("first Demo: %v", err)
	}
	t.Run("dates relative to now", func(t *testing.T) { checkDates(t, pool, first) })
	before := mustCounts(t, pool)
	slugsBefore := mustStrings(t, pool, `SELECT slug FROM residencies ORDER BY slug`)

	// Later, run again: the same rows, moved so that the ongoing ones are
	// still ongoing.
	second := first.AddDate(0, 2, 0)
	if err := seed.Demo(ctx, pool, second); err != nil {
		t.Fatalf("second Demo: %v", err)
	}

	t.Run("second run adds nothing", func(t *testing.T) {
		after := mustCounts(t, pool)
		for _, table := range counted {
			if before[table] != after[table] {
				t.Errorf("%s: %d rows, then %d", table, before[table], after[table])
			}
		}
		if got := mustStrings(t, pool, `SELECT slug FROM residencies ORDER BY slug`); strings.Join(got, " ") != strings.Join(slugsBefore, " ") {
			t.Errorf("residency slugs changed:\n%v\n%v", slugsBefore, got)
		}
	})
	t.Run("dates moved with now", func(t *testing.T) { checkDates(t, pool, second) })
	t.Run("what was written", func(t *testing.T) {
		checks := []struct {
			name string
			sql  string
			want int
		}{
			{"municipalities", `SELECT count(*) FROM municipalities`, len(seed.StockholmMunicipalities)},
			{"art forms", `SELECT count(*) FROM art_forms`, len(seed.ArtForms)},
			{"residencies", `SELECT count(*) FROM residencies`, len(seed.DemoResidencies)},
			{"residencies marked demo and published", `SELECT count(*) FROM residencies WHERE demo AND published`, len(seed.DemoResidencies)},
			{"demo actors", `SELECT count(*) FROM cultural_actors WHERE demo`, len(seed.DemoActors) - 1},
			{"one image per residency", `SELECT count(*) FROM images`, len(seed.DemoResidencies)},
			{"residencies with an image and alt text", `SELECT count(*) FROM residencies WHERE image_id IS NOT NULL AND image_alt <> ''`, len(seed.DemoResidencies)},
			{"images shared", `SELECT count(*) FROM (SELECT image_id FROM residencies GROUP BY image_id HAVING count(*) > 1) s`, 0},
			{"residencies without an art form", `SELECT count(*) FROM residencies r WHERE NOT EXISTS (SELECT FROM residency_art_forms WHERE residency_id = r.id)`, 0},
			{"residencies without an actor", `SELECT count(*) FROM residencies r WHERE NOT EXISTS (SELECT FROM residency_actors WHERE residency_id = r.id)`, 0},
		}
		for _, c := range checks {
			if got := mustInt(t, pool, c.sql); got != c.want {
				t.Errorf("%s: %d, want %d", c.name, got, c.want)
			}
		}
	})
	t.Run("real actor with a demo slug untouched", func(t *testing.T) {
		var name, desc, site string
		var demo bool
		if err := pool.QueryRow(ctx, `SELECT name, description, website, demo FROM cultural_actors WHERE slug = $1`, real.Slug).
			Scan(&name, &desc, &site, &demo); err != nil {
			t.Fatal(err)
		}
		if name != "Riktigt namn" || desc != "Riktig beskrivning" || site != "https://riktig.example" || demo {
			t.Errorf("real actor became %q, %q, %q, demo=%v", name, desc, site, demo)
		}
		if n := mustInt(t, pool, `SELECT count(*) FROM actor_art_forms a JOIN cultural_actors c ON c.id = a.actor_id WHERE c.slug = $1`, real.Slug); n != 0 {
			t.Errorf("real actor got %d art forms from the demo", n)
		}
	})
}

// TestDemoLeavesRealResidencies: a demo slug taken by a real residency stops
// the seed, and nothing of it is half written.
func TestDemoLeavesRealResidencies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	taken := seed.DemoResidencies[0].Slug
	if _, err := pool.Exec(ctx, `
		INSERT INTO municipalities (code, name, slug, county) VALUES ('0125', 'Ekerö', 'ekero', 'Stockholms län');
		`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO residencies (slug, title, kind, municipality_id, starts_on, ends_on, published)
		VALUES ($1, 'Riktigt residens', 'other', (SELECT id FROM municipalities WHERE slug = 'ekero'), '2030-01-01', '2030-02-01', true)`,
		taken); err != nil {
		t.Fatal(err)
	}
	err := seed.Demo(ctx, pool, time.Now())
	if err == nil || !strings.Contains(err.Error(), taken) {
		t.Fatalf("Demo = %v, want an error naming %s", err, taken)
	}
	if n := mustInt(t, pool, `SELECT count(*) FROM cultural_actors`); n != 0 {
		t.Errorf("%d actors written by a failed seed, want 0", n)
	}
	if title := mustStrings(t, pool, `SELECT title FROM residencies WHERE slug = $1`, taken); len(title) != 1 || title[0] != "Riktigt residens" {
		t.Errorf("real residency became %v", title)
	}
}

func TestSynthetic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	const n = 60

	if err := seed.Synthetic(ctx, pool, n, now); err != nil {
		t.Fatalf("Synthetic: %v", err)
	}
	checks := []struct {
		name string
		sql  string
		want func(int) bool
		says string
	}{
		{"residencies", `SELECT count(*) FROM residencies WHERE published`, func(g int) bool { return g == n }, "n"},
		{"actors", `SELECT count(*) FROM cultural_actors WHERE published`, func(g int) bool { return g == n/2 }, "n/2"},
		{"residencies without an art form", `SELECT count(*) FROM residencies r WHERE NOT EXISTS (SELECT FROM residency_art_forms WHERE residency_id = r.id)`, func(g int) bool { return g == 0 }, "0"},
		{"actors without an art form", `SELECT count(*) FROM cultural_actors a WHERE NOT EXISTS (SELECT FROM actor_art_forms WHERE actor_id = a.id)`, func(g int) bool { return g == 0 }, "0"},
		{"residencies without an actor", `SELECT count(*) FROM residencies r WHERE NOT EXISTS (SELECT FROM residency_actors WHERE residency_id = r.id)`, func(g int) bool { return g == 0 }, "0"},
		{"municipalities used", `SELECT count(DISTINCT municipality_id) FROM residencies`, func(g int) bool { return g >= 10 }, "at least 10"},
		{"art forms used", `SELECT count(DISTINCT art_form_id) FROM residency_art_forms`, func(g int) bool { return g >= 5 }, "at least 5"},
		{"start years", `SELECT count(DISTINCT extract(year FROM starts_on)) FROM residencies`, func(g int) bool { return g >= 5 }, "at least 5"},
		{"ongoing on now", `SELECT count(*) FROM residencies WHERE starts_on <= $1::date AND ends_on >= $1::date`, func(g int) bool { return g >= 1 }, "at least 1"},
		{"searchable", `SELECT count(*) FROM residencies WHERE search_terms = ''`, func(g int) bool { return g == 0 }, "0 without search terms"},
	}
	for _, c := range checks {
		var args []any
		if strings.Contains(c.sql, "$1") {
			args = []any{now}
		}
		if got := mustInt(t, pool, c.sql, args...); !c.want(got) {
			t.Errorf("%s: %d, want %s", c.name, got, c.says)
		}
	}

	t.Run("second run adds as many again", func(t *testing.T) {
		if err := seed.Synthetic(ctx, pool, n, now); err != nil {
			t.Fatalf("second Synthetic: %v", err)
		}
		if got := mustInt(t, pool, `SELECT count(*) FROM residencies`); got != 2*n {
			t.Errorf("residencies: %d, want %d", got, 2*n)
		}
		if got := mustInt(t, pool, `SELECT count(*) FROM cultural_actors`); got != n {
			t.Errorf("actors: %d, want %d", got, n)
		}
	})
	t.Run("zero adds nothing", func(t *testing.T) {
		before := mustInt(t, pool, `SELECT count(*) FROM residencies`)
		if err := seed.Synthetic(ctx, pool, 0, now); err != nil {
			t.Fatal(err)
		}
		if got := mustInt(t, pool, `SELECT count(*) FROM residencies`); got != before {
			t.Errorf("residencies: %d, want %d", got, before)
		}
	})
}
