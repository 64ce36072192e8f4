package booking

import "testing"

func TestCalendarUID(t *testing.T) {
	// A booking from before the random key keeps the UID its first
	// invitation carried, so calendars still match its updates.
	if got := CalendarUID(12, "", "portal.example.se"); got != "booking-12@residens" {
		t.Errorf("without a key: %q", got)
	}
	got := CalendarUID(12, "0b8f4c1e-5a7d-4b52-9f0e-3c1d2a4b5e6f", "portal.example.se")
	if got != "0b8f4c1e-5a7d-4b52-9f0e-3c1d2a4b5e6f@portal.example.se" {
		t.Errorf("with a key: %q", got)
	}
}
