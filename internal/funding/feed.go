package funding

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"residens/internal/civil"
	"residens/internal/httpx"
	"residens/internal/ical"
)

// feedDays are the deadlines of sources as all-day events: every dated
// round from today on, and the next yearly day. A UID names the source and
// the day, so a subscribed calendar updates an event when the source
// changes and drops it when the round is removed.
func feedDays(sources []Source, today time.Time) []ical.Day {
	var out []ical.Day
	for _, s := range sources {
		var dates []time.Time
		switch s.Kind {
		case Yearly:
			if s.Next != nil {
				dates = append(dates, *s.Next)
			}
		case Dated:
			for _, d := range s.Deadlines {
				if !d.Before(today) {
					dates = append(dates, d)
				}
			}
		}
		for _, d := range dates {
			desc := s.FunderName
			if a := s.AmountText(); a != "" {
				desc += "\nBelopp: " + a
			}
			if s.Funds != "" {
				desc += "\n" + s.Funds
			}
			url := s.URL
			if !httpx.WebAddress(url) {
				url = ""
			}
			out = append(out, ical.Day{
				UID:         "finansiering-" + strconv.FormatInt(s.ID, 10) + "-" + d.Format("20060102") + "@residens",
				Date:        d,
				Summary:     "Sista ansökningsdag: " + s.Name,
				Description: desc,
				URL:         url,
				Stamp:       s.UpdatedAt,
			})
		}
	}
	return out
}

// Calendar handles GET /finansiering.ics: the coming deadlines of every
// source as an iCalendar feed one can subscribe to.
func (h *Handler) Calendar(w http.ResponseWriter, r *http.Request) error {
	today := civil.Today(h.now())
	sources, err := h.store.Upcoming(r.Context(), today)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := ical.WriteDays(&b, "Finansiering – sista ansökningsdagar", feedDays(sources, today)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="finansiering.ics"`)
	_, _ = w.Write(b.Bytes())
	return nil
}
