package civil

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestEasterSunday(t *testing.T) {
	for y, want := range map[int]string{2000: "2000-04-23", 2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20",
		2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25"} {
		if got := EasterSunday(y); !got.Equal(day(want)) {
			t.Errorf("Easter %d = %s, want %s", y, ISODate(got), want)
		}
	}
}

func TestHoliday(t *testing.T) {
	for d, want := range map[string]string{
		"2026-01-01": "Nyårsdagen", "2026-01-06": "Trettondedag jul", "2026-04-03": "Långfredagen",
		"2026-04-05": "Påskdagen", "2026-04-06": "Annandag påsk", "2026-05-01": "Första maj",
		"2026-05-14": "Kristi himmelsfärdsdag", "2026-05-24": "Pingstdagen", "2026-06-06": "Sveriges nationaldag",
		"2026-06-19": "Midsommarafton", "2026-06-20": "Midsommardagen", "2026-10-31": "Alla helgons dag",
		"2026-12-24": "Julafton", "2026-12-25": "Juldagen", "2026-12-26": "Annandag jul", "2026-12-31": "Nyårsafton",
		"2027-06-25": "Midsommarafton", "2027-06-26": "Midsommardagen", "2027-11-06": "Alla helgons dag",
		// Ordinary days, some next to holidays.
		"2026-06-18": "", "2026-06-22": "", "2026-05-25": "", "2026-11-01": "", "2027-10-30": "", "2026-04-02": "",
	} {
		if got := Holiday(day(d)); got != want {
			t.Errorf("Holiday(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2026-12-04", 3, "2026-12-09", "a Friday: over the weekend"},
		{"2026-12-07", 0, "2026-12-07", "no days"},
		{"2026-06-18", 1, "2026-06-22", "the Thursday before midsummer: Eve, Day and Sunday skipped"},
		{"2026-12-23", 1, "2026-12-28", "over Christmas"},
		{"2026-12-30", 1, "2027-01-04", "New Year's Eve and Day and the weekend skipped"},
		{"2026-12-30", 2, "2027-01-05", "then Twelfth Day (Wednesday) is skipped too"},
		{"2026-12-30", 3, "2027-01-07", ""},
		{"2026-04-02", 1, "2026-04-07", "Maundy Thursday: Good Friday to Easter Monday skipped"},
	} {
		if got := AddWorkingDays(day(c.from), c.n); !got.Equal(day(c.want)) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s (%s)", c.from, c.n, ISODate(got), c.want, c.why)
		}
	}
	// The time of day does not matter.
	late := time.Date(2026, 12, 4, 23, 59, 0, 0, time.UTC)
	if got := AddWorkingDays(late, 1); !got.Equal(day("2026-12-07")) {
		t.Errorf("from late Friday: %s", ISODate(got))
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     int
	}{
		{"2026-12-04", "2026-12-09", 3},
		{"2026-12-09", "2026-12-04", 0},
		{"2026-12-23", "2027-01-07", 6}, // 28, 29, 30 Dec, 4, 5 and 7 Jan
		{"2026-06-18", "2026-06-22", 1},
	} {
		if got := WorkingDaysBetween(day(c.from), day(c.to)); got != c.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
	for d := day("2026-01-01"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		if n := WorkingDaysBetween(d, AddWorkingDays(d, 3)); n != 3 {
			t.Fatalf("from %s: AddWorkingDays and WorkingDaysBetween disagree (%d)", ISODate(d), n)
		}
	}
}
