package db_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"residens/internal/db"
	"residens/internal/db/dbtest"
)

func TestUnavailable(t *testing.T) {
	t.Parallel()
	// A real refused connection, as a stopped server gives.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, refused := pgx.Connect(context.Background(), "postgres://nobody@"+addr+"/x?sslmode=disable&connect_timeout=2")

	// A real query error, which is the query's fault, not the server's.
	pool := dbtest.New(t)
	_, badQuery := pool.Exec(context.Background(), `SELECT * FROM no_such_table`)
	// A query cut off by its own deadline: a slow query, not an outage.
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, timedOut := pool.Exec(short, `SELECT pg_sleep(2)`)

	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"refused connection", refused, true},
		{"wrapped refused connection", fmt.Errorf("residency: list: %w", refused), true},
		{"server shutting down", &pgconn.PgError{Code: "57P01"}, true},
		{"server starting up", &pgconn.PgError{Code: "57P03"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"bad query", badQuery, false},
		{"query past its deadline", timedOut, false},
		{"deadline", fmt.Errorf("x: %w", context.DeadlineExceeded), false},
		{"canceled", context.Canceled, false},
		{"uncertain commit", fmt.Errorf("db: commit: %w: %w", db.ErrCommitUncertain, io.ErrUnexpectedEOF), true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"no rows", pgx.ErrNoRows, false},
		{"other", errors.New("template: boom"), false},
		{"nil", nil, false},
	} {
		if got := db.Unavailable(c.err); got != c.want {
			t.Errorf("%s (%v): Unavailable = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
