package booking

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// Booking is one booking as every page, e-mail and calendar file shows it:
// the booker's manage page, the consultants' inbox and booking page, the
// reminders. It is the one read model of a bookings row.
type Booking struct {
	ID              int64
	ConsultantID    int64
	ConsultantName  string
	ConsultantEmail string
	Slot            Slot
	State           State
	Name            string
	Email           string
	Organisation    string
	Role            string
	Municipality    string
	Question        string
	MeetingForm     MeetingForm
	Topic           Topic
	// Registration is the booking's number in the register (diariet), ""
	// when it has none.
	Registration  string
	DeclineReason string
	CancelReason  string
	OutcomeNote   string
	OutcomeTopic  Topic
	// Sequence counts the changes told to the booker: the calendar file's
	// SEQUENCE.
	Sequence int
	// CalendarKey is the random part of the calendar UID (CalendarUID).
	CalendarKey string
	CreatedAt   time.Time
	// Notes are the consultants' internal notes, loaded with one booking
	// (not in lists); never shown or sent to the booker.
	Notes []Note
}

// Note is an internal note on a booking.
type Note struct {
	Author    string
	Body      string
	CreatedAt time.Time
}

// bookingColumns are the columns scanBooking reads, over bookings b joined
// with the consultant u, the registration r and the municipality m.
const bookingColumns = `b.id, b.consultant_id, u.name, u.email, lower(b.during), upper(b.during), b.state,
	b.name, b.email, b.organisation, b.role, coalesce(m.name, ''), b.question, b.meeting_form, b.topic,
	coalesce(r.number, ''), b.decline_reason, b.cancel_reason, b.outcome_note, coalesce(b.outcome_topic, ''),
	b.sequence, coalesce(b.calendar_uid::text, ''), b.created_at
	FROM bookings b
	JOIN users u ON u.id = b.consultant_id
	LEFT JOIN registrations r ON r.id = b.registration_id
	LEFT JOIN municipalities m ON m.id = b.municipality_id`

func scanBooking(row pgx.Row) (Booking, error) {
	var b Booking
	err := row.Scan(&b.ID, &b.ConsultantID, &b.ConsultantName, &b.ConsultantEmail, &b.Slot.Start, &b.Slot.End,
		&b.State, &b.Name, &b.Email, &b.Organisation, &b.Role, &b.Municipality, &b.Question, &b.MeetingForm,
		&b.Topic, &b.Registration, &b.DeclineReason, &b.CancelReason, &b.OutcomeNote, &b.OutcomeTopic,
		&b.Sequence, &b.CalendarKey, &b.CreatedAt)
	return b, err
}

// Lookup says which booking Load reads.
type Lookup struct {
	// ID, or else TokenHash (the hash of a manage link's secret: the
	// request's own or one made later by AddLink), picks the booking.
	ID        int64
	TokenHash []byte
	// Owner, when set, limits the booking to that consultant's.
	Owner *int64
	// Lock locks the row until the transaction ends.
	Lock bool
	// DueFrom and DueTo, when set, ask for a confirmed booking starting in
	// [DueFrom, DueTo) with no reminder sent, locked, skipping a row another
	// transaction holds (it counts as not found) so it is reminded of once.
	DueFrom, DueTo time.Time
}

// Load reads one booking with its notes; ErrNotFound when there is none
// that fits l.
func Load(ctx context.Context, q db.Querier, l Lookup) (*Booking, error) {
	sql := `SELECT ` + bookingColumns + ` WHERE ($2::bigint IS NULL OR b.consultant_id = $2) AND `
	args := []any{nil, ownerArg(l.Owner)}
	switch {
	case l.ID > 0:
		sql += `b.id = $1`
		args[0] = l.ID
	case l.TokenHash != nil:
		sql += `b.id = coalesce((SELECT id FROM bookings WHERE manage_token_hash = $1),
			(SELECT booking_id FROM booking_links WHERE token_hash = $1))`
		args[0] = l.TokenHash
	default:
		return nil, ErrNotFound
	}
	due := !l.DueFrom.IsZero()
	if due {
		sql += ` AND b.state = 'confirmed' AND b.reminder_sent_at IS NULL AND lower(b.during) >= $3 AND lower(b.during) < $4`
		args = append(args, l.DueFrom, l.DueTo)
	}
	switch {
	case due:
		sql += ` FOR UPDATE OF b SKIP LOCKED`
	case l.Lock:
		sql += ` FOR UPDATE OF b`
	}
	b, err := scanBooking(q.QueryRow(ctx, sql, args...))
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("booking: load %d: %w", l.ID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("booking: load %d: %w", l.ID, err)
	}
	rows, err := q.Query(ctx, `SELECT author_name, body, created_at FROM booking_notes WHERE booking_id = $1
		ORDER BY created_at, id`, b.ID)
	if err != nil {
		return nil, fmt.Errorf("booking: notes %d: %w", b.ID, err)
	}
	b.Notes, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Note, error) {
		var n Note
		err := r.Scan(&n.Author, &n.Body, &n.CreatedAt)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("booking: notes %d: %w", b.ID, err)
	}
	return &b, nil
}

// ownerArg is nil for an admin (every booking) or the consultant whose
// bookings may be seen.
func ownerArg(owner *int64) any {
	if owner == nil {
		return nil
	}
	return *owner
}

// PageSize is how many bookings one inbox page lists.
const PageSize = 25

// inbox lists the bookings in state of consultant (nil: all), earliest
// first, one page, with the total count.
func inbox(ctx context.Context, q db.Querier, consultant *int64, state State, page int) ([]Booking, int, error) {
	var total int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM bookings
		WHERE state = $1 AND ($2::bigint IS NULL OR consultant_id = $2)`, string(state), ownerArg(consultant)).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("booking: inbox count: %w", err)
	}
	rows, err := q.Query(ctx, `SELECT `+bookingColumns+`
		WHERE b.state = $1 AND ($2::bigint IS NULL OR b.consultant_id = $2)
		ORDER BY lower(b.during), b.id
		LIMIT $3 OFFSET $4`, string(state), ownerArg(consultant), PageSize, (max(page, 1)-1)*PageSize)
	if err != nil {
		return nil, 0, fmt.Errorf("booking: inbox: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Booking, error) { return scanBooking(r) })
	if err != nil {
		return nil, 0, fmt.Errorf("booking: inbox: %w", err)
	}
	return list, total, nil
}

// stateCounts counts the bookings of consultant (nil: all) in each state,
// for the inbox's tabs; the requested ones are those waiting for an answer.
func stateCounts(ctx context.Context, q db.Querier, consultant *int64) (map[State]int, error) {
	rows, err := q.Query(ctx, `SELECT state, count(*) FROM bookings
		WHERE $1::bigint IS NULL OR consultant_id = $1 GROUP BY state`, ownerArg(consultant))
	if err != nil {
		return nil, fmt.Errorf("booking: state counts: %w", err)
	}
	counts := map[State]int{}
	var st string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&st, &n}, func() error {
		counts[State(st)] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("booking: state counts: %w", err)
	}
	return counts, nil
}

// Person is a consultant, for the admins' filter.
type Person struct {
	ID   int64
	Name string
}

// consultants lists the accounts with a consultant profile, by name.
func consultants(ctx context.Context, q db.Querier) ([]Person, error) {
	rows, err := q.Query(ctx, `SELECT u.id, u.name FROM consultant_profiles p JOIN users u ON u.id = p.user_id
		ORDER BY u.name, u.id`)
	if err != nil {
		return nil, fmt.Errorf("booking: consultants: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Person, error) {
		var p Person
		err := r.Scan(&p.ID, &p.Name)
		return p, err
	})
}

// dueReminders lists the confirmed bookings starting in [from, to) that
// have had no reminder, earliest first.
func dueReminders(ctx context.Context, q db.Querier, from, to time.Time) ([]int64, error) {
	rows, err := q.Query(ctx, `
		SELECT id FROM bookings
		WHERE state = 'confirmed' AND reminder_sent_at IS NULL AND lower(during) >= $1 AND lower(during) < $2
		ORDER BY lower(during), id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("booking: reminders: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("booking: reminders: %w", err)
	}
	return ids, nil
}

// markReminded records that booking id's reminder was queued at now.
func markReminded(ctx context.Context, tx pgx.Tx, id int64, now time.Time) error {
	if _, err := tx.Exec(ctx, `UPDATE bookings SET reminder_sent_at = $2 WHERE id = $1`, id, now); err != nil {
		return fmt.Errorf("booking: reminder %d: %w", id, err)
	}
	return nil
}

// setRegistration gives booking id its number in the register.
func setRegistration(ctx context.Context, tx pgx.Tx, id, registrationID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE bookings SET registration_id = $2 WHERE id = $1`, id, registrationID); err != nil {
		return fmt.Errorf("booking: number booking %d: %w", id, err)
	}
	return nil
}

// SetDeclineReason records why the consultant declined booking id; the
// booker is told it.
func SetDeclineReason(ctx context.Context, tx pgx.Tx, id int64, reason string) error {
	if _, err := tx.Exec(ctx, `UPDATE bookings SET decline_reason = $2 WHERE id = $1`, id, reason); err != nil {
		return fmt.Errorf("booking: decline reason %d: %w", id, err)
	}
	return nil
}

// SetCancelReason records why the consultant cancelled booking id; the
// booker is told it.
func SetCancelReason(ctx context.Context, tx pgx.Tx, id int64, reason string) error {
	if _, err := tx.Exec(ctx, `UPDATE bookings SET cancel_reason = $2 WHERE id = $1`, id, reason); err != nil {
		return fmt.Errorf("booking: cancel reason %d: %w", id, err)
	}
	return nil
}

// SetOutcome records what a held meeting led to and what it was about,
// for follow-up.
func SetOutcome(ctx context.Context, tx pgx.Tx, id int64, note string, topic Topic) error {
	if _, err := tx.Exec(ctx, `UPDATE bookings SET outcome_note = $2, outcome_topic = $3 WHERE id = $1`,
		id, note, string(topic)); err != nil {
		return fmt.Errorf("booking: outcome %d: %w", id, err)
	}
	return nil
}

// AddNote writes an internal note on booking id by authorID (named
// author, kept should the account go).
func AddNote(ctx context.Context, tx pgx.Tx, id, authorID int64, author, body string, now time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO booking_notes (booking_id, author_id, author_name, body, created_at)
		VALUES ($1, $2, $3, $4, $5)`, id, authorID, author, body, now); err != nil {
		return fmt.Errorf("booking: note %d: %w", id, err)
	}
	return nil
}

// lockConsultant queues on the consultant's profile row until tx ends: the
// order Hold and Move take their locks in, so that others taking the
// booking's row after it do not deadlock with them.
func lockConsultant(ctx context.Context, tx pgx.Tx, consultantID int64) error {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM consultant_profiles WHERE user_id = $1 FOR NO KEY UPDATE`,
		consultantID); err != nil {
		return fmt.Errorf("booking: lock consultant %d: %w", consultantID, err)
	}
	return nil
}

// currentPhoto is the photo the consultant's profile has now, nil for none
// (or no profile yet): saving the form keeps it unless a new one is sent
// or the remove box is ticked.
func currentPhoto(ctx context.Context, q db.Querier, userID int64) (*int64, error) {
	var id *int64
	err := q.QueryRow(ctx, `SELECT photo_image_id FROM consultant_profiles WHERE user_id = $1`, userID).Scan(&id)
	if err != nil && !db.IsNoRows(err) {
		return nil, fmt.Errorf("booking: photo of %d: %w", userID, err)
	}
	return id, nil
}
