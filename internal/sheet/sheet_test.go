package sheet_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"residens/internal/sheet"
)

func TestFile(t *testing.T) {
	var buf bytes.Buffer
	w, err := sheet.New(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Row("Namn", "Ort"); err != nil {
		t.Fatal(err)
	}
	if err := w.Row("=HYPERLINK(\"x\")", "Åre; Öland"); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\ufeff") || !strings.Contains(raw, "\r\n") {
		t.Fatalf("want a byte order mark and CRLF lines: %q", raw)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][0] != "'=HYPERLINK(\"x\")" || rows[1][1] != "Åre; Öland" {
		t.Errorf("rows %q", rows)
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{"": "", "Anna": "Anna", "=1+1": "'=1+1", "+46": "'+46", "-2": "'-2",
		"@SUM": "'@SUM", "\t=1": "'\t=1", "\r=1": "'\r=1", "a=1": "a=1"} {
		if got := sheet.SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
