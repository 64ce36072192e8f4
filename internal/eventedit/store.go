package eventedit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/event"
	"residens/internal/mail"
	"residens/internal/slug"
	"residens/internal/vocab"
)

// PageSize is the number of events on one page of the list.
const PageSize = 20

// ErrBelowTaken says a capacity was lowered below the seats already taken.
type ErrBelowTaken struct{ Taken int }

// Error names the seats taken, which the form's message repeats.
func (e *ErrBelowTaken) Error() string {
	return fmt.Sprintf("capacity below the %d seats taken", e.Taken)
}

// ErrState says the change does not fit the event's status (publishing a
// cancelled event, cancelling one twice).
var ErrState = errors.New("event is not in a state for this change")

// Store reads and changes events for the consultants. Every change runs in
// one transaction with its audit entry and the mail it causes.
type Store struct {
	pool  *pgxpool.Pool
	seats *event.Store
	mail  *mail.Queue
	now   func() time.Time
}

// NewStore returns a store over pool; seats are package event's seat
// rules, which also make the manage links in the mails (with the site's
// address); m queues mail, now tells the time.
func NewStore(pool *pgxpool.Pool, seats *event.Store, m *mail.Queue, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, seats: seats, mail: m, now: now}
}

// manageLink is a fresh manage link of sign-up id for a mail to them.
func (s *Store) manageLink(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	if s.seats == nil {
		return "", nil
	}
	return s.seats.ManageLink(ctx, tx, id)
}

// Vocab returns the art forms and municipalities for the forms.
func (s *Store) Vocab(ctx context.Context) (artForms, municipalities []vocab.Term, err error) {
	if artForms, err = vocab.ArtForms(ctx, s.pool); err != nil {
		return nil, nil, err
	}
	if municipalities, err = vocab.Municipalities(ctx, s.pool); err != nil {
		return nil, nil, err
	}
	return artForms, municipalities, nil
}

// Actor is a cultural actor an event may name as its organiser.
type Actor struct {
	ID   int64
	Name string
}

// Actors are the cultural actors by name, for the organiser's select.
func (s *Store) Actors(ctx context.Context) ([]Actor, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name FROM cultural_actors ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("eventedit: actors: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Actor])
	if err != nil {
		return nil, fmt.Errorf("eventedit: actors: %w", err)
	}
	return out, nil
}

// The list's views.
const (
	ViewUpcoming  = "kommande"
	ViewPast      = "tidigare"
	ViewDrafts    = "utkast"
	ViewCancelled = "installda"
)

// viewConds select each view; p.now is the time of the request.
var viewConds = map[string]string{
	ViewUpcoming:  `e.status = 'published' AND e.ends_at > p.now`,
	ViewPast:      `e.status = 'published' AND e.ends_at <= p.now`,
	ViewDrafts:    `e.status = 'draft'`,
	ViewCancelled: `e.status = 'cancelled'`,
}

var viewOrder = map[string]string{
	ViewUpcoming:  `e.starts_at, e.id`,
	ViewPast:      `e.starts_at DESC, e.id DESC`,
	ViewDrafts:    `e.starts_at, e.id`,
	ViewCancelled: `e.starts_at DESC, e.id DESC`,
}

// Counts are the number of events in each view of the list.
type Counts map[string]int

// List returns page (from 1) of the events in view, the total of the view
// and the counts of every view.
func (s *Store) List(ctx context.Context, view string, page int) ([]Event, int, Counts, error) {
	now := s.now()
	var up, past, drafts, cancelled int
	if err := s.pool.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE `+viewConds[ViewUpcoming]+`),
			count(*) FILTER (WHERE `+viewConds[ViewPast]+`),
			count(*) FILTER (WHERE `+viewConds[ViewDrafts]+`),
			count(*) FILTER (WHERE `+viewConds[ViewCancelled]+`)
		FROM events e, (SELECT $1::timestamptz AS now) p`, now).Scan(&up, &past, &drafts, &cancelled); err != nil {
		return nil, 0, nil, fmt.Errorf("eventedit: counts: %w", err)
	}
	counts := Counts{ViewUpcoming: up, ViewPast: past, ViewDrafts: drafts, ViewCancelled: cancelled}
	cond, ok := viewConds[view]
	if !ok {
		return nil, 0, nil, fmt.Errorf("eventedit: unknown view %q", view)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+eventCols+` FROM events e, (SELECT $1::timestamptz AS now) p
		WHERE `+cond+` ORDER BY `+viewOrder[view]+` LIMIT $2 OFFSET $3`, now, PageSize, (max(page, 1)-1)*PageSize)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("eventedit: list: %w", err)
	}
	evs, err := pgx.CollectRows(rows, scanEvent)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("eventedit: list: %w", err)
	}
	return evs, counts[view], counts, nil
}

const eventCols = `e.id, e.slug, e.title, e.format, e.summary, e.description, e.starts_at, e.ends_at, e.signup_closes_at,
	e.attendance, e.place_name, e.address, e.municipality_id, e.wheelchair_access, e.hearing_loop, e.public_transport,
	e.access_notes, e.online_url, e.capacity, e.seats_taken,
	(SELECT count(*) FROM event_signups w WHERE w.event_id = e.id AND w.state = 'waiting'),
	e.organiser, e.organiser_actor_id, e.contact_name, e.contact_email, e.contact_phone, e.status, e.cancel_reason,
	e.sequence, e.speed_rounds, e.speed_minutes`

func scanEvent(r pgx.CollectableRow) (Event, error) {
	var e Event
	var rounds, minutes *int16
	err := r.Scan(&e.ID, &e.Slug, &e.Title, &e.Format, &e.Summary, &e.Description, &e.StartsAt, &e.EndsAt, &e.SignupClosesAt,
		&e.Attendance, &e.PlaceName, &e.Address, &e.MunicipalityID, &e.Wheelchair, &e.HearingLoop, &e.PublicTransport,
		&e.AccessNotes, &e.OnlineURL, &e.Capacity, &e.SeatsTaken, &e.Waiting,
		&e.Organiser, &e.OrganiserActorID, &e.ContactName, &e.ContactEmail, &e.ContactPhone, &e.Status, &e.CancelReason,
		&e.Sequence, &rounds, &minutes)
	if rounds != nil {
		n := int(*rounds)
		e.SpeedRounds = &n
	}
	if minutes != nil {
		n := int(*minutes)
		e.SpeedMinutes = &n
	}
	return e, err
}

func (s *Store) events(ctx context.Context, cond string, args ...any) ([]Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+eventCols+` FROM events e WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("eventedit: events: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("eventedit: events: %w", err)
	}
	return out, nil
}

// Event returns event id with its art forms, municipalities and programme;
// db.ErrNotFound when there is none.
func (s *Store) Event(ctx context.Context, id int64) (*Event, error) {
	evs, err := s.events(ctx, `e.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, fmt.Errorf("eventedit: event %d: %w", id, db.ErrNotFound)
	}
	e := &evs[0]
	for _, l := range []struct {
		sql  string
		into *[]int64
	}{
		{`SELECT art_form_id FROM event_art_forms WHERE event_id = $1 ORDER BY art_form_id`, &e.ArtForms},
		{`SELECT municipality_id FROM event_municipalities WHERE event_id = $1 ORDER BY municipality_id`, &e.Municipalities},
	} {
		rows, err := s.pool.Query(ctx, l.sql, id)
		if err != nil {
			return nil, fmt.Errorf("eventedit: event %d links: %w", id, err)
		}
		if *l.into, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return nil, fmt.Errorf("eventedit: event %d links: %w", id, err)
		}
	}
	rows, err := s.pool.Query(ctx, `SELECT id, starts_at, ends_at, title, speakers, room FROM event_programme_items
		WHERE event_id = $1 ORDER BY starts_at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("eventedit: programme %d: %w", id, err)
	}
	if e.Programme, err = pgx.CollectRows(rows, pgx.RowToStructByPos[Item]); err != nil {
		return nil, fmt.Errorf("eventedit: programme %d: %w", id, err)
	}
	return e, nil
}

// Create adds e as a draft and returns its id. key is the form's random
// key: a second Create with the same key (a double click) returns the
// first one's event and adds nothing.
func (s *Store) Create(ctx context.Context, by audit.Entry, key string, e Event) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if id, err = formKey(ctx, tx, key); err != nil || id != 0 {
			return err
		}
		if id, err = s.insert(ctx, tx, by, e, nil); err != nil {
			return err
		}
		if err := saveFormKey(ctx, tx, key, id); err != nil {
			return err
		}
		return record(ctx, tx, by, audit.EventCreated, id, e.Title, nil)
	})
	return id, err
}

// formKey is the event that form key already made, or 0. It locks the key
// first, so that a double click's second request waits for the first to
// commit and then finds its event.
func formKey(ctx context.Context, tx pgx.Tx, key string) (int64, error) {
	if key == "" {
		return 0, nil
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "event-form:"+key); err != nil {
		return 0, fmt.Errorf("eventedit: form key: %w", err)
	}
	var id int64
	err := tx.QueryRow(ctx, `SELECT event_id FROM event_form_keys WHERE form_key = $1`, key).Scan(&id)
	if db.IsNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("eventedit: form key: %w", err)
	}
	return id, nil
}

func saveFormKey(ctx context.Context, tx pgx.Tx, key string, id int64) error {
	if key == "" {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO event_form_keys (form_key, event_id) VALUES ($1, $2)`, key, id); err != nil {
		return fmt.Errorf("eventedit: form key: %w", err)
	}
	return nil
}

func (s *Store) insert(ctx context.Context, tx pgx.Tx, by audit.Entry, e Event, copiedFrom *int64) (int64, error) {
	base := slug.Make(e.Title)
	if base == "" {
		base = "evenemang"
	}
	sl, err := slug.Unique(ctx, tx, "events", base, func(c string) (bool, error) {
		var taken bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM events WHERE slug = $1)`, c).Scan(&taken)
		return taken, err
	})
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRow(ctx, `
		INSERT INTO events (slug, title, format, summary, description, starts_at, ends_at, signup_closes_at, attendance,
			place_name, address, municipality_id, wheelchair_access, hearing_loop, public_transport, access_notes, online_url,
			capacity, organiser, organiser_actor_id, contact_name, contact_email, contact_phone, speed_rounds, speed_minutes,
			copied_from, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
			$24, $25, $26, $27, $28, $28) RETURNING id`,
		sl, e.Title, e.Format, e.Summary, e.Description, e.StartsAt, e.EndsAt, e.SignupClosesAt, e.Attendance,
		e.PlaceName, e.Address, e.MunicipalityID, e.Wheelchair, e.HearingLoop, e.PublicTransport, e.AccessNotes, e.OnlineURL,
		e.Capacity, e.Organiser, e.OrganiserActorID, e.ContactName, e.ContactEmail, e.ContactPhone, e.SpeedRounds, e.SpeedMinutes,
		copiedFrom, by.ActorID, s.now()).Scan(&id); err != nil {
		return 0, fmt.Errorf("eventedit: create: %w", err)
	}
	return id, s.saveLinks(ctx, tx, id, e)
}

func (s *Store) saveLinks(ctx context.Context, tx pgx.Tx, id int64, e Event) error {
	if err := db.ReplaceLinks(ctx, tx, "event_art_forms", "event_id", id, "art_form_id", e.ArtForms); err != nil {
		return err
	}
	return db.ReplaceLinks(ctx, tx, "event_municipalities", "event_id", id, "municipality_id", e.Municipalities)
}

func record(ctx context.Context, tx pgx.Tx, by audit.Entry, action string, id int64, title string, detail map[string]any) error {
	by.Action, by.Target = action, title
	if detail == nil {
		detail = map[string]any{}
	}
	detail["event_id"] = id
	by.Detail = detail
	return audit.Record(ctx, tx, by)
}

// Update saves e over event id and raises its sequence. A capacity below
// the seats taken is refused with *ErrBelowTaken; a raised one (or none)
// offers the freed seats to the waiting line at once, in order. A moved
// start moves the expiry of the open offers with it (reexpire).
func (s *Store) Update(ctx context.Context, by audit.Entry, id int64, e Event) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		seats, err := s.seats.LockSeats(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Capacity != nil && *e.Capacity < seats.Taken {
			return fmt.Errorf("eventedit: update %d: %w", id, &ErrBelowTaken{Taken: seats.Taken})
		}
		if _, err := tx.Exec(ctx, `
			UPDATE events SET title = $2, format = $3, summary = $4, description = $5, starts_at = $6, ends_at = $7,
				signup_closes_at = $8, attendance = $9, place_name = $10, address = $11, municipality_id = $12,
				wheelchair_access = $13, hearing_loop = $14, public_transport = $15, access_notes = $16, online_url = $17,
				capacity = $18, organiser = $19, organiser_actor_id = $20, contact_name = $21, contact_email = $22,
				contact_phone = $23, speed_rounds = $24, speed_minutes = $25, sequence = sequence + 1, updated_at = $26
			WHERE id = $1`,
			id, e.Title, e.Format, e.Summary, e.Description, e.StartsAt, e.EndsAt, e.SignupClosesAt, e.Attendance,
			e.PlaceName, e.Address, e.MunicipalityID, e.Wheelchair, e.HearingLoop, e.PublicTransport, e.AccessNotes, e.OnlineURL,
			e.Capacity, e.Organiser, e.OrganiserActorID, e.ContactName, e.ContactEmail, e.ContactPhone, e.SpeedRounds,
			e.SpeedMinutes, s.now()); err != nil {
			return fmt.Errorf("eventedit: update %d: %w", id, err)
		}
		if err := s.saveLinks(ctx, tx, id, e); err != nil {
			return err
		}
		if !e.StartsAt.Equal(seats.StartsAt) {
			if err := reexpire(ctx, tx, id, e.StartsAt); err != nil {
				return err
			}
		}
		raised := e.Capacity == nil || seats.Capacity == nil || *e.Capacity > *seats.Capacity
		// Without a limit everyone offered is seated too, so the offered
		// count as well as the waiting.
		if raised && (seats.Waiting > 0 || e.Capacity == nil && seats.Taken > 0) {
			if err := s.seats.Reseat(ctx, tx, id); err != nil {
				return err
			}
		}
		return record(ctx, tx, by, audit.EventUpdated, id, e.Title, map[string]any{"capacity": e.Capacity})
	})
}

// reexpire sets the expiry of event id's open offers by the offer rule
// (event.OfferExpiry) from when each was made and the new start, after
// the start moved: an offer must not outlast the new cut-off, nor be cut
// short by the old one. One made within the cut-off of the new start
// lapses at the cut-off, which is past, so the expiry job passes it on
// within a minute.
func reexpire(ctx context.Context, tx pgx.Tx, id int64, start time.Time) error {
	// event.OfferExpiry's rule for every open offer at once: the earlier of
	// the offer's own time to answer and the new cut-off.
	if _, err := tx.Exec(ctx, `
		UPDATE event_signups SET offer_expires_at = least(offered_at + $2 * interval '1 microsecond', $3)
		WHERE event_id = $1 AND state = 'offered' AND offered_at IS NOT NULL`,
		id, event.OfferValid.Microseconds(), start.Add(-event.OfferCutoff)); err != nil {
		return fmt.Errorf("eventedit: offers of %d: %w", id, err)
	}
	return nil
}

// lockStatus locks event id's row and returns its title and status.
func lockStatus(ctx context.Context, tx pgx.Tx, id int64) (title, status string, err error) {
	err = tx.QueryRow(ctx, `SELECT title, status FROM events WHERE id = $1 FOR UPDATE`, id).Scan(&title, &status)
	if db.IsNoRows(err) {
		return "", "", fmt.Errorf("eventedit: event %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return "", "", fmt.Errorf("eventedit: event %d: %w", id, err)
	}
	return title, status, nil
}

// Publish makes draft id public; publishing a published event does
// nothing, a cancelled one is ErrState.
func (s *Store) Publish(ctx context.Context, by audit.Entry, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		title, status, err := lockStatus(ctx, tx, id)
		if err != nil {
			return err
		}
		switch status {
		case event.Published:
			return nil
		case event.Cancelled:
			return fmt.Errorf("eventedit: publish %d: %w", id, ErrState)
		}
		if _, err := tx.Exec(ctx, `UPDATE events SET status = 'published', published_at = $2, sequence = sequence + 1,
			updated_at = $2 WHERE id = $1`, id, s.now()); err != nil {
			return fmt.Errorf("eventedit: publish %d: %w", id, err)
		}
		return record(ctx, tx, by, audit.EventPublished, id, title, nil)
	})
}

// Cancel cancels event id with reason and tells everyone signed up; a
// cancelled event is ErrState.
func (s *Store) Cancel(ctx context.Context, by audit.Entry, id int64, reason string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		title, status, err := lockStatus(ctx, tx, id)
		if err != nil {
			return err
		}
		if status == event.Cancelled {
			return fmt.Errorf("eventedit: cancel %d: %w", id, ErrState)
		}
		if _, err := tx.Exec(ctx, `UPDATE events SET status = 'cancelled', cancel_reason = $2, cancelled_at = $3,
			sequence = sequence + 1, updated_at = $3 WHERE id = $1`, id, reason, s.now()); err != nil {
			return fmt.Errorf("eventedit: cancel %d: %w", id, err)
		}
		if err := s.seats.NotifyCancelled(ctx, tx, id); err != nil {
			return err
		}
		return record(ctx, tx, by, audit.EventCancelled, id, title, map[string]any{"reason": reason})
	})
}

// Copy makes a new draft of event id "the same again next month" (see
// NextMonthDays) with its art forms, municipalities and programme but no
// sign-ups, and returns its id; key works as Create's.
func (s *Store) Copy(ctx context.Context, by audit.Entry, key string, id int64) (int64, error) {
	e, err := s.Event(ctx, id)
	if err != nil {
		return 0, err
	}
	days := NextMonthDays(e.StartsAt)
	e.StartsAt, e.EndsAt, e.SignupClosesAt = ShiftDays(e.StartsAt, days), ShiftDays(e.EndsAt, days), ShiftDays(e.SignupClosesAt, days)
	var nid int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if nid, err = formKey(ctx, tx, key); err != nil || nid != 0 {
			return err
		}
		if nid, err = s.insert(ctx, tx, by, *e, &id); err != nil {
			return err
		}
		if err := saveFormKey(ctx, tx, key, nid); err != nil {
			return err
		}
		for _, it := range e.Programme {
			var end *time.Time
			if it.EndsAt != nil {
				t := ShiftDays(*it.EndsAt, days)
				end = &t
			}
			if _, err := tx.Exec(ctx, `INSERT INTO event_programme_items (event_id, starts_at, ends_at, title, speakers, room)
				VALUES ($1, $2, $3, $4, $5, $6)`, nid, ShiftDays(it.StartsAt, days), end, it.Title, it.Speakers, it.Room); err != nil {
				return fmt.Errorf("eventedit: copy %d programme: %w", id, err)
			}
		}
		return record(ctx, tx, by, audit.EventCopied, nid, e.Title, map[string]any{"copied_from": id})
	})
	return nid, err
}

// SaveItem adds (it.ID 0) or changes an item of event id's programme and
// raises the event's sequence; db.ErrNotFound for an item of another event.
func (s *Store) SaveItem(ctx context.Context, by audit.Entry, id int64, it Item) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		title, _, err := lockStatus(ctx, tx, id)
		if err != nil {
			return err
		}
		if it.ID == 0 {
			_, err = tx.Exec(ctx, `INSERT INTO event_programme_items (event_id, starts_at, ends_at, title, speakers, room)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, it.StartsAt, it.EndsAt, it.Title, it.Speakers, it.Room)
		} else {
			var tag pgconn.CommandTag
			tag, err = tx.Exec(ctx, `UPDATE event_programme_items SET starts_at = $3, ends_at = $4, title = $5, speakers = $6,
				room = $7 WHERE id = $2 AND event_id = $1`, id, it.ID, it.StartsAt, it.EndsAt, it.Title, it.Speakers, it.Room)
			if err == nil && tag.RowsAffected() == 0 {
				return fmt.Errorf("eventedit: item %d of %d: %w", it.ID, id, db.ErrNotFound)
			}
		}
		if err != nil {
			return fmt.Errorf("eventedit: save item of %d: %w", id, err)
		}
		return s.touched(ctx, tx, by, id, title, map[string]any{"item": it.Title})
	})
}

// RemoveItem removes item from event id's programme; db.ErrNotFound for an
// item of another event.
func (s *Store) RemoveItem(ctx context.Context, by audit.Entry, id, item int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		title, _, err := lockStatus(ctx, tx, id)
		if err != nil {
			return err
		}
		var name string
		err = tx.QueryRow(ctx, `DELETE FROM event_programme_items WHERE id = $2 AND event_id = $1 RETURNING title`, id, item).Scan(&name)
		if db.IsNoRows(err) {
			return fmt.Errorf("eventedit: item %d of %d: %w", item, id, db.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("eventedit: remove item %d: %w", item, err)
		}
		return s.touched(ctx, tx, by, id, title, map[string]any{"removed": name})
	})
}

// touched raises the sequence of event id after a change of its programme
// and records it.
func (s *Store) touched(ctx context.Context, tx pgx.Tx, by audit.Entry, id int64, title string, detail map[string]any) error {
	if _, err := tx.Exec(ctx, `UPDATE events SET sequence = sequence + 1, updated_at = $2 WHERE id = $1`, id, s.now()); err != nil {
		return fmt.Errorf("eventedit: sequence %d: %w", id, err)
	}
	return record(ctx, tx, by, audit.EventProgramme, id, title, detail)
}
