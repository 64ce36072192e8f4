package event

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/secret"
	"residens/web/ui"
)

// The refusals of a sign-up or of a change to one; handlers answer each
// with a page that says what happened.
var (
	// ErrClosed: the sign-up deadline has passed.
	ErrClosed = errors.New("event: sign-up closed")
	// ErrEventCancelled: the event is cancelled.
	ErrEventCancelled = errors.New("event: the event is cancelled")
	// ErrPast: the event has begun or is over.
	ErrPast = errors.New("event: the event has begun")
	// ErrAlreadySignedUp: the e-mail address has a live sign-up already.
	ErrAlreadySignedUp = errors.New("event: the address is signed up already")
	// ErrKeyUsed: the form's key made a sign-up already (a double click).
	ErrKeyUsed = errors.New("event: the form's key has signed up already")
	// ErrNoOffer: the sign-up has no open offer to answer.
	ErrNoOffer = errors.New("event: no open offer")
	// ErrOfferExpired: the offer's time ran out.
	ErrOfferExpired = errors.New("event: the offer has expired")
	// ErrNotLive: the sign-up is cancelled, declined or expired already.
	ErrNotLive = errors.New("event: the sign-up is no longer live")
)

// ErrInvalid means the input broke a rule; Field names the form field.
type ErrInvalid struct{ Field, Msg string }

// Error tells the rule broken.
func (e ErrInvalid) Error() string { return "event: " + e.Msg }

// Signup is one sign-up with what the pages and e-mails about it show of
// its event.
type Signup struct {
	ID             int64
	EventID        int64
	State          State
	Name, Email    string
	Organisation   string
	Role           string
	ArtFormID      *int64
	MunicipalityID *int64
	Needs          string
	PublicConsent  bool
	SpeedSide      string
	LookingFor     string
	LookingForArt  []int64
	Code           string
	// LineNo is the ticket in the line (never reused); Place is the place
	// in line now (1 is next), 0 when not waiting.
	LineNo         *int
	Place          int
	OfferExpiresAt *time.Time
	CreatedAt      time.Time
	Event          Brief
}

// Brief is what a sign-up's pages and e-mails show of its event.
type Brief struct {
	ID                 int64
	Slug, Title        string
	Format             string
	StartsAt, EndsAt   time.Time
	Attendance         string
	PlaceName, Address string
	OnlineURL          string
	Status             string
	CancelReason       string
	Sequence           int
}

// Live reports whether the sign-up is seated, offered or waiting.
func (s *Signup) Live() bool { return s.State == Seated || s.State == Offered || s.State == Waiting }

// signupLookup names one sign-up: by id or by the hash of a manage token.
type signupLookup struct {
	id   int64
	hash []byte
	lock bool
}

const signupColumns = `
	s.id, s.event_id, s.state, s.name, s.email, s.organisation, s.role, s.art_form_id, s.municipality_id,
	s.needs, s.public_consent, coalesce(s.speed_side, ''), s.looking_for,
	ARRAY(SELECT art_form_id FROM event_signup_art_forms WHERE signup_id = s.id ORDER BY art_form_id),
	s.code, s.line_no,
	CASE WHEN s.state = 'waiting' THEN (SELECT count(*) FROM event_signups w
		WHERE w.event_id = s.event_id AND w.state = 'waiting' AND w.line_no <= s.line_no) ELSE 0 END,
	s.offer_expires_at, s.created_at,
	e.id, e.slug, e.title, e.format, e.starts_at, e.ends_at, e.attendance, e.place_name, e.address,
	e.online_url, e.status, e.cancel_reason, e.sequence`

func scanSignup(row pgx.Row) (*Signup, error) {
	var s Signup
	var state string
	b := &s.Event
	err := row.Scan(&s.ID, &s.EventID, &state, &s.Name, &s.Email, &s.Organisation, &s.Role, &s.ArtFormID,
		&s.MunicipalityID, &s.Needs, &s.PublicConsent, &s.SpeedSide, &s.LookingFor, &s.LookingForArt, &s.Code,
		&s.LineNo, &s.Place, &s.OfferExpiresAt, &s.CreatedAt,
		&b.ID, &b.Slug, &b.Title, &b.Format, &b.StartsAt, &b.EndsAt, &b.Attendance, &b.PlaceName, &b.Address,
		&b.OnlineURL, &b.Status, &b.CancelReason, &b.Sequence)
	s.State = State(state)
	return &s, err
}

func loadSignup(ctx context.Context, q db.Querier, l signupLookup) (*Signup, error) {
	where := `s.id = $1`
	var arg any = l.id
	if l.hash != nil {
		where = `(s.manage_token_hash = $1 OR s.id = (SELECT signup_id FROM event_signup_links WHERE token_hash = $1))`
		arg = l.hash
	}
	lock := ""
	if l.lock {
		lock = " FOR UPDATE OF s"
	}
	su, err := scanSignup(q.QueryRow(ctx, `SELECT `+signupColumns+`
		FROM event_signups s JOIN events e ON e.id = s.event_id WHERE `+where+lock, arg))
	if db.IsNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("event: load sign-up: %w", err)
	}
	return su, nil
}

// ByToken is the sign-up behind manage token; ErrNotFound when the token
// is none of ours.
func (s *Store) ByToken(ctx context.Context, token string) (*Signup, error) {
	hash := secret.Hash(token)
	if hash == nil {
		return nil, ErrNotFound
	}
	return loadSignup(ctx, s.pool, signupLookup{hash: hash})
}

// ByID is sign-up id (for eventedit's pages and tests).
func (s *Store) ByID(ctx context.Context, id int64) (*Signup, error) {
	return loadSignup(ctx, s.pool, signupLookup{id: id})
}

// Input is a checked sign-up: who signs up to which event, and the key of
// the form (the manage token the receipt links to).
type Input struct {
	EventID        int64
	Name, Email    string
	Organisation   string
	Role           string
	ArtFormID      *int64
	MunicipalityID *int64
	Needs          string
	PublicConsent  bool
	// SpeedSide, LookingFor and LookingForArt are for speed-dating only.
	SpeedSide     string
	LookingFor    string
	LookingForArt []int64
	Token         string
}

// Bounds of the sign-up's free-text fields (the table's CHECKs).
const (
	MaxName         = 200
	MaxEmail        = 254
	MaxOrganisation = 200
	MaxNeeds        = 1000
	MaxLookingFor   = 1000
)

// Problems are the rules in breaks for an event of format, one message a
// field: the sign-up form shows them all, and SignUp refuses in while there
// is one. It trims the name and address and clears what only a
// speed-dating sign-up carries from any other.
func (in *Input) Problems(format string) ui.FieldErrors {
	in.Name, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	var errs ui.FieldErrors
	errs.Check(in.Name != "" && len([]rune(in.Name)) <= MaxName, "namn", "Skriv ditt namn (högst 200 tecken).")
	errs.Check(len(in.Email) <= MaxEmail && mail.ValidAddress(in.Email), "epost", "Skriv en e-postadress, till exempel namn@exempel.se.")
	errs.Check(len([]rune(in.Organisation)) <= MaxOrganisation, "organisation", "Organisationen får vara högst 200 tecken.")
	errs.Check(ui.HasOption(Roles, in.Role), "roll", "Välj vad du anmäler dig som.")
	errs.Check(len([]rune(in.Needs)) <= MaxNeeds, "behov", "Skriv högst 1 000 tecken om dina behov.")
	if format == FormatSpeedDating {
		errs.Check(ui.HasOption(Sides, in.SpeedSide), "sida", "Välj om du är kulturaktör eller kommun eller organisation.")
		errs.Check(len([]rune(in.LookingFor)) <= MaxLookingFor, "soker", "Skriv högst 1 000 tecken om vad du söker.")
	} else {
		in.SpeedSide, in.LookingFor, in.LookingForArt = "", "", nil
	}
	errs.Check(secret.Hash(in.Token) != nil, "nyckel", "Formuläret är för gammalt. Ladda om sidan och försök igen.")
	return errs
}

// validate is the first of in's Problems as an ErrInvalid, or nil.
func (in *Input) validate(format string) error {
	if errs := in.Problems(format); errs.Any() {
		return ErrInvalid{errs[0].Field, errs[0].Message}
	}
	return nil
}

// Result is what a sign-up got: a seat or a place in line.
type Result struct {
	SignupID int64
	State    State
	Place    int
	Code     string
}

// open checks that an event with seats st takes sign-ups at now.
func open(st Seats, now time.Time) error {
	switch {
	case st.Status == Draft:
		return ErrNotFound
	case st.Status == Cancelled:
		return ErrEventCancelled
	case !now.Before(st.StartsAt):
		return ErrPast
	case !now.Before(st.SignupClosesAt):
		return ErrClosed
	}
	return nil
}

// running checks that an event with seats st still takes a participant's
// yes or change at now: published and not begun. Cancelling one's own
// sign-up or leaving the line needs no such check.
func running(st Seats, now time.Time) error {
	switch {
	case st.Status == Cancelled:
		return ErrEventCancelled
	case st.Status != Published:
		return ErrNotFound
	case !now.Before(st.StartsAt):
		return ErrPast
	}
	return nil
}

// SignUp makes the sign-up in in one transaction: it locks the event,
// checks that it takes sign-ups (published, before the deadline to the
// second, not begun), refuses a second live sign-up of the address and a
// second use of the form's key, counts the form's limits, and then seats
// the sign-up (seats_taken + 1) when a seat is free and nobody waits, or
// puts it last in line (line_no from next_line_no); the audit entry and the
// e-mail (the confirmation with its calendar file, or the receipt with the
// place in line) commit with it.
func (s *Store) SignUp(ctx context.Context, by audit.Entry, in Input) (Result, error) {
	var res Result
	now := s.now()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		st, err := s.LockSeats(ctx, tx, in.EventID)
		if err != nil {
			return err
		}
		if err := open(st, now); err != nil {
			return err
		}
		var format string
		if err := tx.QueryRow(ctx, `SELECT format FROM events WHERE id = $1`, in.EventID).Scan(&format); err != nil {
			return fmt.Errorf("event: sign-up %d: %w", in.EventID, err)
		}
		if err := in.validate(format); err != nil {
			return err
		}
		hash := secret.Hash(in.Token)
		var keyUsed, signedUp bool
		if err := tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM event_signups WHERE manage_token_hash = $1),
				EXISTS (SELECT 1 FROM event_signups WHERE event_id = $2 AND lower(email) = lower($3)
					AND state IN ('seated', 'waiting', 'offered'))`, hash, in.EventID, in.Email).Scan(&keyUsed, &signedUp); err != nil {
			return fmt.Errorf("event: sign-up %d: %w", in.EventID, err)
		}
		if keyUsed {
			return ErrKeyUsed
		}
		if signedUp {
			return ErrAlreadySignedUp
		}
		if err := s.limit.Take(ctx, tx, by.IP, in.Email, now); err != nil {
			return err
		}
		code, err := uniqueCode(ctx, tx, in.EventID)
		if err != nil {
			return err
		}
		state := Waiting
		var lineNo *int
		if st.Free() != 0 && st.Waiting == 0 {
			state = Seated
			if _, err := tx.Exec(ctx, `UPDATE events SET seats_taken = seats_taken + 1 WHERE id = $1`, in.EventID); err != nil {
				return fmt.Errorf("event: seat %d: %w", in.EventID, err)
			}
		} else {
			var n int
			if err := tx.QueryRow(ctx, `
				UPDATE events SET next_line_no = next_line_no + 1 WHERE id = $1 RETURNING next_line_no - 1`,
				in.EventID).Scan(&n); err != nil {
				return fmt.Errorf("event: line %d: %w", in.EventID, err)
			}
			lineNo = &n
		}
		var seatedAt *time.Time
		if state == Seated {
			seatedAt = &now
		}
		var side *string
		if in.SpeedSide != "" {
			side = &in.SpeedSide
		}
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO event_signups (event_id, state, name, email, organisation, role, art_form_id, municipality_id,
				needs, public_consent, speed_side, looking_for, code, manage_token_hash, line_no, seated_at,
				created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
			RETURNING id`,
			in.EventID, string(state), in.Name, in.Email, in.Organisation, in.Role, in.ArtFormID, in.MunicipalityID,
			in.Needs, in.PublicConsent, side, in.LookingFor, code, hash, lineNo, seatedAt, now).Scan(&id); err != nil {
			return fmt.Errorf("event: sign-up %d: %w", in.EventID, err)
		}
		if len(in.LookingForArt) > 0 {
			if _, err := tx.Exec(ctx, `
				INSERT INTO event_signup_art_forms (signup_id, art_form_id)
				SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, id, in.LookingForArt); err != nil {
				return fmt.Errorf("event: sign-up %d art forms: %w", id, err)
			}
		}
		if err := record(ctx, tx, by, audit.EventSignedUp, id, map[string]any{"event": in.EventID, "state": string(state)}); err != nil {
			return err
		}
		su, err := loadSignup(ctx, tx, signupLookup{id: id})
		if err != nil {
			return err
		}
		res = Result{SignupID: id, State: state, Place: su.Place, Code: code}
		return s.mailSignedUp(ctx, tx, su, in.Token)
	})
	switch {
	case db.IsUniqueViolation(err, "event_signups_manage_token_hash_key"):
		return res, fmt.Errorf("%w: %w", ErrKeyUsed, err)
	case db.IsUniqueViolation(err, "event_signups_one_per_email"):
		return res, fmt.Errorf("%w: %w", ErrAlreadySignedUp, err)
	}
	return res, err
}

// signupActor names an anonymous participant in the audit log.
const signupActor = "Deltagare (anmälningslänk)"

// record writes by as the audit entry of action on sign-up id.
func record(ctx context.Context, tx pgx.Tx, by audit.Entry, action string, id int64, detail map[string]any) error {
	e := by
	if e.ActorID == nil && e.ActorName == "" {
		e.ActorName = signupActor
	}
	e.Action, e.Target, e.Detail = action, "anmälan "+strconv.FormatInt(id, 10), detail
	return audit.Record(ctx, tx, e)
}

// change runs fn on the sign-up behind token with its event row locked
// and the sign-up read afresh under that lock (what another request or the
// expiry job did meanwhile is seen), in one transaction.
func (s *Store) change(ctx context.Context, token string, fn func(tx pgx.Tx, su *Signup, st Seats) error) error {
	hash := secret.Hash(token)
	if hash == nil {
		return ErrNotFound
	}
	first, err := loadSignup(ctx, s.pool, signupLookup{hash: hash})
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		st, err := s.LockSeats(ctx, tx, first.EventID)
		if err != nil {
			return err
		}
		su, err := loadSignup(ctx, tx, signupLookup{id: first.ID, lock: true})
		if err != nil {
			return err
		}
		return fn(tx, su, st)
	})
}

// Cancel cancels the sign-up behind token: a seat (or an offered seat) is
// freed and passed on to the line (Reseat) in the same transaction; a place
// in line is left. ErrNotLive when it was no longer live, ErrPast once the
// event has begun.
func (s *Store) Cancel(ctx context.Context, by audit.Entry, token string) error {
	return s.change(ctx, token, func(tx pgx.Tx, su *Signup, st Seats) error {
		if !su.Live() {
			return ErrNotLive
		}
		now := s.now()
		if !now.Before(st.StartsAt) {
			return ErrPast
		}
		return s.leave(ctx, tx, by, su, Withdrawn, now)
	})
}

// leave moves the live sign-up su to the state to (cancelled, declined or
// expired) with the event row locked; a seat it held is freed and passed on
// (Reseat) in the same transaction.
func (s *Store) leave(ctx context.Context, tx pgx.Tx, by audit.Entry, su *Signup, to State, now time.Time) error {
	if _, err := tx.Exec(ctx, `
		UPDATE event_signups SET state = $2::text, cancelled_at = CASE WHEN $2::text = 'cancelled' THEN $3::timestamptz END,
			offer_expires_at = NULL, updated_at = $3
		WHERE id = $1`, su.ID, string(to), now); err != nil {
		return fmt.Errorf("event: %s %d: %w", to, su.ID, err)
	}
	if err := record(ctx, tx, by, audit.EventSignupChanged, su.ID,
		map[string]any{"event": su.EventID, "from": string(su.State), "to": string(to)}); err != nil {
		return err
	}
	held := su.State.HoldsSeat()
	su.State = to
	if err := s.mailLeft(ctx, tx, su); err != nil {
		return err
	}
	if !held {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE events SET seats_taken = seats_taken - 1 WHERE id = $1`, su.EventID); err != nil {
		return fmt.Errorf("event: free seat %d: %w", su.EventID, err)
	}
	return s.Reseat(ctx, tx, su.EventID)
}

// Accept takes the seat offered to the sign-up behind token.
// ErrEventCancelled or ErrPast when the event is cancelled or has begun
// (an old page's button must not seat anyone); ErrNoOffer
// when there is no open offer (never made, answered, or passed on),
// ErrOfferExpired when its time ran out and the job has not yet passed it
// on (nothing changes: the job does that, and mails).
func (s *Store) Accept(ctx context.Context, by audit.Entry, token string) error {
	return s.change(ctx, token, func(tx pgx.Tx, su *Signup, st Seats) error {
		now := s.now()
		if err := running(st, now); err != nil {
			return err
		}
		if su.State != Offered {
			return ErrNoOffer
		}
		if !now.Before(*su.OfferExpiresAt) {
			return ErrOfferExpired
		}
		if _, err := tx.Exec(ctx, `
			UPDATE event_signups SET state = 'seated', seated_at = $2, offer_expires_at = NULL, updated_at = $2
			WHERE id = $1`, su.ID, now); err != nil {
			return fmt.Errorf("event: accept %d: %w", su.ID, err)
		}
		if err := record(ctx, tx, by, audit.EventSignupChanged, su.ID,
			map[string]any{"event": su.EventID, "from": string(Offered), "to": string(Seated)}); err != nil {
			return err
		}
		su.State, su.OfferExpiresAt = Seated, nil
		return s.mailAccepted(ctx, tx, su)
	})
}

// Decline says no to the seat offered to the sign-up behind token; the seat
// goes to the next in line at once. ErrNoOffer when there is no open offer.
func (s *Store) Decline(ctx context.Context, by audit.Entry, token string) error {
	return s.change(ctx, token, func(tx pgx.Tx, su *Signup, _ Seats) error {
		if su.State != Offered {
			return ErrNoOffer
		}
		return s.leave(ctx, tx, by, su, Declined, s.now())
	})
}

// ChangeNeeds replaces the needs (food, access) of the live sign-up behind
// token; ErrEventCancelled or ErrPast when the event is cancelled or has
// begun.
func (s *Store) ChangeNeeds(ctx context.Context, by audit.Entry, token, needs string) error {
	if len([]rune(needs)) > MaxNeeds {
		return ErrInvalid{"behov", "Skriv högst 1 000 tecken om dina behov."}
	}
	return s.change(ctx, token, func(tx pgx.Tx, su *Signup, st Seats) error {
		if err := running(st, s.now()); err != nil {
			return err
		}
		if !su.Live() {
			return ErrNotLive
		}
		if _, err := tx.Exec(ctx, `UPDATE event_signups SET needs = $2, updated_at = $3 WHERE id = $1`,
			su.ID, needs, s.now()); err != nil {
			return fmt.Errorf("event: needs %d: %w", su.ID, err)
		}
		return record(ctx, tx, by, audit.EventSignupChanged, su.ID, map[string]any{"event": su.EventID, "needs": true})
	})
}

// ExpireOffers lapses every offer whose time has run out and passes each
// freed seat on (Reseat), one event per transaction with its row locked,
// and returns how many offers lapsed; the periodic job calls it. An offer
// answered or cancelled meanwhile is not touched: the lock orders the two,
// and the state is read again under it.
func (s *Store) ExpireOffers(ctx context.Context) (int, error) {
	now := s.now()
	rows, err := s.pool.Query(ctx, `
		SELECT DISTINCT s.event_id FROM event_signups s JOIN events e ON e.id = s.event_id
		WHERE s.state = 'offered' AND s.offer_expires_at <= $1 AND e.status = 'published' ORDER BY 1`, now)
	if err != nil {
		return 0, fmt.Errorf("event: due offers: %w", err)
	}
	events, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("event: due offers: %w", err)
	}
	n := 0
	var errs []error
	for _, id := range events {
		lapsed := 0
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			st, err := s.LockSeats(ctx, tx, id)
			if err != nil {
				return err
			}
			// A cancelled event's offers stay as they were: its sign-ups
			// were told it is cancelled, and no seat is to pass on.
			if st.Status != Published {
				return nil
			}
			rows, err := tx.Query(ctx, `
				SELECT id FROM event_signups WHERE event_id = $1 AND state = 'offered' AND offer_expires_at <= $2
				ORDER BY line_no FOR UPDATE`, id, now)
			if err != nil {
				return fmt.Errorf("event: due offers %d: %w", id, err)
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return fmt.Errorf("event: due offers %d: %w", id, err)
			}
			for _, sid := range ids {
				su, err := loadSignup(ctx, tx, signupLookup{id: sid})
				if err != nil {
					return err
				}
				if err := s.leave(ctx, tx, audit.Entry{ActorName: "Systemet"}, su, Expired, now); err != nil {
					return err
				}
			}
			lapsed = len(ids)
			return nil
		})
		if err != nil {
			// One event's failure must not hold up the others; the job
			// fails and River runs it again.
			errs = append(errs, err)
			continue
		}
		n += lapsed
	}
	return n, errors.Join(errs...)
}
