package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
)

// riverMigrationVersion is the goose version under which River's own tables
// (the job queue) are created. River ships its migrations as code; running
// them as a goose Go migration puts them under the same lock and version
// table as ours, so `residens migrate` and `serve` handle both. A River
// upgrade that brings new migrations gets a new goose version that runs
// rivermigrate up again.
const riverMigrationVersion = 6

// goMigrations are the migrations written in Go rather than SQL.
func goMigrations() []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(riverMigrationVersion,
			&goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error { return riverMigrate(ctx, db, rivermigrate.DirectionUp) }},
			&goose.GoFunc{RunDB: func(ctx context.Context, db *sql.DB) error { return riverMigrate(ctx, db, rivermigrate.DirectionDown) }},
		),
	}
}

// riverMigrate runs River's migrations outside one enclosing transaction:
// River applies each in its own, since one adds an enum value that the next
// uses, which PostgreSQL does not allow within a single transaction.
func riverMigrate(ctx context.Context, sqlDB *sql.DB, dir rivermigrate.Direction) error {
	m, err := rivermigrate.New(riverdatabasesql.New(sqlDB), nil)
	if err != nil {
		return fmt.Errorf("db: river migrator: %w", err)
	}
	opts := &rivermigrate.MigrateOpts{}
	if dir == rivermigrate.DirectionDown {
		opts.TargetVersion = -1 // every River migration: its tables go entirely
	}
	if _, err := m.Migrate(ctx, dir, opts); err != nil {
		return fmt.Errorf("db: river migrate %s: %w", dir, err)
	}
	return nil
}

// SchemaTag names what, beyond the SQL files, decides the schema: the test
// template is rebuilt when it changes. Bump it with a River upgrade.
const SchemaTag = "river-v0.51.2"

// goMigrationNames names the Go migrations for status output, where goose
// has no file name to show.
var goMigrationNames = map[int64]string{riverMigrationVersion: "00006_river_queue (Go: River's own migrations)"}
