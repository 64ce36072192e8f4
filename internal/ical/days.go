package ical

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Day is an all-day event of a published calendar feed, such as the last
// day to apply for a grant.
type Day struct {
	// UID identifies the event across fetches of the feed, so that a
	// calendar that subscribes updates it instead of adding a copy.
	UID string
	// Date is the calendar day; only its year, month and day count, so no
	// time zone can move it to another day.
	Date        time.Time
	Summary     string
	Description string
	// URL is an absolute http(s) address about the event, or "".
	URL string
	// Stamp is when the event's data last changed (DTSTAMP).
	Stamp time.Time
}

// WriteDays writes a whole VCALENDAR with METHOD:PUBLISH named name
// (X-WR-CALNAME, which calendar programs show for a subscription) holding
// one all-day VEVENT per day: DTSTART and DTEND as DATE values (the end
// the day after, exclusive, RFC 5545 section 3.6.1), TRANSP:TRANSPARENT
// so that a deadline never blocks time. Nothing is written when a day is
// invalid.
func WriteDays(w io.Writer, name string, days []Day) error {
	for i := range days {
		d := &days[i]
		d.UID = cleanText(d.UID)
		if strings.TrimSpace(d.UID) == "" {
			return errors.New("ical: day has no UID")
		}
		if y := d.Date.Year(); d.Date.IsZero() || y < 1 || y > 9998 {
			return fmt.Errorf("ical: day %q has no date in years 1-9998", d.UID)
		}
		if d.Stamp.IsZero() {
			return fmt.Errorf("ical: day %q has no DTSTAMP", d.UID)
		}
		if d.URL != "" && (strings.ContainsFunc(d.URL, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '"' }) ||
			!strings.HasPrefix(d.URL, "https://") && !strings.HasPrefix(d.URL, "http://")) {
			return fmt.Errorf("ical: day %q: URL %q", d.UID, d.URL)
		}
		d.Summary, d.Description = cleanText(d.Summary), cleanText(d.Description)
	}
	var b builder
	b.line("BEGIN", "VCALENDAR")
	b.line("PRODID", prodID)
	b.line("VERSION", "2.0")
	b.line("CALSCALE", "GREGORIAN")
	b.line("METHOD", MethodPublish)
	if name = cleanText(name); name != "" {
		b.line("X-WR-CALNAME", escapeText(name))
	}
	for _, d := range days {
		y, m, dd := d.Date.Date()
		start := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		b.line("BEGIN", "VEVENT")
		b.line("UID", escapeText(d.UID))
		b.line("DTSTAMP", d.Stamp.UTC().Format(utcLayout))
		b.line("DTSTART;VALUE=DATE", start.Format("20060102"))
		b.line("DTEND;VALUE=DATE", start.AddDate(0, 0, 1).Format("20060102"))
		if d.Summary != "" {
			b.line("SUMMARY", escapeText(d.Summary))
		}
		if d.Description != "" {
			b.line("DESCRIPTION", escapeText(d.Description))
		}
		if d.URL != "" {
			b.line("URL", d.URL)
		}
		b.line("TRANSP", "TRANSPARENT")
		b.line("END", "VEVENT")
	}
	b.line("END", "VCALENDAR")
	if _, err := w.Write(b.buf.Bytes()); err != nil {
		return fmt.Errorf("ical: write: %w", err)
	}
	return nil
}
