package application

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckPDF(t *testing.T) {
	t.Parallel()
	ok := "%PDF-1.4\n...\n%%EOF\n"
	tests := []struct {
		name string
		data string
		want error
	}{
		{"pdf", ok, nil},
		{"marker within the last KiB", ok + strings.Repeat(" ", 1000), nil},
		{"marker too far from the end", ok + strings.Repeat(" ", 1100), ErrTruncatedPDF},
		{"cut short", ok[:len(ok)-7], ErrTruncatedPDF},
		{"executable named .pdf", "MZ\x90\x00" + ok, ErrNotPDF},
		{"pdf header later in the file", " " + ok, ErrNotPDF},
		{"empty", "", ErrEmptyFile},
		{"over 10 MB", "%PDF-" + strings.Repeat("x", MaxFileBytes) + "%%EOF", ErrFileTooLarge},
	}
	for _, tt := range tests {
		if err := checkPDF([]byte(tt.data)); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestCleanFilename(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"cv.pdf":                  "cv.pdf",
		`C:\fakepath\Mitt CV.PDF`: "Mitt CV.PDF",
		"../../etc/passwd":        "passwd.pdf",
		"rad\nbrytning\".pdf":     "radbrytning.pdf",
		"":                        "bilaga.pdf",
		"portfolio":               "portfolio.pdf",
		strings.Repeat("å", 300):  strings.Repeat("å", 196) + ".pdf",
	}
	for in, want := range tests {
		got := cleanFilename(in)
		if got != want {
			t.Errorf("cleanFilename(%q) = %q, want %q", in, got, want)
		}
		if utf8.RuneCountInString(got) > 200 {
			t.Errorf("cleanFilename(%q) is %d characters", in, utf8.RuneCountInString(got))
		}
	}
}
