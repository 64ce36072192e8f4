package opencall

import (
	"strconv"
	"strings"
	"time"

	"residens/internal/civil"
	"residens/web/ui"
)

// badge returns the slug and label of a call's state badge at now: a draft,
// or the phase of a published call, in the residency badges' colours.
func badge(c *Call, now time.Time) (slug, label string) {
	if !c.Published() {
		return "utkast", "Utkast"
	}
	switch c.PhaseAt(now) {
	case Upcoming:
		return "kommande", Upcoming.Label()
	case Open:
		return "pagaende", Open.Label()
	}
	return "avslutade", Closed.Label()
}

// Kronor formats a sum the Swedish way: "350 000 kr".
func Kronor(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(r)
	}
	return b.String() + "\u00a0kr"
}

// ISO is an instant for a datetime attribute.
func ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func municipalityNames(ms []Municipality) string {
	names := make([]string, 0, len(ms))
	for _, m := range ms {
		names = append(names, m.Name)
	}
	return strings.Join(names, ", ")
}

// askLabel is what a call asks of an attachment, in words.
func askLabel(a Attachment) string {
	if a.Required {
		return "krävs"
	}
	return "frivillig"
}

// weightShare is a criterion's weight with its share of the total:
// "vikt 2 (67 %)".
func weightShare(c *Call, cr Criterion) string {
	total := c.TotalWeight()
	if total == 0 {
		return "vikt " + strconv.Itoa(cr.Weight)
	}
	return "vikt " + strconv.Itoa(cr.Weight) + " (" + strconv.Itoa((cr.Weight*100+total/2)/total) + "\u00a0%)"
}

// applicationsLabel counts applications in words.
func applicationsLabel(n int) string {
	if n == 1 {
		return "1 inskickad ansökan"
	}
	return strconv.Itoa(n) + " inskickade ansökningar"
}

// hits counts calls in words.
func hits(n int) string { return ui.Count(n, "utlysning", "utlysningar") }

func rowIndex(i int) string { return strconv.Itoa(i) }

// roleLabel is a reviewer's role in words.
func roleLabel(role string) string {
	switch role {
	case "juror":
		return "Jurymedlem"
	case "consultant":
		return "Konsulent"
	case "admin":
		return "Administratör"
	}
	return role
}

// dateTime is civil.DateTime, for the templates.
func dateTime(t time.Time) string { return civil.DateTime(t) }

// askOptions are the answers of an attachment's radio group.
var askOptions = []ui.Option{
	{Value: askNot, Label: "Efterfrågas inte"},
	{Value: askOptional, Label: "Frivillig"},
	{Value: askRequired, Label: "Krävs"},
}

// criterionRows are the rows the form shows: with the criteria locked,
// only the stored ones (whatever was sent), so nothing can be added.
func (v FormView) criterionRows() []CriterionRow {
	if v.CriteriaLocked {
		if v.Stored != nil {
			return FormOf(v.Stored).Criteria
		}
		return v.Form.Criteria
	}
	return v.Form.CriterionRows()
}

// municipalityValues are the form's partner municipalities as the
// checkboxes' values.
func (f Form) municipalityValues() []string {
	out := make([]string, len(f.Municipalities))
	for i, id := range f.Municipalities {
		out[i] = ui.ID(id)
	}
	return out
}

// kindOptions are the kinds of residency as the form's choices.
func kindOptions() []ui.Option {
	out := make([]ui.Option, len(Kinds))
	for i, k := range Kinds {
		out[i] = ui.Option{Value: string(k), Label: k.Label()}
	}
	return out
}

// municipalityOptions are the municipalities as the form's checkboxes.
func municipalityOptions(ms []Municipality) []ui.Option {
	out := make([]ui.Option, len(ms))
	for i, m := range ms {
		out[i] = ui.Option{Value: ui.ID(m.ID), Label: m.Name}
	}
	return out
}

// titleHint tells how the address follows the title.
func titleHint(v FormView) string {
	switch {
	case v.Stored == nil:
		return "Webbadressen görs av rubriken, till exempel /utlysningar/kommunkoreograf-i-nacka-2027."
	case v.Stored.Published():
		return "Utlysningen är publicerad och behåller sin webbadress /utlysningar/" + v.Stored.Slug + " även om rubriken ändras."
	}
	return "Utkastets webbadress följer rubriken tills utlysningen publiceras."
}

// consultantOptions are the consultants who may still be added as
// reviewers.
func consultantOptions(rs []Reviewer) []ui.Option {
	out := make([]ui.Option, len(rs))
	for i, c := range rs {
		out[i] = ui.Option{Value: ui.ID(c.UserID), Label: c.Name}
	}
	return out
}
