package opencall

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
	"residens/internal/db"
)

// Kind is the form of residency a call is for.
type Kind string

// The kinds of call.
const (
	KindKommunkoreograf Kind = "kommunkoreograf"
	KindResidency       Kind = "residency"
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{KindKommunkoreograf, KindResidency}

// Label is the kind's Swedish name.
func (k Kind) Label() string {
	switch k {
	case KindKommunkoreograf:
		return "Kommunkoreograf"
	case KindResidency:
		return "Annat residens"
	}
	return string(k)
}

// AttachmentKind is a kind of file a call may ask applicants for.
type AttachmentKind string

// The kinds of attachment.
const (
	AttachCV        AttachmentKind = "cv"
	AttachPortfolio AttachmentKind = "portfolio"
	AttachWorkPlan  AttachmentKind = "work_plan"
)

// AttachmentKinds lists the kinds in the order forms offer them.
var AttachmentKinds = []AttachmentKind{AttachCV, AttachPortfolio, AttachWorkPlan}

// Label is the attachment kind's Swedish name.
func (k AttachmentKind) Label() string {
	switch k {
	case AttachCV:
		return "CV"
	case AttachPortfolio:
		return "Portfolio"
	case AttachWorkPlan:
		return "Arbetsplan"
	}
	return string(k)
}

// Valid reports whether k is one of AttachmentKinds.
func (k AttachmentKind) Valid() bool {
	for _, x := range AttachmentKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Phase is where a call stands in time.
type Phase int

// The phases of a published call.
const (
	// Upcoming: published, not yet open for applications.
	Upcoming Phase = iota
	// Open: applications are accepted.
	Open
	// Closed: the closing time has passed; reviewers may read.
	Closed
)

// Label is the phase's Swedish name.
func (p Phase) Label() string {
	switch p {
	case Upcoming:
		return "Kommande"
	case Open:
		return "Öppen"
	}
	return "Stängd"
}

// Decision is a consultant's decision on a submitted application. It is
// named here, with the call, so that the review's pages, the outcome e-mail
// and the artist's own pages read the same words.
type Decision string

// The decisions; "" is none yet.
const (
	Selected    Decision = "selected"
	Reserve     Decision = "reserve"
	NotSelected Decision = "not_selected"
)

// Decisions lists the decisions in the order forms offer them.
var Decisions = []Decision{Selected, Reserve, NotSelected}

// Label is the decision in Swedish.
func (d Decision) Label() string {
	switch d {
	case Selected:
		return "Antagen"
	case Reserve:
		return "Reserv"
	case NotSelected:
		return "Inte antagen"
	case "":
		return "Inget beslut"
	}
	return string(d)
}

// Valid reports whether d is one of Decisions.
func (d Decision) Valid() bool {
	for _, x := range Decisions {
		if d == x {
			return true
		}
	}
	return false
}

// Municipality is a partner municipality of a call.
type Municipality struct {
	ID   int64
	Name string
	Slug string
}

// Criterion is an assessment criterion with its weight in the ranking.
type Criterion struct {
	ID          int64
	Position    int
	Name        string
	Description string
	Weight      int
}

// Attachment is a file the call asks for.
type Attachment struct {
	Kind     AttachmentKind
	Required bool
}

// Call is one open call with everything that belongs to it.
type Call struct {
	ID           int64
	Slug         string
	Title        string
	Kind         Kind
	Description  string // Markdown
	Requirements string // Markdown
	Eligibility  string // Markdown
	FeeSEK       *int
	Period       string
	Premises     string
	OpensAt      time.Time
	ClosesAt     time.Time
	// PublishedAt is nil for a draft, which only consultants see.
	PublishedAt *time.Time
	// The outcome e-mails' texts, one per decision.
	OutcomeSelected    string
	OutcomeReserve     string
	OutcomeNotSelected string
	// OutcomeSentAt is when the outcome was first sent.
	OutcomeSentAt   *time.Time
	RetentionMonths int
	PurgedAt        *time.Time
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Municipalities []Municipality
	Criteria       []Criterion
	Attachments    []Attachment
}

// Published reports whether the public may see the call.
func (c *Call) Published() bool { return c.PublishedAt != nil }

// PhaseAt is the call's phase at now. Applications are accepted from
// OpensAt up to, not including, ClosesAt: at ClosesAt the call is closed.
func (c *Call) PhaseAt(now time.Time) Phase {
	switch {
	case now.Before(c.OpensAt):
		return Upcoming
	case now.Before(c.ClosesAt):
		return Open
	}
	return Closed
}

// Asks returns what the call says of attachment kind k, and whether it asks
// for it at all.
func (c *Call) Asks(k AttachmentKind) (Attachment, bool) {
	for _, a := range c.Attachments {
		if a.Kind == k {
			return a, true
		}
	}
	return Attachment{}, false
}

// TotalWeight is the sum of the criteria's weights.
func (c *Call) TotalWeight() int {
	n := 0
	for _, cr := range c.Criteria {
		n += cr.Weight
	}
	return n
}

// ClosesLabel is the closing time as the pages show it, in
// Europe/Stockholm ("tisdag 3 mars 2026 kl. 23.59").
func (c *Call) ClosesLabel() string { return civil.DateTime(c.ClosesAt) }

// OpensLabel is the opening time as the pages show it.
func (c *Call) OpensLabel() string { return civil.DateTime(c.OpensAt) }

// ErrNotFound is returned by the loaders for a call that does not exist
// (or, for the public loader, is not published).
// It wraps db.ErrNotFound, so that a handler returning it gets the 404 page.
var ErrNotFound = fmt.Errorf("opencall: no such call: %w", db.ErrNotFound)

const callColumns = `c.id, c.slug, c.title, c.kind, c.description, c.requirements, c.eligibility, c.fee_sek,
	c.period, c.premises, c.opens_at, c.closes_at, c.published_at, c.outcome_selected, c.outcome_reserve,
	c.outcome_not_selected, c.outcome_sent_at, c.retention_months, c.purged_at, c.version, c.created_at, c.updated_at`

func scanCall(row pgx.Row) (*Call, error) {
	c := &Call{}
	err := row.Scan(&c.ID, &c.Slug, &c.Title, &c.Kind, &c.Description, &c.Requirements, &c.Eligibility, &c.FeeSEK,
		&c.Period, &c.Premises, &c.OpensAt, &c.ClosesAt, &c.PublishedAt, &c.OutcomeSelected, &c.OutcomeReserve,
		&c.OutcomeNotSelected, &c.OutcomeSentAt, &c.RetentionMonths, &c.PurgedAt, &c.Version, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNotFound
	}
	return c, err
}

// Load returns call id with its municipalities, criteria and attachments,
// published or not: for the consultants' and reviewers' pages.
func Load(ctx context.Context, q db.Querier, id int64) (*Call, error) {
	c, err := scanCall(q.QueryRow(ctx, `SELECT `+callColumns+` FROM calls c WHERE c.id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("opencall: load %d: %w", id, err)
	}
	return c, loadParts(ctx, q, c)
}

// LoadPublished returns the published call with slug: for the public pages
// and the artists' application pages.
func LoadPublished(ctx context.Context, q db.Querier, slug string) (*Call, error) {
	c, err := scanCall(q.QueryRow(ctx,
		`SELECT `+callColumns+` FROM calls c WHERE c.slug = $1 AND c.published_at IS NOT NULL`, slug))
	if err != nil {
		return nil, fmt.Errorf("opencall: load %q: %w", slug, err)
	}
	return c, loadParts(ctx, q, c)
}

// loadParts reads c's municipalities, criteria and attachments in one round
// trip each.
func loadParts(ctx context.Context, q db.Querier, c *Call) error {
	rows, err := q.Query(ctx, `
		SELECT m.id, m.name, m.slug FROM call_municipalities cm JOIN municipalities m ON m.id = cm.municipality_id
		WHERE cm.call_id = $1 ORDER BY m.name`, c.ID)
	if err != nil {
		return fmt.Errorf("opencall: municipalities of %d: %w", c.ID, err)
	}
	c.Municipalities, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Municipality, error) {
		var m Municipality
		return m, r.Scan(&m.ID, &m.Name, &m.Slug)
	})
	if err != nil {
		return fmt.Errorf("opencall: municipalities of %d: %w", c.ID, err)
	}
	rows, err = q.Query(ctx, `
		SELECT id, position, name, description, weight FROM call_criteria WHERE call_id = $1 ORDER BY position`, c.ID)
	if err != nil {
		return fmt.Errorf("opencall: criteria of %d: %w", c.ID, err)
	}
	c.Criteria, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Criterion, error) {
		var cr Criterion
		return cr, r.Scan(&cr.ID, &cr.Position, &cr.Name, &cr.Description, &cr.Weight)
	})
	if err != nil {
		return fmt.Errorf("opencall: criteria of %d: %w", c.ID, err)
	}
	rows, err = q.Query(ctx, `
		SELECT kind, required FROM call_attachments WHERE call_id = $1
		ORDER BY array_position(ARRAY['cv', 'portfolio', 'work_plan'], kind)`, c.ID)
	if err != nil {
		return fmt.Errorf("opencall: attachments of %d: %w", c.ID, err)
	}
	c.Attachments, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Attachment, error) {
		var a Attachment
		return a, r.Scan(&a.Kind, &a.Required)
	})
	if err != nil {
		return fmt.Errorf("opencall: attachments of %d: %w", c.ID, err)
	}
	return nil
}

// Reviewer is a consultant or juror assigned to review a call.
type Reviewer struct {
	UserID int64
	Name   string
	Email  string
	Role   string
}

// Reviewers lists the reviewers of call id by name.
func Reviewers(ctx context.Context, q db.Querier, callID int64) ([]Reviewer, error) {
	rows, err := q.Query(ctx, `
		SELECT u.id, u.name, u.email, u.role FROM call_reviewers r JOIN users u ON u.id = r.user_id
		WHERE r.call_id = $1 ORDER BY u.name, u.id`, callID)
	if err != nil {
		return nil, fmt.Errorf("opencall: reviewers of %d: %w", callID, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Reviewer, error) {
		var rv Reviewer
		return rv, r.Scan(&rv.UserID, &rv.Name, &rv.Email, &rv.Role)
	})
	if err != nil {
		return nil, fmt.Errorf("opencall: reviewers of %d: %w", callID, err)
	}
	return list, nil
}

// IsReviewer reports whether user is assigned to review call.
func IsReviewer(ctx context.Context, q db.Querier, callID, userID int64) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM call_reviewers WHERE call_id = $1 AND user_id = $2)`,
		callID, userID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("opencall: reviewer %d of %d: %w", userID, callID, err)
	}
	return ok, nil
}
