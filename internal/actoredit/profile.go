package actoredit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	stdimage "image"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/httpx"
)

// The kinds of profile change.
const (
	// KindEdit changes a published profile.
	KindEdit = "edit"
	// KindClaim asks for an existing actor with no owner to become the
	// artist's profile.
	KindClaim = "claim"
	// KindCreate is a new profile (or a change to one not yet published):
	// approving it publishes the profile.
	KindCreate = "create"
)

// The states of a profile change.
const (
	StatePending  = "pending"
	StateApproved = "approved"
	StateReturned = "returned"
)

// StateLabel is the state of a change in Swedish.
func StateLabel(state string) string {
	switch state {
	case StatePending:
		return "Väntar på granskning"
	case StateApproved:
		return "Godkänd"
	case StateReturned:
		return "Återskickad"
	}
	return state
}

// Change is an artist's proposed profile change.
type Change struct {
	ID             int64
	ActorID        int64
	ActorName      string
	Kind           string
	State          string
	Comment        string
	SubmittedAt    time.Time
	ReviewedAt     *time.Time
	SubmittedBy    int64
	SubmitterName  string
	SubmitterEmail string
	Data           Profile
}

// KindLabel is what the change asks for, in Swedish.
func (c Change) KindLabel() string {
	switch c.Kind {
	case KindClaim:
		return "Anspråk på befintlig profil"
	case KindCreate:
		return "Ny profil"
	}
	return "Ändring av publicerad profil"
}

const changeColumns = `c.id, c.actor_id, a.name, c.kind, c.state, c.comment, c.submitted_at, c.reviewed_at,
	coalesce(c.submitted_by, 0), coalesce(u.name, ''), coalesce(u.email, ''), c.data`

const changeFrom = ` FROM actor_profile_changes c JOIN cultural_actors a ON a.id = c.actor_id
	LEFT JOIN users u ON u.id = c.submitted_by`

func scanChange(row pgx.Row) (*Change, error) {
	var c Change
	var data []byte
	if err := row.Scan(&c.ID, &c.ActorID, &c.ActorName, &c.Kind, &c.State, &c.Comment, &c.SubmittedAt, &c.ReviewedAt,
		&c.SubmittedBy, &c.SubmitterName, &c.SubmitterEmail, &data); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &c.Data); err != nil {
		return nil, fmt.Errorf("actoredit: change %d data: %w", c.ID, err)
	}
	return &c, nil
}

// Mine is an artist's profile as /konto/profil shows it.
type Mine struct {
	// Actor is the profile the artist owns, nil when none.
	Actor *Actor
	// Change is the artist's latest change of it (or latest claim while
	// they own none), nil when none.
	Change *Change
}

// Mine returns the profile of artist userID and its latest change.
func (s *Store) Mine(ctx context.Context, userID int64) (*Mine, error) {
	m := &Mine{}
	a, err := scanActor(s.pool.QueryRow(ctx, `SELECT `+actorColumns+` FROM cultural_actors a
		LEFT JOIN users u ON u.id = a.owner_user_id WHERE a.owner_user_id = $1`, userID))
	switch {
	case db.IsNoRows(err):
	case err != nil:
		return nil, fmt.Errorf("actoredit: profile of %d: %w", userID, err)
	default:
		m.Actor = a
	}
	cond := `c.submitted_by = $1 AND c.kind = 'claim' AND c.state <> 'approved'`
	args := []any{userID}
	if m.Actor != nil {
		cond, args = `c.actor_id = $1`, []any{m.Actor.ID}
	}
	c, err := scanChange(s.pool.QueryRow(ctx, `SELECT `+changeColumns+changeFrom+` WHERE `+cond+
		` ORDER BY c.submitted_at DESC, c.id DESC LIMIT 1`, args...))
	switch {
	case db.IsNoRows(err):
	case err != nil:
		return nil, fmt.Errorf("actoredit: change of %d: %w", userID, err)
	default:
		m.Change = c
	}
	return m, nil
}

// ErrHasProfile is returned when an artist who already has a profile (or a
// pending claim) asks for another.
var ErrHasProfile = errors.New("actoredit: the account already has a profile")

// ErrClaimTaken is returned when the actor has an owner or a pending claim.
var ErrClaimTaken = errors.New("actoredit: the actor is taken")

// hasProfile reports whether userID owns an actor or has a pending claim.
func hasProfile(ctx context.Context, tx pgx.Tx, userID int64) (bool, error) {
	var has bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cultural_actors WHERE owner_user_id = $1)
		OR EXISTS (SELECT 1 FROM actor_profile_changes WHERE submitted_by = $1 AND kind = 'claim' AND state = 'pending')`,
		userID).Scan(&has)
	if err != nil {
		return false, fmt.Errorf("actoredit: has profile %d: %w", userID, err)
	}
	return has, nil
}

// CreateProfile creates artist userID's own profile, unpublished and owned
// by them, with a pending change that publishes it when approved.
func (s *Store) CreateProfile(ctx context.Context, by audit.Entry, userID int64, p Profile, img stdimage.Image) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// One request at a time per account, so a double click creates one
		// profile.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return fmt.Errorf("actoredit: lock user %d: %w", userID, err)
		}
		if has, err := hasProfile(ctx, tx, userID); err != nil || has {
			if err == nil {
				err = ErrHasProfile
			}
			return err
		}
		if err := storeImage(ctx, tx, &p, img); err != nil {
			return err
		}
		id, err := s.insert(ctx, tx, by, p, false, &userID)
		if err != nil {
			return err
		}
		return s.submit(ctx, tx, by, id, userID, KindCreate, p, p.Name)
	})
}

// Claim asks for actor actorID, which is published and has no owner, to
// become artist userID's profile; a consultant decides. Another claim
// pending for the actor gives ErrClaimTaken.
func (s *Store) Claim(ctx context.Context, by audit.Entry, userID, actorID int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, userID); err != nil {
			return fmt.Errorf("actoredit: lock user %d: %w", userID, err)
		}
		if has, err := hasProfile(ctx, tx, userID); err != nil || has {
			if err == nil {
				err = ErrHasProfile
			}
			return err
		}
		a, err := getActor(ctx, tx, actorID, true)
		if err != nil {
			return err
		}
		if a.OwnerID != nil || !a.Published {
			// Another artist's profile, or a draft: not the artist's to
			// see, so it answers as if it did not exist.
			return httpx.NotFound("actor %d", actorID)
		}
		err = s.submit(ctx, tx, by, actorID, userID, KindClaim, a.Profile, a.Name)
		if isUniqueViolation(err, "actor_profile_changes_pending_idx") {
			return ErrClaimTaken
		}
		return err
	})
}

// SubmitEdit saves p as the pending change of the profile artist userID
// owns: the first save opens the change, later ones replace its data. The
// public page keeps the approved version until a consultant approves.
func (s *Store) SubmitEdit(ctx context.Context, by audit.Entry, userID int64, p Profile, img stdimage.Image) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		var published bool
		err := tx.QueryRow(ctx, `SELECT id, published FROM cultural_actors WHERE owner_user_id = $1 FOR UPDATE`, userID).Scan(&id, &published)
		if db.IsNoRows(err) {
			return httpx.NotFound("no profile for %d", userID)
		}
		if err != nil {
			return fmt.Errorf("actoredit: profile of %d: %w", userID, err)
		}
		// A new picture is stored now and shown only once the change is
		// approved (only its ID goes into the proposal).
		if err := storeImage(ctx, tx, &p, img); err != nil {
			return err
		}
		kind := KindEdit
		if !published {
			kind = KindCreate
		}
		return s.submit(ctx, tx, by, id, userID, kind, p, p.Name)
	})
}

// submit writes the pending change of actor id (replacing the data of one
// already pending) and its audit entry.
func (s *Store) submit(ctx context.Context, tx pgx.Tx, by audit.Entry, id, userID int64, kind string, p Profile, name string) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var changeID int64
	if err := tx.QueryRow(ctx, `
		INSERT INTO actor_profile_changes (actor_id, submitted_by, submitted_at, kind, data)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (actor_id) WHERE state = 'pending'
		DO UPDATE SET data = EXCLUDED.data, submitted_at = EXCLUDED.submitted_at
		WHERE actor_profile_changes.submitted_by = EXCLUDED.submitted_by
		RETURNING id`, id, userID, s.now(), kind, data).Scan(&changeID); err != nil {
		if db.IsNoRows(err) {
			// Another account's change is pending for this actor.
			return ErrClaimTaken
		}
		return fmt.Errorf("actoredit: submit change of %d: %w", id, err)
	}
	by.Action, by.Target = audit.ProfileSubmitted, name
	by.Detail = map[string]any{"actor_id": id, "change_id": changeID, "kind": kind}
	return audit.Record(ctx, tx, by)
}

// Queue returns the pending changes, oldest first, each with the actor as it
// is now.
func (s *Store) Queue(ctx context.Context) ([]QueueItem, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+changeColumns+changeFrom+` WHERE c.state = 'pending' ORDER BY c.submitted_at, c.id`)
	if err != nil {
		return nil, fmt.Errorf("actoredit: queue: %w", err)
	}
	changes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*Change, error) { return scanChange(row) })
	if err != nil {
		return nil, fmt.Errorf("actoredit: queue: %w", err)
	}
	out := make([]QueueItem, 0, len(changes))
	for _, c := range changes {
		// The queue is short (a handful of changes a week); one read per
		// change keeps the actor query in one place.
		a, err := s.Get(ctx, c.ActorID)
		if err != nil {
			return nil, err
		}
		out = append(out, QueueItem{Change: c, Actor: a})
	}
	return out, nil
}

// HasPending reports whether actor id has a change waiting in the queue.
func (s *Store) HasPending(ctx context.Context, id int64) (bool, error) {
	var has bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM actor_profile_changes WHERE actor_id = $1 AND state = 'pending')`, id).Scan(&has)
	if err != nil {
		return false, fmt.Errorf("actoredit: pending of %d: %w", id, err)
	}
	return has, nil
}

// QueueItem is a pending change with the actor it would change.
type QueueItem struct {
	Change *Change
	Actor  *Actor
}

// Notify is called in the transaction of a decision, to queue the e-mail to
// the artist.
type Notify func(ctx context.Context, tx pgx.Tx, c *Change) error

// ErrNotPending is returned when a change was decided already.
var ErrNotPending = errors.New("actoredit: the change is no longer pending")

func lockPending(ctx context.Context, tx pgx.Tx, id int64) (*Change, error) {
	c, err := scanChange(tx.QueryRow(ctx, `SELECT `+changeColumns+changeFrom+` WHERE c.id = $1 FOR UPDATE OF c`, id))
	if db.IsNoRows(err) {
		return nil, httpx.NotFound("change %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("actoredit: change %d: %w", id, err)
	}
	if c.State != StatePending {
		return nil, ErrNotPending
	}
	return c, nil
}

// Approve applies pending change id to its actor (with a revision), sets
// the owner on a claim, publishes a new profile and marks the change
// approved, all in one transaction with an audit entry.
func (s *Store) Approve(ctx context.Context, by audit.Entry, id int64, notify Notify) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := lockPending(ctx, tx, id)
		if err != nil {
			return err
		}
		a, err := getActor(ctx, tx, c.ActorID, true)
		if err != nil {
			return err
		}
		var fields []string
		switch c.Kind {
		case KindClaim:
			if a.OwnerID != nil {
				return ErrClaimTaken
			}
			_, err = tx.Exec(ctx, `UPDATE cultural_actors SET owner_user_id = $2 WHERE id = $1`, a.ID, c.SubmittedBy)
			if isUniqueViolation(err, "cultural_actors_owner_idx") {
				return ErrHasProfile
			}
			if err != nil {
				return fmt.Errorf("actoredit: set owner of %d: %w", a.ID, err)
			}
		case KindCreate:
			fields, err = s.apply(ctx, tx, by, a, c.Data, true)
		default:
			fields, err = s.apply(ctx, tx, by, a, c.Data, a.Published)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE actor_profile_changes SET state = 'approved', reviewed_by = $2, reviewed_at = $3
			WHERE id = $1`, id, by.ActorID, s.now()); err != nil {
			return fmt.Errorf("actoredit: approve %d: %w", id, err)
		}
		c.State = StateApproved
		e := by
		e.Action, e.Target, e.TargetUserID = audit.ProfileApproved, c.Data.Name, &c.SubmittedBy
		e.Detail = map[string]any{"actor_id": a.ID, "change_id": id, "kind": c.Kind, "fields": fields}
		if err := audit.Record(ctx, tx, e); err != nil {
			return err
		}
		if notify != nil {
			return notify(ctx, tx, c)
		}
		return nil
	})
}

// Return sends pending change id back to the artist with comment, which
// they see on their profile page.
func (s *Store) Return(ctx context.Context, by audit.Entry, id int64, comment string, notify Notify) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := lockPending(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE actor_profile_changes SET state = 'returned', comment = $2, reviewed_by = $3,
			reviewed_at = $4 WHERE id = $1`, id, comment, by.ActorID, s.now()); err != nil {
			return fmt.Errorf("actoredit: return %d: %w", id, err)
		}
		c.State, c.Comment = StateReturned, comment
		e := by
		e.Action, e.Target, e.TargetUserID = audit.ProfileReturned, c.Data.Name, &c.SubmittedBy
		e.Detail = map[string]any{"actor_id": c.ActorID, "change_id": id, "kind": c.Kind}
		if err := audit.Record(ctx, tx, e); err != nil {
			return err
		}
		if notify != nil {
			return notify(ctx, tx, c)
		}
		return nil
	})
}

// Claimable returns up to 20 published actors without an owner whose name contains
// query, for an artist to claim.
func (s *Store) Claimable(ctx context.Context, query string) ([]Row, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.slug, a.name, a.kind, coalesce(m.name, ''), a.published, '', a.updated_at
		FROM cultural_actors a LEFT JOIN municipalities m ON m.id = a.home_municipality_id
		WHERE a.published AND a.owner_user_id IS NULL AND lower(a.name) LIKE $1
		ORDER BY lower(a.name), a.id LIMIT 20`, "%"+likeEscape(strings.ToLower(query))+"%")
	if err != nil {
		return nil, fmt.Errorf("actoredit: claimable: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Row, error) {
		var r Row
		err := row.Scan(&r.ID, &r.Slug, &r.Name, &r.Kind, &r.Municipality, &r.Published, &r.OwnerName, &r.UpdatedAt)
		return r, err
	})
}
