// Package db holds the database plumbing shared by every area: opening the
// pool, running migrations, transactions and the translation of PostgreSQL
// errors into application errors.
package db

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Open connects a pool to the database named by url and checks that it answers.
func Open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse DATABASE_URL: %w", err)
	}
	// Every timestamp is shown in Europe/Stockholm, but the session zone is
	// pinned to UTC so that what SQL computes never depends on the server's
	// configuration; the application converts on display.
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	cfg.ConnConfig.RuntimeParams["application_name"] = "residens"
	// Name search forgives a typo or two: "jelnik" finds "Jelnek" inside a
	// longer name. The default word-similarity threshold (0.6) is too strict
	// for short names.
	cfg.ConnConfig.RuntimeParams["pg_trgm.word_similarity_threshold"] = "0.45"
	if cfg.ConnConfig.ConnectTimeout == 0 {
		// A database that does not answer at all (a network partition,
		// not a refused connection) must not hold a request for ever: it
		// gets the "try again" page after this long. connect_timeout in
		// DATABASE_URL overrides it.
		cfg.ConnConfig.ConnectTimeout = 5 * time.Second
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgxpool's default (four on two cores) is too few once the job
		// queue holds a listening connection and its workers take others;
		// pool_max_conns in DATABASE_URL overrides this.
		cfg.MaxConns = 16
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("db: open pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("db: connect: %w", err)
	}
	return pool, nil
}

// ErrNotFound is what a store returns, wrapped with what was looked for, when
// the row is not there (or not for this visitor): the error page for it is
// the 404, whichever area it comes from.
var ErrNotFound = errors.New("not found")

// InTx runs fn inside one transaction: it commits when fn returns nil and rolls
// back otherwise, so that a request either saves whole or not at all.
func InTx(ctx context.Context, pool *pgxpool.Pool, fn func(pgx.Tx) error) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		if Unavailable(err) {
			// The connection went during the commit: PostgreSQL may have
			// committed or not, and nobody can tell from here.
			return fmt.Errorf("db: commit: %w: %w", ErrCommitUncertain, err)
		}
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// ErrCommitUncertain says the connection was lost while a transaction
// committed, so the change may or may not have been saved: the visitor is
// told to check before sending again, not that nothing was saved.
var ErrCommitUncertain = errors.New("commit outcome unknown")

// IsNoRows reports whether err says that a query found no row.
func IsNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }

// uniqueViolation is SQLSTATE unique_violation.
const uniqueViolation = "23505"

// IsUniqueViolation reports whether err is PostgreSQL refusing a row that
// would break the unique constraint or index named constraint. The name is
// required: a store that maps "taken" to a message must know which rule
// was broken, or another constraint's violation would read as that one.
func IsUniqueViolation(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == uniqueViolation && pe.ConstraintName == constraint
}

// Querier is what both a pool and a transaction offer, for helpers that may
// run inside or outside a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
