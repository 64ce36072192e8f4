package booking_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/jobs"
	"residens/internal/registry"
	"residens/internal/testutil"
	"residens/internal/throttle"
)

// instance returns another server of the site over s's database and clock,
// with its own handler, as a second instance behind a load balancer has.
func (s *site) instance(t *testing.T) http.Handler {
	t.Helper()
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	runner, err := jobs.New(s.pool, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom}, log)
	if err != nil {
		t.Fatal(err)
	}
	return app.NewHandler(app.Deps{Pool: s.pool, Log: log, Config: cfg, Now: s.clock, Mail: runner.Mail(),
		Registry: registry.New("TEST")})
}

// send posts the filled booking form v to h from the client address addr,
// with forwarded as its X-Forwarded-For when not empty.
func send(t *testing.T, h http.Handler, addr, forwarded string, v url.Values) *testutil.Response {
	t.Helper()
	req := testutil.Request(http.MethodPost, "/radgivning/boka", v, nil)
	req.RemoteAddr = addr
	if forwarded != "" {
		req.Header.Set("X-Forwarded-For", forwarded)
	}
	return testutil.Serve(t, h, req)
}

func wantBooked(t *testing.T, r *testutil.Response) {
	t.Helper()
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/radgivning/bokning/") {
		t.Fatalf("status %d to %q, want 303 to the booking; page says %s", r.Status, r.Header.Get("Location"),
			testutil.Squash(r.Doc.Find("main").Text()))
	}
}

// wantLimited checks the 429 page: Retry-After, the Swedish text with the
// Stockholm time (testutil.Now is noon; the first use leaves the window at
// 13.00), and the site's page.
func wantLimited(t *testing.T, r *testutil.Response, reason string) {
	t.Helper()
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429; page says %s", r.Status, testutil.Squash(r.Doc.Find("main").Text()))
	}
	if got := r.Header.Get("Retry-After"); got != "3600" {
		t.Errorf("Retry-After %q, want 3600", got)
	}
	if got := r.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", got)
	}
	if got := r.Text("error-heading"); got != "För många försök" {
		t.Errorf("heading %q", got)
	}
	if msg := r.Text("error-message"); !strings.Contains(msg, reason) || !strings.Contains(msg, "Du kan försöka igen klockan 13.00.00 (om 60 minuter)") {
		t.Errorf("message %q, want %q and when to try again", msg, reason)
	}
	testutil.CheckPage(t, "POST /radgivning/boka", r)
}

func (s *site) bookings(t *testing.T) int {
	t.Helper()
	return testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM bookings`)
}

// TestBookingLimitPerClientAddress: the tenth booking request from one
// address within an hour is the last, whichever instance serves it, and an
// X-Forwarded-For header from a peer that is no trusted proxy changes
// nothing; another address still books.
func TestBookingLimitPerClientAddress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	handlers := []http.Handler{s.h, s.instance(t)}
	limit := throttle.DefaultLimits.BookingsPerIP
	for i := range limit {
		v := s.bookForm(t, fmt.Sprintf("bokare%d@example.se", i))
		// Each request names another client: were the header believed,
		// every one would have a key of its own.
		wantBooked(t, send(t, handlers[i%2], fmt.Sprintf("192.0.2.10:%d", 5000+i), fmt.Sprintf("203.0.113.%d", i+1), v))
	}
	v := s.bookForm(t, "en-till@example.se")
	for i, h := range handlers {
		wantLimited(t, send(t, h, "192.0.2.10:6000", fmt.Sprintf("203.0.113.%d", 100+i), v), "från din anslutning")
	}
	if n := s.bookings(t); n != limit {
		t.Errorf("%d bookings, want %d", n, limit)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM river_job WHERE args->>'to' = 'en-till@example.se'`); n != 0 {
		t.Errorf("%d messages to the refused booker, want none", n)
	}
	wantBooked(t, send(t, handlers[1], "198.51.100.20:5000", "", v))
}

// TestBookingLimitPerTypedAddress: three requests with one e-mail address
// within an hour, from any client and instance, are the most.
func TestBookingLimitPerTypedAddress(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	handlers := []http.Handler{s.h, s.instance(t)}
	limit := throttle.DefaultLimits.MailsPerAddress
	for i := range limit {
		wantBooked(t, send(t, handlers[i%2], fmt.Sprintf("198.51.100.%d:5000", i+1), "", s.bookForm(t, "Samma@Example.se")))
	}
	wantLimited(t, send(t, handlers[1], "198.51.100.99:5000", "", s.bookForm(t, "samma@example.se")), "med den e-postadressen")
	wantBooked(t, send(t, handlers[1], "198.51.100.99:5000", "", s.bookForm(t, "annan@example.se")))
}

// TestDoubleClickAtTheLimitCountsOnce: the last allowed request sent twice
// at once, to two instances, makes one booking, is counted once, and both
// clicks land on the booking, not on the 429 page.
func TestDoubleClickAtTheLimitCountsOnce(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	handlers := []http.Handler{s.h, s.instance(t)}
	limit := throttle.DefaultLimits.BookingsPerIP
	const addr = "192.0.2.30:5000"
	for i := range limit - 1 {
		wantBooked(t, send(t, s.h, addr, "", s.bookForm(t, fmt.Sprintf("bokare%d@example.se", i))))
	}
	v := s.bookForm(t, "dubbel@example.se")
	// Hold the address's lock, as a request of its own in flight would,
	// until both clicks wait for it: both have then passed every check
	// before the limit's, and meet only there.
	ctx := context.Background()
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if err := throttle.DefaultLimits.Form("radgivning-boka", 1000).Take(ctx, tx, "192.0.2.30", "", testutil.Now); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	status, location := make([]int, 2), make([]string, 2)
	for i, h := range handlers {
		wg.Go(func() {
			req := testutil.Request(http.MethodPost, "/radgivning/boka", v, nil)
			req.RemoteAddr = addr
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			status[i], location[i] = rec.Code, rec.Header().Get("Location")
		})
	}
	waitForLockWaiters(t, s.pool, 2)
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for i := range 2 {
		if status[i] != http.StatusSeeOther || location[i] != location[0] || !strings.HasPrefix(location[i], "/radgivning/bokning/") {
			t.Errorf("click %d: status %d to %q; want both 303 to one booking (%q)", i+1, status[i], location[i], location[0])
		}
	}
	// And a third, later click of the same form.
	if r := send(t, s.h, addr, "", v); r.Header.Get("Location") != location[0] {
		t.Errorf("a later click: status %d to %q, want 303 to %q", r.Status, r.Header.Get("Location"), location[0])
	}
	if n := s.bookings(t); n != limit {
		t.Errorf("%d bookings, want %d", n, limit)
	}
	var uses int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM throttle_events WHERE rule = 'form:radgivning-boka' AND key = $1`,
		throttle.Key(throttle.ByIP, "192.0.2.30")).Scan(&uses); err != nil || uses != limit {
		t.Errorf("uses counted for the address: %d, %v; want %d", uses, err, limit)
	}
	wantLimited(t, send(t, s.h, addr, "", s.bookForm(t, "elfte@example.se")), "från din anslutning")
}

// waitForLockWaiters returns once n sessions of the test's database wait
// for an advisory lock (it fails the test after a generous while).
func waitForLockWaiters(t *testing.T, pool *pgxpool.Pool, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		waiting := testutil.Scalar[int](t, pool, `SELECT count(*) FROM pg_locks
			WHERE locktype = 'advisory' AND NOT granted
			  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)
		if waiting >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d requests wait for the lock, want %d", waiting, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
