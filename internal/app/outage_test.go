package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/db/dbtest"
)

// TestDatabaseOutage takes the database away from a site under requests, as
// stopping PostgreSQL does (through a proxy, so that only this site loses
// it), and gives it back. While it is gone: pages answer 503 with
// Retry-After and a Swedish page, the public pages the page cache holds are
// still served (marked stale), a signed-in visitor keeps their cookie, and
// the whole outage writes one line when it begins and one when it ends.
// Before, every request answered 500 and wrote two ERROR lines.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	s, pool, proxy := newProxiedSite(t)
	mustResidency(t, pool, "dans-i-nacka", "Dans i Nacka")
	consultant := mustAccount(t, pool, visitor{name: "konsulent", role: auth.RoleConsultant})
	cookie := sessionCookie(t, pool, s.sessions, consultant)
	s.settle(t)

	cached := readBody(t, s.do(t, http.MethodGet, "/residens/dans-i-nacka"))
	if res := s.do(t, http.MethodGet, "/residens/dans-i-nacka"); res.Header.Get("X-Cache") != "hit" {
		t.Fatalf("before the outage: X-Cache %q, want hit", res.Header.Get("X-Cache"))
	}

	proxy.Stop()
	waitFor(t, func() bool { return s.versioner.Version() < 0 }, "the Versioner did not notice the outage")

	t.Run("a cached public page is served stale", func(t *testing.T) {
		res := s.do(t, http.MethodGet, "/residens/dans-i-nacka")
		if res.StatusCode != http.StatusOK || res.Header.Get("X-Cache") != "stale" {
			t.Fatalf("status %d, X-Cache %q; want 200 stale", res.StatusCode, res.Header.Get("X-Cache"))
		}
		if readBody(t, res) != cached {
			t.Error("the stale page differs from the one cached")
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("stale page Cache-Control %q, want no-store", cc)
		}
	})
	for _, c := range []struct {
		name, method, path string
		cookie             bool
	}{
		{"an uncached page", http.MethodGet, "/kommuner", false},
		{"a signed-in page", http.MethodGet, "/konsulent/residens", true},
		{"a form", http.MethodPost, "/glomt-losenord", false},
	} {
		t.Run(c.name+" answers 503", func(t *testing.T) {
			var headers []string
			if c.cookie {
				headers = append(headers, "Cookie", cookie.String())
			}
			var res *http.Response
			if c.method == http.MethodPost {
				req := httptest.NewRequest(c.method, c.path, strings.NewReader("epost=anna%40example.se"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				rec := httptest.NewRecorder()
				s.h.ServeHTTP(rec, req)
				res = rec.Result()
			} else {
				res = s.do(t, c.method, c.path, headers...)
			}
			body := readBody(t, res)
			if res.StatusCode != http.StatusServiceUnavailable {
				t.Fatalf("status %d, want 503", res.StatusCode)
			}
			if res.Header.Get("Retry-After") == "" || !strings.Contains(res.Header.Get("Cache-Control"), "no-store") {
				t.Errorf("Retry-After %q, Cache-Control %q", res.Header.Get("Retry-After"), res.Header.Get("Cache-Control"))
			}
			if !strings.Contains(body, "Tillfälligt fel") || strings.Contains(body, "pgconn") || strings.Contains(body, "dial") {
				t.Errorf("the page should say tillfälligt fel in Swedish and show no internals:\n%s", body)
			}
			if c.method == http.MethodPost && !strings.Contains(body, "inget har sparats") {
				t.Error("the form's 503 page does not say that nothing was saved")
			}
			if len(res.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("the outage touched the cookie: %q", res.Header.Values("Set-Cookie"))
			}
		})
	}

	// A flood of requests during the outage.
	const flood = 1000
	var wg sync.WaitGroup
	for i := range flood {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "/kulturaktorer"
			if i%2 == 0 {
				path = "/residens?sida=" + string(rune('1'+i%9))
			}
			res := s.do(t, http.MethodGet, path)
			res.Body.Close()
			if res.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("%s during the outage: %d", path, res.StatusCode)
			}
		}()
	}
	wg.Wait()

	proxy.Start()
	waitFor(t, func() bool { return s.do(t, http.MethodGet, "/kommuner").StatusCode == http.StatusOK }, "the site did not come back")
	waitFor(t, func() bool { return logged(s, "outage ended") == 1 }, "the end of the outage was not logged")
	if res := s.do(t, http.MethodGet, "/konsulent/residens", "Cookie", cookie.String()); res.StatusCode != http.StatusOK {
		t.Errorf("the signed-in visitor after the outage: %d, want 200 (still signed in)", res.StatusCode)
	}

	var loud, began int
	var failed float64
	for _, rec := range s.log.records(t) {
		if rec["level"] == "ERROR" || rec["level"] == "WARN" {
			loud++
		}
		msg, _ := rec["msg"].(string)
		if strings.Contains(msg, "outage began") {
			began++
		}
		if strings.Contains(msg, "outage ended") {
			failed, _ = rec["failed_requests"].(float64)
		}
	}
	if began != 1 {
		t.Errorf("%d lines say the outage began, want 1", began)
	}
	// Begin, end, and one sample per db.SampleEvery failed requests.
	if want := 2 + (flood+10)/db.SampleEvery; loud > want {
		t.Errorf("%d warnings and errors for one outage of %d requests, want at most %d", loud, flood, want)
	}
	if failed < flood {
		t.Errorf("the end of the outage counts %v failed requests, want at least %d", failed, flood)
	}
	t.Logf("%d requests failed with 503 during the outage; %d warning or error lines", int(failed), loud)
}

// logged counts the log records whose message contains msg.
func logged(s *site, msg string) int {
	n := 0
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	for _, line := range strings.Split(s.log.buf.String(), "\n") {
		if strings.Contains(line, msg) {
			n++
		}
	}
	return n
}

// TestOutageServesNoPageOfAnOlderVersion changes the content after a page
// was cached (an editor unpublishing it, say), renders nothing anonymous in
// between, and then takes the database away: the cached page is from
// before the change, so it must not come back as a stale 200.
func TestOutageServesNoPageOfAnOlderVersion(t *testing.T) {
	t.Parallel()
	s, pool, proxy := newProxiedSite(t)
	mustResidency(t, pool, "dans-i-nacka", "Dans i Nacka")
	s.settle(t)
	s.do(t, http.MethodGet, "/residens/dans-i-nacka")
	if res := s.do(t, http.MethodGet, "/residens/dans-i-nacka"); res.Header.Get("X-Cache") != "hit" {
		t.Fatalf("X-Cache %q, want hit", res.Header.Get("X-Cache"))
	}
	if _, err := pool.Exec(context.Background(), `UPDATE residencies SET published = false WHERE slug = 'dans-i-nacka'`); err != nil {
		t.Fatal(err)
	}
	s.settle(t)
	proxy.Stop()
	waitFor(t, func() bool { return s.versioner.Version() < 0 }, "the Versioner did not notice the outage")
	res := s.do(t, http.MethodGet, "/residens/dans-i-nacka")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("X-Cache") == "stale" {
		t.Errorf("status %d, X-Cache %q: the unpublished page came back from the cache", res.StatusCode, res.Header.Get("X-Cache"))
	}
	proxy.Start()
}

// newProxiedSite is a site with a page cache whose database is reached
// through a dbtest.Proxy, so the test can take it away from this site alone.
func newProxiedSite(t *testing.T) (*site, *pgxpool.Pool, *dbtest.Proxy) {
	t.Helper()
	proxy, url := dbtest.NewProxy(t, dbtest.URL(t))
	pool, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return newSite(t, siteOptions{pool: pool, cache: true}), pool, proxy
}
