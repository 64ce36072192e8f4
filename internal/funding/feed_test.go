package funding_test

import (
	"net/http"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"residens/internal/ical/icaltest"
	"residens/internal/testutil"
)

func TestCalendarFeed(t *testing.T) {
	s := newSite(t)
	if href, _ := testutil.GetOK(t, s.H, "/finansiering").TestID("calendar-link").Attr("href"); href != "/finansiering.ics" {
		t.Errorf("the finder links to the feed as %q", href)
	}
	r := testutil.Get(t, s.H, "/finansiering.ics")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("status %d, type %q", r.Status, r.Header.Get("Content-Type"))
	}
	cal, err := icaltest.Calendar(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	today := testutil.Today()
	// The demo's dated rounds from today on, and one day for each of the
	// four yearly sources; no löpande source, no passed round.
	want := 4
	for _, src := range demoRounds() {
		if src >= 0 {
			want++
		}
	}
	events := cal.Events()
	if len(events) != want {
		t.Errorf("%d events, want %d", len(events), want)
	}
	seen := map[string]bool{}
	for _, e := range events {
		uid := e.GetProperty(ics.ComponentPropertyUniqueId).Value
		if seen[uid] {
			t.Errorf("UID %s twice", uid)
		}
		seen[uid] = true
		start, err := e.GetAllDayStartAt()
		if err != nil {
			t.Fatalf("%s: %v", uid, err)
		}
		if start.Before(today) {
			t.Errorf("%s: a passed deadline %v in the feed", uid, start)
		}
		if s := e.GetProperty(ics.ComponentPropertySummary).Value; strings.Contains(s, "arrangörer") {
			t.Errorf("the löpande source is in the feed: %s", s)
		}
	}
}
