// Package event is the portal's meeting places: events and meeting formats
// (Kulturfrukost, speed-dejting, seminars, workshops, courses, network
// meetings, the yearly forum) with sign-up, a waiting list that refills
// itself, reminders and calendar feeds, for people without an account. The
// consultants' side (editing, participants, check-in, the speed-dating
// schedule) is package eventedit, which uses this package's seat rules.
package event

import (
	"residens/web/ui"
)

// The formats; the values are stored (events.format) and are the list's
// format filter.
const (
	FormatBreakfast   = "kulturfrukost"
	FormatSpeedDating = "speed-dejting"
	FormatSeminar     = "seminarium"
	FormatWorkshop    = "workshop"
	FormatCourse      = "kurs"
	FormatNetwork     = "natverkstraff"
	FormatForum       = "forum"
)

// Formats are the formats in the order forms and filters offer them.
var Formats = []ui.Option{
	{Value: FormatBreakfast, Label: "Kulturfrukost"},
	{Value: FormatSpeedDating, Label: "Speed-dejting"},
	{Value: FormatSeminar, Label: "Seminarium"},
	{Value: FormatWorkshop, Label: "Workshop"},
	{Value: FormatCourse, Label: "Kurs"},
	{Value: FormatNetwork, Label: "Nätverksträff"},
	{Value: FormatForum, Label: "Kulturforum"},
}

// The ways to attend (events.attendance); the list's digitalt filter uses
// platsen, digitalt and bada for them.
const (
	OnSite = "on_site"
	Online = "online"
	Mixed  = "mixed"
)

// Attendances are the ways to attend as forms offer them.
var Attendances = []ui.Option{
	{Value: OnSite, Label: "På plats"},
	{Value: Online, Label: "Digitalt"},
	{Value: Mixed, Label: "På plats och digitalt"},
}

// Roles are what a participant signs up as (event_signups.role).
var Roles = []ui.Option{
	{Value: "kulturaktor", Label: "Kulturaktör"},
	{Value: "kommun", Label: "Kommun"},
	{Value: "region", Label: "Region"},
	{Value: "foretag", Label: "Företag"},
	{Value: "forening", Label: "Förening"},
	{Value: "annan", Label: "Annan"},
}

// The sides of a speed-dating event (event_signups.speed_side).
const (
	SideActor = "actor"
	SideHost  = "host"
)

// Sides are the speed-dating sides as forms offer them.
var Sides = []ui.Option{
	{Value: SideActor, Label: "Kulturaktör"},
	{Value: SideHost, Label: "Kommun eller organisation"},
}

// The events' statuses (events.status).
const (
	Draft     = "draft"
	Published = "published"
	Cancelled = "cancelled"
)

// State is where a sign-up stands (event_signups.state).
type State string

// The states of a sign-up. Seated and Offered hold a seat (they are what
// events.seats_taken counts); Waiting is in line; the rest have left.
const (
	Seated    State = "seated"
	Waiting   State = "waiting"
	Offered   State = "offered"
	Withdrawn State = "cancelled"
	Declined  State = "declined"
	Expired   State = "expired"
)

var stateLabels = map[State]string{
	Seated:    "Plats",
	Waiting:   "Väntelista",
	Offered:   "Erbjuden plats",
	Withdrawn: "Avanmäld",
	Declined:  "Tackade nej",
	Expired:   "Erbjudandet gick ut",
}

// Label is the state's Swedish name.
func (s State) Label() string { return stateLabels[s] }

// HoldsSeat reports whether a sign-up in s counts against the capacity.
func (s State) HoldsSeat() bool { return s == Seated || s == Offered }
