package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"residens/internal/ical/icaltest"
)

// FuzzWrite checks that whatever event our writer accepts, an independent
// parser (golang-ical) reads back with the same instants and texts.
func FuzzWrite(f *testing.F) {
	start := time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)
	f.Add(start.Unix(), int64(45*60), "Rådgivning; dans, musik\nrad två "+strings.Repeat("å", 50), `C:\mapp`, "Videomöte", false)
	f.Add(time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC).Unix(), int64(3600), "x", "a\x00b\r\nc", "😀,;", true)
	f.Fuzz(func(t *testing.T, unix, seconds int64, summary, description, location string, cancel bool) {
		e := Event{UID: "booking-1@residens", Start: time.Unix(unix, 0), End: time.Unix(unix+seconds, 0),
			Stamp: start, Summary: summary, Description: description, Location: location,
			AlarmBefore: 24 * time.Hour, Organizer: "a@b.se", Attendees: []string{"c@d.se"}}
		method := MethodRequest
		if cancel {
			method = MethodCancel
		}
		b, err := Bytes(method, e)
		if err != nil {
			return // not an event we write (no end after the start, years outside 1-9999)
		}
		gotMethod, evs, err := icaltest.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("our own output does not parse: %v\n%s", err, b)
		}
		if gotMethod != method || len(evs) != 1 {
			t.Fatalf("method %q, %d events", gotMethod, len(evs))
		}
		got := evs[0]
		if !got.Start.Equal(e.Start) || !got.End.Equal(e.End) || got.AlarmBefore != e.AlarmBefore {
			t.Fatalf("round trip changed the times: %+v -> %+v", e, got)
		}
		for _, p := range [][2]string{{got.Summary, summary}, {got.Description, description}, {got.Location, location}} {
			if p[0] != cleanText(p[1]) {
				t.Fatalf("text %q read back as %q", cleanText(p[1]), p[0])
			}
		}
	})
}
