package seed_test

import (
	"context"
	"testing"
	"time"

	"residens/internal/db/dbtest"
	"residens/internal/seed"
)

func TestDemoMunicipalityContacts(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	if err := seed.Demo(ctx, pool, time.Now()); err != nil {
		t.Fatal(err)
	}
	var name, email string
	if err := pool.QueryRow(ctx, `SELECT contact_name, contact_email FROM municipalities WHERE slug = 'nykvarn'`).
		Scan(&name, &email); err != nil {
		t.Fatal(err)
	}
	if name != "Sara Holm" || email != "sara.holm@nykvarn.example.se" {
		t.Errorf("Nykvarn's contact = %q <%s>", name, email)
	}
	// A contact kept in the portal survives the next seed.
	if _, err := pool.Exec(ctx, `UPDATE municipalities SET contact_name = 'Real Person', contact_email = 'real@nykvarn.se'
		WHERE slug = 'nykvarn'`); err != nil {
		t.Fatal(err)
	}
	if err := seed.Demo(ctx, pool, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT contact_name FROM municipalities WHERE slug = 'nykvarn'`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if name != "Real Person" {
		t.Errorf("the seed overwrote an edited contact: %q", name)
	}
}
