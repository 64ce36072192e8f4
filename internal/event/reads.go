package event

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/vocab"
	"residens/web/ui"
)

// PageSize is the number of events on one page of the list.
const PageSize = 20

// Event is a public event as its pages show it.
type Event struct {
	ID                 int64
	Slug, Title        string
	Format             string
	Summary            string
	Description        string
	StartsAt, EndsAt   time.Time
	SignupClosesAt     time.Time
	Attendance         string
	PlaceName, Address string
	Municipality       *vocab.Term
	WheelchairAccess   bool
	HearingLoop        bool
	PublicTransport    string
	AccessNotes        string
	Capacity           *int
	SeatsTaken         int
	Waiting            int
	Organiser          string
	OrganiserActor     *vocab.Term
	ContactName        string
	ContactEmail       string
	ContactPhone       string
	Status             string
	CancelReason       string
	Sequence           int
	SpeedRounds        *int
	SpeedMinutes       *int
	ArtForms           []vocab.Term
	Programme          []Item
	// Named are the seated participants who agreed to be named on the
	// public participant list; Seated counts every seated one.
	Named     []Named
	Seated    int
	UpdatedAt time.Time
}

// Named is a participant on the public list: only seated sign-ups whose
// consent is on, never anyone waiting or offered a seat.
type Named struct {
	Name, Organisation string
}

// Item is one part of an event's programme.
type Item struct {
	StartsAt time.Time
	EndsAt   *time.Time
	Title    string
	Speakers string
	Room     string
}

// SeatsLeft is the number of free seats; -1 when there is no limit.
func (e *Event) SeatsLeft() int {
	if e.Capacity == nil {
		return -1
	}
	return max(*e.Capacity-e.SeatsTaken, 0)
}

// Full reports whether every seat is taken (sign-ups go in line).
func (e *Event) Full() bool { return e.Capacity != nil && (e.SeatsLeft() == 0 || e.Waiting > 0) }

// Open reports whether the event takes sign-ups at now.
func (e *Event) Open(now time.Time) bool {
	return e.Status == Published && now.Before(e.SignupClosesAt) && now.Before(e.StartsAt)
}

// Brief is the event as a sign-up's pages and e-mails show it.
func (e *Event) Brief() Brief {
	return Brief{ID: e.ID, Slug: e.Slug, Title: e.Title, Format: e.Format, StartsAt: e.StartsAt, EndsAt: e.EndsAt,
		Attendance: e.Attendance, PlaceName: e.PlaceName, Address: e.Address, Status: e.Status,
		CancelReason: e.CancelReason, Sequence: e.Sequence}
}

// PlaceLabel is where the event is held, or "Digitalt".
func (e *Event) PlaceLabel() string { b := e.Brief(); return b.PlaceLabel() }

// SeatsLabel is the seats left as the list's cards say them.
func (e *Event) SeatsLabel() string {
	switch left := e.SeatsLeft(); {
	case e.Status == Cancelled:
		return "Inställt"
	case left < 0:
		return "Obegränsat antal platser"
	case e.Full():
		return "Fullbokat – väntelista öppen"
	case left == 1:
		return "1 plats kvar"
	default:
		return strconv.Itoa(left) + " platser kvar"
	}
}

// ArtFormNames are the event's art forms, comma-separated.
func (e *Event) ArtFormNames() string {
	names := make([]string, len(e.ArtForms))
	for i, t := range e.ArtForms {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// The values of the list's digitalt filter.
const (
	// AttendOnSite: events one can attend at the place (on site or both).
	AttendOnSite = "platsen"
	// AttendOnline: events one can attend online (online or both).
	AttendOnline = "digitalt"
	// AttendBoth: events one can attend either way.
	AttendBoth = "bada"
)

// AttendFilters are the choices of the digitalt filter.
var AttendFilters = []ui.Option{
	{Value: AttendOnSite, Label: "Kan besökas på plats"},
	{Value: AttendOnline, Label: "Kan följas digitalt"},
	{Value: AttendBoth, Label: "Både på plats och digitalt"},
}

// Filter narrows the public list.
type Filter struct {
	Format       string
	ArtForm      *vocab.Term
	Municipality *vocab.Term
	// Month is the first day of a month (Stockholm), or zero.
	Month time.Time
	// Attend is one of the Attend* values, or "".
	Attend string
	// Past lists events that have ended, latest first.
	Past bool
	// ActorID lists only the events an actor organises.
	ActorID int64
	Page    int
	// Limit overrides PageSize (the start page's three).
	Limit int
}

const eventColumns = `
	e.id, e.slug, e.title, e.format, e.summary, e.description, e.starts_at, e.ends_at, e.signup_closes_at,
	e.attendance, e.place_name, e.address, m.id, m.slug, m.name, e.wheelchair_access, e.hearing_loop,
	e.public_transport, e.access_notes, e.capacity, e.seats_taken,
	(SELECT count(*) FROM event_signups w WHERE w.event_id = e.id AND w.state = 'waiting'),
	e.organiser, a.id, a.slug, a.name, e.contact_name, e.contact_email, e.contact_phone, e.status,
	e.cancel_reason, e.sequence, e.speed_rounds, e.speed_minutes,
	coalesce((SELECT json_agg(json_build_object('id', f.id, 'slug', f.slug, 'name', f.name) ORDER BY f.position, f.name)
		FROM event_art_forms ef JOIN art_forms f ON f.id = ef.art_form_id WHERE ef.event_id = e.id), '[]'),
	e.updated_at`

const eventFrom = `
	FROM events e
	LEFT JOIN municipalities m ON m.id = e.municipality_id
	LEFT JOIN cultural_actors a ON a.id = e.organiser_actor_id AND a.published`

func scanEvent(row pgx.Row) (*Event, error) {
	var e Event
	var mID, aID *int64
	var mSlug, mName, aSlug, aName *string
	var speedRounds, speedMinutes *int16
	err := row.Scan(&e.ID, &e.Slug, &e.Title, &e.Format, &e.Summary, &e.Description, &e.StartsAt, &e.EndsAt,
		&e.SignupClosesAt, &e.Attendance, &e.PlaceName, &e.Address, &mID, &mSlug, &mName, &e.WheelchairAccess,
		&e.HearingLoop, &e.PublicTransport, &e.AccessNotes, &e.Capacity, &e.SeatsTaken, &e.Waiting,
		&e.Organiser, &aID, &aSlug, &aName, &e.ContactName, &e.ContactEmail, &e.ContactPhone, &e.Status,
		&e.CancelReason, &e.Sequence, &speedRounds, &speedMinutes, &e.ArtForms, &e.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if mID != nil {
		e.Municipality = &vocab.Term{ID: *mID, Slug: *mSlug, Name: *mName}
	}
	if aID != nil {
		e.OrganiserActor = &vocab.Term{ID: *aID, Slug: *aSlug, Name: *aName}
	}
	if speedRounds != nil {
		n := int(*speedRounds)
		e.SpeedRounds = &n
	}
	if speedMinutes != nil {
		n := int(*speedMinutes)
		e.SpeedMinutes = &n
	}
	return &e, nil
}

// List is one page of the public events f selects at now, and how many
// there are in all: published and cancelled ones (drafts never), upcoming
// (not yet ended) soonest first, or with f.Past ended ones latest first.
func (s *Store) List(ctx context.Context, f Filter, now time.Time) ([]Event, int, error) {
	cond, args := f.where(now)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM events e WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("event: count: %w", err)
	}
	events, err := s.page(ctx, f, cond, args)
	return events, total, err
}

// where is f's condition on events e at now ($1), with its arguments.
func (f Filter) where(now time.Time) (string, []any) {
	where := []string{`e.status <> 'draft'`}
	args := []any{now}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Past {
		where = append(where, `e.ends_at <= $1`)
	} else {
		where = append(where, `e.ends_at > $1`)
	}
	if f.Format != "" {
		where = append(where, `e.format = `+arg(f.Format))
	}
	if f.ArtForm != nil {
		where = append(where, `EXISTS (SELECT 1 FROM event_art_forms x WHERE x.event_id = e.id AND x.art_form_id = `+arg(f.ArtForm.ID)+`)`)
	}
	if f.Municipality != nil {
		p := arg(f.Municipality.ID)
		where = append(where, `(e.municipality_id = `+p+` OR EXISTS (SELECT 1 FROM event_municipalities x
			WHERE x.event_id = e.id AND x.municipality_id = `+p+`))`)
	}
	if !f.Month.IsZero() {
		where = append(where, `e.starts_at >= `+arg(f.Month)+` AND e.starts_at < `+arg(f.Month.AddDate(0, 1, 0)))
	}
	switch f.Attend {
	case AttendOnSite:
		where = append(where, `e.attendance IN ('on_site', 'mixed')`)
	case AttendOnline:
		where = append(where, `e.attendance IN ('online', 'mixed')`)
	case AttendBoth:
		where = append(where, `e.attendance = 'mixed'`)
	}
	if f.ActorID > 0 {
		where = append(where, `e.organiser_actor_id = `+arg(f.ActorID))
	}
	return strings.Join(where, " AND "), args
}

// page is f's page of the events cond selects, in f's order.
func (s *Store) page(ctx context.Context, f Filter, cond string, args []any) ([]Event, error) {
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	order := `e.starts_at, e.id`
	if f.Past {
		order = `e.starts_at DESC, e.id DESC`
	}
	limit := PageSize
	if f.Limit > 0 {
		limit = f.Limit
	}
	offset := (max(f.Page, 1) - 1) * limit
	rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+eventFrom+` WHERE `+cond+` ORDER BY `+order+
		` LIMIT `+arg(limit)+` OFFSET `+arg(offset), args...)
	if err != nil {
		return nil, fmt.Errorf("event: list: %w", err)
	}
	events, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
		e, err := scanEvent(r)
		if err != nil {
			return Event{}, err
		}
		return *e, nil
	})
	if err != nil {
		return nil, fmt.Errorf("event: list: %w", err)
	}
	return events, nil
}

// Upcoming lists the next n public events that have not ended, for the
// start page, a municipality's page and an actor's page (municipality or
// actor 0: all).
func (s *Store) Upcoming(ctx context.Context, n int, municipality *vocab.Term, actorID int64, now time.Time) ([]Event, error) {
	f := Filter{Municipality: municipality, ActorID: actorID, Limit: n}
	cond, args := f.where(now)
	return s.page(ctx, f, cond, args)
}

// BySlug is the public event slug with its programme; ErrNotFound for a
// draft or none.
func (s *Store) BySlug(ctx context.Context, slug string) (*Event, error) {
	e, err := scanEvent(s.pool.QueryRow(ctx, `SELECT `+eventColumns+eventFrom+
		` WHERE e.slug = $1 AND e.status <> 'draft'`, slug))
	if db.IsNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("event: %s: %w", slug, err)
	}
	rows, err := s.pool.Query(ctx, `
		SELECT starts_at, ends_at, title, speakers, room FROM event_programme_items
		WHERE event_id = $1 ORDER BY starts_at, id`, e.ID)
	if err != nil {
		return nil, fmt.Errorf("event: programme %d: %w", e.ID, err)
	}
	e.Programme, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Item, error) {
		var it Item
		return it, r.Scan(&it.StartsAt, &it.EndsAt, &it.Title, &it.Speakers, &it.Room)
	})
	if err != nil {
		return nil, fmt.Errorf("event: programme %d: %w", e.ID, err)
	}
	// Everyone seated is counted; only those who agreed are named.
	if err := s.pool.QueryRow(ctx, `
		SELECT count(*), coalesce(json_agg(json_build_object('Name', name, 'Organisation', organisation) ORDER BY name, id)
			FILTER (WHERE public_consent AND personal_purged_at IS NULL), '[]')
		FROM event_signups WHERE event_id = $1 AND state = 'seated'`, e.ID).Scan(&e.Seated, &e.Named); err != nil {
		return nil, fmt.Errorf("event: participants %d: %w", e.ID, err)
	}
	return e, nil
}

// Feed lists every public event that has not ended, soonest first, for the
// calendar feed.
func (s *Store) Feed(ctx context.Context, now time.Time) ([]Event, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+eventFrom+`
		WHERE e.status <> 'draft' AND e.ends_at > $1 ORDER BY e.starts_at, e.id LIMIT 1000`, now)
	if err != nil {
		return nil, fmt.Errorf("event: feed: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
		e, err := scanEvent(r)
		if err != nil {
			return Event{}, err
		}
		return *e, nil
	})
}

// MonthStart is the first instant of the month of t in Stockholm.
func MonthStart(y int, m time.Month) time.Time {
	return time.Date(y, m, 1, 0, 0, 0, 0, civil.Stockholm)
}
