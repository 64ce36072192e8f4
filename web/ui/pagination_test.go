package ui

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestPagerHref(t *testing.T) {
	p := Pager{Page: 2, Pages: 5, Base: "/residens", Param: "sida",
		Query: url.Values{"kommun": {"nacka"}, "q": {"slöjd & dans"}, "sida": {"2"}}}
	tests := []struct {
		n    int
		want string
	}{
		// Page 1 has no parameter, so a list's first page has one URL.
		{1, "/residens?kommun=nacka&q=sl%C3%B6jd+%26+dans"},
		{3, "/residens?kommun=nacka&q=sl%C3%B6jd+%26+dans&sida=3"},
	}
	for _, tt := range tests {
		if got := p.Href(tt.n); got != tt.want {
			t.Errorf("Href(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	if got := (Pager{Base: "/kulturaktorer", Param: "sida"}).Href(1); got != "/kulturaktorer" {
		t.Errorf("Href(1) without filters = %q", got)
	}
	if got := (Pager{Base: "/kulturaktorer", Param: "sida"}).Href(4); got != "/kulturaktorer?sida=4" {
		t.Errorf("Href(4) without filters = %q", got)
	}
	// Href must not change the pager's own query.
	if p.Query.Get("sida") != "2" {
		t.Errorf("Href changed the pager's query")
	}
}

// linkString writes the links as "1 … 4 [5] 6 … 10".
func linkString(ls []PageLink) string {
	var parts []string
	for _, l := range ls {
		switch {
		case l.Gap:
			parts = append(parts, "…")
		case l.Current:
			parts = append(parts, "["+strconv.Itoa(l.Number)+"]")
		default:
			parts = append(parts, strconv.Itoa(l.Number))
		}
	}
	return strings.Join(parts, " ")
}

func TestPagerLinks(t *testing.T) {
	tests := []struct {
		page, pages int
		want        string
	}{
		{1, 0, ""},
		{1, 1, "[1]"},
		{1, 2, "[1] 2"},
		{1, 10, "[1] 2 3 … 10"},
		{5, 10, "1 2 3 4 [5] 6 7 … 10"},
		{6, 12, "1 … 4 5 [6] 7 8 … 12"},
		{10, 10, "1 … 8 9 [10]"},
		{4, 7, "1 2 3 [4] 5 6 7"},
		{4, 8, "1 2 3 [4] 5 6 7 8"},
		{4, 9, "1 2 3 [4] 5 6 … 9"},
		{3, 5, "1 2 [3] 4 5"},
	}
	for _, tt := range tests {
		p := Pager{Page: tt.page, Pages: tt.pages, Base: "/residens", Param: "sida"}
		if got := linkString(p.Links()); got != tt.want {
			t.Errorf("page %d of %d: %q, want %q", tt.page, tt.pages, got, tt.want)
		}
	}
	for _, l := range (Pager{Page: 2, Pages: 3, Base: "/r", Param: "sida", Query: url.Values{"q": {"x"}}}).Links() {
		if !strings.Contains(l.Href, "q=x") {
			t.Errorf("link %d %q drops the filter", l.Number, l.Href)
		}
	}
}

func renderPager(t *testing.T, p Pager) *goquery.Document {
	t.Helper()
	var b strings.Builder
	if err := Pagination(p).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestPaginationMarkup(t *testing.T) {
	q := url.Values{"status": {"avslutade"}}
	t.Run("single page renders nothing", func(t *testing.T) {
		if doc := renderPager(t, Pager{Page: 1, Pages: 1, Base: "/residens", Param: "sida", Query: q}); doc.Find("nav").Length() != 0 {
			t.Errorf("a pager for one page")
		}
	})
	t.Run("first page", func(t *testing.T) {
		doc := renderPager(t, Pager{Page: 1, Pages: 3, Base: "/residens", Param: "sida", Query: q})
		nav := doc.Find(`nav[data-testid="pagination"]`)
		if label, _ := nav.Attr("aria-label"); label == "" {
			t.Errorf("the pager landmark has no label")
		}
		if doc.Find(`[data-testid="page-prev"]`).Length() != 0 {
			t.Errorf("previous link on the first page")
		}
		if href, _ := doc.Find(`[data-testid="page-next"]`).Attr("href"); href != "/residens?sida=2&status=avslutade" {
			t.Errorf("next %q", href)
		}
		cur := doc.Find(`[aria-current="page"]`)
		if cur.Length() != 1 || strings.TrimSpace(cur.Text()) != "Sida 1" {
			t.Errorf("current page %q", cur.Text())
		}
	})
	t.Run("last page", func(t *testing.T) {
		doc := renderPager(t, Pager{Page: 3, Pages: 3, Base: "/residens", Param: "sida", Query: q})
		if href, _ := doc.Find(`[data-testid="page-prev"]`).Attr("href"); href != "/residens?sida=2&status=avslutade" {
			t.Errorf("previous %q", href)
		}
		if rel, _ := doc.Find(`[data-testid="page-prev"]`).Attr("rel"); rel != "prev" {
			t.Errorf("rel %q", rel)
		}
		if doc.Find(`[data-testid="page-next"]`).Length() != 0 {
			t.Errorf("next link on the last page")
		}
	})
	t.Run("gaps are hidden from screen readers", func(t *testing.T) {
		doc := renderPager(t, Pager{Page: 6, Pages: 12, Base: "/residens", Param: "sida"})
		if n := doc.Find(`span[aria-hidden="true"]`).Length(); n != 2 {
			t.Errorf("%d hidden gaps, want 2", n)
		}
	})
}
