package residencyedit_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
	"residens/internal/residencyedit"
	"residens/internal/testutil"
)

func TestSlugify(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Dans på Ön", "dans-pa-on"},
		{"Slöjd i Täby", "slojd-i-taby"},
		{"Årets ÄNGEL", "arets-angel"},
		{"Café Émile", "cafe-emile"},
		{"  --Kommunkoreograf   i Nacka 2024!  ", "kommunkoreograf-i-nacka-2024"},
		{"Film & musik / unga", "film-musik-unga"},
		{"a__b", "a-b"},
		{"ÅÄÖ åäö é", "aao-aao-e"},
		{"???", ""},
		{"Ørsted Müller", "orsted-muller"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := residencyedit.Slugify(tc.in); got != tc.want {
				t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// storeFixture saves residencies through the store functions, each in its
// own transaction.
type storeFixture struct {
	s    *site
	muni int64
	by   residencyedit.Editor
}

func (f *storeFixture) values(title string, published bool) residencyedit.Values {
	return residencyedit.Values{Title: title, Kind: "kommunresidens", MunicipalityID: f.muni,
		StartsOn: "2031-01-01", EndsOn: "2031-02-01", Published: published}
}

func (f *storeFixture) create(t *testing.T, v residencyedit.Values, at time.Time) residencyedit.Saved {
	t.Helper()
	var saved residencyedit.Saved
	err := db.InTx(context.Background(), f.s.pool, func(tx pgx.Tx) error {
		var err error
		saved, err = residencyedit.Create(context.Background(), tx, v, residencyedit.NewActor{}, f.by, at)
		return err
	})
	if err != nil {
		t.Fatalf("create %q: %v", v.Title, err)
	}
	return saved
}

func (f *storeFixture) update(t *testing.T, s residencyedit.Saved, v residencyedit.Values, slugChosen bool, at time.Time) (residencyedit.Saved, error) {
	t.Helper()
	var saved residencyedit.Saved
	err := db.InTx(context.Background(), f.s.pool, func(tx pgx.Tx) error {
		var err error
		saved, err = residencyedit.Update(context.Background(), tx, s.ID, s.Version, v, slugChosen, residencyedit.NewActor{}, f.by, at)
		return err
	})
	return saved, err
}

func TestStoreSlugs(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	muni, _ := strconv.ParseInt(s.id(t, "municipalities", "nacka"), 10, 64)
	f := &storeFixture{s: s, muni: muni, by: residencyedit.Editor{Name: "Test"}}
	at := testutil.Now

	t.Run("unique", func(t *testing.T) {
		a := f.create(t, f.values("Dans på Ön", false), at)
		b := f.create(t, f.values("Dans på ön!", false), at)
		c := f.create(t, f.values("Kommunkoreograf i Nacka 2024", false), at)
		got := []string{a.Slug, b.Slug, c.Slug}
		want := []string{"dans-pa-on", "dans-pa-on-2", "kommunkoreograf-i-nacka-2024-2"}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("slug %d = %q, want %q", i, got[i], want[i])
			}
		}
	})

	t.Run("a draft's address follows its title", func(t *testing.T) {
		a := f.create(t, f.values("Utkast ett", false), at)
		b, err := f.update(t, a, f.values("Utkast två", false), false, at)
		if err != nil {
			t.Fatal(err)
		}
		if b.Slug != "utkast-tva" {
			t.Errorf("slug after retitling a draft = %q, want utkast-tva", b.Slug)
		}
		if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM residency_slug_redirects WHERE residency_id = $1`, a.ID); n != 0 {
			t.Errorf("a never published draft left %d redirects", n)
		}
	})

	t.Run("a published residency keeps its address", func(t *testing.T) {
		a := f.create(t, f.values("Publicerat residens", true), at)
		b, err := f.update(t, a, f.values("Nytt namn på residenset", true), false, at)
		if err != nil {
			t.Fatal(err)
		}
		if b.Slug != "publicerat-residens" {
			t.Errorf("slug after retitling = %q, want publicerat-residens", b.Slug)
		}
		// Unpublished again, it has still been public: the address stays.
		c, err := f.update(t, b, f.values("Tredje namnet", false), false, at)
		if err != nil {
			t.Fatal(err)
		}
		if c.Slug != "publicerat-residens" {
			t.Errorf("slug of an unpublished, once published residency = %q, want publicerat-residens", c.Slug)
		}
	})

	t.Run("a changed address redirects", func(t *testing.T) {
		a := f.create(t, f.values("Gammal adress", true), at)
		v := f.values("Gammal adress", true)
		v.Slug = "ny-adress"
		b, err := f.update(t, a, v, true, at)
		if err != nil {
			t.Fatal(err)
		}
		if b.Slug != "ny-adress" {
			t.Fatalf("slug = %q, want ny-adress", b.Slug)
		}
		r := s.get(t, "/residens/gammal-adress", nil)
		if r.Status != http.StatusMovedPermanently || r.Header.Get("Location") != "/residens/ny-adress" {
			t.Errorf("GET old address: %d to %q, want 301 to /residens/ny-adress", r.Status, r.Header.Get("Location"))
		}
		if r := s.get(t, "/residens/ny-adress", nil); r.Status != http.StatusOK {
			t.Errorf("GET new address: %d, want 200", r.Status)
		}
		// Another residency may not take the address that redirects.
		c := f.create(t, f.values("Gammal adress", false), at)
		if c.Slug != "gammal-adress-2" {
			t.Errorf("a new residency took %q, want gammal-adress-2 while gammal-adress redirects", c.Slug)
		}
		// A taken address chosen on purpose is refused.
		v.Slug = "kommunkoreograf-i-nacka-2024"
		if _, err := f.update(t, b, v, true, at); !errors.Is(err, residencyedit.ErrSlugTaken) {
			t.Errorf("taking another residency's address: %v, want ErrSlugTaken", err)
		}
	})

	t.Run("a stale version is refused", func(t *testing.T) {
		a := f.create(t, f.values("Låst", false), at)
		if _, err := f.update(t, a, f.values("Låst ett", false), false, at); err != nil {
			t.Fatal(err)
		}
		if _, err := f.update(t, a, f.values("Låst två", false), false, at); !errors.Is(err, residencyedit.ErrConflict) {
			t.Errorf("second save from version 1: %v, want ErrConflict", err)
		}
	})
}

// TestUpdatedAtFollowsPublishedChanges: the public "Uppdaterad" date moves
// with saves while published and with publishing, not with draft saves or
// unpublishing.
func TestUpdatedAtFollowsPublishedChanges(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	muni, _ := strconv.ParseInt(s.id(t, "municipalities", "nacka"), 10, 64)
	f := &storeFixture{s: s, muni: muni, by: residencyedit.Editor{Name: "Test"}}
	day := func(n int) time.Time { return testutil.Now.AddDate(0, 0, n) }
	updatedAt := func(id int64) time.Time {
		return testutil.Scalar[time.Time](t, s.pool, `SELECT updated_at FROM residencies WHERE id = $1`, id)
	}
	steps := []struct {
		name      string
		title     string
		published bool
		want      int // the day updated_at should be on
	}{
		{"draft save", "Steg två", false, 0},
		{"publish", "Steg tre", true, 2},
		{"save while published", "Steg fyra", true, 3},
		{"unpublish", "Steg fem", false, 3},
		{"draft save after unpublishing", "Steg sex", false, 3},
	}
	cur := f.create(t, f.values("Steg ett", false), day(0))
	for i, st := range steps {
		next, err := f.update(t, cur, f.values(st.title, st.published), false, day(i+1))
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		cur = next
		if got := updatedAt(cur.ID); !got.Equal(day(st.want)) {
			t.Errorf("%s: updated_at %v, want %v", st.name, got, day(st.want))
		}
	}
}

// TestSlugsOfConcurrentCreates: two residencies with the same title created
// at the same moment get two addresses, the second waiting for the first
// instead of failing on the unique index (as two proposals accepted at once
// would).
func TestSlugsOfConcurrentCreates(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	muni := testutil.Scalar[int64](t, s.pool, `SELECT id FROM municipalities WHERE slug = 'nacka'`)
	f := &storeFixture{s: s, muni: muni, by: residencyedit.Editor{Name: "Test"}}
	v := f.values("Samma titel", false)

	first, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(ctx)
	a, err := residencyedit.Create(ctx, first, v, residencyedit.NewActor{}, f.by, testutil.Now)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan residencyedit.Saved, 1)
	go func() {
		// Runs while the first transaction is open: it must wait for it.
		var b residencyedit.Saved
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			var err error
			b, err = residencyedit.Create(ctx, tx, v, residencyedit.NewActor{}, f.by, testutil.Now)
			return err
		})
		if err != nil {
			t.Errorf("second create: %v", err)
		}
		done <- b
	}()
	time.Sleep(200 * time.Millisecond) // let the second reach its lock or insert
	if err := first.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	b := <-done
	if a.Slug != "samma-titel" || b.Slug != "samma-titel-2" {
		t.Errorf("slugs %q and %q, want samma-titel and samma-titel-2", a.Slug, b.Slug)
	}
}
