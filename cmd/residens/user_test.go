package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/db/dbtest"
)

// goodPassword passes auth.CheckPassword.
const goodPassword = "korp gran fjällsjö 42"

// runInput is runWith with stdin holding input.
func runInput(t *testing.T, env map[string]string, input string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	defer slog.SetDefault(slog.Default())
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(input), &out, &errOut)
	return out.String(), errOut.String(), err
}

// userDB is a fresh migrated database with one municipality (slug nacka),
// its environment for run, and a pool to inspect it.
func userDB(t *testing.T) (map[string]string, *pgxpool.Pool) {
	t.Helper()
	url := dbtest.URL(t)
	pool, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := pool.Exec(context.Background(),
		`INSERT INTO municipalities (code, name, slug, county) VALUES ('0182', 'Nacka', 'nacka', 'Stockholms län')`); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"DATABASE_URL": url, "LOG_LEVEL": "error"}, pool
}

type storedUser struct {
	role         string
	municipality string
	hash         *string
	verified     bool
	disabled     bool
}

func mustStoredUser(t *testing.T, pool *pgxpool.Pool, email string) storedUser {
	t.Helper()
	var u storedUser
	err := pool.QueryRow(context.Background(), `
		SELECT u.role, coalesce(m.slug, ''), u.password_hash, u.email_verified_at IS NOT NULL, u.disabled_at IS NOT NULL
		FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id WHERE lower(u.email) = lower($1)`, email).
		Scan(&u.role, &u.municipality, &u.hash, &u.verified, &u.disabled)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u
}

func countRows(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func TestUserCreate(t *testing.T) {
	env, pool := userDB(t)

	out, _, err := runInput(t, env, goodPassword+"\n", "user", "create", "--email", "Anna.Admin@example.se", "--name", "Anna Admin", "--role", "admin")
	if err != nil {
		t.Fatalf("user create: %v", err)
	}
	if !strings.Contains(out, "Anna.Admin@example.se") {
		t.Errorf("output %q does not name the account", out)
	}
	u := mustStoredUser(t, pool, "anna.admin@example.se")
	if u.role != "admin" || !u.verified || u.disabled || u.municipality != "" {
		t.Errorf("stored %+v, want an enabled, verified admin without municipality", u)
	}
	if u.hash == nil {
		t.Fatal("no password hash stored")
	}
	if ok, err := auth.VerifyPassword(*u.hash, goodPassword); err != nil || !ok {
		t.Errorf("the stored hash does not verify the password read from stdin: %v, %v", ok, err)
	}
	var actor *int64
	var via string
	if err := pool.QueryRow(context.Background(),
		`SELECT actor_id, detail->>'via' FROM audit_log WHERE action = 'user_created'`).Scan(&actor, &via); err != nil {
		t.Fatalf("audit entry: %v", err)
	}
	if actor != nil || via != "cli" {
		t.Errorf("audit actor %v, via %q; want no actor and via cli", actor, via)
	}

	t.Run("municipality officer", func(t *testing.T) {
		if _, _, err := runInput(t, env, goodPassword+"\r\n", "user", "create", "--email", "kim@nacka.se", "--name", "Kim Kommun",
			"--role", "municipality", "--municipality", "nacka"); err != nil {
			t.Fatalf("user create: %v", err)
		}
		u := mustStoredUser(t, pool, "kim@nacka.se")
		if u.role != "municipality" || u.municipality != "nacka" {
			t.Errorf("stored %+v, want a municipality officer of nacka", u)
		}
		// The CRLF of a Windows-made file is a line ending, not part of the password.
		if ok, _ := auth.VerifyPassword(*u.hash, goodPassword); !ok {
			t.Error("password with a CRLF line ending was not stored without it")
		}
	})

	refusals := []struct {
		name    string
		input   string
		args    []string
		usage   bool   // a usage error, before anything is asked
		mention string // the error says this
	}{
		{"password as a flag", goodPassword + "\n", []string{"--email", "x@example.se", "--name", "X", "--role", "admin", "--password", goodPassword}, true, "password"},
		{"password as an argument", "", []string{"--email", "x@example.se", "--name", "X", "--role", "admin", goodPassword}, true, "inga argument"},
		{"short password", "kort\n", []string{"--email", "x@example.se", "--name", "X", "--role", "admin"}, false, "minst 10 tecken"},
		{"common password", "1234567890\n", []string{"--email", "x@example.se", "--name", "X", "--role", "admin"}, false, "vanligaste"},
		{"password is the address", "x@example.se\n", []string{"--email", "x@example.se", "--name", "X", "--role", "admin"}, false, "e-postadress"},
		{"no password", "", []string{"--email", "x@example.se", "--name", "X", "--role", "admin"}, false, "inget lösenord"},
		{"address taken in other case", goodPassword + "\n", []string{"--email", "ANNA.ADMIN@example.se", "--name", "X", "--role", "admin"}, false, "redan ett konto"},
		{"bad address", goodPassword + "\n", []string{"--email", "anna", "--name", "X", "--role", "admin"}, true, "--email"},
		{"no name", goodPassword + "\n", []string{"--email", "x@example.se", "--role", "admin"}, true, "--name"},
		{"unknown role", goodPassword + "\n", []string{"--email", "x@example.se", "--name", "X", "--role", "boss"}, true, "--role"},
		{"officer without municipality", goodPassword + "\n", []string{"--email", "x@example.se", "--name", "X", "--role", "municipality"}, true, "--municipality"},
		{"municipality for a consultant", goodPassword + "\n", []string{"--email", "x@example.se", "--name", "X", "--role", "consultant", "--municipality", "nacka"}, true, "--municipality"},
		{"unknown municipality", goodPassword + "\n", []string{"--email", "x@example.se", "--name", "X", "--role", "municipality", "--municipality", "atlantis"}, false, "atlantis"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runInput(t, env, tt.input, append([]string{"user", "create"}, tt.args...)...)
			if err == nil {
				t.Fatal("user create accepted it")
			}
			var ue usageError
			if errors.As(err, &ue) != tt.usage {
				t.Errorf("error %q: usage error %v, want %v", err, errors.As(err, &ue), tt.usage)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %q", err, tt.mention)
			}
			if strings.Contains(err.Error(), goodPassword) {
				t.Errorf("error %q repeats the password", err)
			}
		})
	}
	if n := countRows(t, pool, `SELECT count(*) FROM users WHERE lower(email) = 'x@example.se'`); n != 0 {
		t.Errorf("a refused create left %d accounts", n)
	}
}

// insertSession gives the user a live session row, as a sign-in would.
func insertSession(t *testing.T, pool *pgxpool.Pool, email string) {
	t.Helper()
	id := make([]byte, auth.SessionIDBytes)
	_, _ = rand.Read(id)
	now := time.Now()
	if _, err := pool.Exec(context.Background(), `
		INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at)
		SELECT $1, id, $2, $2, $3 FROM users WHERE lower(email) = lower($4)`,
		auth.HashID(id), now, now.Add(time.Hour), email); err != nil {
		t.Fatal(err)
	}
}

func TestUserListDisableEnable(t *testing.T) {
	env, pool := userDB(t)
	for _, a := range [][]string{
		{"--email", "anna@example.se", "--name", "Anna Admin", "--role", "admin"},
		{"--email", "bo@example.se", "--name", "Bo Admin", "--role", "admin"},
		{"--email", "kim@nacka.se", "--name", "Kim Kommun", "--role", "municipality", "--municipality", "nacka"},
	} {
		if _, _, err := runInput(t, env, goodPassword+"\n", append([]string{"user", "create"}, a...)...); err != nil {
			t.Fatalf("user create %v: %v", a, err)
		}
	}

	out, _, err := runInput(t, env, "", "user", "list")
	if err != nil {
		t.Fatalf("user list: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("user list printed %d lines, want a header, 3 accounts and a count:\n%s", len(lines), out)
	}
	for _, col := range []string{"ID", "E-POST", "NAMN", "ROLL", "KOMMUN", "LÄGE"} {
		if !strings.Contains(lines[0], col) {
			t.Errorf("header %q lacks %s", lines[0], col)
		}
	}
	if f := strings.Fields(lines[3]); len(f) < 7 || f[1] != "kim@nacka.se" || f[4] != "municipality" || f[5] != "nacka" || f[6] != "aktiv" {
		t.Errorf("row for the officer: %q", lines[3])
	}

	insertSession(t, pool, "kim@nacka.se")
	insertSession(t, pool, "kim@nacka.se")
	if _, _, err := runInput(t, env, "", "user", "disable", "--email", "KIM@nacka.se"); err != nil {
		t.Fatalf("user disable: %v", err)
	}
	if u := mustStoredUser(t, pool, "kim@nacka.se"); !u.disabled {
		t.Error("account not disabled")
	}
	if n := countRows(t, pool, `SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'kim@nacka.se'`); n != 0 {
		t.Errorf("%d sessions left after disable, want 0", n)
	}
	if n := countRows(t, pool, `SELECT count(*) FROM audit_log WHERE action = 'disabled' AND actor_id IS NULL AND detail->>'via' = 'cli'`); n != 1 {
		t.Errorf("%d disabled entries from the command line, want 1", n)
	}
	out, _, err = runInput(t, env, "", "user", "list")
	if err != nil || !strings.Contains(out, "sparrad") {
		t.Errorf("list after disable = %v:\n%s", err, out)
	}
	if out, _, err := runInput(t, env, "", "user", "disable", "--email", "kim@nacka.se"); err != nil || !strings.Contains(out, "redan") {
		t.Errorf("second disable = %q, %v; want a note that it already was", out, err)
	}

	if _, _, err := runInput(t, env, "", "user", "enable", "--email", "kim@nacka.se"); err != nil {
		t.Fatalf("user enable: %v", err)
	}
	if u := mustStoredUser(t, pool, "kim@nacka.se"); u.disabled {
		t.Error("account still disabled after enable")
	}
	if n := countRows(t, pool, `SELECT count(*) FROM audit_log WHERE action = 'enabled' AND detail->>'via' = 'cli'`); n != 1 {
		t.Errorf("%d enabled entries, want 1", n)
	}

	t.Run("last admin", func(t *testing.T) {
		if _, _, err := runInput(t, env, "", "user", "disable", "--email", "bo@example.se"); err != nil {
			t.Fatalf("disable one of two admins: %v", err)
		}
		_, _, err := runInput(t, env, "", "user", "disable", "--email", "anna@example.se")
		if err == nil || !strings.Contains(err.Error(), "sista") {
			t.Fatalf("disable the last admin = %v, want a refusal", err)
		}
		if u := mustStoredUser(t, pool, "anna@example.se"); u.disabled {
			t.Error("the last admin was disabled")
		}
	})

	t.Run("unknown address", func(t *testing.T) {
		_, _, err := runInput(t, env, "", "user", "disable", "--email", "nobody@example.se")
		if err == nil || !strings.Contains(err.Error(), "nobody@example.se") {
			t.Errorf("disable unknown = %v", err)
		}
	})
}

func TestUserUsage(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		mention string
	}{
		{"no subcommand", []string{"user"}, "create"},
		{"unknown subcommand", []string{"user", "promote"}, `"promote"`},
		{"disable without address", []string{"user", "disable"}, "--email"},
		{"enable with an argument", []string{"user", "enable", "--email", "a@example.se", "now"}, `"now"`},
		{"list with an argument", []string{"user", "list", "all"}, `"all"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runInput(t, nil, "", tt.args...)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Fatalf("run = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %s", err, tt.mention)
			}
		})
	}
	out, _, err := runInput(t, nil, "", "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"user create", "user list", "user disable", "user enable"} {
		if !strings.Contains(out, s) {
			t.Errorf("usage does not mention %q", s)
		}
	}
}
