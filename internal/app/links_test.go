package app_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// TestNoForbiddenLinks crawls the site as each kind of signed-in visitor,
// from the start page and their own pages, and follows every link on every
// page it reaches: none may lead to a 403, and every page's main menu leads
// to the advisory meetings and the open calls. A page that offers a link its
// visitor may not follow (an "Ansök" to a consultant, a link to the artist's
// own applications on a consultant's page) is a dead end that says nothing
// of why.
func TestNoForbiddenLinks(t *testing.T) {
	pool := testutil.DemoDB(t)
	// An open call (its page offers "Ansök") and a closed one (its outcome
	// page previews the artists' e-mail), whatever the demo's dates are.
	now := testutil.Clock()
	testutil.InsertCall(t, pool, testutil.Call{Slug: "oppen-utlysning", Title: "Öppen utlysning",
		OpensAt: now.Add(-48 * time.Hour), ClosesAt: now.Add(30 * 24 * time.Hour)})
	testutil.InsertCall(t, pool, testutil.Call{Slug: "stangd-utlysning", Title: "Stängd utlysning",
		OpensAt: now.Add(-60 * 24 * time.Hour), ClosesAt: now.Add(-24 * time.Hour)})
	site := testutil.NewSite(t, testutil.SiteOptions{Pool: pool})
	h, sessions := site.H, site.Sessions

	const maxPages = 250
	for _, v := range visitors {
		if v.role == "" || v.disabled {
			continue
		}
		t.Run(v.name, func(t *testing.T) {
			cookie := sessionCookie(t, pool, sessions, mustAccount(t, pool, v))
			queue := []string{"/", "/konto", "/utlysningar", "/radgivning"}
			seen := map[string]bool{}
			for _, p := range queue {
				seen[p] = true
			}
			for len(queue) > 0 && len(seen) < maxPages {
				page := queue[0]
				queue = queue[1:]
				req := httptest.NewRequest(http.MethodGet, page, nil)
				req.AddCookie(cookie)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code == http.StatusForbidden {
					t.Errorf("%s: 403 for %s, linked from a page it was shown", page, v.name)
					continue
				}
				if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
					continue
				}
				doc, err := goquery.NewDocumentFromReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				// A consultant's page has the consultants' menu once, drawn
				// by the layout; a juror's has none (its links are not
				// theirs).
				if strings.HasPrefix(page, "/konsulent/") {
					want := 0
					if v.role == auth.RoleConsultant || v.role == auth.RoleAdmin {
						want = 1
					}
					if n := doc.Find(`[data-testid="konsulent-nav"]`).Length(); n != want {
						t.Errorf("%s as %s: %d consultants' menus, want %d", page, v.name, n, want)
					}
				}
				// The advisory meetings and the open calls are found from
				// every page (WCAG 2.4.5).
				for _, want := range []string{"/radgivning", "/utlysningar"} {
					if doc.Find(`nav[aria-label="Huvudmeny"] a[href="`+want+`"]`).Length() != 1 {
						t.Errorf("%s: the main menu lacks a link to %s", page, want)
					}
				}
				doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
					href, _ := a.Attr("href")
					u, err := url.Parse(href)
					if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") ||
						strings.HasPrefix(u.Path, "/static/") || strings.HasPrefix(u.Path, "/bilder/") {
						return
					}
					target := u.Path
					if u.RawQuery != "" {
						target += "?" + u.RawQuery
					}
					if !seen[target] && len(seen) < maxPages {
						seen[target] = true
						queue = append(queue, target)
					}
				})
			}
			t.Logf("%s: %d pages", v.name, len(seen))
		})
	}
}
