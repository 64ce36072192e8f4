package registry_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/registry"
)

// entry returns a valid entry received at at.
func entry(at time.Time) registry.Entry {
	return registry.Entry{
		Kind:           registry.KindQuestion,
		Description:    "Fråga om residens",
		SenderName:     "Anna Berg",
		SenderIsPerson: true,
		SenderEmail:    "anna@example.se",
		ReceivedAt:     at,
	}
}

// mustRegister registers e in a transaction of its own and commits.
func mustRegister(t *testing.T, pool *pgxpool.Pool, reg *registry.Registry, e registry.Entry) registry.Registration {
	t.Helper()
	var out registry.Registration
	err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
		var err error
		out, err = reg.Register(context.Background(), tx, e)
		return err
	})
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	return out
}

func TestRegisterNumbersEachYearFromOne(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	reg := registry.New("TEST")
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	steps := []struct {
		at   time.Time
		want string
	}{
		{at, "TEST-2026-0001"},
		{at.Add(time.Hour), "TEST-2026-0002"},
		{time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), "TEST-2025-0001"},
		{at.Add(2 * time.Hour), "TEST-2026-0003"},
		{time.Date(2027, 1, 2, 12, 0, 0, 0, time.UTC), "TEST-2027-0001"},
	}
	for _, s := range steps {
		got := mustRegister(t, pool, reg, entry(s.at))
		if got.Number != s.want {
			t.Errorf("registered at %v: number %q, want %q", s.at, got.Number, s.want)
		}
		if got.ID == 0 || !got.ReceivedAt.Equal(s.at) {
			t.Errorf("registration %+v: want an id and ReceivedAt %v", got, s.at)
		}
		var number, email string
		var at time.Time
		if err := pool.QueryRow(context.Background(),
			`SELECT number, sender_email, received_at FROM registrations WHERE id = $1`, got.ID).Scan(&number, &email, &at); err != nil {
			t.Fatal(err)
		}
		if number != s.want || email != "anna@example.se" || !at.Equal(s.at) {
			t.Errorf("row %d: %q %q %v, want %q, the sender's address and %v", got.ID, number, email, at, s.want, s.at)
		}
	}
}

func TestRegisterYearIsStockholms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		// 23.30 UTC on New Year's Eve is 00.30 on New Year's Day in
		// Stockholm (UTC+1 in winter).
		{"New Year's Eve 23.30 UTC is next year", time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), "TEST-2027-0001"},
		{"New Year's Eve 22.59 UTC is still this year", time.Date(2026, 12, 31, 22, 59, 59, 0, time.UTC), "TEST-2026-0001"},
		{"midnight in Stockholm is the new year", time.Date(2027, 1, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600)), "TEST-2027-0001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pool := dbtest.New(t)
			got := mustRegister(t, pool, registry.New("TEST"), entry(tt.at))
			if got.Number != tt.want {
				t.Errorf("number %q, want %q", got.Number, tt.want)
			}
		})
	}
}

func TestRegisterRollbackGivesTheNumberBack(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	reg := registry.New("TEST")
	ctx := context.Background()
	at := time.Date(2026, 5, 5, 10, 0, 0, 0, time.UTC)
	mustRegister(t, pool, reg, entry(at))

	// The item's own insert fails after the number is taken: the whole
	// transaction goes, the number with it.
	errBoom := errors.New("the submission failed after registering")
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		got, err := reg.Register(ctx, tx, entry(at))
		if err != nil {
			return err
		}
		if got.Number != "TEST-2026-0002" {
			t.Errorf("number in the failing transaction %q, want TEST-2026-0002", got.Number)
		}
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("InTx: %v, want the failure", err)
	}
	if got := mustRegister(t, pool, reg, entry(at)); got.Number != "TEST-2026-0002" {
		t.Errorf("number after a rollback %q, want TEST-2026-0002 again (no gap)", got.Number)
	}
	// A rolled-back first number of a new year is given back too.
	next := time.Date(2027, 2, 1, 10, 0, 0, 0, time.UTC)
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Register(ctx, tx, entry(next)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := mustRegister(t, pool, reg, entry(next)); got.Number != "TEST-2027-0001" {
		t.Errorf("first number of 2027 after a rollback %q, want TEST-2027-0001", got.Number)
	}
}

func TestRegisterRefusesABadEntry(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	reg := registry.New("TEST")
	at := time.Date(2026, 5, 5, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		shape func(*registry.Entry)
	}{
		{"unknown kind", func(e *registry.Entry) { e.Kind = "complaint" }},
		{"no kind", func(e *registry.Entry) { e.Kind = "" }},
		{"no time received", func(e *registry.Entry) { e.ReceivedAt = time.Time{} }},
		{"no description", func(e *registry.Entry) { e.Description = " \n\t" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := entry(at)
			tt.shape(&e)
			err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
				_, err := reg.Register(context.Background(), tx, e)
				return err
			})
			if !errors.Is(err, registry.ErrInvalidEntry) {
				t.Errorf("Register: %v, want ErrInvalidEntry", err)
			}
		})
	}
	// None of the refusals used up a number.
	if got := mustRegister(t, pool, reg, entry(at)); got.Number != "TEST-2026-0001" {
		t.Errorf("first number after refusals %q, want TEST-2026-0001", got.Number)
	}
}

func TestRegisterShortensLongText(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	e := entry(time.Date(2026, 5, 5, 10, 0, 0, 0, time.UTC))
	long := make([]rune, 2*registry.MaxDescription)
	for i := range long {
		long[i] = 'å'
	}
	e.Description = "rad ett\nrad\x00två " + string(long)
	e.SenderOrg = string(long)
	got := mustRegister(t, pool, registry.New("TEST"), e)
	var desc, org string
	if err := pool.QueryRow(context.Background(),
		`SELECT description, sender_org FROM registrations WHERE id = $1`, got.ID).Scan(&desc, &org); err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(desc)); n != registry.MaxDescription {
		t.Errorf("description %d characters, want %d", n, registry.MaxDescription)
	}
	if want := "rad ett radtvå åå"; desc[:len(want)] != want {
		t.Errorf("description starts %q, want %q (one line, no control characters)", desc[:len(want)], want)
	}
	if n := len([]rune(org)); n != registry.MaxSender {
		t.Errorf("organisation %d characters, want %d", n, registry.MaxSender)
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		prefix    string
		year, seq int
		want      string
	}{
		{"RS", 2026, 1, "RS-2026-0001"},
		{"RS", 2026, 42, "RS-2026-0042"},
		{"KUR", 2027, 9999, "KUR-2027-9999"},
		// Past 9999 the number simply grows.
		{"RS", 2026, 12345, "RS-2026-12345"},
		{"", 2026, 7, registry.DefaultPrefix + "-2026-0007"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := registry.New(tt.prefix).Format(tt.year, tt.seq); got != tt.want {
				t.Errorf("Format = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		prefix string
		want   bool
	}{
		{"RS", true},
		{"KUR2", true},
		{"ÅR", true},
		{"A", true},
		{"ABCDEFGHIJ", true},
		{"", false},
		{"rs", false},
		{"2RS", false},
		{"RS-1", false},
		{"R S", false},
		{"ABCDEFGHIJK", false},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			t.Parallel()
			if got := registry.ValidPrefix(tt.prefix); got != tt.want {
				t.Errorf("ValidPrefix(%q) = %v, want %v", tt.prefix, got, tt.want)
			}
		})
	}
}

func TestNewPanicsOnABadPrefix(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("New(\"r-s\") did not panic")
		}
	}()
	registry.New("r-s")
}

// TestRegisterConcurrently registers many items at once from goroutines on
// two pools over the same database, as two app instances would, each in its
// own transaction, some of which roll back. The committed ones must be
// numbered 1..n of the year: no gap, no duplicate.
func TestRegisterConcurrently(t *testing.T) {
	t.Parallel()
	const (
		workers   = 6
		perWorker = 12 // 72 transactions in all
	)
	poolA := dbtest.New(t)
	poolB, err := db.Open(context.Background(), poolA.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(poolB.Close)
	reg := registry.New("TEST")
	at := time.Date(2026, 11, 26, 11, 0, 0, 0, time.UTC)

	start := make(chan struct{})
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		committed []registry.Registration
		errs      []error
	)
	for w := range workers {
		pool := poolA
		if w%2 == 1 {
			pool = poolB
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range perWorker {
				// Every fifth transaction fails after taking its number.
				rollback := (w*perWorker+i)%5 == 4
				var got registry.Registration
				err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
					var err error
					if got, err = reg.Register(context.Background(), tx, entry(at)); err != nil {
						return err
					}
					if rollback {
						return errRolledBack
					}
					return nil
				})
				mu.Lock()
				switch {
				case rollback && errors.Is(err, errRolledBack):
				case err != nil:
					errs = append(errs, err)
				default:
					committed = append(committed, got)
				}
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		t.Errorf("Register: %v", err)
	}
	const want = workers*perWorker - workers*perWorker/5
	if len(committed) != want {
		t.Fatalf("%d registrations committed, want %d", len(committed), want)
	}
	if want < 50 {
		t.Fatalf("only %d registrations committed; the test wants at least 50", want)
	}
	sort.Slice(committed, func(i, j int) bool { return committed[i].Seq < committed[j].Seq })
	for i, r := range committed {
		if wantNumber := fmt.Sprintf("TEST-2026-%04d", i+1); r.Seq != i+1 || r.Number != wantNumber {
			t.Fatalf("registration %d of %d is %q (seq %d), want %q: a gap or a duplicate", i+1, want, r.Number, r.Seq, wantNumber)
		}
	}
	// The database agrees with what the callers were told.
	var n, maxSeq int
	if err := poolA.QueryRow(context.Background(),
		`SELECT count(*), max(seq) FROM registrations WHERE year = 2026`).Scan(&n, &maxSeq); err != nil {
		t.Fatal(err)
	}
	if n != want || maxSeq != want {
		t.Errorf("database holds %d registrations up to %d, want %d up to %d", n, maxSeq, want, want)
	}
}

var errRolledBack = errors.New("rolled back on purpose")

// TestRegisterRefreshesThePageCache checks that a registration bumps the
// content version, so that a cached /diarium is not served stale.
func TestRegisterRefreshesThePageCache(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	version := func() int64 {
		t.Helper()
		var v int64
		if err := pool.QueryRow(context.Background(), `SELECT version FROM content_version`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := version()
	mustRegister(t, pool, registry.New("TEST"), entry(time.Date(2026, 5, 5, 10, 0, 0, 0, time.UTC)))
	if after := version(); after <= before {
		t.Errorf("content version %d after registering, want more than %d", after, before)
	}
}
