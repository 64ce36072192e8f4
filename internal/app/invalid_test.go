package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/testutil"
)

// checkInvalidPage fails unless a form sent back with errors says so the
// way the kit does: "Fel: " first in the title, every field marked
// aria-invalid tied by aria-describedby to elements that exist, one of them
// holding its message, and every link of the error summary leading to an
// element on the page. A hand-written field misses one of these.
func checkInvalidPage(t *testing.T, what string, doc *goquery.Document) {
	t.Helper()
	if title := doc.Find("title").Text(); !strings.HasPrefix(title, "Fel: ") {
		t.Errorf("%s: title %q lacks Fel:", what, title)
	}
	doc.Find(`[aria-invalid="true"]`).Each(func(_ int, f *goquery.Selection) {
		id, _ := f.Attr("id")
		ids := strings.Fields(f.AttrOr("aria-describedby", ""))
		if len(ids) == 0 {
			t.Errorf("%s: invalid field #%s has no aria-describedby", what, id)
			return
		}
		said := false
		for _, d := range ids {
			el := doc.Find("#" + d)
			if el.Length() != 1 {
				t.Errorf("%s: invalid field #%s is described by #%s, which the page has %d of", what, id, d, el.Length())
			}
			said = said || strings.TrimSpace(el.Text()) != ""
		}
		if !said {
			t.Errorf("%s: invalid field #%s is described by nothing that says what is wrong", what, id)
		}
	})
	doc.Find(`.error-summary a[href^="#"]`).Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		if doc.Find(`[id="`+strings.TrimPrefix(href, "#")+`"]`).Length() != 1 {
			t.Errorf("%s: the error summary links to %s, which is not on the page", what, href)
		}
	})
}

// TestPublicFormsSentBackEmpty sends the public forms empty: each comes
// back 422 as the kit draws an invalid form.
func TestPublicFormsSentBackEmpty(t *testing.T) {
	h := testutil.Site(t, testutil.DemoDB(t))
	for _, path := range []string{"/registrera", "/glomt-losenord", "/logga-in", "/registrera/ny-lank", "/radgivning/boka",
		"/evenemang/kulturfrukost-i-nacka/anmal", "/evenemang/speed-dejting-kultur-moter-kommun/anmal"} {
		r := testutil.Serve(t, h, testutil.Request(http.MethodPost, path, url.Values{}, nil))
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST %s empty: %d, want 422", path, r.Status)
			continue
		}
		if r.Doc.Find(`[aria-invalid="true"]`).Length() == 0 {
			t.Errorf("POST %s empty: no field marked invalid", path)
		}
		checkInvalidPage(t, "POST "+path, r.Doc)
	}
}

// TestPublicGetFormsWithUnknownValues sends the public GET forms that
// answer a question (not a filter, which drops what it does not know) values
// they do not know: each comes back 422 as the kit draws an invalid form.
func TestPublicGetFormsWithUnknownValues(t *testing.T) {
	h := testutil.Site(t, testutil.DemoDB(t))
	for _, target := range []string{"/vem-kontaktar-jag?amne=allt&konstform=opera&kommun=atlantis"} {
		r := testutil.Get(t, h, target)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("GET %s: %d, want 422", target, r.Status)
			continue
		}
		if n := r.Doc.Find(`[aria-invalid="true"]`).Length(); n != 3 {
			t.Errorf("GET %s: %d fields marked invalid, want 3", target, n)
		}
		checkInvalidPage(t, "GET "+target, r.Doc)
	}
}
