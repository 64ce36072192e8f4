// Package actoredit is where cultural actors are kept up to date: the
// consultants' editor (/konsulent/kulturaktorer), an artist's own profile
// (/konto/profil) with its moderation queue (/konsulent/granskning), and the
// municipalities' contact for culture matters (/konsulent/kommuner).
package actoredit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	stdimage "image"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/image"
	"residens/internal/slug"
	"residens/internal/vocab"
)

// Kinds are the kinds of actor in menu order, with their Swedish names.
var Kinds = []Option{
	{Value: "artist", Label: "Konstnär"},
	{Value: "group", Label: "Grupp"},
	{Value: "company", Label: "Kompani"},
	{Value: "association", Label: "Förening"},
	{Value: "organisation", Label: "Organisation"},
}

// Option is one choice of a menu or a checkbox list.
type Option struct{ Value, Label string }

// Profile is what can be edited about an actor. It is also the proposed
// data of a change in the moderation queue, stored as JSON.
type Profile struct {
	Kind           string  `json:"kind"`
	Name           string  `json:"name"`
	ArtForms       []int64 `json:"art_forms"`
	MunicipalityID *int64  `json:"municipality_id"`
	Description    string  `json:"description"`
	Website        string  `json:"website"`
	ContactEmail   string  `json:"contact_email"`
	// ImageID is the stored image, nil for none; ImageAlt is its text
	// alternative, required with an image.
	ImageID  *int64 `json:"image_id"`
	ImageAlt string `json:"image_alt"`
}

// Actor is a stored actor as the editor shows it.
type Actor struct {
	ID        int64
	Slug      string
	Version   int
	Published bool
	// OwnerID is the artist account that keeps the profile, if any.
	OwnerID   *int64
	OwnerName string
	UpdatedAt time.Time
	Profile
}

// Revision is one saved change of an actor.
type Revision struct {
	Version  int
	UserName string
	At       time.Time
	Fields   []string
}

// fieldNames are the revision field keys in Swedish, in form order.
var fieldNames = []Option{
	{"kind", "Typ"}, {"name", "Namn"}, {"art_forms", "Konstformer"}, {"municipality", "Hemkommun"},
	{"description", "Beskrivning"}, {"website", "Webbplats"}, {"contact_email", "Kontaktadress"},
	{"image", "Bild"}, {"published", "Publicerad"},
}

// FieldLabel is the Swedish name of a revision field key.
func FieldLabel(key string) string {
	for _, f := range fieldNames {
		if f.Value == key {
			return f.Label
		}
	}
	return key
}

// ErrConflict is returned when an actor was saved by someone else since the
// form was opened.
var ErrConflict = errors.New("actoredit: changed since the form was opened")

// Store reads and writes actors, profile changes and municipality contacts.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store over pool.
func NewStore(pool *pgxpool.Pool, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, now: now}
}

// ListFilter selects actors in the editor's list.
type ListFilter struct {
	ArtForm      string // slug
	Municipality string // slug
	// Published is "ja", "nej" or "" for both.
	Published string
	Query     string
	Page      int
}

// Active reports whether any filter is set.
func (f ListFilter) Active() bool {
	return f.ArtForm != "" || f.Municipality != "" || f.Published != "" || f.Query != ""
}

// ListPageSize is the number of actors on one page of the editor's list.
const ListPageSize = 50

// Row is an actor in the editor's list.
type Row struct {
	ID           int64
	Slug         string
	Name         string
	Kind         string
	Municipality string
	Published    bool
	OwnerName    string
	UpdatedAt    time.Time
}

// List returns one page of actors matching f, published or not, and how
// many match in all.
func (s *Store) List(ctx context.Context, f ListFilter) ([]Row, int, error) {
	var conds []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.ArtForm != "" {
		conds = append(conds, "a.id IN (SELECT x.actor_id FROM actor_art_forms x JOIN art_forms af ON af.id = x.art_form_id WHERE af.slug = "+arg(f.ArtForm)+")")
	}
	if f.Municipality != "" {
		conds = append(conds, "m.slug = "+arg(f.Municipality))
	}
	switch f.Published {
	case "ja":
		conds = append(conds, "a.published")
	case "nej":
		conds = append(conds, "NOT a.published")
	}
	if f.Query != "" {
		conds = append(conds, "lower(a.name) LIKE "+arg("%"+db.LikeEscape(strings.ToLower(f.Query))+"%"))
	}
	where := "true"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	from := ` FROM cultural_actors a LEFT JOIN municipalities m ON m.id = a.home_municipality_id
		LEFT JOIN users u ON u.id = a.owner_user_id WHERE ` + where
	var total int
	if err := s.pool.QueryRow(ctx, "SELECT count(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("actoredit: count: %w", err)
	}
	lim, off := arg(ListPageSize), arg((max(f.Page, 1)-1)*ListPageSize)
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.slug, a.name, a.kind, coalesce(m.name, ''), a.published,
		coalesce(u.name, ''), a.updated_at`+from+` ORDER BY lower(a.name), a.id LIMIT `+lim+` OFFSET `+off, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("actoredit: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Row, error) {
		var r Row
		err := row.Scan(&r.ID, &r.Slug, &r.Name, &r.Kind, &r.Municipality, &r.Published, &r.OwnerName, &r.UpdatedAt)
		return r, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("actoredit: list: %w", err)
	}
	return out, total, nil
}

const actorColumns = `a.id, a.slug, a.version, a.published, a.owner_user_id, coalesce(u.name, ''), a.updated_at,
	a.kind, a.name, coalesce((SELECT array_agg(x.art_form_id ORDER BY x.art_form_id) FROM actor_art_forms x WHERE x.actor_id = a.id), '{}'),
	a.home_municipality_id, a.description, a.website, a.contact_email, a.image_id, a.image_alt`

func scanActor(row pgx.Row) (*Actor, error) {
	var a Actor
	err := row.Scan(&a.ID, &a.Slug, &a.Version, &a.Published, &a.OwnerID, &a.OwnerName, &a.UpdatedAt,
		&a.Kind, &a.Name, &a.ArtForms, &a.MunicipalityID, &a.Description, &a.Website, &a.ContactEmail,
		&a.ImageID, &a.ImageAlt)
	return &a, err
}

// Get returns actor id, or a not-found error.
func (s *Store) Get(ctx context.Context, id int64) (*Actor, error) {
	return getActor(ctx, s.pool, id, false)
}

func getActor(ctx context.Context, q db.Querier, id int64, lock bool) (*Actor, error) {
	sql := `SELECT ` + actorColumns + ` FROM cultural_actors a LEFT JOIN users u ON u.id = a.owner_user_id WHERE a.id = $1`
	if lock {
		sql += ` FOR UPDATE OF a`
	}
	a, err := scanActor(q.QueryRow(ctx, sql, id))
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("actor %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("actoredit: get %d: %w", id, err)
	}
	return a, nil
}

// Revisions returns the history of actor id, newest first.
func (s *Store) Revisions(ctx context.Context, id int64) ([]Revision, error) {
	rows, err := s.pool.Query(ctx, `SELECT version, user_name, at, fields FROM actor_revisions
		WHERE actor_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("actoredit: revisions %d: %w", id, err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Revision, error) {
		var r Revision
		err := row.Scan(&r.Version, &r.UserName, &r.At, &r.Fields)
		return r, err
	})
}

// ArtForms returns the art forms in menu order.
func (s *Store) ArtForms(ctx context.Context) ([]vocab.Term, error) {
	return vocab.ArtForms(ctx, s.pool)
}

// Municipalities returns the municipalities by name.
func (s *Store) Municipalities(ctx context.Context) ([]vocab.Term, error) {
	return vocab.Municipalities(ctx, s.pool)
}

// Create stores a new actor with its first revision and an audit entry, and
// returns its ID.
func (s *Store) Create(ctx context.Context, by audit.Entry, p Profile, published bool, img stdimage.Image) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := storeImage(ctx, tx, &p, img); err != nil {
			return err
		}
		var err error
		id, err = s.insert(ctx, tx, by, p, published, nil)
		if err != nil {
			return err
		}
		by.Action, by.Target, by.Detail = audit.ActorCreated, p.Name, map[string]any{"actor_id": id}
		return audit.Record(ctx, tx, by)
	})
	return id, err
}

// insert writes a new actor, its art forms and its first revision.
func (s *Store) insert(ctx context.Context, tx pgx.Tx, by audit.Entry, p Profile, published bool, owner *int64) (int64, error) {
	slug, err := uniqueSlug(ctx, tx, Slugify(p.Name), 0)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `
		INSERT INTO cultural_actors (slug, name, kind, home_municipality_id, description, website, contact_email,
			published, owner_user_id, updated_at, image_id, image_alt)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		slug, p.Name, p.Kind, p.MunicipalityID, p.Description, p.Website, p.ContactEmail, published, owner, s.now(),
		p.ImageID, imageAlt(p)).Scan(&id); err != nil {
		return 0, fmt.Errorf("actoredit: insert: %w", err)
	}
	if err := setArtForms(ctx, tx, id, p.ArtForms); err != nil {
		return 0, err
	}
	fields := []string{"kind", "name", "art_forms", "municipality", "description", "website", "contact_email", "image", "published"}
	return id, s.revise(ctx, tx, by, id, 1, fields, p, published)
}

func setArtForms(ctx context.Context, tx pgx.Tx, id int64, forms []int64) error {
	if err := db.ReplaceLinks(ctx, tx, "actor_art_forms", "actor_id", id, "art_form_id", forms); err != nil {
		return fmt.Errorf("actoredit: art forms %d: %w", id, err)
	}
	return nil
}

// revise writes the revision row of version v of actor id.
func (s *Store) revise(ctx context.Context, tx pgx.Tx, by audit.Entry, id int64, v int, fields []string, p Profile, published bool) error {
	snap, err := json.Marshal(struct {
		Profile
		Published bool `json:"published"`
	}{p, published})
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO actor_revisions (actor_id, version, user_id, user_name, at, fields, snapshot)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, v, by.ActorID, by.ActorName, s.now(), fields, snap); err != nil {
		return fmt.Errorf("actoredit: revision %d v%d: %w", id, v, err)
	}
	return nil
}

// Changed lists the fields (revision keys) in which b differs from a.
func Changed(a, b Profile, aPub, bPub bool) []string {
	var out []string
	add := func(diff bool, key string) {
		if diff {
			out = append(out, key)
		}
	}
	add(a.Kind != b.Kind, "kind")
	add(a.Name != b.Name, "name")
	x, y := slices.Clone(a.ArtForms), slices.Clone(b.ArtForms)
	slices.Sort(x)
	slices.Sort(y)
	add(!slices.Equal(x, y), "art_forms")
	add(!ptrEqual(a.MunicipalityID, b.MunicipalityID), "municipality")
	add(a.Description != b.Description, "description")
	add(a.Website != b.Website, "website")
	add(a.ContactEmail != b.ContactEmail, "contact_email")
	add(!ptrEqual(a.ImageID, b.ImageID) || imageAlt(a) != imageAlt(b), "image")
	add(aPub != bPub, "published")
	return out
}

// imageAlt is the alt text as stored: none without an image.
func imageAlt(p Profile) string {
	if p.ImageID == nil {
		return ""
	}
	return p.ImageAlt
}

// storeImage stores img (when not nil) in tx and makes it p's image.
func storeImage(ctx context.Context, tx pgx.Tx, p *Profile, img stdimage.Image) error {
	if img == nil {
		return nil
	}
	id, err := image.Store(ctx, tx, img)
	if err != nil {
		return fmt.Errorf("actoredit: store image: %w", err)
	}
	p.ImageID = &id
	return nil
}

func ptrEqual(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// Conflict describes what others saved since the version a form was opened
// with.
type Conflict struct {
	Current *Actor
	// Fields are the revision keys changed since, and By who changed them.
	Fields []string
	By     []string
}

// Update saves p over actor id if it is still at version, with a revision and
// an audit entry. A stale version gives ErrConflict, and the Conflict says
// what changed.
func (s *Store) Update(ctx context.Context, by audit.Entry, id int64, version int, p Profile, published bool, img stdimage.Image) (*Conflict, error) {
	var conflict *Conflict
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := getActor(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if cur.Version != version {
			conflict, err = conflictSince(ctx, tx, cur, version)
			if err != nil {
				return err
			}
			return ErrConflict
		}
		if err := storeImage(ctx, tx, &p, img); err != nil {
			return err
		}
		fields, err := s.apply(ctx, tx, by, cur, p, published)
		if err != nil || len(fields) == 0 {
			return err
		}
		by.Action, by.Target = audit.ActorUpdated, p.Name
		by.Detail = map[string]any{"actor_id": id, "version": cur.Version + 1, "fields": fields}
		return audit.Record(ctx, tx, by)
	})
	return conflict, err
}

// apply writes p over cur (locked in tx) and records a revision; it returns
// the changed fields, none when nothing changed (and then writes nothing).
func (s *Store) apply(ctx context.Context, tx pgx.Tx, by audit.Entry, cur *Actor, p Profile, published bool) ([]string, error) {
	fields := Changed(cur.Profile, p, cur.Published, published)
	if len(fields) == 0 {
		return nil, nil
	}
	slug := cur.Slug
	if slices.Contains(fields, "name") {
		// The address stays once the actor has been public: links to it
		// are out in the world.
		wasPublic, err := everPublic(ctx, tx, cur)
		if err != nil {
			return nil, err
		}
		if !wasPublic {
			var err error
			if slug, err = uniqueSlug(ctx, tx, Slugify(p.Name), cur.ID); err != nil {
				return nil, err
			}
		}
	}
	v := cur.Version + 1
	if _, err := tx.Exec(ctx, `UPDATE cultural_actors SET slug = $2, name = $3, kind = $4, home_municipality_id = $5,
		description = $6, website = $7, contact_email = $8, published = $9, version = $10, updated_at = $11,
		image_id = $12, image_alt = $13 WHERE id = $1`,
		cur.ID, slug, p.Name, p.Kind, p.MunicipalityID, p.Description, p.Website, p.ContactEmail, published, v, s.now(),
		p.ImageID, imageAlt(p)); err != nil {
		return nil, fmt.Errorf("actoredit: update %d: %w", cur.ID, err)
	}
	if slices.Contains(fields, "art_forms") {
		if err := setArtForms(ctx, tx, cur.ID, p.ArtForms); err != nil {
			return nil, err
		}
	}
	return fields, s.revise(ctx, tx, by, cur.ID, v, fields, p, published)
}

func conflictSince(ctx context.Context, q db.Querier, cur *Actor, version int) (*Conflict, error) {
	c := &Conflict{Current: cur}
	rows, err := q.Query(ctx, `SELECT fields, user_name FROM actor_revisions WHERE actor_id = $1 AND version > $2 ORDER BY version`, cur.ID, version)
	if err != nil {
		return nil, fmt.Errorf("actoredit: conflict %d: %w", cur.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var fields []string
		var name string
		if err := rows.Scan(&fields, &name); err != nil {
			return nil, err
		}
		for _, f := range fields {
			if !slices.Contains(c.Fields, f) {
				c.Fields = append(c.Fields, f)
			}
		}
		if name != "" && !slices.Contains(c.By, name) {
			c.By = append(c.By, name)
		}
	}
	return c, rows.Err()
}

// Slugify makes a URL slug of a name (see package slug), or "aktor" for a
// name with no letter or digit.
func Slugify(name string) string {
	if s := slug.Make(name); s != "" {
		return s
	}
	return "aktor"
}

// uniqueSlug returns base, or base-2, base-3, … when another actor than self
// has it. The scope is the table's, as residencyedit uses when it makes an
// actor from the residency editor.
func uniqueSlug(ctx context.Context, tx pgx.Tx, base string, self int64) (string, error) {
	return slug.Unique(ctx, tx, "cultural_actors", base, func(s string) (bool, error) {
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cultural_actors WHERE slug = $1 AND id <> $2)`, s, self).Scan(&taken); err != nil {
			return false, fmt.Errorf("actoredit: slug %q: %w", s, err)
		}
		return taken, nil
	})
}
