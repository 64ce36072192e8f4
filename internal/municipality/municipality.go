// Package municipality serves the public pages of the county's municipalities:
// the list with residency counts, and one municipality with its residencies.
package municipality

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/event"
	"residens/internal/httpx"
	"residens/internal/residency"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Municipality is a municipality as its pages show it.
type Municipality struct {
	ID          int64
	Code        string
	Name        string
	Slug        string
	County      string
	Description string
	// Contact is the municipality's public contact for culture matters
	// (empty fields when none is given).
	ContactName, ContactTitle, ContactEmail, ContactPhone string
	// Ongoing and Completed count its published residencies on the day the
	// list was read.
	Ongoing, Completed int
}

// Store reads municipalities.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a store over pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// List returns every municipality with its counts of ongoing and completed
// residencies on the day today, in one query.
func (s *Store) List(ctx context.Context, today time.Time) ([]Municipality, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT m.id, m.code, m.name, m.slug, m.county, m.description,
			coalesce(c.ongoing, 0), coalesce(c.completed, 0)
		FROM municipalities m
		LEFT JOIN (
			SELECT municipality_id,
				count(*) FILTER (WHERE starts_on <= $1 AND ends_on >= $1) AS ongoing,
				count(*) FILTER (WHERE ends_on < $1) AS completed
			FROM residencies WHERE published GROUP BY municipality_id
		) c ON c.municipality_id = m.id
		ORDER BY m.name, m.id`, today)
	if err != nil {
		return nil, fmt.Errorf("municipality: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Municipality, error) {
		var m Municipality
		err := row.Scan(&m.ID, &m.Code, &m.Name, &m.Slug, &m.County, &m.Description, &m.Ongoing, &m.Completed)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("municipality: list: %w", err)
	}
	return out, nil
}

// BySlug returns the municipality with the given slug, or a not-found error.
func (s *Store) BySlug(ctx context.Context, slug string) (*Municipality, error) {
	var m Municipality
	err := s.pool.QueryRow(ctx, `SELECT id, code, name, slug, county, description,
		contact_name, contact_title, contact_email, contact_phone FROM municipalities WHERE slug = $1`, slug).
		Scan(&m.ID, &m.Code, &m.Name, &m.Slug, &m.County, &m.Description,
			&m.ContactName, &m.ContactTitle, &m.ContactEmail, &m.ContactPhone)
	if db.IsNoRows(err) {
		return nil, httpx.NotFound("municipality %q", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("municipality: by slug %q: %w", slug, err)
	}
	return &m, nil
}

// Handler serves the municipality pages.
type Handler struct {
	store       *Store
	residencies *residency.Store
	now         func() time.Time
	events      *event.Store
}

// NewHandler returns a handler over the municipality and residency stores.
func NewHandler(store *Store, residencies *residency.Store, now func() time.Time) *Handler {
	return &Handler{store: store, residencies: residencies, now: now}
}

// WithEvents has a municipality's page show the coming events held there or
// meant for it, from events.
func (h *Handler) WithEvents(events *event.Store) *Handler {
	h.events = events
	return h
}

// List handles GET /kommuner.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	ms, err := h.store.List(r.Context(), civil.Today(h.now()))
	if err != nil {
		return err
	}
	page := ui.Page{Title: "Kommuner", Nav: "kommuner",
		Description: "Länets kommuner och deras konstnärliga residens."}
	httpx.Render(w, r, http.StatusOK, page, ListPage(ms))
	return nil
}

// PerStatus is how many residencies of each status a municipality page lists
// before it links to the full list.
const PerStatus = 6

// ShowView is the model of one municipality's page.
type ShowView struct {
	M      *Municipality
	Groups []residency.Group
	Today  time.Time
	// Events are the coming events held in or meant for the municipality.
	Events []event.Event
}

// Show handles GET /kommuner/{slug}.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	slug := chi.URLParam(r, "slug")
	if !httpx.ValidSlug(slug) {
		return httpx.NotFound("municipality %q", slug)
	}
	m, err := h.store.BySlug(r.Context(), slug)
	if err != nil {
		return err
	}
	today := civil.Today(h.now())
	groups, err := h.residencies.ByMunicipality(r.Context(), m.ID, today, PerStatus)
	if err != nil {
		return err
	}
	page := ui.Page{Title: m.Name, Nav: "kommuner",
		Description: "Konstnärliga residens i " + m.Name + "."}
	var events []event.Event
	if h.events != nil {
		now := h.now()
		if events, err = h.events.Upcoming(r.Context(), 6, &vocab.Term{ID: m.ID, Slug: m.Slug, Name: m.Name}, 0, now); err != nil {
			return err
		}
		if len(events) > 0 {
			w.Header().Set("Cache-Control", httpx.ClockBoundCacheControl)
		}
	}
	httpx.Render(w, r, http.StatusOK, page, ShowPage(ShowView{M: m, Groups: groups, Today: today, Events: events}))
	return nil
}
