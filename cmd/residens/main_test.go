package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/seed"
)

// runWith calls run with env as the whole environment and returns what it
// wrote.
func runWith(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	// run makes its logger the process default; put the test's back.
	defer slog.SetDefault(slog.Default())
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		mention string // the error names this
	}{
		{"no command", nil, "inget kommando"},
		{"unknown command", []string{"deploy"}, `"deploy"`},
		{"unknown migrate action", []string{"migrate", "sideways"}, `"sideways"`},
		{"seed without what", []string{"seed"}, "--demo"},
		{"seed with an unknown flag", []string{"seed", "--everything"}, "everything"},
		{"seed with a bad count", []string{"seed", "--synthetic", "many"}, "synthetic"},
		{"seed with no residencies", []string{"seed", "--synthetic", "0"}, "--synthetic"},
		{"seed accounts without the demo", []string{"seed", "--synthetic", "3", "--accounts"}, "--accounts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runWith(t, nil, tt.args...)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("run = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %s", err, tt.mention)
			}
		})
	}
	t.Run("help", func(t *testing.T) {
		out, _, err := runWith(t, nil, "help")
		if err != nil {
			t.Fatalf("run help = %v", err)
		}
		for _, cmd := range []string{"serve", "migrate status", "migrate down", "seed --demo", "seed --synthetic N", "DATABASE_URL"} {
			if !strings.Contains(out, cmd) {
				t.Errorf("usage does not mention %q", cmd)
			}
		}
	})
}

func TestRunBadEnvironment(t *testing.T) {
	tests := []struct {
		variable, value string
	}{
		{"ADDR", "8080"},
		{"BASE_URL", "ftp://example.se"},
		{"LOG_LEVEL", "loud"},
		{"LOG_FORMAT", "xml"},
		{"PAGE_CACHE", "maybe"},
		{"SHUTDOWN_TIMEOUT", "-1s"},
	}
	for _, tt := range tests {
		for _, cmd := range []string{"serve", "migrate", "seed"} {
			t.Run(cmd+" "+tt.variable, func(t *testing.T) {
				_, _, err := runWith(t, map[string]string{tt.variable: tt.value}, cmd, "--demo")
				if err == nil {
					t.Fatal("run accepted the bad value")
				}
				var ue usageError
				if errors.As(err, &ue) {
					t.Errorf("run = usage error %q, want a configuration error", err)
				}
				if !strings.Contains(err.Error(), tt.variable) {
					t.Errorf("error %q does not name %s", err, tt.variable)
				}
			})
		}
	}
}

func TestRunMigrateAndSeed(t *testing.T) {
	url := dbtest.EmptyURL(t)
	env := map[string]string{"DATABASE_URL": url, "LOG_LEVEL": "error"}

	out, _, err := runWith(t, env, "migrate", "status")
	if err != nil {
		t.Fatalf("migrate status: %v", err)
	}
	if !strings.Contains(out, "00001_") || !strings.Contains(out, "pending") || strings.Contains(out, "applied") {
		t.Errorf("status on an empty database:\n%s", out)
	}

	out, _, err = runWith(t, env, "migrate")
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if !strings.Contains(out, "migreringar körda") || strings.HasPrefix(out, "0 ") {
		t.Errorf("migrate output %q, want a count of migrations run", out)
	}
	if out, _, err = runWith(t, env, "migrate", "up"); err != nil || !strings.HasPrefix(out, "0 ") {
		t.Errorf("second migrate up = %q, %v; want 0 run", out, err)
	}

	out, _, err = runWith(t, env, "migrate", "down")
	if err != nil {
		t.Fatalf("migrate down: %v", err)
	}
	if !strings.Contains(out, "backad") {
		t.Errorf("migrate down output %q", out)
	}
	out, _, err = runWith(t, env, "migrate", "status")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; !strings.HasSuffix(last, "pending") {
		t.Errorf("newest migration after down: %q, want pending", last)
	}
	if !strings.Contains(lines[0], "applied") {
		t.Errorf("oldest migration after down: %q, want applied", lines[0])
	}

	// seed migrates first, so the migration rolled back above comes back.
	out, _, err = runWith(t, env, "seed", "--synthetic", "6")
	if err != nil {
		t.Fatalf("seed --synthetic: %v", err)
	}
	if !strings.Contains(out, "6 genererade residens och 3 kulturaktörer") {
		t.Errorf("seed output %q", out)
	}
	pool, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var residencies, actors int
	if err := pool.QueryRow(context.Background(),
		`SELECT (SELECT count(*) FROM residencies), (SELECT count(*) FROM cultural_actors)`).Scan(&residencies, &actors); err != nil {
		t.Fatal(err)
	}
	if residencies != 6 || actors != 3 {
		t.Errorf("after seed: %d residencies and %d actors, want 6 and 3", residencies, actors)
	}
}

// syncBuffer is a bytes.Buffer that a running server may write to while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestRunServe starts serve as main does and stops it as a signal would: it
// logs in the configured format to the stderr it was given, and returns nil.
// TestRunSeedDemoAccounts: seed --demo --accounts prints one account per
// role with its password and signs them in (the seed package tests the
// sign-in), twice without adding anything; with an https BASE_URL it is
// refused before the database is touched.
func TestRunSeedDemoAccounts(t *testing.T) {
	url := dbtest.EmptyURL(t)
	env := map[string]string{"DATABASE_URL": url, "LOG_LEVEL": "error", "BASE_URL": "https://residens.example.se",
		"SESSION_KEY": strings.Repeat("ab", 32)}
	_, _, err := runWith(t, env, "seed", "--demo", "--accounts")
	if err == nil || !strings.Contains(err.Error(), "https") || !strings.Contains(err.Error(), "utveckling") {
		t.Fatalf("seed --demo --accounts with an https BASE_URL = %v, want the Swedish refusal", err)
	}
	pool, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var tables int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_tables WHERE tablename = 'users'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("the refused seed migrated the database")
	}

	delete(env, "BASE_URL")
	delete(env, "SESSION_KEY")
	var out string
	for range 2 {
		if out, _, err = runWith(t, env, "seed", "--demo", "--accounts"); err != nil {
			t.Fatalf("seed --demo --accounts: %v", err)
		}
	}
	for _, a := range seed.DemoAccounts {
		line := regexp.MustCompile(regexp.QuoteMeta(a.Email) + ` +` + regexp.QuoteMeta(a.Password) + ` +` +
			regexp.QuoteMeta(auth.Role(a.Role).Label()))
		if !line.MatchString(out) {
			t.Errorf("output has no line for %s with password and role:\n%s", a.Email, out)
		}
	}
	if !strings.Contains(out, "http://127.0.0.1:8080/logga-in") {
		t.Errorf("output does not say where to sign in:\n%s", out)
	}
	var users, withPassword, bookings int
	if err := pool.QueryRow(context.Background(), `SELECT count(*), count(password_hash),
		(SELECT count(*) FROM bookings) FROM users`).Scan(&users, &withPassword, &bookings); err != nil {
		t.Fatal(err)
	}
	want := len(seed.DemoConsultants) + len(seed.DemoOfficers) + len(seed.DemoArtists) + len(seed.DemoJurors) + 1
	if users != want || withPassword != len(seed.DemoAccounts) || bookings != len(seed.DemoBookings) {
		t.Errorf("after seeding twice: %d users, %d with a password, %d bookings; want %d, %d, %d",
			users, withPassword, bookings, want, len(seed.DemoAccounts), len(seed.DemoBookings))
	}

	out, _, err = runWith(t, env, "seed", "--demo")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "Lösenord") {
		t.Errorf("seed --demo without --accounts prints passwords:\n%s", out)
	}
}

func TestRunServe(t *testing.T) {
	defer slog.SetDefault(slog.Default())
	env := map[string]string{"DATABASE_URL": dbtest.EmptyURL(t), "ADDR": "127.0.0.1:0", "LOG_FORMAT": "json"}
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()

	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(stderr.String(), `"msg":"serving"`) {
		select {
		case err := <-done:
			t.Fatalf("serve returned before serving: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel = %v, want nil", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop")
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		if !strings.HasPrefix(line, "{") {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
	if !strings.Contains(stderr.String(), `"msg":"stopped"`) {
		t.Errorf("no stopped line:\n%s", stderr.String())
	}
}

// TestRunRoutes prints the route table: every route once, each with its
// policy, none unknown to the table; no database is needed.
func TestRunRoutes(t *testing.T) {
	out, _, err := runWith(t, map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}, "routes")
	if err != nil {
		t.Fatalf("routes: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 100 || !strings.HasPrefix(lines[0], "METOD") {
		t.Fatalf("%d lines, first %q: want a header and every route", len(lines), lines[0])
	}
	seen := map[string]bool{}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 3 || f[2] == "?" {
			t.Errorf("line %q: want method, path and a known policy", l)
			continue
		}
		if seen[f[0]+" "+f[1]] {
			t.Errorf("%s %s listed twice", f[0], f[1])
		}
		seen[f[0]+" "+f[1]] = true
	}
	for _, want := range []string{"GET /konsulent/residens consultant", "GET /jury reviewer", "POST /kommun/forslag/nytt officer",
		"GET /konto signed-in", "GET /radgivning public", "POST /konsulent/residens/{id}/radera admin", "GET /mina-ansokningar artist"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("routes lacks %q", want)
		}
	}
}
