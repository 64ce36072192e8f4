package application

import (
	"errors"
	"strconv"
	"time"

	"residens/internal/opencall"
)

// State is where an application stands.
type State string

// The states of an application.
const (
	Draft     State = "draft"
	Submitted State = "submitted"
	Withdrawn State = "withdrawn"
)

// Label is the state's Swedish name.
func (s State) Label() string {
	switch s {
	case Draft:
		return "Utkast"
	case Submitted:
		return "Inskickad"
	case Withdrawn:
		return "Återkallad"
	}
	return string(s)
}

// ApplicantKind says whether one person applies or a group or company.
type ApplicantKind string

// The kinds of applicant.
const (
	Person ApplicantKind = "person"
	Group  ApplicantKind = "group"
)

// Decision is opencall.Decision, the consultant's decision.
type Decision = opencall.Decision

// The decisions, as opencall names them.
const (
	Selected    = opencall.Selected
	Reserve     = opencall.Reserve
	NotSelected = opencall.NotSelected
)

// Limits of the form's fields, in characters, as the table checks them.
const (
	MaxName    = 200
	MaxMembers = 2000
	MaxEmail   = 254
	MaxPhone   = 50
	MaxLong    = 8000
	MaxLangs   = 500
	MaxURL     = 500
)

// Limits of the attachments.
const (
	// MaxFileBytes bounds one PDF: 10 MB.
	MaxFileBytes = 10 << 20
	// MaxFiles bounds the PDFs of one application.
	MaxFiles = 5
	// maxUploadBody is the body limit of an upload: the file, the form's
	// text fields (four long texts at most 4 bytes a character) and the
	// multipart framing.
	maxUploadBody = MaxFileBytes + 1<<20
)

// Values are what the artist writes in the form.
type Values struct {
	Kind         ApplicantKind
	GroupName    string
	Members      string
	ContactName  string
	ContactEmail string
	ContactPhone string
	Practice     string
	Experience   string
	Idea         string
	Languages    string
	VideoURL     string
	PortfolioURL string
	Declaration  bool
}

// File is an attached PDF, without its content.
type File struct {
	ID        int64
	Kind      opencall.AttachmentKind
	Name      string
	Size      int
	CreatedAt time.Time
}

// SizeLabel is the file's size as people read it ("2,4 MB", "830 kB").
func (f File) SizeLabel() string { return sizeLabel(f.Size) }

func sizeLabel(n int) string {
	switch {
	case n >= 1<<20:
		tenths := (n*10 + 1<<19) / (1 << 20)
		s := strconv.Itoa(tenths/10) + "," + strconv.Itoa(tenths%10)
		return s + " MB"
	case n >= 1<<10:
		return strconv.Itoa((n+1<<9)/(1<<10)) + " kB"
	}
	return strconv.Itoa(n) + " byte"
}

// Application is one artist's application to one call.
type Application struct {
	ID          int64
	CallID      int64
	ApplicantID int64
	State       State
	Values      Values
	Number      string
	SubmittedAt *time.Time
	WithdrawnAt *time.Time
	// The decision is shown to the artist only once OutcomeSentAt is set.
	Decision       Decision
	DecisionReason string
	OutcomeSentAt  *time.Time
	PurgedAt       *time.Time
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Files          []File
}

// Outcome is the decision the artist may see: "" until it has been sent.
func (a *Application) Outcome() Decision {
	if a.OutcomeSentAt == nil || a.State != Submitted {
		return ""
	}
	return a.Decision
}

// Row is one application in the artist's list.
type Row struct {
	ID             int64
	CallSlug       string
	CallTitle      string
	ClosesAt       time.Time
	State          State
	Number         string
	SubmittedAt    *time.Time
	UpdatedAt      time.Time
	Decision       Decision
	DecisionReason string
	OutcomeSentAt  *time.Time
}

// Outcome is the decision the artist may see: "" until it has been sent.
func (r Row) Outcome() Decision {
	if r.OutcomeSentAt == nil || r.State != Submitted {
		return ""
	}
	return r.Decision
}

// Actor is the signed-in artist as the store needs them.
type Actor struct {
	ID    int64
	Name  string
	Email string
	IP    string
}

// The store's refusals; handlers turn them into pages.
var (
	// ErrNotOpen: the call has not opened yet; nothing was saved.
	ErrNotOpen = errors.New("application: the call is not open yet")
	// ErrClosed: the call has closed. For a save or a submission of an
	// existing draft, what was typed was saved in the draft all the same.
	ErrClosed = errors.New("application: the call has closed")
	// ErrIncomplete: a submission lacks something; the draft was saved.
	ErrIncomplete = errors.New("application: incomplete")
	// ErrAlreadySubmitted: a submission found the application already
	// sent in (a double click); nothing changed.
	ErrAlreadySubmitted = errors.New("application: already submitted")
	// ErrReadOnly: the application is no longer a draft; nothing changed.
	ErrReadOnly = errors.New("application: not a draft")
	// ErrNotSubmitted: a withdrawal of an application never sent in.
	ErrNotSubmitted = errors.New("application: not submitted")
	// ErrTooManyFiles: the application has MaxFiles attachments already.
	ErrTooManyFiles = errors.New("application: too many files")
	// ErrKindNotAsked: an attachment of a kind the call does not ask for.
	ErrKindNotAsked = errors.New("application: the call asks for no such attachment")
)
