package actor_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"residens/internal/actor"
	"residens/internal/seed"
	"residens/internal/testutil"
)

func actorSlugs(r *testutil.Response) []string {
	out := []string{}
	for _, href := range testutil.Attrs(r.TestID("actor-link"), "href") {
		out = append(out, strings.TrimPrefix(href, "/kulturaktorer/"))
	}
	return out
}

func selected(r *testutil.Response, name string) string {
	v, _ := r.Doc.Find(`form[data-testid="filter-form"] select[name="` + name + `"] option[selected]`).Attr("value")
	return v
}

func TestListPage(t *testing.T) {
	site := testutil.Site(t, testutil.DemoDB(t))
	total := len(seed.DemoActors)

	t.Run("all", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kulturaktorer")
		if got := r.Text("hits"); got != fmt.Sprintf("%d kulturaktörer hittades", total) {
			t.Errorf("hits %q", got)
		}
		if got := actorSlugs(r); len(got) != total {
			t.Errorf("%d actors, want %d", len(got), total)
		}
		if r.TestID("filter-clear").Length() != 0 {
			t.Errorf("Rensa filter shown with no filter")
		}
	})

	t.Run("filters are applied and reflected in the form", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kulturaktorer?konstform=dans&kommun=stockholm")
		if got := actorSlugs(r); !slices.Equal(got, []string{"danskollektivet-golvet"}) {
			t.Errorf("actors %q", got)
		}
		if selected(r, "konstform") != "dans" || selected(r, "kommun") != "stockholm" {
			t.Errorf("selected %q and %q", selected(r, "konstform"), selected(r, "kommun"))
		}
		if got := r.Text("hits"); got != "1 kulturaktör hittades" {
			t.Errorf("hits %q", got)
		}
		card := r.TestID("actor-card")
		if meta := testutil.Squash(card.Find("p.meta").Text()); meta != "Grupp · Stockholm" {
			t.Errorf("card meta %q", meta)
		}
		if href, _ := r.TestID("filter-clear").Attr("href"); href != "/kulturaktorer" {
			t.Errorf("Rensa filter %q", href)
		}
	})

	t.Run("name search tolerates a typo", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kulturaktorer?q=jelnik")
		if got := actorSlugs(r); len(got) == 0 || got[0] != "jelnek" {
			t.Errorf("q=jelnik: %q, want Jelnek first", got)
		}
		if v, _ := r.Doc.Find("input#q").Attr("value"); v != "jelnik" {
			t.Errorf("name field %q", v)
		}
	})

	t.Run("empty state offers to remove each filter", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kulturaktorer?konstform=litteratur&kommun=lidingo&q=qqqxxx")
		if r.TestID("empty-state").Length() != 1 || len(actorSlugs(r)) != 0 {
			t.Fatalf("no empty state")
		}
		links := testutil.Attrs(r.TestID("empty-state").Find("a"), "href")
		all := map[string]string{"konstform": "litteratur", "kommun": "lidingo", "q": "qqqxxx"}
		if len(links) != len(all) {
			t.Fatalf("links %q, want one per filter", links)
		}
		for _, href := range links {
			u, err := url.Parse(href)
			if err != nil {
				t.Fatal(err)
			}
			missing := 0
			for k, v := range all {
				switch u.Query().Get(k) {
				case "":
					missing++
				case v:
				default:
					t.Errorf("%q changes %s", href, k)
				}
			}
			if u.Path != "/kulturaktorer" || missing != 1 {
				t.Errorf("%q should remove exactly one filter", href)
			}
		}
	})
}

func TestListPaging(t *testing.T) {
	f := newFixture(t)
	for i := 1; i <= actor.PageSize+3; i++ {
		testutil.InsertActor(t, f.pool, testutil.Actor{Slug: fmt.Sprintf("teater-%02d", i), Name: fmt.Sprintf("Teater %02d", i), ArtForms: []string{"teater"}})
	}
	site := testutil.Site(t, f.pool)
	r := testutil.GetOK(t, site, "/kulturaktorer?konstform=teater")
	if n := len(actorSlugs(r)); n != actor.PageSize {
		t.Errorf("page 1: %d actors", n)
	}
	next, _ := r.TestID("page-next").Attr("href")
	u, _ := url.Parse(next)
	if u.Query().Get("sida") != "2" || u.Query().Get("konstform") != "teater" {
		t.Errorf("next %q does not keep the filter", next)
	}
	r2 := testutil.GetOK(t, site, next)
	if got := actorSlugs(r2); len(got) != 3 || got[2] != fmt.Sprintf("teater-%02d", actor.PageSize+3) {
		t.Errorf("page 2: %q", got)
	}
}

func TestBadListInput(t *testing.T) {
	f := newFixture(t)
	site := testutil.Site(t, f.pool)
	total := len(seed.DemoActors) + 2 // and the fixture's two published actors
	tests := []struct {
		name, query string
		notice      string
		actors      int // -1: do not check
	}{
		{"unknown konstform", "konstform=rockabilly", "rockabilly", total},
		{"unknown kommun", "kommun=atlantis", "atlantis", total},
		{"dropped filter keeps the others", "kommun=atlantis&konstform=cirkus", "atlantis", 3},
		{"sida not a number", "sida=abc", "abc", total},
		{"sida negative", "sida=-3", "-3", total},
		{"sida past the end", "sida=999999", "sista sidan", total},
		{"very long q", "q=" + strings.Repeat("a", 9000), "100 tecken", -1},
		{"invalid UTF-8", "q=%ff%fe", "tecken", total},
		{"invalid percent-encoding", "q=%zz", "kunde inte läsas", -1},
		{"NUL", "q=%00", "", total},
		{"LIKE wildcard", "q=%25", "", 1},
		{"unknown parameter", "foo=bar", "", total},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := testutil.GetOK(t, site, "/kulturaktorer?"+tt.query)
			notices := strings.Join(r.Notices(), " | ")
			if tt.notice == "" && notices != "" {
				t.Errorf("unexpected notices %q", notices)
			}
			if tt.notice != "" && !strings.Contains(notices, tt.notice) {
				t.Errorf("notices %q, want one mentioning %q", notices, tt.notice)
			}
			if tt.actors >= 0 && len(actorSlugs(r)) != tt.actors {
				t.Errorf("%d actors, want %d", len(actorSlugs(r)), tt.actors)
			}
			if v, _ := r.Doc.Find("input#q").Attr("value"); utf8.RuneCountInString(v) > actor.MaxNameLength || !utf8.ValidString(v) {
				t.Errorf("name field holds %q", v)
			}
		})
	}
}

func TestShowPage(t *testing.T) {
	f := newFixture(t)
	testutil.InsertActor(t, f.pool, testutil.Actor{Slug: "ny-konstnar", Name: "Ny konstnär", Home: "salem", ArtForms: []string{"bild-och-form"}})
	testutil.InsertResidency(t, f.pool, testutil.Residency{Slug: "dolt-jelnek", Title: "Dolt Jelnek", Municipality: "salem",
		StartsOn: testutil.Days(-1), EndsOn: testutil.Days(1), Actors: []string{"jelnek"}, Unpublished: true})
	site := testutil.Site(t, f.pool)

	t.Run("actor with a residency", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kulturaktorer/jelnek")
		if got := r.Text("actor-name"); got != "Jelnek" {
			t.Errorf("h1 %q", got)
		}
		if title := r.Doc.Find("title").Text(); title != "Jelnek – Residens" {
			t.Errorf("title %q", title)
		}
		if meta := testutil.Squash(r.TestID("actor").Find("p.meta").First().Text()); meta != "Kompani" {
			t.Errorf("kind %q", meta)
		}
		links := testutil.Attrs(r.TestID("residency-link"), "href")
		if !slices.Equal(links, []string{"/residens/kommunkoreograf-i-nacka-2024"}) {
			t.Errorf("residencies %q (the unpublished one must not show)", links)
		}
		if href, _ := r.Doc.Find(`a[href^="/kulturaktorer?konstform="]`).Attr("href"); href != "/kulturaktorer?konstform=dans" {
			t.Errorf("art form link %q", href)
		}
		if !strings.Contains(r.TestID("actor").Text(), "kommunkoreograf i Huddinge") {
			t.Errorf("description missing")
		}
	})

	t.Run("actor with a home municipality", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kulturaktorer/stygnkollektivet")
		if href, _ := r.Doc.Find(`a[href^="/kommuner/"]`).Attr("href"); href != "/kommuner/nacka" {
			t.Errorf("home municipality link %q", href)
		}
		if got := testutil.Attrs(r.TestID("residency-link"), "href"); !slices.Equal(got, []string{"/residens/broderi-och-second-hand-i-nacka"}) {
			t.Errorf("residencies %q", got)
		}
	})

	t.Run("actor without residencies", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kulturaktorer/ny-konstnar")
		if r.TestID("no-residencies").Length() != 1 {
			t.Errorf("no message about the missing residencies")
		}
	})
}

func TestNotFound(t *testing.T) {
	f := newFixture(t)
	site := testutil.Site(t, f.pool)
	for _, path := range []string{
		"/kulturaktorer/finns-inte",
		"/kulturaktorer/jelnek-kopia", // unpublished
		"/kulturaktorer/JELNEK",
		"/kulturaktorer/%ff",
		"/kulturaktorer/..%2f",
		"/kulturaktorer/" + strings.Repeat("j", 4000),
		"/kulturaktorer/jelnek%00",
		"/kulturaktorer/jelnek/residens",
	} {
		name := path
		if len(name) > 60 {
			name = name[:60] + "…"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := testutil.Get(t, site, path)
			if r.Status != http.StatusNotFound {
				t.Fatalf("status %d, want 404", r.Status)
			}
			testutil.CheckPage(t, path, r)
			if got := r.Text("error-heading"); got != "Sidan finns inte" {
				t.Errorf("h1 %q", got)
			}
		})
	}
}

func TestShowPageContact(t *testing.T) {
	pool := testutil.DemoDB(t)
	site := testutil.Site(t, pool)
	if r := testutil.GetOK(t, site, "/kulturaktorer/jelnek"); r.TestID("actor-contact").Length() != 0 {
		t.Fatal("a contact link shown for an actor without a contact address")
	}
	if _, err := pool.Exec(t.Context(), `UPDATE cultural_actors SET contact_email = 'kontakt@jelnek.example' WHERE slug = 'jelnek'`); err != nil {
		t.Fatal(err)
	}
	r := testutil.GetOK(t, site, "/kulturaktorer/jelnek")
	if href, _ := r.TestID("actor-contact").Attr("href"); href != "mailto:kontakt@jelnek.example" {
		t.Fatalf("contact link %q, want mailto:kontakt@jelnek.example", href)
	}
}
