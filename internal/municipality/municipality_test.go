package municipality_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/httpx"
	"residens/internal/municipality"
	"residens/internal/seed"
	"residens/internal/testutil"
)

// demoCounts works out from the demo data how many residencies of each
// municipality are ongoing and completed at testutil.Now.
func demoCounts() map[string][2]int {
	out := map[string][2]int{}
	for _, r := range seed.DemoResidencies {
		c := out[r.Municipality]
		switch {
		case r.StartDays <= 0 && r.EndDays >= 0:
			c[0]++
		case r.EndDays < 0:
			c[1]++
		}
		out[r.Municipality] = c
	}
	return out
}

func TestStoreList(t *testing.T) {
	pool := testutil.DemoDB(t)
	// Unpublished and upcoming residencies count as neither.
	testutil.InsertResidency(t, pool, testutil.Residency{Slug: "dold", Title: "Dold", Municipality: "nacka",
		StartsOn: testutil.Days(-1), EndsOn: testutil.Days(1), Unpublished: true})
	testutil.InsertResidency(t, pool, testutil.Residency{Slug: "snart", Title: "Snart", Municipality: "nacka",
		StartsOn: testutil.Days(1), EndsOn: testutil.Days(10)})
	ms, err := municipality.NewStore(pool).List(context.Background(), testutil.Today())
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != len(seed.StockholmMunicipalities) {
		t.Fatalf("%d municipalities, want %d", len(ms), len(seed.StockholmMunicipalities))
	}
	want := demoCounts()
	for _, m := range ms {
		if got := [2]int{m.Ongoing, m.Completed}; got != want[m.Slug] {
			t.Errorf("%s: [ongoing completed] = %v, want %v", m.Name, got, want[m.Slug])
		}
		if len(m.Code) != 4 || m.County != "Stockholms län" {
			t.Errorf("%s: code %q county %q", m.Name, m.Code, m.County)
		}
	}
	if ms[0].Name != "Botkyrka" || ms[len(ms)-1].Name != "Österåker" {
		t.Errorf("first %s, last %s; want Swedish order from Botkyrka to Österåker", ms[0].Name, ms[len(ms)-1].Name)
	}
}

func TestStoreBySlug(t *testing.T) {
	pool := testutil.DemoDB(t)
	s := municipality.NewStore(pool)
	m, err := s.BySlug(context.Background(), "nacka")
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "Nacka" || m.Code != "0182" {
		t.Errorf("got %+v", m)
	}
	for _, slug := range []string{"atlantis", "NACKA", ""} {
		if _, err := s.BySlug(context.Background(), slug); httpx.ErrorCode(err) != httpx.CodeNotFound {
			t.Errorf("BySlug(%q) error %v, want not found", slug, err)
		}
	}
}

func TestListPage(t *testing.T) {
	pool := testutil.DemoDB(t)
	site := testutil.Site(t, pool)
	r := testutil.GetOK(t, site, "/kommuner")
	rows := r.TestID("municipality-row")
	if rows.Length() != len(seed.StockholmMunicipalities) {
		t.Fatalf("%d rows, want %d", rows.Length(), len(seed.StockholmMunicipalities))
	}
	want := demoCounts()
	var names []string
	rows.Each(func(_ int, row *goquery.Selection) {
		link := row.Find("a")
		name := testutil.Squash(link.Text())
		names = append(names, name)
		href, _ := link.Attr("href")
		slug := strings.TrimPrefix(href, "/kommuner/")
		ongoing, _ := strconv.Atoi(row.Find(`[data-testid="ongoing-count"]`).Text())
		completed, _ := strconv.Atoi(row.Find(`[data-testid="completed-count"]`).Text())
		if got := [2]int{ongoing, completed}; got != want[slug] {
			t.Errorf("%s (%s): [ongoing completed] = %v, want %v", name, href, got, want[slug])
		}
	})
	// Spot checks that do not lean on demoCounts.
	for _, c := range []struct {
		name string
		want [2]int
	}{{"Norrtälje", [2]int{2, 0}}, {"Nacka", [2]int{1, 1}}, {"Stockholm", [2]int{1, 1}}, {"Vaxholm", [2]int{0, 1}}, {"Lidingö", [2]int{0, 0}}} {
		row := rows.FilterFunction(func(_ int, s *goquery.Selection) bool { return testutil.Squash(s.Find("a").Text()) == c.name })
		got := [2]string{row.Find(`[data-testid="ongoing-count"]`).Text(), row.Find(`[data-testid="completed-count"]`).Text()}
		if got != [2]string{strconv.Itoa(c.want[0]), strconv.Itoa(c.want[1])} {
			t.Errorf("%s: %q, want %v", c.name, got, c.want)
		}
	}
	if names[0] != "Botkyrka" || names[len(names)-1] != "Österåker" {
		t.Errorf("order %q, want Swedish order", names)
	}
	if r.Doc.Find("table caption").Length() != 1 || r.Doc.Find(`th[scope="col"]`).Length() != 3 {
		t.Errorf("the table lacks a caption or column headers")
	}
}

func TestShowPage(t *testing.T) {
	pool := testutil.DemoDB(t)
	// Salem gets more completed residencies than the page shows.
	for i := 1; i <= municipality.PerStatus+1; i++ {
		testutil.InsertResidency(t, pool, testutil.Residency{Slug: fmt.Sprintf("salem-%d", i), Title: fmt.Sprintf("Salem %d", i),
			Municipality: "salem", StartsOn: testutil.Days(-100 - i), EndsOn: testutil.Days(-50 - i)})
	}
	site := testutil.Site(t, pool)

	t.Run("ongoing and completed", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kommuner/nacka")
		if got := r.Text("municipality-name"); got != "Nacka" {
			t.Errorf("h1 %q", got)
		}
		if !strings.Contains(r.Doc.Find("p.meta").Text(), "0182") {
			t.Errorf("kommunkod missing")
		}
		groups := map[string]string{"group-pagaende": "/residens/broderi-och-second-hand-i-nacka", "group-avslutade": "/residens/kommunkoreograf-i-nacka-2024"}
		for id, href := range groups {
			links := testutil.Attrs(r.TestID(id).Find(`[data-testid="residency-link"]`), "href")
			if len(links) != 1 || links[0] != href {
				t.Errorf("%s: %q, want [%s]", id, links, href)
			}
		}
		if r.TestID("group-kommande").Length() != 0 {
			t.Errorf("an empty upcoming group is shown")
		}
		if h := testutil.Squash(r.TestID("group-pagaende").Find("h2").Text()); h != "Pågående residens (1)" {
			t.Errorf("heading %q", h)
		}
	})

	t.Run("more than a page shows", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kommuner/salem")
		g := r.TestID("group-avslutade")
		if n := g.Find(`[data-testid="residency-card"]`).Length(); n != municipality.PerStatus {
			t.Errorf("%d cards, want %d", n, municipality.PerStatus)
		}
		href, _ := g.Find(`a[href^="/residens?"]`).Attr("href")
		if href != "/residens?kommun=salem&status=avslutade" {
			t.Errorf("link to the rest %q", href)
		}
		if h := testutil.Squash(g.Find("h2").Text()); h != fmt.Sprintf("Avslutade residens (%d)", municipality.PerStatus+1) {
			t.Errorf("heading %q", h)
		}
	})

	t.Run("no residencies", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/kommuner/lidingo")
		if r.TestID("empty-state").Length() != 1 {
			t.Errorf("no empty state")
		}
	})
}

func TestNotFound(t *testing.T) {
	site := testutil.Site(t, testutil.DemoDB(t))
	for _, path := range []string{
		"/kommuner/atlantis",
		"/kommuner/NACKA",
		"/kommuner/%ff",
		"/kommuner/..%2f",
		"/kommuner/" + strings.Repeat("x", 3000),
		"/kommuner/nacka%00",
		"/kommuner/nacka/mer",
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
