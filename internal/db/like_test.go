package db_test

import (
	"testing"

	"residens/internal/db"
)

func TestLikeEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"anna", "anna"},
		{"100%", `100\%`},
		{"a_b", `a\_b`},
		{`c:\dir`, `c:\\dir`},
		{`%_\`, `\%\_\\`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := db.LikeEscape(tt.in); got != tt.want {
				t.Errorf("LikeEscape(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
