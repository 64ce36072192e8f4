package actoredit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	stdimage "image"
	"slices"
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
	// KindCreate is a new profile (or a change to one that has never been
	// public): approving it publishes the profile.
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
	// Base is the actor's profile the change was made from, nil on changes
	// filed before it was recorded; BaseVersion is the actor's version
	// then. Only the fields in which Data differs from Base are the
	// artist's change.
	Base        *Profile
	BaseVersion *int
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
	coalesce(c.submitted_by, 0), coalesce(u.name, ''), coalesce(u.email, ''), c.data,
	c.base, c.base_version`

const changeFrom = ` FROM actor_profile_changes c JOIN cultural_actors a ON a.id = c.actor_id
	LEFT JOIN users u ON u.id = c.submitted_by`

func scanChange(row pgx.Row) (*Change, error) {
	var c Change
	var data, base []byte
	if err := row.Scan(&c.ID, &c.ActorID, &c.ActorName, &c.Kind, &c.State, &c.Comment, &c.SubmittedAt, &c.ReviewedAt,
		&c.SubmittedBy, &c.SubmitterName, &c.SubmitterEmail, &data, &base, &c.BaseVersion); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &c.Data); err != nil {
		return nil, fmt.Errorf("actoredit: change %d data: %w", c.ID, err)
	}
	if base != nil {
		c.Base = new(Profile)
		if err := json.Unmarshal(base, c.Base); err != nil {
			return nil, fmt.Errorf("actoredit: change %d base: %w", c.ID, err)
		}
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
		// The change is the new row itself: approving it publishes the
		// profile as it is then, consultants' corrections included.
		return s.submit(ctx, tx, by, id, userID, KindCreate, p, &p, 1)
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
		err = s.submit(ctx, tx, by, actorID, userID, KindClaim, a.Profile, nil, 0)
		if db.IsUniqueViolation(err, "actor_profile_changes_pending_idx") {
			return ErrClaimTaken
		}
		return err
	})
}

// SubmitEdit saves p as the pending change of the profile artist userID
// owns: the first save opens the change, later ones replace its data. The
// public page keeps the approved version until a consultant approves. The
// change records the actor's values it was made from (see Change.Base), so
// approving it later applies only what the artist changed.
func (s *Store) SubmitEdit(ctx context.Context, by audit.Entry, userID int64, p Profile, img stdimage.Image) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM cultural_actors WHERE owner_user_id = $1`, userID).Scan(&id)
		if db.IsNoRows(err) {
			return httpx.NotFound("no profile for %d", userID)
		}
		if err != nil {
			return fmt.Errorf("actoredit: profile of %d: %w", userID, err)
		}
		a, err := getActor(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if a.OwnerID == nil || *a.OwnerID != userID {
			// The owner changed between the two reads.
			return httpx.NotFound("no profile for %d", userID)
		}
		last, err := latestChange(ctx, tx, id)
		if err != nil {
			return err
		}
		// A new picture is stored now and shown only once the change is
		// approved (only its ID goes into the proposal).
		if err := storeImage(ctx, tx, &p, img); err != nil {
			return err
		}
		base := a.Profile
		if last != nil && last.State == StatePending && last.Base != nil {
			// The form showed the pending proposal over the current
			// profile (see Shown): the fields the artist had changed
			// stay based on what they were changed from, so a conflict
			// with someone else's later edit of them is still seen.
			base = copyFields(a.Profile, *last.Base, Changed(*last.Base, last.Data, false, false))
		}
		// Only a profile that has never been public is new; a profile a
		// consultant took down stays down when its edit is approved.
		public, err := everPublic(ctx, tx, a)
		if err != nil {
			return err
		}
		kind := KindEdit
		if !public {
			kind = KindCreate
		}
		return s.submit(ctx, tx, by, id, userID, kind, p, &base, a.Version)
	})
}

// latestChange returns the latest change of actor id, nil when none.
func latestChange(ctx context.Context, q db.Querier, id int64) (*Change, error) {
	c, err := scanChange(q.QueryRow(ctx, `SELECT `+changeColumns+changeFrom+` WHERE c.actor_id = $1
		ORDER BY c.submitted_at DESC, c.id DESC LIMIT 1`, id))
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("actoredit: latest change of %d: %w", id, err)
	}
	return c, nil
}

// everPublic reports whether actor a is or has ever been published: a
// revision shows it published, or one after the first changed whether it
// is (the first lists every field, "published" included).
func everPublic(ctx context.Context, q db.Querier, a *Actor) (bool, error) {
	if a.Published {
		return true, nil
	}
	var public bool
	if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM actor_revisions WHERE actor_id = $1
		AND (snapshot->>'published' = 'true' OR (version > 1 AND 'published' = ANY (fields))))`, a.ID).Scan(&public); err != nil {
		return false, fmt.Errorf("actoredit: ever public %d: %w", a.ID, err)
	}
	return public, nil
}

// Shown is the profile an artist's form shows and the proposal they work
// on: the current profile cur with the fields their open (pending or
// returned) change c changed taken from it.
func Shown(cur Profile, c *Change) Profile {
	if c == nil || c.State == StateApproved {
		return cur
	}
	if c.Base == nil {
		return c.Data
	}
	return copyFields(cur, c.Data, Changed(*c.Base, c.Data, false, false))
}

// Merge is what approving a change with data made from base does to the
// current profile cur: the fields the artist changed (data differs from
// base) are taken from data, the others keep cur's values. Conflicts lists
// the fields the artist changed that someone else also changed since base
// to another value; such a change must not be approved as it is.
func Merge(cur, base, data Profile) (merged Profile, conflicts []string) {
	mine := Changed(base, data, false, false)
	theirs := Changed(base, cur, false, false)
	differ := Changed(cur, data, false, false)
	for _, key := range mine {
		if slices.Contains(theirs, key) && slices.Contains(differ, key) {
			conflicts = append(conflicts, key)
		}
	}
	return copyFields(cur, data, mine), conflicts
}

// copyFields returns dst with the fields (revision keys) keys taken from
// src.
func copyFields(dst, src Profile, keys []string) Profile {
	for _, key := range keys {
		switch key {
		case "kind":
			dst.Kind = src.Kind
		case "name":
			dst.Name = src.Name
		case "art_forms":
			dst.ArtForms = slices.Clone(src.ArtForms)
		case "municipality":
			dst.MunicipalityID = src.MunicipalityID
		case "description":
			dst.Description = src.Description
		case "website":
			dst.Website = src.Website
		case "contact_email":
			dst.ContactEmail = src.ContactEmail
		case "image":
			dst.ImageID, dst.ImageAlt = src.ImageID, src.ImageAlt
		}
	}
	return dst
}

// ConflictError refuses approving a change that would overwrite what
// someone else changed since the artist made it.
type ConflictError struct {
	// Actor is the actor's name; Fields the revision keys in conflict.
	Actor  string
	Fields []string
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("actoredit: change of %q conflicts in %v", e.Actor, e.Fields)
}

// Message explains the conflict to the consultant, in Swedish.
func (e *ConflictError) Message() string {
	labels := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		labels[i] = strings.ToLower(FieldLabel(f))
	}
	return fmt.Sprintf("Ändringen av %s kan inte godkännas: %s har ändrats av någon annan sedan konstnären skickade in den, "+
		"och ändringen skulle skriva över det. Jämför uppgifterna och skicka tillbaka ändringen med en kommentar till konstnären.",
		e.Actor, strings.Join(labels, ", "))
}

// submit writes the pending change of actor id (replacing the data of one
// already pending) and its audit entry.
//
// base is what p was made from (nil on a claim, which changes no field) and
// baseVersion the actor's version then.
func (s *Store) submit(ctx context.Context, tx pgx.Tx, by audit.Entry, id, userID int64, kind string, p Profile, base *Profile, baseVersion int) error {
	name := p.Name
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var baseData []byte
	var baseV *int
	if base != nil {
		if baseData, err = json.Marshal(base); err != nil {
			return err
		}
		baseV = &baseVersion
	}
	var changeID int64
	if err := tx.QueryRow(ctx, `
		INSERT INTO actor_profile_changes (actor_id, submitted_by, submitted_at, kind, data, base, base_version)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (actor_id) WHERE state = 'pending'
		DO UPDATE SET data = EXCLUDED.data, submitted_at = EXCLUDED.submitted_at, base = EXCLUDED.base,
			base_version = EXCLUDED.base_version
		WHERE actor_profile_changes.submitted_by = EXCLUDED.submitted_by
		RETURNING id`, id, userID, s.now(), kind, data, baseData, baseV).Scan(&changeID); err != nil {
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
// approved, all in one transaction with an audit entry. Only the fields the
// artist changed are applied; a *ConflictError refuses a change when
// someone else changed one of them too since the artist made it.
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
			if db.IsUniqueViolation(err, "cultural_actors_owner_idx") {
				return ErrHasProfile
			}
			if err != nil {
				return fmt.Errorf("actoredit: set owner of %d: %w", a.ID, err)
			}
		default:
			merged, conflicts := mergeChange(a, c)
			if len(conflicts) > 0 {
				return &ConflictError{Actor: a.Name, Fields: conflicts}
			}
			// Only a new profile is published by approval; an edit keeps
			// the actor as public (or taken down) as it is.
			fields, err = s.apply(ctx, tx, by, a, merged, a.Published || c.Kind == KindCreate)
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

// mergeChange is what approving edit or create c does to actor a (see
// Merge); a change without a recorded base is applied whole.
func mergeChange(a *Actor, c *Change) (Profile, []string) {
	base := a.Profile
	if c.Base != nil {
		base = *c.Base
	}
	return Merge(a.Profile, base, c.Data)
}

// Claimable returns up to 20 published actors without an owner whose name contains
// query, for an artist to claim.
func (s *Store) Claimable(ctx context.Context, query string) ([]Row, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.slug, a.name, a.kind, coalesce(m.name, ''), a.published, '', a.updated_at
		FROM cultural_actors a LEFT JOIN municipalities m ON m.id = a.home_municipality_id
		WHERE a.published AND a.owner_user_id IS NULL AND lower(a.name) LIKE $1
		ORDER BY lower(a.name), a.id LIMIT 20`, "%"+db.LikeEscape(strings.ToLower(query))+"%")
	if err != nil {
		return nil, fmt.Errorf("actoredit: claimable: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Row, error) {
		var r Row
		err := row.Scan(&r.ID, &r.Slug, &r.Name, &r.Kind, &r.Municipality, &r.Published, &r.OwnerName, &r.UpdatedAt)
		return r, err
	})
}
