package booking_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/testutil"
)

// checkForm fails when a visible field has no label or an error-summary
// link points at no element.
func checkForm(t *testing.T, target string, r *testutil.Response) {
	t.Helper()
	r.Doc.Find("input, textarea, select").Each(func(_ int, f *goquery.Selection) {
		if typ, _ := f.Attr("type"); typ == "hidden" {
			return
		}
		id, _ := f.Attr("id")
		if id == "" || r.Doc.Find(`label[for="`+id+`"]`).Length() != 1 {
			name, _ := f.Attr("name")
			t.Errorf("%s: field %q (id %q) has no label", target, name, id)
		}
	})
	r.TestID("error-summary").Find("a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		if r.Doc.Find(`[id="`+strings.TrimPrefix(href, "#")+`"]`).Length() != 1 {
			t.Errorf("%s: error link %s leads nowhere", target, href)
		}
	})
}

func TestPages(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.consultant(t, "Klara Konsulent")
	id := s.hold(t, c, monday(9), "Nora")
	for _, target := range []string{"/konsulent/tillganglighet", "/konsulent/bokningar", "/konsulent/bokningar/" + id} {
		r := s.get(t, target, c)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d", target, r.Status)
		}
		testutil.CheckPage(t, target, r)
		checkForm(t, target, r)
		if got := r.Doc.Find(`[data-testid="konsulent-nav"] a[aria-current="page"]`).Text(); got == "" {
			t.Errorf("GET %s: no current item in the sub-navigation", target)
		}
	}
	r := s.post(t, "/konsulent/bokningar/"+id+"/avboj", c, url.Values{"skal": {""}})
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-avboj-skal").Length() != 1 {
		t.Fatalf("decline without reason: %d, error shown %d", r.Status, r.TestID("error-avboj-skal").Length())
	}
	checkForm(t, "decline without reason", r)
	form := availabilityForm()
	form.Set("dag-1-1-slut", "08:00")
	r = s.post(t, "/konsulent/tillganglighet", c, form)
	checkForm(t, "availability with an error", r)
}
