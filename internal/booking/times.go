package booking

import "strings"

// timeDay is one day of a list of times to choose from (the public times,
// the move page, the taken-slot page and the consultant's propose page),
// drawn by the timeGrid component.
type timeDay struct {
	Label  string // the weekday and date: "tisdag 3 mars"
	Groups []timeGroup
}

// timeGroup is one consultant's times on a day. Who, when set, is shown once
// above the times; on a page of one consultant's times it is empty.
type timeGroup struct {
	Who   string
	Times []timeChoice
}

// timeChoice is one radio of the grid. Only Time is shown on the button;
// Day and With are visually hidden parts of its label, so that a screen
// reader, which reads each radio on its own, hears the whole time and with
// whom ("tisdag 3 mars kl. 10.00–10.45 med Dana Dansare") while the eye sees
// the day and the name once, above the buttons.
type timeChoice struct {
	Value   string
	Day     string // "tisdag 3 mars kl. "
	Time    string // "10.00–10.45"
	With    string // " med Dana Dansare", or ""
	Checked bool
}

// splitLabel cuts a slot's label into its day part (with "kl. ") and its
// time of day.
func splitLabel(s Slot) (day, clock string) {
	l := s.Label()
	if i := strings.Index(l, " kl. "); i > 0 {
		return l[:i+len(" kl. ")], l[i+len(" kl. "):]
	}
	return "", l
}

// offerDays turns days of offers into the grid's days: within a day the
// times of each consultant form a group, in the order the consultants first
// appear; showWho puts each group's consultant above it, for a list of
// several consultants' times.
func offerDays(days []Day, selected string, showWho bool) []timeDay {
	out := make([]timeDay, 0, len(days))
	for _, d := range days {
		td := timeDay{Label: d.Label}
		group := map[int64]int{}
		for _, o := range d.Offers {
			g, ok := group[o.Consultant.ID]
			if !ok {
				g = len(td.Groups)
				group[o.Consultant.ID] = g
				grp := timeGroup{}
				if showWho {
					grp.Who = o.Consultant.Name
				}
				td.Groups = append(td.Groups, grp)
			}
			day, clock := splitLabel(o.Slot)
			td.Groups[g].Times = append(td.Groups[g].Times, timeChoice{Value: o.Value(), Day: day, Time: clock,
				With: " med " + o.Consultant.Name, Checked: o.Value() == selected})
		}
		out = append(out, td)
	}
	return out
}

// slotDays turns the consultant's own free days (the propose page) into
// the grid's days, one group each, without a name.
func slotDays(days []SlotDay, selected string) []timeDay {
	out := make([]timeDay, 0, len(days))
	for _, d := range days {
		var g timeGroup
		for _, s := range d.Slots {
			day, clock := splitLabel(s)
			g.Times = append(g.Times, timeChoice{Value: slotValue(s), Day: day, Time: clock, Checked: slotValue(s) == selected})
		}
		out = append(out, timeDay{Label: d.Label, Groups: []timeGroup{g}})
	}
	return out
}

// severalConsultants reports whether the days hold times of more than one
// consultant, so that each group must say whose they are.
func severalConsultants(days []Day) bool {
	var first int64
	for _, d := range days {
		for _, o := range d.Offers {
			if first == 0 {
				first = o.Consultant.ID
			} else if o.Consultant.ID != first {
				return true
			}
		}
	}
	return false
}

// onlyConsultant is the name of the one consultant whose times the days
// hold, or "" when there are several or none.
func onlyConsultant(days []Day) string {
	if severalConsultants(days) {
		return ""
	}
	for _, d := range days {
		if len(d.Offers) > 0 {
			return d.Offers[0].Consultant.Name
		}
	}
	return ""
}
