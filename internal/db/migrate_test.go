package db_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"residens/internal/db"
	"residens/internal/db/dbtest"
)

// migrationFiles lists every migration (SQL files and Go ones) in order.
func migrationFiles(t *testing.T) []string {
	t.Helper()
	names, err := db.MigrationNames()
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func mustMigrator(t *testing.T, url string) *db.Migrator {
	t.Helper()
	m, err := db.NewMigrator(url, nil)
	if err != nil {
		t.Fatalf("NewMigrator: %v", err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// mustStatus returns Status's output as one line per migration.
func mustStatus(t *testing.T, m *db.Migrator) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := m.Status(context.Background(), &buf); err != nil {
		t.Fatalf("Status: %v", err)
	}
	return strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
}

// mustCurrent reports Migrator.Current, failing the test on error.
func mustCurrent(t *testing.T, m *db.Migrator) bool {
	t.Helper()
	ok, err := m.Current(context.Background())
	if err != nil {
		t.Fatalf("Current: %v", err)
	}
	return ok
}

// publicTables lists the tables in the public schema, goose's own left out.
func publicTables(t *testing.T, url string) []string {
	t.Helper()
	pool, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rows, err := pool.Query(context.Background(), `
		SELECT tablename FROM pg_tables
		WHERE schemaname = 'public' AND tablename <> 'goose_db_version' ORDER BY tablename`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

func TestMigratorUpStatusDownUp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := dbtest.EmptyURL(t)
	files := migrationFiles(t)
	m := mustMigrator(t, url)

	if mustCurrent(t, m) {
		t.Fatal("Current on an empty database = true, want false")
	}
	for _, line := range mustStatus(t, m) {
		if !strings.HasSuffix(line, "pending") {
			t.Errorf("status before Up: %q, want pending", line)
		}
	}

	n, err := m.Up(ctx)
	if err != nil {
		t.Fatalf("Up from empty: %v", err)
	}
	if n != len(files) {
		t.Errorf("Up from empty applied %d migrations, want %d", n, len(files))
	}
	if !mustCurrent(t, m) {
		t.Error("Current after Up = false, want true")
	}
	if n, err := m.Up(ctx); err != nil || n != 0 {
		t.Errorf("second Up = %d, %v; want 0, nil", n, err)
	}

	t.Run("status lists every migration as applied", func(t *testing.T) {
		lines := mustStatus(t, m)
		if len(lines) != len(files) {
			t.Fatalf("status has %d lines, want %d:\n%s", len(lines), len(files), strings.Join(lines, "\n"))
		}
		for i, f := range files {
			if !strings.Contains(lines[i], f) || !strings.Contains(lines[i], "applied") {
				t.Errorf("status line %d = %q, want %s applied", i, lines[i], f)
			}
		}
	})

	t.Run("down one step leaves the newest pending", func(t *testing.T) {
		if err := m.Down(ctx); err != nil {
			t.Fatalf("Down: %v", err)
		}
		if mustCurrent(t, m) {
			t.Error("Current after Down = true, want false")
		}
		lines := mustStatus(t, m)
		last := lines[len(lines)-1]
		if !strings.Contains(last, files[len(files)-1]) || !strings.HasSuffix(last, "pending") {
			t.Errorf("newest status line = %q, want %s pending", last, files[len(files)-1])
		}
		for _, l := range lines[:len(lines)-1] {
			if !strings.Contains(l, "applied") {
				t.Errorf("status line %q, want applied", l)
			}
		}
		if n, err := m.Up(ctx); err != nil || n != 1 {
			t.Fatalf("Up after one Down = %d, %v; want 1, nil", n, err)
		}
	})

	t.Run("down to zero and up again", func(t *testing.T) {
		want := publicTables(t, url)
		// Every Down section runs; one that leaves a table behind, or fails
		// because an earlier one did not clean up, shows here.
		for i := len(files) - 1; i >= 0; i-- {
			if err := m.Down(ctx); err != nil {
				t.Fatalf("Down of %s: %v", files[i], err)
			}
		}
		if left := publicTables(t, url); len(left) != 0 {
			t.Errorf("tables left after every Down: %v", left)
		}
		n, err := m.Up(ctx)
		if err != nil {
			t.Fatalf("Up after Down to zero: %v", err)
		}
		if n != len(files) {
			t.Errorf("Up after Down to zero applied %d, want %d", n, len(files))
		}
		if got := publicTables(t, url); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("tables after down and up again:\n got %v\nwant %v", got, want)
		}
		if !mustCurrent(t, m) {
			t.Error("Current after Up again = false")
		}
	})
}

// TestMigratorsStartingTogether is the first start of two instances at the
// same moment: goose's session lock must let one migrate while the other
// waits and then finds nothing to do.
func TestMigratorsStartingTogether(t *testing.T) {
	t.Parallel()
	files := migrationFiles(t)
	tests := []struct {
		name    string
		prepare func(t *testing.T, url string)
	}{
		// The real first start. goose also retries creating its own table
		// for a second, which alone can hide a missing lock here, hence the
		// second case.
		{"empty database", func(*testing.T, string) {}},
		// goose's table exists but no migration is applied, so both
		// instances reach the migrations themselves at once.
		{"nothing applied", func(t *testing.T, url string) {
			m := mustMigrator(t, url)
			if _, err := m.Up(context.Background()); err != nil {
				t.Fatal(err)
			}
			for range files {
				if err := m.Down(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			url := dbtest.EmptyURL(t)
			tt.prepare(t, url)

			const instances = 2
			var (
				wg      sync.WaitGroup
				applied [instances]int
				errs    [instances]error
				start   = make(chan struct{})
			)
			for i := range instances {
				// Each instance builds its own migrator, as separate
				// processes would.
				m := mustMigrator(t, url)
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					applied[i], errs[i] = m.Up(context.Background())
				}()
			}
			close(start)
			wg.Wait()

			total := 0
			for i := range instances {
				if errs[i] != nil {
					t.Errorf("instance %d: Up: %v", i, errs[i])
				}
				total += applied[i]
			}
			if total != len(files) {
				t.Errorf("migrations applied in all = %d (%v), want %d: each exactly once", total, applied, len(files))
			}

			pool, err := db.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer pool.Close()
			var current int
			if err := pool.QueryRow(context.Background(), `
				SELECT count(*) FROM (
					SELECT DISTINCT ON (version_id) is_applied FROM goose_db_version
					WHERE version_id > 0 ORDER BY version_id, id DESC) v
				WHERE is_applied`).Scan(&current); err != nil {
				t.Fatal(err)
			}
			if current != len(files) {
				t.Errorf("goose_db_version shows %d applied versions, want %d", current, len(files))
			}
			if !mustCurrent(t, mustMigrator(t, url)) {
				t.Error("schema not current after both instances migrated")
			}
		})
	}
}
