package content_test

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"residens/internal/seed"
	"residens/internal/testutil"
)

// ongoingDemo are the slugs of the demo residencies ongoing at testutil.Now.
func ongoingDemo() []string {
	var out []string
	for _, r := range seed.DemoResidencies {
		if r.StartDays <= 0 && r.EndDays >= 0 {
			out = append(out, r.Slug)
		}
	}
	sort.Strings(out)
	return out
}

func cardSlugs(r *testutil.Response) []string {
	var out []string
	for _, href := range testutil.Attrs(r.TestID("residency-link"), "href") {
		out = append(out, strings.TrimPrefix(href, "/residens/"))
	}
	return out
}

func TestHomePage(t *testing.T) {
	t.Run("demo content", func(t *testing.T) {
		t.Parallel()
		site := testutil.Site(t, testutil.DemoDB(t))
		r := testutil.GetOK(t, site, "/")
		got := cardSlugs(r)
		sort.Strings(got)
		if want := ongoingDemo(); !slices.Equal(got, want) {
			t.Errorf("ongoing residencies %q, want %q", got, want)
		}
		for _, badge := range testutil.Texts(r.TestID("status")) {
			if badge != "Pågående" {
				t.Errorf("badge %q on the start page", badge)
			}
		}
		link := r.TestID("all-ongoing")
		if href, _ := link.Attr("href"); href != "/residens?status=pagaende" || testutil.Squash(link.Text()) != "Alla 5 pågående residens" {
			t.Errorf("link to all ongoing: %q %q", href, link.Text())
		}
		for _, href := range []string{"/residens", "/kommuner", "/kulturaktorer", "/om-residens"} {
			if r.Doc.Find(`main a[href="`+href+`"]`).Length() == 0 {
				t.Errorf("no link onward to %s", href)
			}
		}
	})

	t.Run("more ongoing than the page shows", func(t *testing.T) {
		t.Parallel()
		pool := testutil.DemoDB(t)
		for _, slug := range []string{"extra-ett", "extra-tva", "extra-tre"} {
			testutil.InsertResidency(t, pool, testutil.Residency{Slug: slug, Title: slug, Municipality: "salem",
				StartsOn: testutil.Days(-1), EndsOn: testutil.Days(1)})
		}
		r := testutil.GetOK(t, testutil.Site(t, pool), "/")
		if n := len(cardSlugs(r)); n != 6 {
			t.Errorf("%d cards, want 6", n)
		}
		if got := r.Text("all-ongoing"); got != "Alla 8 pågående residens" {
			t.Errorf("link text %q", got)
		}
	})

	t.Run("nothing ongoing", func(t *testing.T) {
		t.Parallel()
		pool := testutil.DemoDB(t)
		if _, err := pool.Exec(context.Background(), `UPDATE residencies SET published = false WHERE ends_on >= $1`, testutil.Today()); err != nil {
			t.Fatal(err)
		}
		r := testutil.GetOK(t, testutil.Site(t, pool), "/")
		if r.TestID("no-ongoing").Length() != 1 || len(cardSlugs(r)) != 0 {
			t.Errorf("no message that nothing is ongoing")
		}
	})
}

func TestFixedPages(t *testing.T) {
	site := testutil.Site(t, testutil.DemoDB(t))
	tests := []struct {
		path, h1 string
		check    func(t *testing.T, r *testutil.Response)
	}{
		{"/om-residens", "Om residens", func(t *testing.T, r *testutil.Response) {
			for _, w := range []string{"Kommunresidens", "Kommunkoreograf"} {
				if !strings.Contains(r.Doc.Find("main").Text(), w) {
					t.Errorf("does not explain %s", w)
				}
			}
		}},
		// The accessibility statement has the parts that the law on
		// accessibility to digital public services (2018:1937) and Digg's
		// template ask for.
		{"/tillganglighet", "Tillgänglighetsredogörelse", func(t *testing.T, r *testutil.Response) {
			main := testutil.Squash(r.Doc.Find("main").Text())
			if c := r.Text("compliance"); !strings.Contains(c, "förenlig") || !strings.Contains(c, "WCAG 2.1") {
				t.Errorf("compliance level: %q", c)
			}
			if r.TestID("known-gaps").Find("li").Length() == 0 {
				t.Errorf("no known gaps listed")
			}
			for part, words := range map[string][]string{
				"how it was assessed": {"testar", "axe-core"},
				"when":                {"uppdaterades senast den"},
				"how to report":       {"Rapportera", "kontakta"},
			} {
				for _, w := range words {
					if !strings.Contains(main, w) {
						t.Errorf("%s: %q missing", part, w)
					}
				}
			}
			digg := r.TestID("digg-link")
			if href, _ := digg.Attr("href"); !strings.HasPrefix(href, "https://www.digg.se/") {
				t.Errorf("link to the supervisory authority %q", href)
			}
			if !strings.Contains(main, "Myndigheten för digital förvaltning") {
				t.Errorf("the supervisory authority is not named")
			}
		}},
		{"/personuppgifter", "Personuppgifter", func(t *testing.T, r *testutil.Response) {
			if !strings.Contains(r.Doc.Find("main").Text(), "dataskyddsförordningen") {
				t.Errorf("does not name the GDPR")
			}
		}},
		{"/kakor", "Kakor", func(t *testing.T, r *testutil.Response) {
			if r.TestID("no-cookies").Length() != 1 {
				t.Errorf("does not say that no cookies are set")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			r := testutil.GetOK(t, site, tt.path)
			if got := testutil.Squash(r.Doc.Find("h1").Text()); got != tt.h1 {
				t.Errorf("h1 %q, want %q", got, tt.h1)
			}
			if title := r.Doc.Find("title").Text(); title != tt.h1+" – Residens" {
				t.Errorf("title %q", title)
			}
			tt.check(t, r)
		})
	}
}

// TestEveryPage checks, on every public page of this issue and on the error
// pages, what every page must have (one h1, lang="sv", the skip link, a title
// ending in the site name) and that none sets a cookie.
func TestEveryPage(t *testing.T) {
	site := testutil.Site(t, testutil.DemoDB(t))
	pages := []struct {
		path   string
		status int
	}{
		{"/", 200},
		{"/residens", 200},
		{"/residens?status=pagaende", 200},
		{"/residens?status=kommande", 200},
		{"/residens?status=avslutade&konstform=dans", 200},
		{"/residens?q=zzzxq", 200},
		{"/residens?kommun=atlantis&sida=-3&q=%ff", 200},
		{"/residens/kommunkoreograf-i-nacka-2024", 200},
		{"/residens/mobilt-kulturhus-i-ragsved", 200},
		{"/kommuner", 200},
		{"/kommuner?sida=%zz", 200},
		{"/kommuner/nacka", 200},
		{"/kommuner/lidingo", 200},
		{"/kulturaktorer", 200},
		{"/kulturaktorer?konstform=dans&q=jelnik", 200},
		{"/kulturaktorer/jelnek", 200},
		{"/om-residens", 200},
		{"/tillganglighet", 200},
		{"/personuppgifter", 200},
		{"/kakor", 200},
		{"/finns-inte", 404},
		{"/residens/finns-inte", 404},
		{"/kommuner/finns-inte", 404},
		{"/kulturaktorer/finns-inte", 404},
		{"/%ff", 404},
	}
	for _, p := range pages {
		t.Run(p.path, func(t *testing.T) {
			t.Parallel()
			r := testutil.Get(t, site, p.path)
			if r.Status != p.status {
				t.Fatalf("status %d, want %d", r.Status, p.status)
			}
			testutil.CheckPage(t, p.path, r)
			if c := r.Header.Values("Set-Cookie"); len(c) != 0 {
				t.Errorf("sets cookies %q", c)
			}
		})
	}
	t.Run("method not allowed", func(t *testing.T) {
		t.Parallel()
		r := testutil.Do(t, site, http.MethodDelete, "/residens")
		if r.Status != http.StatusMethodNotAllowed {
			t.Fatalf("DELETE /residens: status %d, want 405", r.Status)
		}
		testutil.CheckPage(t, "DELETE /residens", r)
	})
}
