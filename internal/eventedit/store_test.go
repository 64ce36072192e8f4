package eventedit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"log/slog"
	netmail "net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/event"
	"residens/internal/eventedit"
	"residens/internal/jobs"
	"residens/internal/secret"
	"residens/internal/throttle"
)

// now is the demo clock's Thursday 26 November 2026, noon in Stockholm.
var now = time.Date(2026, time.November, 26, 12, 0, 0, 0, civil.Stockholm)

func clock() time.Time { return now }

type fixture struct {
	pool  *pgxpool.Pool
	seats *event.Store
	store *eventedit.Store
}

// newFixture is an empty database with both stores over one mail queue,
// which nothing works: the tests read the queued jobs.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	pool := dbtest.New(t)
	runner, err := jobs.New(pool, jobs.Config{From: netmail.Address{Address: "noreply@example.se"}}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	seats := event.NewStore(pool, runner.Mail(), "http://127.0.0.1:8080", clock)
	seats.SetLimits(throttle.Limits{EventSignupsPerIP: 1000, MailsPerAddress: 1000})
	return &fixture{pool: pool, seats: seats, store: eventedit.NewStore(pool, seats, runner.Mail(), clock)}
}

func ptr[T any](v T) *T { return &v }

// breakfast is a Kulturfrukost on Tuesday 8 December 2026, 08.00–09.30,
// sign-up closing the day before.
func breakfast(capacity *int) eventedit.Event {
	s := time.Date(2026, time.December, 8, 8, 0, 0, 0, civil.Stockholm)
	return eventedit.Event{Title: "Kulturfrukost i Nacka", Format: event.FormatBreakfast, StartsAt: s, EndsAt: s.Add(90 * time.Minute),
		SignupClosesAt: s.AddDate(0, 0, -1), Attendance: event.OnSite, PlaceName: "Kulturhuset", Capacity: capacity}
}

var staff = audit.Entry{IP: "192.0.2.9"}

// published creates and publishes e.
func (f *fixture) published(t *testing.T, e eventedit.Event) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := f.store.Create(ctx, staff, "", e)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.Publish(ctx, staff, id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) signUp(t *testing.T, id int64, name string) event.Result {
	t.Helper()
	token, _ := secret.New()
	res, err := f.seats.SignUp(context.Background(), audit.Entry{IP: "192.0.2.1"}, event.Input{EventID: id, Name: name,
		Email: strings.ToLower(name) + "@example.se", Role: "kulturaktor", Organisation: "Ateljé Ö", Token: token})
	if err != nil {
		t.Fatalf("sign up %s: %v", name, err)
	}
	return res
}

// states are the names of event id's sign-ups by state, in line order.
func (f *fixture) states(t *testing.T, id int64) map[event.State][]string {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), `SELECT state, name FROM event_signups WHERE event_id = $1 ORDER BY line_no NULLS FIRST, id`, id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[event.State][]string{}
	var s, n string
	if _, err := pgx.ForEachRow(rows, []any{&s, &n}, func() error {
		out[event.State(s)] = append(out[event.State(s)], n)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// mailsTo are the subjects of the mails queued to addr.
func (f *fixture) mailsTo(t *testing.T, addr string) []string {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), `SELECT args->>'subject' FROM river_job WHERE kind = 'mail.send' AND args->>'to' = $1 ORDER BY id`, addr)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func scalar[T any](t *testing.T, pool *pgxpool.Pool, sql string, args ...any) T {
	t.Helper()
	var v T
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCapacityLoweredBelowTakenIsRefused(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(3)))
	for _, n := range []string{"Anna", "Bo", "Cecilia"} {
		f.signUp(t, id, n)
	}
	e, err := f.store.Event(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	seq := e.Sequence
	e.Capacity = ptr(2)
	err = f.store.Update(ctx, staff, id, *e)
	var below *eventedit.ErrBelowTaken
	if !errors.As(err, &below) || below.Taken != 3 {
		t.Fatalf("lowering to 2 under 3 taken: %v, want ErrBelowTaken{3}", err)
	}
	after, _ := f.store.Event(ctx, id)
	if *after.Capacity != 3 || after.Sequence != seq {
		t.Fatalf("refused change saved: capacity %d, sequence %d→%d", *after.Capacity, seq, after.Sequence)
	}
	// Down to exactly the seats taken is allowed, and raises the sequence.
	e.Capacity = ptr(3)
	e.Title = "Kulturfrukost i Nacka kulturhus"
	if err := f.store.Update(ctx, staff, id, *e); err != nil {
		t.Fatal(err)
	}
	if after, _ = f.store.Event(ctx, id); after.Sequence != seq+1 || after.Title != e.Title {
		t.Fatalf("after update: sequence %d (want %d), title %q", after.Sequence, seq+1, after.Title)
	}
	if n := scalar[int](t, f.pool, `SELECT count(*) FROM audit_log WHERE action = $1`, audit.EventUpdated); n != 1 {
		t.Fatalf("%d update entries in the audit log, want 1", n)
	}
}

func TestRaisedCapacityPromotesTheLineInOrder(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(1)))
	for _, n := range []string{"Anna", "Bo", "Cecilia", "David"} {
		f.signUp(t, id, n)
	}
	if got := f.states(t, id)[event.Waiting]; !slices.Equal(got, []string{"Bo", "Cecilia", "David"}) {
		t.Fatalf("line before: %v", got)
	}
	e, _ := f.store.Event(ctx, id)
	e.Capacity = ptr(3)
	if err := f.store.Update(ctx, staff, id, *e); err != nil {
		t.Fatal(err)
	}
	st := f.states(t, id)
	held := append(st[event.Seated], st[event.Offered]...)
	if len(held) != 3 || !slices.Contains(held, "Bo") || !slices.Contains(held, "Cecilia") || !slices.Equal(st[event.Waiting], []string{"David"}) {
		t.Fatalf("after raising to 3: %v, want Anna seated, Bo and Cecilia promoted, David waiting", st)
	}
	if n := scalar[int](t, f.pool, `SELECT seats_taken FROM events WHERE id = $1`, id); n != 3 {
		t.Fatalf("seats_taken %d, want 3", n)
	}
	if len(f.mailsTo(t, "bo@example.se")) < 2 || len(f.mailsTo(t, "david@example.se")) != 1 {
		t.Fatalf("mails: Bo %v, David %v; Bo should have a second mail about the seat, David none", f.mailsTo(t, "bo@example.se"), f.mailsTo(t, "david@example.se"))
	}
}

// Clearing the capacity of an event with a line seats the line, offered
// and waiting alike, and the next sign-up is seated, not put in line.
func TestUnlimitedCapacitySeatsTheLine(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(1)))
	anna := f.signUp(t, id, "Anna")
	for _, n := range []string{"Bo", "Cecilia"} {
		f.signUp(t, id, n)
	}
	// Anna leaves: Bo is offered her seat, Cecilia still waits.
	su, err := f.seats.ByID(ctx, anna.SignupID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `UPDATE event_signups SET state = 'cancelled', cancelled_at = $2 WHERE id = $1`, su.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `UPDATE event_signups SET state = 'offered', offered_at = $2, offer_expires_at = $3
		WHERE event_id = $1 AND name = 'Bo'`, id, now, now.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	e, _ := f.store.Event(ctx, id)
	e.Capacity = nil
	if err := f.store.Update(ctx, staff, id, *e); err != nil {
		t.Fatal(err)
	}
	st := f.states(t, id)
	if !slices.Equal(st[event.Seated], []string{"Bo", "Cecilia"}) || len(st[event.Waiting])+len(st[event.Offered]) != 0 {
		t.Fatalf("after clearing the capacity: %v, want Bo and Cecilia seated", st)
	}
	if n := scalar[int](t, f.pool, `SELECT seats_taken FROM events WHERE id = $1`, id); n != 2 {
		t.Fatalf("seats_taken %d, want 2", n)
	}
	for _, a := range []string{"bo@example.se", "cecilia@example.se"} {
		if got := f.mailsTo(t, a); !slices.Contains(got, "Du har fått en plats – Kulturfrukost i Nacka") {
			t.Errorf("mails to %s: %v, want the seat from the line", a, got)
		}
	}
	if res := f.signUp(t, id, "David"); res.State != event.Seated {
		t.Fatalf("David after: %v, want seated", res.State)
	}
}

// Moving the start moves the open offers' expiry by the offer rule; one
// whose new expiry has passed is lapsed by the job.
func TestMovedStartMovesOfferExpiry(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(1)))
	f.signUp(t, id, "Anna")
	f.signUp(t, id, "Bo")
	if _, err := f.pool.Exec(ctx, `UPDATE event_signups SET state = 'cancelled', cancelled_at = $2 WHERE event_id = $1 AND name = 'Anna'`, id, now); err != nil {
		t.Fatal(err)
	}
	offered := now.Add(-time.Hour)
	if _, err := f.pool.Exec(ctx, `UPDATE event_signups SET state = 'offered', offered_at = $2, offer_expires_at = $3
		WHERE event_id = $1 AND name = 'Bo'`, id, offered, offered.Add(event.OfferValid)); err != nil {
		t.Fatal(err)
	}
	expiry := func() time.Time {
		return scalar[time.Time](t, f.pool, `SELECT offer_expires_at FROM event_signups WHERE event_id = $1 AND name = 'Bo'`, id)
	}
	move := func(start time.Time) {
		t.Helper()
		e, _ := f.store.Event(ctx, id)
		e.StartsAt, e.EndsAt, e.SignupClosesAt = start, start.Add(90*time.Minute), start.Add(-time.Hour)
		if err := f.store.Update(ctx, staff, id, *e); err != nil {
			t.Fatal(err)
		}
	}
	// 60 hours on: the offer now ends 24 hours before, sooner than 48
	// hours after it was made.
	move(now.Add(60 * time.Hour))
	if got, want := expiry(), now.Add(36*time.Hour); !got.Equal(want) {
		t.Fatalf("expiry after the start moved to 60 hours on: %v, want %v", got, want)
	}
	// Further off again: 48 hours after the offer.
	move(now.AddDate(0, 0, 10))
	if got, want := expiry(), offered.Add(event.OfferValid); !got.Equal(want) {
		t.Fatalf("expiry after the start moved to 10 days on: %v, want %v", got, want)
	}
	// 20 hours on: the cut-off has passed, and the job lapses the offer.
	move(now.Add(20 * time.Hour))
	if got := expiry(); got.After(now) {
		t.Fatalf("expiry after the start moved to 20 hours on: %v, want past", got)
	}
	if n, err := f.seats.ExpireOffers(ctx); err != nil || n != 1 {
		t.Fatalf("expiry job: %d %v, want 1", n, err)
	}
	if st := f.states(t, id); !slices.Equal(st[event.Expired], []string{"Bo"}) {
		t.Fatalf("after the job: %v, want Bo expired", st)
	}
}

func TestCancelMailsEveryoneSignedUp(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(1)))
	f.signUp(t, id, "Anna")
	f.signUp(t, id, "Bo")
	before := len(f.mailsTo(t, "anna@example.se")) + len(f.mailsTo(t, "bo@example.se"))
	if err := f.store.Cancel(ctx, staff, id, "Lokalen är vattenskadad."); err != nil {
		t.Fatal(err)
	}
	e, _ := f.store.Event(ctx, id)
	if e.Status != event.Cancelled || e.CancelReason != "Lokalen är vattenskadad." {
		t.Fatalf("after cancel: %s %q", e.Status, e.CancelReason)
	}
	if after := len(f.mailsTo(t, "anna@example.se")) + len(f.mailsTo(t, "bo@example.se")); after != before+2 {
		t.Fatalf("%d mails after cancelling, want %d (one each)", after, before+2)
	}
	if err := f.store.Cancel(ctx, staff, id, "igen"); !errors.Is(err, eventedit.ErrState) {
		t.Fatalf("cancelling twice: %v, want ErrState", err)
	}
	if err := f.store.Publish(ctx, staff, id); !errors.Is(err, eventedit.ErrState) {
		t.Fatalf("publishing a cancelled event: %v, want ErrState", err)
	}
}

func TestCopyIsTheSameAgainNextMonth(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// Tuesday 9 March 2027 at 08.00, winter time; four weeks later is
	// 6 April, summer time, still 08.00 in Stockholm.
	s := time.Date(2027, time.March, 9, 8, 0, 0, 0, civil.Stockholm)
	e := breakfast(ptr(20))
	e.StartsAt, e.EndsAt, e.SignupClosesAt = s, s.Add(90*time.Minute), s.Add(-24*time.Hour)
	e.ArtForms = nil
	id := f.published(t, e)
	if err := f.store.SaveItem(ctx, staff, id, eventedit.Item{StartsAt: s.Add(30 * time.Minute), Title: "Samtal"}); err != nil {
		t.Fatal(err)
	}
	f.signUp(t, id, "Anna")
	nid, err := f.store.Copy(ctx, staff, "", id)
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.store.Event(ctx, nid)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2027, time.April, 6, 8, 0, 0, 0, civil.Stockholm)
	if !c.StartsAt.Equal(want) || c.StartsAt.In(civil.Stockholm).Hour() != 8 || c.StartsAt.Weekday() != time.Tuesday {
		t.Fatalf("copy starts %v, want %v", c.StartsAt.In(civil.Stockholm), want)
	}
	if !c.EndsAt.Equal(want.Add(90*time.Minute)) || !c.SignupClosesAt.Equal(want.AddDate(0, 0, -1)) {
		t.Fatalf("copy ends %v, closes %v", c.EndsAt, c.SignupClosesAt)
	}
	if c.Status != event.Draft || c.SeatsTaken != 0 || c.Slug == "" || c.Title != e.Title {
		t.Fatalf("copy: %+v", c)
	}
	if len(c.Programme) != 1 || !c.Programme[0].StartsAt.Equal(want.Add(30*time.Minute)) {
		t.Fatalf("copy's programme: %+v", c.Programme)
	}
	if n := scalar[int](t, f.pool, `SELECT count(*) FROM event_signups WHERE event_id = $1`, nid); n != 0 {
		t.Fatalf("copy has %d sign-ups", n)
	}
	// A double click on the copy button (one form key) makes one copy.
	a, err := f.store.Copy(ctx, staff, "kopia-1", id)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := f.store.Copy(ctx, staff, "kopia-1", id); err != nil || b != a {
		t.Fatalf("second copy with the same key: %d, %v; want the first one's %d", b, err, a)
	}
	if n := scalar[int](t, f.pool, `SELECT count(*) FROM events WHERE copied_from = $1`, id); n != 2 {
		t.Fatalf("%d copies, want 2 (one without a key, one with)", n)
	}
}

func TestNextMonthDays(t *testing.T) {
	for _, tt := range []struct {
		day  time.Time
		want int
	}{
		{time.Date(2027, time.January, 1, 9, 0, 0, 0, civil.Stockholm), 35},    // 29 January is still January
		{time.Date(2027, time.January, 28, 9, 0, 0, 0, civil.Stockholm), 28},   // 25 February
		{time.Date(2027, time.March, 3, 9, 0, 0, 0, civil.Stockholm), 35},      // 31 March → 7 April
		{time.Date(2026, time.October, 20, 8, 0, 0, 0, civil.Stockholm), 28},   // across the change to winter time
		{time.Date(2027, time.December, 31, 23, 0, 0, 0, civil.Stockholm), 28}, // into the next year
	} {
		if got := eventedit.NextMonthDays(tt.day); got != tt.want {
			t.Errorf("NextMonthDays(%v) = %d, want %d", tt.day, got, tt.want)
		}
		if got := eventedit.ShiftDays(tt.day, tt.want); got.In(civil.Stockholm).Hour() != tt.day.Hour() || got.Weekday() != tt.day.Weekday() {
			t.Errorf("ShiftDays(%v) = %v: other time or weekday", tt.day, got)
		}
	}
}

func TestCheckIn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(1)))
	anna := f.signUp(t, id, "Anna")
	bo := f.signUp(t, id, "Bo") // waiting: no seat, no check-in
	code := strings.ToLower(anna.Code[:3]) + " " + anna.Code[3:]
	got, err := f.store.CheckIn(ctx, staff, id, code)
	if err != nil || got != anna.SignupID {
		t.Fatalf("check in by %q: %d, %v", code, got, err)
	}
	first := scalar[time.Time](t, f.pool, `SELECT checked_in_at FROM event_signups WHERE id = $1`, anna.SignupID)
	if !first.Equal(now) {
		t.Fatalf("checked in at %v, want %v", first, now)
	}
	// Twice is once: same time, one audit entry.
	if _, err := f.store.CheckIn(ctx, staff, id, anna.Code); err != nil {
		t.Fatal(err)
	}
	if err := f.store.CheckInSignup(ctx, staff, id, anna.SignupID); err != nil {
		t.Fatal(err)
	}
	if n := scalar[int](t, f.pool, `SELECT count(*) FROM audit_log WHERE action = $1`, audit.EventCheckedIn); n != 1 {
		t.Fatalf("%d check-in entries, want 1", n)
	}
	if _, err := f.store.CheckIn(ctx, staff, id, bo.Code); !errors.Is(err, eventedit.ErrUnknownCode) {
		t.Fatalf("waiting participant's code: %v, want ErrUnknownCode", err)
	}
	if _, err := f.store.CheckIn(ctx, staff, id, "ZZZZZZ"); !errors.Is(err, eventedit.ErrUnknownCode) {
		t.Fatalf("unknown code: %v", err)
	}
	if err := f.store.CheckInSignup(ctx, staff, id, bo.SignupID); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("waiting participant by id: %v, want not found", err)
	}
	other := f.published(t, breakfast(nil))
	if _, err := f.store.CheckIn(ctx, staff, other, anna.Code); !errors.Is(err, eventedit.ErrUnknownCode) {
		t.Fatalf("code at another event: %v", err)
	}
	fig, err := f.store.Figures(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	// Before the event: two signed up, one came (checked in early), no one
	// has failed to come yet and the line is not counted yet.
	if fig != (eventedit.Figures{SignedUp: 2, Attended: 1, NoShows: 0, Waiting: 0}) {
		t.Fatalf("figures before the end %+v", fig)
	}
}

// The figures after an event: signed up counts every sign-up, attended
// the checked in, no-shows the seated not checked in, waiting the line
// left at the end.
func TestFiguresAfterTheEvent(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(2)))
	anna := f.signUp(t, id, "Anna")
	f.signUp(t, id, "Bo")
	f.signUp(t, id, "Cecilia")
	f.signUp(t, id, "David")
	if _, err := f.pool.Exec(ctx, `UPDATE event_signups SET state = 'cancelled', cancelled_at = $2 WHERE event_id = $1 AND name = 'David'`, id, now); err != nil {
		t.Fatal(err)
	}
	if err := f.store.CheckInSignup(ctx, staff, id, anna.SignupID); err != nil {
		t.Fatal(err)
	}
	// Before the end Bo has not failed to come.
	if fig, err := f.store.Figures(ctx, id); err != nil || fig.NoShows != 0 || fig.SignedUp != 4 {
		t.Fatalf("before the end: %+v %v", fig, err)
	}
	later := eventedit.NewStore(f.pool, f.seats, nil, func() time.Time { return now.AddDate(0, 1, 0) })
	fig, err := later.Figures(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := (eventedit.Figures{SignedUp: 4, Attended: 1, NoShows: 1, Waiting: 1, Cancelled: 1}); fig != want {
		t.Fatalf("figures after the end %+v, want %+v", fig, want)
	}
}

func TestExportIsExcelReadableCSV(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(1)))
	f.signUp(t, id, "Åsa")
	f.signUp(t, id, "=Bö")
	data, err := f.store.Export(ctx, staff, id)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatalf("no byte order mark: % x", data[:min(8, len(data))])
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || !slices.Equal(rows[0], eventedit.CSVHeader) {
		t.Fatalf("rows %v", rows)
	}
	if rows[1][0] != "Åsa" || rows[1][6] != "Plats" || rows[1][3] != "Kulturaktör" || rows[1][4] != "" || len(rows[1][8]) != 6 {
		t.Fatalf("seated row %v", rows[1])
	}
	if rows[2][0] != "'=Bö" || rows[2][6] != "Väntelista" || rows[2][7] != "1" {
		t.Fatalf("waiting row %v (the formula must be neutralised, the place in line given)", rows[2])
	}
	if n := scalar[int](t, f.pool, `SELECT count(*) FROM audit_log WHERE action = $1`, audit.EventExported); n != 1 {
		t.Fatalf("%d export entries", n)
	}
}

func TestMessageGoesToTheSeatedOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := f.published(t, breakfast(ptr(2)))
	anna := f.signUp(t, id, "Anna")
	f.signUp(t, id, "Bo")
	f.signUp(t, id, "Cecilia") // waiting
	n, err := f.store.SendMessage(ctx, staff, id, "k1", "Ny lokal", "Vi ses i stora salen.\n\nVälkomna!")
	if err != nil || n != 2 {
		t.Fatalf("sent to %d: %v", n, err)
	}
	// Each message carries the recipient's own manage link.
	f.wantManageLink(t, f.lastMail(t, "anna@example.se"), anna.SignupID)
	// A double click sends the same form key again: nothing more is sent.
	if n, err := f.store.SendMessage(ctx, staff, id, "k1", "Ny lokal", "Vi ses i stora salen.\n\nVälkomna!"); err != nil || n != 0 {
		t.Fatalf("the same form again sent to %d: %v", n, err)
	}
	for _, who := range []string{"anna", "bo"} {
		if got := f.mailsTo(t, who+"@example.se"); !slices.Contains(got, "Ny lokal – Kulturfrukost i Nacka") {
			t.Errorf("%s got %v", who, got)
		}
	}
	if got := f.mailsTo(t, "cecilia@example.se"); slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "Ny lokal") }) {
		t.Errorf("the waiting one got the message: %v", got)
	}
	ms, err := f.store.Messages(ctx, id)
	if err != nil || len(ms) != 1 || ms[0].Recipients != 2 || ms[0].Body != "Vi ses i stora salen.\n\nVälkomna!" {
		t.Fatalf("stored messages %+v, %v", ms, err)
	}
	if n := scalar[int](t, f.pool, `SELECT count(*) FROM audit_log WHERE action = $1`, audit.EventMessageSent); n != 1 {
		t.Fatalf("%d message entries", n)
	}
}

func TestListViewsAndCounts(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.published(t, breakfast(nil))
	if _, err := f.store.Create(ctx, staff, "", breakfast(nil)); err != nil {
		t.Fatal(err)
	}
	past := breakfast(nil)
	past.StartsAt, past.EndsAt, past.SignupClosesAt = now.AddDate(0, -1, 0), now.AddDate(0, -1, 0).Add(time.Hour), now.AddDate(0, -1, 0)
	f.published(t, past)
	evs, total, counts, err := f.store.List(ctx, eventedit.ViewUpcoming, 1)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(evs) != 1 || counts[eventedit.ViewDrafts] != 1 || counts[eventedit.ViewPast] != 1 || counts[eventedit.ViewCancelled] != 0 {
		t.Fatalf("upcoming %d %v, counts %v", total, evs, counts)
	}
	// Two events with one title get two slugs.
	slugs := scalar[int](t, f.pool, `SELECT count(DISTINCT slug) FROM events`)
	if slugs != 3 {
		t.Fatalf("%d distinct slugs for 3 events", slugs)
	}
}
