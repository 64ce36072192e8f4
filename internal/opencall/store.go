package opencall

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/admin"
	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/slug"
)

// AdminPageSize is the number of calls on one page of the consultants' list.
const AdminPageSize = 25

// PublicPageSize is the number of calls on one page of /utlysningar.
const PublicPageSize = 20

// Store reads and changes calls. Every change runs in one transaction with
// its audit entry (and, for an invited juror, the account, the invitation
// e-mail and the assignment), so it happens whole or not at all.
type Store struct {
	pool    *pgxpool.Pool
	users   *admin.Store
	mail    *mail.Queue
	baseURL string
	now     func() time.Time
}

// NewStore returns a store over pool that tells the time with time.Now and
// sends no e-mail: enough for the pages that only read calls.
func NewStore(pool *pgxpool.Pool) *Store { return newStore(pool, nil, "", nil) }

// newStore returns the store the consultants' pages change calls through:
// queue sends the jurors' invitations, whose links start with baseURL; now
// tells the time.
func newStore(pool *pgxpool.Pool, queue *mail.Queue, baseURL string, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, users: admin.NewStore(pool, now), mail: queue, baseURL: baseURL, now: now}
}

// Get returns call id with its parts, published or not; ErrNotFound when
// there is none.
func (s *Store) Get(ctx context.Context, id int64) (*Call, error) { return Load(ctx, s.pool, id) }

// GetPublished returns the published call at slug; ErrNotFound for a
// draft or no call at all.
func (s *Store) GetPublished(ctx context.Context, slug string) (*Call, error) {
	return LoadPublished(ctx, s.pool, slug)
}

// Reviewers lists the reviewers of call.
func (s *Store) Reviewers(ctx context.Context, callID int64) ([]Reviewer, error) {
	return Reviewers(ctx, s.pool, callID)
}

// Row is a call as the consultants' list shows it.
type Row struct {
	ID          int64
	Slug        string
	Title       string
	Kind        Kind
	OpensAt     time.Time
	ClosesAt    time.Time
	PublishedAt *time.Time
	// Submitted counts the applications sent in and not withdrawn.
	Submitted int
}

// call is the row as a Call, for its phase.
func (r Row) call() *Call {
	return &Call{OpensAt: r.OpensAt, ClosesAt: r.ClosesAt, PublishedAt: r.PublishedAt}
}

// Count returns how many calls there are, drafts included.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM calls`).Scan(&n); err != nil {
		return 0, fmt.Errorf("opencall: count: %w", err)
	}
	return n, nil
}

// List returns one page of all calls for the consultants: drafts first
// (they need work), then by closing time, latest first.
func (s *Store) List(ctx context.Context, page int) ([]Row, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT c.id, c.slug, c.title, c.kind, c.opens_at, c.closes_at, c.published_at,
			(SELECT count(*) FROM applications a WHERE a.call_id = c.id AND a.state = 'submitted')
		FROM calls c
		ORDER BY c.published_at IS NULL DESC, c.closes_at DESC, c.id DESC
		LIMIT $1 OFFSET $2`, AdminPageSize, (max(page, 1)-1)*AdminPageSize)
	if err != nil {
		return nil, fmt.Errorf("opencall: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Row, error) {
		var x Row
		return x, r.Scan(&x.ID, &x.Slug, &x.Title, &x.Kind, &x.OpensAt, &x.ClosesAt, &x.PublishedAt, &x.Submitted)
	})
	if err != nil {
		return nil, fmt.Errorf("opencall: list: %w", err)
	}
	return out, nil
}

// CountPublished returns how many calls the public sees.
func (s *Store) CountPublished(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM calls WHERE published_at IS NOT NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("opencall: count published: %w", err)
	}
	return n, nil
}

// ListPublished returns one page of the published calls as /utlysningar
// orders them at now: open calls first, the one closing soonest on top;
// then upcoming ones, the one opening soonest first; then closed ones, the
// most recently closed first. Each call comes with its municipalities; its
// criteria and attachments are left out.
func (s *Store) ListPublished(ctx context.Context, now time.Time, page int) ([]Call, error) {
	return s.published(ctx, `TRUE`, []any{now}, PublicPageSize, (max(page, 1)-1)*PublicPageSize)
}

// OpenCalls returns up to limit calls open for applications at now,
// closing soonest first; kind "" means any kind.
func (s *Store) OpenCalls(ctx context.Context, now time.Time, kind Kind, limit int) ([]Call, error) {
	return s.published(ctx, `c.opens_at <= $1 AND c.closes_at > $1 AND ($4 = '' OR c.kind = $4)`,
		[]any{now, string(kind)}, limit, 0)
}

// UpcomingCalls returns up to limit published calls that open after now,
// opening soonest first; kind "" means any kind.
func (s *Store) UpcomingCalls(ctx context.Context, now time.Time, kind Kind, limit int) ([]Call, error) {
	return s.published(ctx, `c.opens_at > $1 AND ($4 = '' OR c.kind = $4)`, []any{now, string(kind)}, limit, 0)
}

// AnyPending reports whether a published call is open or upcoming at now:
// a page that lists open calls then changes with the clock alone.
func (s *Store) AnyPending(ctx context.Context, now time.Time) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM calls WHERE published_at IS NOT NULL AND closes_at > $1)`, now).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("opencall: pending: %w", err)
	}
	return ok, nil
}

// published runs the public list query with the extra condition cond; args
// start with now ($1), limit and offset take $2 and $3 and any further
// argument $4 on.
func (s *Store) published(ctx context.Context, cond string, args []any, limit, offset int) ([]Call, error) {
	all := append([]any{args[0], limit, offset}, args[1:]...)
	rows, err := s.pool.Query(ctx, `
		SELECT `+callColumns+` FROM calls c
		WHERE c.published_at IS NOT NULL AND `+cond+`
		ORDER BY
			CASE WHEN c.opens_at <= $1 AND c.closes_at > $1 THEN 0 WHEN c.opens_at > $1 THEN 1 ELSE 2 END,
			CASE WHEN c.opens_at <= $1 AND c.closes_at > $1 THEN c.closes_at END,
			CASE WHEN c.opens_at > $1 THEN c.opens_at END,
			c.closes_at DESC, c.id
		LIMIT $2 OFFSET $3`, all...)
	if err != nil {
		return nil, fmt.Errorf("opencall: published: %w", err)
	}
	calls, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Call, error) {
		c, err := scanCall(r)
		if err != nil {
			return Call{}, err
		}
		return *c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("opencall: published: %w", err)
	}
	if len(calls) == 0 {
		return calls, nil
	}
	ids := make([]int64, len(calls))
	for i, c := range calls {
		ids[i] = c.ID
	}
	// The municipalities of the whole page in one round trip.
	rows, err = s.pool.Query(ctx, `
		SELECT cm.call_id, m.id, m.name, m.slug FROM call_municipalities cm JOIN municipalities m ON m.id = cm.municipality_id
		WHERE cm.call_id = ANY($1) ORDER BY m.name`, ids)
	if err != nil {
		return nil, fmt.Errorf("opencall: published municipalities: %w", err)
	}
	byCall := map[int64][]Municipality{}
	var callID int64
	var m Municipality
	_, err = pgx.ForEachRow(rows, []any{&callID, &m.ID, &m.Name, &m.Slug}, func() error {
		byCall[callID] = append(byCall[callID], m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("opencall: published municipalities: %w", err)
	}
	for i := range calls {
		calls[i].Municipalities = byCall[calls[i].ID]
	}
	return calls, nil
}

// Municipalities lists every municipality by name, for the form's
// checkboxes.
func (s *Store) Municipalities(ctx context.Context) ([]Municipality, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, slug FROM municipalities ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("opencall: municipalities: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Municipality, error) {
		var m Municipality
		return m, r.Scan(&m.ID, &m.Name, &m.Slug)
	})
	if err != nil {
		return nil, fmt.Errorf("opencall: municipalities: %w", err)
	}
	return out, nil
}

// Consultants lists the enabled consultants who are not yet reviewers of
// call, for the menu that adds one.
func (s *Store) Consultants(ctx context.Context, callID int64) ([]Reviewer, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT u.id, u.name, u.email, u.role FROM users u
		WHERE u.role = 'consultant' AND u.disabled_at IS NULL
			AND NOT EXISTS (SELECT 1 FROM call_reviewers r WHERE r.call_id = $1 AND r.user_id = u.id)
		ORDER BY u.name, u.id`, callID)
	if err != nil {
		return nil, fmt.Errorf("opencall: consultants: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Reviewer, error) {
		var rv Reviewer
		return rv, r.Scan(&rv.UserID, &rv.Name, &rv.Email, &rv.Role)
	})
	if err != nil {
		return nil, fmt.Errorf("opencall: consultants: %w", err)
	}
	return out, nil
}

// Counts are a call's applications by state.
type Counts struct {
	Submitted, Withdrawn, Drafts int
}

// ApplicationCounts counts call's applications by state.
func (s *Store) ApplicationCounts(ctx context.Context, callID int64) (Counts, error) {
	var c Counts
	err := s.pool.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE state = 'submitted'), count(*) FILTER (WHERE state = 'withdrawn'),
			count(*) FILTER (WHERE state = 'draft')
		FROM applications WHERE call_id = $1`, callID).Scan(&c.Submitted, &c.Withdrawn, &c.Drafts)
	if err != nil {
		return Counts{}, fmt.Errorf("opencall: counts of %d: %w", callID, err)
	}
	return c, nil
}

// Input is a call's editable content, checked by the form.
type Input struct {
	Title           string
	Kind            Kind
	Municipalities  []int64
	Description     string
	Requirements    string
	Eligibility     string
	FeeSEK          *int
	Period          string
	Premises        string
	OpensAt         time.Time
	ClosesAt        time.Time
	Criteria        []Criterion // Position and ID are ignored
	Attachments     []Attachment
	RetentionMonths int
}

// ErrConflict is returned by Store.Update when the call was saved by someone else
// since the editor loaded it.
var ErrConflict = errors.New("opencall: the call has changed since it was loaded")

// ErrCriteriaLocked is returned by Store.Update when the criteria would change
// although applications have been submitted: their scores refer to the
// criteria as they were.
var ErrCriteriaLocked = errors.New("opencall: criteria cannot change after applications are submitted")

// ErrTimesLocked is returned by Store.Update when the opening or closing time of
// a published call that has closed would move: reopening it would take
// applications and withdrawals after the reviewers have started reading.
var ErrTimesLocked = errors.New("opencall: the times of a closed call cannot change")

// ErrHasScored is returned by Store.RemoveReviewer for a reviewer who has scored
// applications of the call.
var ErrHasScored = errors.New("opencall: the reviewer has scored applications")

// insertCall inserts a call from in as a draft, with a unique address made
// from its title, and returns its id and address.
func insertCall(ctx context.Context, tx pgx.Tx, in Input, by *int64, now time.Time) (int64, string, error) {
	s, err := uniqueSlug(ctx, tx, slug.Make(in.Title), 0)
	if err != nil {
		return 0, "", err
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO calls (slug, title, kind, description, requirements, eligibility, fee_sek, period, premises,
			opens_at, closes_at, retention_months, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
		s, in.Title, string(in.Kind), in.Description, in.Requirements, in.Eligibility, in.FeeSEK, in.Period, in.Premises,
		in.OpensAt, in.ClosesAt, in.RetentionMonths, by, now).Scan(&id)
	if err != nil {
		return 0, "", fmt.Errorf("opencall: create: %w", err)
	}
	if err := writeParts(ctx, tx, id, in, true); err != nil {
		return 0, "", err
	}
	return id, s, nil
}

// updateCall saves in over call id, provided it is still at version base
// (ErrConflict otherwise). A draft's address follows its title; a published
// call keeps the address it was announced with. The criteria are rewritten
// only when they changed, and then only while no application has been
// submitted (ErrCriteriaLocked). It returns the new version.
func updateCall(ctx context.Context, tx pgx.Tx, id int64, base int, in Input, now time.Time) (int, error) {
	cur, err := loadLocked(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	if cur.Version != base {
		return 0, ErrConflict
	}
	if cur.Published() && cur.PhaseAt(now) == Closed {
		// The form shows the times to the minute: the same minute is no
		// change, and the stored instant stays as it was.
		if !sameMinute(cur.OpensAt, in.OpensAt) || !sameMinute(cur.ClosesAt, in.ClosesAt) {
			return 0, ErrTimesLocked
		}
		in.OpensAt, in.ClosesAt = cur.OpensAt, cur.ClosesAt
	}
	criteriaChanged := !sameCriteria(cur.Criteria, in.Criteria)
	if criteriaChanged {
		n, err := submittedCount(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		if n > 0 {
			return 0, ErrCriteriaLocked
		}
	}
	s := cur.Slug
	if !cur.Published() && in.Title != cur.Title {
		if s, err = uniqueSlug(ctx, tx, slug.Make(in.Title), id); err != nil {
			return 0, err
		}
	}
	tag, err := tx.Exec(ctx, `
		UPDATE calls SET slug = $3, title = $4, kind = $5, description = $6, requirements = $7, eligibility = $8,
			fee_sek = $9, period = $10, premises = $11, opens_at = $12, closes_at = $13, retention_months = $14,
			version = version + 1, updated_at = $15
		WHERE id = $1 AND version = $2`,
		id, base, s, in.Title, string(in.Kind), in.Description, in.Requirements, in.Eligibility, in.FeeSEK, in.Period,
		in.Premises, in.OpensAt, in.ClosesAt, in.RetentionMonths, now)
	if err != nil {
		return 0, fmt.Errorf("opencall: update %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return 0, ErrConflict
	}
	if err := writeParts(ctx, tx, id, in, criteriaChanged); err != nil {
		return 0, err
	}
	return base + 1, nil
}

// loadLocked loads call id inside tx, holding its row until tx ends.
func loadLocked(ctx context.Context, tx pgx.Tx, id int64) (*Call, error) {
	c, err := scanCall(tx.QueryRow(ctx, `SELECT `+callColumns+` FROM calls c WHERE c.id = $1 FOR UPDATE`, id))
	if err != nil {
		return nil, fmt.Errorf("opencall: load %d: %w", id, err)
	}
	return c, loadParts(ctx, tx, c)
}

func sameMinute(a, b time.Time) bool { return a.Truncate(time.Minute).Equal(b.Truncate(time.Minute)) }

func sameCriteria(a []Criterion, b []Criterion) bool {
	return slices.EqualFunc(a, b, func(x, y Criterion) bool {
		return x.Name == y.Name && x.Description == y.Description && x.Weight == y.Weight
	})
}

// writeParts replaces the call's municipalities and attachments, and its
// criteria when criteria is true.
func writeParts(ctx context.Context, tx pgx.Tx, id int64, in Input, criteria bool) error {
	if err := db.ReplaceLinks(ctx, tx, "call_municipalities", "call_id", id, "municipality_id", in.Municipalities); err != nil {
		return fmt.Errorf("opencall: municipalities: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM call_attachments WHERE call_id = $1`, id); err != nil {
		return fmt.Errorf("opencall: attachments: %w", err)
	}
	for _, a := range in.Attachments {
		if _, err := tx.Exec(ctx, `INSERT INTO call_attachments (call_id, kind, required) VALUES ($1, $2, $3)`,
			id, string(a.Kind), a.Required); err != nil {
			return fmt.Errorf("opencall: attachments: %w", err)
		}
	}
	if !criteria {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM call_criteria WHERE call_id = $1`, id); err != nil {
		return fmt.Errorf("opencall: criteria: %w", err)
	}
	for i, cr := range in.Criteria {
		if _, err := tx.Exec(ctx, `INSERT INTO call_criteria (call_id, position, name, description, weight)
			VALUES ($1, $2, $3, $4, $5)`, id, i+1, cr.Name, cr.Description, cr.Weight); err != nil {
			return fmt.Errorf("opencall: criteria: %w", err)
		}
	}
	return nil
}

// submittedCount counts the applications to call that have ever been
// submitted (withdrawn ones included: they were registered against the
// call as it was).
func submittedCount(ctx context.Context, q db.Querier, callID int64) (int, error) {
	var n int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM applications WHERE call_id = $1 AND submitted_at IS NOT NULL`,
		callID).Scan(&n); err != nil {
		return 0, fmt.Errorf("opencall: submitted of %d: %w", callID, err)
	}
	return n, nil
}

// HasSubmitted reports whether any application to call has been submitted,
// which freezes its criteria.
func (s *Store) HasSubmitted(ctx context.Context, callID int64) (bool, error) {
	n, err := submittedCount(ctx, s.pool, callID)
	return n > 0, err
}

// Missing lists, in Swedish, what call c lacks before it may be published
// at now; empty when it is complete.
func (c *Call) Missing(now time.Time) []string {
	var out []string
	if c.Description == "" {
		out = append(out, "en beskrivning av uppdraget")
	}
	if c.Requirements == "" {
		out = append(out, "kraven på den sökande")
	}
	if c.Eligibility == "" {
		out = append(out, "vem som får söka")
	}
	if len(c.Municipalities) == 0 {
		out = append(out, "minst en samarbetskommun")
	}
	if len(c.Criteria) == 0 {
		out = append(out, "minst ett bedömningskriterium")
	}
	if !c.ClosesAt.After(now) {
		out = append(out, "en sista ansökningstid som inte redan har passerat")
	}
	return out
}

// ErrIncomplete is returned by Store.Publish for a call that lacks something
// (see Call.Missing).
var ErrIncomplete = errors.New("opencall: the call is not complete")

// publishCall makes call id public at now; a call already published stays as
// it was (published reports whether this call did it). An incomplete call
// is ErrIncomplete.
func publishCall(ctx context.Context, tx pgx.Tx, id int64, now time.Time) (c *Call, published bool, err error) {
	c, err = loadLocked(ctx, tx, id)
	if err != nil {
		return nil, false, err
	}
	if c.Published() {
		return c, false, nil
	}
	if len(c.Missing(now)) > 0 {
		return c, false, ErrIncomplete
	}
	if _, err := tx.Exec(ctx, `UPDATE calls SET published_at = $2, version = version + 1, updated_at = $2 WHERE id = $1`,
		id, now); err != nil {
		return nil, false, fmt.Errorf("opencall: publish %d: %w", id, err)
	}
	return c, true, nil
}

// addReviewer assigns user to review call; added is false when they already
// were a reviewer.
func addReviewer(ctx context.Context, tx pgx.Tx, callID, userID int64, now time.Time) (added bool, err error) {
	tag, err := tx.Exec(ctx, `INSERT INTO call_reviewers (call_id, user_id, added_at) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, callID, userID, now)
	if err != nil {
		return false, fmt.Errorf("opencall: add reviewer %d to %d: %w", userID, callID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// person is the name and role of user id, for the audit log; db.ErrNotFound
// when there is no such user.
func person(ctx context.Context, tx pgx.Tx, id int64) (string, auth.Role, error) {
	var name string
	var role auth.Role
	err := tx.QueryRow(ctx, `SELECT name, role FROM users WHERE id = $1`, id).Scan(&name, &role)
	if db.IsNoRows(err) {
		return "", "", fmt.Errorf("reviewer %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return "", "", fmt.Errorf("opencall: user %d: %w", id, err)
	}
	return name, role, nil
}

// removeReviewer takes user off call's reviewers, unless they have scored
// any of its applications (ErrHasScored): the ranking counts those scores
// and the reviewer must stay accountable for them. removed is false when
// they were not a reviewer.
func removeReviewer(ctx context.Context, tx pgx.Tx, callID, userID int64) (removed bool, err error) {
	// Lock the assignment first, so a score saved at the same moment (which
	// checks the assignment) cannot slip in between the check and the
	// removal.
	var locked bool
	err = tx.QueryRow(ctx, `SELECT true FROM call_reviewers WHERE call_id = $1 AND user_id = $2 FOR UPDATE`,
		callID, userID).Scan(&locked)
	if db.IsNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("opencall: remove reviewer %d from %d: %w", userID, callID, err)
	}
	var scored bool
	if err := tx.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM review_scores s JOIN applications a ON a.id = s.application_id
			WHERE a.call_id = $1 AND s.reviewer_id = $2)`, callID, userID).Scan(&scored); err != nil {
		return false, fmt.Errorf("opencall: remove reviewer %d from %d: %w", userID, callID, err)
	}
	if scored {
		return false, ErrHasScored
	}
	if _, err := tx.Exec(ctx, `DELETE FROM call_reviewers WHERE call_id = $1 AND user_id = $2`, callID, userID); err != nil {
		return false, fmt.Errorf("opencall: remove reviewer %d from %d: %w", userID, callID, err)
	}
	return true, nil
}

// uniqueSlug returns base, or base-2, base-3… whichever no other call
// (except the one with id except) has.
func uniqueSlug(ctx context.Context, tx pgx.Tx, base string, except int64) (string, error) {
	if base == "" {
		base = "utlysning"
	}
	return slug.Unique(ctx, tx, "calls", base, func(s string) (bool, error) {
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM calls WHERE slug = $1 AND id <> $2)`, s, except).Scan(&taken); err != nil {
			return false, fmt.Errorf("opencall: slug: %w", err)
		}
		return taken, nil
	})
}

// record writes the audit entry of a change to a call: by says who acted
// and from where, the rest says what was done.
func record(ctx context.Context, tx pgx.Tx, by audit.Entry, action, target string, targetUser *int64, detail map[string]any) error {
	e := by
	e.Action, e.Target, e.TargetUserID, e.Detail = action, target, targetUser, detail
	return audit.Record(ctx, tx, e)
}

// Create saves in as a new draft call made by by's actor, and returns its
// id.
func (s *Store) Create(ctx context.Context, by audit.Entry, in Input) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var slug string
		var err error
		if id, slug, err = insertCall(ctx, tx, in, by.ActorID, s.now()); err != nil {
			return err
		}
		return record(ctx, tx, by, audit.CallCreated, in.Title, nil, map[string]any{"call_id": id, "slug": slug})
	})
	return id, err
}

// Update saves in over call id, provided it is still at version base:
// ErrConflict when someone saved it since, ErrCriteriaLocked when the
// criteria would change after applications were submitted, ErrTimesLocked
// when the times of a closed call would move.
func (s *Store) Update(ctx context.Context, by audit.Entry, id int64, base int, in Input) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		version, err := updateCall(ctx, tx, id, base, in, s.now())
		if err != nil {
			return err
		}
		return record(ctx, tx, by, audit.CallUpdated, in.Title, nil, map[string]any{"call_id": id, "version": version})
	})
}

// Publish makes call id public; a call already published stays as it was
// (and nothing is logged), an incomplete one is ErrIncomplete, an unknown
// one ErrNotFound.
func (s *Store) Publish(ctx context.Context, by audit.Entry, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, published, err := publishCall(ctx, tx, id, s.now())
		if err != nil || !published {
			return err
		}
		return record(ctx, tx, by, audit.CallPublished, c.Title, nil, map[string]any{"call_id": id, "slug": c.Slug})
	})
}

// recordReviewer writes the audit entry of a reviewer added to or taken
// off call c.
func recordReviewer(ctx context.Context, tx pgx.Tx, by audit.Entry, action string, c *Call, userID int64,
	name string, role auth.Role, extra map[string]any) error {
	detail := map[string]any{"call_id": c.ID, "call": c.Title, "role": string(role)}
	for k, v := range extra {
		detail[k] = v
	}
	target := userID
	return record(ctx, tx, by, action, name, &target, detail)
}

// AddReviewer assigns the existing account u to review call c; added is
// false (and nothing is logged) when u already was a reviewer.
func (s *Store) AddReviewer(ctx context.Context, by audit.Entry, c *Call, u *admin.User) (added bool, err error) {
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if added, err = addReviewer(ctx, tx, c.ID, u.ID, s.now()); err != nil || !added {
			return err
		}
		return recordReviewer(ctx, tx, by, audit.CallReviewerAdded, c, u.ID, u.Name, u.Role, nil)
	})
	return added, err
}

// InviteJuror creates an account with the role juror for name and email,
// with an invitation through the admin area's invitation store (so the
// link opens the same /inbjudan page as every other invitation), and
// assigns it to call c, all in one transaction: there is never an invited
// juror without their call, nor an assignment without an invitation. An
// address in use is admin.ErrEmailTaken.
func (s *Store) InviteJuror(ctx context.Context, by audit.Entry, c *Call, name, email string) error {
	notify := func(ctx context.Context, tx pgx.Tx, u *admin.User, token string, expires time.Time) error {
		if s.mail == nil {
			return errors.New("opencall: no mail queue configured")
		}
		msg, err := admin.InvitationMessage(ctx, admin.InvitationMail{To: u.Email, Name: u.Name, Inviter: by.ActorName,
			Role: u.Role, Link: s.baseURL + "/inbjudan/" + token, Expires: expires}, token)
		if err != nil {
			return err
		}
		if err := s.mail.Enqueue(ctx, tx, msg); err != nil {
			return err
		}
		if _, err := addReviewer(ctx, tx, c.ID, u.ID, s.now()); err != nil {
			return err
		}
		return recordReviewer(ctx, tx, by, audit.CallReviewerAdded, c, u.ID, u.Name, u.Role, map[string]any{"invited": true})
	}
	_, err := s.users.Invite(ctx, by, admin.Invitation{Email: email, Name: name, Role: auth.RoleJuror}, notify)
	return err
}

// RemoveReviewer takes the account userID off call c's reviewers:
// ErrHasScored when they have scored its applications, db.ErrNotFound when
// there is no such account or it was not a reviewer.
func (s *Store) RemoveReviewer(ctx context.Context, by audit.Entry, c *Call, userID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		name, role, err := person(ctx, tx, userID)
		if err != nil {
			return err
		}
		removed, err := removeReviewer(ctx, tx, c.ID, userID)
		if err != nil {
			return err
		}
		if !removed {
			return fmt.Errorf("reviewer %d of call %d: %w", userID, c.ID, db.ErrNotFound)
		}
		return recordReviewer(ctx, tx, by, audit.CallReviewerRemoved, c, userID, name, role, nil)
	})
}
