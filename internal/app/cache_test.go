package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/pagecache"
)

// settle waits until the site's Versioner has read the database's current
// content version, so that what the test does next is not undone by the
// Versioner catching up with the fixtures.
func (s *site) settle(t *testing.T) {
	t.Helper()
	var current int64
	if err := s.pool.QueryRow(context.Background(), `SELECT version FROM content_version`).Scan(&current); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return s.versioner.Version() == current }, "the Versioner did not catch up")
}

func TestPageCacheThroughTheSite(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{cache: true})
	mustResidency(t, s.pool, "dans-i-nacka", "Dans i Nacka")
	s.settle(t)

	t.Run("anonymous page served from the cache", func(t *testing.T) {
		for _, accept := range []string{"", "gzip"} {
			path := "/residens/dans-i-nacka?enc=" + accept
			first := s.do(t, http.MethodGet, path, "Accept-Encoding", accept)
			firstBody := readBody(t, first)
			second := s.do(t, http.MethodGet, path, "Accept-Encoding", accept)
			if got := second.Header.Get("X-Cache"); got != "hit" {
				t.Errorf("Accept-Encoding %q: second X-Cache = %q, want hit", accept, got)
			}
			if second.Header.Get("Content-Encoding") != first.Header.Get("Content-Encoding") {
				t.Errorf("Accept-Encoding %q: Content-Encoding %q on a hit, %q on the miss", accept,
					second.Header.Get("Content-Encoding"), first.Header.Get("Content-Encoding"))
			}
			if readBody(t, second) != firstBody {
				t.Errorf("Accept-Encoding %q: hit differs from the rendered page", accept)
			}
			if second.Header.Get("X-Request-Id") == first.Header.Get("X-Request-Id") ||
				second.Header.Get("Content-Security-Policy") == "" {
				t.Error("hit lacks its own request ID or the security headers")
			}
		}
	})
	t.Run("gzipped page not served to a client that refuses gzip", func(t *testing.T) {
		s.do(t, http.MethodGet, "/om-residens", "Accept-Encoding", "gzip")
		res := s.do(t, http.MethodGet, "/om-residens", "Accept-Encoding", "gzip;q=0")
		if enc := res.Header.Get("Content-Encoding"); enc != "" {
			t.Errorf("Content-Encoding = %q for a client that refuses gzip", enc)
		}
	})
	t.Run("signed-in visitor never served from the cache", func(t *testing.T) {
		s.do(t, http.MethodGet, "/kommuner")
		for i := range 2 {
			res := s.do(t, http.MethodGet, "/kommuner", "Cookie", pagecache.SessionCookie+"=opaque")
			if res.Header.Get("X-Cache") == "hit" {
				t.Errorf("request %d with a session served from the cache", i)
			}
		}
	})
	t.Run("404 never served from the cache", func(t *testing.T) {
		for i := range 2 {
			res := s.do(t, http.MethodGet, "/residens/finns-inte")
			if res.StatusCode != http.StatusNotFound {
				t.Fatalf("status = %d, want 404", res.StatusCode)
			}
			if res.Header.Get("X-Cache") == "hit" {
				t.Errorf("404 request %d served from the cache", i)
			}
		}
	})
}

// TestPageCacheAcrossInstances: two instances over one database, each with
// its own cache and its own Versioner. A change written through neither of
// them must show on both within a second or so.
func TestPageCacheAcrossInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := dbtest.URL(t)
	open := func() *pgxpool.Pool {
		pool, err := db.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		return pool
	}
	a := newSite(t, siteOptions{pool: open(), cache: true})
	b := newSite(t, siteOptions{pool: open(), cache: true})
	writer := open()
	mustResidency(t, writer, "dans-i-nacka", "Dans i Nacka")

	const path = "/residens/dans-i-nacka"
	for _, s := range []*site{a, b} {
		// Fill the instance's cache with the page as it is, so that the
		// change below has a stale page to replace. (The instance may still
		// be catching up with the fixture's own changes: hence the loop.)
		waitFor(t, func() bool {
			res := s.do(t, http.MethodGet, path)
			return res.Header.Get("X-Cache") == "hit" && strings.Contains(readBody(t, res), "Dans i Nacka")
		}, "page never served from the cache before the change")
	}

	if _, err := writer.Exec(ctx, `UPDATE residencies SET title = 'Cirkus i Nacka' WHERE slug = 'dans-i-nacka'`); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*site{"a": a, "b": b} {
		waitFor(t, func() bool {
			body := readBody(t, s.do(t, http.MethodGet, path))
			return strings.Contains(body, "Cirkus i Nacka") && !strings.Contains(body, "Dans i Nacka")
		}, "instance "+name+" still shows the old title")
	}
}

// waitFor polls cond for up to two seconds: the page cache promises a
// change within a second, and the margin keeps a busy machine from failing
// the test.
func waitFor(t *testing.T, cond func() bool, msg ...string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal(append([]string{"condition not met within 2s"}, msg...))
		}
		time.Sleep(pagecache.PollInterval / 4)
	}
}
