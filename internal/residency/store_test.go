package residency_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/httpx"
	"residens/internal/residency"
	"residens/internal/seed"
	"residens/internal/testutil"
	"residens/internal/vocab"
)

// row is what the tests know about a residency, to work out independently of
// the SQL which residencies a filter should find and in what order.
type row struct {
	slug, title, municipality          string
	artForms, targetGroups, venueTypes []string
	actors                             []string
	starts, ends                       time.Time
	published                          bool
	seq                                int // insertion order, which is id order
}

func (r row) status(today time.Time) residency.Status {
	switch {
	case today.Before(r.starts):
		return residency.Upcoming
	case today.After(r.ends):
		return residency.Completed
	}
	return residency.Ongoing
}

// demoRows are the demo residencies as seeded at testutil.Now.
func demoRows() []row {
	var out []row
	for i, d := range seed.DemoResidencies {
		r := row{slug: d.Slug, title: d.Title, municipality: d.Municipality, artForms: d.ArtForms,
			targetGroups: d.TargetGroups, venueTypes: d.VenueTypes,
			starts: testutil.Days(d.StartDays), ends: testutil.Days(d.EndDays), published: true, seq: i}
		for _, a := range d.Actors {
			r.actors = append(r.actors, a.Actor)
		}
		out = append(out, r)
	}
	return out
}

// storeFixture is the demo content plus residencies that the demo lacks:
// upcoming ones, ones on the edges of today, an unpublished one that shares
// everything with published ones (municipality, art form, actor, words) so
// that a leak would show, and one that mentions a word often in its body
// only, to test ranking.
type storeFixture struct {
	pool  *pgxpool.Pool
	store *residency.Store
	vocab residency.Vocabulary
	rows  []row
}

func newStoreFixture(t *testing.T) *storeFixture {
	t.Helper()
	pool := testutil.DemoDB(t)
	f := &storeFixture{pool: pool, store: residency.NewStore(pool), rows: demoRows()}
	extras := []testutil.Residency{
		{Slug: "teater-i-vallentuna", Title: "Teater i Vallentuna", Municipality: "vallentuna",
			StartsOn: testutil.Days(1), EndsOn: testutil.Days(60),
			ArtForms: []string{"teater"}, TargetGroups: []string{"vuxna"}, VenueTypes: []string{"bibliotek"}},
		{Slug: "litteratur-pa-varmdo", Title: "Litteratur på Värmdö", Municipality: "varmdo",
			StartsOn: testutil.Days(30), EndsOn: testutil.Days(90),
			ArtForms: []string{"litteratur"}, TargetGroups: []string{"unga"}, VenueTypes: []string{"bibliotek"}},
		{Slug: "bild-och-form-pa-ekero", Title: "Bild och form på Ekerö", Municipality: "ekero",
			StartsOn: testutil.Days(0), EndsOn: testutil.Days(10),
			ArtForms: []string{"bild-och-form"}, TargetGroups: []string{"barn"}, VenueTypes: []string{"skola"}},
		{Slug: "musik-i-tyreso", Title: "Musik i Tyresö", Municipality: "tyreso",
			StartsOn: testutil.Days(-30), EndsOn: testutil.Days(-1),
			ArtForms: []string{"musik"}, TargetGroups: []string{"aldre"}, VenueTypes: []string{"aldreboende"}},
		{Slug: "hemlig-slojd-pa-ekero", Title: "Hemlig slöjd och dansare på Ekerö", Municipality: "ekero",
			Summary: "Slöjd, dans och cirkus som ingen får se.", Body: "Slöjd och dansare.",
			StartsOn: testutil.Date(1990, 6, 1), EndsOn: testutil.Days(40),
			ArtForms: []string{"slojd", "dans"}, TargetGroups: []string{"barn"}, VenueTypes: []string{"kulturhus"},
			Actors: []string{"jelnek"}, Unpublished: true},
		{Slug: "sommarlager-i-salem", Title: "Sommarläger i Salem", Municipality: "salem",
			Summary:  "Ett läger med cirkus hela sommaren: cirkus på morgonen och cirkus på kvällen.",
			Body:     strings.Repeat("Vi tränar cirkus, pratar cirkus och drömmer cirkus. ", 6),
			StartsOn: testutil.Days(-700), EndsOn: testutil.Days(-650),
			ArtForms: []string{"cirkus"}, TargetGroups: []string{"unga"}, VenueTypes: []string{"utomhus"}},
		// A second, newer residency for Jelnek.
		{Slug: "jelnek-i-huddinge", Title: "Jelnek i Huddinge", Municipality: "huddinge",
			StartsOn: testutil.Days(-10), EndsOn: testutil.Days(10), ArtForms: []string{"dans"}, Actors: []string{"jelnek"}},
		// With the one starting today, Ekerö has every status, two of
		// them twice.
		{Slug: "ekero-senare", Title: "Senare på Ekerö", Municipality: "ekero", StartsOn: testutil.Days(100), EndsOn: testutil.Days(200)},
		{Slug: "ekero-snart", Title: "Snart på Ekerö", Municipality: "ekero", StartsOn: testutil.Days(5), EndsOn: testutil.Days(200)},
		{Slug: "ekero-forr", Title: "Förr på Ekerö", Municipality: "ekero", StartsOn: testutil.Days(-400), EndsOn: testutil.Days(-300)},
	}
	for i, e := range extras {
		testutil.InsertResidency(t, pool, e)
		f.rows = append(f.rows, row{slug: e.Slug, title: e.Title, municipality: e.Municipality,
			artForms: e.ArtForms, targetGroups: e.TargetGroups, venueTypes: e.VenueTypes, actors: e.Actors,
			starts: e.StartsOn, ends: e.EndsOn, published: !e.Unpublished, seq: len(seed.DemoResidencies) + i})
	}
	var err error
	if f.vocab, err = f.store.Vocabulary(context.Background()); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestStore runs the store's read tests on one database: the fixture is
// written once and only read after that.
func TestStore(t *testing.T) {
	f := newStoreFixture(t)
	t.Run("List filters", f.listFilters)
	t.Run("List status edges", f.listStatusEdges)
	t.Run("List paging", f.listPaging)
	t.Run("unpublished never shown", f.unpublishedNeverShown)
	t.Run("BySlug", f.bySlug)
	t.Run("Related", f.related)
	t.Run("ByActor", f.byActor)
	t.Run("ByMunicipality", f.byMunicipality)
	t.Run("CountsByMunicipality", f.countsByMunicipality)
	t.Run("Vocabulary", f.vocabulary)
	t.Run("Searchable", f.searchable)
	t.Run("search", f.search)
}

// term returns the vocabulary entry with slug, failing the test if there is
// none.
func term(t *testing.T, terms []vocab.Term, slug string) *vocab.Term {
	t.Helper()
	tm, ok := vocab.Find(terms, slug)
	if !ok {
		t.Fatalf("no vocabulary entry %q", slug)
	}
	return &tm
}

// want returns, in the order the list should show them, the slugs of the
// published rows that keep says yes to.
func (f *storeFixture) want(status residency.Status, keep func(row) bool) []string {
	today := testutil.Today()
	var rs []row
	for _, r := range f.rows {
		if r.published && (status == "" || r.status(today) == status) && keep(r) {
			rs = append(rs, r)
		}
	}
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		switch status {
		case residency.Upcoming:
			if !a.starts.Equal(b.starts) {
				return a.starts.Before(b.starts)
			}
			return a.seq < b.seq
		case residency.Completed:
			if !a.ends.Equal(b.ends) {
				return a.ends.After(b.ends)
			}
			return a.seq > b.seq
		}
		if !a.starts.Equal(b.starts) {
			return a.starts.After(b.starts)
		}
		return a.seq > b.seq
	})
	out := []string{}
	for _, r := range rs {
		out = append(out, r.slug)
	}
	return out
}

func slugs(items []residency.Summary) []string {
	out := []string{}
	for _, s := range items {
		out = append(out, s.Slug)
	}
	return out
}

func (f *storeFixture) list(t *testing.T, flt residency.Filter) (got []string, count int) {
	t.Helper()
	ctx := context.Background()
	n, err := f.store.Count(ctx, flt, testutil.Today())
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	if flt.PageSize == 0 {
		flt.PageSize = 100
	}
	items, err := f.store.List(ctx, flt, testutil.Today())
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	return slugs(items), n
}

func (f *storeFixture) listFilters(t *testing.T) {
	t.Parallel()
	v := f.vocab
	all := func(row) bool { return true }
	in2024 := func(r row) bool {
		return !r.starts.After(testutil.Date(2024, 12, 31)) && !r.ends.Before(testutil.Date(2024, 1, 1))
	}
	tests := []struct {
		name   string
		filter residency.Filter
		want   []string
	}{
		{"no filter: every published residency, newest start first", residency.Filter{}, f.want("", all)},
		// The status follows from the dates and today: one that starts
		// today is ongoing, one that ended yesterday is completed.
		{"ongoing", residency.Filter{Status: residency.Ongoing}, f.want(residency.Ongoing, all)},
		{"upcoming: the next to start first", residency.Filter{Status: residency.Upcoming}, f.want(residency.Upcoming, all)},
		{"completed: the most recently ended first", residency.Filter{Status: residency.Completed}, f.want(residency.Completed, all)},
		{"kommun", residency.Filter{Municipality: term(t, v.Municipalities, "nacka")},
			f.want("", func(r row) bool { return r.municipality == "nacka" })},
		{"konstform", residency.Filter{ArtForm: term(t, v.ArtForms, "dans")}, f.want("", func(r row) bool { return slices.Contains(r.artForms, "dans") })},
		{"malgrupp", residency.Filter{TargetGroup: term(t, v.TargetGroups, "aldre")}, f.want("", func(r row) bool { return slices.Contains(r.targetGroups, "aldre") })},
		{"plats", residency.Filter{VenueType: term(t, v.VenueTypes, "skola")}, f.want("", func(r row) bool { return slices.Contains(r.venueTypes, "skola") })},
		{"ar: residencies that overlap the year", residency.Filter{Year: 2024}, f.want("", in2024)},
		{"status and konstform", residency.Filter{Status: residency.Completed, ArtForm: term(t, v.ArtForms, "dans")},
			f.want(residency.Completed, func(r row) bool { return slices.Contains(r.artForms, "dans") })},
		{"kommun and status with no match", residency.Filter{Status: residency.Upcoming, Municipality: term(t, v.Municipalities, "nacka")}, []string{}},
		{"everything at once", residency.Filter{Status: residency.Ongoing, Municipality: term(t, v.Municipalities, "stockholm"),
			ArtForm: term(t, v.ArtForms, "musik"), TargetGroup: term(t, v.TargetGroups, "unga"), VenueType: term(t, v.VenueTypes, "mobil"),
			Year: 2026, Query: "dans"}, []string{"mobilt-kulturhus-i-ragsved"}},
		{"q with kommun", residency.Filter{Query: "dans", Municipality: term(t, v.Municipalities, "nacka")}, []string{"kommunkoreograf-i-nacka-2024"}},
		{"municipality without residencies", residency.Filter{Municipality: term(t, v.Municipalities, "lidingo")}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, n := f.list(t, tt.filter)
			if !slices.Equal(got, tt.want) {
				t.Errorf("List =\n  %q\nwant\n  %q", got, tt.want)
			}
			if n != len(tt.want) {
				t.Errorf("Count = %d, want %d", n, len(tt.want))
			}
		})
	}
}

func (f *storeFixture) listStatusEdges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		slug string
		want residency.Status
	}{
		{"bild-och-form-pa-ekero", residency.Ongoing}, // starts today
		{"musik-i-tyreso", residency.Completed},       // ended yesterday
		{"teater-i-vallentuna", residency.Upcoming},   // starts tomorrow
		{"mobilt-kulturhus-i-ragsved", residency.Ongoing},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			t.Parallel()
			for _, st := range residency.Statuses {
				got, _ := f.list(t, residency.Filter{Status: st})
				if in := slices.Contains(got, tt.slug); in != (st == tt.want) {
					t.Errorf("status %s: listed = %v, want %v", st, in, st == tt.want)
				}
			}
		})
	}
}

func (f *storeFixture) listPaging(t *testing.T) {
	t.Parallel()
	all, total := f.list(t, residency.Filter{})
	if total < 7 {
		t.Fatalf("fixture too small to page: %d", total)
	}
	const size = 3
	var paged []string
	pages := (total + size - 1) / size
	for p := 1; p <= pages; p++ {
		got, _ := f.list(t, residency.Filter{Page: p, PageSize: size})
		wantLen := size
		if p == pages {
			wantLen = total - size*(pages-1)
		}
		if len(got) != wantLen {
			t.Errorf("page %d: %d items, want %d", p, len(got), wantLen)
		}
		paged = append(paged, got...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages joined =\n  %q\nwant the whole list\n  %q", paged, all)
	}
	if got, _ := f.list(t, residency.Filter{Page: pages + 1, PageSize: size}); len(got) != 0 {
		t.Errorf("page after the last: %q, want nothing", got)
	}
	// Page 0 (unset) is the first page; the default page size is PageSize.
	if got, _ := f.list(t, residency.Filter{Page: 0, PageSize: size}); !slices.Equal(got, all[:size]) {
		t.Errorf("page 0 = %q, want the first page %q", got, all[:size])
	}
	items, err := f.store.List(context.Background(), residency.Filter{}, testutil.Today())
	if err != nil {
		t.Fatal(err)
	}
	if want := min(total, residency.PageSize); len(items) != want {
		t.Errorf("default page: %d items, want %d", len(items), want)
	}
}

func (f *storeFixture) unpublishedNeverShown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const hidden = "hemlig-slojd-pa-ekero"
	v := f.vocab
	filters := map[string]residency.Filter{
		"all":       {},
		"ongoing":   {Status: residency.Ongoing},
		"kommun":    {Municipality: term(t, v.Municipalities, "ekero")},
		"konstform": {ArtForm: term(t, v.ArtForms, "slojd")},
		"ar":        {Year: 1990},
		"q title":   {Query: "hemlig"},
		"q slöjd":   {Query: "slöjd"},
	}
	for name, flt := range filters {
		t.Run("List "+name, func(t *testing.T) {
			got, n := f.list(t, flt)
			if slices.Contains(got, hidden) {
				t.Errorf("List(%s) shows the unpublished residency", name)
			}
			if n != len(got) {
				t.Errorf("Count(%s) = %d but List has %d: the count includes the unpublished one", name, n, len(got))
			}
		})
	}
	t.Run("BySlug", func(t *testing.T) {
		_, err := f.store.BySlug(ctx, hidden)
		if httpx.ErrorCode(err) != httpx.CodeNotFound {
			t.Errorf("BySlug(unpublished) error = %v, want not found", err)
		}
	})
	t.Run("Related", func(t *testing.T) {
		r, err := f.store.BySlug(ctx, "slojd-pa-ekero-kulturhus")
		if err != nil {
			t.Fatal(err)
		}
		rel, err := f.store.Related(ctx, r, 50)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(slugs(rel), hidden) {
			t.Error("Related shows the unpublished residency")
		}
	})
	t.Run("ByActor", func(t *testing.T) {
		var jelnek int64
		if err := f.pool.QueryRow(ctx, `SELECT id FROM cultural_actors WHERE slug = 'jelnek'`).Scan(&jelnek); err != nil {
			t.Fatal(err)
		}
		rs, err := f.store.ByActor(ctx, jelnek, 50)
		if err != nil {
			t.Fatal(err)
		}
		if got := slugs(rs); !slices.Equal(got, []string{"jelnek-i-huddinge", "kommunkoreograf-i-nacka-2024"}) {
			t.Errorf("ByActor(jelnek) = %q, want only the published residencies", got)
		}
	})
	t.Run("ByMunicipality", func(t *testing.T) {
		ekero := term(t, v.Municipalities, "ekero")
		groups, err := f.store.ByMunicipality(ctx, ekero.ID, testutil.Today(), 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range groups {
			if slices.Contains(slugs(g.Items), hidden) {
				t.Errorf("ByMunicipality group %s shows the unpublished residency", g.Status)
			}
		}
	})
	t.Run("CountsByMunicipality", func(t *testing.T) {
		counts, err := f.store.CountsByMunicipality(ctx, testutil.Today())
		if err != nil {
			t.Fatal(err)
		}
		// Ekerö has the demo's slöjd residency and the one starting today
		// ongoing, and one completed; the unpublished one would make three
		// ongoing.
		if got := counts[term(t, v.Municipalities, "ekero").ID]; got != [2]int{2, 1} {
			t.Errorf("Ekerö counts = %v, want [2 1]", got)
		}
	})
	t.Run("Vocabulary years", func(t *testing.T) {
		if v.FirstYear != 2022 {
			t.Errorf("FirstYear = %d, want 2022 (the unpublished residency from 1990 must not count)", v.FirstYear)
		}
	})
}

func (f *storeFixture) bySlug(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("demo residency", func(t *testing.T) {
		r, err := f.store.BySlug(ctx, "kommunkoreograf-i-nacka-2024")
		if err != nil {
			t.Fatal(err)
		}
		if r.Title != "Kommunkoreograf i Nacka 2024" || r.Kind != "kommunkoreograf" || r.Municipality.Slug != "nacka" || r.Municipality.Name != "Nacka" {
			t.Errorf("got %q (%s) in %s/%s", r.Title, r.Kind, r.Municipality.Slug, r.Municipality.Name)
		}
		if !r.StartsOn.Equal(testutil.Date(2024, 1, 8)) || !r.EndsOn.Equal(testutil.Date(2024, 12, 13)) {
			t.Errorf("period %s–%s, want 2024-01-08–2024-12-13", r.StartsOn, r.EndsOn)
		}
		if r.Participants == nil || *r.Participants != 1650 || r.Sessions != nil {
			t.Errorf("participants %v sessions %v, want 1650 and none", r.Participants, r.Sessions)
		}
		if got := termSlugs(r.ArtFormTerms); !slices.Equal(got, []string{"dans"}) {
			t.Errorf("art forms %q", got)
		}
		if !slices.Equal(r.ArtForms, []string{"Dans"}) {
			t.Errorf("art form names %q", r.ArtForms)
		}
		if got := termSlugs(r.TargetGroups); !slices.Equal(got, []string{"barn", "unga"}) {
			t.Errorf("target groups %q", got)
		}
		// Venue types come in their curated order, not the seed's.
		if got := termSlugs(r.VenueTypes); !slices.Equal(got, []string{"skola", "fritidsgard", "kulturhus"}) {
			t.Errorf("venue types %q", got)
		}
		if len(r.Actors) != 1 || r.Actors[0].Slug != "jelnek" || r.Actors[0].Name != "Jelnek" || r.Actors[0].Role != "Kommunkoreograf" {
			t.Errorf("actors %+v", r.Actors)
		}
		if r.Image == nil || r.Image.Alt == "" || r.Image.Width != 960 || r.Image.Height != 540 {
			t.Errorf("image %+v, want 960×540 with alt text", r.Image)
		}
		if !strings.Contains(r.Body, "Hela Nacka dansar") || r.UpdatedAt.IsZero() {
			t.Errorf("body or updated_at missing")
		}
	})
	t.Run("actors in credit order", func(t *testing.T) {
		r, err := f.store.BySlug(ctx, "dans-och-textil-i-danderyd")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range r.Actors {
			got = append(got, a.Slug)
		}
		if !slices.Equal(got, []string{"kompani-vavrum", "emma-ekblad"}) {
			t.Errorf("actors %q", got)
		}
	})
	for _, slug := range []string{"finns-inte", "", "KOMMUNKOREOGRAF-I-NACKA-2024", "kommunkoreograf-i-nacka-2024 ", "'; DROP TABLE residencies; --"} {
		t.Run("not found "+slug, func(t *testing.T) {
			r, err := f.store.BySlug(ctx, slug)
			if httpx.ErrorCode(err) != httpx.CodeNotFound || r != nil {
				t.Errorf("BySlug(%q) = %v, %v; want a not-found error", slug, r, err)
			}
		})
	}
}

func termSlugs(ts []vocab.Term) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.Slug)
	}
	return out
}

func (f *storeFixture) related(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, err := f.store.BySlug(ctx, "kommunkoreograf-i-nacka-2024")
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.store.Related(ctx, r, 4)
	if err != nil {
		t.Fatal(err)
	}
	// Same municipality first (the Nacka textile residency), then the most
	// recent dance residencies; never the residency itself.
	sameMunicipality := f.want("", func(x row) bool { return x.municipality == "nacka" && x.slug != r.Slug })
	sameArt := f.want("", func(x row) bool {
		return x.municipality != "nacka" && slices.Contains(x.artForms, "dans")
	})
	want := append(sameMunicipality, sameArt...)[:4]
	if !slices.Equal(slugs(got), want) {
		t.Errorf("Related = %q, want %q", slugs(got), want)
	}
	t.Run("limit", func(t *testing.T) {
		got, err := f.store.Related(ctx, r, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(slugs(got), want[:1]) {
			t.Errorf("Related(limit 1) = %q, want %q", slugs(got), want[:1])
		}
	})
}

func (f *storeFixture) byActor(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var id int64
	if err := f.pool.QueryRow(ctx, `SELECT id FROM cultural_actors WHERE slug = 'jelnek'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	got, err := f.store.ByActor(ctx, id, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"jelnek-i-huddinge", "kommunkoreograf-i-nacka-2024"}; !slices.Equal(slugs(got), want) {
		t.Errorf("ByActor = %q, want newest first %q", slugs(got), want)
	}
	if got, _ := f.store.ByActor(ctx, id, 1); len(got) != 1 {
		t.Errorf("ByActor limit 1: %d items", len(got))
	}
	if got, _ := f.store.ByActor(ctx, -1, 10); len(got) != 0 {
		t.Errorf("ByActor(no such actor) = %q", slugs(got))
	}
}

func (f *storeFixture) byMunicipality(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name      string
		slug      string
		perStatus int
		want      map[residency.Status][]string
		totals    map[residency.Status]int
	}{
		{"all statuses, cut to one each", "ekero", 1,
			map[residency.Status][]string{
				residency.Ongoing:   {"bild-och-form-pa-ekero"},
				residency.Upcoming:  {"ekero-snart"},
				residency.Completed: {"ekero-forr"},
			},
			map[residency.Status]int{residency.Ongoing: 2, residency.Upcoming: 2, residency.Completed: 1}},
		{"ordered per status", "ekero", 10,
			map[residency.Status][]string{
				residency.Ongoing:   {"bild-och-form-pa-ekero", "slojd-pa-ekero-kulturhus"},
				residency.Upcoming:  {"ekero-snart", "ekero-senare"},
				residency.Completed: {"ekero-forr"},
			},
			map[residency.Status]int{residency.Ongoing: 2, residency.Upcoming: 2, residency.Completed: 1}},
		{"only completed", "danderyd", 6,
			map[residency.Status][]string{residency.Completed: {"dans-och-textil-i-danderyd"}},
			map[residency.Status]int{residency.Completed: 1}},
		{"none", "lidingo", 6, map[residency.Status][]string{}, map[residency.Status]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := term(t, f.vocab.Municipalities, tt.slug)
			groups, err := f.store.ByMunicipality(ctx, m.ID, testutil.Today(), tt.perStatus)
			if err != nil {
				t.Fatal(err)
			}
			var order []residency.Status
			for _, g := range groups {
				order = append(order, g.Status)
				if got := slugs(g.Items); !slices.Equal(got, tt.want[g.Status]) {
					t.Errorf("%s: %q, want %q", g.Status, got, tt.want[g.Status])
				}
				if g.Total != tt.totals[g.Status] {
					t.Errorf("%s: total %d, want %d", g.Status, g.Total, tt.totals[g.Status])
				}
			}
			// Groups come ongoing, upcoming, completed, and only when not
			// empty.
			var wantOrder []residency.Status
			for _, st := range residency.Statuses {
				if len(tt.want[st]) > 0 {
					wantOrder = append(wantOrder, st)
				}
			}
			if !slices.Equal(order, wantOrder) {
				t.Errorf("groups %q, want %q", order, wantOrder)
			}
		})
	}
}

func (f *storeFixture) countsByMunicipality(t *testing.T) {
	t.Parallel()
	counts, err := f.store.CountsByMunicipality(context.Background(), testutil.Today())
	if err != nil {
		t.Fatal(err)
	}
	today := testutil.Today()
	for _, m := range f.vocab.Municipalities {
		var want [2]int
		for _, r := range f.rows {
			if !r.published || r.municipality != m.Slug {
				continue
			}
			switch r.status(today) {
			case residency.Ongoing:
				want[0]++
			case residency.Completed:
				want[1]++
			}
		}
		if got := counts[m.ID]; got != want {
			t.Errorf("%s: [ongoing completed] = %v, want %v", m.Name, got, want)
		}
	}
	// Spot checks that do not depend on the reasoning above.
	for slug, want := range map[string][2]int{"norrtalje": {2, 0}, "stockholm": {1, 1}, "nacka": {1, 1}, "vallentuna": {0, 0}} {
		if got := counts[term(t, f.vocab.Municipalities, slug).ID]; got != want {
			t.Errorf("%s = %v, want %v", slug, got, want)
		}
	}
}

func (f *storeFixture) vocabulary(t *testing.T) {
	t.Parallel()
	v := f.vocab
	if len(v.Municipalities) != 26 {
		t.Errorf("%d municipalities, want the county's 26", len(v.Municipalities))
	}
	var names []string
	for _, m := range v.Municipalities {
		names = append(names, m.Name)
	}
	// Swedish order: å, ä and ö come after z, so Österåker is last and
	// Ekerö sits among the E's; v and w are not merged.
	want := []string{"Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka", "Norrtälje",
		"Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna", "Solna", "Stockholm", "Sundbyberg", "Södertälje",
		"Tyresö", "Täby", "Upplands Väsby", "Upplands-Bro", "Vallentuna", "Vaxholm", "Värmdö", "Österåker"}
	if !slices.Equal(names, want) {
		t.Errorf("municipalities in order\n  %q\nwant\n  %q", names, want)
	}
	if got := termSlugs(v.ArtForms)[:3]; !slices.Equal(got, []string{"dans", "cirkus", "film"}) {
		t.Errorf("art forms start %q, want the curated order", got)
	}
	if got := termSlugs(v.TargetGroups); !slices.Equal(got, []string{"barn", "unga", "vuxna", "aldre"}) {
		t.Errorf("target groups %q", got)
	}
	if len(v.VenueTypes) == 0 || v.VenueTypes[0].Slug != "bibliotek" {
		t.Errorf("venue types %q", termSlugs(v.VenueTypes))
	}
	// The demo spans from Vaxholm's residency (December 2022) to the
	// ongoing ones that end in 2027.
	if v.FirstYear != 2022 || v.LastYear != 2027 {
		t.Errorf("years %d–%d, want 2022–2027", v.FirstYear, v.LastYear)
	}
	t.Run("empty database", func(t *testing.T) {
		pool := testutil.DemoDB(t)
		if _, err := pool.Exec(context.Background(), `DELETE FROM residencies`); err != nil {
			t.Fatal(err)
		}
		v, err := residency.NewStore(pool).Vocabulary(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if v.FirstYear != 0 || v.LastYear != 0 {
			t.Errorf("years %d–%d with no residencies, want 0–0", v.FirstYear, v.LastYear)
		}
	})
}

func (f *storeFixture) searchable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		q    string
		want bool
	}{
		{"slöjd", true},
		{"dans och musik", true},
		{"och", false},
		{"och att det", false},
		{"   ", false},
		{"!!! ??? ---", false},
		{`"och"`, false},
		{"Rågsved", true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			t.Parallel()
			got, err := f.store.Searchable(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Searchable(%q) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func (f *storeFixture) search(t *testing.T) {
	t.Parallel()
	withArt := func(slug string) []string {
		var out []string
		for _, r := range f.rows {
			if r.published && slices.Contains(r.artForms, slug) {
				out = append(out, r.slug)
			}
		}
		sort.Strings(out)
		return out
	}
	sorted := func(s []string) []string {
		s = slices.Clone(s)
		sort.Strings(s)
		return s
	}
	tests := []struct {
		name, q string
		want    []string // as a set
	}{
		{"slöjd finds the slöjd residencies", "slöjd", withArt("slojd")},
		{"capitals do not matter", "SLÖJD", withArt("slojd")},
		{"slöjdare stems to slöjd", "slöjdare", withArt("slojd")},
		// Swedish stemming brings "dansare" and "dans" to different stems;
		// both must find every dance residency.
		{"dansare finds dance", "dansare", withArt("dans")},
		{"dans finds dance", "dans", withArt("dans")},
		{"cirkus", "cirkus", withArt("cirkus")},
		{"an actor's name finds their residencies", "Jelnek", []string{"jelnek-i-huddinge", "kommunkoreograf-i-nacka-2024"}},
		{"a district", "Rågsved", []string{"mobilt-kulturhus-i-ragsved"}},
		{"a municipality", "Danderyd", []string{"dans-och-textil-i-danderyd"}},
		{"all words must match", "cirkus fotboll", []string{"cirkus-och-musik-i-skarpnack"}},
		{"a word can be excluded", "cirkus -musik", sorted([]string{"cirkus-pa-lekplatser-i-norrtalje", "cirkus-i-skolan-i-nynashamn", "sommarlager-i-salem"})},
		{"nothing matches", "zzzxq", nil},
		{"operators and quotes only", `"( ) : * & | ! <`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, n := f.list(t, residency.Filter{Query: tt.q})
			if !slices.Equal(sorted(got), sorted(tt.want)) {
				t.Errorf("q=%q: %q, want %q", tt.q, sorted(got), sorted(tt.want))
			}
			if n != len(got) {
				t.Errorf("q=%q: Count %d, List %d", tt.q, n, len(got))
			}
		})
	}
	t.Run("title matches rank first", func(t *testing.T) {
		t.Parallel()
		// The Salem residency says cirkus a dozen times in its summary and
		// body but not in its title; the ones with cirkus in the title
		// still come first.
		got, _ := f.list(t, residency.Filter{Query: "cirkus"})
		titled := 0
		for _, r := range f.rows {
			if r.published && strings.Contains(strings.ToLower(r.title), "cirkus") {
				titled++
			}
		}
		for i, s := range got {
			if inTitle := strings.Contains(strings.ToLower(f.titleOf(s)), "cirkus"); inTitle != (i < titled) {
				t.Errorf("q=cirkus: %q has a title match at place %d of %q; want the %d title matches first", s, i+1, got, titled)
				break
			}
		}
	})
	t.Run("slöjd: the title match first", func(t *testing.T) {
		t.Parallel()
		got, _ := f.list(t, residency.Filter{Query: "slöjd"})
		if len(got) == 0 || got[0] != "slojd-pa-ekero-kulturhus" {
			t.Errorf("q=slöjd: %q, want Slöjd på Ekerö kulturhus first", got)
		}
	})
	t.Run("ranking within a status", func(t *testing.T) {
		t.Parallel()
		got, _ := f.list(t, residency.Filter{Query: "dans", Status: residency.Completed})
		want := f.want(residency.Completed, func(r row) bool { return slices.Contains(r.artForms, "dans") })
		if !slices.Equal(sorted(got), sorted(want)) {
			t.Errorf("q=dans status=avslutade: %q, want %q", got, want)
		}
	})
}

func (f *storeFixture) titleOf(slug string) string {
	for _, r := range f.rows {
		if r.slug == slug {
			return r.title
		}
	}
	return ""
}
