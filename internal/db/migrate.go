package db

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"residens/migrations"
)

// migrationLockID is the advisory lock key that goose's session locker takes
// while migrating, so that instances started at the same moment migrate one at
// a time and the others wait and find nothing left to do. The number spells
// "residens" in ASCII so it is unlikely to collide with another application's.
const migrationLockID int64 = 0x7265736964656e73

// Migrator applies and reports the embedded migrations.
type Migrator struct {
	db       *sql.DB
	provider *goose.Provider
}

// NewMigrator opens a dedicated database/sql handle (goose needs one) to url
// and prepares the migrations. Close releases it.
func NewMigrator(url string, log *slog.Logger) (*Migrator, error) {
	cfg, err := pgxParse(url)
	if err != nil {
		return nil, err
	}
	sqlDB := stdlib.OpenDB(*cfg)
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(migrationLockID),
		// Wait up to five minutes (300 tries a second apart) for another
		// instance's migration to finish before giving up.
		lock.WithLockTimeout(1, 300),
	)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("db: migration locker: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithSessionLocker(locker), goose.WithGoMigrations(goMigrations()...)}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	} else {
		opts = append(opts, goose.WithLogger(goose.NopLogger()))
	}
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS, opts...)
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("db: migrations: %w", err)
	}
	return &Migrator{db: sqlDB, provider: p}, nil
}

// Up applies every pending migration.
func (m *Migrator) Up(ctx context.Context) (int, error) {
	res, err := m.provider.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("db: migrate up: %w", err)
	}
	return len(res), nil
}

// Down rolls back the newest applied migration.
func (m *Migrator) Down(ctx context.Context) error {
	if _, err := m.provider.Down(ctx); err != nil {
		return fmt.Errorf("db: migrate down: %w", err)
	}
	return nil
}

// Current reports whether every embedded migration has been applied. It
// answers without taking the migration lock, so readiness checks stay cheap.
func (m *Migrator) Current(ctx context.Context) (bool, error) {
	current, target, err := m.provider.GetVersions(ctx)
	if err != nil {
		return false, fmt.Errorf("db: migration versions: %w", err)
	}
	return current >= target, nil
}

// Status writes one line per migration: its version, file and state.
func (m *Migrator) Status(ctx context.Context, w io.Writer) error {
	st, err := m.provider.Status(ctx)
	if err != nil {
		return fmt.Errorf("db: migration status: %w", err)
	}
	for _, s := range st {
		applied := "pending"
		if s.State == goose.StatePending {
			applied = "pending"
		} else {
			applied = "applied " + s.AppliedAt.Local().Format("2006-01-02 15:04:05")
		}
		name := s.Source.Path
		if name == "" {
			name = goMigrationNames[s.Source.Version]
		}
		fmt.Fprintf(w, "%05d  %-40s %s\n", s.Source.Version, name, applied)
	}
	return nil
}

// Close releases the migrator's database handle.
func (m *Migrator) Close() error { return m.db.Close() }

// MigrateDB applies every migration to an already open handle, without the
// session lock: for a database that nothing else can see yet, such as the
// template of the test databases.
func MigrateDB(ctx context.Context, sqlDB *sql.DB) error {
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS, goose.WithLogger(goose.NopLogger()),
		goose.WithGoMigrations(goMigrations()...))
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate up: %w", err)
	}
	return nil
}

// MigrationNames lists every migration in version order: the SQL files by
// file name, the Go migrations by the name status shows.
func MigrationNames() ([]string, error) {
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return nil, err
	}
	byVersion := map[int64]string{}
	for _, f := range files {
		v, err := strconv.ParseInt(strings.SplitN(f, "_", 2)[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("db: migration %s: no version prefix", f)
		}
		byVersion[v] = f
	}
	for v, n := range goMigrationNames {
		byVersion[v] = n
	}
	versions := make([]int64, 0, len(byVersion))
	for v := range byVersion {
		versions = append(versions, v)
	}
	slices.Sort(versions)
	names := make([]string, len(versions))
	for i, v := range versions {
		names[i] = byVersion[v]
	}
	return names, nil
}
