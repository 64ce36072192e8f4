// Package dbtest gives each test its own PostgreSQL database, cloned from a
// template that was migrated once (github.com/peterldowns/pgtestdb). The
// server is the one DATABASE_URL names, or the local default socket.
package dbtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver pgtestdb uses
	"github.com/peterldowns/pgtestdb"

	"residens/internal/db"
	"residens/migrations"
)

// New returns a pool on a fresh, fully migrated database that is dropped when
// the test passes (and kept, with its URL in the log, when it fails).
func New(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	conf := pgtestdb.Custom(tb, ServerConfig(tb), migrator{})
	pool, err := db.Open(context.Background(), conf.URL())
	if err != nil {
		tb.Fatalf("dbtest: open test database: %v", err)
	}
	tb.Cleanup(pool.Close)
	return pool
}

// URL returns the connection string of a fresh, migrated database, for tests
// that start a whole server process.
func URL(tb testing.TB) string {
	tb.Helper()
	return pgtestdb.Custom(tb, ServerConfig(tb), migrator{}).URL()
}

// ServerConfig is how pgtestdb reaches the server: the one DATABASE_URL
// names, or the local default socket. Helpers that build templates of their
// own (with data, say) use it too.
func ServerConfig(tb testing.TB) pgtestdb.Config {
	tb.Helper()
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		url = db.DefaultURL
	}
	cc, err := pgx.ParseConfig(url)
	if err != nil {
		tb.Fatalf("dbtest: DATABASE_URL: %v", err)
	}
	conf := pgtestdb.Config{
		DriverName: "pgx",
		User:       cc.User,
		Password:   cc.Password,
		Port:       strconv.Itoa(int(cc.Port)),
		// The server's maintenance database: pgtestdb connects there to
		// create templates and clones.
		Database:                  "postgres",
		ForceTerminateConnections: true,
	}
	if len(cc.Host) > 0 && cc.Host[0] == '/' {
		// A Unix socket directory cannot stand in a URL's host part; pgx
		// takes it from the host parameter instead.
		conf.Options = "host=" + cc.Host
	} else {
		conf.Host = cc.Host
		conf.Options = "sslmode=disable"
	}
	return conf
}

// migrator tells pgtestdb how to build the template and when to rebuild it:
// the hash covers every migration file, so a changed migration makes a new
// template.
type migrator struct{}

func (migrator) Hash() (string, error) {
	h := sha256.New()
	h.Write([]byte(db.SchemaTag))
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
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func (migrator) Migrate(ctx context.Context, sqlDB *sql.DB, _ pgtestdb.Config) error {
	return db.MigrateDB(ctx, sqlDB)
}
