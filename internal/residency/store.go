package residency

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/vocab"
)

// PageSize is the number of residencies on one page of a list.
const PageSize = 20

// Store reads residencies from PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
}

// NewStore returns a store over pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Vocabulary holds the values the filters offer, each sorted for people.
type Vocabulary struct {
	Municipalities []vocab.Term
	ArtForms       []vocab.Term
	TargetGroups   []vocab.Term
	VenueTypes     []vocab.Term
	// FirstYear and LastYear bound the years that published residencies
	// span; both are zero when there are none.
	FirstYear, LastYear int
}

// Vocabulary loads every filter vocabulary in one query.
func (s *Store) Vocabulary(ctx context.Context) (Vocabulary, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT 'kommun', id, slug, name, 0 FROM municipalities
		UNION ALL SELECT 'konstform', id, slug, name, position FROM art_forms
		UNION ALL SELECT 'malgrupp', id, slug, name, position FROM target_groups
		UNION ALL SELECT 'plats', id, slug, name, position FROM venue_types
		UNION ALL SELECT 'ar', coalesce((SELECT extract(year FROM min(starts_on)) FROM residencies WHERE published), 0)::bigint,
			'', '', coalesce((SELECT extract(year FROM max(ends_on)) FROM residencies WHERE published), 0)::int
		ORDER BY 1, 5, 4, 2`)
	if err != nil {
		return Vocabulary{}, fmt.Errorf("residency: vocabulary: %w", err)
	}
	defer rows.Close()
	var v Vocabulary
	for rows.Next() {
		var kind string
		var t vocab.Term
		var pos int
		if err := rows.Scan(&kind, &t.ID, &t.Slug, &t.Name, &pos); err != nil {
			return Vocabulary{}, fmt.Errorf("residency: vocabulary: %w", err)
		}
		switch kind {
		case "kommun":
			v.Municipalities = append(v.Municipalities, t)
		case "konstform":
			v.ArtForms = append(v.ArtForms, t)
		case "malgrupp":
			v.TargetGroups = append(v.TargetGroups, t)
		case "plats":
			v.VenueTypes = append(v.VenueTypes, t)
		case "ar":
			v.FirstYear, v.LastYear = int(t.ID), pos
		}
	}
	if err := rows.Err(); err != nil {
		return Vocabulary{}, fmt.Errorf("residency: vocabulary: %w", err)
	}
	return v, nil
}

// Filter is a parsed, validated list request.
type Filter struct {
	Status       Status // "" for all
	Municipality *vocab.Term
	ArtForm      *vocab.Term
	TargetGroup  *vocab.Term
	VenueType    *vocab.Term
	Year         int    // 0 for any
	Query        string // free text, "" for none
	Page         int    // from 1
	PageSize     int    // PageSize when zero
}

// where renders the filter as SQL conditions on residencies r, appending the
// arguments; today decides the status.
func (f Filter) where(today time.Time, args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	conds := []string{"r.published"}
	switch f.Status {
	case Ongoing:
		p := arg(today)
		conds = append(conds, "r.starts_on <= "+p+" AND r.ends_on >= "+p)
	case Upcoming:
		conds = append(conds, "r.starts_on > "+arg(today))
	case Completed:
		conds = append(conds, "r.ends_on < "+arg(today))
	}
	if f.Municipality != nil {
		conds = append(conds, "r.municipality_id = "+arg(f.Municipality.ID))
	}
	if f.ArtForm != nil {
		conds = append(conds, "r.id IN (SELECT residency_id FROM residency_art_forms WHERE art_form_id = "+arg(f.ArtForm.ID)+")")
	}
	if f.TargetGroup != nil {
		conds = append(conds, "r.id IN (SELECT residency_id FROM residency_target_groups WHERE target_group_id = "+arg(f.TargetGroup.ID)+")")
	}
	if f.VenueType != nil {
		conds = append(conds, "r.id IN (SELECT residency_id FROM residency_venue_types WHERE venue_type_id = "+arg(f.VenueType.ID)+")")
	}
	if f.Year != 0 {
		conds = append(conds, "r.starts_on <= "+arg(time.Date(f.Year, 12, 31, 0, 0, 0, 0, time.UTC))+
			" AND r.ends_on >= "+arg(time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC)))
	}
	if f.Query != "" {
		conds = append(conds, "r.search @@ "+searchQuery(arg(f.Query)))
	}
	return strings.Join(conds, " AND ")
}

// searchQuery is the SQL tsquery for the search text in parameter p. The
// Swedish stemmer takes "dans" to "dan" but "dansare", "dansa" and "danser"
// to "dans", so a search for the one would miss texts that only have the
// other (and the art form itself is named "Dans"); the query is widened to
// both stems. Other art forms' words stem alike ("slöjdare" and "slöjd" both
// give "slöjd", "musiker" and "musik" both "musik").
func searchQuery(p string) string {
	return "ts_rewrite(ts_rewrite(websearch_to_tsquery('swedish', " + p + "), 'dans', 'dan'), 'dan', 'dan | dans')"
}

// orderBy puts the most relevant first: when searching, title matches and
// then search rank; then the order that suits the status (the next to start
// first among upcoming ones, the most recently ended first among completed
// ones).
func (f Filter) orderBy(args *[]any) string {
	var order string
	switch f.Status {
	case Upcoming:
		order = "r.starts_on ASC, r.id ASC"
	case Completed:
		order = "r.ends_on DESC, r.id DESC"
	default:
		order = "r.starts_on DESC, r.id DESC"
	}
	if f.Query != "" {
		*args = append(*args, f.Query)
		q := searchQuery("$" + strconv.Itoa(len(*args)))
		// A match in the title (weight A) comes before any other, however
		// often a body repeats the word; rank orders within each part.
		order = "(ts_filter(r.search, '{a}') @@ " + q + ") DESC, ts_rank_cd(r.search, " + q + ") DESC, " + order
	}
	return order
}

// Count returns how many published residencies match f.
func (s *Store) Count(ctx context.Context, f Filter, today time.Time) (int, error) {
	var args []any
	var n int
	err := s.pool.QueryRow(ctx, "SELECT count(*) FROM residencies r WHERE "+f.where(today, &args), args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("residency: count: %w", err)
	}
	return n, nil
}

// List returns one page of published residencies matching f.
func (s *Store) List(ctx context.Context, f Filter, today time.Time) ([]Summary, error) {
	size := f.PageSize
	if size <= 0 {
		size = PageSize
	}
	page := max(f.Page, 1)
	var args []any
	where := f.where(today, &args)
	order := f.orderBy(&args)
	args = append(args, size, (page-1)*size)
	sql := summarySelect + " WHERE " + where + " ORDER BY " + order +
		" LIMIT $" + strconv.Itoa(len(args)-1) + " OFFSET $" + strconv.Itoa(len(args))
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("residency: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanSummary)
	if err != nil {
		return nil, fmt.Errorf("residency: list: %w", err)
	}
	return out, nil
}

// summarySelect reads what a card shows; the art forms come from a
// correlated subquery that runs once per row of the page only.
const summarySelect = `
	SELECT r.id, r.slug, r.title, r.kind, r.summary, r.district, r.starts_on, r.ends_on,
		m.id, m.slug, m.name,
		ARRAY(SELECT af.name FROM residency_art_forms raf JOIN art_forms af ON af.id = raf.art_form_id
			WHERE raf.residency_id = r.id ORDER BY af.position, af.name),
		r.image_id, coalesce(i.width, 0), coalesce(i.height, 0), r.image_alt
	FROM residencies r
	JOIN municipalities m ON m.id = r.municipality_id
	LEFT JOIN images i ON i.id = r.image_id`

func scanSummary(row pgx.CollectableRow) (Summary, error) {
	var s Summary
	var imageID *int64
	var w, h int
	var alt string
	err := row.Scan(&s.ID, &s.Slug, &s.Title, &s.Kind, &s.Summary, &s.District, &s.StartsOn, &s.EndsOn,
		&s.Municipality.ID, &s.Municipality.Slug, &s.Municipality.Name, &s.ArtForms,
		&imageID, &w, &h, &alt)
	if imageID != nil {
		s.Image = &Image{ID: *imageID, Width: w, Height: h, Alt: alt}
	}
	return s, err
}

// Renamed returns the slug now of the published residency that had slug old
// before an editor changed its address, or db.ErrNotFound.
func (s *Store) Renamed(ctx context.Context, old string) (string, error) {
	var to string
	err := s.pool.QueryRow(ctx, `SELECT r.slug FROM residency_slug_redirects x
		JOIN residencies r ON r.id = x.residency_id WHERE x.old_slug = $1 AND r.published`, old).Scan(&to)
	if db.IsNoRows(err) {
		return "", fmt.Errorf("residency %q: %w", old, db.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("residency: redirect %q: %w", old, err)
	}
	return to, nil
}

// BySlug returns the published residency with the given slug, or a not-found
// error.
func (s *Store) BySlug(ctx context.Context, slug string) (*Residency, error) {
	row := s.pool.QueryRow(ctx, `
		SELECT r.id, r.slug, r.title, r.kind, r.summary, r.district, r.starts_on, r.ends_on,
			m.id, m.slug, m.name,
			r.image_id, coalesce(i.width, 0), coalesce(i.height, 0), r.image_alt,
			r.venue_name, r.body, r.participants, r.sessions, r.outcome, r.updated_at,
			coalesce((SELECT json_agg(json_build_object('id', af.id, 'slug', af.slug, 'name', af.name) ORDER BY af.position)
				FROM residency_art_forms x JOIN art_forms af ON af.id = x.art_form_id WHERE x.residency_id = r.id), '[]'),
			coalesce((SELECT json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY t.position)
				FROM residency_target_groups x JOIN target_groups t ON t.id = x.target_group_id WHERE x.residency_id = r.id), '[]'),
			coalesce((SELECT json_agg(json_build_object('id', v.id, 'slug', v.slug, 'name', v.name) ORDER BY v.position)
				FROM residency_venue_types x JOIN venue_types v ON v.id = x.venue_type_id WHERE x.residency_id = r.id), '[]'),
			coalesce((SELECT json_agg(json_build_object('slug', a.slug, 'name', a.name, 'kind', a.kind, 'role', x.role) ORDER BY x.position, a.name)
				FROM residency_actors x JOIN cultural_actors a ON a.id = x.actor_id WHERE x.residency_id = r.id AND a.published), '[]')
		FROM residencies r
		JOIN municipalities m ON m.id = r.municipality_id
		LEFT JOIN images i ON i.id = r.image_id
		WHERE r.slug = $1 AND r.published`, slug)
	var r Residency
	var imageID *int64
	var w, h int
	var alt string
	err := row.Scan(&r.ID, &r.Slug, &r.Title, &r.Kind, &r.Summary.Summary, &r.District, &r.StartsOn, &r.EndsOn,
		&r.Municipality.ID, &r.Municipality.Slug, &r.Municipality.Name,
		&imageID, &w, &h, &alt,
		&r.VenueName, &r.Body, &r.Participants, &r.Sessions, &r.Outcome, &r.UpdatedAt,
		&r.ArtFormTerms, &r.TargetGroups, &r.VenueTypes, &r.Actors)
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("residency %q: %w", slug, db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("residency: by slug %q: %w", slug, err)
	}
	if imageID != nil {
		r.Image = &Image{ID: *imageID, Width: w, Height: h, Alt: alt}
	}
	for _, t := range r.ArtFormTerms {
		r.ArtForms = append(r.ArtForms, t.Name)
	}
	return &r, nil
}

// Related returns up to limit other published residencies that share the
// municipality or an art form with r: same municipality first, then the most
// recent. Two limited branches, each walking an index, replace one OR that
// no index can serve.
func (s *Store) Related(ctx context.Context, r *Residency, limit int) ([]Summary, error) {
	ids := make([]int64, 0, len(r.ArtFormTerms))
	for _, t := range r.ArtFormTerms {
		ids = append(ids, t.ID)
	}
	rows, err := s.pool.Query(ctx, `
		WITH picked AS (
			(SELECT id, true AS same, starts_on FROM residencies
			 WHERE published AND municipality_id = $2 AND id <> $1
			 ORDER BY starts_on DESC, id DESC LIMIT $4)
			UNION ALL
			(SELECT id, false, starts_on FROM residencies
			 WHERE published AND municipality_id <> $2
			   AND id IN (SELECT residency_id FROM residency_art_forms WHERE art_form_id = ANY($3))
			 ORDER BY starts_on DESC, id DESC LIMIT $4)
		)`+summarySelect+`
		JOIN picked p ON p.id = r.id
		ORDER BY p.same DESC, p.starts_on DESC, r.id DESC
		LIMIT $4`, r.ID, r.Municipality.ID, ids, limit)
	if err != nil {
		return nil, fmt.Errorf("residency: related to %d: %w", r.ID, err)
	}
	out, err := pgx.CollectRows(rows, scanSummary)
	if err != nil {
		return nil, fmt.Errorf("residency: related to %d: %w", r.ID, err)
	}
	return out, nil
}

// CountsByMunicipality returns, per municipality ID, how many published
// residencies are ongoing and how many completed on the day today.
func (s *Store) CountsByMunicipality(ctx context.Context, today time.Time) (map[int64][2]int, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT municipality_id,
			count(*) FILTER (WHERE starts_on <= $1 AND ends_on >= $1),
			count(*) FILTER (WHERE ends_on < $1)
		FROM residencies WHERE published GROUP BY municipality_id`, today)
	if err != nil {
		return nil, fmt.Errorf("residency: counts by municipality: %w", err)
	}
	defer rows.Close()
	out := map[int64][2]int{}
	for rows.Next() {
		var id int64
		var ongoing, completed int
		if err := rows.Scan(&id, &ongoing, &completed); err != nil {
			return nil, fmt.Errorf("residency: counts by municipality: %w", err)
		}
		out[id] = [2]int{ongoing, completed}
	}
	return out, rows.Err()
}

// ByActor returns the published residencies that actor took part in, newest
// first.
func (s *Store) ByActor(ctx context.Context, actorID int64, limit int) ([]Summary, error) {
	rows, err := s.pool.Query(ctx, summarySelect+`
		WHERE r.published AND r.id IN (SELECT residency_id FROM residency_actors WHERE actor_id = $1)
		ORDER BY r.starts_on DESC, r.id DESC LIMIT $2`, actorID, limit)
	if err != nil {
		return nil, fmt.Errorf("residency: by actor %d: %w", actorID, err)
	}
	out, err := pgx.CollectRows(rows, scanSummary)
	if err != nil {
		return nil, fmt.Errorf("residency: by actor %d: %w", actorID, err)
	}
	return out, nil
}

// Group is the residencies of one status, as far as a page shows them, with
// how many there are in all.
type Group struct {
	Status Status
	Items  []Summary
	Total  int
}

// ByMunicipality returns a municipality's published residencies grouped by
// status (ongoing, upcoming, completed), at most perStatus of each, in one
// query.
func (s *Store) ByMunicipality(ctx context.Context, municipalityID int64, today time.Time, perStatus int) ([]Group, error) {
	rows, err := s.pool.Query(ctx, `
		WITH s AS (
			SELECT id, st,
				row_number() OVER (PARTITION BY st ORDER BY CASE WHEN st = 'kommande' THEN starts_on END ASC,
					CASE WHEN st = 'avslutade' THEN ends_on END DESC, starts_on DESC, id DESC) AS rn,
				count(*) OVER (PARTITION BY st) AS n
			FROM (
				SELECT id, starts_on, ends_on,
					CASE WHEN starts_on > $2 THEN 'kommande' WHEN ends_on < $2 THEN 'avslutade' ELSE 'pagaende' END AS st
				FROM residencies WHERE published AND municipality_id = $1
			) x
		)`+strings.Replace(summarySelect, "SELECT r.id,", "SELECT s.st, s.n, r.id,", 1)+`
		JOIN s ON s.id = r.id
		WHERE s.rn <= $3
		ORDER BY s.st, s.rn`, municipalityID, today, perStatus)
	if err != nil {
		return nil, fmt.Errorf("residency: by municipality %d: %w", municipalityID, err)
	}
	defer rows.Close()
	groups := map[Status]*Group{}
	for rows.Next() {
		var st string
		var n int
		var sm Summary
		var imageID *int64
		var w, h int
		var alt string
		if err := rows.Scan(&st, &n, &sm.ID, &sm.Slug, &sm.Title, &sm.Kind, &sm.Summary, &sm.District, &sm.StartsOn, &sm.EndsOn,
			&sm.Municipality.ID, &sm.Municipality.Slug, &sm.Municipality.Name, &sm.ArtForms,
			&imageID, &w, &h, &alt); err != nil {
			return nil, fmt.Errorf("residency: by municipality %d: %w", municipalityID, err)
		}
		if imageID != nil {
			sm.Image = &Image{ID: *imageID, Width: w, Height: h, Alt: alt}
		}
		g := groups[Status(st)]
		if g == nil {
			g = &Group{Status: Status(st), Total: n}
			groups[Status(st)] = g
		}
		g.Items = append(g.Items, sm)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("residency: by municipality %d: %w", municipalityID, err)
	}
	var out []Group
	for _, st := range Statuses {
		if g := groups[st]; g != nil {
			out = append(out, *g)
		}
	}
	return out, nil
}

// RefreshSearchTerms rewrites the search_terms of the given residencies from
// what they link to (municipality, district, venue, art forms, target
// groups, venue types, actors), so the generated search vector finds a
// residency by any of them. Every write path that changes those links calls
// it in the same transaction.
func RefreshSearchTerms(ctx context.Context, tx pgx.Tx, ids []int64) error {
	_, err := tx.Exec(ctx, `
		UPDATE residencies r SET search_terms = concat_ws(' ',
			(SELECT m.name FROM municipalities m WHERE m.id = r.municipality_id),
			r.district, r.venue_name,
			(SELECT string_agg(af.name, ' ') FROM residency_art_forms x JOIN art_forms af ON af.id = x.art_form_id WHERE x.residency_id = r.id),
			(SELECT string_agg(t.name, ' ') FROM residency_target_groups x JOIN target_groups t ON t.id = x.target_group_id WHERE x.residency_id = r.id),
			(SELECT string_agg(v.name, ' ') FROM residency_venue_types x JOIN venue_types v ON v.id = x.venue_type_id WHERE x.residency_id = r.id),
			(SELECT string_agg(a.name, ' ') FROM residency_actors x JOIN cultural_actors a ON a.id = x.actor_id WHERE x.residency_id = r.id))
		WHERE r.id = ANY($1)`, ids)
	if err != nil {
		return fmt.Errorf("residency: refresh search terms: %w", err)
	}
	return nil
}

// Searchable reports whether q holds any word that full-text search can use;
// a query of stop words only ("och", "att") matches nothing.
func (s *Store) Searchable(ctx context.Context, q string) (bool, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT numnode(websearch_to_tsquery('swedish', $1))`, q).Scan(&n); err != nil {
		return false, fmt.Errorf("residency: searchable: %w", err)
	}
	return n > 0, nil
}
