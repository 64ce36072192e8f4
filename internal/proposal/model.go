// Package proposal is where municipalities propose residencies and the
// region's consultants handle the proposals: the officer's dashboard and
// proposal form under /kommun, the consultants' inbox and proposal page
// under /konsulent/forslag, the state machine every change goes through,
// the timeline of each proposal, and the e-mails that tell the other side.
package proposal

import (
	"slices"
	"strconv"
	"time"

	"residens/web/ui"
)

// Kinds are the kinds of residency a municipality may propose, with their
// Swedish labels.
var Kinds = []Option{
	{Value: "kommunresidens", Label: "Kommunresidens"},
	{Value: "kommunkoreograf", Label: "Kommunkoreograf (ett år med en koreograf eller ett danskompani)"},
}

// Purposes are what a residency may be for, with their Swedish labels.
var Purposes = []Option{
	{Value: "performance", Label: "Att utveckla en föreställning"},
	{Value: "theme", Label: "Att utforska ett tema"},
	{Value: "group", Label: "Att arbeta med en särskild grupp"},
}

// Option is one choice of a select menu or a checkbox group: the kit's.
type Option = ui.Option

// KindLabel returns the Swedish name of a kind.
func KindLabel(kind string) string {
	switch kind {
	case "kommunresidens":
		return "Kommunresidens"
	case "kommunkoreograf":
		return "Kommunkoreograf"
	}
	return kind
}

// PurposeLabel returns the Swedish name of a purpose.
func PurposeLabel(p string) string {
	for _, o := range Purposes {
		if o.Value == p {
			return o.Label
		}
	}
	return p
}

// Limits on what the fields take, in characters (and kronor).
const (
	MaxTitle     = 200
	MaxShort     = 200
	MaxLong      = 2000
	MaxMessage   = 4000
	MaxEmail     = 254
	MaxPhone     = 40
	MaxFigure    = 1_000_000
	MaxCofunding = 100_000_000
)

// Values are a proposal's facts as the officer's form shows them. Figures
// and dates are the text as typed, so a form that failed validation comes
// back exactly as it was sent.
type Values struct {
	Title        string
	Kind         string
	ArtForms     []int64
	TargetGroups []int64
	Participants string
	Venues       string
	VenueTypes   []int64
	District     string
	StartsOn     string
	EndsOn       string
	Purposes     []string
	PurposeText  string
	Staff        string
	Premises     string
	Cofunding    string
	ContactName  string
	ContactEmail string
	ContactPhone string
}

// Equal reports whether two sets of values say the same (link lists as
// sets), so a re-sent save of what is already stored counts as done.
func (v Values) Equal(o Values) bool {
	return v.Title == o.Title && v.Kind == o.Kind && sameSet(v.ArtForms, o.ArtForms) &&
		sameSet(v.TargetGroups, o.TargetGroups) && v.Participants == o.Participants && v.Venues == o.Venues &&
		sameSet(v.VenueTypes, o.VenueTypes) && v.District == o.District && v.StartsOn == o.StartsOn &&
		v.EndsOn == o.EndsOn && slices.Equal(sorted(v.Purposes), sorted(o.Purposes)) &&
		v.PurposeText == o.PurposeText && v.Staff == o.Staff && v.Premises == o.Premises &&
		v.Cofunding == o.Cofunding && v.ContactName == o.ContactName && v.ContactEmail == o.ContactEmail &&
		v.ContactPhone == o.ContactPhone
}

func sameSet(a, b []int64) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

func sorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}

// Proposal is a stored proposal.
type Proposal struct {
	ID             int64
	MunicipalityID int64
	Municipality   string
	// CreatedByName and CreatedByEmail are the officer who created it ("" if
	// the account is gone).
	CreatedByName  string
	CreatedByEmail string
	State          State
	Values         Values
	// AssignedTo is the consultant handling it (0 for nobody).
	AssignedTo   int64
	AssignedName string
	// Number is the registration number ("" until first submitted).
	Number      string
	ResidencyID int64
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt *time.Time
}

// Event kinds of the timeline.
const (
	EventTransition = "transition"
	EventMessage    = "message"
	EventNote       = "note"
	EventAssignment = "assignment"
)

// Event is one entry of a proposal's timeline.
type Event struct {
	ID        int64
	At        time.Time
	ActorID   int64
	ActorName string
	Kind      string
	From, To  State
	Body      string
	// Visible is false for what the municipality must never see (internal
	// notes).
	Visible bool
}

// Actor is who acts on a proposal.
type Actor struct {
	ID    int64
	Name  string
	Email string
	// MunicipalityID is set for an officer.
	MunicipalityID int64
	// IP is the request's address, for the audit log.
	IP string
}

// Row is a proposal as the lists show it.
type Row struct {
	ID           int64
	Title        string
	Kind         string
	Municipality string
	State        State
	Number       string
	AssignedName string
	UpdatedAt    time.Time
	SubmittedAt  *time.Time
}

// dateOf parses an ISO date as the stores take it (midnight UTC).
func dateOf(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

// oneYearAfter is the same calendar day a year later, as PostgreSQL counts
// it: 29 February gives 28 February, so the application's check and the
// table's CHECK agree.
func oneYearAfter(d time.Time) time.Time {
	y, m, day := d.Date()
	t := time.Date(y+1, m, day, 0, 0, 0, 0, time.UTC)
	if t.Month() != m {
		t = time.Date(y+1, m+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// number returns the figure in s, or nil for "".
func number(s string) *int {
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil
	}
	return &n
}

func itoaPtr(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
