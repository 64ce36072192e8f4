package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that no input makes Parse panic, and that whatever our writer produces from a parsed event
// parses back to the same instants.
func FuzzParse(f *testing.F) {
	start := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	for _, method := range []string{MethodRequest, MethodCancel} {
		e := Event{
			UID: "booking-1@residens", Start: start, End: start.Add(45 * time.Minute), Stamp: start,
			Summary: "Rådgivning; dans, musik\nrad två " + strings.Repeat("å", 50), AlarmBefore: 24 * time.Hour,
			Organizer: "a@b.se", Attendees: []string{"c@d.se"},
		}
		b, err := Bytes(method, e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=\"Europe/London\":20260714T100000\r\nDURATION:P1W2DT3H4M5S\r\nBEGIN:VALARM\r\nTRIGGER;RELATED=END:-P1D\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		method, events, err := Parse(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, e := range events {
			if method != MethodRequest && method != MethodCancel {
				method = MethodRequest
			}
			if method == MethodCancel {
				e.Status = StatusCancelled
			}
			b, err := Bytes(method, e)
			if err != nil {
				continue // a parsed event need not be one we would write (no end, no status rules)
			}
			_, again, err := Parse(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("our own output does not parse: %v\n%s", err, b)
			}
			if len(again) != 1 || !again[0].Start.Equal(e.Start.Truncate(time.Second)) || !again[0].End.Equal(e.End.Truncate(time.Second)) {
				t.Fatalf("round trip changed the event: %+v -> %+v", e, again)
			}
		}
	})
}
