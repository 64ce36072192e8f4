package jobs

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"residens/internal/db/dbtest"
)

// expiring is one row per table and age: the clean-up must delete the rows
// named "old" and keep the others.
type expiring struct {
	table, name string
	age         time.Duration // how long ago it expired (negative: expires later)
}

var expiringRows = []expiring{
	{"sessions", "old", time.Minute},
	{"sessions", "fresh", -time.Hour},
	{"tokens", "old", 31 * 24 * time.Hour},
	{"tokens", "expired recently", 29 * 24 * time.Hour},
	{"tokens", "fresh", -time.Hour},
	{"throttle_events", "old", 25 * time.Hour},
	{"throttle_events", "recent", time.Hour},
	{"mail_sent", "old", 91 * 24 * time.Hour},
	{"mail_sent", "recent", 24 * time.Hour},
}

// insertExpiring adds the rows of expiringRows for one user.
func insertExpiring(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	var userID int64
	err := pool.QueryRow(ctx, `INSERT INTO users (email, name, role) VALUES ('rensa@example.se', 'Rensa', 'artist') RETURNING id`).Scan(&userID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range expiringRows {
		at := time.Now().Add(-r.age)
		hash := sha256.Sum256([]byte(r.table + r.name))
		var q string
		var args []any
		switch r.table {
		case "sessions":
			q, args = `INSERT INTO sessions (id_hash, user_id, expires_at, user_agent) VALUES ($1, $2, $3, $4)`, []any{hash[:], userID, at, r.name}
		case "tokens":
			q, args = `INSERT INTO tokens (hash, user_id, purpose, expires_at, new_email) VALUES ($1, $2, 'email_change', $3, $4)`, []any{hash[:], userID, at, r.name}
		case "throttle_events":
			q, args = `INSERT INTO throttle_events (rule, key, at) VALUES ('form:test', $1, $2)`, []any{r.name, at}
		case "mail_sent":
			q, args = `INSERT INTO mail_sent (key, sent_at) VALUES ($1, $2)`, []any{r.name, at}
		}
		if _, err := pool.Exec(ctx, q, args...); err != nil {
			t.Fatalf("insert %s %s: %v", r.table, r.name, err)
		}
	}
}

// remaining lists the names of the rows left in table.
func remaining(t *testing.T, pool *pgxpool.Pool, table string) []string {
	t.Helper()
	col := map[string]string{"sessions": "user_agent", "tokens": "new_email", "throttle_events": "key", "mail_sent": "key"}[table]
	var names []string
	if err := pool.QueryRow(context.Background(), `SELECT coalesce(array_agg(`+col+` ORDER BY 1), '{}') FROM `+table).Scan(&names); err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	return names
}

// wantRemaining is what the clean-up keeps in table.
func wantRemaining(table string) []string {
	var names []string
	for _, r := range expiringRows {
		if r.table == table && r.name != "old" {
			names = append(names, r.name)
		}
	}
	slices.Sort(names)
	return names
}

func TestCleanupDeletesExpiredRows(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	insertExpiring(t, pool)
	w := &cleanupWorker{pool: pool, log: slog.New(slog.DiscardHandler)}
	if err := w.Work(context.Background(), &river.Job[CleanupArgs]{}); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"sessions", "tokens", "throttle_events", "mail_sent"} {
		t.Run(table, func(t *testing.T) {
			if got, want := remaining(t, pool, table), wantRemaining(table); !slices.Equal(got, want) {
				t.Errorf("left %q, want %q", got, want)
			}
		})
	}
}

// TestCleanupRunsAtStart: the clean-up is a periodic job that also runs when
// the leading instance starts.
func TestCleanupRunsAtStart(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	insertExpiring(t, pool)
	startRunner(t, pool, testConfig(t, "smtp://"+closedAddr(t)))
	deadline := time.Now().Add(waitTimeout)
	for {
		var state string
		err := pool.QueryRow(context.Background(), `SELECT coalesce(max(state::text), '') FROM river_job WHERE kind = 'cleanup'`).Scan(&state)
		if err != nil {
			t.Fatal(err)
		}
		if state == "completed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("clean-up job state %q after %s, want completed", state, waitTimeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got, want := remaining(t, pool, "sessions"), wantRemaining("sessions"); !slices.Equal(got, want) {
		t.Errorf("sessions left %q, want %q", got, want)
	}
}

// TestCleanupDeletesOldBookingLinks: the further manage links of a booking
// go 30 days after its meeting, when the links answer 404 anyway; a recent
// meeting's stay.
func TestCleanupDeletesOldBookingLinks(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	var consultant int64
	if err := pool.QueryRow(ctx, `INSERT INTO users (email, name, role) VALUES ('k@example.se', 'K', 'consultant') RETURNING id`).Scan(&consultant); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO consultant_profiles (user_id) VALUES ($1)`, consultant); err != nil {
		t.Fatal(err)
	}
	for i, ended := range []time.Duration{31 * 24 * time.Hour, 29 * 24 * time.Hour} {
		end := time.Now().Add(-ended)
		var id int64
		if err := pool.QueryRow(ctx, `INSERT INTO bookings (consultant_id, during, state, name, email, meeting_form, topic)
			VALUES ($1, tstzrange($2, $3), 'held', 'B', 'b@example.se', 'video', 'ovrigt') RETURNING id`,
			consultant, end.Add(-45*time.Minute), end).Scan(&id); err != nil {
			t.Fatal(err)
		}
		hash := sha256.Sum256([]byte{byte(i)})
		if _, err := pool.Exec(ctx, `INSERT INTO booking_links (token_hash, booking_id) VALUES ($1, $2)`, hash[:], id); err != nil {
			t.Fatal(err)
		}
	}
	w := &cleanupWorker{pool: pool, log: slog.New(slog.DiscardHandler)}
	if err := w.Work(ctx, &river.Job[CleanupArgs]{}); err != nil {
		t.Fatal(err)
	}
	var left []time.Time
	if err := pool.QueryRow(ctx, `SELECT coalesce(array_agg(upper(b.during)), '{}') FROM booking_links l JOIN bookings b ON b.id = l.booking_id`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || time.Since(left[0]) > 30*24*time.Hour {
		t.Errorf("links left for meetings ending %v; want only the one of 29 days ago", left)
	}
}
