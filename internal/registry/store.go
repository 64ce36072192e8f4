package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// PageSize is how many registrations a page of the public register shows.
const PageSize = 25

// Store reads the register for the public page.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a store over pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Filter narrows the public register.
type Filter struct {
	// Kind is one of the kind constants, or "" for all.
	Kind string
	// Year is a calendar year, or 0 for all.
	Year int
	// Page counts from 1.
	Page int
}

// Row is one registration as the public register may know it. The sender's
// e-mail address is not read at all; the name is read only to mask it.
type Row struct {
	Number         string
	Kind           string
	Description    string
	SenderName     string
	SenderIsPerson bool
	SenderOrg      string
	ReceivedAt     time.Time
}

// KindLabel is the Swedish name of the row's kind.
func (r Row) KindLabel() string { return Kinds[r.Kind] }

// PublicSender is the sender as the public register shows it: the
// organisation when there is one; a private person's name never, but
// "Privatperson"; and no e-mail address in any case.
func (r Row) PublicSender() string {
	switch {
	case r.SenderOrg != "":
		// An organisation's name is public even when it holds a person's
		// (a sole trader's firm): it is shown as given.
		return MaskEmails(r.SenderOrg)
	case r.SenderIsPerson:
		return PrivatePerson
	case r.SenderName != "":
		return MaskEmails(r.SenderName)
	}
	return "Uppgift saknas"
}

// PublicDescription is the description with every e-mail address masked,
// and a private sender's name too, should it appear.
func (r Row) PublicDescription() string {
	s := MaskEmails(r.Description)
	if r.SenderIsPerson {
		s = maskName(s, r.SenderName)
	}
	return s
}

// List returns one page of the register, newest first (by number), with the
// number of registrations the filter matches in all.
func (s *Store) List(ctx context.Context, f Filter) ([]Row, int, error) {
	page := max(f.Page, 1)
	rows, err := s.pool.Query(ctx, `
		SELECT number, kind, description, sender_name, sender_is_person, sender_org, received_at,
			count(*) OVER () AS total
		FROM registrations
		WHERE ($1 = '' OR kind = $1) AND ($2 = 0 OR year = $2)
		ORDER BY year DESC, seq DESC
		LIMIT $3 OFFSET $4`, f.Kind, f.Year, PageSize, (page-1)*PageSize)
	if err != nil {
		return nil, 0, fmt.Errorf("registry: list: %w", err)
	}
	total := 0
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Row, error) {
		var r Row
		err := row.Scan(&r.Number, &r.Kind, &r.Description, &r.SenderName, &r.SenderIsPerson, &r.SenderOrg,
			&r.ReceivedAt, &total)
		return r, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("registry: list: %w", err)
	}
	if len(out) == 0 && page > 1 {
		// Past the last page the window count has no row to ride on.
		if err := s.pool.QueryRow(ctx, `
			SELECT count(*) FROM registrations
			WHERE ($1 = '' OR kind = $1) AND ($2 = 0 OR year = $2)`, f.Kind, f.Year).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("registry: count: %w", err)
		}
	}
	return out, total, nil
}

// Years returns the years that have registrations, newest first.
func (s *Store) Years(ctx context.Context) ([]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT year FROM registrations ORDER BY year DESC`)
	if err != nil {
		return nil, fmt.Errorf("registry: years: %w", err)
	}
	years, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, fmt.Errorf("registry: years: %w", err)
	}
	return years, nil
}
