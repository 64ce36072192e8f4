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
	seen := map[string]bool{}
	r.Doc.Find("[id]").Each(func(_ int, e *goquery.Selection) {
		id, _ := e.Attr("id")
		if seen[id] {
			t.Errorf("%s: id %q is used twice", target, id)
		}
		seen[id] = true
	})
	r.Doc.Find("[aria-describedby]").Each(func(_ int, e *goquery.Selection) {
		ids, _ := e.Attr("aria-describedby")
		if strings.TrimSpace(ids) == "" {
			t.Errorf("%s: an empty aria-describedby", target)
		}
		for _, id := range strings.Fields(ids) {
			if !seen[id] {
				t.Errorf("%s: aria-describedby names %q, which is not on the page", target, id)
			}
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
	r := s.post(t, "/konsulent/bokningar/"+id+"/avboj", c, url.Values{"avboj-skal": {""}})
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-avboj-skal").Length() != 1 {
		t.Fatalf("decline without reason: %d, error shown %d", r.Status, r.TestID("error-avboj-skal").Length())
	}
	checkForm(t, "decline without reason", r)
	if f := r.Doc.Find("#avboj-skal"); f.AttrOr("aria-invalid", "") != "true" || !strings.Contains(f.AttrOr("aria-describedby", ""), "avboj-skal-error") {
		t.Errorf("the decline reason in error: aria-invalid %q, aria-describedby %q; want it tied to its error",
			f.AttrOr("aria-invalid", ""), f.AttrOr("aria-describedby", ""))
	}
	if r.TestID("cancel").Find("textarea").AttrOr("aria-invalid", "") != "" {
		t.Errorf("the cancel form's reason is marked invalid for the decline form's error")
	}
	if r.Doc.Find(`dl.facts[data-testid="booking-facts"]`).Length() != 1 {
		t.Errorf("the booking's facts are not a .facts list")
	}
	for _, id := range []string{"decline", "cancel"} {
		if r.TestID(id).Find("button.button-danger").Length() != 1 {
			t.Errorf("the %s form has no destructive button", id)
		}
		if r.TestID(id).Closest(".panel").Find("h3").Length() != 1 {
			t.Errorf("the %s form is not in a panel with a heading", id)
		}
	}
	form := availabilityForm()
	form.Set("dag-1-1-slut", "08:00")
	r = s.post(t, "/konsulent/tillganglighet", c, form)
	checkForm(t, "availability with an error", r)
}
