package residencyedit

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
	"residens/internal/residency"
	"residens/internal/slug"
	"residens/internal/vocab"
)

// PageSize is the number of residencies on one page of the editors' list.
const PageSize = 25

// Store reads and writes residencies for the editors. Every change runs in
// one transaction with its picture, revision and audit entries, so it
// happens whole or not at all.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store over pool; now tells the time.
func NewStore(pool *pgxpool.Pool, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, now: now}
}

// Residency is a stored residency as the edit form needs it.
type Residency struct {
	ID        int64
	Version   int
	Values    Values
	UpdatedAt time.Time
	// ImageWidth is the stored image's width (0 without one), for the
	// thumbnail on the form.
	ImageWidth int
	// EverPublished is true once the residency has been public: its address
	// is then kept unless an editor changes it on purpose.
	EverPublished bool
}

// Revision is one saved change.
type Revision struct {
	Version  int
	UserName string
	At       time.Time
	Fields   []string
}

// Directory holds what the form's menus offer.
type Directory struct {
	Municipalities []vocab.Term
	ArtForms       []vocab.Term
	TargetGroups   []vocab.Term
	VenueTypes     []vocab.Term
	Actors         []vocab.Term
}

// Directory loads the vocabularies and the actor directory.
func (s *Store) Directory(ctx context.Context) (Directory, error) {
	v, err := residency.NewStore(s.pool).Vocabulary(ctx)
	if err != nil {
		return Directory{}, err
	}
	d := Directory{Municipalities: v.Municipalities, ArtForms: v.ArtForms, TargetGroups: v.TargetGroups, VenueTypes: v.VenueTypes}
	rows, err := s.pool.Query(ctx, `SELECT id, slug, name FROM cultural_actors ORDER BY lower(name), id`)
	if err != nil {
		return Directory{}, fmt.Errorf("residencyedit: actors: %w", err)
	}
	d.Actors, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (vocab.Term, error) {
		var t vocab.Term
		return t, row.Scan(&t.ID, &t.Slug, &t.Name)
	})
	if err != nil {
		return Directory{}, fmt.Errorf("residencyedit: actors: %w", err)
	}
	return d, nil
}

// Filter is a parsed request for the editors' list.
type Filter struct {
	Status       residency.Status // "" for all
	Municipality *vocab.Term
	ArtForm      *vocab.Term
	Published    string // "ja", "nej" or "" for both
	Query        string
	Page         int
}

// Row is a residency as the editors' list shows it.
type Row struct {
	ID           int64
	Title        string
	Slug         string
	Municipality string
	StartsOn     time.Time
	EndsOn       time.Time
	Published    bool
	ChangedAt    time.Time
	ChangedBy    string
}

func (f Filter) where(today time.Time, args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	conds := []string{"true"}
	switch f.Status {
	case residency.Ongoing:
		p := arg(today)
		conds = append(conds, "r.starts_on <= "+p+" AND r.ends_on >= "+p)
	case residency.Upcoming:
		conds = append(conds, "r.starts_on > "+arg(today))
	case residency.Completed:
		conds = append(conds, "r.ends_on < "+arg(today))
	}
	if f.Municipality != nil {
		conds = append(conds, "r.municipality_id = "+arg(f.Municipality.ID))
	}
	if f.ArtForm != nil {
		conds = append(conds, "r.id IN (SELECT residency_id FROM residency_art_forms WHERE art_form_id = "+arg(f.ArtForm.ID)+")")
	}
	switch f.Published {
	case "ja":
		conds = append(conds, "r.published")
	case "nej":
		conds = append(conds, "NOT r.published")
	}
	if f.Query != "" {
		conds = append(conds, "(r.title ILIKE "+arg("%"+db.LikeEscape(f.Query)+"%")+
			" OR r.search @@ websearch_to_tsquery('swedish', "+arg(f.Query)+"))")
	}
	return strings.Join(conds, " AND ")
}

// Count returns how many residencies match f.
func (s *Store) Count(ctx context.Context, f Filter, today time.Time) (int, error) {
	var args []any
	var n int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM residencies r WHERE "+f.where(today, &args), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("residencyedit: count: %w", err)
	}
	return n, nil
}

// List returns one page of the residencies matching f, the most recently
// changed first.
func (s *Store) List(ctx context.Context, f Filter, today time.Time) ([]Row, error) {
	var args []any
	where := f.where(today, &args)
	args = append(args, PageSize, (max(f.Page, 1)-1)*PageSize)
	rows, err := s.pool.Query(ctx, `
		SELECT r.id, r.title, r.slug, m.name, r.starts_on, r.ends_on, r.published,
			coalesce(lr.at, r.updated_at), coalesce(lr.user_name, '')
		FROM residencies r
		JOIN municipalities m ON m.id = r.municipality_id
		LEFT JOIN LATERAL (SELECT at, user_name FROM residency_revisions x WHERE x.residency_id = r.id
			ORDER BY version DESC LIMIT 1) lr ON true
		WHERE `+where+`
		ORDER BY coalesce(lr.at, r.updated_at) DESC, r.id DESC
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("residencyedit: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Row, error) {
		var r Row
		return r, row.Scan(&r.ID, &r.Title, &r.Slug, &r.Municipality, &r.StartsOn, &r.EndsOn, &r.Published, &r.ChangedAt, &r.ChangedBy)
	})
	if err != nil {
		return nil, fmt.Errorf("residencyedit: list: %w", err)
	}
	return out, nil
}

const loadSQL = `
	SELECT r.id, r.version, r.slug, r.title, r.kind, r.municipality_id, r.district, r.venue_name,
		r.starts_on, r.ends_on, r.summary, r.body, r.participants, r.sessions, r.outcome, r.published, r.updated_at,
		ARRAY(SELECT venue_type_id FROM residency_venue_types WHERE residency_id = r.id ORDER BY 1),
		ARRAY(SELECT target_group_id FROM residency_target_groups WHERE residency_id = r.id ORDER BY 1),
		ARRAY(SELECT art_form_id FROM residency_art_forms WHERE residency_id = r.id ORDER BY 1),
		coalesce((SELECT json_agg(json_build_object('actor_id', actor_id, 'role', role) ORDER BY position, actor_id)
			FROM residency_actors WHERE residency_id = r.id), '[]'),
		r.published OR EXISTS (SELECT 1 FROM residency_revisions x WHERE x.residency_id = r.id
			AND (x.snapshot->>'published')::boolean),
		coalesce(r.image_id, 0), r.image_alt, coalesce((SELECT width FROM images WHERE id = r.image_id), 0)
	FROM residencies r WHERE r.id = $1`

// Get returns the residency with the given id, or a not-found error.
func (s *Store) Get(ctx context.Context, id int64) (*Residency, error) {
	return load(ctx, s.pool, id, false)
}

func load(ctx context.Context, q db.Querier, id int64, lock bool) (*Residency, error) {
	sql := loadSQL
	if lock {
		sql += " FOR UPDATE OF r"
	}
	var r Residency
	var starts, ends time.Time
	var participants, sessions *int
	v := &r.Values
	err := q.QueryRow(ctx, sql, id).Scan(&r.ID, &r.Version, &v.Slug, &v.Title, &v.Kind, &v.MunicipalityID, &v.District,
		&v.VenueName, &starts, &ends, &v.Summary, &v.Body, &participants, &sessions, &v.Outcome, &v.Published,
		&r.UpdatedAt, &v.VenueTypes, &v.TargetGroups, &v.ArtForms, &v.Actors, &r.EverPublished,
		&v.ImageID, &v.ImageAlt, &r.ImageWidth)
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("residency %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("residencyedit: load %d: %w", id, err)
	}
	v.StartsOn, v.EndsOn = starts.Format("2006-01-02"), ends.Format("2006-01-02")
	v.Participants, v.Sessions = itoaPtr(participants), itoaPtr(sessions)
	return &r, nil
}

func itoaPtr(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// History returns the residency's revisions, newest first.
func (s *Store) History(ctx context.Context, id int64) ([]Revision, error) {
	rows, err := s.pool.Query(ctx, `SELECT version, user_name, at, fields FROM residency_revisions
		WHERE residency_id = $1 ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("residencyedit: history: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Revision, error) {
		var r Revision
		return r, row.Scan(&r.Version, &r.UserName, &r.At, &r.Fields)
	})
	if err != nil {
		return nil, fmt.Errorf("residencyedit: history: %w", err)
	}
	return out, nil
}

// Snapshot returns the values saved as the given version, and whether a
// revision holds them.
func (s *Store) Snapshot(ctx context.Context, id int64, version int) (Values, bool, error) {
	var raw []byte
	err := s.pool.QueryRow(ctx, `SELECT snapshot FROM residency_revisions WHERE residency_id = $1 AND version = $2`, id, version).Scan(&raw)
	if db.IsNoRows(err) {
		return Values{}, false, nil
	}
	if err != nil {
		return Values{}, false, fmt.Errorf("residencyedit: snapshot: %w", err)
	}
	var v Values
	if err := json.Unmarshal(raw, &v); err != nil {
		return Values{}, false, fmt.Errorf("residencyedit: snapshot: %w", err)
	}
	return v, true, nil
}

// Editor is who saves, for the revision.
type Editor struct {
	ID   int64
	Name string
}

// ErrConflict is returned by Update when the residency has been saved by
// someone else since the editor loaded it.
var ErrConflict = errors.New("residencyedit: the residency has changed since it was loaded")

// ErrSlugTaken is returned when an explicitly chosen address belongs to
// another residency.
var ErrSlugTaken = errors.New("residencyedit: the address is taken")

// Saved reports what a save did.
type Saved struct {
	ID      int64
	Version int
	Slug    string
	Fields  []string
	// WasPublished and Published tell a publish or unpublish apart from an
	// ordinary save, for the audit log.
	WasPublished, Published bool
}

// Create inserts a residency from valid values (v.Slug, when set, is the
// wanted address; otherwise the title gives it) with its links, an actor
// made from na when na.Name is set, and the first revision, in tx.
func Create(ctx context.Context, tx pgx.Tx, v Values, na NewActor, by Editor, now time.Time) (Saved, error) {
	base := v.Slug
	if base == "" {
		base = Slugify(v.Title)
	}
	slug, err := uniqueSlug(ctx, tx, "residencies", base, 0)
	if err != nil {
		return Saved{}, err
	}
	v.Slug = slug
	if v, err = addNewActor(ctx, tx, v, na, by, now); err != nil {
		return Saved{}, err
	}
	starts, _ := date(v.StartsOn)
	ends, _ := date(v.EndsOn)
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO residencies (slug, title, kind, municipality_id, district, venue_name, starts_on, ends_on,
			summary, body, participants, sessions, outcome, published, created_at, updated_at, image_id, image_alt)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, nullif($16::bigint, 0), $17)
		RETURNING id`,
		v.Slug, v.Title, v.Kind, v.MunicipalityID, v.District, v.VenueName, starts, ends,
		v.Summary, v.Body, number(v.Participants), number(v.Sessions), v.Outcome, v.Published, now,
		v.ImageID, v.ImageAlt).Scan(&id)
	if err != nil {
		return Saved{}, fmt.Errorf("residencyedit: create: %w", err)
	}
	if err := writeLinks(ctx, tx, id, v); err != nil {
		return Saved{}, err
	}
	fields := Changed(Values{}, v)
	if err := writeRevision(ctx, tx, id, 1, by, now, fields, v); err != nil {
		return Saved{}, err
	}
	return Saved{ID: id, Version: 1, Slug: v.Slug, Fields: fields, Published: v.Published}, nil
}

// Update saves valid values over the residency id, provided it is still at
// version base (ErrConflict otherwise). slugChosen says the editor changed
// the address on purpose; otherwise a residency that has been published
// keeps its address and a draft's follows its title.
func Update(ctx context.Context, tx pgx.Tx, id int64, base int, v Values, slugChosen bool, na NewActor, by Editor, now time.Time) (Saved, error) {
	cur, err := load(ctx, tx, id, true)
	if err != nil {
		return Saved{}, err
	}
	if cur.Version != base {
		return Saved{}, ErrConflict
	}
	old := cur.Values
	switch {
	case slugChosen && v.Slug != old.Slug:
		taken, err := slugTaken(ctx, tx, "residencies", v.Slug, id)
		if err != nil {
			return Saved{}, err
		}
		if taken {
			return Saved{}, ErrSlugTaken
		}
	case !cur.EverPublished && v.Title != old.Title:
		if v.Slug, err = uniqueSlug(ctx, tx, "residencies", Slugify(v.Title), id); err != nil {
			return Saved{}, err
		}
	default:
		v.Slug = old.Slug
	}
	if v, err = addNewActor(ctx, tx, v, na, by, now); err != nil {
		return Saved{}, err
	}
	fields := Changed(old, v)
	// A residency saved before editing came to the portal (the demo content)
	// has no revision for its version yet; keep what it was, so a conflict
	// can be explained against it.
	if _, err := tx.Exec(ctx, `
		INSERT INTO residency_revisions (residency_id, version, user_name, at, fields, snapshot)
		VALUES ($1, $2, '', $3, '{}', $4) ON CONFLICT (residency_id, version) DO NOTHING`,
		id, cur.Version, cur.UpdatedAt, snapshotJSON(old)); err != nil {
		return Saved{}, fmt.Errorf("residencyedit: base revision: %w", err)
	}
	starts, _ := date(v.StartsOn)
	ends, _ := date(v.EndsOn)
	tag, err := tx.Exec(ctx, `
		UPDATE residencies SET slug = $3, title = $4, kind = $5, municipality_id = $6, district = $7, venue_name = $8,
			starts_on = $9, ends_on = $10, summary = $11, body = $12, participants = $13, sessions = $14,
			outcome = $15, published = $16, version = version + 1, image_id = nullif($18::bigint, 0), image_alt = $19,
			-- The public "Uppdaterad" date follows published changes only.
			updated_at = CASE WHEN $16 THEN $17 ELSE updated_at END
		WHERE id = $1 AND version = $2`,
		id, base, v.Slug, v.Title, v.Kind, v.MunicipalityID, v.District, v.VenueName, starts, ends,
		v.Summary, v.Body, number(v.Participants), number(v.Sessions), v.Outcome, v.Published, now, v.ImageID, v.ImageAlt)
	if err != nil {
		return Saved{}, fmt.Errorf("residencyedit: update %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return Saved{}, ErrConflict
	}
	if v.Slug != old.Slug {
		// The address the residency leaves answers with a redirect if the
		// public has seen it; the one it takes is no longer a redirect.
		if _, err := tx.Exec(ctx, `DELETE FROM residency_slug_redirects WHERE old_slug = $1`, v.Slug); err != nil {
			return Saved{}, fmt.Errorf("residencyedit: redirect: %w", err)
		}
		if cur.EverPublished {
			if _, err := tx.Exec(ctx, `
				INSERT INTO residency_slug_redirects (old_slug, residency_id) VALUES ($1, $2)
				ON CONFLICT (old_slug) DO UPDATE SET residency_id = excluded.residency_id`, old.Slug, id); err != nil {
				return Saved{}, fmt.Errorf("residencyedit: redirect: %w", err)
			}
		}
	}
	if err := writeLinks(ctx, tx, id, v); err != nil {
		return Saved{}, err
	}
	if err := writeRevision(ctx, tx, id, base+1, by, now, fields, v); err != nil {
		return Saved{}, err
	}
	return Saved{ID: id, Version: base + 1, Slug: v.Slug, Fields: fields, WasPublished: old.Published, Published: v.Published}, nil
}

// deleteResidency removes the residency (its links, revisions and
// redirects go with it) and returns its title.
func deleteResidency(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	var title string
	err := tx.QueryRow(ctx, `DELETE FROM residencies WHERE id = $1 RETURNING title`, id).Scan(&title)
	if db.IsNoRows(err) {
		return "", fmt.Errorf("residency %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("residencyedit: delete %d: %w", id, err)
	}
	return title, nil
}

func snapshotJSON(v Values) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Values holds only strings, numbers and booleans.
		panic(err)
	}
	return b
}

func writeRevision(ctx context.Context, tx pgx.Tx, id int64, version int, by Editor, now time.Time, fields []string, v Values) error {
	var userID *int64
	if by.ID != 0 {
		userID = &by.ID
	}
	if fields == nil {
		fields = []string{}
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO residency_revisions (residency_id, version, user_id, user_name, at, fields, snapshot)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, version, userID, by.Name, now, fields, snapshotJSON(v)); err != nil {
		return fmt.Errorf("residencyedit: revision: %w", err)
	}
	return nil
}

// writeLinks replaces the residency's links with those of v and refreshes
// its search terms.
func writeLinks(ctx context.Context, tx pgx.Tx, id int64, v Values) error {
	for _, l := range []struct {
		table, col string
		ids        []int64
	}{
		{"residency_venue_types", "venue_type_id", v.VenueTypes},
		{"residency_target_groups", "target_group_id", v.TargetGroups},
		{"residency_art_forms", "art_form_id", v.ArtForms},
	} {
		if err := db.ReplaceLinks(ctx, tx, l.table, "residency_id", id, l.col, l.ids); err != nil {
			return fmt.Errorf("residencyedit: links: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM residency_actors WHERE residency_id = $1`, id); err != nil {
		return fmt.Errorf("residencyedit: actors: %w", err)
	}
	for i, a := range v.Actors {
		if _, err := tx.Exec(ctx, `INSERT INTO residency_actors (residency_id, actor_id, role, position)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, id, a.ActorID, a.Role, i); err != nil {
			return fmt.Errorf("residencyedit: actors: %w", err)
		}
	}
	return residency.RefreshSearchTerms(ctx, tx, []int64{id})
}

// addNewActor creates the actor of the "new actor" row, published with a
// name and kind only (the actor editors fill in the rest), and credits it.
func addNewActor(ctx context.Context, tx pgx.Tx, v Values, na NewActor, by Editor, now time.Time) (Values, error) {
	if na.Name == "" {
		return v, nil
	}
	base := Slugify(na.Name)
	if base == "" {
		base = "aktor"
	}
	slug, err := uniqueSlug(ctx, tx, "cultural_actors", base, 0)
	if err != nil {
		return v, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO cultural_actors (slug, name, kind, published) VALUES ($1, $2, $3, true) RETURNING id`,
		slug, na.Name, na.Kind).Scan(&id); err != nil {
		return v, fmt.Errorf("residencyedit: new actor: %w", err)
	}
	// A new public actor, like one made in the actor editor: its first
	// revision and an audit entry, in the same transaction.
	snap, err := json.Marshal(map[string]any{"name": na.Name, "kind": na.Kind, "slug": slug, "published": true})
	if err != nil {
		return v, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO actor_revisions (actor_id, version, user_id, user_name, at, fields, snapshot)
		VALUES ($1, 1, $2, $3, $4, $5, $6)`, id, by.ID, by.Name, now, []string{"name", "kind", "published"}, snap); err != nil {
		return v, fmt.Errorf("residencyedit: new actor revision: %w", err)
	}
	actor := by.ID
	if err := audit.Record(ctx, tx, audit.Entry{Action: audit.ActorCreated, ActorID: &actor, ActorName: by.Name,
		Target: na.Name, Detail: map[string]any{"slug": slug, "via": "residency"}}); err != nil {
		return v, err
	}
	v.Actors = append(slices.Clone(v.Actors), ActorLink{ActorID: id, Role: na.Role})
	return v, nil
}

// uniqueSlug returns base (or "residens" when empty), or base-2, base-3…
// whichever is first free in table (a row with id except does not count).
func uniqueSlug(ctx context.Context, tx pgx.Tx, table, base string, except int64) (string, error) {
	if base == "" {
		base = "residens"
	}
	return slug.Unique(ctx, tx, table, base, func(s string) (bool, error) { return slugTaken(ctx, tx, table, s, except) })
}

func slugTaken(ctx context.Context, q db.Querier, table, slug string, except int64) (bool, error) {
	sql := `SELECT EXISTS (SELECT 1 FROM ` + table + ` WHERE slug = $1 AND id <> $2)`
	if table == "residencies" {
		// An old address that redirects to another residency stays with it.
		sql += ` OR EXISTS (SELECT 1 FROM residency_slug_redirects WHERE old_slug = $1 AND residency_id <> $2)`
	}
	var taken bool
	if err := q.QueryRow(ctx, sql, slug, except).Scan(&taken); err != nil {
		return false, fmt.Errorf("residencyedit: slug: %w", err)
	}
	return taken, nil
}

// editorOf is who acts in by, for the revision.
func editorOf(by audit.Entry) Editor {
	if by.ActorID == nil {
		return Editor{}
	}
	return Editor{ID: *by.ActorID, Name: by.ActorName}
}

// Create stores img (nil for no new picture) and makes a residency from
// valid values v, with an actor made from na when na.Name is set, saved by
// by's actor, and logs it.
func (s *Store) Create(ctx context.Context, by audit.Entry, v Values, na NewActor, img stdimage.Image) (Saved, error) {
	var saved Saved
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		values, err := storeImage(ctx, tx, v, img)
		if err != nil {
			return err
		}
		if saved, err = Create(ctx, tx, values, na, editorOf(by), s.now()); err != nil {
			return err
		}
		return recordSave(ctx, tx, by, true, saved, v.Title)
	})
	return saved, err
}

// Save stores img (nil for none) and saves v over residency id, provided
// it is still at version base (ErrConflict otherwise); an address the
// editor chose (slugChosen) that another residency has is ErrSlugTaken.
func (s *Store) Save(ctx context.Context, by audit.Entry, id int64, base int, v Values, slugChosen bool, na NewActor,
	img stdimage.Image) (Saved, error) {
	var saved Saved
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		values, err := storeImage(ctx, tx, v, img)
		if err != nil {
			return err
		}
		if saved, err = Update(ctx, tx, id, base, values, slugChosen, na, editorOf(by), s.now()); err != nil {
			return err
		}
		return recordSave(ctx, tx, by, false, saved, v.Title)
	})
	return saved, err
}

// Unpublish takes residency id off the public pages, whatever version it
// is at; one already unpublished stays as it is.
func (s *Store) Unpublish(ctx context.Context, by audit.Entry, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := load(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if !cur.Values.Published {
			return nil
		}
		v := cur.Values
		v.Published = false
		saved, err := Update(ctx, tx, id, cur.Version, v, false, NewActor{}, editorOf(by), s.now())
		if err != nil {
			return err
		}
		return recordSave(ctx, tx, by, false, saved, v.Title)
	})
}

// Delete removes residency id and logs it; db.ErrNotFound when there is
// none.
func (s *Store) Delete(ctx context.Context, by audit.Entry, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		title, err := deleteResidency(ctx, tx, id)
		if err != nil {
			return err
		}
		e := by
		e.Action, e.Target, e.Detail = audit.ResidencyDeleted, title, map[string]any{"residency_id": id}
		return audit.Record(ctx, tx, e)
	})
}

// storeImage stores a newly chosen picture in tx and points v at it.
func storeImage(ctx context.Context, tx pgx.Tx, v Values, img stdimage.Image) (Values, error) {
	if img == nil {
		return v, nil
	}
	id, err := image.Store(ctx, tx, img)
	if err != nil {
		return v, err
	}
	v.ImageID = id
	return v, nil
}

// recordSave records the save in the log: the creation or the change of
// other fields, and a publish or unpublish when the state changed.
func recordSave(ctx context.Context, tx pgx.Tx, by audit.Entry, created bool, s Saved, title string) error {
	detail := map[string]any{"residency_id": s.ID, "slug": s.Slug, "version": s.Version, "fields": s.Fields}
	var actions []string
	others := slices.DeleteFunc(slices.Clone(s.Fields), func(f string) bool { return f == FieldPublished })
	switch {
	case created:
		actions = append(actions, audit.ResidencyCreated)
	case len(others) > 0:
		actions = append(actions, audit.ResidencyUpdated)
	}
	switch {
	case s.Published && !s.WasPublished:
		actions = append(actions, audit.ResidencyPublished)
	case s.WasPublished && !s.Published:
		actions = append(actions, audit.ResidencyUnpublished)
	}
	for _, a := range actions {
		e := by
		e.Action, e.Target, e.Detail = a, title, detail
		if err := audit.Record(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}
