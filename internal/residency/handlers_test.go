package residency_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/residency"
	"residens/internal/testutil"
)

// cardSlugs returns the residencies a page lists, in order, from the links
// of their cards.
func cardSlugs(r *testutil.Response) []string {
	out := []string{}
	for _, href := range testutil.Attrs(r.TestID("residency-link"), "href") {
		out = append(out, strings.TrimPrefix(href, "/residens/"))
	}
	return out
}

// selected returns the value of the selected option of the select named
// name, or "" when none is.
func selected(r *testutil.Response, name string) string {
	v, _ := r.Doc.Find(`form[data-testid="filter-form"] select[name="` + name + `"] option[selected]`).Attr("value")
	return v
}

func query(t *testing.T, href string) url.Values {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		t.Fatalf("parse %q: %v", href, err)
	}
	return u.Query()
}

func TestListPage(t *testing.T) {
	pool := testutil.DemoDB(t)
	site := testutil.Site(t, pool)
	rows := demoRows()
	today := testutil.Today()
	count := func(st residency.Status) int {
		n := 0
		for _, r := range rows {
			if st == "" || r.status(today) == st {
				n++
			}
		}
		return n
	}

	t.Run("all", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/residens")
		if got := r.Text("hits"); got != fmt.Sprintf("%d residens hittades", len(rows)) {
			t.Errorf("hits %q", got)
		}
		if got := len(cardSlugs(r)); got != len(rows) {
			t.Errorf("%d cards, want %d", got, len(rows))
		}
		if cur, _ := r.TestID("tab-alla").Attr("aria-current"); cur != "page" {
			t.Errorf("the Alla tab is not marked current")
		}
		// One page only: no pager.
		if r.TestID("pagination").Length() != 0 {
			t.Errorf("pager shown for a single page")
		}
		if r.TestID("filter-clear").Length() != 0 {
			t.Errorf("Rensa filter shown with no filter set")
		}
		if title := r.Doc.Find("title").Text(); title != "Alla residens – Residens" {
			t.Errorf("title %q", title)
		}
	})

	// Each tab shows its status, marks itself current, and keeps the status
	// in the form so that a search stays within it.
	for _, st := range residency.Statuses {
		t.Run("tab "+string(st), func(t *testing.T) {
			t.Parallel()
			r := testutil.GetOK(t, site, "/residens?status="+string(st))
			want := count(st)
			got := cardSlugs(r)
			if len(got) != want {
				t.Errorf("%d cards, want %d", len(got), want)
			}
			for _, s := range got {
				if row := rowBySlug(rows, s); row.status(today) != st {
					t.Errorf("%s is %s, listed under %s", s, row.status(today), st)
				}
			}
			for _, badge := range testutil.Texts(r.TestID("status")) {
				if badge != st.Label() {
					t.Errorf("badge %q on the %s tab", badge, st)
				}
			}
			if cur, _ := r.TestID("tab-" + string(st)).Attr("aria-current"); cur != "page" {
				t.Errorf("tab not marked current")
			}
			if r.Doc.Find(`[aria-current="page"]`).Length() != 2 { // the tab and the main menu entry
				t.Errorf("%d elements marked current, want the tab and the menu entry", r.Doc.Find(`[aria-current="page"]`).Length())
			}
			if v, _ := r.Doc.Find(`form[data-testid="filter-form"] input[name="status"]`).Attr("value"); v != string(st) {
				t.Errorf("hidden status field %q", v)
			}
			if want == 0 && r.TestID("empty-state").Length() != 1 {
				t.Errorf("no empty state with no residencies")
			}
			if title := r.Doc.Find("title").Text(); !strings.HasPrefix(title, st.TabLabel()+" residens") {
				t.Errorf("title %q does not name the status", title)
			}
		})
	}

	t.Run("filters are reflected in the form", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/residens?kommun=nacka&konstform=dans&malgrupp=barn&plats=kulturhus&ar=2024&q=koreograf")
		for name, want := range map[string]string{"kommun": "nacka", "konstform": "dans", "malgrupp": "barn", "plats": "kulturhus", "ar": "2024"} {
			if got := selected(r, name); got != want {
				t.Errorf("select %s: selected %q, want %q", name, got, want)
			}
		}
		if v, _ := r.Doc.Find(`input#q`).Attr("value"); v != "koreograf" {
			t.Errorf("search field %q", v)
		}
		if got := cardSlugs(r); !slices.Equal(got, []string{"kommunkoreograf-i-nacka-2024"}) {
			t.Errorf("cards %q", got)
		}
		if got := r.Text("hits"); got != "1 residens hittades" {
			t.Errorf("hits %q", got)
		}
		if len(r.Notices()) != 0 {
			t.Errorf("notices %q for valid filters", r.Notices())
		}
		// Rensa filter drops every filter.
		if href, _ := r.TestID("filter-clear").Attr("href"); href != "/residens" {
			t.Errorf("Rensa filter goes to %q", href)
		}
		// Each active filter is a chip whose link removes it alone; the
		// filters other than the search sit behind the "Filtrera"
		// disclosure, which counts them.
		chips := r.TestID("chip")
		if chips.Length() != 6 {
			t.Errorf("%d chips for six active filters", chips.Length())
		}
		chips.Each(func(_ int, c *goquery.Selection) {
			href, _ := c.Attr("href")
			if q := query(t, href); len(q) != 5 {
				t.Errorf("chip %q removes %d filters, want one", testutil.Squash(c.Text()), 6-len(q))
			}
		})
		if got := testutil.Squash(r.TestID("filter-details").Find("summary").Text()); got != "Filtrera (5 valda)" {
			t.Errorf("disclosure %q", got)
		}
		// The tabs keep the filters and change only the status.
		href, _ := r.TestID("tab-avslutade").Attr("href")
		q := query(t, href)
		for k, v := range map[string]string{"status": "avslutade", "kommun": "nacka", "konstform": "dans", "malgrupp": "barn", "plats": "kulturhus", "ar": "2024", "q": "koreograf"} {
			if q.Get(k) != v {
				t.Errorf("Avslutade tab %q: %s=%q, want %q", href, k, q.Get(k), v)
			}
		}
		if href, _ := r.TestID("tab-alla").Attr("href"); query(t, href).Has("status") {
			t.Errorf("Alla tab %q keeps a status", href)
		}
	})

	t.Run("Rensa filter keeps the status", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/residens?status=avslutade&kommun=nacka")
		if href, _ := r.TestID("filter-clear").Attr("href"); href != "/residens?status=avslutade" {
			t.Errorf("Rensa filter goes to %q", href)
		}
	})

	t.Run("search", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/residens?q=sl%C3%B6jd")
		got := cardSlugs(r)
		if len(got) != 3 || got[0] != "slojd-pa-ekero-kulturhus" {
			t.Errorf("q=slöjd lists %q, want the three slöjd residencies with Ekerö first", got)
		}
		if v, _ := r.Doc.Find(`input#q`).Attr("value"); v != "slöjd" {
			t.Errorf("search field %q", v)
		}
		if title := r.Doc.Find("title").Text(); !strings.Contains(title, "slöjd") {
			t.Errorf("title %q does not name the search", title)
		}
	})

	t.Run("empty state offers to remove each filter", func(t *testing.T) {
		t.Parallel()
		all := map[string]string{"status": "kommande", "kommun": "nacka", "konstform": "dans", "malgrupp": "aldre", "plats": "skola", "ar": "2023", "q": "cirkus"}
		v := url.Values{}
		for k, x := range all {
			v.Set(k, x)
		}
		r := testutil.GetOK(t, site, "/residens?"+v.Encode())
		if r.TestID("empty-state").Length() != 1 || len(cardSlugs(r)) != 0 {
			t.Fatalf("no empty state")
		}
		if got := r.Text("hits"); got != "Inga residens hittades" {
			t.Errorf("hits %q", got)
		}
		links := testutil.Attrs(r.TestID("empty-state").Find("a"), "href")
		if len(links) != len(all) {
			t.Errorf("%d links %q, want one per filter (%d)", len(links), links, len(all))
		}
		removed := map[string]bool{}
		for _, href := range links {
			q := query(t, href)
			var gone []string
			for k, x := range all {
				switch q.Get(k) {
				case "":
					gone = append(gone, k)
				case x:
				default:
					t.Errorf("%q changes %s", href, k)
				}
			}
			if len(gone) != 1 {
				t.Errorf("%q removes %q, want exactly one filter", href, gone)
				continue
			}
			removed[gone[0]] = true
		}
		for k := range all {
			if !removed[k] {
				t.Errorf("no link removes %s", k)
			}
		}
	})
}

func rowBySlug(rows []row, slug string) row {
	for _, r := range rows {
		if r.slug == slug {
			return r
		}
	}
	return row{}
}

func TestListPaging(t *testing.T) {
	pool := testutil.DemoDB(t)
	const n = residency.PageSize + 5
	for i := 1; i <= n; i++ {
		testutil.InsertResidency(t, pool, testutil.Residency{Slug: fmt.Sprintf("teater-%02d", i), Title: fmt.Sprintf("Teater %02d", i),
			Municipality: "salem", StartsOn: testutil.Days(i), EndsOn: testutil.Days(i + 30), ArtForms: []string{"teater"}})
	}
	site := testutil.Site(t, pool)
	const base = "/residens?status=kommande&konstform=teater"

	r := testutil.GetOK(t, site, base)
	if got := r.Text("hits"); got != fmt.Sprintf("%d residens hittades", n) {
		t.Errorf("hits %q", got)
	}
	if got := cardSlugs(r); len(got) != residency.PageSize || got[0] != "teater-01" {
		t.Errorf("page 1: %d cards from %q", len(got), got[0])
	}
	next, _ := r.TestID("page-next").Attr("href")
	q := query(t, next)
	if q.Get("sida") != "2" || q.Get("status") != "kommande" || q.Get("konstform") != "teater" {
		t.Errorf("next link %q does not keep the filters", next)
	}
	if r.TestID("page-prev").Length() != 0 {
		t.Errorf("previous link on the first page")
	}
	// Every numbered link keeps the filters too.
	r.TestID("pagination").Find("a").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if q := query(t, href); q.Get("status") != "kommande" || q.Get("konstform") != "teater" {
			t.Errorf("pager link %q drops a filter", href)
		}
	})

	r2 := testutil.GetOK(t, site, next)
	if got := cardSlugs(r2); len(got) != 5 || got[4] != fmt.Sprintf("teater-%02d", n) {
		t.Errorf("page 2: %q", got)
	}
	if cur := r2.TestID("pagination").Find(`[aria-current="page"]`); testutil.Squash(cur.Text()) != "Sida 2" {
		t.Errorf("current page %q", cur.Text())
	}
	prev, _ := r2.TestID("page-prev").Attr("href")
	if query(t, prev).Has("sida") || query(t, prev).Get("konstform") != "teater" {
		t.Errorf("previous link %q: page 1 has no sida and keeps the filters", prev)
	}
	if r2.TestID("page-next").Length() != 0 {
		t.Errorf("next link on the last page")
	}
	if title := r2.Doc.Find("title").Text(); !strings.Contains(title, "sida 2") {
		t.Errorf("title %q does not say page 2", title)
	}
}

func TestBadListInput(t *testing.T) {
	pool := testutil.DemoDB(t)
	site := testutil.Site(t, pool)
	total := len(demoRows())
	long := strings.Repeat("dans ", 1800) // 9,000 characters
	tests := []struct {
		name, query string
		notice      string // a part of the notice that must show; "" for none
		cards       int    // -1: do not check
		check       func(t *testing.T, r *testutil.Response)
	}{
		{"unknown kommun", "kommun=atlantis", "atlantis", total, func(t *testing.T, r *testutil.Response) {
			if selected(r, "kommun") != "" {
				t.Errorf("a municipality is still selected")
			}
		}},
		{"unknown status", "status=x", "Statusen", total, func(t *testing.T, r *testutil.Response) {
			if cur, _ := r.TestID("tab-alla").Attr("aria-current"); cur != "page" {
				t.Errorf("the Alla tab is not current")
			}
			if r.Doc.Find(`input[name="status"]`).Length() != 0 {
				t.Errorf("the dropped status is kept in the form")
			}
		}},
		{"unknown konstform", "konstform=rockabilly", "rockabilly", total, nil},
		{"unknown malgrupp", "malgrupp=hundar", "hundar", total, nil},
		{"unknown plats", "plats=rymden", "rymden", total, nil},
		{"ar not a number", "ar=abc", "abc", total, nil},
		{"ar out of range", "ar=1066", "1066", total, nil},
		{"a dropped filter leaves the others", "kommun=atlantis&konstform=dans", "atlantis", 5, func(t *testing.T, r *testutil.Response) {
			if selected(r, "konstform") != "dans" {
				t.Errorf("konstform lost")
			}
		}},
		{"sida not a number", "sida=abc", "abc", total, nil},
		{"sida negative", "sida=-3", "-3", total, nil},
		{"sida zero", "sida=0", "första sidan", total, nil},
		{"sida past the end", "sida=999999", "sista sidan", total, nil},
		{"sida too large for an int", "sida=99999999999999999999999", "sista sidan", total, nil},
		{"very long q", "q=" + url.QueryEscape(long), "200 tecken", -1, func(t *testing.T, r *testutil.Response) {
			v, _ := r.Doc.Find("input#q").Attr("value")
			if n := utf8.RuneCountInString(v); n == 0 || n > residency.MaxQueryLength {
				t.Errorf("search field holds %d characters, want 1–%d", n, residency.MaxQueryLength)
			}
		}},
		{"invalid UTF-8", "q=%ff%fe", "tecken", total, nil},
		{"invalid UTF-8 inside a word", "q=sl%C3%B6jd%ff", "tecken", 3, nil},
		{"invalid percent-encoding", "q=%zz", "kunde inte läsas", -1, nil},
		{"NUL", "q=%00", "", total, nil},
		{"NUL inside a word", "q=cir%00kus", "", 3, nil},
		{"stop words only", "q=och", "småord", total, nil},
		{"tsquery syntax is not an error", "q=" + url.QueryEscape(`dans & | ! <-> :* ( "`), "", -1, nil},
		{"unknown parameter is ignored", "foo=bar", "", total, nil},
		{"several bad values at once", "status=x&kommun=atlantis&sida=abc", "atlantis", total, func(t *testing.T, r *testutil.Response) {
			if n := len(r.Notices()); n != 3 {
				t.Errorf("%d notices %q, want 3", n, r.Notices())
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			target := "/residens?" + tt.query
			r := testutil.GetOK(t, site, target)
			notices := strings.Join(r.Notices(), " | ")
			if tt.notice == "" && notices != "" {
				t.Errorf("unexpected notices %q", notices)
			}
			if tt.notice != "" && !strings.Contains(notices, tt.notice) {
				t.Errorf("notices %q, want one mentioning %q", notices, tt.notice)
			}
			if tt.cards >= 0 && len(cardSlugs(r)) != tt.cards {
				t.Errorf("%d cards, want %d", len(cardSlugs(r)), tt.cards)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestShowPage(t *testing.T) {
	pool := testutil.DemoDB(t)
	body := "# Rubrik i texten\n\nEtt stycke med **fetstil**.\n\n" +
		"<script>alert('xss')</script>\n\n" +
		`<img src="x" onerror="alert(1)">` + "\n\n" +
		`<iframe src="https://example.com"></iframe>` + "\n\n" +
		"[Farlig länk](javascript:alert(1)) och [bra länk](https://example.com)\n"
	testutil.InsertResidency(t, pool, testutil.Residency{Slug: "osakert-innehall", Title: "Osäkert innehåll",
		Municipality: "salem", StartsOn: testutil.Days(10), EndsOn: testutil.Days(20), Body: body, Summary: "Sammanfattning <b>inte fet</b>"})
	// Updated just after midnight Stockholm time, on the day clocks go
	// forward: the page must show the Stockholm date, not the UTC one.
	if _, err := pool.Exec(context.Background(), `UPDATE residencies SET updated_at = '2026-03-28 23:30:00+00' WHERE slug = 'osakert-innehall'`); err != nil {
		t.Fatal(err)
	}
	testutil.InsertResidency(t, pool, testutil.Residency{Slug: "utan-allt", Title: "Utan allt",
		Municipality: "lidingo", StartsOn: testutil.Days(-5), EndsOn: testutil.Days(5)})
	site := testutil.Site(t, pool)

	t.Run("completed residency with everything", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/residens/kommunkoreograf-i-nacka-2024")
		if got := r.Text("residency-title"); got != "Kommunkoreograf i Nacka 2024" {
			t.Errorf("h1 %q", got)
		}
		// The kind of residency is shown beside its status.
		if got := r.Text("kind"); got != "Kommunkoreograf" {
			t.Errorf("kind %q, want Kommunkoreograf", got)
		}
		if title := r.Doc.Find("title").Text(); title != "Kommunkoreograf i Nacka 2024 – Residens" {
			t.Errorf("title %q", title)
		}
		m := r.TestID("municipality-link")
		if href, _ := m.Attr("href"); href != "/kommuner/nacka" || testutil.Squash(m.Text()) != "Nacka" {
			t.Errorf("municipality link %q %q", href, m.Text())
		}
		facts := r.Text("facts")
		for _, want := range []string{"8 januari 2024–13 december 2024", "Dans", "Barn, Unga", "Kulturhus och fritidsgårdar i Nacka (Skola, Fritidsgård, Kulturhus)"} {
			if !strings.Contains(facts, want) {
				t.Errorf("facts %q lack %q", facts, want)
			}
		}
		if dt, _ := r.TestID("facts").Find("time").First().Attr("datetime"); dt != "2024-01-08" {
			t.Errorf("start datetime %q", dt)
		}
		if href, _ := r.TestID("facts").Find(`a[href^="/residens?"]`).Attr("href"); href != "/residens?konstform=dans" {
			t.Errorf("art form link %q", href)
		}
		if got := r.TestID("residency").Find(`[data-testid="status"]`).First().Text(); got != "Avslutat" {
			t.Errorf("status %q", got)
		}
		a := r.TestID("actor-link")
		if href, _ := a.Attr("href"); a.Length() != 1 || href != "/kulturaktorer/jelnek" || testutil.Squash(a.Text()) != "Jelnek" {
			t.Errorf("actors: %d links, first %q", a.Length(), href)
		}
		if !strings.Contains(r.Text("actors"), "Kommunkoreograf") {
			t.Errorf("actor role missing: %q", r.Text("actors"))
		}
		img := r.TestID("residency-image")
		alt, _ := img.Attr("alt")
		srcset, _ := img.Attr("srcset")
		if alt == "" || !strings.Contains(srcset, "480w") || !strings.Contains(srcset, "960w") || img.AttrOr("sizes", "") == "" {
			t.Errorf("image alt %q srcset %q", alt, srcset)
		}
		if w, h := img.AttrOr("width", ""), img.AttrOr("height", ""); w != "960" || h != "540" {
			t.Errorf("image size %s×%s", w, h)
		}
		// The body's "## Om uppdraget" sits below the page's h1 and h2s.
		if got := testutil.Squash(r.TestID("residency-body").Find("h3").First().Text()); got != "Om uppdraget" {
			t.Errorf("body heading %q", got)
		}
		if got := r.Text("figures"); got != "1 650 deltagare" {
			t.Errorf("figures %q", got)
		}
		if !strings.Contains(r.Doc.Find("main").Text(), "Jelnek nådde under året fler än 1 600 barn och unga") {
			t.Errorf("outcome text missing")
		}
		if !strings.HasPrefix(r.Text("updated"), "Uppdaterad ") {
			t.Errorf("updated %q", r.Text("updated"))
		}
		// Related: Nacka's other residency first, then other dance ones.
		related := cardSlugs(r)
		if len(related) == 0 || len(related) > 4 || related[0] != "broderi-och-second-hand-i-nacka" || slices.Contains(related, "kommunkoreograf-i-nacka-2024") {
			t.Errorf("related %q", related)
		}
	})

	t.Run("ongoing residency with a district", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/residens/mobilt-kulturhus-i-ragsved")
		if got := r.TestID("residency").Find(`[data-testid="status"]`).First().Text(); got != "Pågående" {
			t.Errorf("status %q", got)
		}
		if facts := r.Text("facts"); !strings.Contains(facts, "Rågsved") || !strings.Contains(facts, "Stockholm") {
			t.Errorf("facts %q", facts)
		}
		if got := testutil.Attrs(r.TestID("actor-link"), "href"); !slices.Equal(got, []string{"/kulturaktorer/danskollektivet-golvet", "/kulturaktorer/ensemble-bakgard"}) {
			t.Errorf("actor links %q", got)
		}
		if r.TestID("figures").Length() != 0 {
			t.Errorf("figures shown for a residency without any")
		}
	})

	t.Run("body is rendered and sanitised", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/residens/osakert-innehall")
		html, _ := r.TestID("residency-body").Html()
		for _, bad := range []string{"<script", "alert(", "onerror", "<iframe", "javascript:", "<h1"} {
			if strings.Contains(html, bad) {
				t.Errorf("body still has %q: %s", bad, html)
			}
		}
		// The site's own script, from its static files, and no other.
		if n := r.Doc.Find(`script:not([src^="/static/app."])`).Length(); n != 0 || r.Doc.Find("script").Text() != "" {
			t.Errorf("the page has %d script elements besides the site's own, or an inline script", n)
		}
		if r.TestID("residency-body").Find("strong").Text() != "fetstil" {
			t.Errorf("Markdown not rendered: %s", html)
		}
		if rel, _ := r.TestID("residency-body").Find(`a[href="https://example.com"]`).Attr("rel"); !strings.Contains(rel, "noreferrer") {
			t.Errorf("link rel %q", rel)
		}
		// The summary is text, not HTML.
		if !strings.Contains(r.Doc.Find("p.lead").Text(), "<b>inte fet</b>") {
			t.Errorf("summary not escaped")
		}
		if got := r.TestID("residency").Find(`[data-testid="status"]`).First().Text(); got != "Kommande" {
			t.Errorf("status %q", got)
		}
		if got := r.Text("updated"); got != "Uppdaterad 29 mars 2026" {
			t.Errorf("updated %q, want the Stockholm date", got)
		}
		if dt, _ := r.TestID("updated").Find("time").Attr("datetime"); dt != "2026-03-29" {
			t.Errorf("updated datetime %q", dt)
		}
	})

	t.Run("residency without image, actors or figures", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, site, "/residens/utan-allt")
		for _, id := range []string{"residency-image", "actors", "figures", "residency-body"} {
			if r.TestID(id).Length() != 0 {
				t.Errorf("%s shown with nothing to show", id)
			}
		}
	})
}

// TestShowNotFound checks that unknown and odd slugs answer the Swedish 404
// page inside the layout, never a 500.
func TestShowNotFound(t *testing.T) {
	pool := testutil.DemoDB(t)
	testutil.InsertResidency(t, pool, testutil.Residency{Slug: "opublicerat", Title: "Opublicerat", Municipality: "salem",
		StartsOn: testutil.Days(-1), EndsOn: testutil.Days(1), Unpublished: true})
	site := testutil.Site(t, pool)
	for _, path := range []string{
		"/residens/finns-inte",
		"/residens/opublicerat",
		"/residens/%ff",
		"/residens/..%2f",
		"/residens/..%2F..%2Fetc%2Fpasswd",
		"/residens/" + strings.Repeat("a", 5000),
		"/residens/KOMMUNKOREOGRAF-I-NACKA-2024",
		"/residens/kommunkoreograf-i-nacka-2024%00",
		"/residens/kommunkoreograf-i-nacka-2024%20",
		"/residens/%C3%A5",
		"/residens/-",
		"/residens/kommunkoreograf-i-nacka-2024/extra",
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
