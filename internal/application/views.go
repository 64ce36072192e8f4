package application

import (
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
	Errors  ui.FieldErrors
	Missing []ui.FieldError
	Problem string
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
	Rows []Row
}

// ShowView is the model of the artist's page of one application.
type ShowView struct {
	App     *Application
	Call    *opencall.Call
	Phase   opencall.Phase
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

func kindLabel(k ApplicantKind) string {
	if k == Group {
		return "En grupp eller ett företag"
	}
	return "Jag som person"
}

// kindOptions are who may apply, as the form's radios.
func kindOptions() []ui.Option {
	return []ui.Option{{Value: string(Person), Label: kindLabel(Person)}, {Value: string(Group), Label: kindLabel(Group)}}
}

// kindOrPerson is the chosen kind of applicant, a person until one is
// chosen.
func kindOrPerson(k ApplicantKind) ApplicantKind {
	if k == "" {
		return Person
	}
	return k
}

// attachmentOptions are the kinds of attachment a call asks for, as the
// upload's choices.
func attachmentOptions(as []opencall.Attachment) []ui.Option {
	out := make([]ui.Option, len(as))
	for i, a := range as {
		out[i] = ui.Option{Value: string(a.Kind), Label: a.Kind.Label()}
	}
	return out
}

// firstKind is the upload's preselected kind: the first the call asks for.
func firstKind(as []opencall.Attachment) string {
	if len(as) == 0 {
		return ""
	}
	return string(as[0].Kind)
}
