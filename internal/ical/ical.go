// Package ical writes the iCalendar (RFC 5545) invitations attached to the booking e-mails of advisory meetings,
// and published feeds of all-day events (WriteDays), such as the funding finder's deadlines.
// Its tests read the files back with an independent parser (package icaltest over golang-ical), so that they see
// what a calendar program would see.
//
// Times are written as Europe/Stockholm wall-clock time with a TZID and a VTIMEZONE that carries the EU rules,
// so a meeting at 10.00 in Stockholm stays at 10.00 in every calendar, also in the weeks of the clock changes.
package ical

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone must load even where the host has no tz database
	"unicode/utf8"
)

// ContentType is the MIME type of an attachment written by Write; append the method, e.g. ContentType + "REQUEST".
const ContentType = "text/calendar; charset=utf-8; method="

// Methods (RFC 5546) that Write accepts.
const (
	// MethodRequest is used for a new or changed meeting.
	MethodRequest = "REQUEST"
	// MethodCancel is used for a cancelled meeting.
	MethodCancel = "CANCEL"
	// MethodPublish posts a meeting that expects no reply: the calendar
	// imports (or updates, by UID and SEQUENCE) it as an event. RFC 5546
	// allows no ATTENDEE with it.
	MethodPublish = "PUBLISH"
)

// Statuses of an event that Write accepts.
const (
	// StatusTentative marks a meeting that is requested but not yet confirmed.
	StatusTentative = "TENTATIVE"
	// StatusConfirmed marks a confirmed meeting.
	StatusConfirmed = "CONFIRMED"
	// StatusCancelled marks a cancelled meeting; it is the only status allowed with MethodCancel.
	StatusCancelled = "CANCELLED"
)

// TZID is the time zone in which event times are written.
const TZID = "Europe/Stockholm"

// prodID names the producer; calendar programs show it in diagnostics only.
const prodID = "-//Residens//Radgivning//SV"

// maxLine is the longest physical line, in octets without the CRLF, that RFC 5545 allows.
const maxLine = 75

// stockholm is loaded once; the embedded tz database makes the load unable to fail in practice.
var stockholm = mustLoad(TZID)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("ical: load %s: %v", name, err))
	}
	return loc
}

// Event is one meeting as it is written to, and read back from, a VEVENT.
type Event struct {
	// UID identifies the booking across all its changes, e.g. "booking-123@residens"; the caller supplies it and
	// must keep it stable so that calendars update the meeting instead of adding a new one.
	UID string
	// Sequence increases with each change of the same meeting (0 for the first invitation); calendars ignore an
	// update whose sequence is not higher than the one they hold.
	Sequence int
	// Start and End are instants; Write expresses them as Europe/Stockholm wall-clock time with TZID (whole
	// seconds; anything finer is dropped). End must be after Start.
	Start, End time.Time
	// Summary is the title shown in the calendar.
	Summary string
	// Description is the free text of the meeting; newlines are kept.
	Description string
	// Location is where (or how: a video link, "Telefon") the meeting takes place.
	Location string
	// Organizer is the e-mail address of whoever sends the invitation, with or without "mailto:" (optional).
	Organizer string
	// Attendees are the e-mail addresses of the participants, with or without "mailto:" (optional; none with
	// MethodPublish).
	Attendees []string
	// Status is StatusTentative, StatusConfirmed or StatusCancelled; empty omits it (with MethodCancel an empty
	// status is written as StatusCancelled).
	Status string
	// AlarmBefore adds a VALARM with ACTION:DISPLAY that triggers this long before the start (whole seconds);
	// 0 means no alarm.
	AlarmBefore time.Duration
	// Stamp is the DTSTAMP: when this version of the invitation was made. It is written in UTC and required.
	Stamp time.Time
	// URL is an absolute http(s) address of a page about the event (optional).
	URL string
}

// Bytes returns the VCALENDAR that Write produces.
func Bytes(method string, e Event) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, method, e); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Write writes a whole VCALENDAR with method (MethodRequest, MethodCancel or MethodPublish), a VTIMEZONE for Europe/Stockholm
// and the event with its alarm: CRLF line endings, lines folded at 75 octets on UTF-8 rune boundaries, text
// escaped. Nothing is written when the event is invalid.
func Write(w io.Writer, method string, e Event) error {
	if err := validate(method, &e); err != nil {
		return err
	}
	var b builder
	b.line("BEGIN", "VCALENDAR")
	b.line("PRODID", prodID)
	b.line("VERSION", "2.0")
	b.line("CALSCALE", "GREGORIAN")
	b.line("METHOD", method)
	writeTimezone(&b)
	writeEvent(&b, method, e)
	b.line("END", "VCALENDAR")
	_, err := w.Write(b.buf.Bytes())
	if err != nil {
		return fmt.Errorf("ical: write: %w", err)
	}
	return nil
}

// writeEvent writes one VEVENT of e, checked by validate, with its alarm.
func writeEvent(b *builder, method string, e Event) {
	b.line("BEGIN", "VEVENT")
	b.line("UID", escapeText(e.UID))
	b.line("SEQUENCE", strconv.Itoa(e.Sequence))
	b.line("DTSTAMP", e.Stamp.UTC().Format(utcLayout))
	b.line(timeProp("DTSTART", e.Start))
	b.line(timeProp("DTEND", e.End))
	if e.Summary != "" {
		b.line("SUMMARY", escapeText(e.Summary))
	}
	if e.Description != "" {
		b.line("DESCRIPTION", escapeText(e.Description))
	}
	if e.Location != "" {
		b.line("LOCATION", escapeText(e.Location))
	}
	if e.Organizer != "" {
		b.line("ORGANIZER", mailto(e.Organizer))
	}
	for _, a := range e.Attendees {
		// RSVP asks the attendee's calendar to answer; a cancellation needs no answer.
		rsvp := "TRUE"
		if method == MethodCancel {
			rsvp = "FALSE"
		}
		b.line("ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP="+rsvp, mailto(a))
	}
	if e.Status != "" {
		b.line("STATUS", e.Status)
	}
	b.line("TRANSP", "OPAQUE")
	if e.AlarmBefore > 0 {
		b.line("BEGIN", "VALARM")
		b.line("ACTION", "DISPLAY")
		desc := "Påminnelse"
		if e.Summary != "" {
			desc += ": " + e.Summary
		}
		b.line("DESCRIPTION", escapeText(desc))
		b.line("TRIGGER", "-"+formatDuration(e.AlarmBefore))
		b.line("END", "VALARM")
	}
	if e.URL != "" {
		b.line("URL", e.URL)
	}
	b.line("END", "VEVENT")
}

// WriteFeed writes a whole VCALENDAR with METHOD:PUBLISH named name
// (X-WR-CALNAME) holding one VEVENT per event, with the VTIMEZONE for
// Europe/Stockholm once: a feed to subscribe to, such as the portal's
// events. Nothing is written when an event is invalid; events may carry no
// ATTENDEE.
func WriteFeed(w io.Writer, name string, events []Event) error {
	for i := range events {
		if err := validate(MethodPublish, &events[i]); err != nil {
			return err
		}
	}
	var b builder
	b.line("BEGIN", "VCALENDAR")
	b.line("PRODID", prodID)
	b.line("VERSION", "2.0")
	b.line("CALSCALE", "GREGORIAN")
	b.line("METHOD", MethodPublish)
	if name = cleanText(name); name != "" {
		b.line("X-WR-CALNAME", escapeText(name))
	}
	writeTimezone(&b)
	for _, e := range events {
		writeEvent(&b, MethodPublish, e)
	}
	b.line("END", "VCALENDAR")
	if _, err := w.Write(b.buf.Bytes()); err != nil {
		return fmt.Errorf("ical: write: %w", err)
	}
	return nil
}

// validate checks e and normalises it in place (text to valid UTF-8, times to whole seconds, default status).
func validate(method string, e *Event) error {
	switch method {
	case MethodRequest, MethodCancel, MethodPublish:
	default:
		return fmt.Errorf("ical: method %q: want %s, %s or %s", method, MethodRequest, MethodCancel, MethodPublish)
	}
	if method == MethodPublish && len(e.Attendees) > 0 {
		return errors.New("ical: ATTENDEE with method PUBLISH")
	}
	e.UID = cleanText(e.UID)
	if strings.TrimSpace(e.UID) == "" {
		return errors.New("ical: event has no UID")
	}
	if e.Sequence < 0 {
		return fmt.Errorf("ical: negative sequence %d", e.Sequence)
	}
	if e.Start.IsZero() || e.End.IsZero() {
		return errors.New("ical: event has no start or end")
	}
	e.Start, e.End = e.Start.Truncate(time.Second), e.End.Truncate(time.Second)
	if !e.End.After(e.Start) {
		return fmt.Errorf("ical: end %s is not after start %s", e.End, e.Start)
	}
	if e.Start.Year() < 1 || e.End.Year() > 9999 {
		return errors.New("ical: time outside years 1-9999")
	}
	if e.Stamp.IsZero() {
		return errors.New("ical: event has no DTSTAMP")
	}
	if y := e.Stamp.UTC().Year(); y < 1 || y > 9999 {
		return errors.New("ical: DTSTAMP outside years 1-9999")
	}
	if e.AlarmBefore < 0 {
		return fmt.Errorf("ical: negative alarm %s", e.AlarmBefore)
	}
	e.AlarmBefore = e.AlarmBefore.Truncate(time.Second)
	switch {
	case e.Status == "" && method == MethodCancel:
		e.Status = StatusCancelled
	case method == MethodCancel && e.Status != StatusCancelled:
		return fmt.Errorf("ical: status %q with method CANCEL", e.Status)
	case e.Status == "", e.Status == StatusTentative, e.Status == StatusConfirmed, e.Status == StatusCancelled:
	default:
		return fmt.Errorf("ical: status %q", e.Status)
	}
	for _, a := range append([]string{e.Organizer}, e.Attendees...) {
		if err := checkAddress(a); err != nil {
			return err
		}
	}
	if e.URL != "" && (strings.ContainsFunc(e.URL, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '"' }) ||
		!strings.HasPrefix(e.URL, "https://") && !strings.HasPrefix(e.URL, "http://")) {
		return fmt.Errorf("ical: URL %q", e.URL)
	}
	e.Summary, e.Description, e.Location = cleanText(e.Summary), cleanText(e.Description), cleanText(e.Location)
	return nil
}

// checkAddress refuses what could break out of the property value (a newline would inject properties).
func checkAddress(a string) error {
	if a == "" {
		return nil
	}
	addr := stripMailto(a)
	if addr == "" || !utf8.ValidString(addr) || strings.ContainsFunc(addr, func(r rune) bool {
		return r <= ' ' || r == 0x7f || r == '"' || r == ';' || r == ':' || r == ','
	}) || !strings.Contains(addr, "@") {
		return fmt.Errorf("ical: bad e-mail address %q", a)
	}
	return nil
}

func mailto(a string) string { return "mailto:" + stripMailto(a) }

func stripMailto(a string) string {
	if len(a) >= 7 && strings.EqualFold(a[:7], "mailto:") {
		return a[7:]
	}
	return a
}

// cleanText makes s valid UTF-8 with "\n" as the only line break and no other control characters, which
// RFC 5545 does not allow in TEXT (a tab is kept as a space).
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r', r == '\t':
			return ' '
		case r < ' ', r == 0x7f:
			return -1
		}
		return r
	}, s)
}

// escapeText escapes a TEXT value (RFC 5545 section 3.3.11).
func escapeText(s string) string {
	return textEscaper.Replace(s)
}

var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\n", `\n`)

const (
	localLayout = "20060102T150405"
	utcLayout   = "20060102T150405Z"
)

// timeProp returns the property name with TZID and the Stockholm wall-clock time of t. In the hour repeated when
// the clocks go back, a wall-clock time means its first occurrence (RFC 5545 section 3.3.5), so an instant in the
// second occurrence is written in UTC instead: it is the only way to say it exactly.
func timeProp(name string, t time.Time) (string, string) {
	wall := t.In(stockholm).Format(localLayout)
	if back, err := parseLocal(wall, stockholm); err == nil && back.Equal(t) {
		return name + ";TZID=" + TZID, wall
	}
	return name, t.UTC().Format(utcLayout)
}

// parseLocal reads a wall-clock time in loc as RFC 5545 section 3.3.5 says: in a repeated hour it is the first
// occurrence, and in a skipped hour it is read with the offset in force before the gap (02.30 on the March
// change day is 03.30 summer time). time.Date leaves the choice in a repeated hour unspecified, hence this.
// timeProp writes a time this way only when it reads back to the same instant.
func parseLocal(v string, loc *time.Location) (time.Time, error) {
	w, err := time.Parse(localLayout, v) // the wall clock as if it were UTC
	if err != nil {
		return time.Time{}, err
	}
	_, before := w.Add(-48 * time.Hour).In(loc).Zone()
	_, after := w.Add(48 * time.Hour).In(loc).Zone()
	var best time.Time
	for _, off := range []int{before, after} {
		t := w.Add(-time.Duration(off) * time.Second)
		if t.In(loc).Format(localLayout) == v && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if best.IsZero() {
		best = w.Add(-time.Duration(before) * time.Second)
	}
	return best, nil
}

// writeTimezone writes the VTIMEZONE for Europe/Stockholm with the EU rules in force since 1996.
func writeTimezone(b *builder) {
	b.line("BEGIN", "VTIMEZONE")
	b.line("TZID", TZID)
	b.line("X-LIC-LOCATION", TZID)
	b.line("BEGIN", "DAYLIGHT")
	b.line("TZOFFSETFROM", "+0100")
	b.line("TZOFFSETTO", "+0200")
	b.line("TZNAME", "CEST")
	b.line("DTSTART", "19700329T020000")
	b.line("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
	b.line("END", "DAYLIGHT")
	b.line("BEGIN", "STANDARD")
	b.line("TZOFFSETFROM", "+0200")
	b.line("TZOFFSETTO", "+0100")
	b.line("TZNAME", "CET")
	b.line("DTSTART", "19701025T030000")
	b.line("RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
	b.line("END", "STANDARD")
	b.line("END", "VTIMEZONE")
}

// formatDuration writes d (positive, whole seconds) as an RFC 5545 dur-time such as "PT24H" or "PT1H30M".
// Hours are not turned into days: "-PT24H" is what calendar programs and people expect for "a day before".
func formatDuration(d time.Duration) string {
	secs := int64(d / time.Second)
	h, m, s := secs/3600, secs/60%60, secs%60
	var b strings.Builder
	b.WriteString("PT")
	if h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	// The grammar allows H then S only with M between them.
	if m > 0 || (h > 0 && s > 0) {
		fmt.Fprintf(&b, "%dM", m)
	}
	if s > 0 || secs == 0 {
		fmt.Fprintf(&b, "%dS", s)
	}
	return b.String()
}

// builder collects folded content lines.
type builder struct{ buf bytes.Buffer }

// line writes "name:value" folded at 75 octets. A fold never splits a UTF-8 sequence, so every physical line
// is valid UTF-8 on its own (some mail clients and parsers need that).
func (b *builder) line(name, value string) {
	s := name + ":" + value
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.buf.WriteString(s[:cut])
		b.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.buf.WriteString(s)
	b.buf.WriteString("\r\n")
}
