package residencyedit

import (
	"slices"
	"strconv"
	"strings"

	"residens/internal/civil"
	"residens/internal/residency"
	"residens/internal/vocab"
	"residens/web/ui"
)

// emptyActorRows is how many empty actor rows the form offers for adding
// actors without script.
const emptyActorRows = 3

// actorRows are the rows of the actor table: those sent or stored, then a few
// empty ones.
func (v FormView) actorRows() []actorRow {
	rows := slices.Clone(v.Form.ActorRows)
	for range emptyActorRows {
		rows = append(rows, actorRow{})
	}
	return rows
}

// imageWidth is the stored image's width, for the thumbnail.
func (v FormView) imageWidth() int {
	if v.Stored == nil || v.Stored.Values.ImageID != v.Form.CurrentImage {
		return 0
	}
	return v.Stored.ImageWidth
}

func (v FormView) action() string {
	if v.ID == 0 {
		return "/konsulent/residens/ny"
	}
	return editPath(v.ID)
}

func termName(terms []vocab.Term, id int64) string {
	for _, t := range terms {
		if t.ID == id {
			return t.Name
		}
	}
	return "(borttagen)"
}

func termNames(terms []vocab.Term, ids []int64) string {
	if len(ids) == 0 {
		return "–"
	}
	var out []string
	for _, t := range terms {
		if slices.Contains(ids, t.ID) {
			out = append(out, t.Name)
		}
	}
	return strings.Join(out, ", ")
}

// display is a field's value in words, for the conflict table.
func display(d Directory, v Values, field string) string {
	switch field {
	case FieldTitle:
		return v.Title
	case FieldSlug:
		return v.Slug
	case FieldKind:
		return residency.KindLabel(v.Kind)
	case FieldMunicipality:
		return termName(d.Municipalities, v.MunicipalityID)
	case FieldDistrict:
		return ui.OrDash(v.District)
	case FieldVenueName:
		return ui.OrDash(v.VenueName)
	case FieldVenueTypes:
		return termNames(d.VenueTypes, v.VenueTypes)
	case FieldTargetGroups:
		return termNames(d.TargetGroups, v.TargetGroups)
	case FieldArtForms:
		return termNames(d.ArtForms, v.ArtForms)
	case FieldPeriod:
		s, ok1 := date(v.StartsOn)
		e, ok2 := date(v.EndsOn)
		if ok1 && ok2 {
			return civil.Period(s, e)
		}
		return v.StartsOn + "–" + v.EndsOn
	case FieldSummary:
		return ui.OrDash(v.Summary)
	case FieldBody:
		return ui.OrDash(v.Body)
	case FieldActors:
		if len(v.Actors) == 0 {
			return "–"
		}
		var out []string
		for _, a := range v.Actors {
			s := termName(d.Actors, a.ActorID)
			if a.Role != "" {
				s += " (" + a.Role + ")"
			}
			out = append(out, s)
		}
		return strings.Join(out, ", ")
	case FieldParticipants:
		return ui.OrDash(v.Participants)
	case FieldSessions:
		return ui.OrDash(v.Sessions)
	case FieldOutcome:
		return ui.OrDash(v.Outcome)
	case FieldPublished:
		return yesNo(v.Published)
	case FieldImage:
		if v.ImageID == 0 {
			return "Ingen bild"
		}
		return "Bild: " + v.ImageAlt
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}

func rowIndex(i int) string { return strconv.Itoa(i) }

// historyFields is a revision's changed fields in words.
func historyFields(r Revision) string {
	if len(r.Fields) == 0 {
		return "Versionen före redigering i portalen"
	}
	return Labels(r.Fields)
}

func historyWho(r Revision) string {
	if r.UserName == "" {
		return "–"
	}
	return r.UserName
}

// publishedLabel is a list row's state in words.
func publishedLabel(published bool) string {
	if published {
		return "Publicerad"
	}
	return "Utkast"
}
