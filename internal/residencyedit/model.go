// Package residencyedit is where consultants and admins keep residencies up
// to date: the list of all residencies (published or not) under
// /konsulent/residens, the create and edit forms with a Markdown preview,
// optimistic locking against two editors overwriting each other, a revision
// history, unpublishing and (for admins) deleting.
package residencyedit

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"residens/internal/slug"
	"residens/web/ui"
)

// Kinds are the residency kinds a form offers, with their Swedish labels.
var Kinds = []Option{
	{Value: "kommunresidens", Label: "Kommunresidens"},
	{Value: "kommunkoreograf", Label: "Kommunkoreograf"},
	{Value: "other", Label: "Annat residens"},
}

// ActorKinds are the kinds of a cultural actor, for the "new actor" row.
var ActorKinds = []Option{
	{Value: "artist", Label: "Konstnär"},
	{Value: "group", Label: "Grupp"},
	{Value: "company", Label: "Kompani"},
	{Value: "association", Label: "Förening"},
	{Value: "organisation", Label: "Organisation"},
}

// Option is one choice of a select menu or a checkbox group: the kit's.
type Option = ui.Option

// statusOptions are the list filter's choices of status.
var statusOptions = []ui.Option{{Value: "pagaende", Label: "Pågående"}, {Value: "kommande", Label: "Kommande"}, {Value: "avslutade", Label: "Avslutade"}}

// publishedOptions are the list filter's choices of publication state.
var publishedOptions = []ui.Option{{Value: "ja", Label: "Publicerade"}, {Value: "nej", Label: "Utkast"}}

// ActorLink is an actor credited on a residency with its role.
type ActorLink struct {
	ActorID int64  `json:"actor_id"`
	Role    string `json:"role"`
}

// Values are a residency's editable fields, as a form shows them and as a
// revision's snapshot stores them. Dates are ISO strings and the figures are
// the digits as typed, so that a form that failed validation comes back
// exactly as it was sent; Valid values have been checked and normalised.
type Values struct {
	Title          string      `json:"title"`
	Slug           string      `json:"slug"`
	Kind           string      `json:"kind"`
	MunicipalityID int64       `json:"municipality_id"`
	District       string      `json:"district"`
	VenueName      string      `json:"venue_name"`
	VenueTypes     []int64     `json:"venue_types"`
	TargetGroups   []int64     `json:"target_groups"`
	ArtForms       []int64     `json:"art_forms"`
	StartsOn       string      `json:"starts_on"`
	EndsOn         string      `json:"ends_on"`
	Summary        string      `json:"summary"`
	Body           string      `json:"body"`
	Actors         []ActorLink `json:"actors"`
	Participants   string      `json:"participants"`
	Sessions       string      `json:"sessions"`
	Outcome        string      `json:"outcome"`
	Published      bool        `json:"published"`
	// ImageID is 0 when the residency has no image; ImageAlt is its text
	// alternative, required with an image.
	ImageID  int64  `json:"image_id"`
	ImageAlt string `json:"image_alt"`
}

// NewActor is the "new actor" row of the form: an actor created on save and
// credited on the residency.
type NewActor struct {
	Name, Kind, Role string
}

// The fields of a residency as revisions name them, in form order.
const (
	FieldTitle        = "title"
	FieldSlug         = "slug"
	FieldKind         = "kind"
	FieldMunicipality = "municipality"
	FieldDistrict     = "district"
	FieldVenueName    = "venue_name"
	FieldVenueTypes   = "venue_types"
	FieldTargetGroups = "target_groups"
	FieldArtForms     = "art_forms"
	FieldPeriod       = "period"
	FieldSummary      = "summary"
	FieldBody         = "body"
	FieldActors       = "actors"
	FieldParticipants = "participants"
	FieldSessions     = "sessions"
	FieldOutcome      = "outcome"
	FieldPublished    = "published"
	FieldImage        = "image"
)

// fieldOrder lists the fields in the order the form shows them.
var fieldOrder = []string{FieldTitle, FieldSlug, FieldKind, FieldMunicipality, FieldDistrict, FieldVenueName,
	FieldVenueTypes, FieldTargetGroups, FieldArtForms, FieldPeriod, FieldSummary, FieldBody, FieldActors,
	FieldParticipants, FieldSessions, FieldOutcome, FieldImage, FieldPublished}

// FieldLabels are the fields in Swedish, for the history and the conflict
// table.
var FieldLabels = map[string]string{
	FieldTitle:        "Titel",
	FieldSlug:         "Adress",
	FieldKind:         "Typ",
	FieldMunicipality: "Kommun",
	FieldDistrict:     "Stadsdel eller ort",
	FieldVenueName:    "Plats",
	FieldVenueTypes:   "Typ av plats",
	FieldTargetGroups: "Målgrupper",
	FieldArtForms:     "Konstformer",
	FieldPeriod:       "Period",
	FieldSummary:      "Sammanfattning",
	FieldBody:         "Beskrivning",
	FieldActors:       "Kulturaktörer",
	FieldParticipants: "Antal deltagare",
	FieldSessions:     "Antal tillfällen",
	FieldOutcome:      "Resultat",
	FieldPublished:    "Publicerad",
	FieldImage:        "Bild",
}

// Label returns the Swedish name of a field.
func Label(field string) string {
	if l, ok := FieldLabels[field]; ok {
		return l
	}
	return field
}

// Labels returns the Swedish names of fields, comma separated.
func Labels(fields []string) string {
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		out = append(out, Label(f))
	}
	return strings.Join(out, ", ")
}

// Changed lists the fields whose values differ between a and b, in form
// order. Link lists are compared as sets; actors in order, since the order
// is the order of credits.
func Changed(a, b Values) []string {
	same := map[string]bool{
		FieldTitle:        a.Title == b.Title,
		FieldSlug:         a.Slug == b.Slug,
		FieldKind:         a.Kind == b.Kind,
		FieldMunicipality: a.MunicipalityID == b.MunicipalityID,
		FieldDistrict:     a.District == b.District,
		FieldVenueName:    a.VenueName == b.VenueName,
		FieldVenueTypes:   sameSet(a.VenueTypes, b.VenueTypes),
		FieldTargetGroups: sameSet(a.TargetGroups, b.TargetGroups),
		FieldArtForms:     sameSet(a.ArtForms, b.ArtForms),
		FieldPeriod:       a.StartsOn == b.StartsOn && a.EndsOn == b.EndsOn,
		FieldSummary:      a.Summary == b.Summary,
		FieldBody:         a.Body == b.Body,
		FieldActors:       slices.Equal(a.Actors, b.Actors),
		FieldParticipants: a.Participants == b.Participants,
		FieldSessions:     a.Sessions == b.Sessions,
		FieldOutcome:      a.Outcome == b.Outcome,
		FieldPublished:    a.Published == b.Published,
		FieldImage:        a.ImageID == b.ImageID && a.ImageAlt == b.ImageAlt,
	}
	var out []string
	for _, f := range fieldOrder {
		if !same[f] {
			out = append(out, f)
		}
	}
	return out
}

func sameSet(a, b []int64) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
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

// date parses an ISO date as the stores take it (midnight UTC).
func date(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

// Slugify makes a URL word of s (see package slug): "Slöjd på Ekerö"
// becomes "slojd-pa-ekero".
func Slugify(s string) string { return slug.Make(s) }
