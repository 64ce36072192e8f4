package app_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/app"
)

// TestDevPages checks that the UI kit's gallery exists only in a
// development configuration, and that what it shows is sound HTML: the
// gallery is where the kit's markup is looked at, so a broken reference
// there is a broken reference in every form.
func TestDevPages(t *testing.T) {
	t.Parallel()
	serve := func(t *testing.T, env map[string]string) *httptest.ResponseRecorder {
		t.Helper()
		h := app.NewHandler(app.Deps{Log: slog.New(slog.DiscardHandler), Config: mustConfig(t, env)})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/dev/ui", nil))
		return rec
	}
	t.Run("off by default: 404", func(t *testing.T) {
		t.Parallel()
		if rec := serve(t, nil); rec.Code != http.StatusNotFound {
			t.Errorf("GET /dev/ui = %d, want 404", rec.Code)
		}
	})
	t.Run("DEV_PAGES=off: 404", func(t *testing.T) {
		t.Parallel()
		if rec := serve(t, map[string]string{"DEV_PAGES": "off"}); rec.Code != http.StatusNotFound {
			t.Errorf("GET /dev/ui = %d, want 404", rec.Code)
		}
	})
	t.Run("DEV_PAGES=on: the gallery", func(t *testing.T) {
		t.Parallel()
		rec := serve(t, map[string]string{"DEV_PAGES": "on"})
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /dev/ui = %d, want 200", rec.Code)
		}
		body := rec.Body.String()
		if !strings.HasPrefix(strings.ToLower(body), "<!doctype html>") {
			t.Errorf("body does not start with a doctype: %.40q", body)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		checkHTMLSanity(t, doc)
		for _, want := range []string{"[data-testid=error-summary]", "[data-testid=flash]", "select[required]", "textarea", "input[type=checkbox]", "input[type=radio]", "[aria-invalid=true]", ".table", ".panel", ".chips", "button[disabled]"} {
			if doc.Find(want).Length() == 0 {
				t.Errorf("the gallery shows no %s", want)
			}
		}
	})
}

// checkHTMLSanity checks what a validator would flag first in a form
// page: one title and one h1, unique ids, no empty aria-describedby and
// no reference (label for, aria-describedby, an error summary's link) to
// an id the page lacks, novalidate on every form, and a first option with
// an empty value in every required select.
func checkHTMLSanity(t *testing.T, doc *goquery.Document) {
	t.Helper()
	if n := doc.Find("title").Length(); n != 1 {
		t.Errorf("%d title elements, want 1", n)
	}
	if n := doc.Find("h1").Length(); n != 1 {
		t.Errorf("%d h1 elements, want 1", n)
	}
	ids := map[string]int{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) { ids[s.AttrOr("id", "")]++ })
	for id, n := range ids {
		if id == "" || n > 1 {
			t.Errorf("id %q used %d times", id, n)
		}
	}
	doc.Find("[aria-describedby]").Each(func(_ int, s *goquery.Selection) {
		v := s.AttrOr("aria-describedby", "")
		if strings.TrimSpace(v) == "" {
			t.Errorf("empty aria-describedby on %s", goquery.NodeName(s))
		}
		for _, id := range strings.Fields(v) {
			if ids[id] == 0 {
				t.Errorf("aria-describedby names %q, which is not on the page", id)
			}
		}
	})
	doc.Find("label[for]").Each(func(_ int, s *goquery.Selection) {
		if id := s.AttrOr("for", ""); ids[id] == 0 {
			t.Errorf("label for %q names no element", id)
		}
	})
	doc.Find("[data-testid=error-summary] a").Each(func(_ int, s *goquery.Selection) {
		if id := strings.TrimPrefix(s.AttrOr("href", ""), "#"); ids[id] == 0 {
			t.Errorf("error summary links to %q, which is not on the page", id)
		}
	})
	doc.Find("form:not([novalidate])").Each(func(_ int, s *goquery.Selection) {
		t.Errorf("form %q has no novalidate: the browser's own bubbles would answer before the server's accessible errors", s.AttrOr("action", ""))
	})
	doc.Find("select[required]").Each(func(_ int, s *goquery.Selection) {
		if v, ok := s.Find("option").First().Attr("value"); !ok || v != "" {
			t.Errorf("required select %q: first option has value %q, want an empty placeholder", s.AttrOr("name", ""), v)
		}
	})
}
