package throttle_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/throttle"
)

var now = time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC)

// take runs form.Take in a transaction of its own and returns its error.
func take(t *testing.T, pool *pgxpool.Pool, form throttle.Form, ip, email string, at time.Time) error {
	t.Helper()
	return db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
		return form.Take(context.Background(), tx, ip, email, at)
	})
}

// limited returns the *Limited error in err, failing the test when there is
// none.
func limited(t *testing.T, err error) *throttle.Limited {
	t.Helper()
	var l *throttle.Limited
	if !errors.As(err, &l) {
		t.Fatalf("got %v, want a *throttle.Limited", err)
	}
	return l
}

func TestKey(t *testing.T) {
	t.Parallel()
	if k := throttle.Key(throttle.ByEmail, "anna@example.se"); strings.Contains(k, "anna") || k == throttle.Key(throttle.ByEmail, "bertil@example.se") {
		t.Errorf("e-mail key %q holds the typed text or does not tell addresses apart", k)
	}
	tests := []struct{ name, got, want string }{
		{"e-mail key is case-blind and trimmed", throttle.Key(throttle.ByEmail, " Anna@Example.SE "), throttle.Key(throttle.ByEmail, "anna@example.se")},
		{"IPv4 address whole", throttle.Key(throttle.ByIP, "192.0.2.7"), "ip:192.0.2.7"},
		{"IPv6 address cut to its /64", throttle.Key(throttle.ByIP, "2001:db8:1:2:3:4:5:6"), "ip:2001:db8:1:2::/64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestFormLimits(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	limits := throttle.Limits{BookingsPerIP: 3, FormsPerIP: 5, MailsPerAddress: 2}

	t.Run("per client address", func(t *testing.T) {
		form := limits.Form("ip-test", limits.BookingsPerIP)
		for i, email := range []string{"a@example.se", "b@example.se", "c@example.se"} {
			if err := take(t, pool, form, "192.0.2.1", email, now.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatalf("use %d: %v", i+1, err)
			}
		}
		l := limited(t, take(t, pool, form, "192.0.2.1", "d@example.se", now.Add(10*time.Minute)))
		// The oldest use leaves the window an hour after it was made.
		if !l.Until.Equal(now.Add(time.Hour)) || l.Kind != throttle.ByIP || l.RetryAfter() != 50*time.Minute {
			t.Errorf("limited until %v by %s, retry after %v; want %v by ip, 50m0s", l.Until, l.Kind, l.RetryAfter(), now.Add(time.Hour))
		}
		if msg := l.Explain(); !strings.Contains(msg, "från din anslutning") || !strings.Contains(msg, "klockan 13.00.00 (om 50 minuter)") {
			t.Errorf("message %q, want the reason and the Stockholm time", msg)
		}
		if err := take(t, pool, form, "192.0.2.2", "d@example.se", now.Add(10*time.Minute)); err != nil {
			t.Errorf("another address: %v, want allowed", err)
		}
		if err := take(t, pool, form, "192.0.2.1", "e@example.se", now.Add(time.Hour)); err != nil {
			t.Errorf("once the oldest use has left the window: %v, want allowed", err)
		}
		if err := take(t, pool, limits.Form("other-form", limits.BookingsPerIP), "192.0.2.1", "f@example.se", now.Add(10*time.Minute)); err != nil {
			t.Errorf("another form from the same address: %v, want allowed", err)
		}
	})

	t.Run("per typed address, case-blind, from any client", func(t *testing.T) {
		form := limits.Form("email-test", limits.FormsPerIP)
		for i, ip := range []string{"198.51.100.1", "198.51.100.2"} {
			if err := take(t, pool, form, ip, "Mottagare@example.se", now); err != nil {
				t.Fatalf("use %d: %v", i+1, err)
			}
		}
		l := limited(t, take(t, pool, form, "198.51.100.3", "mottagare@EXAMPLE.se ", now.Add(time.Second)))
		if l.Kind != throttle.ByEmail || !strings.Contains(l.Explain(), "med den e-postadressen") {
			t.Errorf("limited by %s: %q, want by the typed address", l.Kind, l.Explain())
		}
		if err := take(t, pool, form, "198.51.100.3", "annan@example.se", now.Add(time.Second)); err != nil {
			t.Errorf("another typed address: %v, want allowed", err)
		}
		// A refused use counts nothing: the client address that was
		// refused has one use, not two.
		var n int
		if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM throttle_events WHERE rule = $1 AND key = $2`,
			form.PerIP.Name, throttle.Key(throttle.ByIP, "198.51.100.3")).Scan(&n); err != nil || n != 1 {
			t.Errorf("uses recorded for the refused client: %d, %v; want 1", n, err)
		}
	})

	t.Run("a use that rolls back is not counted", func(t *testing.T) {
		form := limits.Form("rollback-test", 1)
		boom := errors.New("boom")
		err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
			if err := form.Take(context.Background(), tx, "203.0.113.1", "", now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if err := take(t, pool, form, "203.0.113.1", "", now); err != nil {
			t.Errorf("after a rolled-back use: %v, want allowed", err)
		}
	})

	t.Run("zero is no limit", func(t *testing.T) {
		form := throttle.Limits{}.Form("unlimited", 0)
		for i := range 5 {
			if err := take(t, pool, form, "203.0.113.9", "x@example.se", now); err != nil {
				t.Fatalf("use %d: %v", i+1, err)
			}
		}
	})
}

// TestParallelUsesStopAtTheLimit: many requests on one key at once get
// exactly the limit through, because each checks and records under the
// key's lock.
func TestParallelUsesStopAtTheLimit(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	const limit, tries = 4, 12
	form := throttle.Limits{MailsPerAddress: 100}.Form("parallel", limit)
	var wg sync.WaitGroup
	errs := make([]error, tries)
	for i := range tries {
		wg.Go(func() {
			errs[i] = db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
				return form.Take(context.Background(), tx, "192.0.2.50", "", now)
			})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var l *throttle.Limited
		switch {
		case err == nil:
			ok++
		case !errors.As(err, &l):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != limit {
		t.Errorf("%d of %d parallel uses allowed, want %d", ok, tries, limit)
	}
}

func TestDelayRule(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	rule := throttle.Rule{Name: "delay-test", Kind: throttle.ByIP, Window: 15 * time.Minute,
		Delay: func(n int) (time.Duration, bool) { return time.Duration(n) * time.Minute, n >= 3 }}
	hit := throttle.Hit{Rule: rule, Value: "192.0.2.9"}
	check := func(at time.Time) throttle.Verdict {
		t.Helper()
		var v throttle.Verdict
		if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
			var err error
			v, err = throttle.Check(ctx, tx, at, hit)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i := range 3 {
		if err := throttle.Record(ctx, pool, now.Add(time.Duration(i)*time.Second), hit); err != nil {
			t.Fatal(err)
		}
	}
	last := now.Add(2 * time.Second)
	if v := check(last.Add(time.Minute)); !v.Locked || !v.Until.Equal(last.Add(3*time.Minute)) {
		t.Errorf("got %+v, want locked until three minutes after the newest", v)
	}
	if v := check(last.Add(3 * time.Minute)); !v.Allowed() {
		t.Errorf("after the wait: %+v, want allowed", v)
	}
	if err := throttle.Clear(ctx, pool, hit); err != nil {
		t.Fatal(err)
	}
	if v := check(last.Add(time.Second)); !v.Allowed() {
		t.Errorf("after clearing: %+v, want allowed", v)
	}
}
