package proposal

import (
	"slices"
	"strconv"
	"strings"

	"residens/internal/civil"
	"residens/internal/vocab"
	"residens/web/ui"
)

func orUntitled(s string) string {
	if s == "" {
		return "(utan titel)"
	}
	return s
}

func orNobody(s string) string {
	if s == "" {
		return "ingen ännu"
	}
	return s
}

// thousands writes n with a space between thousands, the Swedish way:
// 2 000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func kronor(s string) string {
	n, err := strconv.Atoi(s)
	if err != nil {
		return ui.OrDash(s)
	}
	return thousands(n) + " kr"
}

func termNames(terms []vocab.Term, ids []int64) string {
	var out []string
	for _, t := range terms {
		if slices.Contains(ids, t.ID) {
			out = append(out, t.Name)
		}
	}
	if len(out) == 0 {
		return "–"
	}
	return strings.Join(out, ", ")
}

func purposeNames(ps []string) string {
	var out []string
	for _, p := range ps {
		out = append(out, PurposeLabel(p))
	}
	if len(out) == 0 {
		return "–"
	}
	return strings.Join(out, ", ")
}

func period(v Values) string {
	s, ok1 := dateOf(v.StartsOn)
	e, ok2 := dateOf(v.EndsOn)
	switch {
	case ok1 && ok2:
		return civil.Period(s, e)
	case v.StartsOn == "" && v.EndsOn == "":
		return "–"
	}
	return ui.OrDash(v.StartsOn) + " – " + ui.OrDash(v.EndsOn)
}

// eventTitle says in words what an event was.
func eventTitle(e Event) string {
	switch e.Kind {
	case EventTransition:
		switch e.To {
		case Submitted:
			if e.From == CompletionRequested {
				return "Kompletterat och inskickat igen"
			}
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
		return e.From.Label() + " → " + e.To.Label()
	case EventMessage:
		return "Meddelande"
	case EventNote:
		return "Intern anteckning (syns inte för kommunen)"
	case EventAssignment:
		return "Ny handläggare"
	}
	return e.Kind
}

func stateOptions() []Option {
	var out []Option
	for _, s := range States {
		if s != Draft {
			out = append(out, Option{Value: string(s), Label: s.Label()})
		}
	}
	return out
}

func municipalitySlug(terms []vocab.Term, id int64) string {
	for _, t := range terms {
		if t.ID == id {
			return t.Slug
		}
	}
	return ""
}

func personOptions(people []Person, nobody bool) []Option {
	var out []Option
	if nobody {
		out = append(out, Option{Value: "ingen", Label: "Ingen ännu"})
	}
	for _, p := range people {
		out = append(out, Option{Value: ui.ID(p.ID), Label: p.Name})
	}
	return out
}

// assigneeDefault is who the take form offers: the one handling it, or the
// consultant looking at it.
func assigneeDefault(v ReviewView) string {
	if v.P.AssignedTo != 0 {
		return ui.ID(v.P.AssignedTo)
	}
	return ui.ID(v.Me)
}

func waitingText(n int) string {
	switch n {
	case 0:
		return "Inga inskickade förslag väntar på en handläggare."
	case 1:
		return "1 inskickat förslag väntar på en handläggare."
	}
	return strconv.Itoa(n) + " inskickade förslag väntar på en handläggare."
}

func countText(n int) string {
	if n == 1 {
		return "1 förslag"
	}
	return strconv.Itoa(n) + " förslag"
}

// kindFilterOptions are the inbox filter's kinds, in short words.
var kindFilterOptions = []ui.Option{{Value: "kommunresidens", Label: "Kommunresidens"}, {Value: "kommunkoreograf", Label: "Kommunkoreograf"}}
