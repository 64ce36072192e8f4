package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/civil"
	"residens/internal/db/dbtest"
	"residens/internal/ical"
	"residens/internal/mail"
)

// reminderNow is the demo clock: Thursday 26 November 2026, noon in
// Stockholm; "tomorrow" is Friday 27 November.
var reminderNow = time.Date(2026, time.November, 26, 12, 0, 0, 0, civil.Stockholm)

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

// reminderSetup is a database with one consultant and a reminder worker
// whose clock stands at reminderNow.
func reminderSetup(t *testing.T) (*pgxpool.Pool, *reminderWorker, int64) {
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
	r, err := New(pool, testConfig(t, "smtp://"+closedAddr(t)), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	w := &reminderWorker{pool: pool, queue: r.queue, now: func() time.Time { return reminderNow },
		log: slog.New(slog.DiscardHandler)}
	return pool, w, uid
}

// queuedMails are the mail jobs' arguments, in order.
func queuedMails(t *testing.T, pool *pgxpool.Pool) []mail.SendArgs {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT args FROM river_job WHERE kind = 'mail.send' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (mail.SendArgs, error) {
		var raw []byte
		var a mail.SendArgs
		if err := r.Scan(&raw); err != nil {
			return a, err
		}
		return a, json.Unmarshal(raw, &a)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRemindersTheDayBefore(t *testing.T) {
	t.Parallel()
	pool, w, uid := reminderSetup(t)
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
		n, err := w.remind(context.Background())
		if err != nil {
			t.Fatalf("run %d: %v", run+1, err)
		}
		if want := []int{2, 0}[run]; n != want {
			t.Errorf("run %d reminded of %d bookings, want %d", run+1, n, want)
		}
	}

	var to []string
	mails := queuedMails(t, pool)
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
	if m.Subject != "Påminnelse: ditt rådgivningsmöte i morgon" || len(m.Attachments) != 1 {
		t.Fatalf("booker's reminder: %q with %d attachments", m.Subject, len(m.Attachments))
	}
	if !bytes.Contains([]byte(m.Text), []byte("fredag 27 november kl. 09.00–09.45")) {
		t.Errorf("reminder text lacks the time: %s", m.Text)
	}
	method, evs, err := ical.Parse(bytes.NewReader(m.Attachments[0].Data))
	if err != nil || method != ical.MethodRequest || len(evs) != 1 {
		t.Fatalf("ics: %v %q %d", err, method, len(evs))
	}
	e := evs[0]
	if e.UID != "booking-"+strconv.FormatInt(first, 10)+"@residens" || e.Sequence != 3 || !e.Start.Equal(at(27, 9, 0)) ||
		e.Status != ical.StatusConfirmed || e.AlarmBefore <= 0 {
		t.Errorf("event %+v: want the booking's own UID and sequence, confirmed, with an alarm", e)
	}
}

// TestRemindersAfterAMove: a meeting moved after its reminder was sent, and
// confirmed again for tomorrow, is reminded of again.
func TestRemindersAfterAMove(t *testing.T) {
	t.Parallel()
	pool, w, uid := reminderSetup(t)
	id := addBooking(t, pool, uid, "flyttad", "confirmed", at(27, 9, 0))
	if _, err := w.remind(context.Background()); err != nil {
		t.Fatal(err)
	}
	// What booking.Move and a new confirmation do.
	if _, err := pool.Exec(context.Background(), `UPDATE bookings SET during = tstzrange($2, $3, '[)'),
		sequence = sequence + 2, reminder_sent_at = NULL WHERE id = $1`, id, at(27, 13, 0), at(27, 13, 45)); err != nil {
		t.Fatal(err)
	}
	if n, err := w.remind(context.Background()); err != nil || n != 1 {
		t.Fatalf("after the move: %d reminders, %v; want 1", n, err)
	}
	if got := len(queuedMails(t, pool)); got != 4 {
		t.Errorf("%d mails, want 4 (two reminders to two people)", got)
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
		from, to := tomorrow(tt.now)
		wantFrom := time.Date(tt.now.Year(), tt.now.Month(), tt.now.Day()+1, 0, 0, 0, 0, civil.Stockholm)
		if !from.Equal(wantFrom) || to.Sub(from).Hours() != tt.hours {
			t.Errorf("tomorrow(%s) = %s … %s, want from %s, %v hours", tt.now, from, to, wantFrom, tt.hours)
		}
	}
}
