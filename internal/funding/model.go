package funding

import (
	"slices"
	"strconv"
	"time"

	"residens/internal/civil"
	"residens/internal/httpx"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Applicants are who may apply for a source; the values are the stored
// ones and the finder's vem parameter.
var Applicants = []ui.Option{
	{Value: "konstnar", Label: "Enskild konstnär"},
	{Value: "grupp", Label: "Grupp"},
	{Value: "forening", Label: "Förening"},
	{Value: "foretag", Label: "Företag"},
	{Value: "kommun", Label: "Kommun"},
	{Value: "skola", Label: "Skola"},
}

// Areas are the areas an organisation serves.
var Areas = []ui.Option{
	{Value: AreaMunicipalities, Label: "Vissa kommuner"},
	{Value: AreaCounty, Label: "Hela länet"},
	{Value: AreaCountry, Label: "Hela landet"},
}

// The areas an organisation serves.
const (
	AreaMunicipalities = "municipalities"
	AreaCounty         = "county"
	AreaCountry        = "country"
)

// The kinds of deadline a source has.
const (
	Dated   = "dated"
	Yearly  = "yearly"
	Rolling = "rolling"
)

// DeadlineKinds are the kinds of deadline as the form offers them.
var DeadlineKinds = []ui.Option{
	{Value: Dated, Label: "Bestämda datum", Hint: "En eller flera ansökningsomgångar med sista dag."},
	{Value: Yearly, Label: "Samma dag varje år"},
	{Value: Rolling, Label: "Löpande", Hint: "Ansökan tas emot när som helst."},
}

func labels(opts []ui.Option, values []string) []string {
	out := make([]string, 0, len(values))
	for _, o := range opts {
		if slices.Contains(values, o.Value) {
			out = append(out, o.Label)
		}
	}
	return out
}

// Organisation is one entry of the directory.
type Organisation struct {
	ID             int64
	Slug           string
	Name           string
	Description    string
	Topics         []string
	Area           string
	Email          string
	Phone          string
	Address        string
	URL            string
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
	// Sources counts the funding sources it runs.
	Sources int
}

// AreaLabel says in words where the organisation works.
func (o Organisation) AreaLabel() string {
	if o.Area == AreaMunicipalities {
		names := make([]string, len(o.Municipalities))
		for i, m := range o.Municipalities {
			names[i] = m.Name
		}
		return join(names)
	}
	return ui.OptionLabel(Areas, o.Area)
}

// Source is one funding source.
type Source struct {
	ID         int64
	Slug       string
	Name       string
	FunderID   int64
	FunderName string
	FunderURL  string
	Applicants []string
	Funds      string
	AmountMin  *int
	AmountMax  *int
	Cofunding  bool
	Kind       string
	// YearlyMonth and YearlyDay are the recurring day (0 unless Kind is
	// Yearly).
	YearlyMonth int
	YearlyDay   int
	// Deadlines are the dated rounds' last days, earliest first.
	Deadlines []time.Time
	ArtForms  []vocab.Term
	URL       string
	CheckedOn *time.Time
	UpdatedAt time.Time
	// Next is the next deadline on or after the day the source was read
	// for; nil for löpande and for dated rounds that have all passed.
	Next *time.Time
}

// NextDeadline returns the next deadline of a source of kind on or after
// today (a calendar day as civil.Today gives it): the first of rounds not
// before today, or the yearly day this year or, once it has passed, next
// year. The store computes the same in SQL to sort and filter; this is the
// rule written once in Go, for the tests and the pages.
func NextDeadline(kind string, month, day int, rounds []time.Time, today time.Time) *time.Time {
	switch kind {
	case Yearly:
		d := time.Date(today.Year(), time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if d.Before(today) {
			d = d.AddDate(1, 0, 0)
		}
		return &d
	case Dated:
		for _, r := range rounds {
			if !r.Before(today) {
				d := r
				return &d
			}
		}
	}
	return nil
}

// DaysLeft counts the calendar days from today to d.
func DaysLeft(d, today time.Time) int { return int(d.Sub(today).Hours()+12) / 24 }

// Countdown says how long is left until the deadline d: "12 dagar kvar",
// "1 dag kvar", "Sista dagen i dag".
func Countdown(d, today time.Time) string {
	switch n := DaysLeft(d, today); {
	case n <= 0:
		return "Sista dagen i dag"
	case n == 1:
		return "1 dag kvar"
	default:
		return strconv.Itoa(n) + " dagar kvar"
	}
}

// DeadlineText describes the source's deadline for a card or the facts.
func (s Source) DeadlineText() string {
	switch s.Kind {
	case Rolling:
		return "Löpande"
	case Yearly:
		return strconv.Itoa(s.YearlyDay) + " " + civil.Month(time.Month(s.YearlyMonth)) + " varje år"
	}
	if s.Next == nil {
		return "Ingen kommande ansökningsomgång känd"
	}
	return civil.Date(*s.Next)
}

// AmountText describes the amount range in kronor, or "" when none is
// kept.
func (s Source) AmountText() string {
	switch {
	case s.AmountMin != nil && s.AmountMax != nil:
		if *s.AmountMin == *s.AmountMax {
			return SEK(*s.AmountMin)
		}
		return thousands(*s.AmountMin) + "–" + SEK(*s.AmountMax)
	case s.AmountMax != nil:
		return "Upp till " + SEK(*s.AmountMax)
	case s.AmountMin != nil:
		return "Från " + SEK(*s.AmountMin)
	}
	return ""
}

// SEK formats kronor with a space between thousands: "150 000 kr".
func SEK(n int) string { return thousands(n) + "\u00a0kr" }

// thousands writes n with a no-break space between thousands.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, "\u00a0"...)
		}
		out = append(out, s[i])
	}
	return string(out)
}

// ApplicantText lists who may apply.
func (s Source) ApplicantText() string { return join(labels(Applicants, s.Applicants)) }

// ArtFormText lists the art forms, or says every art form.
func (s Source) ArtFormText() string {
	if len(s.ArtForms) == 0 {
		return "Alla konstformer"
	}
	names := make([]string, len(s.ArtForms))
	for i, t := range s.ArtForms {
		names[i] = t.Name
	}
	return join(names)
}

// join lists names the Swedish way: "a, b och c".
func join(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	out := names[0]
	for _, n := range names[1 : len(names)-1] {
		out += ", " + n
	}
	return out + " och " + names[len(names)-1]
}

// Link is the organisation's web address when it is one a page may link to
// (http or https), else "".
func (o Organisation) Link() string {
	if httpx.WebAddress(o.URL) {
		return o.URL
	}
	return ""
}
