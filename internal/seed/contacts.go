package seed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// MunicipalityContact is a demo municipality's contact for culture matters,
// what the contact guide names first.
type MunicipalityContact struct {
	Slug, Name, Title, Email, Phone string
}

// DemoMunicipalityContacts are invented people at example.se addresses.
var DemoMunicipalityContacts = []MunicipalityContact{
	{"nykvarn", "Sara Holm", "Kulturstrateg", "sara.holm@nykvarn.example.se", "08-555 010 10"},
	{"ekero", "Helena Åberg", "Kulturchef", "helena.aberg@ekero.example.se", "08-555 020 20"},
	{"botkyrka", "Amir Haddad", "Kultursekreterare", "amir.haddad@botkyrka.example.se", "08-555 030 30"},
	{"sodertalje", "Linnea Ek", "Verksamhetsutvecklare kultur", "linnea.ek@sodertalje.example.se", "08-555 040 40"},
	{"norrtalje", "Per Wallin", "Kulturchef", "per.wallin@norrtalje.example.se", "0176-55 50 50"},
	{"huddinge", "Maja Berg", "Kulturutvecklare", "maja.berg@huddinge.example.se", "08-555 060 60"},
}

// upsertMunicipalityContacts sets the demo contacts where a municipality has
// none, so a contact someone has edited in the portal is never overwritten.
func upsertMunicipalityContacts(ctx context.Context, tx pgx.Tx) error {
	for _, c := range DemoMunicipalityContacts {
		if _, err := tx.Exec(ctx, `
			UPDATE municipalities SET contact_name = $2, contact_title = $3, contact_email = $4, contact_phone = $5
			WHERE slug = $1 AND contact_name = '' AND contact_email = ''`,
			c.Slug, c.Name, c.Title, c.Email, c.Phone); err != nil {
			return fmt.Errorf("seed: contact of %s: %w", c.Slug, err)
		}
	}
	return nil
}
