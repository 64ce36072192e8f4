package proposal

import "slices"

// State is where a proposal stands.
type State string

// The states of a proposal.
const (
	Draft               State = "draft"
	Submitted           State = "submitted"
	InReview            State = "in_review"
	CompletionRequested State = "completion_requested"
	Accepted            State = "accepted"
	Declined            State = "declined"
	Withdrawn           State = "withdrawn"
)

// States lists every state in the order a proposal normally passes them.
var States = []State{Draft, Submitted, InReview, CompletionRequested, Accepted, Declined, Withdrawn}

// transitions is the state machine, the one place that says which moves
// exist: for each target state, the states it may be reached from. Nothing
// leaves accepted, declined or withdrawn. The store enforces it in SQL
// (UPDATE … WHERE state = ANY(from)), whatever request arrives.
var transitions = map[State][]State{
	Submitted:           {Draft, CompletionRequested},
	InReview:            {Submitted},
	CompletionRequested: {Submitted, InReview},
	Accepted:            {Submitted, InReview},
	Declined:            {Submitted, InReview},
	Withdrawn:           {Draft, Submitted, InReview, CompletionRequested},
}

// From returns the states a proposal may move to "to" from.
func From(to State) []State { return transitions[to] }

// Allowed reports whether a proposal may move from one state to another.
func Allowed(from, to State) bool { return slices.Contains(transitions[to], from) }

// Editable reports whether the officer may change the proposal's facts in
// state s: a draft, or one sent back for completion.
func (s State) Editable() bool { return s == Draft || s == CompletionRequested }

// Open reports whether the proposal is still undecided and not withdrawn.
func (s State) Open() bool { return s != Accepted && s != Declined && s != Withdrawn }

// Label is the state in Swedish.
func (s State) Label() string {
	switch s {
	case Draft:
		return "Utkast"
	case Submitted:
		return "Inskickat"
	case InReview:
		return "Under handläggning"
	case CompletionRequested:
		return "Komplettering begärd"
	case Accepted:
		return "Godkänt"
	case Declined:
		return "Avslaget"
	case Withdrawn:
		return "Återkallat"
	}
	return string(s)
}

// Valid reports whether s is one of States.
func (s State) Valid() bool { return slices.Contains(States, s) }

func stateStrings(ss []State) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}
