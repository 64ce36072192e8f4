// Package eventedit is the consultants' side of events
// (/konsulent/evenemang): creating, editing, publishing, cancelling and
// copying events with their programme; the participant list with its CSV
// export, name badges, check-in at the door and messages to the seated; and
// the speed-dating schedule. The seat rules (locking the event row,
// offering freed seats to the waiting line, telling everyone of a
// cancellation) are package event's, which this package calls in its own
// transactions.
//
// Copying an event ("Samma igen nästa månad") makes a new draft on the
// same weekday and at the same clock time in Stockholm, four weeks later,
// or five when four weeks later is still in the same calendar month (so
// the copy always falls in the next month). Every instant of the event
// (start, end, sign-up deadline, programme items) moves by the same number
// of calendar days at its own wall-clock time, so a copy across a change
// to or from summer time still starts at 08.00.
//
// Speed-dating wishes are recorded by the consultant: the schedule page
// shows each seated participant's "looking for" text and the other side's
// participants as checkboxes; what is ticked is stored in
// event_speed_wishes and the scheduler prefers those pairs.
package eventedit

import (
	"time"

	"residens/internal/event"
	"residens/web/ui"
)

// Event is one event as the consultants edit it.
type Event struct {
	ID          int64
	Slug        string
	Title       string
	Format      string
	Summary     string
	Description string
	StartsAt    time.Time
	EndsAt      time.Time
	// SignupClosesAt is when sign-up closes, to the second.
	SignupClosesAt  time.Time
	Attendance      string
	PlaceName       string
	Address         string
	MunicipalityID  *int64
	Wheelchair      bool
	HearingLoop     bool
	PublicTransport string
	AccessNotes     string
	OnlineURL       string
	// Capacity is nil for no limit.
	Capacity         *int
	SeatsTaken       int
	Waiting          int
	Organiser        string
	OrganiserActorID *int64
	ContactName      string
	ContactEmail     string
	ContactPhone     string
	Status           string
	CancelReason     string
	Sequence         int
	SpeedRounds      *int
	SpeedMinutes     *int
	ArtForms         []int64
	Municipalities   []int64
	Programme        []Item
}

// Item is one part of an event's programme (a session of the forum).
type Item struct {
	ID       int64
	StartsAt time.Time
	EndsAt   *time.Time
	Title    string
	Speakers string
	Room     string
}

// FormatLabel is the event's format in Swedish.
func (e *Event) FormatLabel() string { return ui.OptionLabel(event.Formats, e.Format) }

// StatusLabel is the event's status in Swedish, past events included.
func (e *Event) StatusLabel(now time.Time) string {
	switch {
	case e.Status == event.Draft:
		return "Utkast"
	case e.Status == event.Cancelled:
		return "Inställt"
	case !e.EndsAt.After(now):
		return "Genomfört"
	default:
		return "Publicerat"
	}
}

// Over reports whether the event has ended at now.
func (e *Event) Over(now time.Time) bool { return !e.EndsAt.After(now) }

// SpeedDating reports whether the event is a speed-dating event.
func (e *Event) SpeedDating() bool { return e.Format == event.FormatSpeedDating }

// Participant is one sign-up as the participant list shows it.
type Participant struct {
	ID             int64
	State          event.State
	Name           string
	Email          string
	Organisation   string
	Role           string
	ArtForm        string
	Municipality   string
	Needs          string
	LineNo         *int
	Code           string
	CheckedInAt    *time.Time
	Side           string
	LookingFor     string
	PersonalPurged bool
	CreatedAt      time.Time
}

// RoleLabel is the participant's role in Swedish.
func (p *Participant) RoleLabel() string { return ui.OptionLabel(event.Roles, p.Role) }

// Figures are an event's numbers, kept for statistics: the sign-up rows
// outlive the purge of their personal data, so they are counted from them.
type Figures struct {
	// SignedUp are all who signed up: everyone who ever held or asked for
	// a seat, those who left included.
	SignedUp int
	// Attended are those checked in at the door.
	Attended int
	// NoShows had a seat and were not checked in; counted once the event
	// has ended (0 before).
	NoShows int
	// Waiting were still in line (or offered a seat) at the end; 0 before
	// the end.
	Waiting int
	// Cancelled gave up their seat or place in line.
	Cancelled int
}

// Message is one message sent to the seated participants.
type Message struct {
	ID         int64
	Subject    string
	Body       string
	Recipients int
	SentBy     string
	SentAt     time.Time
}
