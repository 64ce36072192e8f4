package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// EmptyURL returns the connection string of a new database with nothing in it
// (no migration applied, no goose table), dropped when the test ends. It is
// for tests of what happens on a first start: migrating from nothing, several
// instances migrating at once. Other tests want New or URL.
func EmptyURL(tb testing.TB) string {
	tb.Helper()
	server := os.Getenv("DATABASE_URL")
	if server == "" {
		server = db.DefaultURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// CREATE DATABASE cannot run in the database it creates, so connect to
	// the server's maintenance database.
	conn, err := pgx.Connect(ctx, withDatabase(server, "postgres"))
	if err != nil {
		tb.Fatalf("dbtest: connect to the server: %v", err)
	}
	defer conn.Close(context.Background())

	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "residens_empty_" + hex.EncodeToString(b[:])
	// template0 is the pristine template: nothing a site added to template1
	// (extensions, tables) comes along.
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()+` TEMPLATE template0`); err != nil {
		tb.Fatalf("dbtest: create empty database: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, withDatabase(server, "postgres"))
		if err != nil {
			tb.Errorf("dbtest: drop %s: connect: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		// FORCE ends the sessions a test left open (a pool it did not close,
		// a server still shutting down).
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			tb.Errorf("dbtest: drop %s: %v", name, err)
		}
	})
	return withDatabase(server, name)
}

// withDatabase returns the connection string conn with its database replaced
// by name. conn is a postgres:// URL or a keyword/value string; in the latter
// a later keyword overrides an earlier one.
func withDatabase(conn, name string) string {
	if strings.HasPrefix(conn, "postgres://") || strings.HasPrefix(conn, "postgresql://") {
		u, err := url.Parse(conn)
		if err == nil {
			u.Path = "/" + name
			u.RawPath = ""
			return u.String()
		}
	}
	return strings.TrimSpace(conn) + " dbname=" + name
}
