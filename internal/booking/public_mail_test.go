package booking_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"residens/internal/app"
	"residens/internal/civil"
	"residens/internal/ical"
	"residens/internal/ical/icaltest"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/mailtest"
	"residens/internal/registry"
	"residens/internal/testutil"
)

// newMailSite is newSite with its mail jobs worked and sent to mp.
func newMailSite(t *testing.T, mp *mailtest.Server) *site {
	t.Helper()
	pool := testutil.DemoDB(t)
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	smtp, err := mail.ParseSMTPURL(mp.SMTPURL())
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	runner, err := jobs.New(pool, jobs.Config{SMTP: smtp, From: cfg.MailFrom}, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = runner.Stop(stop)
		cancel()
	})
	s := &site{pool: pool, now: testutil.Now}
	s.h = app.NewHandler(app.Deps{Pool: pool, Log: log, Config: cfg, Now: s.clock, Mail: runner.Mail(),
		Registry: registry.New("TEST")})
	return s
}

// calendarFile reads the one .ics attachment of message id from Mailpit.
func calendarFile(t *testing.T, mp *mailtest.Server, id string) []byte {
	t.Helper()
	var full struct {
		Attachments []struct{ PartID, FileName, ContentType string }
	}
	getJSON := func(path string, read func(io.Reader)) {
		resp, err := http.Get(mp.APIURL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s", path, resp.Status)
		}
		read(resp.Body)
	}
	getJSON("/api/v1/message/"+url.PathEscape(id), func(r io.Reader) {
		if err := json.NewDecoder(r).Decode(&full); err != nil {
			t.Fatal(err)
		}
	})
	if len(full.Attachments) != 1 || full.Attachments[0].FileName != "radgivningsmote.ics" ||
		!strings.HasPrefix(full.Attachments[0].ContentType, "text/calendar") {
		t.Fatalf("attachments %+v, want one radgivningsmote.ics as text/calendar", full.Attachments)
	}
	var data []byte
	getJSON("/api/v1/message/"+url.PathEscape(id)+"/part/"+url.PathEscape(full.Attachments[0].PartID), func(r io.Reader) {
		var err error
		if data, err = io.ReadAll(r); err != nil {
			t.Fatal(err)
		}
	})
	return data
}

// TestBookingMailsThroughSMTP sends a booking request's two e-mails through
// a real SMTP server (Mailpit) and reads their calendar files back: the
// chosen time, 45 minutes, in Europe/Stockholm with its time-zone data, and
// an alarm.
func TestBookingMailsThroughSMTP(t *testing.T) {
	t.Parallel()
	mp := mailtest.Start(t)
	s := newMailSite(t, mp)
	s.consultant(t, "Dana Dansare", "dans")
	form := s.bookForm(t, "britt@example.se")
	r := s.do(t, http.MethodPost, "/radgivning/boka", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("booking: %d", r.Status)
	}
	manage, _, _ := strings.Cut(r.Header.Get("Location"), "?")
	_, unix, _ := strings.Cut(form.Get("tid"), "-")
	start, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	wantStart := time.Unix(start, 0)

	for _, who := range []struct{ to, subject, method string }{
		{"britt@example.se", "Din förfrågan om rådgivning", ical.MethodRequest},
		{"dana.dansare@region.example.se", "Ny förfrågan om rådgivning", ical.MethodPublish},
	} {
		t.Run(who.to, func(t *testing.T) {
			m := mp.WaitFor(t, who.to, who.subject, 20*time.Second)
			if !strings.Contains(m.Subject, "TEST-2026-0001") || !strings.Contains(m.Text, "TEST-2026-0001") {
				t.Errorf("mail %q lacks the registration number", m.Subject)
			}
			if who.to == "britt@example.se" {
				if link := mp.Link(t, m, "http"); !strings.HasSuffix(link, manage) {
					t.Errorf("booker's link %q, want the manage link %s", link, manage)
				}
			}
			data := calendarFile(t, mp, m.ID)
			method, evs, err := icaltest.Parse(bytes.NewReader(data))
			if err != nil || method != who.method || len(evs) != 1 {
				t.Fatalf("ics: %v, method %q, %d events", err, method, len(evs))
			}
			e := evs[0]
			if !e.Start.Equal(wantStart) || e.End.Sub(e.Start) != 45*time.Minute {
				t.Errorf("event %s–%s, want %s for 45 minutes", e.Start, e.End, wantStart)
			}
			if e.AlarmBefore <= 0 || !bytes.Contains(data, []byte("BEGIN:VALARM")) {
				t.Errorf("no alarm in the calendar file")
			}
			text := string(data)
			local := wantStart.In(civil.Stockholm).Format("20060102T150405")
			if !strings.Contains(text, "BEGIN:VTIMEZONE") || !strings.Contains(text, "TZID:Europe/Stockholm") ||
				!strings.Contains(text, "DTSTART;TZID=Europe/Stockholm:"+local) {
				t.Errorf("calendar file lacks Stockholm's time zone or wall-clock start %s:\n%s", local, text)
			}
		})
	}
}
