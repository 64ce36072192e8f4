package residency

import (
	"time"

	"residens/internal/civil"
	"residens/internal/vocab"
)

// Status is a residency's place in time, derived from its dates in
// Europe/Stockholm. The values are the URL words of the status filter.
type Status string

// The statuses, as they appear in URLs.
const (
	Ongoing   Status = "pagaende"
	Upcoming  Status = "kommande"
	Completed Status = "avslutade"
)

// Statuses lists the statuses in the order the tabs show them.
var Statuses = []Status{Ongoing, Upcoming, Completed}

// StatusOf derives the status on the calendar day today.
func StatusOf(startsOn, endsOn, today time.Time) Status {
	switch {
	case today.Before(startsOn):
		return Upcoming
	case today.After(endsOn):
		return Completed
	default:
		return Ongoing
	}
}

// Label is the status in Swedish, for one residency.
func (s Status) Label() string {
	switch s {
	case Ongoing:
		return "Pågående"
	case Upcoming:
		return "Kommande"
	case Completed:
		return "Avslutat"
	}
	return ""
}

// TabLabel is the status in Swedish, for a list of residencies.
func (s Status) TabLabel() string {
	switch s {
	case Ongoing:
		return "Pågående"
	case Upcoming:
		return "Kommande"
	case Completed:
		return "Avslutade"
	}
	return "Alla"
}

// KindLabel is the Swedish name of a residency kind.
func KindLabel(kind string) string {
	switch kind {
	case "kommunresidens":
		return "Kommunresidens"
	case "kommunkoreograf":
		return "Kommunkoreograf"
	}
	return "Residens"
}

// Image is a stored image with its original size, for srcset and the
// width and height attributes that keep the layout from jumping.
type Image struct {
	ID            int64
	Width, Height int
	Alt           string
}

// Summary is a residency as a list shows it.
type Summary struct {
	ID           int64
	Slug         string
	Title        string
	Kind         string
	Summary      string
	District     string
	StartsOn     time.Time
	EndsOn       time.Time
	Municipality vocab.Term
	ArtForms     []string
	Image        *Image
}

// Place is the municipality, and the district when there is one.
func (s Summary) Place() string {
	if s.District == "" {
		return s.Municipality.Name
	}
	return s.Municipality.Name + ", " + s.District
}

// Period is the residency's period in Swedish.
func (s Summary) Period() string { return civil.Period(s.StartsOn, s.EndsOn) }

// ActorRole is a cultural actor as credited on a residency.
type ActorRole struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	Role string `json:"role"`
}

// Residency is everything the public page of one residency shows.
type Residency struct {
	Summary
	VenueName    string
	Body         string
	TargetGroups []vocab.Term
	VenueTypes   []vocab.Term
	ArtFormTerms []vocab.Term
	Actors       []ActorRole
	Participants *int
	Sessions     *int
	Outcome      string
	UpdatedAt    time.Time
}
