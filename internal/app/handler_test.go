package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/web/static"
)

var (
	generatedID = regexp.MustCompile(`^[0-9a-f]{16}$`)
	hashedAsset = regexp.MustCompile(`^/static/[^/]+\.[0-9a-f]{12}\.[a-z0-9]+$`)
)

func TestRequestID(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})
	tests := []struct {
		name     string
		incoming string
		keep     bool
	}{
		{"none given", "", false},
		{"proxy's ID kept", "edge-7f3a_B2", true},
		{"64 characters kept", strings.Repeat("a", 64), true},
		{"too long replaced", strings.Repeat("a", 65), false},
		{"markup replaced", "<script>alert(1)</script>", false},
		{"spaces replaced", "a b", false},
		{"log injection replaced", "abc\" status=200 x=\"", false},
		{"non-ASCII replaced", "åäö", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hdr []string
			if tt.incoming != "" {
				hdr = []string{"X-Request-Id", tt.incoming}
			}
			res := s.do(t, http.MethodGet, "/healthz", hdr...)
			got := res.Header.Get("X-Request-Id")
			if tt.keep {
				if got != tt.incoming {
					t.Errorf("X-Request-Id = %q, want the incoming %q", got, tt.incoming)
				}
				return
			}
			if !generatedID.MatchString(got) {
				t.Errorf("X-Request-Id = %q, want a fresh ID matching %s", got, generatedID)
			}
		})
	}
	t.Run("each request gets its own", func(t *testing.T) {
		t.Parallel()
		a := s.do(t, http.MethodGet, "/healthz").Header.Get("X-Request-Id")
		b := s.do(t, http.MethodGet, "/healthz").Header.Get("X-Request-Id")
		if a == b {
			t.Errorf("two requests share the ID %q", a)
		}
	})
}

// csp parses a Content-Security-Policy into its directives.
func csp(header string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(header, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[strings.ToLower(f[0])] = f[1:]
		}
	}
	return out
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})
	mustResidency(t, s.pool, "dans-i-nacka", "Dans i Nacka")
	tests := []struct {
		name, method, path string
		headers            []string
		status             int
	}{
		{"start page", http.MethodGet, "/", nil, http.StatusOK},
		{"list", http.MethodGet, "/residens", nil, http.StatusOK},
		{"residency", http.MethodGet, "/residens/dans-i-nacka", nil, http.StatusOK},
		{"not found", http.MethodGet, "/finns-inte", nil, http.StatusNotFound},
		{"stylesheet", http.MethodGet, static.Path("app.css"), nil, http.StatusOK},
		{"unknown asset", http.MethodGet, "/static/nope.css", nil, http.StatusNotFound},
		{"image not found", http.MethodGet, "/bilder/999999/480", nil, http.StatusNotFound},
		{"healthz", http.MethodGet, "/healthz", nil, http.StatusOK},
		{"readyz", http.MethodGet, "/readyz", nil, http.StatusOK},
		{"head", http.MethodHead, "/", nil, http.StatusOK},
		{"method not allowed", http.MethodDelete, "/residens", nil, http.StatusMethodNotAllowed},
		{"cross-site post", http.MethodPost, "/", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := s.do(t, tt.method, tt.path, tt.headers...)
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			h := res.Header
			policy := csp(h.Get("Content-Security-Policy"))
			script, ok := policy["script-src"]
			if !ok {
				script, ok = policy["default-src"]
			}
			if !ok {
				t.Errorf("CSP %q restricts no scripts", h.Get("Content-Security-Policy"))
			}
			for _, src := range script {
				if src == "'unsafe-inline'" || src == "'unsafe-eval'" || src == "*" || strings.HasPrefix(src, "http") {
					t.Errorf("script sources %v allow %s", script, src)
				}
			}
			if fa := policy["frame-ancestors"]; len(fa) != 1 || fa[0] != "'none'" {
				t.Errorf("frame-ancestors = %v, want 'none'", fa)
			}
			for directive, want := range map[string]string{"object-src": "'none'", "base-uri": "'none'",
				"default-src": "'self'", "form-action": "'self'"} {
				if got := policy[directive]; len(got) != 1 || got[0] != want {
					t.Errorf("%s = %v, want %s", directive, got, want)
				}
			}
			if h.Get("Permissions-Policy") == "" {
				t.Error("no Permissions-Policy")
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			switch got := h.Get("Referrer-Policy"); got {
			case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
			default:
				t.Errorf("Referrer-Policy = %q, want one that keeps paths from other sites", got)
			}
			if h.Get("Strict-Transport-Security") != "" {
				t.Error("HSTS sent although BASE_URL is http")
			}
		})
	}
	t.Run("HSTS when the site is https", func(t *testing.T) {
		t.Parallel()
		cfg := mustConfig(t, map[string]string{"BASE_URL": "https://residens.example.se", "SESSION_KEY": "abababababababababababababababababababababababababababababababab"})
		h := app.NewHandler(app.Deps{Pool: s.pool, Log: newDiscardLogger(), Config: cfg})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
		if got := rec.Header().Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
			t.Errorf("Strict-Transport-Security = %q, want a max-age", got)
		}
	})
}

func TestCompression(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})
	mustResidency(t, s.pool, "dans-i-nacka", "Dans i Nacka")
	css, err := os.ReadFile("../../web/static/files/app.css")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, accept string
		gzipped            bool
		want               string // the uncompressed body; "" to compare with a plain request
	}{
		{"HTML start page", "/", "gzip, deflate, br", true, ""},
		{"HTML list", "/residens?status=avslutade", "gzip", true, ""},
		{"HTML 404 page", "/finns-inte", "gzip", true, ""},
		{"HTML without Accept-Encoding", "/", "", false, ""},
		{"HTML with gzip refused", "/", "gzip;q=0, deflate", false, ""},
		{"HTML with other encodings only", "/", "br, deflate", false, ""},
		{"CSS hashed", static.Path("app.css"), "gzip", true, string(css)},
		{"CSS plain name", "/static/app.css", "gzip", true, string(css)},
		{"CSS without Accept-Encoding", static.Path("app.css"), "", false, string(css)},
		{"plain text is left alone", "/healthz", "gzip", false, "ok\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var hdr []string
			if tt.accept != "" {
				hdr = []string{"Accept-Encoding", tt.accept}
			}
			res := s.do(t, http.MethodGet, tt.path, hdr...)
			enc := res.Header.Get("Content-Encoding")
			if tt.gzipped && enc != "gzip" {
				t.Errorf("Content-Encoding = %q, want gzip", enc)
			}
			if !tt.gzipped && enc != "" {
				t.Errorf("Content-Encoding = %q, want none", enc)
			}
			if tt.gzipped && !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("Vary = %q, want Accept-Encoding", res.Header.Values("Vary"))
			}
			raw, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			// A length left over from the uncompressed body would cut the
			// response short or keep the client waiting.
			if cl := res.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(raw)) {
				t.Errorf("Content-Length %s but %d bytes sent", cl, len(raw))
			}
			res.Body = io.NopCloser(bytes.NewReader(raw))
			got := readBody(t, res)
			want := tt.want
			if want == "" {
				want = readBody(t, s.do(t, http.MethodGet, tt.path))
			}
			if got != want {
				t.Errorf("decompressed body differs from the plain one (%d bytes, want %d)", len(got), len(want))
			}
		})
	}
}

func TestHead(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})
	srv := httptest.NewServer(s.h)
	t.Cleanup(srv.Close)
	for _, path := range []string{"/", "/residens", "/kommuner", "/om-residens", "/healthz", "/readyz", static.Path("app.css")} {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			get, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			get.Body.Close()
			res, err := http.Head(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("HEAD status = %d, want 200", res.StatusCode)
			}
			if len(body) != 0 {
				t.Errorf("HEAD sent a body of %d bytes", len(body))
			}
			if got, want := res.Header.Get("Content-Type"), get.Header.Get("Content-Type"); got != want {
				t.Errorf("HEAD Content-Type = %q, GET's is %q", got, want)
			}
		})
	}
}

func TestCrossOriginProtection(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})
	tests := []struct {
		name, method string
		headers      []string
		refused      bool
	}{
		{"cross-site POST", http.MethodPost, []string{"Sec-Fetch-Site", "cross-site"}, true},
		{"same-site POST from a sibling host", http.MethodPost, []string{"Sec-Fetch-Site", "same-site"}, true},
		{"POST with a foreign Origin", http.MethodPost, []string{"Origin", "https://evil.example"}, true},
		{"cross-site DELETE", http.MethodDelete, []string{"Sec-Fetch-Site", "cross-site"}, true},
		{"same-origin POST", http.MethodPost, []string{"Sec-Fetch-Site", "same-origin"}, false},
		{"POST without browser headers", http.MethodPost, nil, false},
		{"cross-site GET", http.MethodGet, []string{"Sec-Fetch-Site", "cross-site"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := s.do(t, tt.method, "/om-residens", tt.headers...)
			if tt.refused && res.StatusCode != http.StatusForbidden {
				t.Errorf("status = %d, want 403", res.StatusCode)
			}
			if !tt.refused && res.StatusCode == http.StatusForbidden {
				t.Errorf("status = 403, want the request let through")
			}
		})
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})
	tests := []struct {
		name, target, path string
		status             int
	}{
		{"page", "/residens?status=avslutade", "/residens", http.StatusOK},
		{"not found", "/finns-inte", "/finns-inte", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := "logtest-" + strings.ReplaceAll(tt.name, " ", "-")
			res := s.do(t, http.MethodGet, tt.target, "X-Request-Id", id)
			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			var found map[string]any
			for _, rec := range s.log.records(t) {
				if rec["msg"] == "request" && rec["request_id"] == id {
					found = rec
				}
			}
			if found == nil {
				t.Fatalf("no request log line with request_id %q", id)
			}
			if found["method"] != "GET" || found["path"] != tt.path || found["status"] != float64(tt.status) {
				t.Errorf("log line = %v, want method GET, path %s, status %d", found, tt.path, tt.status)
			}
			if d, ok := found["duration"].(float64); !ok || d <= 0 {
				t.Errorf("duration = %v, want a positive duration", found["duration"])
			}
		})
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	s := newSite(t, siteOptions{})

	t.Run("layout links the hashed names", func(t *testing.T) {
		t.Parallel()
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(readBody(t, s.do(t, http.MethodGet, "/om-residens"))))
		if err != nil {
			t.Fatal(err)
		}
		for sel, name := range map[string]string{`link[rel="stylesheet"]`: "app.css", `link[rel="icon"]`: "favicon.svg"} {
			hashed := static.Path(name)
			if href, _ := doc.Find(sel).Attr("href"); href != hashed {
				t.Errorf("%s href = %q, want %s", sel, href, hashed)
			}
			if res := s.do(t, http.MethodGet, hashed); res.StatusCode != http.StatusOK {
				t.Errorf("GET %s = %d, want 200", hashed, res.StatusCode)
			}
		}
		doc.Find("link[href], script[src], img[src]").Each(func(_ int, el *goquery.Selection) {
			ref := el.AttrOr("href", el.AttrOr("src", ""))
			if strings.HasPrefix(ref, static.Prefix) && !hashedAsset.MatchString(ref) {
				t.Errorf("page refers to the unhashed asset %s", ref)
			}
		})
	})
	t.Run("hashed name is immutable", func(t *testing.T) {
		t.Parallel()
		res := s.do(t, http.MethodGet, static.Path("app.css"), "Accept-Encoding", "gzip")
		if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("Cache-Control = %q", got)
		}
		if res.Header.Get("ETag") == "" {
			t.Error("no ETag")
		}
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Error("not gzipped although accepted")
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
			t.Errorf("Content-Type = %q, want text/css", ct)
		}
	})
	t.Run("plain name is revalidated", func(t *testing.T) {
		t.Parallel()
		res := s.do(t, http.MethodGet, "/static/app.css")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status = %d", res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-cache") {
			t.Errorf("Cache-Control = %q, want no-cache", cc)
		}
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		again := s.do(t, http.MethodGet, "/static/app.css", "If-None-Match", etag)
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: status = %d, want 304", again.StatusCode)
		}
		if b := readBody(t, again); b != "" {
			t.Errorf("304 with a body of %d bytes", len(b))
		}
		stale := s.do(t, http.MethodGet, "/static/app.css", "If-None-Match", `"0123456789ab"`)
		if stale.StatusCode != http.StatusOK {
			t.Errorf("stale If-None-Match: status = %d, want 200", stale.StatusCode)
		}
	})
	t.Run("unknown asset", func(t *testing.T) {
		t.Parallel()
		for _, p := range []string{"/static/nope.css", "/static/app.000000000000.css", "/static/", "/static/../go.mod"} {
			if res := s.do(t, http.MethodGet, p); res.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", p, res.StatusCode)
			}
		}
	})
	t.Run("favicon.ico redirects to the icon", func(t *testing.T) {
		t.Parallel()
		res := s.do(t, http.MethodGet, "/favicon.ico")
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != static.Path("favicon.svg") {
			t.Errorf("got %d to %q, want 301 to %s", res.StatusCode, res.Header.Get("Location"), static.Path("favicon.svg"))
		}
	})
}

func TestHealthAndReadiness(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	// migrated opens a pool and a migrator on a fresh migrated database.
	migrated := func(t *testing.T) (*pgxpool.Pool, *db.Migrator) {
		t.Helper()
		url := dbtest.URL(t)
		pool, err := db.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		mig, err := db.NewMigrator(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = mig.Close() })
		return pool, mig
	}
	tests := []struct {
		name  string
		setup func(t *testing.T) (*pgxpool.Pool, *db.Migrator)
		ready int
	}{
		{"migrated", migrated, http.StatusOK},
		{"migration pending", func(t *testing.T) (*pgxpool.Pool, *db.Migrator) {
			pool, mig := migrated(t)
			if err := mig.Down(ctx); err != nil {
				t.Fatal(err)
			}
			return pool, mig
		}, http.StatusServiceUnavailable},
		{"database unreachable", func(t *testing.T) (*pgxpool.Pool, *db.Migrator) {
			// Nothing listens on port 1; pgxpool connects lazily, so the
			// pool can be built.
			const url = "host=127.0.0.1 port=1 dbname=residens connect_timeout=1"
			pool, err := pgxpool.New(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(pool.Close)
			mig, err := db.NewMigrator(url, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = mig.Close() })
			return pool, mig
		}, http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pool, mig := tt.setup(t)
			s := newSite(t, siteOptions{pool: pool, ready: app.ReadyCheck(pool, mig)})

			res := s.do(t, http.MethodGet, "/healthz")
			if res.StatusCode != http.StatusOK {
				t.Errorf("/healthz = %d, want 200 whatever the database does", res.StatusCode)
			}
			res = s.do(t, http.MethodGet, "/readyz")
			if res.StatusCode != tt.ready {
				t.Errorf("/readyz = %d, want %d", res.StatusCode, tt.ready)
			}
			if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("/readyz Cache-Control = %q, want no-store", cc)
			}
			if body := readBody(t, res); tt.ready != http.StatusOK && strings.Contains(body, "5432") {
				t.Errorf("/readyz shows connection details: %q", body)
			}
		})
	}
	t.Run("pending migration applied makes it ready again", func(t *testing.T) {
		t.Parallel()
		pool, mig := migrated(t)
		s := newSite(t, siteOptions{pool: pool, ready: app.ReadyCheck(pool, mig)})
		if err := mig.Down(ctx); err != nil {
			t.Fatal(err)
		}
		if res := s.do(t, http.MethodGet, "/readyz"); res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("/readyz after Down = %d, want 503", res.StatusCode)
		}
		if _, err := mig.Up(ctx); err != nil {
			t.Fatal(err)
		}
		if res := s.do(t, http.MethodGet, "/readyz"); res.StatusCode != http.StatusOK {
			t.Errorf("/readyz after Up = %d, want 200", res.StatusCode)
		}
	})
	t.Run("no readiness check", func(t *testing.T) {
		t.Parallel()
		h := app.NewHandler(app.Deps{Pool: dbtest.New(t), Log: newDiscardLogger(), Config: mustConfig(t, nil),
			Now: func() time.Time { return testNow }})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		if rec.Code != http.StatusServiceUnavailable {
			t.Errorf("/readyz without a check = %d, want 503", rec.Code)
		}
	})
}
