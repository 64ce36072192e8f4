package application

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"residens/internal/opencall"
	"residens/web/ui"
)

// FormView is the model of the application form.
type FormView struct {
	Call *opencall.Call
	// App is the artist's draft; nil before the first save.
	App    *Application
	Values Values
	// Errors are the refusals of the post, shown at the fields and in the
	// summary; Missing (when there are no errors) is what the draft still
	// lacks, listed with links to the fields.
	Errors  []ui.FieldError
	Missing []ui.FieldError
	Flash   string
	Problem string
}

func (v FormView) err(field string) string {
	for _, e := range v.Errors {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// files returns the draft's files of kind k.
func (v FormView) files(k opencall.AttachmentKind) []File {
	if v.App == nil {
		return nil
	}
	return filesOf(v.App.Files, k)
}

// full reports whether the draft has as many files as it may.
func (v FormView) full() bool { return v.App != nil && len(v.App.Files) >= MaxFiles }

func filesOf(files []File, k opencall.AttachmentKind) []File {
	var out []File
	for _, f := range files {
		if f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

// ClosedView is the model of the page for a call that takes no
// applications now.
type ClosedView struct {
	Call  *opencall.Call
	Phase opencall.Phase
	// App is the artist's draft, if they have one.
	App     *Application
	Problem string
}

// ReceiptView is the model of the receipt page.
type ReceiptView struct {
	Call *opencall.Call
	App  *Application
}

// ListView is the model of /mina-ansokningar.
type ListView struct {
	Rows  []Row
	Flash string
}

// ShowView is the model of the artist's page of one application.
type ShowView struct {
	App     *Application
	Call    *opencall.Call
	Phase   opencall.Phase
	Flash   string
	Problem string
}

// stateText is the state as the lists show it, with the number once
// there is one.
func stateText(s State, number string) string {
	if number != "" && s != Draft {
		return s.Label() + " (" + number + ")"
	}
	return s.Label()
}

// lines splits a text into its non-empty lines, for paragraphs.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// thousands writes n with a no-break space between thousands, as Swedish
// text does (8 000).
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	return s[:len(s)-3] + "\u00a0" + s[len(s)-3:]
}

func kindLabel(k ApplicantKind) string {
	if k == Group {
		return "En grupp eller ett företag"
	}
	return "Jag som person"
}
