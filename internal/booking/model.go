package booking

import (
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"residens/internal/civil"
)

// Topic is a kind of question a consultant advises on and a booker asks about.
type Topic string

// The topics; the migration's CHECK constraints list the same values.
const (
	TopicApplication Topic = "ansokan"
	TopicIdea        Topic = "projektide"
	TopicPartners    Topic = "samarbete"
	TopicFunding     Topic = "finansiering"
	TopicContract    Topic = "avtal"
	TopicOther       Topic = "ovrigt"
)

var topicLabels = map[Topic]string{
	TopicApplication: "Ansökan om residens",
	TopicIdea:        "Projektidé och upplägg",
	TopicPartners:    "Samarbete och partner",
	TopicFunding:     "Finansiering och budget",
	TopicContract:    "Avtal och ersättning",
	TopicOther:       "Övrigt",
}

// Topics lists every topic in the order forms offer them.
func Topics() []Topic {
	return []Topic{TopicApplication, TopicIdea, TopicPartners, TopicFunding, TopicContract, TopicOther}
}

// Label is the topic's Swedish name.
func (t Topic) Label() string { return topicLabels[t] }

// Valid reports whether t is one of the topics.
func (t Topic) Valid() bool { _, ok := topicLabels[t]; return ok }

// MeetingForm is how the booker wants to meet.
type MeetingForm string

// The meeting forms.
const (
	FormVideo  MeetingForm = "video"
	FormPhone  MeetingForm = "phone"
	FormOnSite MeetingForm = "on_site"
)

var formLabels = map[MeetingForm]string{FormVideo: "Videomöte", FormPhone: "Telefon", FormOnSite: "På plats"}

// MeetingForms lists the meeting forms in the order forms offer them.
func MeetingForms() []MeetingForm { return []MeetingForm{FormVideo, FormPhone, FormOnSite} }

// Label is the meeting form's Swedish name.
func (f MeetingForm) Label() string { return formLabels[f] }

// Valid reports whether f is one of the meeting forms.
func (f MeetingForm) Valid() bool { _, ok := formLabels[f]; return ok }

// State is where a booking stands.
type State string

// The states of a booking.
const (
	StateRequested State = "requested"
	StateConfirmed State = "confirmed"
	StateDeclined  State = "declined"
	StateCancelled State = "cancelled"
	StateHeld      State = "held"
	StateNoShow    State = "no_show"
)

var stateLabels = map[State]string{
	StateRequested: "Förfrågan",
	StateConfirmed: "Bekräftad",
	StateDeclined:  "Avböjd",
	StateCancelled: "Avbokad",
	StateHeld:      "Genomförd",
	StateNoShow:    "Uteblev",
}

// Label is the state's Swedish name.
func (s State) Label() string { return stateLabels[s] }

// Holds reports whether a booking in this state keeps its time from others,
// as the exclusion constraint in the migration does.
func (s State) Holds() bool { return s == StateRequested || s == StateConfirmed }

// Clock is a wall-clock time of day in Stockholm, in minutes after midnight;
// 24*60 stands for midnight at the end of the day. It reads and writes
// PostgreSQL time columns.
type Clock int

// At builds a Clock from hours and minutes.
func At(hour, minute int) Clock { return Clock(hour*60 + minute) }

// EndOfDay is midnight at the end of a day, the latest an opening may end.
const EndOfDay = Clock(24 * 60)

// String formats the clock the Swedish way: "09.00".
func (c Clock) String() string { return fmt.Sprintf("%02d.%02d", int(c)/60, int(c)%60) }

// on is the instant at which the wall clock in Stockholm shows c on the
// calendar date day (taken by year, month and day). time.Date normalises
// 24.00 to the next midnight and resolves the hour that a spring clock change
// skips or an autumn one repeats.
func (c Clock) on(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, int(c)/60, int(c)%60, 0, 0, civil.Stockholm)
}

// ScanTime lets pgx scan a time column into a Clock; seconds are dropped.
func (c *Clock) ScanTime(v pgtype.Time) error {
	if !v.Valid {
		*c = 0
		return nil
	}
	*c = Clock(v.Microseconds / int64(time.Minute/time.Microsecond))
	return nil
}

// TimeValue lets pgx write a Clock to a time column.
func (c Clock) TimeValue() (pgtype.Time, error) {
	return pgtype.Time{Microseconds: int64(c) * int64(time.Minute/time.Microsecond), Valid: true}, nil
}

// Profile is a consultant's profile and booking rules.
type Profile struct {
	UserID            int64
	Title             string
	Text              string
	PhotoID           *int64
	MeetingMinutes    int
	BufferMinutes     int
	MinNoticeDays     int // working days (Monday–Friday) before the earliest bookable day
	HorizonWeeks      int // how many weeks ahead of today one may book
	AllMunicipalities bool
	Active            bool
	ArtFormIDs        []int64
	MunicipalityIDs   []int64
	Topics            []Topic
}

// DefaultProfile holds the rules a new consultant starts with.
func DefaultProfile(userID int64) Profile {
	return Profile{UserID: userID, MeetingMinutes: 45, MinNoticeDays: 1, HorizonWeeks: 8}
}

// Hours is one opening period in the weekly schedule.
type Hours struct {
	Weekday int // ISO 8601: 1 = Monday … 7 = Sunday
	Starts  Clock
	Ends    Clock
}

// ExceptionKind tells a closed day from an extra opening.
type ExceptionKind string

// The kinds of exception.
const (
	// Closed removes the weekly hours of a date (a day off, a holiday).
	Closed ExceptionKind = "closed"
	// Extra opens Starts–Ends on a date, on top of any weekly hours; slots
	// are laid in it like in weekly hours, so an opening exactly one meeting
	// long gives one slot.
	Extra ExceptionKind = "extra"
)

// Exception changes the schedule of one calendar date.
type Exception struct {
	Day    time.Time // a calendar date, as midnight UTC (see civil.Today)
	Kind   ExceptionKind
	Starts Clock // Extra only
	Ends   Clock // Extra only
}

// Availability is everything the slot engine needs about a consultant, and
// what SaveAvailability writes.
type Availability struct {
	Profile    Profile
	Hours      []Hours
	Exceptions []Exception
}

// Validate returns the first rule a broken availability breaks, in Swedish,
// or "" when it is fine. Forms check fields one by one; this guards the store.
func (a Availability) Validate() string {
	p := a.Profile
	switch {
	case p.MeetingMinutes < 15 || p.MeetingMinutes > 180:
		return "Mötets längd ska vara 15–180 minuter."
	case p.BufferMinutes < 0 || p.BufferMinutes > 120:
		return "Pausen mellan möten ska vara 0–120 minuter."
	case p.MinNoticeDays < 0 || p.MinNoticeDays > 30:
		return "Framförhållningen ska vara 0–30 arbetsdagar."
	case p.HorizonWeeks < 1 || p.HorizonWeeks > 26:
		return "Bokningsbara veckor ska vara 1–26."
	}
	for _, t := range p.Topics {
		if !t.Valid() {
			return "Okänd frågetyp."
		}
	}
	for _, h := range a.Hours {
		if h.Weekday < 1 || h.Weekday > 7 {
			return "Okänd veckodag."
		}
		if !validSpan(h.Starts, h.Ends) {
			return "Öppettiden ska sluta efter att den börjar."
		}
	}
	for _, e := range a.Exceptions {
		switch e.Kind {
		case Closed:
		case Extra:
			if !validSpan(e.Starts, e.Ends) {
				return "Den extra tiden ska sluta efter att den börjar."
			}
		default:
			return "Okänt slags undantag."
		}
	}
	return ""
}

func validSpan(starts, ends Clock) bool {
	return starts >= 0 && ends <= EndOfDay && ends > starts
}

// Booker is what the person booking tells about themselves and the meeting.
type Booker struct {
	Name           string
	Email          string
	Organisation   string
	MunicipalityID *int64
	Role           string
	Question       string
	MeetingForm    MeetingForm
	Topic          Topic
	ArtFormID      *int64
	RegistrationID *int64
	// ManageTokenHash is the SHA-256 of the secret in the manage link, or
	// nil when the booking has no link yet.
	ManageTokenHash []byte
}

// CalendarUID is a booking's stable calendar identifier: every e-mail about
// the booking, from either side, carries it so that calendars update the one
// meeting instead of adding another. It is the booking's random key
// (bookings.calendar_uid) at host, the site's host name, so no other
// installation makes the same; a booking from before the key existed (key
// empty) keeps the UID built from its id that its first invitation carried.
func CalendarUID(id int64, key, host string) string {
	if host == "" {
		host = "residens.invalid"
	}
	if key == "" {
		return "booking-" + strconv.FormatInt(id, 10) + "@residens"
	}
	return key + "@" + host
}
