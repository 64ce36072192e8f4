package booking

import (
	"context"
	"errors"
	"fmt"
	stdimage "image"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/image"
	"residens/internal/mail"
	"residens/internal/registry"
	"residens/internal/throttle"
)

// Store reads and changes bookings and the consultants' availability. Every
// change runs in one transaction with its audit entry, its e-mails (and,
// for a booker's request, its throttle count and registration number), so
// it happens whole or not at all. The package-level functions of store.go
// and bookings.go are its steps inside that transaction. by, in the
// changes, is who acts and from where (audit.FromRequest(r, audit.Entry{})):
// the store fills in what was done.
type Store struct {
	pool *pgxpool.Pool
	// reg numbers the booker's requests; nil for the consultants' pages,
	// which make none.
	reg  *registry.Registry
	mail mailer
	now  func() time.Time
	// limit bounds the booking requests per client address and per typed
	// address: each holds a consultant's time and sends two e-mails.
	limit throttle.Form
}

// newStore returns the store over pool: requests are numbered by reg,
// e-mail is queued on queue (nil sends none) with links to baseURL and from
// (MAIL_FROM's address) as the calendar files' organizer, limit bounds the
// booker's requests, and now tells the time.
func newStore(pool *pgxpool.Pool, reg *registry.Registry, queue *mail.Queue, baseURL *url.URL, from string,
	limit throttle.Form, now func() time.Time) *Store {
	return &Store{pool: pool, reg: reg, mail: newMailer(queue, baseURL, from), now: now, limit: limit}
}

// bookerActor names the booker in the audit log: they act through the
// manage link, not as a signed-in user.
const bookerActor = "Bokaren (via bokningslänken)"

// recordBooker writes the audit entry of a change the booker made to
// booking id, from state from to state to. A signed-in user who used the
// link is named as themselves, as audit.FromRequest did before.
func recordBooker(ctx context.Context, tx pgx.Tx, by audit.Entry, id int64, from, to string) error {
	e := by
	if e.ActorID == nil {
		e.ActorName = bookerActor
	}
	e.Action, e.Target = audit.BookingStateChanged, "bokning "+strconv.FormatInt(id, 10)
	e.Detail = map[string]any{"booking": id, "from": from, "to": to}
	return audit.Record(ctx, tx, e)
}

// record writes by as the audit entry of action on booking id with detail.
func record(ctx context.Context, tx pgx.Tx, by audit.Entry, action string, id int64, detail map[string]any) error {
	e := by
	e.Action, e.Target, e.Detail = action, "bokning "+strconv.FormatInt(id, 10), detail
	return audit.Record(ctx, tx, e)
}

// ErrKeyUsed means a booking already has the request's manage key: the
// form was sent twice, and the first send booked.
var ErrKeyUsed = errors.New("booking: the form's key has booked already")

// BookRequest makes req in one transaction: the use of the booking form's
// limits (by's address and the typed e-mail address), the hold and its
// number in the register (Book), the audit entry and the two e-mails commit
// together or not at all, so a request that books nothing (the time was
// taken, a double click) is not counted against the visitor. The errors are
// Book's (ErrSlotTaken, ErrInvalid), ErrKeyUsed and the throttle's
// *throttle.Limited.
func (s *Store) BookRequest(ctx context.Context, by audit.Entry, req Request) error {
	now := s.now()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.limit.Take(ctx, tx, by.IP, req.Booker.Email, now); err != nil {
			return err
		}
		b, err := Book(ctx, tx, s.reg, req.Offer.Consultant.ID, req.Offer.Slot, req.Booker, now)
		if err != nil {
			return err
		}
		if err := recordBooker(ctx, tx, by, b.ID, "", string(StateRequested)); err != nil {
			return err
		}
		return s.mail.bookerChanged(ctx, tx, b, req.Key, kindRequested, now)
	})
	if db.IsUniqueViolation(err, "bookings_manage_token_hash_key") {
		return fmt.Errorf("%w: %w", ErrKeyUsed, err)
	}
	return err
}

// CancelByBooker cancels b, the booking behind the manage link token, with
// its audit entry and the e-mails to the booker and the consultant.
// ErrNotFound when b changed meanwhile (by the consultant).
func (s *Store) CancelByBooker(ctx context.Context, by audit.Entry, b *Booking, token string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := SetState(ctx, tx, b.ID, b.State, StateCancelled, s.now()); err != nil {
			return err
		}
		if err := recordBooker(ctx, tx, by, b.ID, string(b.State), string(StateCancelled)); err != nil {
			return err
		}
		nb, err := Load(ctx, tx, Lookup{TokenHash: keyHash(token)})
		if err != nil {
			return err
		}
		return s.mail.bookerChanged(ctx, tx, nb, token, kindCancelled, s.now())
	})
}

// MoveByBooker moves b, the booking behind the manage link token, to slot
// in one transaction with its audit entry and e-mails. ErrSlotTaken when
// another booking took the time, ErrNotFound when b changed meanwhile.
func (s *Store) MoveByBooker(ctx context.Context, by audit.Entry, b *Booking, slot Slot, token string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := Move(ctx, tx, b.ID, b.ConsultantID, slot.Start, slot.End, s.now()); err != nil {
			return err
		}
		if err := recordBooker(ctx, tx, by, b.ID, string(b.State), string(StateRequested)); err != nil {
			return err
		}
		nb, err := Load(ctx, tx, Lookup{TokenHash: keyHash(token)})
		if err != nil {
			return err
		}
		return s.mail.bookerChanged(ctx, tx, nb, token, kindMoved, s.now())
	})
}

// errStale means the booking changed state while the page was open.
var errStale = errors.New("booking: state changed")

// ChangeState moves d (as the consultant's page showed it; owner is whose
// bookings the user may change, nil for all) to state to. text is what the
// action requires: the reason of a decline or cancellation, which the
// booker is told, or the outcome of a held meeting, with topic. The audit
// entry and the booker's e-mail (with a fresh manage link) commit with it.
// errStale when d changed state meanwhile, ErrNotFound when it is gone.
func (s *Store) ChangeState(ctx context.Context, by audit.Entry, owner *int64, d *Booking, to State, text string, topic Topic) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		cur, err := Load(ctx, tx, Lookup{ID: d.ID, Owner: owner, Lock: true})
		if err != nil {
			return err
		}
		if cur.State != d.State {
			return errStale
		}
		from := cur.State
		if err := SetState(ctx, tx, d.ID, cur.State, to, s.now()); err != nil {
			return err
		}
		// The extra columns of the state.
		switch to {
		case StateDeclined:
			err = SetDeclineReason(ctx, tx, cur.ID, text)
		case StateCancelled:
			err = SetCancelReason(ctx, tx, cur.ID, text)
		case StateHeld:
			err = SetOutcome(ctx, tx, cur.ID, text, topic)
		}
		if err != nil {
			return err
		}
		// Read back what the e-mail reports: the new sequence above all.
		if cur, err = Load(ctx, tx, Lookup{ID: d.ID, Owner: owner}); err != nil {
			return err
		}
		if err := record(ctx, tx, by, audit.BookingStateChanged, d.ID,
			map[string]any{"booking": d.ID, "from": string(from), "to": string(to)}); err != nil {
			return err
		}
		if !s.mail.enabled() {
			return nil
		}
		// Every e-mail to the booker carries a link back to the booking.
		token, err := AddLink(ctx, tx, d.ID, s.now())
		if err != nil {
			return err
		}
		return s.mail.consultantChanged(ctx, tx, cur, token, text, s.now())
	})
}

// ProposeTime moves d (as the page showed it; owner as for ChangeState) to
// chosen, confirmed, with its audit entry and the booker's e-mail carrying
// message and a fresh manage link. ErrSlotTaken when another booking took
// the time, errStale when d changed meanwhile, ErrNotFound when it is gone.
func (s *Store) ProposeTime(ctx context.Context, by audit.Entry, owner *int64, d *Booking, chosen Slot, message string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// Queue on the consultant's row before locking the booking, the
		// order Move (the booker's move) takes them in: the other
		// order deadlocks with a booker moving the same booking.
		if err := lockConsultant(ctx, tx, d.ConsultantID); err != nil {
			return err
		}
		cur, err := Load(ctx, tx, Lookup{ID: d.ID, Owner: owner, Lock: true})
		if err != nil {
			return err
		}
		if cur.State != d.State || !cur.Slot.Start.Equal(d.Slot.Start) {
			return errStale
		}
		if err := Move(ctx, tx, d.ID, d.ConsultantID, chosen.Start, chosen.End, s.now()); err != nil {
			return err
		}
		// Move makes a request of it, as a booker's move should be; a time
		// the consultant proposes is confirmed on their side already.
		if err := SetState(ctx, tx, d.ID, StateRequested, StateConfirmed, s.now()); err != nil {
			return err
		}
		if err := record(ctx, tx, by, audit.BookingStateChanged, d.ID,
			map[string]any{"booking": d.ID, "from": string(cur.State), "to": string(StateConfirmed),
				"proposed": true, "old_start": cur.Slot.Start, "new_start": chosen.Start}); err != nil {
			return err
		}
		if !s.mail.enabled() {
			return nil
		}
		token, err := AddLink(ctx, tx, d.ID, s.now())
		if err != nil {
			return err
		}
		moved, err := Load(ctx, tx, Lookup{ID: d.ID, Owner: owner})
		if err != nil {
			return err
		}
		return s.mail.proposed(ctx, tx, moved, message, token, s.now())
	})
}

// WriteNote adds an internal note by the user authorID (named author) to
// booking id, with its audit entry; the booker never sees it.
func (s *Store) WriteNote(ctx context.Context, by audit.Entry, id, authorID int64, author, body string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := AddNote(ctx, tx, id, authorID, author, body, s.now()); err != nil {
			return err
		}
		return record(ctx, tx, by, audit.BookingNote, id, map[string]any{"booking": id})
	})
}

// SetAvailability saves a, the availability of the consultant userID
// (named name), with its audit entry. photo, when not nil, is stored as
// the new portrait; current is the portrait before, for the log. An
// ErrInvalid says which rule a broke.
func (s *Store) SetAvailability(ctx context.Context, by audit.Entry, userID int64, name string, a Availability,
	photo stdimage.Image, current *int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if photo != nil {
			id, err := image.Store(ctx, tx, photo)
			if err != nil {
				return fmt.Errorf("booking: store photo: %w", err)
			}
			a.Profile.PhotoID = &id
		}
		if err := SaveAvailability(ctx, tx, a, s.now()); err != nil {
			return err
		}
		e := by
		e.Action, e.TargetUserID, e.Target = audit.BookingAvailabilitySaved, &userID, name
		e.Detail = map[string]any{"hours": len(a.Hours), "exceptions": len(a.Exceptions),
			"active": a.Profile.Active, "photo": photoChange(current, a.Profile.PhotoID)}
		return audit.Record(ctx, tx, e)
	})
}

// calendar is b's calendar file for download, with MAIL_FROM's address as
// its organizer and BASE_URL's host in its UID.
func (s *Store) calendar(b *Booking) ([]byte, error) {
	_, data, err := calendarFile(b, forDownload, s.mail.organizer, s.mail.host, s.now())
	return data, err
}
