// Package testutil is what the area packages' tests share: a database holding
// the demo content at a fixed clock, the whole site handler over it, a GET
// helper that parses the answer with goquery, checks that every HTML page
// must pass, and helpers that add residencies and actors a test needs
// beyond the demo content.
//
// Tests that use it must be external test packages (package residency_test,
// not package residency): testutil builds the whole site, so it imports every
// area.
package testutil

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver pgtestdb uses
	"github.com/peterldowns/pgtestdb"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/seed"
	"residens/migrations"
)

// Now is the fixed clock of the tests: Thursday 26 November 2026, noon in
// Stockholm. The demo content is seeded relative to it and the site handler
// tells this time, so what is ongoing or completed never depends on the day
// the tests run.
var Now = time.Date(2026, time.November, 26, 12, 0, 0, 0, civil.Stockholm)

// Today is the calendar day of Now, as the stores take it.
func Today() time.Time { return civil.Today(Now) }

// Clock returns Now; pass it where a handler wants a func() time.Time.
func Clock() time.Time { return Now }

// DemoDB returns a pool on a fresh database holding the migrated schema and
// the demo content (seed.Demo at Now). Seeding draws and encodes thirteen
// images and takes seconds, so it runs once, into a pgtestdb template that
// every test then clones in milliseconds. The template is rebuilt whenever
// the migrations or the code that writes the demo content change.
func DemoDB(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	conf := pgtestdb.Custom(tb, dbtest.ServerConfig(tb), demoMigrator{})
	pool, err := db.Open(context.Background(), conf.URL())
	if err != nil {
		tb.Fatalf("testutil: open demo database: %v", err)
	}
	tb.Cleanup(pool.Close)
	return pool
}

// demoMigrator builds the template: migrations, then the demo content.
type demoMigrator struct{}

// templateSources are the files whose content decides what the template
// holds, relative to the module root: the schema, and the code that writes
// the demo content (seed, images, the search terms that residency's store
// refreshes, dates, the pool). A directory stands for its non-test Go files.
// A change to any of them builds a new template; PostgreSQL keeps the old
// ones until dropped (about 10 MB each).
var templateSources = []string{"internal/seed", "internal/image", "internal/residency/store.go", "internal/civil", "internal/db"}

func (demoMigrator) Hash() (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "demo seeded at %s\n", Now.Format(time.RFC3339))
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(migrations.FS, n)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", n, len(b))
		h.Write(b)
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	for _, src := range templateSources {
		files, err := goFiles(filepath.Join(root, src))
		if err != nil {
			return "", fmt.Errorf("testutil: hash template sources: %w", err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
			h.Write(b)
		}
	}
	return "demo" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

func (demoMigrator) Migrate(ctx context.Context, sqlDB *sql.DB, conf pgtestdb.Config) error {
	if err := db.MigrateDB(ctx, sqlDB); err != nil {
		return err
	}
	pool, err := db.Open(ctx, conf.URL())
	if err != nil {
		return err
	}
	// The template can only be cloned once nobody is connected to it.
	defer pool.Close()
	if err := seed.Demo(ctx, pool, Now); err != nil {
		return fmt.Errorf("testutil: seed demo content: %w", err)
	}
	return nil
}

// goFiles returns path when it is a file, and the non-test, non-generated Go
// files in it when it is a directory, sorted.
func goFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || strings.HasSuffix(n, "_templ.go") {
			continue
		}
		out = append(out, filepath.Join(path, n))
	}
	return out, nil
}

// moduleRoot finds the directory holding go.mod, walking up from the
// working directory (go test runs each package in its own directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("testutil: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Scalar runs a query that returns one value and gives it, failing the
// test on any error (no row included).
func Scalar[T any](tb testing.TB, pool *pgxpool.Pool, sql string, args ...any) T {
	tb.Helper()
	var v T
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		tb.Fatalf("%s: %v", sql, err)
	}
	return v
}
