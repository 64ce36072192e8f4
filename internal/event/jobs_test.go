package event_test

import (
	"context"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"slices"
	"testing"
	"time"

	"residens/internal/event"
	"residens/internal/jobs"
)

func TestReminderOnceTwoDaysBefore(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	soon := f.addEvent(t, ev{capacity: seats(2), starts: start.Add(47 * time.Hour), closes: start.Add(time.Hour)})
	later := f.addEvent(t, ev{starts: start.Add(49 * time.Hour)})
	// Anna took her seat three days before; David takes his within the
	// last two days, so his confirmation is his reminder.
	f.clock.Set(start.Add(-25 * time.Hour))
	a := f.signUp(t, input(soon, "anna"))
	f.clock.Set(start)
	d := f.signUp(t, input(soon, "david"))
	b := f.signUp(t, input(soon, "bo")) // in line: no reminder
	f.signUp(t, input(later, "cilla"))
	n, err := f.store.Remind(ctx)
	if err != nil || n != 1 {
		t.Fatalf("remind: %d %v", n, err)
	}
	if n, err := f.store.Remind(ctx); err != nil || n != 0 {
		t.Errorf("second run: %d %v", n, err)
	}
	keys := f.mails(t)
	if !slices.Contains(keys, fmt.Sprintf("event:%d:reminder", a.SignupID)) || slices.Contains(keys, fmt.Sprintf("event:%d:reminder", b.SignupID)) ||
		slices.Contains(keys, fmt.Sprintf("event:%d:reminder", d.SignupID)) {
		t.Errorf("mails %v: want a reminder to Anna only", keys)
	}
}

func TestPurgeKeepsCounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	id := f.addEvent(t, ev{capacity: seats(1)})
	in := input(id, "anna")
	in.Needs = "Glutenfritt"
	f.signUp(t, in)
	f.signUp(t, input(id, "bo"))
	f.signUp(t, input(id, "cilla"))
	before := f.states(t, id)
	// 31 days after the event: the needs go, the names stay.
	f.clock.Set(start.AddDate(0, 0, 7+31))
	needs, personal, err := f.store.Purge(ctx, 12)
	if err != nil || needs != 3 || personal != 0 {
		t.Fatalf("purge: %d %d %v", needs, personal, err)
	}
	su, err := f.store.ByToken(ctx, in.Token)
	if err != nil || su.Needs != "" || su.Name != "anna" {
		t.Fatalf("after 31 days: %+v %v", su, err)
	}
	// After the retention time the names and addresses go too.
	f.clock.Set(start.AddDate(1, 0, 8))
	if _, personal, err := f.store.Purge(ctx, 12); err != nil || personal != 3 {
		t.Fatalf("purge personal: %d %v", personal, err)
	}
	if n := testutil0(t, f, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND (name <> '' OR email <> '')`, id); n != 0 {
		t.Errorf("%d sign-ups keep a name or address", n)
	}
	if after := f.states(t, id); !mapsEqual(before, after) {
		t.Errorf("counts %v -> %v", before, after)
	}
	if _, personal, _ := f.store.Purge(ctx, 12); personal != 0 {
		t.Errorf("a second run purged %d", personal)
	}
}

func testutil0(t *testing.T, f *fixture, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := f.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func mapsEqual(a, b map[event.State]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The jobs plug into the runner: their workers register and their
// periodic jobs are scheduled without error.
func TestJobsRegister(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	j := event.NewJobs(f.pool, "http://127.0.0.1:8080", 0, f.clock.Now, slog.New(slog.DiscardHandler))
	if _, err := jobs.New(f.pool, jobs.Config{From: netmail.Address{Address: "noreply@example.se"},
		Extensions: []jobs.Extension{j}}, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	// With the queue handed over, the reminders run.
	if _, err := j.Store().Remind(context.Background()); err != nil {
		t.Fatal(err)
	}
}
