package booking_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/booking"
	"residens/internal/civil"
	"residens/internal/db/dbtest"
	"residens/internal/ical"
	"residens/internal/ical/icaltest"
	"residens/internal/jobs"
	"residens/internal/testutil"
)

// reminderNow is the demo clock: Thursday 26 November 2026, noon in
// Stockholm; "tomorrow" is Friday 27 November.
var reminderNow = testutil.Now

// at is an instant on the wall clock in Stockholm in November 2026.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.November, day, hour, minute, 0, 0, civil.Stockholm)
}

// addBooking inserts a 45-minute booking of consultant starting at start,
// in state, booked by name, and returns its id.
func addBooking(t *testing.T, pool *pgxpool.Pool, consultant int64, name, state string, start time.Time) int64 {
	t.Helper()
	var id int64
	err := pool.QueryRow(context.Background(), `
		INSERT INTO bookings (consultant_id, during, state, name, email, meeting_form, topic)
		VALUES ($1, tstzrange($2, $3, '[)'), $4, $5, $6, 'video', 'ansokan') RETURNING id`,
		consultant, start, start.Add(45*time.Minute), state, name, name+"@example.se").Scan(&id)
	if err != nil {
		t.Fatalf("booking %s: %v", name, err)
	}
	return id
}

// reminderSetup is an empty database with one consultant, and the
// reminders plugged into a job runner (never started: Remind is called
// directly) whose clock stands at reminderNow.
func reminderSetup(t *testing.T) (*site, *booking.Reminders, int64) {
	t.Helper()
	pool := dbtest.New(t)
	var uid int64
	if err := pool.QueryRow(context.Background(), `INSERT INTO users (email, name, role)
		VALUES ('klara@region.example.se', 'Klara Konsulent', 'consultant') RETURNING id`).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(context.Background(), `INSERT INTO consultant_profiles (user_id, active) VALUES ($1, true)`, uid); err != nil {
		t.Fatal(err)
	}
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	rem := booking.NewReminders(pool, cfg.BaseURL, cfg.MailFrom.Address, func() time.Time { return reminderNow }, log)
	if _, err := jobs.New(pool, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom, Extensions: []jobs.Extension{rem}}, log); err != nil {
		t.Fatal(err)
	}
	return &site{h: testutil.Site(t, pool), pool: pool, now: testutil.Now}, rem, uid
}

// manageLinkRE finds the manage link in a reminder's text.
var manageLinkRE = regexp.MustCompile(`Behöver du avboka eller flytta mötet: (http://127\.0\.0\.1:8080(/radgivning/bokning/[A-Za-z0-9_-]+))\n`)

func TestRemindersTheDayBefore(t *testing.T) {
	t.Parallel()
	s, rem, uid := reminderSetup(t)
	pool := s.pool
	addBooking(t, pool, uid, "today", "confirmed", at(26, 15, 0))
	first := addBooking(t, pool, uid, "tomorrow", "confirmed", at(27, 9, 0))
	addBooking(t, pool, uid, "requested", "requested", at(27, 10, 0))
	addBooking(t, pool, uid, "cancelled", "cancelled", at(27, 11, 0))
	late := addBooking(t, pool, uid, "latetomorrow", "confirmed", at(27, 23, 0))
	addBooking(t, pool, uid, "dayafter", "confirmed", at(28, 0, 0))
	if _, err := pool.Exec(context.Background(), `UPDATE bookings SET sequence = 3 WHERE id = $1`, first); err != nil {
		t.Fatal(err)
	}

	for run := range 2 {
		n, err := rem.Remind(context.Background())
		if err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		if want := []int{2, 0}[run]; n != want {
			t.Errorf("run %d reminded of %d bookings, want %d", run+1, n, want)
		}
	}

	var to []string
	mails := s.mails(t)
	for _, m := range mails {
		to = append(to, m.To)
	}
	want := []string{"tomorrow@example.se", "klara@region.example.se", "latetomorrow@example.se", "klara@region.example.se"}
	if !slices.Equal(to, want) {
		t.Fatalf("reminders to %q, want %q (once each, tomorrow's confirmed meetings only)", to, want)
	}
	var reminded []int64
	if err := pool.QueryRow(context.Background(), `SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM bookings
		WHERE reminder_sent_at IS NOT NULL`).Scan(&reminded); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(reminded, []int64{first, late}) {
		t.Errorf("reminder_sent_at set on %v, want %v", reminded, []int64{first, late})
	}

	m := mails[0]
	if m.Subject != "Påminnelse: ditt rådgivningsmöte i morgon" || len(m.Attachments) != 1 || m.HTML == "" {
		t.Fatalf("booker's reminder: %q with %d attachments, HTML %d bytes", m.Subject, len(m.Attachments), len(m.HTML))
	}
	for _, want := range []string{"fredag 27 november kl. 09.00–09.45", "Videomöte", "Ansökan om residens", "Klara Konsulent"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("reminder text lacks %q: %s", want, m.Text)
		}
	}
	method, evs, err := icaltest.Parse(bytes.NewReader(m.Attachments[0].Data))
	if err != nil || method != ical.MethodRequest || len(evs) != 1 {
		t.Fatalf("ics: %v %q %d", err, method, len(evs))
	}
	e := evs[0]
	if e.UID != calendarUID(t, pool, first) || e.Sequence != 3 || !e.Start.Equal(at(27, 9, 0)) ||
		e.Status != ical.StatusConfirmed || e.AlarmBefore <= 0 || e.Summary != "Rådgivningsmöte: Ansökan om residens" {
		t.Errorf("event %+v: want the booking's own UID, sequence and topic, confirmed, with an alarm", e)
	}
	if strings.Contains(mails[1].Text, "/radgivning/bokning/") || !strings.Contains(mails[1].Text, "Bokad av: tomorrow <tomorrow@example.se>") {
		t.Errorf("consultant's reminder: want who booked and no manage link: %s", mails[1].Text)
	}

	t.Run("manage link opens the booking", func(t *testing.T) {
		got := manageLinkRE.FindStringSubmatch(m.Text)
		if got == nil {
			t.Fatalf("booker's reminder has no manage link: %s", m.Text)
		}
		if !strings.Contains(m.HTML, `href="`+got[1]+`"`) {
			t.Errorf("HTML part lacks the link %s", got[1])
		}
		page := testutil.GetOK(t, s.h, got[2])
		if page.Text("booking-time") != "fredag 27 november kl. 09.00–09.45" ||
			page.Text("booking-consultant") != "Klara Konsulent" || page.TestID("cancel").Length() != 1 {
			t.Errorf("manage page shows %q with %q, cancel %d", page.Text("booking-time"),
				page.Text("booking-consultant"), page.TestID("cancel").Length())
		}
		other := manageLinkRE.FindStringSubmatch(mails[2].Text)
		if other == nil || other[2] == got[2] {
			t.Fatalf("second booker's link %v, want one of its own", other)
		}
		if p := testutil.GetOK(t, s.h, other[2]); p.Text("booking-time") != "fredag 27 november kl. 23.00–23.45" {
			t.Errorf("second link shows %q", p.Text("booking-time"))
		}
	})
}

// TestRemindersAfterAMove: a meeting moved after its reminder was sent, and
// confirmed again for tomorrow, is reminded of again.
func TestRemindersAfterAMove(t *testing.T) {
	t.Parallel()
	s, rem, uid := reminderSetup(t)
	id := addBooking(t, s.pool, uid, "flyttad", "confirmed", at(27, 9, 0))
	if _, err := rem.Remind(context.Background()); err != nil {
		t.Fatal(err)
	}
	// What booking.Move and a new confirmation do.
	if _, err := s.pool.Exec(context.Background(), `UPDATE bookings SET during = tstzrange($2, $3, '[)'),
		sequence = sequence + 2, reminder_sent_at = NULL WHERE id = $1`, id, at(27, 13, 0), at(27, 13, 45)); err != nil {
		t.Fatal(err)
	}
	if n, err := rem.Remind(context.Background()); err != nil || n != 1 {
		t.Fatalf("after the move: %d reminders, %v; want 1", n, err)
	}
	mails := s.mails(t)
	if len(mails) != 4 {
		t.Fatalf("%d mails, want 4 (two reminders to two people)", len(mails))
	}
	if !strings.Contains(mails[2].Text, "fredag 27 november kl. 13.00–13.45") {
		t.Errorf("second reminder lacks the new time: %s", mails[2].Text)
	}
	// Both reminders' links work: a new link never ends an old one.
	for _, m := range []int{0, 2} {
		got := manageLinkRE.FindStringSubmatch(mails[m].Text)
		if got == nil {
			t.Fatalf("reminder %d has no manage link", m)
		}
		testutil.GetOK(t, s.h, got[2])
	}
}

// TestRemindersNeedTheQueue: reminders outside a job runner refuse to run
// rather than mark meetings reminded without mail.
func TestRemindersNeedTheQueue(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	base, _ := url.Parse("http://127.0.0.1:8080")
	rem := booking.NewReminders(pool, base, "noreply@residens.invalid", func() time.Time { return reminderNow }, slog.New(slog.DiscardHandler))
	if _, err := rem.Remind(context.Background()); err == nil {
		t.Error("Remind without a mail queue: no error")
	}
}

func TestTomorrowAcrossClockChanges(t *testing.T) {
	for _, tt := range []struct {
		now   time.Time
		hours float64
	}{
		{time.Date(2026, time.November, 26, 12, 0, 0, 0, civil.Stockholm), 24},
		{time.Date(2026, time.October, 24, 23, 59, 0, 0, civil.Stockholm), 25},
		{time.Date(2027, time.March, 27, 0, 5, 0, 0, civil.Stockholm), 23},
	} {
		from, to := booking.Tomorrow(tt.now)
		wantFrom := time.Date(tt.now.Year(), tt.now.Month(), tt.now.Day()+1, 0, 0, 0, 0, civil.Stockholm)
		if !from.Equal(wantFrom) || to.Sub(from).Hours() != tt.hours {
			t.Errorf("tomorrow(%s) = %s … %s, want from %s, %v hours", tt.now, from, to, wantFrom, tt.hours)
		}
	}
}
