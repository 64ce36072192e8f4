package mail

import (
	"strings"
	"testing"
)

func TestValidAddress(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"anna@example.se", true},
		{"anna.svensson+residens@kultur.nacka.se", true},
		{"", false},
		{"anna", false},
		{"anna@", false},
		{"@example.se", false},
		{"anna@example", false},
		{"anna@.example.se", false},
		{"anna@example.se.", false},
		{"Anna <anna@example.se>", false},
		{"anna@example.se, bo@example.se", false},
		{"anna@example.se;bo@example.se", false},
		{"anna @example.se", false},
		{"anna@example.se\r\nBcc: x@example.se", false},
		{`"anna"@example.se`, false},
		{"anna@example.se (kommentar)", false},
		// From admin's and actoredit's former checks, moved here.
		{"Anna.Svensson+residens@kommun.example.se", true},
		{"anna@exempel.se", true},
		{"anna@localhost", false},
		{"anna@example.", false},
		{"<anna@example.se>", false},
		{"a@" + string(make([]byte, 260)) + ".se", false},
		{strings.Repeat("a", 244) + "@example.se", false},
		{strings.Repeat("a", 243) + "@example.se", true},
	} {
		if got := ValidAddress(tt.in); got != tt.want {
			t.Errorf("ValidAddress(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
