package app_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/auth"
	"residens/internal/db/dbtest"
	"residens/internal/pagecache"
)

// testNow is the fixed clock of the handler tests.
var testNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// logBuffer collects log lines from concurrent requests.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records returns the JSON log records written so far.
func (b *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(b.buf.Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q: %v", sc.Text(), err)
		}
		out = append(out, rec)
	}
	return out
}

// site is the whole handler over a fresh database, with its log captured.
type site struct {
	h         http.Handler
	pool      *pgxpool.Pool
	log       *logBuffer
	versioner *pagecache.Versioner // nil without a page cache
	sessions  *auth.Manager
}

// siteOptions vary what newSite builds.
type siteOptions struct {
	pool  *pgxpool.Pool               // nil: a fresh migrated database
	ready func(context.Context) error // nil: always ready
	cache bool                        // a page cache with its own Versioner
}

func mustConfig(t *testing.T, env map[string]string) app.Config {
	t.Helper()
	cfg, err := app.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	return cfg
}

func newSite(t *testing.T, o siteOptions) *site {
	t.Helper()
	pool := o.pool
	if pool == nil {
		pool = dbtest.New(t)
	}
	ready := o.ready
	if ready == nil {
		ready = func(context.Context) error { return nil }
	}
	now := func() time.Time { return testNow }
	s := &site{pool: pool, log: &logBuffer{}, sessions: auth.EphemeralManager(pool, now)}
	d := app.Deps{
		Sessions: s.sessions,
		Pool:     pool,
		Log:      slog.New(slog.NewJSONHandler(s.log, nil)),
		Config:   mustConfig(t, nil),
		Now:      now,
		Ready:    ready,
	}
	if o.cache {
		ctx, stop := context.WithCancel(context.Background())
		t.Cleanup(stop)
		v, err := pagecache.NewVersioner(ctx, pool)
		if err != nil {
			t.Fatalf("NewVersioner: %v", err)
		}
		go v.Run(ctx, slog.New(slog.DiscardHandler))
		s.versioner = v
		d.Cache = pagecache.New(v, 8<<20)
	}
	s.h = app.NewHandler(d)
	return s
}

// do sends one request through the handler. headers are pairs of name and
// value.
func (s *site) do(t *testing.T, method, target string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec.Result()
}

// readBody returns the response body, un-gzipped when it says it is gzipped.
func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func newDiscardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// mustResidency adds a published, ongoing residency in Nacka, a lighter
// fixture than the demo seed, which draws and encodes images.
func mustResidency(t *testing.T, pool *pgxpool.Pool, slug, title string) {
	t.Helper()
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `
		INSERT INTO municipalities (code, name, slug, county) VALUES ('0182', 'Nacka', 'nacka', 'Stockholms län')
		ON CONFLICT (code) DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO residencies (slug, title, kind, municipality_id, starts_on, ends_on, summary, body, published)
		VALUES ($1, $2, 'kommunresidens', (SELECT id FROM municipalities WHERE slug = 'nacka'),
			'2026-01-01', '2026-12-31', 'Dans för barn och unga.', '## Om residenset\n\nDansare möter barn.', true)`,
		slug, title); err != nil {
		t.Fatal(err)
	}
}
