package pagecache

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"residens/internal/db/dbtest"
)

// page is a handler that answers every path with an HTML page naming the
// path and counts how often it ran.
type page struct {
	calls  atomic.Int64
	status int    // 0: 200
	ctype  string // "": text/html
	size   int    // body length; 0: short
	cookie bool   // sets a cookie
}

func (p *page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.calls.Add(1)
	ct := p.ctype
	if ct == "" {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	if p.cookie {
		http.SetCookie(w, &http.Cookie{Name: "flash", Value: "x"})
	}
	if p.status != 0 {
		w.WriteHeader(p.status)
	}
	body := "<p>" + r.URL.String() + "</p>"
	if p.size > len(body) {
		body += strings.Repeat(".", p.size-len(body))
	}
	_, _ = io.WriteString(w, body)
}

// mustVersioner returns a Versioner over a fresh database.
func mustVersioner(t *testing.T) *Versioner {
	t.Helper()
	v, err := NewVersioner(context.Background(), dbtest.New(t))
	if err != nil {
		t.Fatalf("NewVersioner: %v", err)
	}
	return v
}

// get sends a GET through h; headers are pairs of name and value.
func get(t *testing.T, h http.Handler, target string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestServesAnonymousGETFromCache(t *testing.T) {
	t.Parallel()
	p := &page{}
	h := New(mustVersioner(t), 1<<20).Middleware(p)

	first := get(t, h, "/residens?status=avslutade")
	if got := first.Header().Get("X-Cache"); got != "miss" {
		t.Errorf("first X-Cache = %q, want miss", got)
	}
	second := get(t, h, "/residens?status=avslutade")
	if got := second.Header().Get("X-Cache"); got != "hit" {
		t.Errorf("second X-Cache = %q, want hit", got)
	}
	if n := p.calls.Load(); n != 1 {
		t.Errorf("handler ran %d times, want 1", n)
	}
	if second.Code != http.StatusOK || second.Body.String() != first.Body.String() ||
		second.Header().Get("Content-Type") != first.Header().Get("Content-Type") {
		t.Errorf("hit = %d %q %q, want the first answer", second.Code, second.Header().Get("Content-Type"), second.Body)
	}
	// Another query string is another page.
	if got := get(t, h, "/residens?status=pagaende").Header().Get("X-Cache"); got != "miss" {
		t.Errorf("other query: X-Cache = %q, want miss", got)
	}
}

func TestSessionIsNeverCached(t *testing.T) {
	t.Parallel()
	p := &page{}
	h := New(mustVersioner(t), 1<<20).Middleware(p)
	session := []string{"Cookie", SessionCookie + "=abc"}

	get(t, h, "/") // cached for anonymous visitors
	for i := range 2 {
		rec := get(t, h, "/", session...)
		if rec.Header().Get("X-Cache") == "hit" {
			t.Errorf("signed-in request %d served from the cache", i)
		}
	}
	if n := p.calls.Load(); n != 3 {
		t.Errorf("handler ran %d times, want 3 (once anonymous, twice signed in)", n)
	}
	// What a signed-in visitor saw is not kept for others.
	get(t, h, "/konto", session...)
	if got := get(t, h, "/konto").Header().Get("X-Cache"); got == "hit" {
		t.Error("a page rendered for a signed-in visitor was served to an anonymous one")
	}
	// Other cookies do not make a visitor signed in.
	get(t, h, "/om", "Cookie", "theme=dark")
	if got := get(t, h, "/om", "Cookie", "theme=dark").Header().Get("X-Cache"); got != "hit" {
		t.Errorf("with an unrelated cookie: X-Cache = %q, want hit", got)
	}
}

func TestOnlySuccessfulHTMLIsCached(t *testing.T) {
	t.Parallel()
	v := mustVersioner(t)
	tests := []struct {
		name   string
		page   *page
		method string
		target string
	}{
		{"404 page", &page{status: http.StatusNotFound}, http.MethodGet, "/residens/finns-inte"},
		{"500 page", &page{status: http.StatusInternalServerError}, http.MethodGet, "/residens"},
		{"redirect", &page{status: http.StatusSeeOther}, http.MethodGet, "/gammal"},
		{"sets a cookie", &page{cookie: true}, http.MethodGet, "/residens"},
		{"not HTML", &page{ctype: "application/json"}, http.MethodGet, "/api"},
		{"HEAD", &page{}, http.MethodHead, "/residens"},
		{"POST", &page{}, http.MethodPost, "/residens"},
		{"static file", &page{}, http.MethodGet, "/static/app.css"},
		{"image", &page{}, http.MethodGet, "/bilder/1/480"},
		{"healthz", &page{}, http.MethodGet, "/healthz"},
		{"readyz", &page{}, http.MethodGet, "/readyz"},
		{"very long query", &page{}, http.MethodGet, "/residens?q=" + strings.Repeat("a", 600)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := New(v, 1<<20)
			h := c.Middleware(tt.page)
			for range 2 {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
				if rec.Header().Get("X-Cache") == "hit" {
					t.Error("served from the cache")
				}
			}
			if n := tt.page.calls.Load(); n != 2 {
				t.Errorf("handler ran %d times, want 2", n)
			}
			if c.Len() != 0 {
				t.Errorf("cache holds %d pages, want 0", c.Len())
			}
		})
	}
}

func TestMaxBytes(t *testing.T) {
	t.Parallel()
	const maxBytes = 64 << 10
	v := mustVersioner(t)

	t.Run("total stays within the bound", func(t *testing.T) {
		t.Parallel()
		c := New(v, maxBytes)
		h := c.Middleware(&page{size: 3000})
		for i := range 200 {
			get(t, h, "/residens?sida="+string(rune('a'+i%26))+strings.Repeat("x", i/26))
			total := 0
			c.mu.RLock()
			for _, e := range c.entries {
				total += len(e.body)
			}
			size := c.size
			c.mu.RUnlock()
			if total > maxBytes {
				t.Fatalf("after %d pages the cache holds %d bytes, more than %d", i+1, total, maxBytes)
			}
			if size != total {
				t.Fatalf("after %d pages size = %d but the bodies add up to %d", i+1, size, total)
			}
		}
		if c.Len() == 0 {
			t.Error("cache is empty: nothing was kept")
		}
	})
	t.Run("page too large for its share is not kept", func(t *testing.T) {
		t.Parallel()
		c := New(v, maxBytes)
		h := c.Middleware(&page{size: maxBytes/16 + 1})
		get(t, h, "/stor")
		if c.Len() != 0 {
			t.Errorf("cache holds %d pages, want 0", c.Len())
		}
		if got := get(t, h, "/stor").Body.Len(); got != maxBytes/16+1 {
			t.Errorf("body = %d bytes, want %d", got, maxBytes/16+1)
		}
	})
	t.Run("same page twice is counted once", func(t *testing.T) {
		t.Parallel()
		c := New(v, maxBytes)
		body := &page{size: 1000}
		h := c.Middleware(body)
		get(t, h, "/a")
		// Two requests that missed together both store the page: the
		// second replaces the first, it does not add to the size.
		c.put(v.Version(), "/a?", &entry{body: make([]byte, 1000)})
		c.mu.RLock()
		defer c.mu.RUnlock()
		if c.size != 1000 {
			t.Errorf("size = %d, want 1000", c.size)
		}
	})
}

func TestVersionChangeDropsTheCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	v, err := NewVersioner(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	p := &page{}
	h := New(v, 1<<20).Middleware(p)
	get(t, h, "/")
	if got := get(t, h, "/").Header().Get("X-Cache"); got != "hit" {
		t.Fatalf("X-Cache = %q, want hit", got)
	}
	// Any change to public content bumps the version by trigger.
	if _, err := pool.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES ('dans', 'Dans')`); err != nil {
		t.Fatal(err)
	}
	before := v.Version()
	if err := v.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if v.Version() <= before {
		t.Fatalf("version %d after a change, want more than %d", v.Version(), before)
	}
	if got := get(t, h, "/").Header().Get("X-Cache"); got != "miss" {
		t.Errorf("after the change X-Cache = %q, want miss", got)
	}
	if n := p.calls.Load(); n != 2 {
		t.Errorf("handler ran %d times, want 2", n)
	}
}

func TestOlderRenderIsNotStored(t *testing.T) {
	t.Parallel()
	c := New(mustVersioner(t), 1<<20)
	c.put(5, "/a?", &entry{body: []byte("new")})
	// A request that began before version 5 finished after it: what it
	// rendered must not replace the newer cache.
	c.put(4, "/b?", &entry{body: []byte("old")})
	if e := c.get(5, "/a?"); e == nil || string(e.body) != "new" {
		t.Error("newer entry lost")
	}
	if c.get(5, "/b?") != nil || c.get(4, "/b?") != nil {
		t.Error("entry from an older version kept")
	}
}

func TestUnreadableVersionBypassesTheCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	v, err := NewVersioner(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	p := &page{}
	h := New(v, 1<<20).Middleware(p)
	get(t, h, "/")
	if got := get(t, h, "/").Header().Get("X-Cache"); got != "hit" {
		t.Fatalf("X-Cache = %q, want hit", got)
	}

	// The counter becomes unreadable; Run must notice and mark the version
	// unknown.
	if _, err := pool.Exec(ctx, `ALTER TABLE content_version RENAME TO content_version_gone`); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	go v.Run(runCtx, slog.New(slog.DiscardHandler))
	deadline := time.Now().Add(10 * time.Second)
	for v.Version() != -1 {
		if time.Now().After(deadline) {
			t.Fatalf("Version = %d after the table went away, want -1", v.Version())
		}
		time.Sleep(PollInterval / 4)
	}

	calls := p.calls.Load()
	for range 2 {
		if got := get(t, h, "/").Header().Get("X-Cache"); got != "" {
			t.Errorf("X-Cache = %q while the version is unknown, want the cache bypassed", got)
		}
	}
	if n := p.calls.Load() - calls; n != 2 {
		t.Errorf("handler ran %d times for 2 requests, want 2", n)
	}
}

func TestKeySeparatesEncodings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		same bool
	}{
		{"gzip", "gzip, deflate, br", true},
		{"", "br", true},
		{"gzip", "", false},
		{"gzip", "gzip;q=0", false},
		{"gzip;q=0.5", "gzip", true},
		{"deflate, gzip;q=0", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			t.Parallel()
			ra := httptest.NewRequest(http.MethodGet, "/residens?q=dans", nil)
			ra.Header.Set("Accept-Encoding", tt.a)
			rb := httptest.NewRequest(http.MethodGet, "/residens?q=dans", nil)
			rb.Header.Set("Accept-Encoding", tt.b)
			if got := key(ra) == key(rb); got != tt.same {
				t.Errorf("same key = %v, want %v (%q, %q)", got, tt.same, key(ra), key(rb))
			}
		})
	}
}

func TestNoStorePagesAreNotCached(t *testing.T) {
	v := &Versioner{}
	v.version.Store(1)
	c := New(v, 1<<20)
	calls := 0
	h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte("<p>inbjudan</p>"))
	}))
	for range 2 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/inbjudan/hemlig", nil))
	}
	if calls != 2 || c.Len() != 0 {
		t.Fatalf("handler ran %d times, %d cached; a no-store page must not be kept", calls, c.Len())
	}
}

// TestPagesExpireWithTheClock: a page is kept no later than the next
// midnight in Stockholm (a residency's status changes then), and a page
// with s-maxage no longer than that many seconds.
func TestPagesExpireWithTheClock(t *testing.T) {
	v := &Versioner{}
	v.version.Store(1)
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 3, 27, 23, 59, 0, 0, stockholm) // the night of the clock change
	c := NewWithClock(v, 1<<20, func() time.Time { return now })
	calls := map[string]int{}
	h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls[r.URL.Path]++
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/utlysningar" {
			w.Header().Set("Cache-Control", "s-maxage=30")
		}
		_, _ = w.Write([]byte("<p>sida</p>"))
	}))
	serve := func(path string) {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	for _, step := range []struct {
		after        time.Duration
		list, called int
	}{
		{0, 1, 1},                // both rendered
		{20 * time.Second, 1, 1}, // both from the cache
		{11 * time.Second, 2, 1}, // 31 s: the s-maxage page again
		{30 * time.Second, 3, 2}, // past midnight: both again
		{20 * time.Second, 3, 2}, // the new day's pages are kept
	} {
		now = now.Add(step.after)
		serve("/utlysningar")
		serve("/residens")
		if calls["/utlysningar"] != step.list || calls["/residens"] != step.called {
			t.Fatalf("at %s: rendered /utlysningar %d and /residens %d times, want %d and %d",
				now.Format(time.TimeOnly), calls["/utlysningar"], calls["/residens"], step.list, step.called)
		}
	}
}
