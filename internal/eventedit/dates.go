package eventedit

import (
	"time"

	"residens/internal/civil"
)

// NextMonthDays is how many calendar days later "the same again next
// month" of an event starting at start falls: four weeks, or five when
// four weeks later is still the same month in Stockholm, so the copy keeps
// its weekday and always lands in the next month.
func NextMonthDays(start time.Time) int {
	s := start.In(civil.Stockholm)
	if four := s.AddDate(0, 0, 28); four.Month() != s.Month() {
		return 28
	}
	return 35
}

// ShiftDays moves t by days calendar days in Stockholm, keeping its
// wall-clock time there: 08.00 stays 08.00 across a change to or from
// summer time, where adding hours would not.
func ShiftDays(t time.Time, days int) time.Time {
	s := t.In(civil.Stockholm)
	return time.Date(s.Year(), s.Month(), s.Day()+days, s.Hour(), s.Minute(), s.Second(), s.Nanosecond(), civil.Stockholm)
}

// At is the instant of date (midnight UTC, as forms and civil give dates)
// at hour and minute in Stockholm. A time that does not exist that day (in
// the hour skipped in March) moves forward by the gap, as time.Date does.
func At(date time.Time, hour, minute int) time.Time {
	return time.Date(date.Year(), date.Month(), date.Day(), hour, minute, 0, 0, civil.Stockholm)
}
