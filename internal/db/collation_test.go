package db_test

import (
	"context"
	"strings"
	"testing"

	"residens/internal/db/dbtest"
)

// TestSwedishCollation checks that the name columns sort the Swedish way
// whatever the cluster's own collation is (scripts/db.sh makes C.UTF-8
// clusters, where plain ORDER BY gives "Zeta, alfa, Älvsjö, Åre").
func TestSwedishCollation(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	const want = "alfa, Zeta, Åre, Älvsjö, Östra"
	if _, err := pool.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES
		('s1', 'Zeta'), ('s2', 'Älvsjö'), ('s3', 'alfa'), ('s4', 'Östra'), ('s5', 'Åre')`); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := pool.QueryRow(ctx, `SELECT string_agg(name, ', ' ORDER BY name) FROM art_forms
		WHERE slug LIKE 's_'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("ORDER BY name = %q, want %q", got, want)
	}
	// Every column that people's or places' names are sorted by carries it.
	rows, err := pool.Query(ctx, `
		SELECT c.table_name || '.' || c.column_name, coalesce(c.collation_name, '')
		FROM information_schema.columns c
		WHERE c.table_schema = 'public' AND (c.table_name, c.column_name) IN (
			('municipalities', 'name'), ('art_forms', 'name'), ('target_groups', 'name'),
			('venue_types', 'name'), ('cultural_actors', 'name'), ('users', 'name'), ('calls', 'title'))`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var col, coll string
		if err := rows.Scan(&col, &coll); err != nil {
			t.Fatal(err)
		}
		n++
		if coll != "swedish" {
			t.Errorf("%s has collation %q, want swedish", col, coll)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 7 {
		t.Errorf("found %d of the 7 name columns", n)
	}
	// Names stay unique by their exact text: the collation is deterministic.
	if _, err := pool.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES ('s6', 'ALFA')`); err != nil {
		t.Errorf("ALFA beside alfa refused: %v", err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO art_forms (slug, name) VALUES ('s7', 'alfa')`); err == nil ||
		!strings.Contains(err.Error(), "unique") {
		t.Errorf("a second alfa: %v, want a unique violation", err)
	}
}
