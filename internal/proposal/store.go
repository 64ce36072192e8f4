package proposal

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/registry"
	"residens/internal/residencyedit"
)

// PageSize is the number of proposals on one page of the inbox.
const PageSize = 25

// The store's refusals; handlers turn them into pages.
var (
	// ErrNotAllowed: the proposal's state does not allow the change.
	ErrNotAllowed = errors.New("proposal: not allowed in this state")
	// ErrConflict: the proposal changed since the form was loaded.
	ErrConflict = errors.New("proposal: changed since the form was loaded")
	// ErrIncomplete: a submission lacks what a complete proposal needs.
	ErrIncomplete = errors.New("proposal: incomplete")
	// ErrAlreadySubmitted: a submission found the proposal already sent in
	// (a double click, a re-sent form).
	ErrAlreadySubmitted = errors.New("proposal: already submitted")
	// ErrNoAssignee: the consultant to assign is not an active consultant.
	ErrNoAssignee = errors.New("proposal: no such consultant")
)

// Store reads and changes proposals. Every change runs in one transaction
// with its timeline event, its audit entry, its registration number and
// the e-mail that reports it, so it happens whole or not at all.
type Store struct {
	pool     *pgxpool.Pool
	registry *registry.Registry
	mail     *mail.Queue
	baseURL  string
	now      func() time.Time
}

// NewStore returns a store over pool that numbers submissions with reg and
// queues e-mail on queue (nil sends none) with links to baseURL.
func NewStore(pool *pgxpool.Pool, reg *registry.Registry, queue *mail.Queue, baseURL string, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	if reg == nil {
		reg = registry.New("")
	}
	return &Store{pool: pool, registry: reg, mail: queue, baseURL: strings.TrimSuffix(baseURL, "/"), now: now}
}

// officer reports whether a acts for a municipality (and so only sees its
// proposals).
func (a Actor) officer() bool { return a.MunicipalityID != 0 }

const loadSQL = `
	SELECT p.id, p.municipality_id, m.name, coalesce(cu.name, ''),
		-- The creator is written to only while still an active officer of
		-- this municipality; otherwise the proposal's contact person is.
		CASE WHEN cu.role = 'municipality' AND cu.municipality_id = p.municipality_id AND cu.disabled_at IS NULL
			THEN cu.email ELSE '' END, p.state,
		p.title, p.kind, p.participants, p.venues, p.district, p.starts_on, p.ends_on, p.purposes, p.purpose_text,
		p.staff, p.premises, p.cofunding_sek, p.contact_name, p.contact_email, p.contact_phone,
		coalesce(p.assigned_to, 0), coalesce(au.name, ''), coalesce(rg.number, ''), coalesce(p.residency_id, 0),
		p.version, p.created_at, p.updated_at, p.submitted_at,
		ARRAY(SELECT art_form_id FROM proposal_art_forms WHERE proposal_id = p.id ORDER BY 1),
		ARRAY(SELECT target_group_id FROM proposal_target_groups WHERE proposal_id = p.id ORDER BY 1),
		ARRAY(SELECT venue_type_id FROM proposal_venue_types WHERE proposal_id = p.id ORDER BY 1)
	FROM proposals p
	JOIN municipalities m ON m.id = p.municipality_id
	LEFT JOIN users cu ON cu.id = p.created_by
	LEFT JOIN users au ON au.id = p.assigned_to
	LEFT JOIN registrations rg ON rg.id = p.registration_id
	-- An officer sees their municipality's proposals; a consultant those
	-- that were sent in (a draft is the municipality's own business).
	WHERE p.id = $1 AND CASE WHEN $2::bigint = 0 THEN p.submitted_at IS NOT NULL ELSE p.municipality_id = $2 END`

// Get returns the proposal id as a may see it, or a not-found error: an
// officer of another municipality, or a consultant asking for a draft, gets
// the same 404 as for a proposal that does not exist.
func (s *Store) Get(ctx context.Context, a Actor, id int64) (*Proposal, error) {
	return load(ctx, s.pool, a, id, false)
}

func load(ctx context.Context, q db.Querier, a Actor, id int64, lock bool) (*Proposal, error) {
	sql := loadSQL
	if lock {
		sql += " FOR UPDATE OF p"
	}
	var p Proposal
	var starts, ends *time.Time
	var participants, cofunding *int
	v := &p.Values
	err := q.QueryRow(ctx, sql, id, a.MunicipalityID).Scan(&p.ID, &p.MunicipalityID, &p.Municipality,
		&p.CreatedByName, &p.CreatedByEmail, &p.State, &v.Title, &v.Kind, &participants, &v.Venues, &v.District,
		&starts, &ends, &v.Purposes, &v.PurposeText, &v.Staff, &v.Premises, &cofunding, &v.ContactName,
		&v.ContactEmail, &v.ContactPhone, &p.AssignedTo, &p.AssignedName, &p.Number, &p.ResidencyID,
		&p.Version, &p.CreatedAt, &p.UpdatedAt, &p.SubmittedAt, &v.ArtForms, &v.TargetGroups, &v.VenueTypes)
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("proposal %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("proposal: load %d: %w", id, err)
	}
	if starts != nil {
		v.StartsOn = starts.Format("2006-01-02")
	}
	if ends != nil {
		v.EndsOn = ends.Format("2006-01-02")
	}
	v.Participants, v.Cofunding = itoaPtr(participants), itoaPtr(cofunding)
	return &p, nil
}

// Events returns the proposal's timeline, oldest first; for the
// municipality (forOfficer) only what it may see, never an internal note.
func (s *Store) Events(ctx context.Context, id int64, forOfficer bool) ([]Event, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, at, coalesce(actor_id, 0), actor_name, kind, from_state, to_state, body, visible_to_municipality
		FROM proposal_events WHERE proposal_id = $1 AND (visible_to_municipality OR NOT $2)
		ORDER BY at, id`, id, forOfficer)
	if err != nil {
		return nil, fmt.Errorf("proposal: events: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Event, error) {
		var e Event
		return e, row.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Kind, &e.From, &e.To, &e.Body, &e.Visible)
	})
	if err != nil {
		return nil, fmt.Errorf("proposal: events: %w", err)
	}
	return out, nil
}

const rowSQL = `
	SELECT p.id, p.title, p.kind, m.name, p.state, coalesce(rg.number, ''), coalesce(au.name, ''),
		p.updated_at, p.submitted_at
	FROM proposals p
	JOIN municipalities m ON m.id = p.municipality_id
	LEFT JOIN users au ON au.id = p.assigned_to
	LEFT JOIN registrations rg ON rg.id = p.registration_id`

func scanRow(row pgx.CollectableRow) (Row, error) {
	var r Row
	return r, row.Scan(&r.ID, &r.Title, &r.Kind, &r.Municipality, &r.State, &r.Number, &r.AssignedName,
		&r.UpdatedAt, &r.SubmittedAt)
}

// MunicipalityName is the name of municipality id, for the officer's
// dashboard title.
func (s *Store) MunicipalityName(ctx context.Context, id int64) (string, error) {
	var name string
	err := s.pool.QueryRow(ctx, `SELECT name FROM municipalities WHERE id = $1`, id).Scan(&name)
	if db.IsNoRows(err) {
		return "", fmt.Errorf("municipality %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("proposal: municipality %d: %w", id, err)
	}
	return name, nil
}

// ForMunicipality lists the municipality's proposals, the most recently
// changed first.
func (s *Store) ForMunicipality(ctx context.Context, municipalityID int64) ([]Row, error) {
	rows, err := s.pool.Query(ctx, rowSQL+` WHERE p.municipality_id = $1 ORDER BY p.updated_at DESC, p.id DESC`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("proposal: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanRow)
	if err != nil {
		return nil, fmt.Errorf("proposal: list: %w", err)
	}
	return out, nil
}

// Filter is a parsed request for the consultants' inbox.
type Filter struct {
	State          State // "" for all
	MunicipalityID int64 // 0 for all
	Kind           string
	// AssignedTo is a consultant's id; Unassigned asks for proposals
	// nobody has taken.
	AssignedTo int64
	Unassigned bool
	Page       int
}

func (f Filter) where(args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	conds := []string{"p.submitted_at IS NOT NULL"}
	if f.State != "" {
		conds = append(conds, "p.state = "+arg(string(f.State)))
	}
	if f.MunicipalityID != 0 {
		conds = append(conds, "p.municipality_id = "+arg(f.MunicipalityID))
	}
	if f.Kind != "" {
		conds = append(conds, "p.kind = "+arg(f.Kind))
	}
	switch {
	case f.Unassigned:
		conds = append(conds, "p.assigned_to IS NULL")
	case f.AssignedTo != 0:
		conds = append(conds, "p.assigned_to = "+arg(f.AssignedTo))
	}
	return strings.Join(conds, " AND ")
}

// Inbox returns one page of the sent-in proposals matching f, the most
// recently sent first, and how many match in all.
func (s *Store) Inbox(ctx context.Context, f Filter) ([]Row, int, error) {
	var args []any
	where := f.where(&args)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM proposals p WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("proposal: inbox count: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	args = append(args, PageSize, (max(f.Page, 1)-1)*PageSize)
	rows, err := s.pool.Query(ctx, rowSQL+` WHERE `+where+` ORDER BY p.submitted_at DESC, p.id DESC
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("proposal: inbox: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanRow)
	if err != nil {
		return nil, 0, fmt.Errorf("proposal: inbox: %w", err)
	}
	return out, total, nil
}

// Waiting returns how many sent-in proposals wait for a consultant to take
// them.
func (s *Store) Waiting(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM proposals WHERE state = 'submitted'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("proposal: waiting: %w", err)
	}
	return n, nil
}

// Person is a consultant who may handle proposals.
type Person struct {
	ID   int64
	Name string
}

// Consultants lists the active consultants and admins, by name.
func (s *Store) Consultants(ctx context.Context) ([]Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM users
		WHERE role IN ('consultant', 'admin') AND disabled_at IS NULL ORDER BY lower(name), id`)
	if err != nil {
		return nil, fmt.Errorf("proposal: consultants: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Person, error) {
		var p Person
		return p, row.Scan(&p.ID, &p.Name)
	})
	if err != nil {
		return nil, fmt.Errorf("proposal: consultants: %w", err)
	}
	return out, nil
}

// Result reports what a save or a submission did.
type Result struct {
	ID     int64
	State  State
	Number string
	// Existing is true when a create found the proposal its form had
	// already made (a double click): nothing new was made.
	Existing bool
	// Changed is true when the facts were written.
	Changed bool
}

// Create makes a new proposal of a's municipality from v, made by the form
// with the random key (so that the same form sent twice makes one
// proposal), and submits it when submit is set. A key already used
// answers with the proposal it made and Existing set: submitted when it is
// a draft holding v and submit is set, ErrConflict when it is a draft
// holding other values.
func (s *Store) Create(ctx context.Context, a Actor, key string, v Values, submit bool) (Result, error) {
	if !a.officer() {
		return Result{}, fmt.Errorf("proposal: create: %w", ErrNotAllowed)
	}
	var res Result
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		// fresh fills in a proposal row just made, and submits it when asked.
		fresh := func(id int64) error {
			if err := writeValues(ctx, tx, id, v, now); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, a, audit.ProposalCreated, id, v.Title, nil); err != nil {
				return err
			}
			res = Result{ID: id, State: Draft, Changed: true}
			if !submit {
				return nil
			}
			p, err := load(ctx, tx, a, id, true)
			if err != nil {
				return err
			}
			res.Number, err = s.submit(ctx, tx, a, p)
			res.State = Submitted
			return err
		}
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO proposals (municipality_id, created_by, create_key, created_at, updated_at)
			VALUES ($1, $2, nullif($3, ''), $4, $4)
			ON CONFLICT (create_key) DO NOTHING RETURNING id`, a.MunicipalityID, a.ID, key, now).Scan(&id)
		if db.IsNoRows(err) {
			// The form was sent before: the proposal it made stands.
			err := tx.QueryRow(ctx, `SELECT id FROM proposals WHERE create_key = $1 AND municipality_id = $2`,
				key, a.MunicipalityID).Scan(&id)
			if db.IsNoRows(err) {
				// The key belongs to another municipality's proposal (a
				// forged or colliding key): this form is new, without a key.
				if err := tx.QueryRow(ctx, `
					INSERT INTO proposals (municipality_id, created_by, created_at, updated_at)
					VALUES ($1, $2, $3, $3) RETURNING id`, a.MunicipalityID, a.ID, now).Scan(&id); err != nil {
					return fmt.Errorf("proposal: create: %w", err)
				}
				return fresh(id)
			}
			if err != nil {
				return fmt.Errorf("proposal: create: find by key: %w", err)
			}
			p, err := load(ctx, tx, a, id, true)
			if err != nil {
				return err
			}
			res = Result{ID: id, State: p.State, Number: p.Number, Existing: true}
			switch {
			case !p.State.Editable() || !submit && p.Values.Equal(v):
				return nil
			case !p.Values.Equal(v):
				// The same form saved before with other values (sent
				// again after going back): nothing is overwritten
				// unasked.
				return ErrConflict
			}
			// Saved as a draft first, now sent in as it was.
			res.Number, err = s.submit(ctx, tx, a, p)
			res.State = Submitted
			return err
		}
		if err != nil {
			return fmt.Errorf("proposal: create: %w", err)
		}
		return fresh(id)
	})
	return res, err
}

// Save writes v over the proposal id of a's municipality, provided it is
// editable (a draft, or sent back for completion) and still at version
// (ErrConflict otherwise, unless it already holds v), then submits it when
// submit is set. A submission that finds the proposal already sent in
// answers ErrAlreadySubmitted with the number in the result.
func (s *Store) Save(ctx context.Context, a Actor, id int64, version int, v Values, submit bool) (Result, error) {
	if !a.officer() {
		return Result{}, fmt.Errorf("proposal: save: %w", ErrNotAllowed)
	}
	var res Result
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := load(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		res = Result{ID: id, State: p.State, Number: p.Number}
		if !p.State.Editable() {
			if submit && (p.State == Submitted || p.State == InReview) {
				return ErrAlreadySubmitted
			}
			return fmt.Errorf("proposal: save %d in state %s: %w", id, p.State, ErrNotAllowed)
		}
		same := p.Values.Equal(v)
		if p.Version != version && !same {
			return ErrConflict
		}
		if !same {
			if err := writeValues(ctx, tx, id, v, s.now()); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, a, audit.ProposalUpdated, id, v.Title, nil); err != nil {
				return err
			}
			res.Changed = true
			p.Values = v
		}
		if !submit {
			return nil
		}
		res.Number, err = s.submit(ctx, tx, a, p)
		res.State = Submitted
		return err
	})
	return res, err
}

// submit sends in the locked proposal p: the first time it gets its
// registration number; a resubmission after a completion request keeps it.
// The officer gets a receipt with the number, the consultants a notice.
func (s *Store) submit(ctx context.Context, tx pgx.Tx, a Actor, p *Proposal) (string, error) {
	if !Allowed(p.State, Submitted) {
		return "", fmt.Errorf("proposal: submit %d in state %s: %w", p.ID, p.State, ErrNotAllowed)
	}
	if !Complete(p.Values) {
		return "", ErrIncomplete
	}
	now := s.now()
	number, first := p.Number, p.Number == ""
	if first {
		// Registered last but for the state change: the register's lock
		// is then held for as short a time as possible.
		reg, err := s.registry.Register(ctx, tx, registry.Entry{
			Kind:        registry.KindProposal,
			Description: p.Values.Title,
			SenderName:  a.Name,
			SenderOrg:   p.Municipality,
			SenderEmail: a.Email,
			ReceivedAt:  now,
		})
		if err != nil {
			return "", fmt.Errorf("proposal: register %d: %w", p.ID, err)
		}
		number = reg.Number
		if _, err := tx.Exec(ctx, `UPDATE proposals SET registration_id = $2, submitted_at = $3 WHERE id = $1`,
			p.ID, reg.ID, now); err != nil {
			return "", fmt.Errorf("proposal: register %d: %w", p.ID, err)
		}
	}
	ev, err := s.move(ctx, tx, a, p, Submitted, "")
	if err != nil {
		return "", err
	}
	p.Number = number
	if err := s.audit(ctx, tx, a, audit.ProposalSubmitted, p.ID, p.Values.Title,
		map[string]any{"number": number, "resubmitted": !first}); err != nil {
		return "", err
	}
	if err := s.sendReceipt(ctx, tx, a, p, ev, !first); err != nil {
		return "", err
	}
	return number, s.notifyConsultants(ctx, tx, p, ev, submittedMail(p, !first))
}

// move is the one way a proposal changes state: the update only happens if
// the state machine allows it from the state the row holds (checked again
// in SQL, whatever the caller believed), and it leaves a timeline event.
// It returns the event.
func (s *Store) move(ctx context.Context, tx pgx.Tx, a Actor, p *Proposal, to State, body string) (Event, error) {
	from := From(to)
	if !Allowed(p.State, to) {
		return Event{}, fmt.Errorf("proposal: %d from %s to %s: %w", p.ID, p.State, to, ErrNotAllowed)
	}
	now := s.now()
	tag, err := tx.Exec(ctx, `UPDATE proposals SET state = $2, version = version + 1, updated_at = $3
		WHERE id = $1 AND state = ANY($4)`, p.ID, string(to), now, stateStrings(from))
	if err != nil {
		return Event{}, fmt.Errorf("proposal: %d to %s: %w", p.ID, to, err)
	}
	if tag.RowsAffected() == 0 {
		return Event{}, fmt.Errorf("proposal: %d to %s: %w", p.ID, to, ErrNotAllowed)
	}
	ev := Event{At: now, ActorID: a.ID, ActorName: a.Name, Kind: EventTransition, From: p.State, To: to, Body: body, Visible: true}
	if ev.ID, err = addEvent(ctx, tx, p.ID, ev); err != nil {
		return Event{}, err
	}
	p.State = to
	p.Version++
	return ev, nil
}

func addEvent(ctx context.Context, tx pgx.Tx, id int64, e Event) (int64, error) {
	var actor *int64
	if e.ActorID != 0 {
		actor = &e.ActorID
	}
	var eid int64
	if err := tx.QueryRow(ctx, `
		INSERT INTO proposal_events (proposal_id, at, actor_id, actor_name, kind, from_state, to_state, body, visible_to_municipality)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		id, e.At, actor, e.ActorName, e.Kind, string(e.From), string(e.To), e.Body, e.Visible).Scan(&eid); err != nil {
		return 0, fmt.Errorf("proposal: event: %w", err)
	}
	return eid, nil
}

func (s *Store) audit(ctx context.Context, tx pgx.Tx, a Actor, action string, id int64, title string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["proposal_id"] = id
	var actor *int64
	if a.ID != 0 {
		actor = &a.ID
	}
	return audit.Record(ctx, tx, audit.Entry{Action: action, ActorID: actor, ActorName: a.Name, Target: title,
		Detail: detail, IP: a.IP})
}

// change runs fn on the locked proposal id as a may see it, in one
// transaction.
func (s *Store) change(ctx context.Context, a Actor, id int64, fn func(tx pgx.Tx, p *Proposal) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		p, err := load(ctx, tx, a, id, true)
		if err != nil {
			return err
		}
		return fn(tx, p)
	})
}

// Withdraw withdraws the proposal of a's municipality, until it is decided.
func (s *Store) Withdraw(ctx context.Context, a Actor, id int64) error {
	if !a.officer() {
		return fmt.Errorf("proposal: withdraw: %w", ErrNotAllowed)
	}
	return s.change(ctx, a, id, func(tx pgx.Tx, p *Proposal) error {
		wasSent := p.Number != ""
		ev, err := s.move(ctx, tx, a, p, Withdrawn, "")
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, audit.ProposalWithdrawn, p.ID, p.Values.Title, nil); err != nil {
			return err
		}
		if !wasSent {
			// A draft nobody else has seen: nobody to tell.
			return nil
		}
		return s.notifyConsultants(ctx, tx, p, ev, mailView{
			Subject: "Förslag återkallat: " + p.Values.Title,
			Intro:   p.Municipality + " har återkallat förslaget ”" + p.Values.Title + "” (" + p.Number + ").",
		})
	})
}

// Message adds a message to the proposal's timeline: from the officer to
// the consultants, or from a consultant to the municipality (visible to it)
// or as an internal note (never visible to it) when note is set. Messages
// need a proposal that was sent in; the other side is told by e-mail.
func (s *Store) Message(ctx context.Context, a Actor, id int64, body string, note bool) error {
	if a.officer() && note {
		return fmt.Errorf("proposal: an officer's note: %w", ErrNotAllowed)
	}
	return s.change(ctx, a, id, func(tx pgx.Tx, p *Proposal) error {
		if p.Number == "" {
			return fmt.Errorf("proposal: message on draft %d: %w", id, ErrNotAllowed)
		}
		kind, action := EventMessage, audit.ProposalMessage
		if note {
			kind, action = EventNote, audit.ProposalNote
		}
		ev := Event{At: s.now(), ActorID: a.ID, ActorName: a.Name, Kind: kind, Body: body, Visible: !note}
		var err error
		if ev.ID, err = addEvent(ctx, tx, id, ev); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE proposals SET updated_at = $2 WHERE id = $1`, id, ev.At); err != nil {
			return fmt.Errorf("proposal: message: %w", err)
		}
		if err := s.audit(ctx, tx, a, action, id, p.Values.Title, map[string]any{"event_id": ev.ID}); err != nil {
			return err
		}
		switch {
		case note:
			return nil
		case a.officer():
			return s.notifyConsultants(ctx, tx, p, ev, mailView{
				Subject: "Nytt meddelande om förslaget " + p.Number,
				Intro:   a.Name + " (" + p.Municipality + ") har skrivit om förslaget ”" + p.Values.Title + "”:",
				Body:    body,
			})
		default:
			return s.notifyOfficer(ctx, tx, p, ev, mailView{
				Subject: "Nytt meddelande om ert förslag " + p.Number,
				Intro:   a.Name + " på regionen har skrivit om ert förslag ”" + p.Values.Title + "”:",
				Body:    body,
			})
		}
	})
}

// Take assigns the proposal to a consultant (assignee, 0 for a itself); a
// proposal just sent in moves to in review. Decided and withdrawn ones
// cannot be taken.
func (s *Store) Take(ctx context.Context, a Actor, id, assignee int64) error {
	if a.officer() {
		return fmt.Errorf("proposal: take: %w", ErrNotAllowed)
	}
	if assignee == 0 {
		assignee = a.ID
	}
	return s.change(ctx, a, id, func(tx pgx.Tx, p *Proposal) error {
		if !p.State.Open() || p.State == Draft {
			return fmt.Errorf("proposal: take %d in state %s: %w", id, p.State, ErrNotAllowed)
		}
		var name string
		err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = $1 AND role IN ('consultant', 'admin')
			AND disabled_at IS NULL`, assignee).Scan(&name)
		if db.IsNoRows(err) {
			return ErrNoAssignee
		}
		if err != nil {
			return fmt.Errorf("proposal: take: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE proposals SET assigned_to = $2, version = version + 1, updated_at = $3
			WHERE id = $1`, id, assignee, s.now()); err != nil {
			return fmt.Errorf("proposal: take: %w", err)
		}
		p.AssignedTo, p.AssignedName = assignee, name
		body := name + " handlägger förslaget."
		var ev Event
		if p.State == Submitted {
			if ev, err = s.move(ctx, tx, a, p, InReview, body); err != nil {
				return err
			}
		} else {
			ev = Event{At: s.now(), ActorID: a.ID, ActorName: a.Name, Kind: EventAssignment, Body: body, Visible: true}
			if ev.ID, err = addEvent(ctx, tx, id, ev); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, tx, a, audit.ProposalAssigned, id, p.Values.Title,
			map[string]any{"assigned_to": assignee}); err != nil {
			return err
		}
		return s.notifyOfficer(ctx, tx, p, ev, mailView{
			Subject: "Ert förslag " + p.Number + " handläggs",
			Intro:   name + " på regionen handlägger nu ert förslag ”" + p.Values.Title + "”.",
		})
	})
}

// RequestCompletion sends the proposal back to the municipality with a
// Message saying what to add; the officer edits and resubmits it.
func (s *Store) RequestCompletion(ctx context.Context, a Actor, id int64, message string) error {
	return s.decide(ctx, a, id, CompletionRequested, message, audit.ProposalCompletionRequested, func(p *Proposal) mailView {
		return mailView{
			Subject: "Komplettering begärs av ert förslag " + p.Number,
			Intro:   a.Name + " på regionen ber er komplettera förslaget ”" + p.Values.Title + "”:",
			Body:    message,
			Outro:   "Ändra förslaget och skicka in det igen. Det behåller sitt diarienummer.",
		}
	}, nil)
}

// Decline declines the proposal with a reason, which the municipality sees.
func (s *Store) Decline(ctx context.Context, a Actor, id int64, reason string) error {
	return s.decide(ctx, a, id, Declined, reason, audit.ProposalDeclined, func(p *Proposal) mailView {
		return mailView{
			Subject: "Beslut om ert förslag " + p.Number,
			Intro:   "Regionen har avslagit ert förslag ”" + p.Values.Title + "” med den här motiveringen:",
			Body:    reason,
		}
	}, nil)
}

// Accept accepts the proposal and makes a draft residency carrying its
// facts (municipality, kind, art forms, target groups, venue, period),
// linked to it, for the consultants to complete and publish. It returns the
// residency's id.
func (s *Store) Accept(ctx context.Context, a Actor, id int64, message string) (int64, error) {
	var residencyID int64
	err := s.decide(ctx, a, id, Accepted, message, audit.ProposalAccepted, func(p *Proposal) mailView {
		return mailView{
			Subject: "Ert förslag " + p.Number + " är godkänt",
			Intro:   "Regionen har godkänt ert förslag ”" + p.Values.Title + "”. Residenset planeras nu tillsammans med er.",
			Body:    message,
		}
	}, func(tx pgx.Tx, p *Proposal) error {
		var err error
		residencyID, err = s.createResidency(ctx, tx, a, p)
		return err
	})
	return residencyID, err
}

// decide is a consultant's transition: it moves the proposal, lets then
// add to the change in the same transaction, records it and tells the
// municipality.
func (s *Store) decide(ctx context.Context, a Actor, id int64, to State, body, action string,
	compose func(*Proposal) mailView, then func(pgx.Tx, *Proposal) error) error {
	if a.officer() {
		return fmt.Errorf("proposal: %s by an officer: %w", to, ErrNotAllowed)
	}
	return s.change(ctx, a, id, func(tx pgx.Tx, p *Proposal) error {
		ev, err := s.move(ctx, tx, a, p, to, body)
		if err != nil {
			return err
		}
		if then != nil {
			if err := then(tx, p); err != nil {
				return err
			}
		}
		detail := map[string]any{}
		if p.ResidencyID != 0 {
			detail["residency_id"] = p.ResidencyID
		}
		if err := s.audit(ctx, tx, a, action, id, p.Values.Title, detail); err != nil {
			return err
		}
		return s.notifyOfficer(ctx, tx, p, ev, compose(p))
	})
}

// createResidency makes the accepted proposal's draft residency through the
// residency editors' store (so it has its first revision and search terms)
// and links the two.
func (s *Store) createResidency(ctx context.Context, tx pgx.Tx, a Actor, p *Proposal) (int64, error) {
	v := p.Values
	saved, err := residencyedit.Create(ctx, tx, residencyedit.Values{
		Title:          v.Title,
		Kind:           v.Kind,
		MunicipalityID: p.MunicipalityID,
		District:       v.District,
		VenueName:      v.Venues,
		VenueTypes:     v.VenueTypes,
		TargetGroups:   v.TargetGroups,
		ArtForms:       v.ArtForms,
		StartsOn:       v.StartsOn,
		EndsOn:         v.EndsOn,
		Published:      false,
	}, residencyedit.NewActor{}, residencyedit.Editor{ID: a.ID, Name: a.Name}, s.now())
	if err != nil {
		return 0, fmt.Errorf("proposal: residency for %d: %w", p.ID, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE residencies SET proposal_id = $1 WHERE id = $2`, p.ID, saved.ID); err != nil {
		return 0, fmt.Errorf("proposal: link residency: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE proposals SET residency_id = $2 WHERE id = $1`, p.ID, saved.ID); err != nil {
		return 0, fmt.Errorf("proposal: link residency: %w", err)
	}
	p.ResidencyID = saved.ID
	if err := s.audit(ctx, tx, a, audit.ResidencyCreated, p.ID, v.Title,
		map[string]any{"residency_id": saved.ID, "slug": saved.Slug}); err != nil {
		return 0, err
	}
	return saved.ID, nil
}

// writeValues stores the facts of proposal id and bumps its version.
func writeValues(ctx context.Context, tx pgx.Tx, id int64, v Values, now time.Time) error {
	var starts, ends *time.Time
	if d, ok := dateOf(v.StartsOn); ok {
		starts = &d
	}
	if d, ok := dateOf(v.EndsOn); ok {
		ends = &d
	}
	purposes := v.Purposes
	if purposes == nil {
		purposes = []string{}
	}
	if _, err := tx.Exec(ctx, `
		UPDATE proposals SET title = $2, kind = $3, participants = $4, venues = $5, district = $6,
			starts_on = $7, ends_on = $8, purposes = $9, purpose_text = $10, staff = $11, premises = $12,
			cofunding_sek = $13, contact_name = $14, contact_email = $15, contact_phone = $16,
			version = version + 1, updated_at = $17
		WHERE id = $1`,
		id, v.Title, v.Kind, number(v.Participants), v.Venues, v.District, starts, ends, sorted(purposes),
		v.PurposeText, v.Staff, v.Premises, number(v.Cofunding), v.ContactName, v.ContactEmail, v.ContactPhone,
		now); err != nil {
		return fmt.Errorf("proposal: save %d: %w", id, err)
	}
	for _, l := range []struct {
		table, col string
		ids        []int64
	}{
		{"proposal_art_forms", "art_form_id", v.ArtForms},
		{"proposal_target_groups", "target_group_id", v.TargetGroups},
		{"proposal_venue_types", "venue_type_id", v.VenueTypes},
	} {
		if err := db.ReplaceLinks(ctx, tx, l.table, "proposal_id", id, l.col, l.ids); err != nil {
			return fmt.Errorf("proposal: links: %w", err)
		}
	}
	return nil
}
