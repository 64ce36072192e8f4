package application

import (
	"net/url"
	"residens/internal/mail"
	"strings"

	"residens/internal/httpx"
	"residens/internal/opencall"
	"residens/web/ui"
)

// The form's field names; each is also its input's id, so the error summary
// and the list of what is missing link to it.
const (
	fKind         = "sokande"
	fGroupName    = "grupp-namn"
	fMembers      = "medlemmar"
	fContactName  = "kontakt-namn"
	fContactEmail = "kontakt-epost"
	fContactPhone = "kontakt-telefon"
	fPractice     = "praktik"
	fExperience   = "erfarenhet"
	fIdea         = "ide"
	fLanguages    = "sprak"
	fVideo        = "video"
	fPortfolio    = "portfolio"
	fDeclaration  = "forsakran"
	fAction       = "atgard"
	// fForm marks a post that carries the whole form, so that the buttons
	// that upload or remove a file save what was typed too, and a bare post
	// (a test, an old page) leaves the texts alone.
	fForm = "formular"
	// fFile and fFileKind are the upload's file and the kind of attachment
	// it is.
	fFile     = "fil"
	fFileKind = "typ"
)

// Actions of the form's buttons.
const (
	actionSave   = "spara"
	actionSubmit = "skicka"
)

// attachmentID is the id of an attachment kind's place in the form, where
// the list of what is missing sends the artist.
func attachmentID(k opencall.AttachmentKind) string {
	switch k {
	case opencall.AttachWorkPlan:
		return "bilaga-arbetsplan"
	}
	return "bilaga-" + string(k)
}

// parseValues reads the form's texts, recording over-long ones on f; a
// draft may hold anything else, and what is still wrong is listed by
// missing.
func parseValues(f *httpx.Form) Values {
	v := Values{
		Kind:         ApplicantKind(f.Get(fKind, 20, false)),
		GroupName:    f.Get(fGroupName, MaxName, false),
		Members:      f.Get(fMembers, MaxMembers, true),
		ContactName:  f.Get(fContactName, MaxName, false),
		ContactEmail: f.Get(fContactEmail, MaxEmail, false),
		ContactPhone: f.Get(fContactPhone, MaxPhone, false),
		Practice:     f.Get(fPractice, MaxLong, true),
		Experience:   f.Get(fExperience, MaxLong, true),
		Idea:         f.Get(fIdea, MaxLong, true),
		Languages:    f.Get(fLanguages, MaxLangs, false),
		VideoURL:     f.Get(fVideo, MaxURL, false),
		PortfolioURL: f.Get(fPortfolio, MaxURL, false),
		Declaration:  f.Values.Get(fDeclaration) == "ja",
	}
	if v.Kind != Group {
		// Anything but the group choice (only a forged form sends
		// another) is a person.
		v.Kind = Person
	}
	return v
}

// missing lists what v and files lack before the application may be sent
// in to call, in the form's order, each tied to the field that holds it.
// The store checks it again in the submitting transaction.
func missing(v Values, files []File, call *opencall.Call) []ui.FieldError {
	f := httpx.NewForm(nil)
	if v.Kind == Group {
		f.Check(v.GroupName != "", fGroupName, "Skriv gruppens eller företagets namn.")
		f.Check(v.Members != "", fMembers, "Skriv namnen på gruppens medlemmar.")
	}
	f.Check(v.ContactName != "", fContactName, "Skriv kontaktpersonens namn.")
	f.Check(v.ContactEmail != "", fContactEmail, "Skriv en e-postadress.")
	if v.ContactEmail != "" {
		f.Check(mail.ValidAddress(v.ContactEmail), fContactEmail,
			"Skriv e-postadressen som namn@exempel.se.")
	}
	f.Check(v.ContactPhone != "", fContactPhone, "Skriv ett telefonnummer.")
	if v.ContactPhone != "" {
		f.Check(strings.Trim(v.ContactPhone, "0123456789 +-()") == "" && strings.ContainsAny(v.ContactPhone, "0123456789"),
			fContactPhone, "Skriv telefonnumret med siffror, till exempel 070-123 45 67.")
	}
	f.Check(v.Practice != "", fPractice, "Beskriv din konstnärliga praktik.")
	f.Check(v.Experience != "", fExperience, "Beskriv din erfarenhet av att arbeta med barn, unga och andra grupper.")
	f.Check(v.Idea != "", fIdea, "Beskriv din idé för året i kommunen.")
	f.Check(v.Languages != "", fLanguages, "Skriv vilka språk du arbetar på.")
	f.Check(v.VideoURL == "" || webURL(v.VideoURL), fVideo,
		"Länken till video ska vara en webbadress som börjar med https://.")
	f.Check(v.PortfolioURL == "" || webURL(v.PortfolioURL), fPortfolio,
		"Länken till portfolio ska vara en webbadress som börjar med https://.")
	for _, a := range call.Attachments {
		if !a.Required {
			continue
		}
		has := false
		for _, file := range files {
			has = has || file.Kind == a.Kind
		}
		f.Check(has, attachmentID(a.Kind), "Bifoga "+attachmentNoun(a.Kind)+" som PDF.")
	}
	f.Check(v.Declaration, fDeclaration, "Kryssa i försäkran om att uppgifterna är sanna.")
	return f.Errors()
}

// attachmentNoun names an attachment kind inside a sentence.
func attachmentNoun(k opencall.AttachmentKind) string {
	switch k {
	case opencall.AttachCV:
		return "ditt CV"
	case opencall.AttachPortfolio:
		return "din portfolio"
	case opencall.AttachWorkPlan:
		return "din arbetsplan"
	}
	return string(k)
}

// webURL reports whether s is an absolute http or https address with a
// host: a link reviewers may safely open.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil &&
		!strings.ContainsAny(s, " <>\"")
}
