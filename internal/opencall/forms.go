package opencall

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"residens/internal/httpx"
	"residens/internal/slug"
)

// The call form's field names; each is also its input's id, so the error
// summary links to it. Repeated rows get "-<n>" on their ids.
const (
	fTitle        = "titel"
	fKind         = "typ"
	fMunicipality = "kommun"
	fDescription  = "beskrivning"
	fRequirements = "krav"
	fEligibility  = "behorighet"
	fFee          = "arvode"
	fPeriod       = "period"
	fPremises     = "lokaler"
	fOpensDate    = "oppnar-datum"
	fOpensTime    = "oppnar-tid"
	fClosesDate   = "stanger-datum"
	fClosesTime   = "stanger-tid"
	fCritName     = "kriterium-namn"
	fCritDesc     = "kriterium-beskrivning"
	fCritWeight   = "kriterium-vikt"
	fCriteria     = "kriterier"
	fAttachPrefix = "bilaga-"
	fRetention    = "gallring"
	fVersion      = "version"
)

// Limits on what the fields take, in characters (the table's checks).
const (
	maxTitle     = 200
	maxMarkdown  = 20000
	maxPeriod    = 200
	maxPremises  = 2000
	maxCritName  = 200
	maxCritDesc  = 2000
	maxFee       = 100_000_000
	maxCriteria  = 20
	minCritRows  = 6
	maxFormBytes = 256 << 10
)

// The answers of an attachment's radio group.
const (
	askNot      = "nej"
	askOptional = "valfri"
	askRequired = "krav"
)

// CriterionRow is one row of the criteria table as typed.
type CriterionRow struct {
	Name, Description, Weight string
}

// Form is the call form as sent or as filled from a stored call: every
// value as text, so a form that failed validation comes back as it was
// typed.
type Form struct {
	Title          string
	Kind           string
	Municipalities []int64
	Description    string
	Requirements   string
	Eligibility    string
	Fee            string
	Period         string
	Premises       string
	Opens          StockholmTime
	Closes         StockholmTime
	Criteria       []CriterionRow
	// Attachments maps each AttachmentKind to askNot, askOptional or
	// askRequired.
	Attachments map[AttachmentKind]string
	Retention   string
	Version     int
}

// NewForm is the empty form of a new call: a kommunkoreograf call asking
// for a CV (required) and a work plan, kept for two years.
func NewForm() Form {
	return Form{Kind: string(KindKommunkoreograf), Retention: "24",
		Opens:       StockholmTime{Time: "00:00"},
		Closes:      StockholmTime{Time: "23:59"},
		Attachments: map[AttachmentKind]string{AttachCV: askRequired, AttachPortfolio: askOptional, AttachWorkPlan: askRequired}}
}

// FormOf fills the form from a stored call.
func FormOf(c *Call) Form {
	f := Form{Title: c.Title, Kind: string(c.Kind), Description: c.Description, Requirements: c.Requirements,
		Eligibility: c.Eligibility, Period: c.Period, Premises: c.Premises,
		Opens: StockholmTimeOf(c.OpensAt), Closes: StockholmTimeOf(c.ClosesAt),
		Retention: strconv.Itoa(c.RetentionMonths), Version: c.Version, Attachments: map[AttachmentKind]string{}}
	if c.FeeSEK != nil {
		f.Fee = strconv.Itoa(*c.FeeSEK)
	}
	for _, m := range c.Municipalities {
		f.Municipalities = append(f.Municipalities, m.ID)
	}
	for _, cr := range c.Criteria {
		f.Criteria = append(f.Criteria, CriterionRow{Name: cr.Name, Description: cr.Description, Weight: strconv.Itoa(cr.Weight)})
	}
	for _, k := range AttachmentKinds {
		f.Attachments[k] = askNot
		if a, ok := c.Asks(k); ok {
			f.Attachments[k] = askOptional
			if a.Required {
				f.Attachments[k] = askRequired
			}
		}
	}
	return f
}

// CriterionRows are the rows the form shows: those typed or stored, then
// empty ones, at least minCritRows in all and always two to spare, so a
// criterion can be added without script.
func (f Form) CriterionRows() []CriterionRow {
	rows := slices.Clone(f.Criteria)
	for len(rows) < minCritRows || len(rows) < len(f.Criteria)+2 {
		rows = append(rows, CriterionRow{})
	}
	return rows
}

// parseForm reads and checks the call form against the municipalities
// that exist, recording errors on hf, and returns the form as typed and,
// when it is valid, the input to save.
func parseForm(hf *httpx.Form, ms []Municipality) (Form, Input) {
	var f Form
	var in Input
	f.Title = hf.Get(fTitle, maxTitle, false)
	hf.Check(f.Title != "", fTitle, "Skriv en rubrik för utlysningen.")
	hf.Check(f.Title == "" || slug.Make(f.Title) != "", fTitle, "Rubriken måste innehålla minst en bokstav eller siffra.")
	in.Title = f.Title

	f.Kind = hf.Get(fKind, 40, false)
	in.Kind = Kind(f.Kind)
	hf.Check(slices.Contains(Kinds, in.Kind), fKind, "Välj vilken sorts residens utlysningen gäller.")

	for _, raw := range hf.Values[fMunicipality] {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || !slices.ContainsFunc(ms, func(m Municipality) bool { return m.ID == id }) {
			hf.Add(fMunicipality, "Välj kommuner i listan.")
			continue
		}
		if !slices.Contains(f.Municipalities, id) {
			f.Municipalities = append(f.Municipalities, id)
		}
	}
	in.Municipalities = f.Municipalities

	f.Description = hf.Get(fDescription, maxMarkdown, true)
	f.Requirements = hf.Get(fRequirements, maxMarkdown, true)
	f.Eligibility = hf.Get(fEligibility, maxMarkdown, true)
	in.Description, in.Requirements, in.Eligibility = f.Description, f.Requirements, f.Eligibility

	f.Fee = hf.Get(fFee, 20, false)
	if f.Fee != "" {
		// "350 000 kr" is how people write it; the digits are what counts.
		trimmed := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(f.Fee, ":-"), "kr"))
		digits := strings.NewReplacer(" ", "", "\u00a0", "").Replace(trimmed)
		n, err := strconv.Atoi(digits)
		if err != nil || n < 0 || n > maxFee {
			hf.Add(fFee, "Skriv arvodet i hela kronor, till exempel 350000, eller lämna fältet tomt.")
		} else {
			in.FeeSEK = &n
		}
	}
	f.Period = hf.Get(fPeriod, maxPeriod, false)
	f.Premises = hf.Get(fPremises, maxPremises, true)
	in.Period, in.Premises = f.Period, f.Premises

	f.Opens = StockholmTime{Date: hf.Get(fOpensDate, 10, false), Time: hf.Get(fOpensTime, 8, false)}
	f.Closes = StockholmTime{Date: hf.Get(fClosesDate, 10, false), Time: hf.Get(fClosesTime, 8, false)}
	opens, okOpens := instant(hf, f.Opens, fOpensDate, fOpensTime, "öppnar")
	closes, okCloses := instant(hf, f.Closes, fClosesDate, fClosesTime, "stänger")
	if okOpens && okCloses {
		hf.Check(closes.After(opens), fClosesDate, "Utlysningen måste stänga efter att den öppnar.")
	}
	in.OpensAt, in.ClosesAt = opens, closes

	parseCriteria(hf, &f, &in)

	f.Attachments = map[AttachmentKind]string{}
	for _, k := range AttachmentKinds {
		v := hf.Get(fAttachPrefix+string(k), 10, false)
		switch v {
		case askNot, "":
			f.Attachments[k] = askNot
		case askOptional:
			f.Attachments[k] = v
			in.Attachments = append(in.Attachments, Attachment{Kind: k})
		case askRequired:
			f.Attachments[k] = v
			in.Attachments = append(in.Attachments, Attachment{Kind: k, Required: true})
		default:
			hf.Add(fAttachPrefix+string(k), "Välj om "+strings.ToLower(k.Label())+" efterfrågas.")
		}
	}

	f.Retention = hf.Get(fRetention, 4, false)
	n, err := strconv.Atoi(f.Retention)
	if err != nil || n < 1 || n > 120 {
		hf.Add(fRetention, "Ange hur många månader ansökningarna sparas, mellan 1 och 120.")
	}
	in.RetentionMonths = n

	f.Version, _ = strconv.Atoi(hf.Values.Get(fVersion))
	return f, in
}

// instant checks and converts one date and time pair; what names the
// moment in the messages ("öppnar", "stänger").
func instant(hf *httpx.Form, st StockholmTime, dateKey, timeKey, what string) (time.Time, bool) {
	ok := true
	if st.Date == "" {
		hf.Add(dateKey, "Ange vilket datum utlysningen "+what+".")
		ok = false
	} else if _, err := time.Parse("2006-01-02", st.Date); err != nil {
		hf.Add(dateKey, "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-28.")
		ok = false
	}
	if st.Time == "" {
		hf.Add(timeKey, "Ange vilken tid utlysningen "+what+".")
		ok = false
	} else if _, err := (StockholmTime{Date: "2000-01-01", Time: st.Time}).Instant(); err != nil {
		hf.Add(timeKey, "Ange tiden som TT:MM, till exempel 23:59.")
		ok = false
	}
	if !ok {
		return time.Time{}, false
	}
	t, err := st.Instant()
	if errors.Is(err, ErrNoSuchTime) {
		hf.Add(timeKey, "Klockslaget finns inte den dagen, eftersom klockan ställs fram en timme till sommartid. Välj en annan tid.")
		return time.Time{}, false
	}
	if err != nil {
		hf.Add(dateKey, "Datumet och tiden kunde inte läsas.")
		return time.Time{}, false
	}
	return t, true
}

// parseCriteria reads the criteria rows: a row with nothing typed is
// skipped, a row with a description or weight but no name is an error.
func parseCriteria(hf *httpx.Form, f *Form, in *Input) {
	names, descs, weights := hf.Values[fCritName], hf.Values[fCritDesc], hf.Values[fCritWeight]
	at := func(vs []string, i int) string {
		if i < len(vs) {
			return vs[i]
		}
		return ""
	}
	clean := func(s string, max int, multiline bool) (string, bool) {
		one := httpx.NewForm(map[string][]string{"v": {s}})
		v := one.Get("v", max, multiline)
		return v, one.Valid()
	}
	for i := range max(len(names), len(descs), len(weights)) {
		name, okName := clean(at(names, i), maxCritName, false)
		desc, okDesc := clean(at(descs, i), maxCritDesc, true)
		weight, _ := clean(at(weights, i), 6, false)
		if name == "" && desc == "" && weight == "" {
			continue
		}
		row := CriterionRow{Name: name, Description: desc, Weight: weight}
		f.Criteria = append(f.Criteria, row)
		n := strconv.Itoa(len(f.Criteria) - 1)
		switch {
		case name == "":
			hf.Add(fCritName+"-"+n, "Skriv namnet på kriterium "+strconv.Itoa(len(f.Criteria))+", eller töm raden.")
		case !okName:
			hf.Add(fCritName+"-"+n, "Namnet får vara högst "+strconv.Itoa(maxCritName)+" tecken.")
		}
		if !okDesc {
			hf.Add(fCritDesc+"-"+n, "Beskrivningen får vara högst "+strconv.Itoa(maxCritDesc)+" tecken.")
		}
		w, err := strconv.Atoi(weight)
		if weight == "" {
			// A criterion without a weight counts once.
			w, err = 1, nil
			f.Criteria[len(f.Criteria)-1].Weight = "1"
		}
		if err != nil || w < 1 || w > 100 {
			hf.Add(fCritWeight+"-"+n, "Vikten för kriterium "+strconv.Itoa(len(f.Criteria))+" ska vara ett heltal från 1 till 100.")
		}
		in.Criteria = append(in.Criteria, Criterion{Name: name, Description: desc, Weight: w})
	}
	switch {
	case len(f.Criteria) == 0:
		// The form always shows a first row; the message goes to it.
		hf.Add(fCritName+"-"+rowIndex(0), "Ange minst ett bedömningskriterium.")
	case len(f.Criteria) > maxCriteria:
		hf.Add(fCriteria, "Högst "+strconv.Itoa(maxCriteria)+" bedömningskriterier.")
	}
}
