package booking

import (
	"fmt"
	"slices"
	"time"

	"residens/internal/civil"
)

// Slot is a span of time [Start, End): a free time to offer, or the time a
// booking holds.
type Slot struct {
	Start time.Time
	End   time.Time
}

// Label names the slot in Stockholm time the way a form shows it:
// "tisdag 3 mars kl. 10.00–10.45".
func (s Slot) Label() string {
	a, b := s.Start.In(civil.Stockholm), s.End.In(civil.Stockholm)
	return fmt.Sprintf("%s %d %s kl. %02d.%02d–%02d.%02d", civil.Weekday(a), a.Day(), civil.Month(a.Month()),
		a.Hour(), a.Minute(), b.Hour(), b.Minute())
}

// Overlaps reports whether the half-open spans share any instant.
func (s Slot) Overlaps(o Slot) bool { return s.Start.Before(o.End) && o.Start.Before(s.End) }

// isoWeekday numbers d's weekday the ISO way: Monday 1 … Sunday 7.
func isoWeekday(d time.Time) int {
	if w := d.Weekday(); w != time.Sunday {
		return int(w)
	}
	return 7
}

// workingDay reports whether d is a Monday–Friday that the consultant has
// not closed. Public holidays are not known here; a consultant enters them as
// closed days, and then they do not count towards the notice either.
func workingDay(d time.Time, closed map[time.Time]bool) bool {
	return isoWeekday(d) <= 5 && !closed[d]
}

// FreeSlots returns the free times of a consultant, earliest first.
//
// Everything is decided in Europe/Stockholm: each date's opening hours are
// wall-clock times turned into instants for that very date, so the weeks of
// the clock changes keep the real opening hours, and a day of 23 or 25 hours
// is just another date. Meetings are laid back to back from the start of
// each opening, MeetingMinutes long with BufferMinutes between them, and a
// meeting must end within the opening. A slot is free when it starts after
// now and does not come within the buffer of any holding booking in busy.
//
// The earliest bookable date is the MinNoticeDays-th working day after today
// (working days being Monday–Friday not closed by an exception): with one
// day's notice, Friday's booker gets Monday at the earliest, and so do
// Saturday's and Sunday's. With zero, today's remaining slots count. The
// latest bookable date is 7·HorizonWeeks days after today.
//
// A closed exception removes the date's weekly hours; an extra exception
// adds an opening on its date, even a closed one (a consultant who is off
// but takes one meeting).
func FreeSlots(a Availability, busy []Slot, now time.Time) []Slot {
	p := a.Profile
	if p.MeetingMinutes <= 0 {
		return nil
	}
	meeting := time.Duration(p.MeetingMinutes) * time.Minute
	buffer := time.Duration(max(p.BufferMinutes, 0)) * time.Minute

	closed := closedDays(a.Exceptions)
	extras := map[time.Time][]Hours{}
	for _, e := range a.Exceptions {
		if e.Kind == Extra {
			d := dateOnly(e.Day)
			extras[d] = append(extras[d], Hours{Starts: e.Starts, Ends: e.Ends})
		}
	}
	weekly := map[int][]Hours{}
	for _, h := range a.Hours {
		weekly[h.Weekday] = append(weekly[h.Weekday], h)
	}

	first, last := bookableDays(p, closed, now)

	// Widen each holding booking by the buffer once, so the check below is
	// a plain overlap test.
	blocked := make([]Slot, len(busy))
	for i, b := range busy {
		blocked[i] = Slot{b.Start.Add(-buffer), b.End.Add(buffer)}
	}

	var out []Slot
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		var open []Hours
		if !closed[d] {
			open = append(open, weekly[isoWeekday(d)]...)
		}
		open = append(open, extras[d]...)
		for _, span := range openings(d, open) {
			for s := span.Start; !s.Add(meeting).After(span.End); s = s.Add(meeting + buffer) {
				slot := Slot{s, s.Add(meeting)}
				if slot.Start.After(now) && !slices.ContainsFunc(blocked, slot.Overlaps) {
					out = append(out, slot)
				}
			}
		}
	}
	return out
}

// bookableDays returns the first and last calendar date (as midnight UTC)
// on which p lets a booker book at now.
func bookableDays(p Profile, closed map[time.Time]bool, now time.Time) (first, last time.Time) {
	today := civil.Today(now)
	first = today
	for n := 0; n < p.MinNoticeDays; {
		first = first.AddDate(0, 0, 1)
		if workingDay(first, closed) {
			n++
		}
	}
	return first, today.AddDate(0, 0, 7*max(p.HorizonWeeks, 0))
}

// closedDays collects the dates that closed exceptions remove.
func closedDays(ex []Exception) map[time.Time]bool {
	closed := map[time.Time]bool{}
	for _, e := range ex {
		if e.Kind == Closed {
			closed[dateOnly(e.Day)] = true
		}
	}
	return closed
}

// Window is the span of time in which FreeSlots may offer slots at now,
// widened by the buffer: the span from which to load the holding bookings
// (see Holding) that FreeSlots needs.
func Window(a Availability, now time.Time) (from, to time.Time) {
	first, last := bookableDays(a.Profile, closedDays(a.Exceptions), now)
	buffer := time.Duration(max(a.Profile.BufferMinutes, 0)) * time.Minute
	return Clock(0).on(first).Add(-buffer), EndOfDay.on(last).Add(buffer)
}

// dateOnly reads a date's year, month and day as a UTC midnight, whatever
// location it came in.
func dateOnly(d time.Time) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}

// openings turns a date's opening hours into instants, earliest first, with
// overlapping or touching openings merged so no two slots can overlap.
func openings(day time.Time, hours []Hours) []Slot {
	spans := make([]Slot, 0, len(hours))
	for _, h := range hours {
		s := Slot{h.Starts.on(day), h.Ends.on(day)}
		if s.End.After(s.Start) {
			spans = append(spans, s)
		}
	}
	slices.SortFunc(spans, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	var merged []Slot
	for _, s := range spans {
		if n := len(merged); n > 0 && !s.Start.After(merged[n-1].End) {
			if s.End.After(merged[n-1].End) {
				merged[n-1].End = s.End
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}
