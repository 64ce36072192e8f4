package app_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// TestSignedInPagesNeverSharedCacheable asks for the pages whose handlers
// set a Cache-Control of their own (the start page and the open calls, kept
// a minute while a call is open), with a page cache in front, as a
// consultant and anonymously. Before the one decision point, the handlers'
// "s-maxage=60" reached the signed-in consultant, so a shared cache could
// hand their page, with their name and menu, to the next visitor.
func TestSignedInPagesNeverSharedCacheable(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{cache: true})
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "kommunkoreograf-2027", Title: "Kommunkoreograf 2027",
		OpensAt: testNow.Add(-24 * time.Hour), ClosesAt: testNow.Add(30 * 24 * time.Hour)})
	consultant := mustAccount(t, s.pool, visitor{name: "konsulent", role: auth.RoleConsultant})
	s.settle(t)

	for _, path := range []string{"/", "/utlysningar", "/utlysningar/kommunkoreograf-2027", "/kommuner"} {
		t.Run(path, func(t *testing.T) {
			// Twice anonymously, so the second is a page cache hit; then
			// signed in, which must not be.
			for i := range 2 {
				res := s.do(t, http.MethodGet, path)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("anonymous %d: status %d", i, res.StatusCode)
				}
				cc := res.Header.Get("Cache-Control")
				if !strings.HasPrefix(cc, "public") {
					t.Errorf("anonymous %d (X-Cache %s): Cache-Control %q, want an explicit public one", i, res.Header.Get("X-Cache"), cc)
				}
				if got := strings.Join(res.Header.Values("Vary"), ", "); strings.Count(got, "Cookie") != 1 {
					t.Errorf("anonymous %d: Vary %q, want Cookie once", i, got)
				}
			}
			cookie := testutil.SessionCookie(t, s.pool, s.sessions, consultant)
			res := s.do(t, http.MethodGet, path, "Cookie", cookie.String())
			body := readBody(t, res)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, "konsulent") {
				t.Fatalf("signed in: status %d, or the page does not show who is signed in", res.StatusCode)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
				t.Errorf("signed in: Cache-Control %q, want private, no-store", cc)
			}
			if got := strings.Join(res.Header.Values("Vary"), ", "); !strings.Contains(got, "Cookie") {
				t.Errorf("signed in: Vary %q lacks Cookie", got)
			}
		})
	}

	t.Run("an error under a page that is kept a minute is not kept", func(t *testing.T) {
		res := s.do(t, http.MethodGet, "/utlysningar/finns-inte")
		if res.StatusCode != http.StatusNotFound || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("status %d, Cache-Control %q; want 404, no-store", res.StatusCode, res.Header.Get("Cache-Control"))
		}
	})

	t.Run("a hashed asset stays in the signed-in browser's cache only", func(t *testing.T) {
		cookie := testutil.SessionCookie(t, s.pool, s.sessions, consultant)
		res := s.do(t, http.MethodGet, "/favicon.ico")
		asset := res.Header.Get("Location")
		res = s.do(t, http.MethodGet, asset, "Cookie", cookie.String())
		if cc := res.Header.Get("Cache-Control"); cc != "private, max-age=31536000, immutable" {
			t.Errorf("%s signed in: Cache-Control %q", asset, cc)
		}
		res = s.do(t, http.MethodGet, asset)
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s anonymous: Cache-Control %q", asset, cc)
		}
	})
}
