package civil

import "time"

// Holiday names the Swedish public holiday (allmän helgdag, by the law on
// public holidays, 1989:253) on date d (a civil date: midnight UTC), or ""
// when d is none. Sundays are holidays by that law too; IsWorkingDay treats
// every Saturday and Sunday as a day off. Midsummer Eve, Christmas Eve and
// New Year's Eve are not public holidays by law but are days off in
// practice for the public sector; they are included, so that a deadline
// counted in working days does not fall on them.
func Holiday(d time.Time) string {
	y, m, day := d.Date()
	easter := EasterSunday(y)
	switch {
	case m == time.January && day == 1:
		return "Nyårsdagen"
	case m == time.January && day == 6:
		return "Trettondedag jul"
	case m == time.May && day == 1:
		return "Första maj"
	case m == time.June && day == 6:
		return "Sveriges nationaldag"
	case m == time.December && day == 24:
		return "Julafton"
	case m == time.December && day == 25:
		return "Juldagen"
	case m == time.December && day == 26:
		return "Annandag jul"
	case m == time.December && day == 31:
		return "Nyårsafton"
	}
	switch {
	case sameDay(d, easter.AddDate(0, 0, -2)):
		return "Långfredagen"
	case sameDay(d, easter):
		return "Påskdagen"
	case sameDay(d, easter.AddDate(0, 0, 1)):
		return "Annandag påsk"
	case sameDay(d, easter.AddDate(0, 0, 39)):
		return "Kristi himmelsfärdsdag"
	case sameDay(d, easter.AddDate(0, 0, 49)):
		return "Pingstdagen"
	}
	// Midsummer Day is the Saturday from 20 to 26 June, its Eve the Friday
	// before; All Saints' Day the Saturday from 31 October to 6 November.
	if m == time.June && d.Weekday() == time.Saturday && day >= 20 && day <= 26 {
		return "Midsommardagen"
	}
	if m == time.June && d.Weekday() == time.Friday && day >= 19 && day <= 25 {
		return "Midsommarafton"
	}
	if d.Weekday() == time.Saturday && (m == time.October && day == 31 || m == time.November && day <= 6) {
		return "Alla helgons dag"
	}
	return ""
}

// EasterSunday is the date of Easter Sunday in year y (the Gregorian
// computus, by the anonymous algorithm of 1876).
func EasterSunday(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// IsWorkingDay reports whether civil date d is a working day: not a
// Saturday or Sunday and not a Holiday.
func IsWorkingDay(d time.Time) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && Holiday(d) == ""
}

// AddWorkingDays is the civil date n working days after d (d itself not
// counted): a question sent on a Friday afternoon with three working days
// to an answer is due on Wednesday.
func AddWorkingDays(d time.Time, n int) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after from up to and including
// to (0 when to is not after from).
func WorkingDaysBetween(from, to time.Time) int {
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return n
}
