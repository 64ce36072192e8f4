package proposal

import (
	"residens/internal/mail"
	"residens/internal/vocab"
	"slices"
	"strconv"
	"strings"

	"residens/internal/httpx"
)

// The form's field names; each is also its input's id, so the error summary
// links to it.
const (
	fTitle         = "titel"
	fKind          = "typ"
	fArtForms      = "konstform"
	fTargetGroups  = "malgrupp"
	fParticipants  = "deltagare"
	fVenues        = "platser"
	fVenueTypes    = "platstyp"
	fDistrict      = "omrade"
	fStartsOn      = "borjar"
	fEndsOn        = "slutar"
	fPurposes      = "syfte"
	fPurposeText   = "syfte-text"
	fStaff         = "personal"
	fPremises      = "lokaler"
	fCofunding     = "medfinansiering"
	fContactName   = "kontakt-namn"
	fContactEmail  = "kontakt-epost"
	fContactPhone  = "kontakt-telefon"
	fVersion       = "version"
	fKey           = "nyckel"
	fAction        = "atgard"
	fMessage       = "meddelande"
	fNote          = "anteckning"
	fCompletion    = "komplettering"
	fAcceptMessage = "godkann-meddelande"
	fReason        = "motivering"
	fAssignee      = "handlaggare"
)

// Actions of the officer's form: save a draft or send in.
const (
	actionSave   = "spara"
	actionSubmit = "skicka"
)

// maxFormBytes bounds a proposal form: four long texts fit with room.
const maxFormBytes = 64 << 10

// Directory holds what the form's checkboxes offer.
type Directory struct {
	ArtForms     []vocab.Term
	TargetGroups []vocab.Term
	VenueTypes   []vocab.Term
	// Municipalities serve the inbox filter.
	Municipalities []vocab.Term
}

// parseValues reads the proposal form, recording over-long fields on f;
// unknown ids (only a forged form sends them) are dropped.
func parseValues(f *httpx.Form, d Directory) Values {
	v := Values{
		Title:        f.Get(fTitle, MaxTitle, false),
		Kind:         f.Get(fKind, 40, false),
		ArtForms:     vocab.IDs(f.Values[fArtForms], d.ArtForms),
		TargetGroups: vocab.IDs(f.Values[fTargetGroups], d.TargetGroups),
		Participants: f.Get(fParticipants, 12, false),
		Venues:       f.Get(fVenues, MaxShort, false),
		VenueTypes:   vocab.IDs(f.Values[fVenueTypes], d.VenueTypes),
		District:     f.Get(fDistrict, MaxShort, false),
		StartsOn:     f.Get(fStartsOn, 10, false),
		EndsOn:       f.Get(fEndsOn, 10, false),
		PurposeText:  f.Get(fPurposeText, MaxLong, true),
		Staff:        f.Get(fStaff, MaxLong, true),
		Premises:     f.Get(fPremises, MaxLong, true),
		Cofunding:    digits(f.Get(fCofunding, 20, false)),
		ContactName:  f.Get(fContactName, MaxShort, false),
		ContactEmail: f.Get(fContactEmail, MaxEmail, false),
		ContactPhone: f.Get(fContactPhone, MaxPhone, false),
	}
	for _, p := range f.Values[fPurposes] {
		if slices.ContainsFunc(Purposes, func(o Option) bool { return o.Value == p }) && !slices.Contains(v.Purposes, p) {
			v.Purposes = append(v.Purposes, p)
		}
	}
	slices.Sort(v.Purposes)
	return v
}

// validate checks v, recording errors on f. Every value given must be
// right, even in a draft (the table refuses a malformed date), and a draft
// needs its title; full adds what a proposal needs before it may be sent
// in.
func validate(f *httpx.Form, v Values, full bool) {
	// Even a draft has its title: it is how the draft is told apart in
	// the list, and an empty form would otherwise save (or blank) one.
	titleMissing := "Skriv en titel, även för ett utkast, så att det går att känna igen i listan."
	if full {
		titleMissing = "Skriv en titel."
	}
	f.Check(v.Title != "", fTitle, titleMissing)
	f.Check(v.Kind == "" || slices.ContainsFunc(Kinds, func(o Option) bool { return o.Value == v.Kind }), fKind, "Välj kommunresidens eller kommunkoreograf.")
	f.Check(!full || v.Kind != "", fKind, "Välj kommunresidens eller kommunkoreograf.")
	f.Check(!full || len(v.ArtForms) > 0, fArtForms, "Välj minst en konstform.")
	f.Check(!full || len(v.TargetGroups) > 0, fTargetGroups, "Välj minst en målgrupp.")
	figure(f, fParticipants, v.Participants, MaxFigure, "Ange ett uppskattat antal deltagare som ett heltal, till exempel 60.")
	f.Check(!full || v.Participants != "", fParticipants, "Ange ett uppskattat antal deltagare.")
	f.Check(!full || v.Venues != "", fVenues, "Skriv var residenset ska vara, till exempel bibliotekets namn.")
	f.Check(!full || len(v.VenueTypes) > 0, fVenueTypes, "Välj minst en typ av plats.")

	starts, okStart := dateOf(v.StartsOn)
	ends, okEnd := dateOf(v.EndsOn)
	f.Check(okStart || v.StartsOn == "", fStartsOn, "Ange startdatum som ÅÅÅÅ-MM-DD, till exempel 2027-03-01.")
	f.Check(!full || v.StartsOn != "", fStartsOn, "Ange när residenset önskas börja.")
	f.Check(okEnd || v.EndsOn == "", fEndsOn, "Ange slutdatum som ÅÅÅÅ-MM-DD, till exempel 2027-06-30.")
	f.Check(!full || v.EndsOn != "", fEndsOn, "Ange när residenset önskas sluta.")
	if okStart && okEnd {
		f.Check(!ends.Before(starts.AddDate(0, 0, 13)), fEndsOn, "Perioden måste vara minst två veckor.")
		f.Check(ends.Before(oneYearAfter(starts)), fEndsOn, "Perioden kan vara högst ett år.")
	}

	f.Check(!full || len(v.Purposes) > 0, fPurposes, "Välj minst ett syfte.")
	f.Check(!full || v.PurposeText != "", fPurposeText, "Beskriv kort vad residenset ska handla om.")
	f.Check(!full || v.Staff != "", fStaff, "Beskriv vilken personal kommunen bidrar med.")
	f.Check(!full || v.Premises != "", fPremises, "Beskriv vilka lokaler kommunen bidrar med.")
	figure(f, fCofunding, v.Cofunding, MaxCofunding, "Ange medfinansieringen i hela kronor, till exempel 50000.")
	f.Check(!full || v.Cofunding != "", fCofunding, "Ange kommunens medfinansiering i kronor (0 om ingen).")

	f.Check(!full || v.ContactName != "", fContactName, "Skriv kontaktpersonens namn.")
	if v.ContactEmail != "" {
		f.Check(mail.ValidAddress(v.ContactEmail), fContactEmail,
			"Skriv en e-postadress som namn@kommun.se.")
	}
	f.Check(!full || v.ContactEmail != "", fContactEmail, "Skriv kontaktpersonens e-postadress.")
	if v.ContactPhone != "" {
		f.Check(strings.Trim(v.ContactPhone, "0123456789 +-()") == "" && strings.ContainsAny(v.ContactPhone, "0123456789"),
			fContactPhone, "Skriv ett telefonnummer med siffror, till exempel 08-123 456 78.")
	}
	f.Check(!full || v.ContactPhone != "", fContactPhone, "Skriv kontaktpersonens telefonnummer.")
}

// Complete reports whether v holds everything a proposal needs to be sent
// in; the store checks it again whatever the form said.
func Complete(v Values) bool {
	f := httpx.NewForm(nil)
	validate(f, v, true)
	return f.Valid()
}

// figure checks a non-negative whole number up to limit, or "".
func figure(f *httpx.Form, key, s string, limit int, msg string) {
	if s == "" {
		return
	}
	n, err := strconv.Atoi(s)
	f.Check(err == nil && n >= 0 && n <= limit, key, msg)
}

// digits drops the spaces of a figure typed as "50 000", keeping anything
// else as typed so a wrong value comes back for correction.
func digits(s string) string {
	joined := strings.Join(strings.Fields(s), "")
	if strings.Trim(joined, "0123456789") == "" {
		return joined
	}
	return s
}
