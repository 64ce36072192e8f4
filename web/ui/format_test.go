package ui

import "testing"

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{Thousands(0), "0"},
		{Thousands(999), "999"},
		{Thousands(1650), "1\u00a0650"},
		{Thousands(1234567), "1\u00a0234\u00a0567"},
		{Thousands(-1650), "−1\u00a0650"},
		{OrDash(""), "–"},
		{OrDash("Nacka"), "Nacka"},
		{ID(42), "42"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestLines(t *testing.T) {
	got := Lines("  Första raden \r\n\n\t\nAndra raden\n")
	if len(got) != 2 || got[0] != "Första raden" || got[1] != "Andra raden" {
		t.Errorf("Lines = %q", got)
	}
	if Lines(" \n ") != nil {
		t.Error("blank text has lines")
	}
}

func TestOptions(t *testing.T) {
	opts := []Option{{Value: "dans", Label: "Dans"}, {Value: "film", Label: "Film"}}
	if o, ok := FindOption(opts, "film"); !ok || o.Label != "Film" {
		t.Errorf("FindOption(film) = %+v, %v", o, ok)
	}
	if HasOption(opts, "teater") || !HasOption(opts, "dans") {
		t.Error("HasOption")
	}
	if OptionLabel(opts, "dans") != "Dans" || OptionLabel(opts, "okänd") != "okänd" {
		t.Error("OptionLabel")
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 frågor", 1: "1 fråga", 2: "2 frågor", 1650: "1\u00a0650 frågor"} {
		if got := Count(n, "fråga", "frågor"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
