package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"residens/internal/db"
	"residens/internal/registry"
	"residens/internal/secret"
)

// ErrSlotTaken means another booking already holds (part of) the time: the
// exclusion constraint refused the row.
var ErrSlotTaken = errors.New("booking: the time is already booked")

// ErrNotFound means there is no such consultant profile or booking.
// It wraps db.ErrNotFound, so that a handler returning it gets the 404 page.
var ErrNotFound = fmt.Errorf("booking: not found: %w", db.ErrNotFound)

// ErrInvalid means the data broke a rule; the message says which.
type ErrInvalid struct{ Msg string }

// Error tells the rule broken.
func (e ErrInvalid) Error() string { return "booking: " + e.Msg }

// exclusionViolation is SQLSTATE 23P01, raised by an EXCLUDE constraint.
const exclusionViolation = "23P01"

func isExclusion(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == exclusionViolation
}

// SaveAvailability writes a consultant's profile, art forms, municipalities,
// topics, weekly hours and exceptions, replacing what was there. It runs in
// the caller's transaction so that the audit entry commits with it.
func SaveAvailability(ctx context.Context, tx pgx.Tx, a Availability, now time.Time) error {
	if msg := a.Validate(); msg != "" {
		return ErrInvalid{msg}
	}
	p := a.Profile
	uid := p.UserID
	if _, err := tx.Exec(ctx, `
		INSERT INTO consultant_profiles (user_id, title, text, photo_image_id, meeting_minutes, buffer_minutes,
			min_notice_days, horizon_weeks, all_municipalities, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
		ON CONFLICT (user_id) DO UPDATE SET title = EXCLUDED.title, text = EXCLUDED.text,
			photo_image_id = EXCLUDED.photo_image_id, meeting_minutes = EXCLUDED.meeting_minutes,
			buffer_minutes = EXCLUDED.buffer_minutes, min_notice_days = EXCLUDED.min_notice_days,
			horizon_weeks = EXCLUDED.horizon_weeks, all_municipalities = EXCLUDED.all_municipalities,
			active = EXCLUDED.active, updated_at = EXCLUDED.updated_at`,
		uid, p.Title, p.Text, p.PhotoID, p.MeetingMinutes, p.BufferMinutes, p.MinNoticeDays, p.HorizonWeeks,
		p.AllMunicipalities, p.Active, now); err != nil {
		return fmt.Errorf("booking: save profile %d: %w", uid, err)
	}
	for _, table := range []string{"consultant_art_forms", "consultant_municipalities", "consultant_topics",
		"consultant_weekly_hours", "consultant_exceptions"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE user_id = $1`, uid); err != nil {
			return fmt.Errorf("booking: clear %s %d: %w", table, uid, err)
		}
	}
	topics := make([]string, len(p.Topics))
	for i, t := range p.Topics {
		topics[i] = string(t)
	}
	batch := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO consultant_art_forms (user_id, art_form_id)
			SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, []any{uid, p.ArtFormIDs}},
		{`INSERT INTO consultant_municipalities (user_id, municipality_id)
			SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, []any{uid, p.MunicipalityIDs}},
		{`INSERT INTO consultant_topics (user_id, topic)
			SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, []any{uid, topics}},
	}
	for _, h := range a.Hours {
		batch = append(batch, struct {
			sql  string
			args []any
		}{`INSERT INTO consultant_weekly_hours (user_id, weekday, starts, ends) VALUES ($1, $2, $3, $4)`,
			[]any{uid, h.Weekday, h.Starts, h.Ends}})
	}
	for _, e := range a.Exceptions {
		var starts, ends any
		if e.Kind == Extra {
			starts, ends = e.Starts, e.Ends
		}
		batch = append(batch, struct {
			sql  string
			args []any
		}{`INSERT INTO consultant_exceptions (user_id, day, kind, starts, ends) VALUES ($1, $2, $3, $4, $5)`,
			[]any{uid, dateOnly(e.Day), string(e.Kind), starts, ends}})
	}
	for _, b := range batch {
		if _, err := tx.Exec(ctx, b.sql, b.args...); err != nil {
			return fmt.Errorf("booking: save availability %d: %w", uid, err)
		}
	}
	return nil
}

// LoadAvailability reads a consultant's profile and schedule; ErrNotFound
// when the consultant has no profile.
func LoadAvailability(ctx context.Context, q db.Querier, userID int64) (Availability, error) {
	var a Availability
	p := &a.Profile
	err := q.QueryRow(ctx, `
		SELECT user_id, title, text, photo_image_id, meeting_minutes, buffer_minutes, min_notice_days,
			horizon_weeks, all_municipalities, active,
			ARRAY(SELECT art_form_id FROM consultant_art_forms WHERE user_id = $1 ORDER BY art_form_id),
			ARRAY(SELECT municipality_id FROM consultant_municipalities WHERE user_id = $1 ORDER BY municipality_id),
			ARRAY(SELECT topic FROM consultant_topics WHERE user_id = $1 ORDER BY topic)
		FROM consultant_profiles WHERE user_id = $1`, userID).Scan(
		&p.UserID, &p.Title, &p.Text, &p.PhotoID, &p.MeetingMinutes, &p.BufferMinutes, &p.MinNoticeDays,
		&p.HorizonWeeks, &p.AllMunicipalities, &p.Active, &p.ArtFormIDs, &p.MunicipalityIDs, &p.Topics)
	if db.IsNoRows(err) {
		return Availability{}, ErrNotFound
	}
	if err != nil {
		return Availability{}, fmt.Errorf("booking: load profile %d: %w", userID, err)
	}
	rows, err := q.Query(ctx, `
		SELECT weekday, starts, ends FROM consultant_weekly_hours WHERE user_id = $1 ORDER BY weekday, starts`, userID)
	if err != nil {
		return Availability{}, fmt.Errorf("booking: load hours %d: %w", userID, err)
	}
	a.Hours, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Hours, error) {
		var h Hours
		err := r.Scan(&h.Weekday, &h.Starts, &h.Ends)
		return h, err
	})
	if err != nil {
		return Availability{}, fmt.Errorf("booking: load hours %d: %w", userID, err)
	}
	rows, err = q.Query(ctx, `
		SELECT day, kind, starts, ends FROM consultant_exceptions WHERE user_id = $1 ORDER BY day, starts NULLS FIRST`,
		userID)
	if err != nil {
		return Availability{}, fmt.Errorf("booking: load exceptions %d: %w", userID, err)
	}
	a.Exceptions, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Exception, error) {
		var e Exception
		var kind string
		err := r.Scan(&e.Day, &kind, &e.Starts, &e.Ends)
		e.Kind = ExceptionKind(kind)
		return e, err
	})
	if err != nil {
		return Availability{}, fmt.Errorf("booking: load exceptions %d: %w", userID, err)
	}
	return a, nil
}

// Holding lists the times that a consultant's requested and confirmed
// bookings hold and that overlap [from, to), earliest first: the busy input
// of FreeSlots.
func Holding(ctx context.Context, q db.Querier, consultantID int64, from, to time.Time) ([]Slot, error) {
	rows, err := q.Query(ctx, `
		SELECT lower(during), upper(during) FROM bookings
		WHERE consultant_id = $1 AND state IN ('requested', 'confirmed') AND during && tstzrange($2, $3)
		ORDER BY lower(during)`, consultantID, from, to)
	if err != nil {
		return nil, fmt.Errorf("booking: holding %d: %w", consultantID, err)
	}
	slots, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Slot, error) {
		var s Slot
		err := r.Scan(&s.Start, &s.End)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("booking: holding %d: %w", consultantID, err)
	}
	return slots, nil
}

// Hold inserts a requested booking of [start, end) in tx and returns its id.
// When another requested or confirmed booking overlaps the time it returns
// ErrSlotTaken; the statement has then failed, so the caller must roll tx
// back (nothing of the booking was written). ErrNotFound means the
// consultant has no profile. Hold locks the consultant's profile row until
// tx ends, so call it early and keep the transaction short.
func Hold(ctx context.Context, tx pgx.Tx, consultantID int64, start, end time.Time, b Booker, now time.Time) (int64, error) {
	if !end.After(start) {
		return 0, ErrInvalid{"Mötet ska sluta efter att det börjar."}
	}
	if !b.MeetingForm.Valid() {
		return 0, ErrInvalid{"Välj hur ni vill mötas."}
	}
	if !b.Topic.Valid() {
		return 0, ErrInvalid{"Välj vad mötet gäller."}
	}
	// Holds for one consultant queue on the consultant's row. Without the
	// queue, concurrent inserts of overlapping rows wait for each other
	// while checking the exclusion constraint and PostgreSQL breaks the
	// cycles as deadlocks, a second each; with it, each insert meets only
	// committed rows and a loser gets the exclusion violation at once. The
	// lock does not block the foreign-key checks of other statements.
	var locked int64
	err := tx.QueryRow(ctx, `SELECT user_id FROM consultant_profiles WHERE user_id = $1 FOR NO KEY UPDATE`,
		consultantID).Scan(&locked)
	if db.IsNoRows(err) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("booking: hold %d: lock consultant: %w", consultantID, err)
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO bookings (consultant_id, during, state, name, email, organisation, municipality_id, role,
			question, meeting_form, topic, art_form_id, registration_id, manage_token_hash, created_at, updated_at)
		VALUES ($1, $2, 'requested', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
		RETURNING id`,
		consultantID, span(start, end), b.Name, b.Email, b.Organisation, b.MunicipalityID, b.Role, b.Question,
		string(b.MeetingForm), string(b.Topic), b.ArtFormID, b.RegistrationID, b.ManageTokenHash, now).Scan(&id)
	if isExclusion(err) {
		return 0, ErrSlotTaken
	}
	if err != nil {
		return 0, fmt.Errorf("booking: hold %d: %w", consultantID, err)
	}
	return id, nil
}

// Book holds slot of consultantID for b in tx, as Hold does, and numbers
// the request in reg's register; it returns the booking as Load reads it.
func Book(ctx context.Context, tx pgx.Tx, reg *registry.Registry, consultantID int64, slot Slot, b Booker, now time.Time) (*Booking, error) {
	if reg == nil {
		return nil, errors.New("booking: no registry to number the request")
	}
	id, err := Hold(ctx, tx, consultantID, slot.Start, slot.End, b, now)
	if err != nil {
		return nil, err
	}
	entry, err := reg.Register(ctx, tx, registry.Entry{Kind: "booking", Description: b.Topic.Label() + " – rådgivningsmöte",
		SenderName: b.Name, SenderIsPerson: b.Organisation == "", SenderOrg: b.Organisation, SenderEmail: b.Email,
		ReceivedAt: now})
	if err != nil {
		return nil, err
	}
	if err := setRegistration(ctx, tx, id, entry.ID); err != nil {
		return nil, err
	}
	return Load(ctx, tx, Lookup{ID: id})
}

// span is [start, end) as a PostgreSQL tstzrange.
func span(start, end time.Time) pgtype.Range[pgtype.Timestamptz] {
	return pgtype.Range[pgtype.Timestamptz]{
		Lower:     pgtype.Timestamptz{Time: start, Valid: true},
		Upper:     pgtype.Timestamptz{Time: end, Valid: true},
		LowerType: pgtype.Inclusive,
		UpperType: pgtype.Exclusive,
		Valid:     true,
	}
}

// transitions lists the states each state may move to.
var transitions = map[State][]State{
	StateRequested: {StateConfirmed, StateDeclined, StateCancelled},
	StateConfirmed: {StateCancelled, StateHeld, StateNoShow},
}

// CanMove reports whether a booking may go from one state to another.
func CanMove(from, to State) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// SetState moves booking id from state from to state to in tx. It returns
// ErrNotFound when the booking is not (any longer) in state from, so a
// concurrent change is never overwritten, and ErrInvalid for a move that is
// not allowed.
func SetState(ctx context.Context, tx pgx.Tx, id int64, from, to State, now time.Time) error {
	if !CanMove(from, to) {
		return ErrInvalid{fmt.Sprintf("En bokning kan inte gå från %q till %q.", from.Label(), to.Label())}
	}
	// Every move of state is told to the booker, so each one is a new
	// version of the meeting for their calendar.
	tag, err := tx.Exec(ctx, `UPDATE bookings SET state = $3, updated_at = $4, sequence = sequence + 1
		WHERE id = $1 AND state = $2`, id, string(from), string(to), now)
	if err != nil {
		return fmt.Errorf("booking: set state %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// Move gives booking id of consultantID the time [start, end) in tx and
// makes it a request again (the consultant confirms the new time), in one
// statement, so the booking never holds both times nor loses both. It bumps
// the sequence and forgets any reminder sent for the old time. ErrSlotTaken
// means another booking holds the time (the statement failed: roll tx back);
// ErrNotFound that the booking no longer holds any time.
func Move(ctx context.Context, tx pgx.Tx, id, consultantID int64, start, end time.Time, now time.Time) error {
	if !end.After(start) {
		return ErrInvalid{"Mötet ska sluta efter att det börjar."}
	}
	// The same queue on the consultant's row as Hold, so that a move and a
	// new request for the same time do not deadlock.
	if _, err := tx.Exec(ctx, `SELECT 1 FROM consultant_profiles WHERE user_id = $1 FOR NO KEY UPDATE`,
		consultantID); err != nil {
		return fmt.Errorf("booking: move %d: lock consultant: %w", id, err)
	}
	tag, err := tx.Exec(ctx, `
		UPDATE bookings SET during = $3, state = 'requested', sequence = sequence + 1, reminder_sent_at = NULL,
			updated_at = $4
		WHERE id = $1 AND consultant_id = $2 AND state IN ('requested', 'confirmed')`,
		id, consultantID, span(start, end), now)
	if isExclusion(err) {
		return ErrSlotTaken
	}
	if err != nil {
		return fmt.Errorf("booking: move %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// AddLink makes a further manage link to booking id in tx and returns its
// secret, for an e-mail that must carry a link: the request's own secret is
// only in the booker's first e-mail. Earlier links keep working.
func AddLink(ctx context.Context, tx pgx.Tx, id int64, now time.Time) (string, error) {
	token, hash := secret.New()
	if _, err := tx.Exec(ctx, `INSERT INTO booking_links (token_hash, booking_id, created_at) VALUES ($1, $2, $3)`,
		hash, id, now); err != nil {
		return "", fmt.Errorf("booking: add link %d: %w", id, err)
	}
	return token, nil
}
