package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"residens/internal/ical/icaltest"
)

func TestWriteDays(t *testing.T) {
	days := []Day{
		{UID: "funding-1-20261231@residens", Date: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Summary: "Sista dag: Stöd, till; dans",
			Description: "Kulturrådet\nSök i tid.", URL: "https://example.se/stod?a=1", Stamp: stamp},
		// A date given as a Stockholm midnight keeps its day.
		{UID: "funding-2-20270301@residens", Date: time.Date(2027, 3, 1, 0, 0, 0, 0, stockholm), Summary: "Sista dag: Film", Stamp: stamp},
	}
	var b bytes.Buffer
	if err := WriteDays(&b, "Finansiering – sista ansökningsdagar", days); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"METHOD:PUBLISH\r\n", "X-WR-CALNAME:Finansiering – sista ansökningsdagar\r\n",
		"DTSTART;VALUE=DATE:20261231\r\n", "DTEND;VALUE=DATE:20270101\r\n", "DTSTART;VALUE=DATE:20270301\r\n",
		`SUMMARY:Sista dag: Stöd\, till\; dans` + "\r\n", "TRANSP:TRANSPARENT\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	cal, err := icaltest.Calendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
	start, err := evs[0].GetAllDayStartAt()
	if err != nil {
		t.Fatal(err)
	}
	if y, m, d := start.Date(); y != 2026 || m != 12 || d != 31 {
		t.Errorf("first day %v", start)
	}
	if got := evs[0].GetProperty(ics.ComponentPropertyDescription).Value; got != "Kulturrådet\nSök i tid." {
		t.Errorf("description %q", got)
	}
	if got := evs[0].GetProperty(ics.ComponentPropertyUrl).Value; got != "https://example.se/stod?a=1" {
		t.Errorf("url %q", got)
	}
}

func TestWriteDaysRefuses(t *testing.T) {
	ok := Day{UID: "x", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Stamp: stamp}
	for name, d := range map[string]Day{
		"no UID":           {Date: ok.Date, Stamp: stamp},
		"no date":          {UID: "x", Stamp: stamp},
		"no stamp":         {UID: "x", Date: ok.Date},
		"URL with newline": {UID: "x", Date: ok.Date, Stamp: stamp, URL: "https://a\r\nATTENDEE:x"},
		"URL not http(s)":  {UID: "x", Date: ok.Date, Stamp: stamp, URL: "javascript:alert(1)"},
	} {
		var b bytes.Buffer
		if err := WriteDays(&b, "n", []Day{ok, d}); err == nil || b.Len() != 0 {
			t.Errorf("%s: err %v, %d bytes written", name, err, b.Len())
		}
	}
}
