// Package pagecache keeps rendered public pages in memory, so the common
// anonymous request is answered without touching the database. Every change
// to public content bumps a counter in PostgreSQL (by trigger); each instance
// polls it several times a second and drops its cache when it moves, so a
// change shows on every instance within a second.
//
// Some pages change with the clock rather than with content: a residency's
// status and a call's days left change at midnight, so no page is kept past
// the end of the day in Europe/Stockholm; and a page that sends
// "Cache-Control: s-maxage=N" (a call that closes at noon) is kept at most N
// seconds.
package pagecache

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/civil"
)

// PollInterval is how often the content version is read.
const PollInterval = 200 * time.Millisecond

// Versioner follows the content version in the database.
type Versioner struct {
	pool    *pgxpool.Pool
	version atomic.Int64
	// lastRead is the last version read, kept while version says -1: the
	// pages of that version are what may be served stale.
	lastRead atomic.Int64
}

// NewVersioner reads the current version once and returns a Versioner; Run
// keeps it current.
func NewVersioner(ctx context.Context, pool *pgxpool.Pool) (*Versioner, error) {
	v := &Versioner{pool: pool}
	if err := v.Refresh(ctx); err != nil {
		return nil, err
	}
	return v, nil
}

// Refresh reads the version now.
func (v *Versioner) Refresh(ctx context.Context) error {
	var n int64
	if err := v.pool.QueryRow(ctx, `SELECT version FROM content_version`).Scan(&n); err != nil {
		return err
	}
	v.version.Store(n)
	v.lastRead.Store(n)
	return nil
}

// Run polls until ctx ends. A failed read marks the version unknown (-1):
// pages are then rendered afresh when the database answers them, and the
// cache's last pages are served, marked stale, when it does not. It logs
// when the version becomes unreadable and when it is readable again, not
// every poll.
func (v *Versioner) Run(ctx context.Context, log *slog.Logger) {
	t := time.NewTicker(PollInterval)
	defer t.Stop()
	var failedSince time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			qctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			err := v.Refresh(qctx)
			cancel()
			switch {
			case err != nil && ctx.Err() == nil:
				v.version.Store(-1)
				if failedSince.IsZero() {
					failedSince = time.Now()
					log.Warn("pagecache: content version unreadable; cached pages served as stale", "err", err)
				}
			case err == nil && !failedSince.IsZero():
				log.Warn("pagecache: content version readable again", "after", time.Since(failedSince).Round(time.Millisecond))
				failedSince = time.Time{}
			}
		}
	}
}

// Version is the last version read, or -1 when it could not be read.
func (v *Versioner) Version() int64 { return v.version.Load() }

// LastRead is the last version read, even while it cannot be read now.
func (v *Versioner) LastRead() int64 { return v.lastRead.Load() }

// Cache holds rendered responses keyed by URL and encoding.
type Cache struct {
	versioner *Versioner
	maxBytes  int
	// now tells the time; time.Now unless a test sets it.
	now func() time.Time

	mu      sync.RWMutex
	version int64
	size    int
	entries map[string]*entry
}

type entry struct {
	header  http.Header
	body    []byte
	expires time.Time
}

// New returns a cache of at most maxBytes of bodies over versioner.
func New(versioner *Versioner, maxBytes int) *Cache {
	return NewWithClock(versioner, maxBytes, time.Now)
}

// NewWithClock is New with a clock of the caller's, for tests.
func NewWithClock(versioner *Versioner, maxBytes int, now func() time.Time) *Cache {
	return &Cache{versioner: versioner, maxBytes: maxBytes, now: now, entries: map[string]*entry{}}
}

// expiry is when a page rendered at now with Cache-Control cc stops being
// served from the cache: at the next midnight in Europe/Stockholm, or
// earlier when cc has s-maxage.
func expiry(now time.Time, cc string) time.Time {
	y, m, d := now.In(civil.Stockholm).Date()
	end := time.Date(y, m, d+1, 0, 0, 0, 0, civil.Stockholm)
	for _, part := range strings.Split(cc, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
		if strings.EqualFold(name, "s-maxage") {
			if n, err := strconv.Atoi(value); err == nil && n >= 0 {
				if t := now.Add(time.Duration(n) * time.Second); t.Before(end) {
					end = t
				}
			}
		}
	}
	return end
}

// SessionCookie is the name of the cookie that marks a signed-in visitor,
// whose pages are never cached.
const SessionCookie = "residens_session"

// maxKeyLength keeps odd, long query strings out of the cache, so a crawler
// cannot fill it with variants nobody asks for twice.
const maxKeyLength = 512

// cacheable reports whether r may be answered from, or stored in, the cache.
func cacheable(r *http.Request) bool {
	if r.Method != http.MethodGet || len(r.URL.RawQuery) > maxKeyLength {
		return false
	}
	if _, err := r.Cookie(SessionCookie); err == nil {
		return false
	}
	p := r.URL.Path
	return !strings.HasPrefix(p, "/static/") && !strings.HasPrefix(p, "/bilder/") &&
		p != "/healthz" && p != "/readyz"
}

// key names the cached answer to r. The answer differs by whether it is
// gzipped, so the key says whether the client takes gzip, read the same way
// as the compression middleware reads it: a client that refuses gzip
// ("gzip;q=0") must not get a gzipped page stored for another.
func key(r *http.Request) string {
	k := r.URL.Path + "?" + r.URL.RawQuery
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		k += "|gzip"
	}
	return k
}

func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// Middleware answers cacheable requests from the cache and stores successful
// HTML answers.
func (c *Cache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cacheable(r) {
			next.ServeHTTP(w, r)
			return
		}
		version := c.versioner.Version()
		k := key(r)
		if version < 0 {
			// The database cannot be read: what it holds may have changed,
			// so the page is rendered afresh if the database answers it,
			// and the last one kept is served, marked stale, if it does
			// not (the answer would be 503).
			stale := c.stale(c.versioner.LastRead(), k)
			if stale == nil {
				next.ServeHTTP(w, r)
				return
			}
			rec := &holdBack{header: http.Header{}}
			next.ServeHTTP(rec, r)
			if rec.status != http.StatusServiceUnavailable {
				rec.copyTo(w)
				return
			}
			h := w.Header()
			for name, vals := range stale.header {
				h[name] = vals
			}
			h.Set("X-Cache", "stale")
			// Nobody downstream should keep a page that may be out of date.
			h.Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(stale.body)
			return
		}
		now := c.now()
		if e := c.get(version, k); e != nil && now.Before(e.expires) {
			h := w.Header()
			for name, vals := range e.header {
				h[name] = vals
			}
			h.Set("X-Cache", "hit")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(e.body)
			return
		}
		rec := &recorder{ResponseWriter: w}
		w.Header().Set("X-Cache", "miss")
		next.ServeHTTP(rec, r)
		// A page that says it must not be kept (one opened from a secret
		// link, say) is not kept here either.
		cc := rec.Header().Get("Cache-Control")
		if rec.status == http.StatusOK && !rec.tooBig && rec.Header().Get("Set-Cookie") == "" &&
			!strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") &&
			strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			hdr := http.Header{}
			for _, name := range []string{"Content-Type", "Content-Encoding", "Vary", "Content-Length", "Cache-Control"} {
				if v := rec.Header().Values(name); len(v) > 0 {
					hdr[name] = v
				}
			}
			c.put(version, k, &entry{header: hdr, body: bytes.Clone(rec.buf.Bytes()), expires: expiry(now, cc)})
		}
	})
}

// stale is the page kept for k, whatever its expiry, if it was rendered from
// version, the last one read: a page from before a later change (a
// residency since unpublished, say) is never brought back.
func (c *Cache) stale(version int64, k string) *entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.version != version {
		return nil
	}
	return c.entries[k]
}

func (c *Cache) get(version int64, k string) *entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.version != version {
		return nil
	}
	return c.entries[k]
}

func (c *Cache) put(version int64, k string, e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		if version < c.version {
			return // rendered from older data than the cache already holds
		}
		c.version, c.size, c.entries = version, 0, map[string]*entry{}
	}
	if len(e.body) > c.maxBytes/16 {
		return
	}
	for c.size+len(e.body) > c.maxBytes && len(c.entries) > 0 {
		// Map order is random, so this evicts arbitrary entries: cheap, and
		// fair enough for pages that are all re-rendered in milliseconds.
		for old, oe := range c.entries {
			c.size -= len(oe.body)
			delete(c.entries, old)
			break
		}
	}
	if old, ok := c.entries[k]; ok {
		c.size -= len(old.body)
	}
	c.entries[k] = e
	c.size += len(e.body)
}

// Len is the number of cached pages, for tests.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// recorder passes the response through while keeping a copy of the body.
type recorder struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
	tooBig bool
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if !r.tooBig {
		if r.buf.Len()+len(b) > 4<<20 {
			r.tooBig = true
			r.buf = bytes.Buffer{}
		} else {
			r.buf.Write(b)
		}
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// holdBack keeps a whole response back, so that a 503 can be replaced by the
// stale page and anything else passed on as it was.
type holdBack struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (h *holdBack) Header() http.Header { return h.header }

func (h *holdBack) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *holdBack) Write(b []byte) (int, error) {
	if h.status == 0 {
		h.status = http.StatusOK
	}
	return h.buf.Write(b)
}

func (h *holdBack) copyTo(w http.ResponseWriter) {
	dst := w.Header()
	for name, vals := range h.header {
		dst[name] = vals
	}
	if h.status == 0 {
		h.status = http.StatusOK
	}
	w.WriteHeader(h.status)
	_, _ = w.Write(h.buf.Bytes())
}
