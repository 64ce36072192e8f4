// Package civil holds the portal's notion of calendar dates and clock time in
// Europe/Stockholm, where every date is decided and every time is shown.
package civil

import (
	"fmt"
	"time"
	_ "time/tzdata" // the zone must load even where the host has no tz database
)

// Stockholm is the Europe/Stockholm location.
var Stockholm = mustLoad("Europe/Stockholm")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Today returns the current calendar date in Stockholm as midnight UTC, the
// form in which dates are passed to and read from PostgreSQL date columns.
func Today(now time.Time) time.Time {
	y, m, d := now.In(Stockholm).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var months = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
	"september", "oktober", "november", "december"}

var weekdays = [...]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}

// Date formats a calendar date the Swedish way: "3 mars 2026".
func Date(d time.Time) string {
	return fmt.Sprintf("%d %s %d", d.Day(), months[d.Month()-1], d.Year())
}

// Period formats a span of dates, leaving out what the two ends share:
// "3–17 mars 2026", "3 mars–17 april 2026", "3 mars 2025–17 april 2026".
func Period(from, to time.Time) string {
	switch {
	case from.Equal(to):
		return Date(from)
	case from.Year() == to.Year() && from.Month() == to.Month():
		return fmt.Sprintf("%d–%d %s %d", from.Day(), to.Day(), months[to.Month()-1], to.Year())
	case from.Year() == to.Year():
		return fmt.Sprintf("%d %s–%s", from.Day(), months[from.Month()-1], Date(to))
	default:
		return Date(from) + "–" + Date(to)
	}
}

// ISODate formats a date for a datetime attribute: 2026-03-03.
func ISODate(d time.Time) string { return d.Format("2006-01-02") }

// Weekday is the Swedish name of d's weekday, in lower case.
func Weekday(d time.Time) string { return weekdays[d.Weekday()] }

// Month is the Swedish name of month m, in lower case.
func Month(m time.Month) string { return months[m-1] }

// DateTime formats an instant in Stockholm time: "3 mars 2026 kl. 10.00".
func DateTime(t time.Time) string {
	t = t.In(Stockholm)
	return fmt.Sprintf("%s kl. %02d.%02d", Date(t), t.Hour(), t.Minute())
}
