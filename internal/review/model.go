package review

import (
	"time"

	"residens/internal/opencall"
)

// Status is a reviewer's progress with one application.
type Status string

// The reviewer's statuses.
const (
	Undeclared Status = "undeclared"
	Conflict   Status = "conflict"
	Started    Status = "started"
	Done       Status = "done"
)

// Label is the status in Swedish.
func (s Status) Label() string {
	switch s {
	case Undeclared:
		return "Ej deklarerad"
	case Conflict:
		return "Jäv"
	case Started:
		return "Påbörjad"
	case Done:
		return "Klar"
	}
	return string(s)
}

// Decision is opencall.Decision, the consultant's decision.
type Decision = opencall.Decision

// The decisions, as opencall names them.
const (
	Selected    = opencall.Selected
	Reserve     = opencall.Reserve
	NotSelected = opencall.NotSelected
)

// Decisions lists the decisions in the order forms offer them.
var Decisions = opencall.Decisions

// Actor is the signed-in reviewer or consultant as the store knows them.
type Actor struct {
	ID   int64
	Name string
	// IP is the request's address, for the audit log.
	IP string
}

// Row is a submitted application as the review list shows it.
type Row struct {
	ID            int64
	Number        string
	ApplicantKind string
	GroupName     string
	ContactName   string
	// Status is the signed-in reviewer's own.
	Status      Status
	Shortlisted bool
	Decision    Decision
	OutcomeSent bool
}

// Applicant is the name the review shows: the group's, or the person's.
func (r Row) Applicant() string { return applicantName(r.ApplicantKind, r.GroupName, r.ContactName) }

func applicantName(kind, group, contact string) string {
	if kind == "group" && group != "" {
		return group
	}
	if contact == "" {
		return "(uppgiften borttagen)"
	}
	return contact
}

// File is an attachment of an application, without its content.
type File struct {
	ID       int64
	Kind     opencall.AttachmentKind
	Filename string
	Size     int
}

// Application is a submitted application with everything the reviewers
// read.
type Application struct {
	ID             int64
	CallID         int64
	Number         string
	ApplicantKind  string
	GroupName      string
	Members        string
	ContactName    string
	ContactEmail   string
	ContactPhone   string
	AccountEmail   string
	Practice       string
	Experience     string
	Idea           string
	Languages      string
	VideoURL       string
	PortfolioURL   string
	Declaration    bool
	SubmittedAt    time.Time
	Shortlisted    bool
	Decision       Decision
	DecisionReason string
	OutcomeSentAt  *time.Time
	Files          []File
}

// Applicant is the name the review shows.
func (a *Application) Applicant() string {
	return applicantName(a.ApplicantKind, a.GroupName, a.ContactName)
}

// MailTo is where the outcome goes: the contact address the applicant
// gave, or their account's when that is empty.
func (a *Application) MailTo() string {
	if a.ContactEmail != "" {
		return a.ContactEmail
	}
	return a.AccountEmail
}

// Declaration is a reviewer's declaration of conflict of interest.
type Declaration struct {
	Conflict   bool
	Reason     string
	DeclaredAt time.Time
}

// ReviewerScore is one score with who gave it, for the application page.
type ReviewerScore struct {
	Score
	ReviewerName string
}

// Progress is how far one reviewer has come with a call.
type Progress struct {
	opencall.Reviewer
	Done      int
	Started   int
	Conflicts int
	// Total is the number of submitted applications.
	Total int
}

// JuryCall is a call the signed-in user reviews, for /jury.
type JuryCall struct {
	ID        int64
	Title     string
	OpensAt   time.Time
	ClosesAt  time.Time
	Total     int
	Done      int
	Conflicts int
}

// Closed reports whether the call has closed at now, so its applications
// can be read.
func (c JuryCall) Closed(now time.Time) bool { return !now.Before(c.ClosesAt) }

// Texts are the three outcome e-mail texts of a call.
type Texts struct {
	Selected    string
	Reserve     string
	NotSelected string
}

// For returns the text for decision d.
func (t Texts) For(d Decision) string {
	switch d {
	case Selected:
		return t.Selected
	case Reserve:
		return t.Reserve
	}
	return t.NotSelected
}

// The default outcome texts, used when a call's text is empty.
const (
	DefaultSelected = "Vi har glädjen att meddela att du har blivit antagen till utlysningen. " +
		"Vi hör av oss inom kort om avtal och den fortsatta planeringen."
	DefaultReserve = "Du har blivit utvald som reserv i utlysningen. " +
		"Om någon av de antagna inte kan genomföra uppdraget hör vi av oss till dig."
	DefaultNotSelected = "Tack för din ansökan. Vi fick många starka ansökningar och du har tyvärr inte blivit antagen den här gången."
)

// TextsOf returns the call's outcome texts, with the defaults for those
// left empty.
func TextsOf(c *opencall.Call) Texts {
	t := Texts{Selected: c.OutcomeSelected, Reserve: c.OutcomeReserve, NotSelected: c.OutcomeNotSelected}
	if t.Selected == "" {
		t.Selected = DefaultSelected
	}
	if t.Reserve == "" {
		t.Reserve = DefaultReserve
	}
	if t.NotSelected == "" {
		t.NotSelected = DefaultNotSelected
	}
	return t
}
