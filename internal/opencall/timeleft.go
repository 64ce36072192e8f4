package opencall

import (
	"fmt"
	"time"

	"residens/internal/civil"
)

// TimeLeft says in words how long an open call has left at now, counted in
// calendar days in Europe/Stockholm, so that a call closing tonight reads
// "Stänger i dag kl. 23.59" whatever the hour: the applicant plans by the
// day, and the clock time of the last day is what they must not miss. For a
// call that is not open it says when it opens or that it has closed.
func (c *Call) TimeLeft(now time.Time) string {
	switch c.PhaseAt(now) {
	case Upcoming:
		return "Öppnar " + civil.DateTime(c.OpensAt)
	case Closed:
		return "Stängd sedan " + civil.DateTime(c.ClosesAt)
	}
	days := daysBetween(now, c.ClosesAt)
	at := c.ClosesAt.In(civil.Stockholm)
	clock := fmt.Sprintf("kl. %02d.%02d", at.Hour(), at.Minute())
	switch days {
	case 0:
		return "Stänger i dag " + clock
	case 1:
		return "Stänger i morgon " + clock
	}
	return fmt.Sprintf("%d dagar kvar", days)
}

// daysBetween counts the calendar days in Stockholm from a's date to b's:
// from Monday evening to Wednesday morning is 2, whatever the hours.
func daysBetween(a, b time.Time) int {
	da, db := civil.Today(a), civil.Today(b)
	// Both are midnight UTC, so the difference is whole days even across a
	// daylight-saving change.
	return int(db.Sub(da).Hours() / 24)
}

// StockholmTime is an instant entered as a calendar date and a clock time in
// Europe/Stockholm, as the call form takes them.
type StockholmTime struct {
	Date string // 2027-03-28
	Time string // 12:00
}

// ErrNoSuchTime is returned by StockholmTime.Instant for a clock time that
// a daylight-saving change skips (02.00–02.59 on the last Sunday of March).
var ErrNoSuchTime = fmt.Errorf("opencall: the clock time does not exist that day")

// Instant returns the instant the date and time name in Stockholm. The
// conversion goes through time.Date with the Stockholm zone, so a date in
// summer time gets UTC+2 and one in winter time UTC+1 regardless of the
// season the form is filled in.
func (s StockholmTime) Instant() (time.Time, error) {
	d, err := time.Parse("2006-01-02", s.Date)
	if err != nil {
		return time.Time{}, err
	}
	clock, err := time.Parse("15:04", s.Time)
	if err != nil {
		// Some browsers send seconds with a time input.
		if clock, err = time.Parse("15:04:05", s.Time); err != nil {
			return time.Time{}, err
		}
	}
	t := time.Date(d.Year(), d.Month(), d.Day(), clock.Hour(), clock.Minute(), 0, 0, civil.Stockholm)
	local := t.In(civil.Stockholm)
	if local.Day() != d.Day() || local.Hour() != clock.Hour() || local.Minute() != clock.Minute() {
		return time.Time{}, ErrNoSuchTime
	}
	return t, nil
}

// StockholmTimeOf splits an instant into the date and clock time a form
// shows in Stockholm.
func StockholmTimeOf(t time.Time) StockholmTime {
	l := t.In(civil.Stockholm)
	return StockholmTime{Date: l.Format("2006-01-02"), Time: l.Format("15:04")}
}
