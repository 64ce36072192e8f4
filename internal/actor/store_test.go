package actor_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/actor"
	"residens/internal/httpx"
	"residens/internal/residency"
	"residens/internal/seed"
	"residens/internal/testutil"
	"residens/internal/vocab"
)

type fixture struct {
	pool  *pgxpool.Pool
	store *actor.Store
	vocab residency.Vocabulary
}

// newFixture is the demo content plus actors with LIKE wildcards in their
// names and an unpublished dance actor in Nacka named like a demo actor.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	pool := testutil.DemoDB(t)
	for _, a := range []testutil.Actor{
		{Slug: "hundra-procent-dans", Name: "100% Dans", Kind: "group", ArtForms: []string{"dans"}},
		{Slug: "understreck", Name: "Ensemble_Understreck", Kind: "group", ArtForms: []string{"musik"}},
		{Slug: "jelnek-kopia", Name: "Jelnek Kopia", Home: "nacka", ArtForms: []string{"dans"}, Unpublished: true},
	} {
		testutil.InsertActor(t, pool, a)
	}
	v, err := residency.NewStore(pool).Vocabulary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{pool: pool, store: actor.NewStore(pool), vocab: v}
}

// TestStore runs the store's read tests on one database.
func TestStore(t *testing.T) {
	f := newFixture(t)
	t.Run("List filters", f.listFilters)
	t.Run("name search", f.nameSearch)
	t.Run("BySlug", f.bySlug)
}

func (f *fixture) term(t *testing.T, terms []vocab.Term, slug string) *vocab.Term {
	t.Helper()
	tm, ok := vocab.Find(terms, slug)
	if !ok {
		t.Fatalf("no vocabulary entry %q", slug)
	}
	return &tm
}

func (f *fixture) list(t *testing.T, flt actor.Filter) ([]string, int) {
	t.Helper()
	ctx := context.Background()
	n, err := f.store.Count(ctx, flt)
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	items, err := f.store.List(ctx, flt)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	out := []string{}
	for _, a := range items {
		out = append(out, a.Slug)
	}
	return out, n
}

// demoWhere returns the slugs of the demo actors keep says yes to, sorted by
// name as the directory sorts them.
func demoWhere(keep func(seed.DemoActor) bool) []string {
	var as []seed.DemoActor
	for _, a := range seed.DemoActors {
		if keep(a) {
			as = append(as, a)
		}
	}
	sort.Slice(as, func(i, j int) bool { return strings.ToLower(as[i].Name) < strings.ToLower(as[j].Name) })
	out := []string{}
	for _, a := range as {
		out = append(out, a.Slug)
	}
	return out
}

func (f *fixture) listFilters(t *testing.T) {
	t.Parallel()
	all := demoWhere(func(seed.DemoActor) bool { return true })
	// The two actors the fixture adds sort first ("1" and "e" before the
	// rest); the unpublished one never shows.
	all = slices.Insert(all, 0, "hundra-procent-dans")
	all = slices.Insert(all, slices.Index(all, "ensemble-smatoner")+1, "understreck")
	dance := demoWhere(func(a seed.DemoActor) bool { return slices.Contains(a.ArtForms, "dans") })
	dance = slices.Insert(dance, 0, "hundra-procent-dans")
	tests := []struct {
		name   string
		filter actor.Filter
		want   []string
	}{
		{"no filter: every published actor by name", actor.Filter{}, all},
		{"konstform", actor.Filter{ArtForm: f.term(t, f.vocab.ArtForms, "dans")}, dance},
		{"kommun", actor.Filter{Municipality: f.term(t, f.vocab.Municipalities, "norrtalje")},
			demoWhere(func(a seed.DemoActor) bool { return a.Home == "norrtalje" })},
		{"konstform and kommun", actor.Filter{ArtForm: f.term(t, f.vocab.ArtForms, "film"), Municipality: f.term(t, f.vocab.Municipalities, "norrtalje")},
			[]string{"filmkollektivet-roslagsljus"}},
		// Nacka's only dance actor is unpublished.
		{"only an unpublished match", actor.Filter{ArtForm: f.term(t, f.vocab.ArtForms, "dans"), Municipality: f.term(t, f.vocab.Municipalities, "nacka")}, []string{}},
		{"kommun with no actors", actor.Filter{Municipality: f.term(t, f.vocab.Municipalities, "lidingo")}, []string{}},
		{"name and konstform", actor.Filter{Name: "kompani", ArtForm: f.term(t, f.vocab.ArtForms, "cirkus")},
			[]string{"cirkuskompaniet-lyftet", "kompani-gungbrada"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, n := f.list(t, tt.filter)
			if tt.filter.Name != "" {
				// Name searches order by closeness; compare as sets.
				got, tt.want = sorted(got), sorted(tt.want)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("List =\n  %q\nwant\n  %q", got, tt.want)
			}
			if n != len(tt.want) {
				t.Errorf("Count = %d, want %d", n, len(tt.want))
			}
		})
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func (f *fixture) nameSearch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, q string
		first   string   // the best match
		only    []string // when set, exactly these (as a set)
	}{
		{"exact", "Jelnek", "jelnek", []string{"jelnek"}},
		{"lower case", "jelnek", "jelnek", []string{"jelnek"}},
		{"one letter off", "jelnik", "jelnek", []string{"jelnek"}},
		{"two letters off in an invented name", "stignkolektivet", "stygnkollektivet", []string{"stygnkollektivet"}},
		{"two letters off across words", "sirkus alfon", "sirqus-alfon", nil},
		{"a letter missing", "roslagsljs", "filmkollektivet-roslagsljus", nil},
		{"part of a name", "gungbräda", "kompani-gungbrada", []string{"kompani-gungbrada"}},
		{"closest first among several", "kompani gungbrädda", "kompani-gungbrada", nil},
		{"a surname alone", "ekblad", "emma-ekblad", []string{"emma-ekblad"}},
		// LIKE wildcards in the query are literal characters: "%" finds
		// only the name with a per cent sign, not every actor.
		{"per cent sign is literal", "%", "hundra-procent-dans", []string{"hundra-procent-dans"}},
		{"underscore is literal", "_", "understreck", []string{"understreck"}},
		{"several wildcards", "%_%", "", []string{}},
		{"backslash is literal", `\`, "", []string{}},
		{"backslash before a wildcard", `\%`, "", []string{}},
		{"unpublished actors are not found", "Jelnek Kopia", "jelnek", []string{"jelnek"}},
		{"nothing near", "qqqqxxxx", "", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, n := f.list(t, actor.Filter{Name: tt.q})
			if n != len(got) {
				t.Errorf("q=%q: Count %d, List %d", tt.q, n, len(got))
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("q=%q: %q, want %q first", tt.q, got, tt.first)
			}
			if tt.only != nil && !slices.Equal(sorted(got), sorted(tt.only)) {
				t.Errorf("q=%q: %q, want exactly %q", tt.q, got, tt.only)
			}
		})
	}
}

func TestStoreListPaging(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= actor.PageSize+5; i++ {
		testutil.InsertActor(t, f.pool, testutil.Actor{Slug: fmt.Sprintf("teatergrupp-%02d", i),
			Name: fmt.Sprintf("Teatergrupp %02d", i), ArtForms: []string{"teater"}})
	}
	teater := f.term(t, f.vocab.ArtForms, "teater")
	p1, n := f.list(t, actor.Filter{ArtForm: teater, Page: 1})
	p2, _ := f.list(t, actor.Filter{ArtForm: teater, Page: 2})
	p3, _ := f.list(t, actor.Filter{ArtForm: teater, Page: 3})
	if n != actor.PageSize+5 || len(p1) != actor.PageSize || len(p2) != 5 || len(p3) != 0 {
		t.Fatalf("count %d, pages of %d, %d and %d; want %d, %d, 5 and 0", n, len(p1), len(p2), len(p3), actor.PageSize+5, actor.PageSize)
	}
	if p1[0] != "teatergrupp-01" || p2[4] != fmt.Sprintf("teatergrupp-%02d", actor.PageSize+5) {
		t.Errorf("pages out of order: %q … %q", p1[0], p2[4])
	}
}

func (f *fixture) bySlug(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	t.Run("with home municipality", func(t *testing.T) {
		a, err := f.store.BySlug(ctx, "stygnkollektivet")
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != "Stygnkollektivet" || a.Kind != "association" || a.KindLabel() != "Förening" {
			t.Errorf("got %q %s (%s)", a.Name, a.Kind, a.KindLabel())
		}
		if a.Municipality == nil || a.Municipality.Slug != "nacka" || a.Municipality.Name != "Nacka" {
			t.Errorf("municipality %+v, want Nacka", a.Municipality)
		}
		var forms []string
		for _, t := range a.ArtForms {
			forms = append(forms, t.Slug)
		}
		// The vocabulary's order (slöjd before textil), not the seed's.
		if !slices.Equal(forms, []string{"slojd", "textil"}) {
			t.Errorf("art forms %q, want in the vocabulary's order", forms)
		}
		if !strings.Contains(a.Description, "broderi") {
			t.Errorf("description %q", a.Description)
		}
	})
	t.Run("without home municipality", func(t *testing.T) {
		a, err := f.store.BySlug(ctx, "jelnek")
		if err != nil {
			t.Fatal(err)
		}
		if a.Municipality != nil || a.KindLabel() != "Kompani" {
			t.Errorf("got %+v", a)
		}
	})
	for _, slug := range []string{"finns-inte", "jelnek-kopia", "JELNEK", ""} {
		t.Run("not found "+slug, func(t *testing.T) {
			a, err := f.store.BySlug(ctx, slug)
			if httpx.ErrorCode(err) != httpx.CodeNotFound || a != nil {
				t.Errorf("BySlug(%q) = %v, %v; want not found", slug, a, err)
			}
		})
	}
}
