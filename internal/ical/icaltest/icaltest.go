// Package icaltest reads calendar files for tests with an independent
// parser (github.com/arran4/golang-ical), so that what package ical writes
// is checked by code that did not write it. It does not import package ical,
// so that ical's own tests can use it; Event has ical.Event's fields in the
// same order, so ical.Event(e) converts one.
package icaltest

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Event is one VEVENT as the tests check it.
type Event struct {
	UID         string
	Sequence    int
	Start, End  time.Time
	Summary     string
	Description string
	Location    string
	// Organizer and Attendees are e-mail addresses without "mailto:".
	Organizer   string
	Attendees   []string
	Status      string
	AlarmBefore time.Duration
	Stamp       time.Time
	URL         string
}

// Calendar parses r with golang-ical, for tests that look at components
// (VTIMEZONE, VALARM) themselves.
func Calendar(r io.Reader) (*ics.Calendar, error) {
	cal, err := ics.ParseCalendar(r)
	if err != nil {
		return nil, fmt.Errorf("icaltest: %w", err)
	}
	return cal, nil
}

// Parse reads one VCALENDAR and returns its METHOD and its events.
func Parse(r io.Reader) (method string, events []Event, err error) {
	cal, err := Calendar(r)
	if err != nil {
		return "", nil, err
	}
	for _, p := range cal.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			method = p.Value
		}
	}
	for _, ve := range cal.Events() {
		e, err := event(ve)
		if err != nil {
			return "", nil, err
		}
		events = append(events, e)
	}
	return method, events, nil
}

func event(ve *ics.VEvent) (Event, error) {
	get := func(p ics.ComponentProperty) string {
		if v := ve.GetProperty(p); v != nil {
			return v.Value
		}
		return ""
	}
	e := Event{UID: get(ics.ComponentPropertyUniqueId), Summary: get(ics.ComponentPropertySummary),
		Description: get(ics.ComponentPropertyDescription), Location: get(ics.ComponentPropertyLocation),
		URL:       get(ics.ComponentPropertyUrl),
		Organizer: stripMailto(get(ics.ComponentPropertyOrganizer)), Status: get(ics.ComponentPropertyStatus)}
	if e.UID == "" {
		return Event{}, errors.New("icaltest: VEVENT without UID")
	}
	var err error
	if s := get(ics.ComponentPropertySequence); s != "" {
		if e.Sequence, err = strconv.Atoi(s); err != nil {
			return Event{}, fmt.Errorf("icaltest: SEQUENCE %q: %w", s, err)
		}
	}
	if e.Start, err = firstOccurrence(ve, ics.ComponentPropertyDtStart, ve.GetStartAt); err != nil {
		return Event{}, fmt.Errorf("icaltest: DTSTART: %w", err)
	}
	if e.End, err = firstOccurrence(ve, ics.ComponentPropertyDtEnd, ve.GetEndAt); err != nil {
		return Event{}, fmt.Errorf("icaltest: DTEND: %w", err)
	}
	if e.Stamp, err = ve.GetDtStampTime(); err != nil {
		return Event{}, fmt.Errorf("icaltest: DTSTAMP: %w", err)
	}
	for _, a := range ve.GetProperties(ics.ComponentPropertyAttendee) {
		e.Attendees = append(e.Attendees, stripMailto(a.Value))
	}
	if alarms := ve.Alarms(); len(alarms) > 0 {
		t := alarms[0].GetProperty(ics.ComponentPropertyTrigger)
		if t == nil {
			return Event{}, errors.New("icaltest: VALARM without TRIGGER")
		}
		d, err := Duration(t.Value)
		if err != nil {
			return Event{}, err
		}
		e.AlarmBefore = -d
	}
	return e, nil
}

// firstOccurrence is the instant of ve's time property p as get reads it,
// except in the hour repeated when the clocks go back: there a wall-clock
// time with a TZID means its first occurrence (RFC 5545 section 3.3.5),
// while golang-ical leaves the choice to time.ParseInLocation, which Go does
// not specify (and resolves to the second).
func firstOccurrence(ve *ics.VEvent, p ics.ComponentProperty, get func() (time.Time, error)) (time.Time, error) {
	t, err := get()
	if err != nil {
		return t, err
	}
	prop := ve.GetProperty(p)
	tzid := prop.ICalParameters["TZID"]
	if len(tzid) != 1 || strings.HasSuffix(prop.Value, "Z") {
		return t, nil
	}
	loc := t.Location()
	_, before := t.Add(-48 * time.Hour).In(loc).Zone()
	_, after := t.Add(48 * time.Hour).In(loc).Zone()
	const layout = "20060102T150405"
	if d := time.Duration(before-after) * time.Second; d > 0 {
		if earlier := t.Add(-d); earlier.In(loc).Format(layout) == prop.Value {
			return earlier, nil
		}
	}
	return t, nil
}

func stripMailto(a string) string {
	if len(a) >= 7 && strings.EqualFold(a[:7], "mailto:") {
		return a[7:]
	}
	return a
}

var durationRE = regexp.MustCompile(`^([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// Duration reads an RFC 5545 DURATION such as "-PT1H30M"; golang-ical
// leaves triggers as text.
func Duration(s string) (time.Duration, error) {
	m := durationRE.FindStringSubmatch(s)
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0, fmt.Errorf("icaltest: duration %q", s)
	}
	var d time.Duration
	for i, unit := range []time.Duration{7 * 24 * time.Hour, 24 * time.Hour, time.Hour, time.Minute, time.Second} {
		if m[i+2] != "" {
			n, err := strconv.Atoi(m[i+2])
			if err != nil {
				return 0, fmt.Errorf("icaltest: duration %q: %w", s, err)
			}
			d += time.Duration(n) * unit
		}
	}
	if m[1] == "-" {
		d = -d
	}
	return d, nil
}
