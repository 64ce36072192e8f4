package funding

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"residens/internal/httpx"
	"residens/internal/vocab"
	"residens/web/ui"
)

// The fields of the source form; each is also its input's id.
const (
	fName       = "namn"
	fFunder     = "finansiar"
	fApplicants = "vem"
	fArtForms   = "konstform"
	fFunds      = "vad"
	fMin        = "belopp-min"
	fMax        = "belopp-max"
	fCofunding  = "medfinansiering"
	fKind       = "sista-dag"
	fMonth      = "manad"
	fDay        = "dag"
	fRounds     = "datum"
	fURL        = "lank"
	fChecked    = "kontrollerad"
)

// The fields of the organisation form.
const (
	fDescription    = "beskrivning"
	fTopics         = "amne"
	fArea           = "omrade"
	fMunicipalities = "kommun"
	fEmail          = "epost"
	fPhone          = "telefon"
	fAddress        = "adress"
)

// Limits of the fields, in characters.
const (
	maxName   = 200
	maxText   = 4000
	maxURL    = 500
	maxShort  = 200
	maxRounds = 1000
	maxAmount = 1_000_000_000
)

const maxFormBytes = 64 << 10

// sourceForm is the source form as typed, so that a refused form comes
// back as it was sent.
type sourceForm struct {
	Name       string
	Funder     string
	Applicants []string
	ArtForms   []string
	Funds      string
	Min, Max   string
	Cofunding  bool
	Kind       string
	Month, Day string
	Rounds     string
	URL        string
	CheckedOn  string
}

// sourceFormOf fills the form from a stored source.
func sourceFormOf(s *Source) sourceForm {
	f := sourceForm{Name: s.Name, Funder: strconv.FormatInt(s.FunderID, 10), Applicants: s.Applicants,
		ArtForms: vocab.ChosenIDs(ids(s.ArtForms)...), Funds: s.Funds, Cofunding: s.Cofunding, Kind: s.Kind, URL: s.URL}
	if s.AmountMin != nil {
		f.Min = strconv.Itoa(*s.AmountMin)
	}
	if s.AmountMax != nil {
		f.Max = strconv.Itoa(*s.AmountMax)
	}
	if s.Kind == Yearly {
		f.Month, f.Day = strconv.Itoa(s.YearlyMonth), strconv.Itoa(s.YearlyDay)
	}
	var rounds []string
	for _, d := range s.Deadlines {
		rounds = append(rounds, d.Format(time.DateOnly))
	}
	f.Rounds = strings.Join(rounds, "\n")
	if s.CheckedOn != nil {
		f.CheckedOn = s.CheckedOn.Format(time.DateOnly)
	}
	return f
}

// parseSource reads and checks the source form, recording errors on f.
func parseSource(f *httpx.Form, funders []Organisation, artForms []vocab.Term) (sourceForm, Source) {
	var in sourceForm
	var s Source
	in.Name = f.Get(fName, maxName, false)
	f.Check(in.Name != "", fName, "Skriv källans namn.")
	s.Name = in.Name
	in.Funder = f.Get(fFunder, 20, false)
	id, _ := strconv.ParseInt(in.Funder, 10, 64)
	f.Check(slices.ContainsFunc(funders, func(o Organisation) bool { return o.ID == id }), fFunder, "Välj vem som ger stödet.")
	s.FunderID = id
	for _, a := range f.Values[fApplicants] {
		if ui.HasOption(Applicants, a) && !slices.Contains(in.Applicants, a) {
			in.Applicants = append(in.Applicants, a)
		}
	}
	f.Check(len(in.Applicants) > 0, fApplicants, "Välj minst en som får söka.")
	s.Applicants = in.Applicants
	for _, id := range vocab.IDs(f.Values[fArtForms], artForms) {
		s.ArtForms = append(s.ArtForms, vocab.Term{ID: id})
	}
	in.ArtForms = vocab.ChosenIDs(ids(s.ArtForms)...)
	in.Funds = f.Get(fFunds, maxText, true)
	f.Check(in.Funds != "", fFunds, "Skriv vad källan ger stöd till.")
	s.Funds = in.Funds
	in.Min, s.AmountMin = amount(f, fMin, "Ange lägsta belopp i hela kronor, till exempel 10000.")
	in.Max, s.AmountMax = amount(f, fMax, "Ange högsta belopp i hela kronor, till exempel 200000.")
	if s.AmountMin != nil && s.AmountMax != nil && *s.AmountMin > *s.AmountMax {
		f.Add(fMax, "Högsta belopp kan inte vara lägre än lägsta belopp.")
	}
	in.Cofunding = f.Values.Get(fCofunding) != ""
	s.Cofunding = in.Cofunding
	in.Kind = f.Get(fKind, 20, false)
	f.Check(ui.HasOption(DeadlineKinds, in.Kind), fKind, "Välj hur sista ansökningsdag anges.")
	s.Kind = in.Kind
	in.Month, in.Day = f.Get(fMonth, 2, false), f.Get(fDay, 2, false)
	in.Rounds = f.Get(fRounds, maxRounds, true)
	switch in.Kind {
	case Yearly:
		m, errM := strconv.Atoi(in.Month)
		d, errD := strconv.Atoi(in.Day)
		f.Check(errM == nil && m >= 1 && m <= 12, fMonth, "Välj månad.")
		if errM == nil && m >= 1 && m <= 12 {
			ok := errD == nil && d >= 1 && time.Date(2001, time.Month(m), d, 0, 0, 0, 0, time.UTC).Day() == d
			f.Check(ok, fDay, "Ange en dag som finns i månaden varje år (inte 29 februari).")
		}
		s.YearlyMonth, s.YearlyDay = m, d
	case Dated:
		for _, line := range strings.Fields(in.Rounds) {
			d, err := time.Parse(time.DateOnly, line)
			if err != nil {
				f.Add(fRounds, "Skriv varje datum som ÅÅÅÅ-MM-DD, till exempel 2027-03-15, ett per rad. ”"+httpx.Clip(line, 20)+"” går inte att läsa.")
				continue
			}
			s.Deadlines = append(s.Deadlines, d)
		}
		f.Check(len(s.Deadlines) > 0, fRounds, "Ange minst en sista ansökningsdag, eller välj Löpande.")
		slices.SortFunc(s.Deadlines, func(a, b time.Time) int { return a.Compare(b) })
		s.Deadlines = slices.Compact(s.Deadlines)
	}
	in.URL = f.Get(fURL, maxURL, false)
	f.Check(in.URL == "" || httpx.WebAddress(in.URL), fURL, "Ange en webbadress som börjar med https:// eller http://.")
	s.URL = in.URL
	in.CheckedOn = f.Get(fChecked, 10, false)
	if in.CheckedOn != "" {
		d, err := time.Parse(time.DateOnly, in.CheckedOn)
		f.Check(err == nil, fChecked, "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-20.")
		if err == nil {
			s.CheckedOn = &d
		}
	}
	return in, s
}

func amount(f *httpx.Form, key, msg string) (string, *int) {
	typed := f.Get(key, 20, false)
	clean := strings.NewReplacer(" ", "", "\u00a0", "", "kr", "").Replace(typed)
	if clean == "" {
		return typed, nil
	}
	n, err := strconv.Atoi(clean)
	if err != nil || n < 0 || n > maxAmount {
		f.Add(key, msg)
		return typed, nil
	}
	return typed, &n
}

// orgForm is the organisation form as typed.
type orgForm struct {
	Name, Description string
	Topics            []string
	Area              string
	ArtForms          []string
	Municipalities    []string
	Email, Phone      string
	Address, URL      string
}

func orgFormOf(o *Organisation) orgForm {
	return orgForm{Name: o.Name, Description: o.Description, Topics: o.Topics, Area: o.Area,
		ArtForms: vocab.ChosenIDs(ids(o.ArtForms)...), Municipalities: vocab.ChosenIDs(ids(o.Municipalities)...),
		Email: o.Email, Phone: o.Phone, Address: o.Address, URL: o.URL}
}

// parseOrganisation reads and checks the organisation form.
func parseOrganisation(f *httpx.Form, artForms, municipalities []vocab.Term) (orgForm, Organisation) {
	var in orgForm
	var o Organisation
	in.Name = f.Get(fName, maxName, false)
	f.Check(in.Name != "", fName, "Skriv organisationens namn.")
	in.Description = f.Get(fDescription, maxText, true)
	for _, t := range f.Values[fTopics] {
		if ui.HasOption(vocab.Topics, t) && !slices.Contains(in.Topics, t) {
			in.Topics = append(in.Topics, t)
		}
	}
	f.Check(len(in.Topics) > 0, fTopics, "Välj minst ett område som organisationen hjälper till med.")
	in.Area = f.Get(fArea, 20, false)
	f.Check(ui.HasOption(Areas, in.Area), fArea, "Välj vilket område organisationen arbetar i.")
	for _, id := range vocab.IDs(f.Values[fArtForms], artForms) {
		o.ArtForms = append(o.ArtForms, vocab.Term{ID: id})
	}
	for _, id := range vocab.IDs(f.Values[fMunicipalities], municipalities) {
		o.Municipalities = append(o.Municipalities, vocab.Term{ID: id})
	}
	if in.Area == AreaMunicipalities {
		f.Check(len(o.Municipalities) > 0, fMunicipalities, "Välj minst en kommun, eller välj hela länet eller hela landet.")
	}
	in.ArtForms, in.Municipalities = vocab.ChosenIDs(ids(o.ArtForms)...), vocab.ChosenIDs(ids(o.Municipalities)...)
	in.Email = f.Get(fEmail, maxShort, false)
	f.Check(in.Email == "" || strings.Count(in.Email, "@") == 1 && !strings.ContainsAny(in.Email, " <>") &&
		!strings.HasPrefix(in.Email, "@") && strings.Contains(in.Email[strings.Index(in.Email, "@"):], "."),
		fEmail, "Ange en e-postadress som namn@exempel.se.")
	in.Phone = f.Get(fPhone, 40, false)
	in.Address = f.Get(fAddress, maxShort, true)
	in.URL = f.Get(fURL, maxURL, false)
	f.Check(in.URL == "" || httpx.WebAddress(in.URL), fURL, "Ange en webbadress som börjar med https:// eller http://.")
	f.Check(in.Email != "" || in.Phone != "" || in.URL != "", fEmail, "Ange minst ett sätt att nå organisationen: e-post, telefon eller webbplats.")
	o.Name, o.Description, o.Topics, o.Area = in.Name, in.Description, in.Topics, in.Area
	o.Email, o.Phone, o.Address, o.URL = in.Email, in.Phone, in.Address, in.URL
	return in, o
}
