package civil

import (
	"testing"
	"time"
)

func TestToday(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want string
	}{
		{"winter evening UTC is next day in Stockholm", time.Date(2026, 1, 14, 23, 30, 0, 0, time.UTC), "2026-01-15"},
		{"summer evening UTC is next day in Stockholm", time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), "2026-07-01"},
		{"summer 21.59 UTC is still the same day", time.Date(2026, 6, 30, 21, 59, 0, 0, time.UTC), "2026-06-30"},
		{"DST change night", time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), "2026-03-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ISODate(Today(tt.now)); got != tt.want {
				t.Fatalf("Today(%v) = %s, want %s", tt.now, got, tt.want)
			}
		})
	}
}

func TestPeriod(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		from, to time.Time
		want     string
	}{
		{d(2026, 3, 3), d(2026, 3, 3), "3 mars 2026"},
		{d(2026, 3, 3), d(2026, 3, 17), "3–17 mars 2026"},
		{d(2026, 3, 3), d(2026, 4, 17), "3 mars–17 april 2026"},
		{d(2025, 3, 3), d(2026, 4, 17), "3 mars 2025–17 april 2026"},
	}
	for _, tt := range tests {
		if got := Period(tt.from, tt.to); got != tt.want {
			t.Errorf("Period = %q, want %q", got, tt.want)
		}
	}
}

func TestDateTimeInStockholm(t *testing.T) {
	if got := DateTime(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)); got != "3 mars 2026 kl. 10.00" {
		t.Fatalf("got %q", got)
	}
	if got := DateTime(time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC)); got != "3 juli 2026 kl. 11.00" {
		t.Fatalf("got %q", got)
	}
}
