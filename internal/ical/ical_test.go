package ical

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"residens/internal/ical/icaltest"
)

// stamp is a fixed DTSTAMP so that output is reproducible.
var stamp = time.Date(2026, 2, 20, 8, 15, 0, 0, time.UTC)

// at returns the instant of a Stockholm wall-clock time.
func at(t *testing.T, y int, mo time.Month, d, h, mi int) time.Time {
	t.Helper()
	v := time.Date(y, mo, d, h, mi, 0, 0, stockholm)
	if v.Hour() != h || v.Minute() != mi {
		t.Fatalf("%d-%02d-%02d %02d:%02d does not exist in Stockholm", y, mo, d, h, mi)
	}
	return v
}

func event(start time.Time) Event {
	return Event{
		UID:         "booking-123@residens",
		Sequence:    2,
		Start:       start,
		End:         start.Add(45 * time.Minute),
		Summary:     "Rådgivning: dans i skolan",
		Description: "Frågor om bidrag.\nTa med budgeten.",
		Location:    "Videomöte",
		Organizer:   "konsulent@residens.example",
		Attendees:   []string{"mailto:bokare@kommun.example"},
		Status:      StatusConfirmed,
		AlarmBefore: 24 * time.Hour,
		Stamp:       stamp,
	}
}

func mustBytes(t *testing.T, method string, e Event) []byte {
	t.Helper()
	b, err := Bytes(method, e)
	if err != nil {
		t.Fatalf("Bytes: %v", err)
	}
	return b
}

// mustParseOne parses b with an independent parser (icaltest, over
// golang-ical) and requires exactly one event.
func mustParseOne(t *testing.T, b []byte) (string, Event) {
	t.Helper()
	method, events, err := icaltest.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, b)
	}
	if len(events) != 1 {
		t.Fatalf("got %d events, want 1", len(events))
	}
	return method, Event(events[0])
}

// mustCalendar parses b with golang-ical, for checks of its components.
func mustCalendar(t *testing.T, b []byte) *ics.Calendar {
	t.Helper()
	cal, err := icaltest.Calendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, b)
	}
	return cal
}

// child is c's first sub-component named name, or nil.
func child(cs []ics.Component, name string) *ics.ComponentBase {
	for _, c := range cs {
		var cb *ics.ComponentBase
		switch x := c.(type) {
		case *ics.VTimezone:
			cb = &x.ComponentBase
		case *ics.Standard:
			cb = &x.ComponentBase
		case *ics.Daylight:
			cb = &x.ComponentBase
		case *ics.VEvent:
			cb = &x.ComponentBase
		case *ics.VAlarm:
			cb = &x.ComponentBase
		default:
			continue
		}
		if strings.EqualFold(componentName(c), name) {
			return cb
		}
	}
	return nil
}

func componentName(c ics.Component) string {
	switch c.(type) {
	case *ics.VTimezone:
		return "VTIMEZONE"
	case *ics.Standard:
		return "STANDARD"
	case *ics.Daylight:
		return "DAYLIGHT"
	case *ics.VEvent:
		return "VEVENT"
	case *ics.VAlarm:
		return "VALARM"
	}
	return ""
}

// prop is the value of c's property name, and whether it has one.
func prop(c *ics.ComponentBase, name string) (string, bool) {
	if p := c.GetProperty(ics.ComponentProperty(name)); p != nil {
		return p.Value, true
	}
	return "", false
}

// physicalLines splits output on CRLF, failing on a bare CR or LF.
func physicalLines(t *testing.T, b []byte) []string {
	t.Helper()
	s := string(b)
	if !strings.HasSuffix(s, "\r\n") {
		t.Fatalf("output does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
	}
	return lines
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		start     time.Time
		wantStart string // the DTSTART line as written
	}{
		{"winter", at(t, 2026, 3, 3, 10, 0), "DTSTART;TZID=Europe/Stockholm:20260303T100000"},
		{"summer", at(t, 2026, 7, 14, 10, 0), "DTSTART;TZID=Europe/Stockholm:20260714T100000"},
		{"friday before spring change", at(t, 2026, 3, 27, 10, 0), "DTSTART;TZID=Europe/Stockholm:20260327T100000"},
		{"monday after spring change", at(t, 2026, 3, 30, 10, 0), "DTSTART;TZID=Europe/Stockholm:20260330T100000"},
		{"spring change day", at(t, 2026, 3, 29, 10, 0), "DTSTART;TZID=Europe/Stockholm:20260329T100000"},
		{"friday before autumn change", at(t, 2026, 10, 23, 10, 0), "DTSTART;TZID=Europe/Stockholm:20261023T100000"},
		{"autumn change day", at(t, 2026, 10, 25, 10, 0), "DTSTART;TZID=Europe/Stockholm:20261025T100000"},
		{"monday after autumn change", at(t, 2026, 10, 26, 10, 0), "DTSTART;TZID=Europe/Stockholm:20261026T100000"},
		{"2027 spring change week", at(t, 2027, 3, 26, 10, 0), "DTSTART;TZID=Europe/Stockholm:20270326T100000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := event(tt.start)
			b := mustBytes(t, MethodRequest, in)
			if !bytes.Contains(b, []byte("\r\n"+tt.wantStart+"\r\n")) {
				t.Errorf("no line %q in\n%s", tt.wantStart, b)
			}
			method, got := mustParseOne(t, b)
			if method != MethodRequest {
				t.Errorf("method = %q, want REQUEST", method)
			}
			if !got.Start.Equal(in.Start) || !got.End.Equal(in.End) {
				t.Errorf("start, end = %s, %s; want %s, %s", got.Start, got.End, in.Start, in.End)
			}
			if h := got.Start.In(stockholm).Hour(); h != 10 {
				t.Errorf("local start hour = %d, want 10", h)
			}
			want := in
			want.Attendees = []string{"bokare@kommun.example"} // Parse drops the mailto: prefix
			want.Start, want.End = got.Start, got.End
			if !got.Stamp.Equal(want.Stamp) {
				t.Errorf("stamp = %s, want %s", got.Stamp, want.Stamp)
			}
			want.Stamp = got.Stamp
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// TestRepeatedHour covers an instant in the hour that occurs twice when the clocks go back: a wall-clock time
// there means the first occurrence, so the second must be written some other way to keep the instant.
func TestRepeatedHour(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		start time.Time
	}{
		{"first 02.30 (CEST)", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
		{"second 02.30 (CET)", time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)},
		{"03.30 after spring gap", time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := event(tt.start)
			_, got := mustParseOne(t, mustBytes(t, MethodRequest, in))
			if !got.Start.Equal(in.Start) || !got.End.Equal(in.End) {
				t.Errorf("start, end = %s, %s; want %s, %s", got.Start.UTC(), got.End.UTC(), in.Start, in.End)
			}
		})
	}
}

func TestParseLocalRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, wall string
		want       time.Time
	}{
		{"repeated hour means the first occurrence", "20261025T023000", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
		{"skipped hour uses the offset before the gap", "20260329T023000", time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)},
		{"ordinary winter time", "20260105T100000", time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)},
		{"ordinary summer time", "20260705T100000", time.Date(2026, 7, 5, 8, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseLocal(tt.wall, stockholm)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("parseLocal(%s) = %s, want %s", tt.wall, got.UTC(), tt.want)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	t.Parallel()
	in := event(at(t, 2026, 3, 3, 10, 0))
	in.Status = ""
	in.Sequence = 3
	b := mustBytes(t, MethodCancel, in)
	method, got := mustParseOne(t, b)
	if method != MethodCancel {
		t.Errorf("method = %q, want CANCEL", method)
	}
	if got.Status != StatusCancelled {
		t.Errorf("status = %q, want CANCELLED", got.Status)
	}
	if got.UID != in.UID || got.Sequence != 3 {
		t.Errorf("UID, sequence = %q, %d; want %q, 3", got.UID, got.Sequence, in.UID)
	}
	for _, want := range []string{"\r\nMETHOD:CANCEL\r\n", "\r\nSTATUS:CANCELLED\r\n", "RSVP=FALSE"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("no %q in\n%s", want, b)
		}
	}
	if !strings.HasPrefix(ContentType+method, "text/calendar; charset=utf-8; method=CANCEL") {
		t.Errorf("content type %q", ContentType+method)
	}
}

func TestText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want, wire string
	}{
		{"swedish letters", "Åsa Öberg i Västerås", "Åsa Öberg i Västerås", "Åsa Öberg i Västerås"},
		{"comma and semicolon", "dans, musik; teater", "dans, musik; teater", `dans\, musik\; teater`},
		{"newlines", "rad ett\nrad två\r\nrad tre", "rad ett\nrad två\nrad tre", `rad ett\nrad två\nrad tre`},
		{"backslash", `C:\mapp\n`, `C:\mapp\n`, `C:\\mapp\\n`},
		{"control characters dropped", "a\x00b\x07c\td", "abc d", "abc d"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := event(at(t, 2026, 3, 3, 10, 0))
			in.Summary, in.Description, in.Location = tt.in, tt.in, tt.in
			b := mustBytes(t, MethodRequest, in)
			if !bytes.Contains(b, []byte("\r\nLOCATION:"+tt.wire+"\r\n")) {
				t.Errorf("no LOCATION:%s in\n%s", tt.wire, b)
			}
			_, got := mustParseOne(t, b)
			if got.Summary != tt.want || got.Description != tt.want || got.Location != tt.want {
				t.Errorf("summary, description, location = %q, %q, %q; want %q", got.Summary, got.Description, got.Location, tt.want)
			}
		})
	}
}

func TestFolding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
	}{
		{"ascii", strings.Repeat("abcdefghij", 40)},
		{"two-byte letters", strings.Repeat("åäöÅÄÖ", 60)},
		{"mixed widths at every offset", strings.Repeat("aå€😀", 50)},
		{"escapes across folds", strings.Repeat("x,;\\\n", 60)},
		{"exactly 75 octets", strings.Repeat("a", 75-len("SUMMARY:"))},
		{"76 octets", strings.Repeat("a", 76-len("SUMMARY:"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := event(at(t, 2026, 3, 3, 10, 0))
			in.Summary, in.Description = tt.text, tt.text
			b := mustBytes(t, MethodRequest, in)
			for i, l := range physicalLines(t, b) {
				if len(l) > maxLine {
					t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
				}
				if !utf8.ValidString(l) {
					t.Errorf("line %d is not valid UTF-8 on its own: %q", i+1, l)
				}
			}
			_, got := mustParseOne(t, b)
			if got.Summary != tt.text || got.Description != tt.text {
				t.Errorf("unfolded summary, description = %q, %q; want %q", got.Summary, got.Description, tt.text)
			}
		})
	}
}

func TestFoldingBoundary(t *testing.T) {
	t.Parallel()
	var b builder
	b.line("SUMMARY", strings.Repeat("a", 75-len("SUMMARY:")))
	if got := b.buf.String(); strings.Count(got, "\r\n") != 1 {
		t.Errorf("a 75-octet line was folded: %q", got)
	}
	b = builder{}
	b.line("SUMMARY", strings.Repeat("a", 76-len("SUMMARY:")))
	if got, want := b.buf.String(), "SUMMARY:"+strings.Repeat("a", 67)+"\r\n a\r\n"; got != want {
		t.Errorf("76-octet line folded as %q, want %q", got, want)
	}
}

func TestTimezone(t *testing.T) {
	t.Parallel()
	b := mustBytes(t, MethodRequest, event(at(t, 2026, 3, 3, 10, 0)))
	tz := child(mustCalendar(t, b).Components, "VTIMEZONE")
	if tz == nil {
		t.Fatal("no VTIMEZONE")
	}
	if v, _ := prop(tz, "TZID"); v != TZID {
		t.Errorf("TZID = %q, want %q", v, TZID)
	}
	tests := []struct {
		component, from, to, name, start, rrule string
	}{
		{"DAYLIGHT", "+0100", "+0200", "CEST", "19700329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
		{"STANDARD", "+0200", "+0100", "CET", "19701025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"},
	}
	for _, tt := range tests {
		t.Run(tt.component, func(t *testing.T) {
			c := child(tz.Components, tt.component)
			if c == nil {
				t.Fatalf("no %s in VTIMEZONE", tt.component)
			}
			for name, want := range map[string]string{
				"TZOFFSETFROM": tt.from, "TZOFFSETTO": tt.to, "TZNAME": tt.name, "DTSTART": tt.start, "RRULE": tt.rrule,
			} {
				if v, ok := prop(c, name); !ok || v != want {
					t.Errorf("%s = %q, want %q", name, v, want)
				}
			}
		})
	}
	// The rules must agree with the tz database in the years we book: the first instant after each change.
	for _, y := range []int{2026, 2027, 2030} {
		spring := lastSunday(y, time.March).Add(time.Hour) // 01.00 UTC = 02.00 CET
		autumn := lastSunday(y, time.October).Add(time.Hour)
		if _, off := spring.In(stockholm).Zone(); off != 2*3600 {
			t.Errorf("%d: offset after %s is %d, want +0200", y, spring, off)
		}
		if _, off := spring.Add(-time.Second).In(stockholm).Zone(); off != 3600 {
			t.Errorf("%d: offset before %s is %d, want +0100", y, spring, off)
		}
		if _, off := autumn.In(stockholm).Zone(); off != 3600 {
			t.Errorf("%d: offset after %s is %d, want +0100", y, autumn, off)
		}
		if _, off := autumn.Add(-time.Second).In(stockholm).Zone(); off != 2*3600 {
			t.Errorf("%d: offset before %s is %d, want +0200", y, autumn, off)
		}
	}
}

// lastSunday returns midnight UTC of the last Sunday of month m in year y.
func lastSunday(y int, m time.Month) time.Time {
	d := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -int(d.Weekday()))
}

func TestAlarm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		before  time.Duration
		trigger string // "" = no VALARM
	}{
		{"a day", 24 * time.Hour, "-PT24H"},
		{"hour and a half", 90 * time.Minute, "-PT1H30M"},
		{"hours and seconds", time.Hour + 5*time.Second, "-PT1H0M5S"},
		{"fifteen minutes", 15 * time.Minute, "-PT15M"},
		{"none", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := event(at(t, 2026, 3, 3, 10, 0))
			in.AlarmBefore = tt.before
			b := mustBytes(t, MethodRequest, in)
			ev := child(mustCalendar(t, b).Components, "VEVENT")
			if ev == nil {
				t.Fatalf("no VEVENT in\n%s", b)
			}
			alarm := child(ev.Components, "VALARM")
			if tt.trigger == "" {
				if alarm != nil {
					t.Fatalf("VALARM written for no alarm:\n%s", b)
				}
				return
			}
			if alarm == nil {
				t.Fatalf("no VALARM in\n%s", b)
			}
			if v, _ := prop(alarm, "TRIGGER"); v != tt.trigger {
				t.Errorf("TRIGGER = %q, want %q", v, tt.trigger)
			}
			if v, _ := prop(alarm, "ACTION"); v != "DISPLAY" {
				t.Errorf("ACTION = %q, want DISPLAY", v)
			}
			if v, ok := prop(alarm, "DESCRIPTION"); !ok || v == "" {
				t.Error("VALARM has no DESCRIPTION (required with ACTION:DISPLAY)")
			}
			_, got := mustParseOne(t, b)
			if got.AlarmBefore != tt.before {
				t.Errorf("AlarmBefore = %s, want %s", got.AlarmBefore, tt.before)
			}
		})
	}
}

func TestRequiredProperties(t *testing.T) {
	t.Parallel()
	b := mustBytes(t, MethodRequest, event(at(t, 2026, 3, 3, 10, 0)))
	lines := physicalLines(t, b)
	if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("calendar begins %q and ends %q", lines[0], lines[len(lines)-1])
	}
	for _, want := range []string{
		"PRODID:" + prodID,
		"VERSION:2.0",
		"CALSCALE:GREGORIAN",
		"METHOD:REQUEST",
		"UID:booking-123@residens",
		"SEQUENCE:2",
		"DTSTAMP:20260220T081500Z",
		"DTSTART;TZID=Europe/Stockholm:20260303T100000",
		"DTEND;TZID=Europe/Stockholm:20260303T104500",
		"STATUS:CONFIRMED",
		"ORGANIZER:mailto:konsulent@residens.example",
		"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bokare@kommun.example",
	} {
		n := 0
		for _, l := range lines {
			if l == want {
				n++
			}
		}
		if n != 1 {
			t.Errorf("line %q occurs %d times, want once", want, n)
		}
	}
	// The VTIMEZONE must come before the event that refers to it.
	if tz, ev := bytes.Index(b, []byte("BEGIN:VTIMEZONE")), bytes.Index(b, []byte("BEGIN:VEVENT")); tz < 0 || tz > ev {
		t.Errorf("VTIMEZONE at %d, VEVENT at %d", tz, ev)
	}
}

func TestStampInUTC(t *testing.T) {
	t.Parallel()
	in := event(at(t, 2026, 3, 3, 10, 0))
	in.Stamp = time.Date(2026, 7, 1, 12, 0, 0, 0, stockholm) // 10.00 UTC
	b := mustBytes(t, MethodRequest, in)
	if !bytes.Contains(b, []byte("\r\nDTSTAMP:20260701T100000Z\r\n")) {
		t.Errorf("DTSTAMP not written in UTC:\n%s", b)
	}
}

func TestWriteRejects(t *testing.T) {
	t.Parallel()
	base := event(at(t, 2026, 3, 3, 10, 0))
	tests := []struct {
		name   string
		method string
		edit   func(*Event)
	}{
		{"unknown method", "PUBLISH", func(*Event) {}},
		{"no UID", MethodRequest, func(e *Event) { e.UID = " " }},
		{"negative sequence", MethodRequest, func(e *Event) { e.Sequence = -1 }},
		{"end before start", MethodRequest, func(e *Event) { e.End = e.Start.Add(-time.Minute) }},
		{"empty meeting", MethodRequest, func(e *Event) { e.End = e.Start }},
		{"no start", MethodRequest, func(e *Event) { e.Start = time.Time{} }},
		{"no stamp", MethodRequest, func(e *Event) { e.Stamp = time.Time{} }},
		{"unknown status", MethodRequest, func(e *Event) { e.Status = "MAYBE" }},
		{"confirmed with CANCEL", MethodCancel, func(e *Event) { e.Status = StatusConfirmed }},
		{"negative alarm", MethodRequest, func(e *Event) { e.AlarmBefore = -time.Hour }},
		{"newline in organizer", MethodRequest, func(e *Event) { e.Organizer = "a@b.se\r\nX-EVIL:1" }},
		{"attendee without @", MethodRequest, func(e *Event) { e.Attendees = []string{"mailto:nobody"} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := base
			tt.edit(&e)
			var buf bytes.Buffer
			if err := Write(&buf, tt.method, e); err == nil {
				t.Errorf("Write accepted it:\n%s", buf.Bytes())
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes for an invalid event", buf.Len())
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	t.Parallel()
	if err := Write(failWriter{}, MethodRequest, event(at(t, 2026, 3, 3, 10, 0))); err == nil {
		t.Error("Write hid the writer's error")
	}
}

func TestPublishHasNoAttendees(t *testing.T) {
	in := event(at(t, 2026, 3, 3, 10, 0))
	in.Attendees = nil
	b := mustBytes(t, MethodPublish, in)
	for _, want := range []string{"\r\nMETHOD:PUBLISH\r\n", "\r\nORGANIZER:mailto:konsulent@residens.example\r\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("PUBLISH lacks %q:\n%s", want, b)
		}
	}
	if strings.Contains(string(b), "ATTENDEE") {
		t.Errorf("PUBLISH names an attendee:\n%s", b)
	}
	in.Attendees = []string{"a@b.se"}
	if _, err := Bytes(MethodPublish, in); err == nil {
		t.Error("PUBLISH with an attendee: no error")
	}
}

func TestSeveralAttendees(t *testing.T) {
	in := event(at(t, 2026, 3, 3, 10, 0))
	in.Attendees = []string{"bokare@kommun.example", "mailto:konsult@region.example"}
	b := string(mustBytes(t, MethodRequest, in))
	for _, want := range []string{
		"\r\nATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bokare@kommun.example\r\n",
		"\r\nATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:konsult@region.example\r\n",
	} {
		if !strings.Contains(b, want) {
			t.Errorf("lacks %q:\n%s", want, b)
		}
	}
}
