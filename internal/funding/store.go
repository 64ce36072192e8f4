package funding

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/slug"
	"residens/internal/vocab"
)

// PageSize is the number of sources on one page of a list.
const PageSize = 20

// ErrInUse says an organisation still funds sources and cannot be deleted.
var ErrInUse = errors.New("organisation funds sources")

// Store reads and changes the directory and the funding sources. Every
// change runs in one transaction with its audit entry.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store over pool; now tells the time (for the
// updated_at of a change).
func NewStore(pool *pgxpool.Pool, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, now: now}
}

// Vocab returns the art forms and the municipalities, for the forms and
// filters.
func (s *Store) Vocab(ctx context.Context) (artForms, municipalities []vocab.Term, err error) {
	if artForms, err = vocab.ArtForms(ctx, s.pool); err != nil {
		return nil, nil, err
	}
	if municipalities, err = vocab.Municipalities(ctx, s.pool); err != nil {
		return nil, nil, err
	}
	return artForms, municipalities, nil
}

// ids are the ids of ts.
func ids(ts []vocab.Term) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

// Organisations lists the whole directory by name.
func (s *Store) Organisations(ctx context.Context) ([]Organisation, error) {
	return s.organisations(ctx, `TRUE`)
}

// Organisation returns organisation id; db.ErrNotFound when there is none.
func (s *Store) Organisation(ctx context.Context, id int64) (*Organisation, error) {
	os, err := s.organisations(ctx, `o.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return nil, fmt.Errorf("funding: organisation %d: %w", id, db.ErrNotFound)
	}
	return &os[0], nil
}

func (s *Store) organisations(ctx context.Context, cond string, args ...any) ([]Organisation, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT o.id, o.slug, o.name, o.description, o.topics, o.area, o.email, o.phone, o.address, o.url,
			(SELECT count(*) FROM funding_sources f WHERE f.funder_id = o.id)
		FROM support_organisations o WHERE `+cond+` ORDER BY o.name, o.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("funding: organisations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Organisation, error) {
		var o Organisation
		return o, r.Scan(&o.ID, &o.Slug, &o.Name, &o.Description, &o.Topics, &o.Area, &o.Email, &o.Phone, &o.Address, &o.URL, &o.Sources)
	})
	if err != nil {
		return nil, fmt.Errorf("funding: organisations: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	byID := map[int64]*Organisation{}
	all := make([]int64, len(out))
	for i := range out {
		byID[out[i].ID], all[i] = &out[i], out[i].ID
	}
	// The art forms and municipalities of all of them in two round trips.
	for _, link := range []struct {
		sql  string
		into func(*Organisation, vocab.Term)
	}{
		{`SELECT l.organisation_id, a.id, a.slug, a.name FROM support_organisation_art_forms l JOIN art_forms a ON a.id = l.art_form_id
			WHERE l.organisation_id = ANY($1) ORDER BY a.position, a.name`, func(o *Organisation, t vocab.Term) { o.ArtForms = append(o.ArtForms, t) }},
		{`SELECT l.organisation_id, m.id, m.slug, m.name FROM support_organisation_municipalities l JOIN municipalities m ON m.id = l.municipality_id
			WHERE l.organisation_id = ANY($1) ORDER BY m.name`, func(o *Organisation, t vocab.Term) { o.Municipalities = append(o.Municipalities, t) }},
	} {
		rows, err := s.pool.Query(ctx, link.sql, all)
		if err != nil {
			return nil, fmt.Errorf("funding: organisation links: %w", err)
		}
		var owner int64
		var t vocab.Term
		if _, err := pgx.ForEachRow(rows, []any{&owner, &t.ID, &t.Slug, &t.Name}, func() error {
			link.into(byID[owner], t)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("funding: organisation links: %w", err)
		}
	}
	return out, nil
}

// CreateOrganisation adds o to the directory and returns its id.
func (s *Store) CreateOrganisation(ctx context.Context, by audit.Entry, o Organisation) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		sl, err := uniqueSlug(ctx, tx, "support_organisations", o.Name, 0)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO support_organisations (slug, name, description, topics, area, email, phone, address, url, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			sl, o.Name, o.Description, o.Topics, o.Area, o.Email, o.Phone, o.Address, o.URL, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("funding: create organisation: %w", err)
		}
		return s.saveOrganisationLinks(ctx, tx, by, audit.OrganisationCreated, id, o)
	})
	return id, err
}

// UpdateOrganisation saves o over organisation id; db.ErrNotFound when
// there is none.
func (s *Store) UpdateOrganisation(ctx context.Context, by audit.Entry, id int64, o Organisation) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE support_organisations SET name = $2, description = $3, topics = $4, area = $5, email = $6, phone = $7,
				address = $8, url = $9, updated_at = $10 WHERE id = $1`,
			id, o.Name, o.Description, o.Topics, o.Area, o.Email, o.Phone, o.Address, o.URL, s.now())
		if err != nil {
			return fmt.Errorf("funding: update organisation %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("funding: update organisation %d: %w", id, db.ErrNotFound)
		}
		return s.saveOrganisationLinks(ctx, tx, by, audit.OrganisationUpdated, id, o)
	})
}

func (s *Store) saveOrganisationLinks(ctx context.Context, tx pgx.Tx, by audit.Entry, action string, id int64, o Organisation) error {
	if err := db.ReplaceLinks(ctx, tx, "support_organisation_art_forms", "organisation_id", id, "art_form_id", ids(o.ArtForms)); err != nil {
		return err
	}
	muni := ids(o.Municipalities)
	if o.Area != AreaMunicipalities {
		muni = nil
	}
	if err := db.ReplaceLinks(ctx, tx, "support_organisation_municipalities", "organisation_id", id, "municipality_id", muni); err != nil {
		return err
	}
	by.Action, by.Target = action, o.Name
	by.Detail = map[string]any{"organisation_id": id}
	return audit.Record(ctx, tx, by)
}

// DeleteOrganisation removes organisation id; ErrInUse while it funds a
// source, db.ErrNotFound when there is none.
func (s *Store) DeleteOrganisation(ctx context.Context, by audit.Entry, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		var n int
		err := tx.QueryRow(ctx, `SELECT name, (SELECT count(*) FROM funding_sources WHERE funder_id = o.id)
			FROM support_organisations o WHERE id = $1 FOR UPDATE`, id).Scan(&name, &n)
		if db.IsNoRows(err) {
			return fmt.Errorf("funding: delete organisation %d: %w", id, db.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("funding: delete organisation %d: %w", id, err)
		}
		if n > 0 {
			return fmt.Errorf("funding: delete organisation %d: %w", id, ErrInUse)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM support_organisations WHERE id = $1`, id); err != nil {
			return fmt.Errorf("funding: delete organisation %d: %w", id, err)
		}
		by.Action, by.Target, by.Detail = audit.OrganisationDeleted, name, map[string]any{"organisation_id": id}
		return audit.Record(ctx, tx, by)
	})
}

func uniqueSlug(ctx context.Context, tx pgx.Tx, table, name string, self int64) (string, error) {
	base := slug.Make(name)
	if base == "" {
		base = "namn"
	}
	return slug.Unique(ctx, tx, table, base, func(sl string) (bool, error) {
		var taken bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` WHERE slug = $1 AND id <> $2)`, sl, self).Scan(&taken)
		return taken, err
	})
}

// Filter is what the finder asks for; the zero value is every source.
type Filter struct {
	// Applicant is one of Applicants' values, or "".
	Applicant string
	ArtForm   *vocab.Term
	// Query is searched for in the name and what the source funds.
	Query string
	// Amount is the sum needed in kronor; 0 for any.
	Amount int
	// Open is "" (any), OpenNow or Within30.
	Open string
	Page int
}

// The values of Filter.Open.
const (
	OpenNow  = "nu"
	Within30 = "30-dagar"
)

// nextSQL is a source's next deadline on or after $1, as NextDeadline
// computes it.
const nextSQL = `CASE f.deadline_kind
	WHEN 'dated' THEN (SELECT min(d.closes_on) FROM funding_deadlines d WHERE d.source_id = f.id AND d.closes_on >= $1::date)
	WHEN 'yearly' THEN CASE
		WHEN make_date(extract(year FROM $1::date)::int, f.yearly_month, f.yearly_day) >= $1::date
		THEN make_date(extract(year FROM $1::date)::int, f.yearly_month, f.yearly_day)
		ELSE make_date(extract(year FROM $1::date)::int + 1, f.yearly_month, f.yearly_day) END
	END`

const sourceColumns = `f.id, f.slug, f.name, f.funder_id, o.name, o.url, f.applicants, f.funds, f.amount_min, f.amount_max,
	f.cofunding, f.deadline_kind, coalesce(f.yearly_month, 0), coalesce(f.yearly_day, 0), f.url, f.checked_on, f.updated_at, n.next_on`

const sourceFrom = ` FROM funding_sources f JOIN support_organisations o ON o.id = f.funder_id
	CROSS JOIN LATERAL (SELECT ` + nextSQL + ` AS next_on) n`

// where builds the condition of f; args start with today.
func (flt Filter) where(today time.Time) (string, []any) {
	cond := `TRUE`
	args := []any{today}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if flt.Applicant != "" {
		cond += ` AND ` + arg(flt.Applicant) + ` = ANY (f.applicants)`
	}
	if flt.ArtForm != nil {
		p := arg(flt.ArtForm.ID)
		cond += ` AND (NOT EXISTS (SELECT 1 FROM funding_source_art_forms a WHERE a.source_id = f.id)
			OR EXISTS (SELECT 1 FROM funding_source_art_forms a WHERE a.source_id = f.id AND a.art_form_id = ` + p + `))`
	}
	if flt.Query != "" {
		p := arg("%" + db.LikeEscape(flt.Query) + "%")
		cond += ` AND (f.name ILIKE ` + p + ` OR f.funds ILIKE ` + p + ` OR o.name ILIKE ` + p + `)`
	}
	if flt.Amount > 0 {
		p := arg(flt.Amount)
		cond += ` AND (f.amount_min IS NULL OR f.amount_min <= ` + p + `) AND (f.amount_max IS NULL OR f.amount_max >= ` + p + `)`
	}
	switch flt.Open {
	case OpenNow:
		cond += ` AND (f.deadline_kind IN ('rolling', 'yearly') OR n.next_on IS NOT NULL)`
	case Within30:
		cond += ` AND n.next_on <= $1::date + 30`
	}
	return cond, args
}

// Find returns one page of the sources f asks for at today, by next
// deadline (see the package documentation), and how many there are in all.
func (s *Store) Find(ctx context.Context, f Filter, today time.Time) ([]Source, int, error) {
	cond, args := f.where(today)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*)`+sourceFrom+` WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("funding: count: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	args = append(args, PageSize, (max(f.Page, 1)-1)*PageSize)
	out, err := s.sources(ctx, today, cond+`
		ORDER BY n.next_on NULLS LAST, f.deadline_kind = 'rolling' DESC, f.name, f.id
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	return out, total, err
}

// ToReview lists the sources a consultant should check at today: not
// checked for 12 months (or never), or dated with every round passed.
func (s *Store) ToReview(ctx context.Context, today time.Time) ([]Source, error) {
	return s.sources(ctx, today, `(f.checked_on IS NULL OR f.checked_on <= $1::date - interval '12 months'
		OR (f.deadline_kind = 'dated' AND n.next_on IS NULL))
		ORDER BY f.checked_on NULLS FIRST, f.name, f.id`, today)
}

// BySlug returns the source at slug as read at today; db.ErrNotFound when
// there is none.
func (s *Store) BySlug(ctx context.Context, sl string, today time.Time) (*Source, error) {
	out, err := s.sources(ctx, today, `f.slug = $2`, today, sl)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("funding: source %q: %w", sl, db.ErrNotFound)
	}
	return &out[0], nil
}

// Source returns source id as read at today; db.ErrNotFound when there is
// none.
func (s *Store) Source(ctx context.Context, id int64, today time.Time) (*Source, error) {
	out, err := s.sources(ctx, today, `f.id = $2`, today, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("funding: source %d: %w", id, db.ErrNotFound)
	}
	return &out[0], nil
}

// sources runs the source query with condition (and order) cond; $1 is
// today. The art forms and rounds of all the rows come in two more round
// trips.
func (s *Store) sources(ctx context.Context, today time.Time, cond string, args ...any) ([]Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sourceColumns+sourceFrom+` WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("funding: sources: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Source, error) {
		var x Source
		return x, r.Scan(&x.ID, &x.Slug, &x.Name, &x.FunderID, &x.FunderName, &x.FunderURL, &x.Applicants, &x.Funds,
			&x.AmountMin, &x.AmountMax, &x.Cofunding, &x.Kind, &x.YearlyMonth, &x.YearlyDay, &x.URL, &x.CheckedOn, &x.UpdatedAt, &x.Next)
	})
	if err != nil {
		return nil, fmt.Errorf("funding: sources: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	byID := map[int64]*Source{}
	all := make([]int64, len(out))
	for i := range out {
		byID[out[i].ID], all[i] = &out[i], out[i].ID
	}
	rows, err = s.pool.Query(ctx, `SELECT l.source_id, a.id, a.slug, a.name FROM funding_source_art_forms l
		JOIN art_forms a ON a.id = l.art_form_id WHERE l.source_id = ANY($1) ORDER BY a.position, a.name`, all)
	if err != nil {
		return nil, fmt.Errorf("funding: source art forms: %w", err)
	}
	var owner int64
	var t vocab.Term
	if _, err := pgx.ForEachRow(rows, []any{&owner, &t.ID, &t.Slug, &t.Name}, func() error {
		byID[owner].ArtForms = append(byID[owner].ArtForms, t)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("funding: source art forms: %w", err)
	}
	rows, err = s.pool.Query(ctx, `SELECT source_id, closes_on FROM funding_deadlines WHERE source_id = ANY($1) ORDER BY closes_on`, all)
	if err != nil {
		return nil, fmt.Errorf("funding: deadlines: %w", err)
	}
	var on time.Time
	if _, err := pgx.ForEachRow(rows, []any{&owner, &on}, func() error {
		byID[owner].Deadlines = append(byID[owner].Deadlines, on)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("funding: deadlines: %w", err)
	}
	return out, nil
}

// CreateSource adds src and returns its id.
func (s *Store) CreateSource(ctx context.Context, by audit.Entry, src Source) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		sl, err := uniqueSlug(ctx, tx, "funding_sources", src.Name, 0)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO funding_sources (slug, name, funder_id, applicants, funds, amount_min, amount_max, cofunding,
				deadline_kind, yearly_month, yearly_day, url, checked_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nullif($10, 0), nullif($11, 0), $12, $13, $14, $14) RETURNING id`,
			sl, src.Name, src.FunderID, src.Applicants, src.Funds, src.AmountMin, src.AmountMax, src.Cofunding,
			src.Kind, src.YearlyMonth, src.YearlyDay, src.URL, src.CheckedOn, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("funding: create source: %w", err)
		}
		return s.saveSourceParts(ctx, tx, by, audit.FundingSourceCreated, id, src)
	})
	return id, err
}

// UpdateSource saves src over source id; db.ErrNotFound when there is
// none.
func (s *Store) UpdateSource(ctx context.Context, by audit.Entry, id int64, src Source) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE funding_sources SET name = $2, funder_id = $3, applicants = $4, funds = $5, amount_min = $6, amount_max = $7,
				cofunding = $8, deadline_kind = $9, yearly_month = nullif($10, 0), yearly_day = nullif($11, 0), url = $12,
				checked_on = $13, updated_at = $14
			WHERE id = $1`,
			id, src.Name, src.FunderID, src.Applicants, src.Funds, src.AmountMin, src.AmountMax, src.Cofunding,
			src.Kind, src.YearlyMonth, src.YearlyDay, src.URL, src.CheckedOn, s.now())
		if err != nil {
			return fmt.Errorf("funding: update source %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("funding: update source %d: %w", id, db.ErrNotFound)
		}
		return s.saveSourceParts(ctx, tx, by, audit.FundingSourceUpdated, id, src)
	})
}

func (s *Store) saveSourceParts(ctx context.Context, tx pgx.Tx, by audit.Entry, action string, id int64, src Source) error {
	if err := db.ReplaceLinks(ctx, tx, "funding_source_art_forms", "source_id", id, "art_form_id", ids(src.ArtForms)); err != nil {
		return err
	}
	rounds := src.Deadlines
	if src.Kind != Dated {
		rounds = nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM funding_deadlines WHERE source_id = $1`, id); err != nil {
		return fmt.Errorf("funding: deadlines of %d: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO funding_deadlines (source_id, closes_on)
		SELECT $1, d FROM unnest($2::date[]) d ON CONFLICT DO NOTHING`, id, rounds); err != nil {
		return fmt.Errorf("funding: deadlines of %d: %w", id, err)
	}
	by.Action, by.Target, by.Detail = action, src.Name, map[string]any{"source_id": id}
	return audit.Record(ctx, tx, by)
}

// DeleteSource removes source id; db.ErrNotFound when there is none.
func (s *Store) DeleteSource(ctx context.Context, by audit.Entry, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `DELETE FROM funding_sources WHERE id = $1 RETURNING name`, id).Scan(&name)
		if db.IsNoRows(err) {
			return fmt.Errorf("funding: delete source %d: %w", id, db.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("funding: delete source %d: %w", id, err)
		}
		by.Action, by.Target, by.Detail = audit.FundingSourceDeleted, name, map[string]any{"source_id": id}
		return audit.Record(ctx, tx, by)
	})
}

// Upcoming lists the sources with a deadline on or after today, the
// soonest first, with all their rounds: the calendar feed's content.
func (s *Store) Upcoming(ctx context.Context, today time.Time) ([]Source, error) {
	return s.sources(ctx, today, `n.next_on IS NOT NULL ORDER BY n.next_on, f.name, f.id`, today)
}

// Need is what a visitor of the contact guide asks about; a zero field asks
// about nothing in particular.
type Need struct {
	// Topic is one of vocab.Topics' values.
	Topic          string
	ArtFormID      int64
	MunicipalityID int64
}

// Helping lists the organisations of the directory that help with need, by
// name. An organisation helps with a topic it names; with an art form it
// names, or with every art form when it names none (as a source without
// art forms is open to all of them); and where it works: the whole country
// and the whole county everywhere, a list of municipalities only in those.
// Without a municipality only those serving the whole county or country
// are listed, since a local office is no answer to someone who has not
// said where they are.
func (s *Store) Helping(ctx context.Context, need Need) ([]Organisation, error) {
	return s.organisations(ctx, `($1 = '' OR $1 = ANY(o.topics))
		AND ($2 = 0
			OR NOT EXISTS (SELECT 1 FROM support_organisation_art_forms l WHERE l.organisation_id = o.id)
			OR EXISTS (SELECT 1 FROM support_organisation_art_forms l WHERE l.organisation_id = o.id AND l.art_form_id = $2))
		AND (o.area IN ('county', 'country')
			OR ($3 <> 0 AND EXISTS (SELECT 1 FROM support_organisation_municipalities l
				WHERE l.organisation_id = o.id AND l.municipality_id = $3)))`,
		need.Topic, need.ArtFormID, need.MunicipalityID)
}

// Changed lists the limit sources added or changed last, the newest change
// first (the Atom feed's content); read at today for their next deadline.
func (s *Store) Changed(ctx context.Context, today time.Time, limit int) ([]Source, error) {
	return s.sources(ctx, today, `TRUE ORDER BY f.updated_at DESC, f.id DESC LIMIT $2`, today, limit)
}
