package actoredit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

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

// Contact is what consultants edit about a municipality. The JSON keys are
// the field keys of a contact revision.
type Contact struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Email string `json:"email"`
	Phone string `json:"phone"`
	// Description is the short text at the top of the public page.
	Description string `json:"description"`
}

// contactFields are the revision field keys of a contact in Swedish, in
// form order.
var contactFields = []Option{
	{"description", "Kort text"}, {"name", "Namn"}, {"title", "Titel"}, {"email", "E-postadress"}, {"phone", "Telefon"},
}

// value is the contact's value of revision field key.
func (c Contact) value(key string) string {
	switch key {
	case "name":
		return c.Name
	case "title":
		return c.Title
	case "email":
		return c.Email
	case "phone":
		return c.Phone
	case "description":
		return c.Description
	}
	return ""
}

// ContactFieldsChanged lists the revision field keys in which b differs
// from a, in form order.
func ContactFieldsChanged(a, b Contact) []string {
	var out []string
	for _, f := range contactFields {
		if a.value(f.Value) != b.value(f.Value) {
			out = append(out, f.Value)
		}
	}
	return out
}

// ContactRevision is one saved change of a municipality's contact.
type ContactRevision struct {
	At       time.Time
	UserName string
	// Fields are the changed field keys; Old and New the contact before
	// and after.
	Fields   []string
	Old, New Contact
}

// ContactChange is one changed field of a revision, in words.
type ContactChange struct {
	Label, Old, New string
	// Long marks the short text, whose values are too long for the
	// history: it only says that the text changed.
	Long bool
}

// Changes describes the changed fields of r, in form order.
func (r ContactRevision) Changes() []ContactChange {
	out := make([]ContactChange, 0, len(r.Fields))
	for _, f := range contactFields {
		for _, k := range r.Fields {
			if k == f.Value {
				out = append(out, ContactChange{Label: f.Label, Old: r.Old.value(k), New: r.New.value(k), Long: k == "description"})
			}
		}
	}
	return out
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
	return getMunicipality(ctx, s.pool, slug, false)
}

func getMunicipality(ctx context.Context, q db.Querier, slug string, lock bool) (*Municipality, error) {
	sql := `SELECT ` + municipalityColumns + ` FROM municipalities WHERE slug = $1`
	if lock {
		sql += ` FOR UPDATE`
	}
	m, err := scanMunicipality(q.QueryRow(ctx, sql, slug))
	if db.IsNoRows(err) {
		return nil, httpx.NotFound("municipality %q", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("actoredit: municipality %q: %w", slug, err)
	}
	return &m, nil
}

// ContactRevisions returns the latest limit changes of municipality id's
// contact, newest first.
func (s *Store) ContactRevisions(ctx context.Context, id int64, limit int) ([]ContactRevision, error) {
	rows, err := s.pool.Query(ctx, `SELECT at, user_name, fields, old_values, new_values
		FROM municipality_contact_revisions WHERE municipality_id = $1 ORDER BY at DESC, id DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("actoredit: contact revisions %d: %w", id, err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (ContactRevision, error) {
		var r ContactRevision
		var old, nw []byte
		if err := row.Scan(&r.At, &r.UserName, &r.Fields, &old, &nw); err != nil {
			return r, err
		}
		if err := json.Unmarshal(old, &r.Old); err != nil {
			return r, fmt.Errorf("actoredit: contact revision: %w", err)
		}
		return r, json.Unmarshal(nw, &r.New)
	})
}

// UpdateContact saves the contact and short text of municipality slug with
// a revision and an audit entry, and returns the changed field keys: none
// when c is what is saved already, and then nothing is written.
func (s *Store) UpdateContact(ctx context.Context, by audit.Entry, slug string, c Contact) ([]string, error) {
	var fields []string
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// Locked, so the revision's old values are the ones this save
		// replaces even when two consultants save at once.
		cur, err := getMunicipality(ctx, tx, slug, true)
		if err != nil {
			return err
		}
		if fields = ContactFieldsChanged(cur.Contact, c); len(fields) == 0 {
			return nil
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE municipalities SET contact_name = $2, contact_title = $3, contact_email = $4,
			contact_phone = $5, description = $6, updated_at = $7 WHERE id = $1`,
			cur.ID, c.Name, c.Title, c.Email, c.Phone, c.Description, now); err != nil {
			return fmt.Errorf("actoredit: update municipality %q: %w", slug, err)
		}
		old, err := json.Marshal(cur.Contact)
		if err != nil {
			return err
		}
		nw, err := json.Marshal(c)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO municipality_contact_revisions
			(municipality_id, user_id, user_name, at, fields, old_values, new_values) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			cur.ID, by.ActorID, by.ActorName, now, fields, old, nw); err != nil {
			return fmt.Errorf("actoredit: contact revision %q: %w", slug, err)
		}
		by.Action, by.Target = audit.MunicipalityContactUpdated, cur.Name
		by.Detail = map[string]any{"municipality": slug, "fields": fields}
		return audit.Record(ctx, tx, by)
	})
	return fields, err
}
