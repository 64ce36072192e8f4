package eventedit_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"residens/internal/audit"
	"residens/internal/civil"
	"residens/internal/event"
	"residens/internal/eventedit"
	"residens/internal/secret"
)

// speedEvent is a published speed-dating event of 3 rounds of 8 minutes
// with three cultural actors and two hosts seated.
func (f *fixture) speedEvent(t *testing.T) (int64, map[string]int64) {
	t.Helper()
	s := time.Date(2026, time.December, 10, 10, 0, 0, 0, civil.Stockholm)
	e := eventedit.Event{Title: "Speed-dejting i Nacka", Format: event.FormatSpeedDating, StartsAt: s, EndsAt: s.Add(time.Hour),
		SignupClosesAt: s.AddDate(0, 0, -1), Attendance: event.OnSite, PlaceName: "Kulturhuset", SpeedRounds: ptr(3), SpeedMinutes: ptr(8)}
	id := f.published(t, e)
	ids := map[string]int64{}
	for _, p := range []struct{ name, side string }{
		{"Anna", event.SideActor}, {"Bo", event.SideActor}, {"Cecilia", event.SideActor},
		{"Nacka", event.SideHost}, {"Tyresö", event.SideHost},
	} {
		token, _ := secret.New()
		res, err := f.seats.SignUp(context.Background(), audit.Entry{IP: "192.0.2.1"}, event.Input{EventID: id, Name: p.name,
			Email: strings.ToLower(strings.ReplaceAll(p.name, "ö", "o")) + "@example.se", Role: "kulturaktor", SpeedSide: p.side,
			LookingFor: "Någon som vill samarbeta", Token: token})
		if err != nil {
			t.Fatalf("sign up %s: %v", p.name, err)
		}
		ids[p.name] = res.SignupID
	}
	return id, ids
}

func TestSpeedScheduleStoredMailedAndDiffMailed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id, ids := f.speedEvent(t)
	if _, err := f.store.Send(ctx, staff, id); !errors.Is(err, eventedit.ErrNoSchedule) {
		t.Fatalf("send before any schedule: %v", err)
	}
	// Anna asked to meet Tyresö; a wish within one side is dropped.
	if err := f.store.SaveWishes(ctx, staff, id, map[int64][]int64{ids["Anna"]: {ids["Tyresö"], ids["Bo"]}}); err != nil {
		t.Fatal(err)
	}
	if n := scalar[int](t, f.pool, `SELECT count(*) FROM event_speed_wishes WHERE event_id = $1`, id); n != 1 {
		t.Fatalf("%d wishes stored, want 1", n)
	}
	if err := f.store.Generate(ctx, staff, id); err != nil {
		t.Fatal(err)
	}
	sp, err := f.store.Speed(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Plan == nil || len(sp.Plan.Rounds) != 3 || sp.SentAt != nil {
		t.Fatalf("stored plan %+v", sp.Plan)
	}
	// Every round: two tables, one actor pausing.
	for _, r := range sp.Plan.Rounds {
		if len(r.Meetings) != 2 || len(r.Pauses) != 1 {
			t.Fatalf("round %d: %+v", r.Number, r)
		}
	}
	n, err := f.store.Send(ctx, staff, id)
	if err != nil || n != 5 {
		t.Fatalf("first send mailed %d (%v), want all 5", n, err)
	}
	mail := f.lastMail(t, "anna@example.se")
	if !strings.Contains(mail, "Omgång 1, kl. 10.00") || !strings.Contains(mail, "Omgång 3, kl. 10.16") {
		t.Fatalf("Anna's schedule mail lacks the rounds: %s", mail)
	}
	f.wantManageLink(t, mail, ids["Anna"])
	// The manage page's reading of the sent schedule.
	lines, err := f.store.SentSchedule(ctx, ids["Anna"])
	if err != nil || len(lines) != 3 {
		t.Fatalf("Anna's sent schedule: %v, %v", lines, err)
	}
	// Sending the same plan again mails no one.
	if n, err := f.store.Send(ctx, staff, id); err != nil || n != 0 {
		t.Fatalf("unchanged resend mailed %d (%v)", n, err)
	}
	// Cecilia leaves; the new plan changes some schedules, and only those
	// get a mail that says what changed.
	if _, err := f.pool.Exec(ctx, `UPDATE event_signups SET state = 'cancelled', cancelled_at = now() WHERE id = $1`, ids["Cecilia"]); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Generate(ctx, staff, id); err != nil {
		t.Fatal(err)
	}
	sp, _ = f.store.Speed(ctx, id)
	if len(sp.Changed) == 0 {
		t.Fatal("no one's schedule changed after a participant left")
	}
	before := map[string]int{}
	for name := range ids {
		before[name] = f.mailCount(t, name)
	}
	n, err = f.store.Send(ctx, staff, id)
	if err != nil || n != len(sp.Changed) {
		t.Fatalf("resend mailed %d (%v), want the %d changed", n, err, len(sp.Changed))
	}
	changed := map[int64]bool{}
	for _, c := range sp.Changed {
		changed[c] = true
	}
	for name, sid := range ids {
		got := f.mailCount(t, name) - before[name]
		want := 0
		if changed[sid] {
			want = 1
		}
		if got != want {
			t.Errorf("%s got %d mails on the resend, want %d", name, got, want)
		}
	}
	for name, sid := range ids {
		if changed[sid] && name != "Cecilia" {
			if m := f.lastMail(t, f.addr(name)); !strings.Contains(m, "ändrat") || !strings.Contains(m, "Hela ditt schema nu") {
				t.Errorf("%s's change mail: %s", name, m)
			}
		}
	}
}

func TestSpeedScheduleNeedsBothSides(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(nil))
	if err := f.store.Generate(ctx, staff, id); !errors.Is(err, eventedit.ErrNotSpeedDating) {
		t.Fatalf("a breakfast's schedule: %v", err)
	}
	sid, ids := f.speedEvent(t)
	for _, n := range []string{"Nacka", "Tyresö"} {
		if _, err := f.pool.Exec(ctx, `UPDATE event_signups SET state = 'cancelled', cancelled_at = now() WHERE id = $1`, ids[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.store.Generate(ctx, staff, sid); !errors.Is(err, eventedit.ErrTooFew) {
		t.Fatalf("only actors: %v, want ErrTooFew", err)
	}
}

func (f *fixture) addr(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, "ö", "o")) + "@example.se"
}

func (f *fixture) mailCount(t *testing.T, name string) int {
	t.Helper()
	return scalar[int](t, f.pool, `SELECT count(*) FROM river_job WHERE kind = 'mail.send' AND args->>'to' = $1`, f.addr(name))
}

func (f *fixture) lastMail(t *testing.T, addr string) string {
	t.Helper()
	return scalar[string](t, f.pool, `SELECT args->>'text' FROM river_job WHERE kind = 'mail.send' AND args->>'to' = $1 ORDER BY id DESC LIMIT 1`, addr)
}

var manageLinkRE = regexp.MustCompile(`http://127\.0\.0\.1:8080/evenemang/anmalan/([A-Za-z0-9_-]+)`)

// wantManageLink checks that the mail text carries a manage link that
// opens sign-up id.
func (f *fixture) wantManageLink(t *testing.T, text string, id int64) {
	t.Helper()
	m := manageLinkRE.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no manage link in the mail: %s", text)
	}
	su, err := f.seats.ByToken(context.Background(), m[1])
	if err != nil || su.ID != id {
		t.Fatalf("the mail's link opens %+v (%v), want sign-up %d", su, err, id)
	}
}
