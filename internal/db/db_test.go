package db_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
	"residens/internal/db/dbtest"
)

func TestInTx(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	errBoom := errors.New("boom")

	tests := []struct {
		name    string
		fn      func(pgx.Tx) error
		wantErr error
		want    int // rows of art_forms afterwards
	}{
		{"commit on nil", func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES ('dans', 'Dans')`)
			return err
		}, nil, 1},
		{"rollback on error", func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES ('cirkus', 'Cirkus')`); err != nil {
				return err
			}
			return errBoom
		}, errBoom, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.InTx(ctx, pool, tt.fn)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("InTx = %v, want %v", err, tt.wantErr)
			}
			var n int
			if err := pool.QueryRow(ctx, `SELECT count(*) FROM art_forms`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != tt.want {
				t.Errorf("art_forms rows = %d, want %d", n, tt.want)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("session runs in UTC", func(t *testing.T) {
		pool := dbtest.New(t)
		var tz string
		if err := pool.QueryRow(ctx, `SHOW timezone`).Scan(&tz); err != nil {
			t.Fatal(err)
		}
		if tz != "UTC" {
			t.Errorf("timezone = %q, want UTC", tz)
		}
	})
	t.Run("unparsable URL names DATABASE_URL", func(t *testing.T) {
		_, err := db.Open(ctx, "postgres://%zz")
		if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
			t.Errorf("Open = %v, want an error naming DATABASE_URL", err)
		}
	})
	t.Run("unreachable server", func(t *testing.T) {
		// Port 1 on loopback refuses at once.
		_, err := db.Open(ctx, "host=127.0.0.1 port=1 dbname=residens connect_timeout=2")
		if err == nil {
			t.Error("Open on a closed port = nil error")
		}
	})
	t.Run("IsNoRows", func(t *testing.T) {
		pool := dbtest.New(t)
		var n int
		err := pool.QueryRow(ctx, `SELECT 1 WHERE false`).Scan(&n)
		if !db.IsNoRows(err) {
			t.Errorf("IsNoRows(%v) = false", err)
		}
		if db.IsNoRows(errors.New("other")) {
			t.Error("IsNoRows(other) = true")
		}
	})
}

func TestIsUniqueViolation(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES ('u1', 'Unik')`); err != nil {
		t.Fatal(err)
	}
	_, err := pool.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES ('u2', 'Unik')`)
	if !db.IsUniqueViolation(err, "art_forms_name_key") {
		t.Errorf("same name: IsUniqueViolation(%v, art_forms_name_key) = false", err)
	}
	if db.IsUniqueViolation(err, "art_forms_slug_key") {
		t.Error("a violation of one constraint reads as another's")
	}
	_, err = pool.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES ('u1', 'Annan')`)
	if !db.IsUniqueViolation(err, "art_forms_slug_key") {
		t.Errorf("same slug: %v", err)
	}
	if db.IsUniqueViolation(nil, "art_forms_slug_key") || db.IsUniqueViolation(context.Canceled, "") {
		t.Error("an error that is no violation reads as one")
	}
}
