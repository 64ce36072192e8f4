package question

import (
	"time"

	"residens/internal/civil"
	"residens/internal/vocab"
	"residens/web/ui"
)

// State is where a question stands.
type State string

// The states of a question.
const (
	StateNew      State = "ny"
	StateOngoing  State = "pagar"
	StateWaiting  State = "vantar"
	StateAnswered State = "besvarad"
	StateReferred State = "hanvisad"
	StateClosed   State = "stangd"
)

// States are the states in the order the inbox lists them.
var States = []State{StateNew, StateOngoing, StateWaiting, StateAnswered, StateReferred, StateClosed}

var stateLabels = map[State]string{
	StateNew:      "Ny",
	StateOngoing:  "Pågår",
	StateWaiting:  "Väntar på frågeställaren",
	StateAnswered: "Besvarad",
	StateReferred: "Hänvisad",
	StateClosed:   "Stängd",
}

// Label is the state in Swedish.
func (s State) Label() string { return stateLabels[s] }

// Valid reports whether s is one of States.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// Open reports whether the question awaits the consultants: new or
// ongoing. Only an open question can be overdue.
func (s State) Open() bool { return s == StateNew || s == StateOngoing }

// Settled reports whether the question has its answer, is closed or waits
// for the asker: the asker's follow-up then sets it going again (pågår) and
// restarts the answer clock.
func (s State) Settled() bool {
	return s == StateAnswered || s == StateReferred || s == StateClosed || s == StateWaiting
}

// TopicLabel is the desk topic's name, or the value itself.
func TopicLabel(topic string) string { return ui.OptionLabel(vocab.Topics, topic) }

// validTopic reports whether topic is one of vocab.Topics.
func validTopic(topic string) bool { return ui.HasOption(vocab.Topics, topic) }

// Question is one question with what the inbox and the thread show.
type Question struct {
	ID              int64
	Number          string
	RegistrationID  int64
	Topic           string
	ArtFormID       int64
	ArtForm         string
	MunicipalityID  int64
	Municipality    string
	Body            string
	Name            string
	Email           string
	Organisation    string
	ForOrganisation bool
	State           State
	AssigneeID      int64
	Assignee        string
	ReceivedAt      time.Time
	AwaitingSince   time.Time
	UpdatedAt       time.Time
}

// Due is the civil date by which an answer is due: days working days
// (Europe/Stockholm) after the day the asker began to wait.
func Due(awaitingSince time.Time, days int) time.Time {
	return civil.AddWorkingDays(civil.Today(awaitingSince), days)
}

// Overdue reports whether a question in state s, waiting since
// awaitingSince, has had no answer for more than days working days at now:
// the day it is due has passed.
func Overdue(s State, awaitingSince, now time.Time, days int) bool {
	return s.Open() && civil.Today(now).After(Due(awaitingSince, days))
}

// EventKind is what an event of the thread is.
type EventKind string

// The kinds of event.
const (
	EventFollowUp EventKind = "followup"
	EventAnswer   EventKind = "answer"
	EventNote     EventKind = "note"
	EventReferral EventKind = "referral"
	EventHandOver EventKind = "handover"
	EventWaiting  EventKind = "waiting"
	EventClosed   EventKind = "closed"
	EventReopened EventKind = "reopened"
)

// Public reports whether the asker sees events of kind k on their page.
// A note and a hand-over are the consultants' own.
func (k EventKind) Public() bool {
	switch k {
	case EventNote, EventHandOver:
		return false
	}
	return true
}

var eventLabels = map[EventKind]string{
	EventFollowUp: "Följdfråga",
	EventAnswer:   "Svar",
	EventNote:     "Intern anteckning",
	EventReferral: "Hänvisning",
	EventHandOver: "Lämnad till kollega",
	EventWaiting:  "Väntar på frågeställaren",
	EventClosed:   "Stängd",
	EventReopened: "Öppnad igen",
}

// Label is the kind in Swedish.
func (k EventKind) Label() string { return eventLabels[k] }

// Event is one step of the thread.
type Event struct {
	ID        int64
	Kind      EventKind
	Body      string
	Contact   string
	Author    string // "" for the asker
	ToUser    string
	CreatedAt time.Time
}

// topicOptions are the desk's topics as choices.
func topicOptions() []ui.Option { return vocab.Topics }
