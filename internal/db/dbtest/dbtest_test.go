package dbtest_test

import (
	"context"
	"testing"

	"residens/internal/db/dbtest"
)

func TestNewGivesMigratedDatabase(t *testing.T) {
	pool := dbtest.New(t)
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM content_version`).Scan(&n); err != nil {
		t.Fatalf("query migrated table: %v", err)
	}
	if n != 1 {
		t.Fatalf("content_version rows = %d, want 1", n)
	}
}
