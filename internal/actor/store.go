// Package actor is the directory of cultural actors (artists, groups,
// companies, associations): the searchable list and each actor's page.
package actor

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/residency"
	"residens/internal/vocab"
)

// PageSize is the number of actors on one page of the directory.
const PageSize = 24

// Kinds maps an actor kind to its Swedish name.
var Kinds = map[string]string{
	"artist":       "Konstnär",
	"group":        "Grupp",
	"company":      "Kompani",
	"association":  "Förening",
	"organisation": "Organisation",
}

// Actor is a cultural actor as the directory and its page show it.
type Actor struct {
	ID          int64
	Slug        string
	Name        string
	Kind        string
	Description string
	Website     string
	// ContactEmail is the actor's public contact address, if any.
	ContactEmail string
	Municipality *vocab.Term
	ArtForms     []vocab.Term
	Image        *residency.Image
}

// KindLabel is the actor's kind in Swedish.
func (a Actor) KindLabel() string { return Kinds[a.Kind] }

// Filter is a parsed directory request.
type Filter struct {
	ArtForm      *vocab.Term
	Municipality *vocab.Term
	Name         string
	Page         int
}

// Store reads cultural actors.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a store over pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

func (f Filter) where(args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	conds := []string{"a.published"}
	if f.ArtForm != nil {
		conds = append(conds, "a.id IN (SELECT actor_id FROM actor_art_forms WHERE art_form_id = "+arg(f.ArtForm.ID)+")")
	}
	if f.Municipality != nil {
		conds = append(conds, "a.home_municipality_id = "+arg(f.Municipality.ID))
	}
	if f.Name != "" {
		// A substring match finds exact parts of a name; the trigram
		// operators forgive typos (pg_trgm's similarity thresholds are set
		// per connection in db.Open). Both are served by the trigram index.
		p := arg(strings.ToLower(f.Name))
		conds = append(conds, "(lower(a.name) LIKE '%' || "+likeEscape(p)+" || '%' OR lower(a.name) % "+p+" OR "+p+" <% lower(a.name))")
	}
	return strings.Join(conds, " AND ")
}

// likeEscape makes the parameter safe inside LIKE, where % and _ are
// wildcards.
func likeEscape(p string) string {
	return "replace(replace(replace(" + p + `, '\', '\\'), '%', '\%'), '_', '\_')`
}

// Count returns how many published actors match f.
func (s *Store) Count(ctx context.Context, f Filter) (int, error) {
	var args []any
	var n int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM cultural_actors a WHERE "+f.where(&args), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("actor: count: %w", err)
	}
	return n, nil
}

// List returns one page of published actors matching f: by closeness to the
// searched name when there is one, otherwise by name.
func (s *Store) List(ctx context.Context, f Filter) ([]Actor, error) {
	var args []any
	where := f.where(&args)
	order := "lower(a.name), a.id"
	if f.Name != "" {
		args = append(args, strings.ToLower(f.Name))
		order = "word_similarity($" + strconv.Itoa(len(args)) + ", lower(a.name)) DESC, " + order
	}
	args = append(args, PageSize, (max(f.Page, 1)-1)*PageSize)
	rows, err := s.pool.Query(ctx, `
		SELECT a.id, a.slug, a.name, a.kind, a.description, a.website, a.contact_email,
			m.id, m.slug, m.name,
			coalesce((SELECT json_agg(json_build_object('id', af.id, 'slug', af.slug, 'name', af.name) ORDER BY af.position)
				FROM actor_art_forms x JOIN art_forms af ON af.id = x.art_form_id WHERE x.actor_id = a.id), '[]'),
			a.image_id, coalesce(i.width, 0), coalesce(i.height, 0), a.image_alt
		FROM cultural_actors a
		LEFT JOIN municipalities m ON m.id = a.home_municipality_id
		LEFT JOIN images i ON i.id = a.image_id
		WHERE `+where+` ORDER BY `+order+
		` LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("actor: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanActor)
	if err != nil {
		return nil, fmt.Errorf("actor: list: %w", err)
	}
	return out, nil
}

func scanActor(row pgx.CollectableRow) (Actor, error) {
	var a Actor
	var mID *int64
	var mSlug, mName *string
	var imageID *int64
	var w, h int
	var alt string
	err := row.Scan(&a.ID, &a.Slug, &a.Name, &a.Kind, &a.Description, &a.Website, &a.ContactEmail, &mID, &mSlug, &mName,
		&a.ArtForms, &imageID, &w, &h, &alt)
	if mID != nil {
		a.Municipality = &vocab.Term{ID: *mID, Slug: *mSlug, Name: *mName}
	}
	if imageID != nil {
		a.Image = &residency.Image{ID: *imageID, Width: w, Height: h, Alt: alt}
	}
	return a, err
}

// BySlug returns the published actor with the given slug, or a not-found
// error.
func (s *Store) BySlug(ctx context.Context, slug string) (*Actor, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT a.id, a.slug, a.name, a.kind, a.description, a.website, a.contact_email,
			m.id, m.slug, m.name,
			coalesce((SELECT json_agg(json_build_object('id', af.id, 'slug', af.slug, 'name', af.name) ORDER BY af.position)
				FROM actor_art_forms x JOIN art_forms af ON af.id = x.art_form_id WHERE x.actor_id = a.id), '[]'),
			a.image_id, coalesce(i.width, 0), coalesce(i.height, 0), a.image_alt
		FROM cultural_actors a
		LEFT JOIN municipalities m ON m.id = a.home_municipality_id
		LEFT JOIN images i ON i.id = a.image_id
		WHERE a.slug = $1 AND a.published`, slug)
	if err != nil {
		return nil, fmt.Errorf("actor: by slug %q: %w", slug, err)
	}
	a, err := pgx.CollectExactlyOneRow(rows, scanActor)
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("actor %q: %w", slug, db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("actor: by slug %q: %w", slug, err)
	}
	return &a, nil
}
