package opencall

import (
	"strconv"
	"strings"
	"time"

	"residens/internal/civil"
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
func hits(n int) string {
	if n == 1 {
		return "1 utlysning"
	}
	return strconv.Itoa(n) + " utlysningar"
}

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
var askOptions = []struct{ Value, Label string }{
	{askNot, "Efterfrågas inte"},
	{askOptional, "Frivillig"},
	{askRequired, "Krävs"},
}

// criterionRows are the rows the form shows: with the criteria locked,
// only the stored ones, so nothing can be added.
func (v FormView) criterionRows() []CriterionRow {
	if v.CriteriaLocked {
		return v.Form.Criteria
	}
	return v.Form.CriterionRows()
}

func (f Form) hasMunicipality(id int64) bool {
	for _, m := range f.Municipalities {
		if m == id {
			return true
		}
	}
	return false
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
