package slug

import (
	"strings"
	"testing"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Slöjd på Ekerö kulturhus", "slojd-pa-ekero-kulturhus"},
		{"Dans & musik i Rågsved!", "dans-musik-i-ragsved"},
		{"  --Café Åsa--  ", "cafe-asa"},
		{"Kommunkoreograf 2024", "kommunkoreograf-2024"},
		{"Ærø Øst", "aro-ost"},
		{"!!!", ""},
		{strings.Repeat("långt ord ", 20), strings.TrimRight(strings.Repeat("langt-ord-", 8), "-")},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Make(tt.in); len(got) > MaxLength {
			t.Errorf("Make(%q) is %d bytes, over %d", tt.in, len(got), MaxLength)
		}
	}
}
