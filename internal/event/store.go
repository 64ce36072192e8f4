package event

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/secret"
	"residens/internal/throttle"
)

// ErrNotFound means there is no such (public) event or sign-up. It wraps
// db.ErrNotFound, so that a handler returning it gets the 404 page.
var ErrNotFound = fmt.Errorf("event: not found: %w", db.ErrNotFound)

// Store reads and changes events and their sign-ups. Every change of the
// seats runs with the event row locked (LockSeats), so sign-ups,
// cancellations, offers and their expiry on any number of app instances
// queue on that row, and the CHECK on seats_taken refuses an overbooking
// whatever the code does.
type Store struct {
	pool *pgxpool.Pool
	mail *mail.Queue // nil sends none
	// base is BASE_URL without a trailing slash, for links; host is its host
	// name, the right-hand side of calendar UIDs.
	base, host string
	now        func() time.Time
	limit      throttle.Form
}

// NewStore returns the store over pool: e-mail is queued on m (nil sends
// none) with links under baseURL, and now tells the time.
func NewStore(pool *pgxpool.Pool, m *mail.Queue, baseURL string, now func() time.Time) *Store {
	s := &Store{pool: pool, mail: m, base: strings.TrimRight(baseURL, "/"), now: now}
	if u, err := url.Parse(baseURL); err == nil {
		s.host = u.Hostname()
	}
	if s.host == "" {
		s.host = "residens"
	}
	s.SetLimits(throttle.DefaultLimits)
	return s
}

// SetLimits sets the sign-up form's limits per client address and per typed
// e-mail address (the LIMIT_* configuration).
func (s *Store) SetLimits(l throttle.Limits) {
	s.limit = l.Form("evenemang-anmalan", l.EventSignupsPerIP)
}

// Seats is the seat count of one event as its locked row holds it.
type Seats struct {
	// Capacity is the number of seats; nil: no limit.
	Capacity *int
	// Taken counts the seated and offered sign-ups; Waiting those in line.
	Taken, Waiting int
	// Status is the event's status (Draft, Published, Cancelled).
	Status                   string
	StartsAt, SignupClosesAt time.Time
}

// Free is the number of seats nobody holds; -1 when there is no limit.
func (s Seats) Free() int {
	if s.Capacity == nil {
		return -1
	}
	return max(*s.Capacity-s.Taken, 0)
}

// LockSeats locks the event row in tx (SELECT ... FOR UPDATE) and returns
// its seats; ErrNotFound (wrapping db.ErrNotFound) when there is no such
// event. Every change of seats_taken or of the line calls it first, so the
// changes of one event run one after the other.
func (s *Store) LockSeats(ctx context.Context, tx pgx.Tx, eventID int64) (Seats, error) {
	var st Seats
	err := tx.QueryRow(ctx, `
		SELECT capacity, seats_taken, status, starts_at, signup_closes_at FROM events WHERE id = $1 FOR UPDATE`,
		eventID).Scan(&st.Capacity, &st.Taken, &st.Status, &st.StartsAt, &st.SignupClosesAt)
	if db.IsNoRows(err) {
		return Seats{}, ErrNotFound
	}
	if err != nil {
		return Seats{}, fmt.Errorf("event: lock %d: %w", eventID, err)
	}
	// Counted under the lock: no one joins or leaves the line meanwhile.
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND state = 'waiting'`,
		eventID).Scan(&st.Waiting); err != nil {
		return Seats{}, fmt.Errorf("event: count line %d: %w", eventID, err)
	}
	return st, nil
}

// Offer times: an offer is valid OfferValid or until OfferCutoff before the
// start, whichever is sooner.
const (
	OfferValid  = 48 * time.Hour
	OfferCutoff = 24 * time.Hour
)

// OfferExpiry is when an offer made at now for an event starting at start
// lapses, and whether an offer can be made at all: within OfferCutoff of
// the start there is no time left to answer one.
func OfferExpiry(now, start time.Time) (time.Time, bool) {
	cutoff := start.Add(-OfferCutoff)
	if !now.Before(cutoff) {
		return time.Time{}, false
	}
	exp := now.Add(OfferValid)
	if cutoff.Before(exp) {
		exp = cutoff
	}
	return exp, true
}

// Reseat, with the event row locked in tx, gives every free seat to the
// first in line, in order, and queues their e-mails. It is called after a
// cancellation, a declined or expired offer, and by eventedit after a
// raised capacity.
//
// Up to OfferCutoff (24 hours) before the start a freed seat is offered:
// the seat is held for the first in line until OfferExpiry, and they accept
// or decline from their e-mail. Within the last 24 hours no offer could be
// answered in time, so the seat is given at once to the first in line, who
// is told by e-mail and may cancel with one click; that keeps the line's
// order (no newcomer takes a seat while others wait) and fills the room.
// Once the event has begun, or when it is not published, nothing moves.
func (s *Store) Reseat(ctx context.Context, tx pgx.Tx, eventID int64) error {
	st, err := s.LockSeats(ctx, tx, eventID)
	if err != nil {
		return err
	}
	now := s.now()
	if st.Status != Published || !now.Before(st.StartsAt) {
		return nil
	}
	if st.Capacity == nil {
		return s.seatAll(ctx, tx, eventID, now)
	}
	free := st.Free()
	if free == 0 || st.Waiting == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `
		SELECT id FROM event_signups WHERE event_id = $1 AND state = 'waiting'
		ORDER BY line_no LIMIT $2 FOR UPDATE`, eventID, free)
	if err != nil {
		return fmt.Errorf("event: reseat %d: %w", eventID, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("event: reseat %d: %w", eventID, err)
	}
	exp, offer := OfferExpiry(now, st.StartsAt)
	for _, id := range ids {
		if offer {
			_, err = tx.Exec(ctx, `
				UPDATE event_signups SET state = 'offered', offered_at = $2, offer_expires_at = $3, updated_at = $2
				WHERE id = $1`, id, now, exp)
		} else {
			_, err = tx.Exec(ctx, `
				UPDATE event_signups SET state = 'seated', seated_at = $2, updated_at = $2 WHERE id = $1`, id, now)
		}
		if err != nil {
			return fmt.Errorf("event: reseat %d: %w", id, err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE events SET seats_taken = seats_taken + $2 WHERE id = $1`,
		eventID, len(ids)); err != nil {
		return fmt.Errorf("event: reseat %d: %w", eventID, err)
	}
	for _, id := range ids {
		su, err := loadSignup(ctx, tx, signupLookup{id: id})
		if err != nil {
			return err
		}
		if offer {
			err = s.mailOffer(ctx, tx, su)
		} else {
			err = s.mailFromLine(ctx, tx, su, true)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// seatAll, for an event without a seat limit (its capacity was just
// cleared), seats everyone offered or waiting, in line order, and tells
// each with the mail of a seat given from the line. Left alone, the line
// would never move: no seat is ever freed, and SignUp keeps putting
// newcomers in line while others wait.
func (s *Store) seatAll(ctx context.Context, tx pgx.Tx, eventID int64, now time.Time) error {
	rows, err := tx.Query(ctx, `
		UPDATE event_signups SET state = 'seated', seated_at = $2, offer_expires_at = NULL, updated_at = $2
		WHERE event_id = $1 AND state IN ('offered', 'waiting')
		RETURNING id, line_no`, eventID, now)
	if err != nil {
		return fmt.Errorf("event: seat all %d: %w", eventID, err)
	}
	type seated struct {
		id     int64
		lineNo *int
	}
	var all []seated
	var one seated
	if _, err := pgx.ForEachRow(rows, []any{&one.id, &one.lineNo}, func() error {
		all = append(all, one)
		return nil
	}); err != nil {
		return fmt.Errorf("event: seat all %d: %w", eventID, err)
	}
	if len(all) == 0 {
		return nil
	}
	// The offered held their seats already; only the waiting add to
	// seats_taken.
	if _, err := tx.Exec(ctx, `
		UPDATE events SET seats_taken = (SELECT count(*) FROM event_signups WHERE event_id = $1 AND state = 'seated')
		WHERE id = $1`, eventID); err != nil {
		return fmt.Errorf("event: seat all %d: %w", eventID, err)
	}
	slices.SortFunc(all, func(a, b seated) int {
		switch {
		case a.lineNo == nil || b.lineNo == nil:
			return 0
		default:
			return *a.lineNo - *b.lineNo
		}
	})
	for _, x := range all {
		su, err := loadSignup(ctx, tx, signupLookup{id: x.id})
		if err != nil {
			return err
		}
		if err := s.mailFromLine(ctx, tx, su, false); err != nil {
			return err
		}
	}
	return nil
}

// NotifyCancelled queues, in tx, the e-mail telling everyone seated,
// offered or waiting that event eventID is cancelled (eventedit calls it
// when a consultant cancels, after setting the status). The seated get the
// calendar file that removes the event from their calendar.
func (s *Store) NotifyCancelled(ctx context.Context, tx pgx.Tx, eventID int64) error {
	rows, err := tx.Query(ctx, `
		SELECT id FROM event_signups WHERE event_id = $1 AND state IN ('seated', 'offered', 'waiting') ORDER BY id`,
		eventID)
	if err != nil {
		return fmt.Errorf("event: notify cancelled %d: %w", eventID, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("event: notify cancelled %d: %w", eventID, err)
	}
	for _, id := range ids {
		su, err := loadSignup(ctx, tx, signupLookup{id: id})
		if err != nil {
			return err
		}
		if err := s.mailCancelled(ctx, tx, su); err != nil {
			return err
		}
	}
	return nil
}

// CodeAlphabet is the registration code's alphabet: no 0/O, 1/I/L, so a
// code read aloud at the door is not mistaken.
const CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLength is the registration code's length.
const CodeLength = 6

// newCode is a random registration code.
func newCode() string {
	b := make([]byte, CodeLength)
	_, _ = rand.Read(b)
	out := make([]byte, CodeLength)
	for i, c := range b {
		// 256 is not a multiple of 31: a slight bias, harmless for a code
		// that is unique per event and checked by a person.
		out[i] = CodeAlphabet[int(c)%len(CodeAlphabet)]
	}
	return string(out)
}

// uniqueCode is a code no other sign-up of the event has; the event row is
// locked, so no one else takes it before the insert.
func uniqueCode(ctx context.Context, tx pgx.Tx, eventID int64) (string, error) {
	for range 20 {
		c := newCode()
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM event_signups WHERE event_id = $1 AND code = $2)`,
			eventID, c).Scan(&taken); err != nil {
			return "", fmt.Errorf("event: code: %w", err)
		}
		if !taken {
			return c, nil
		}
	}
	return "", errors.New("event: no free code")
}

// addLink makes a further manage link to sign-up id in tx and returns its
// token, for an e-mail that must carry a link.
func addLink(ctx context.Context, tx pgx.Tx, id int64, now time.Time) (string, error) {
	token, hash := secret.New()
	if _, err := tx.Exec(ctx, `INSERT INTO event_signup_links (token_hash, signup_id, created_at) VALUES ($1, $2, $3)`,
		hash, id, now); err != nil {
		return "", fmt.Errorf("event: link %d: %w", id, err)
	}
	return token, nil
}

// ManageLink makes, in tx, a fresh manage link to sign-up id and returns
// its address, for a mail another package sends about the sign-up (the
// consultants' messages, the speed-dating schedule). Only the hash is
// stored, so each mail needs a link of its own, as this package's own
// mails get one.
func (s *Store) ManageLink(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	token, err := addLink(ctx, tx, id, s.now())
	if err != nil {
		return "", err
	}
	return s.manageURL(token, ""), nil
}

// manageURL is the manage page of token; action ("avboka", "tacka-ja",
// "tacka-nej") opens it with that one button ready.
func (s *Store) manageURL(token, action string) string {
	u := s.base + "/evenemang/anmalan/" + token
	if action != "" {
		u += "?gora=" + action
	}
	return u
}

// eventURL is the public page of the event with slug.
func (s *Store) eventURL(slug string) string { return s.base + "/evenemang/" + slug }

// calendarUID is the stable UID of event id in every calendar file.
func (s *Store) calendarUID(id int64) string {
	return "evenemang-" + strconv.FormatInt(id, 10) + "@" + s.host
}
