package icaltest

import (
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"-PT1H", -time.Hour, true},
		{"-PT1H30M", -90 * time.Minute, true},
		{"-PT1H0M5S", -(time.Hour + 5*time.Second), true},
		{"-P1D", -24 * time.Hour, true},
		{"P1W2DT3H", (7+2)*24*time.Hour + 3*time.Hour, true},
		{"-PT", 0, false},
		{"1H", 0, false},
	} {
		got, err := Duration(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Duration(%q) = %s, %v; want %s, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
