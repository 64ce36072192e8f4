package actoredit

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/httpx"
)

// Municipality is a municipality with its public contact for culture
// matters, as the consultants edit it.
type Municipality struct {
	ID   int64
	Slug string
	Name string
	Contact
}

// Contact is what consultants edit about a municipality.
type Contact struct {
	Name, Title, Email, Phone string
	// Description is the short text at the top of the public page.
	Description string
}

const municipalityColumns = `id, slug, name, contact_name, contact_title, contact_email, contact_phone, description`

func scanMunicipality(row pgx.Row) (Municipality, error) {
	var m Municipality
	err := row.Scan(&m.ID, &m.Slug, &m.Name, &m.Contact.Name, &m.Title, &m.Email, &m.Phone, &m.Description)
	return m, err
}

// MunicipalityList returns every municipality by name.
func (s *Store) MunicipalityList(ctx context.Context) ([]Municipality, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+municipalityColumns+` FROM municipalities ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("actoredit: municipalities: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Municipality, error) { return scanMunicipality(row) })
}

// Municipality returns the municipality with slug, or a not-found error.
func (s *Store) Municipality(ctx context.Context, slug string) (*Municipality, error) {
	m, err := scanMunicipality(s.pool.QueryRow(ctx, `SELECT `+municipalityColumns+` FROM municipalities WHERE slug = $1`, slug))
	if db.IsNoRows(err) {
		return nil, httpx.NotFound("municipality %q", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("actoredit: municipality %q: %w", slug, err)
	}
	return &m, nil
}

// UpdateContact saves the contact and short text of municipality slug with
// an audit entry.
func (s *Store) UpdateContact(ctx context.Context, by audit.Entry, slug string, c Contact) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `UPDATE municipalities SET contact_name = $2, contact_title = $3, contact_email = $4,
			contact_phone = $5, description = $6, updated_at = $7 WHERE slug = $1 RETURNING name`,
			slug, c.Name, c.Title, c.Email, c.Phone, c.Description, s.now()).Scan(&name)
		if db.IsNoRows(err) {
			return httpx.NotFound("municipality %q", slug)
		}
		if err != nil {
			return fmt.Errorf("actoredit: update municipality %q: %w", slug, err)
		}
		by.Action, by.Target, by.Detail = audit.MunicipalityContactUpdated, name, map[string]any{"municipality": slug}
		return audit.Record(ctx, tx, by)
	})
}
