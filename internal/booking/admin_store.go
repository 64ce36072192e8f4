// Package bookingadmin is the consultants' side of advisory meetings: their
// profile and availability under /konsulent/tillganglighet and the inbox of
// bookings under /konsulent/bokningar.
package booking

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// PageSize is how many bookings one inbox page lists.
const PageSize = 25

// Row is one booking in the inbox.
type Row struct {
	ID             int64
	Slot           Slot
	Name           string
	Organisation   string
	Topic          Topic
	Registration   string
	State          State
	ConsultantName string
}

// Detail is one booking with everything the consultant sees of it.
type Detail struct {
	Row
	ConsultantID    int64
	ConsultantEmail string
	Email           string
	Role            string
	Municipality    string
	Question        string
	MeetingForm     MeetingForm
	DeclineReason   string
	CancelReason    string
	OutcomeNote     string
	OutcomeTopic    Topic
	// Sequence counts the changes told to the booker (the calendar file's
	// SEQUENCE).
	Sequence int
	// CalendarKey is the random part of the calendar UID (CalendarUID).
	CalendarKey string
	CreatedAt   time.Time
	Notes       []Note
}

// Note is an internal note on a booking.
type Note struct {
	Author    string
	Body      string
	CreatedAt time.Time
}

// Person is a consultant, for the admins' filter.
type Person struct {
	ID   int64
	Name string
}

// owner is nil for an admin (every booking) or the consultant whose bookings
// may be seen.
func ownerArg(owner *int64) any {
	if owner == nil {
		return nil
	}
	return *owner
}

// Inbox lists the bookings in state of consultant (nil: all), earliest first,
// one page, with the total count.
func inbox(ctx context.Context, q db.Querier, consultant *int64, state State, page int) ([]Row, int, error) {
	var total int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM bookings
		WHERE state = $1 AND ($2::bigint IS NULL OR consultant_id = $2)`, string(state), ownerArg(consultant)).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("bookingadmin: inbox count: %w", err)
	}
	rows, err := q.Query(ctx, `
		SELECT b.id, lower(b.during), upper(b.during), b.name, b.organisation, b.topic, coalesce(r.number, ''),
			b.state, u.name
		FROM bookings b
		JOIN users u ON u.id = b.consultant_id
		LEFT JOIN registrations r ON r.id = b.registration_id
		WHERE b.state = $1 AND ($2::bigint IS NULL OR b.consultant_id = $2)
		ORDER BY lower(b.during), b.id
		LIMIT $3 OFFSET $4`, string(state), ownerArg(consultant), PageSize, (max(page, 1)-1)*PageSize)
	if err != nil {
		return nil, 0, fmt.Errorf("bookingadmin: inbox: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Row, error) {
		var x Row
		err := r.Scan(&x.ID, &x.Slot.Start, &x.Slot.End, &x.Name, &x.Organisation, &x.Topic, &x.Registration,
			&x.State, &x.ConsultantName)
		return x, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("bookingadmin: inbox: %w", err)
	}
	return list, total, nil
}

// waiting counts the requested bookings of consultant (nil: all).
func waiting(ctx context.Context, q db.Querier, consultant *int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM bookings WHERE state = 'requested'
		AND ($1::bigint IS NULL OR consultant_id = $1)`, ownerArg(consultant)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("bookingadmin: waiting: %w", err)
	}
	return n, nil
}

// consultants lists the accounts with a consultant profile, by name.
func consultants(ctx context.Context, q db.Querier) ([]Person, error) {
	rows, err := q.Query(ctx, `SELECT u.id, u.name FROM consultant_profiles p JOIN users u ON u.id = p.user_id
		ORDER BY u.name, u.id`)
	if err != nil {
		return nil, fmt.Errorf("bookingadmin: consultants: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Person, error) {
		var p Person
		err := r.Scan(&p.ID, &p.Name)
		return p, err
	})
}

// load reads booking id when owner may see it (owner nil: anyone), locking
// the row when lock is set; ErrNotFound otherwise.
func load(ctx context.Context, q db.Querier, id int64, owner *int64, lock bool) (*Detail, error) {
	sql := `
		SELECT b.id, lower(b.during), upper(b.during), b.name, b.organisation, b.topic, coalesce(r.number, ''),
			b.state, u.name, b.consultant_id, u.email, b.email, b.role, coalesce(m.name, ''), b.question,
			b.meeting_form, b.decline_reason, b.cancel_reason, b.outcome_note, coalesce(b.outcome_topic, ''), b.sequence, coalesce(b.calendar_uid::text, ''), b.created_at
		FROM bookings b
		JOIN users u ON u.id = b.consultant_id
		LEFT JOIN registrations r ON r.id = b.registration_id
		LEFT JOIN municipalities m ON m.id = b.municipality_id
		WHERE b.id = $1 AND ($2::bigint IS NULL OR b.consultant_id = $2)`
	if lock {
		sql += ` FOR UPDATE OF b`
	}
	var d Detail
	err := q.QueryRow(ctx, sql, id, ownerArg(owner)).Scan(&d.ID, &d.Slot.Start, &d.Slot.End, &d.Name, &d.Organisation,
		&d.Topic, &d.Registration, &d.State, &d.ConsultantName, &d.ConsultantID, &d.ConsultantEmail, &d.Email, &d.Role,
		&d.Municipality, &d.Question, &d.MeetingForm, &d.DeclineReason, &d.CancelReason, &d.OutcomeNote, &d.OutcomeTopic, &d.Sequence, &d.CalendarKey, &d.CreatedAt)
	if db.IsNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("bookingadmin: load %d: %w", id, err)
	}
	rows, err := q.Query(ctx, `SELECT author_name, body, created_at FROM booking_notes WHERE booking_id = $1
		ORDER BY created_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("bookingadmin: notes %d: %w", id, err)
	}
	d.Notes, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Note, error) {
		var n Note
		err := r.Scan(&n.Author, &n.Body, &n.CreatedAt)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("bookingadmin: notes %d: %w", id, err)
	}
	return &d, nil
}
