package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/db/dbtest"
)

func TestThrottleRuleWait(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		rule   auth.ThrottleRule
		n      int
		wait   time.Duration
		locked bool
	}{
		{"account: no failures", auth.AccountRule, 0, 0, false},
		{"account: four failures are free", auth.AccountRule, 4, 0, false},
		{"account: the fifth costs 30 s", auth.AccountRule, 5, 30 * time.Second, false},
		{"account: the sixth doubles it", auth.AccountRule, 6, time.Minute, false},
		{"account: the ninth waits 8 min", auth.AccountRule, 9, 8 * time.Minute, false},
		{"account: the tenth locks", auth.AccountRule, 10, auth.LockDuration, true},
		{"account: more stays locked", auth.AccountRule, 30, auth.LockDuration, true},
		{"address: nineteen are free", auth.AddressRule, 19, 0, false},
		{"address: the twentieth costs 2 s", auth.AddressRule, 20, 2 * time.Second, false},
		{"address: doubling", auth.AddressRule, 23, 16 * time.Second, false},
		{"address: capped at 2 min", auth.AddressRule, 40, 2 * time.Minute, false},
		{"address: the fiftieth locks", auth.AddressRule, 50, auth.LockDuration, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, locked := tt.rule.Wait(tt.n)
			if wait != tt.wait || locked != tt.locked {
				t.Errorf("Wait(%d) = %v, %v; want %v, %v", tt.n, wait, locked, tt.wait, tt.locked)
			}
		})
	}
}

func TestThrottleKeys(t *testing.T) {
	t.Parallel()
	if k := auth.AccountKey("anna@example.se"); strings.Contains(k, "anna") || k == auth.AccountKey("bertil@example.se") {
		t.Errorf("account key %q holds the typed text or does not tell addresses apart", k)
	}
	tests := []struct{ name, got, want string }{
		{"account key is case-blind and trimmed", auth.AccountKey(" Anna@Example.SE "), auth.AccountKey("anna@example.se")},
		{"IPv4 address whole", auth.AddressKey("192.0.2.7"), "ip:192.0.2.7"},
		{"IPv6 address cut to its /64", auth.AddressKey("2001:db8:1:2:3:4:5:6"), "ip:2001:db8:1:2::/64"},
		{"another address in the same /64", auth.AddressKey("2001:db8:1:2:ffff::1"), "ip:2001:db8:1:2::/64"},
		{"something unparseable kept as is", auth.AddressKey("pipe"), "ip:pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// check runs CheckThrottle in a transaction of its own.
func check(t *testing.T, pool *pgxpool.Pool, email, ip string, now time.Time) auth.Throttle {
	t.Helper()
	var th auth.Throttle
	err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
		var err error
		th, err = auth.CheckThrottle(context.Background(), tx, email, ip, now)
		return err
	})
	if err != nil {
		t.Fatalf("CheckThrottle: %v", err)
	}
	return th
}

func fail(t *testing.T, pool *pgxpool.Pool, email, ip string, at time.Time, times int) {
	t.Helper()
	for range times {
		if err := auth.RecordFailure(context.Background(), pool, email, ip, at); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCheckThrottle(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC)

	t.Run("nothing recorded: allowed", func(t *testing.T) {
		if th := check(t, pool, "ny@example.se", "192.0.2.1", now); !th.Allowed() || th.Message() != "" {
			t.Fatalf("got %+v, want allowed", th)
		}
	})

	t.Run("per account, from any address", func(t *testing.T) {
		// Five failures from five addresses: the account key holds them
		// all, whatever address the next attempt comes from.
		for i, ip := range []string{"192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14"} {
			fail(t, pool, "Konto@Example.se", ip, now.Add(time.Duration(i)*time.Second), 1)
		}
		last := now.Add(4 * time.Second)
		th := check(t, pool, "konto@example.se", "192.0.2.99", last.Add(10*time.Second))
		if th.Allowed() || th.Locked || !th.Until.Equal(last.Add(30*time.Second)) {
			t.Fatalf("got %+v, want a wait until %v", th, last.Add(30*time.Second))
		}
		if msg := th.Message(); !strings.Contains(msg, "om 20 sekunder") || !strings.Contains(msg, "klockan 12.00.34") {
			t.Errorf("message %q, want the wait and the Stockholm time", msg)
		}
		if th := check(t, pool, "konto@example.se", "192.0.2.99", last.Add(30*time.Second)); !th.Allowed() {
			t.Errorf("after the wait: %+v, want allowed", th)
		}
		if th := check(t, pool, "annan@example.se", "192.0.2.99", last.Add(10*time.Second)); !th.Allowed() {
			t.Errorf("another account: %+v, want allowed", th)
		}
	})

	t.Run("lock after ten, and the window forgets", func(t *testing.T) {
		fail(t, pool, "lås@example.se", "192.0.2.20", now, 10)
		th := check(t, pool, "lås@example.se", "192.0.2.21", now.Add(time.Minute))
		if !th.Locked || !th.Until.Equal(now.Add(auth.LockDuration)) {
			t.Fatalf("got %+v, want locked until %v", th, now.Add(auth.LockDuration))
		}
		if msg := th.Message(); !strings.Contains(msg, "tillfälligt spärrad") || !strings.Contains(msg, "om 14 minuter") {
			t.Errorf("lock message %q", msg)
		}
		if th := check(t, pool, "lås@example.se", "192.0.2.21", now.Add(auth.LockDuration)); !th.Allowed() {
			t.Errorf("after the lock and the window: %+v, want allowed", th)
		}
	})

	t.Run("per address, across accounts", func(t *testing.T) {
		for i := range 20 {
			fail(t, pool, "spray"+string(rune('a'+i))+"@example.se", "198.51.100.7", now, 1)
		}
		th := check(t, pool, "ny-person@example.se", "198.51.100.7", now.Add(time.Second))
		if th.Allowed() || !th.Until.Equal(now.Add(2*time.Second)) {
			t.Fatalf("got %+v, want a 2 s wait for the address", th)
		}
		if th := check(t, pool, "ny-person@example.se", "198.51.100.8", now.Add(time.Second)); !th.Allowed() {
			t.Errorf("another address: %+v, want allowed", th)
		}
		fail(t, pool, "sprayz@example.se", "198.51.100.7", now, 30)
		if th := check(t, pool, "x@example.se", "198.51.100.7", now.Add(time.Minute)); !th.Locked {
			t.Errorf("after 50 failures: %+v, want locked", th)
		}
	})

	t.Run("clearing forgets the account, not the address", func(t *testing.T) {
		fail(t, pool, "rensa@example.se", "203.0.113.5", now, 5)
		for range 15 {
			fail(t, pool, "rensa-annan@example.se", "203.0.113.5", now, 1)
		}
		if err := auth.ClearFailures(ctx, pool, "RENSA@example.se"); err != nil {
			t.Fatal(err)
		}
		if th := check(t, pool, "rensa@example.se", "203.0.113.6", now.Add(time.Second)); !th.Allowed() {
			t.Errorf("account after clearing: %+v, want allowed", th)
		}
		if th := check(t, pool, "rensa@example.se", "203.0.113.5", now.Add(time.Second)); th.Allowed() {
			t.Errorf("address after clearing the account: allowed, want its 20 failures to count")
		}
	})
}
