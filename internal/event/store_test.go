package event_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/event"
	"residens/internal/jobs"
	"residens/internal/secret"
	"residens/internal/testutil"
	"residens/internal/throttle"
)

// clock is a test's movable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// start is the demo clock's Thursday 26 November 2026, noon in Stockholm.
var start = time.Date(2026, time.November, 26, 12, 0, 0, 0, civil.Stockholm)

type fixture struct {
	pool  *pgxpool.Pool
	store *event.Store
	clock *clock
}

// newFixture is an empty database, a store with a mail queue (never
// worked: the tests read the queued jobs) and a clock at start.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	pool := dbtest.New(t)
	runner, err := jobs.New(pool, jobs.Config{From: netmail.Address{Address: "noreply@example.se"}}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: start}
	s := event.NewStore(pool, runner.Mail(), "http://127.0.0.1:8080", c.Now)
	s.SetLimits(throttle.Limits{EventSignupsPerIP: 1000, MailsPerAddress: 1000})
	return &fixture{pool: pool, store: s, clock: c}
}

// ev describes an event to insert.
type ev struct {
	capacity *int
	starts   time.Time
	closes   time.Time
	format   string
	status   string
}

func seats(n int) *int { return &n }

// addEvent inserts e (defaults: a published Kulturfrukost a week after
// start, two hours long, sign-up closing the day before) and returns its id.
func (f *fixture) addEvent(t *testing.T, e ev) int64 {
	t.Helper()
	if e.starts.IsZero() {
		e.starts = start.AddDate(0, 0, 7)
	}
	if e.closes.IsZero() {
		e.closes = e.starts.AddDate(0, 0, -1)
	}
	if e.format == "" {
		e.format = event.FormatBreakfast
	}
	if e.status == "" {
		e.status = event.Published
	}
	var cancelled *time.Time
	if e.status == event.Cancelled {
		cancelled = &e.starts
	}
	var id int64
	err := f.pool.QueryRow(context.Background(), `
		INSERT INTO events (slug, title, format, starts_at, ends_at, signup_closes_at, attendance, place_name,
			capacity, status, cancelled_at)
		VALUES ('e-' || (SELECT count(*) FROM events), 'Kulturfrukost', $1, $2, $3, $4, 'on_site', 'Kulturhuset',
			$5, $6, $7) RETURNING id`,
		e.format, e.starts, e.starts.Add(2*time.Hour), e.closes, e.capacity, e.status, cancelled).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// input is a valid sign-up of name to event id with a fresh key.
func input(id int64, name string) event.Input {
	token, _ := secret.New()
	return event.Input{EventID: id, Name: name, Email: name + "@example.se", Role: "kulturaktor", Token: token}
}

var visitor = audit.Entry{IP: "192.0.2.1"}

func (f *fixture) signUp(t *testing.T, in event.Input) event.Result {
	t.Helper()
	res, err := f.store.SignUp(context.Background(), visitor, in)
	if err != nil {
		t.Fatalf("sign up %s: %v", in.Name, err)
	}
	return res
}

// states counts the event's sign-ups by state.
func (f *fixture) states(t *testing.T, id int64) map[event.State]int {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), `SELECT state, count(*) FROM event_signups WHERE event_id = $1 GROUP BY 1`, id)
	if err != nil {
		t.Fatal(err)
	}
	m := map[event.State]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		m[event.State(s)] = n
	}
	return m
}

func (f *fixture) taken(t *testing.T, id int64) int {
	t.Helper()
	var n int
	if err := f.pool.QueryRow(context.Background(), `SELECT seats_taken FROM events WHERE id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// mails lists the keys of the queued e-mails.
func (f *fixture) mails(t *testing.T) []string {
	t.Helper()
	rows, err := f.pool.Query(context.Background(), `SELECT args->>'key' FROM river_job WHERE kind = 'mail.send' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func (f *fixture) state(t *testing.T, signup int64) event.State {
	t.Helper()
	su, err := f.store.ByID(context.Background(), signup)
	if err != nil {
		t.Fatal(err)
	}
	return su.State
}

var codeRE = regexp.MustCompile(`^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$`)

func TestSignUpSeatsThenLines(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.addEvent(t, ev{capacity: seats(2)})
	a, b := input(id, "anna"), input(id, "bo")
	ra, rb := f.signUp(t, a), f.signUp(t, b)
	rc := f.signUp(t, input(id, "cilla"))
	rd := f.signUp(t, input(id, "david"))
	if ra.State != event.Seated || rb.State != event.Seated || rc.State != event.Waiting || rd.State != event.Waiting {
		t.Fatalf("states %v %v %v %v", ra.State, rb.State, rc.State, rd.State)
	}
	if rc.Place != 1 || rd.Place != 2 {
		t.Errorf("places %d %d, want 1 2", rc.Place, rd.Place)
	}
	if f.taken(t, id) != 2 {
		t.Errorf("seats_taken %d", f.taken(t, id))
	}
	for _, r := range []event.Result{ra, rb, rc, rd} {
		if !codeRE.MatchString(r.Code) {
			t.Errorf("code %q", r.Code)
		}
	}
	// The token is stored as its SHA-256 only, and finds the sign-up.
	var stored []byte
	if err := f.pool.QueryRow(context.Background(), `SELECT manage_token_hash FROM event_signups WHERE id = $1`, ra.SignupID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if want := secret.Hash(a.Token); !slices.Equal(stored, want) || len(stored) != sha256.Size {
		t.Errorf("stored hash is not the token's sha256")
	}
	su, err := f.store.ByToken(context.Background(), a.Token)
	if err != nil || su.ID != ra.SignupID {
		t.Fatalf("by token: %v %v", su, err)
	}
	if _, err := f.store.ByToken(context.Background(), "nonsense"); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
	keys := f.mails(t)
	want := []string{fmt.Sprintf("event:%d:seated", ra.SignupID), fmt.Sprintf("event:%d:seated", rb.SignupID),
		fmt.Sprintf("event:%d:waiting", rc.SignupID), fmt.Sprintf("event:%d:waiting", rd.SignupID)}
	if !slices.Equal(keys, want) {
		t.Errorf("mails %v, want %v", keys, want)
	}
}

func TestUnlimitedNeverLines(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.addEvent(t, ev{})
	for i := range 5 {
		if r := f.signUp(t, input(id, fmt.Sprintf("p%d", i))); r.State != event.Seated {
			t.Fatalf("sign-up %d: %v", i, r.State)
		}
	}
}

func TestSameEmailAndSameKey(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.addEvent(t, ev{capacity: seats(5)})
	in := input(id, "anna")
	f.signUp(t, in)
	_, err := f.store.SignUp(context.Background(), visitor, in)
	if !errors.Is(err, event.ErrKeyUsed) {
		t.Errorf("same key: %v, want ErrKeyUsed", err)
	}
	again := input(id, "anna")
	again.Email = "ANNA@example.se"
	if _, err := f.store.SignUp(context.Background(), visitor, again); !errors.Is(err, event.ErrAlreadySignedUp) {
		t.Errorf("same address: %v, want ErrAlreadySignedUp", err)
	}
	if n := f.states(t, id)[event.Seated]; n != 1 || f.taken(t, id) != 1 {
		t.Errorf("seated %d, taken %d; want 1 and 1", n, f.taken(t, id))
	}
	// After cancelling, the address may sign up again.
	if err := f.store.Cancel(context.Background(), visitor, in.Token); err != nil {
		t.Fatal(err)
	}
	f.signUp(t, again)
}

func TestClosedCancelledPastDraftAndForged(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	// The deadline is to the second, on the night the clocks go back
	// (Sunday 25 October 2026, 03.00 CEST becomes 02.00 CET): 02.30 CET.
	closes := time.Date(2026, time.October, 25, 1, 30, 0, 0, time.UTC)
	if got := closes.In(civil.Stockholm).Format("15.04 MST"); got != "02.30 CET" {
		t.Fatalf("deadline reads %s", got)
	}
	f.clock.Set(closes.Add(-time.Second))
	id := f.addEvent(t, ev{capacity: seats(5), starts: closes.Add(48 * time.Hour), closes: closes})
	f.signUp(t, input(id, "justintid"))
	f.clock.Set(closes)
	if _, err := f.store.SignUp(ctx, visitor, input(id, "forsent")); !errors.Is(err, event.ErrClosed) {
		t.Errorf("at the deadline: %v, want ErrClosed", err)
	}
	f.clock.Set(start)
	for _, c := range []struct {
		e    ev
		want error
	}{
		{ev{status: event.Cancelled}, event.ErrEventCancelled},
		{ev{status: event.Draft}, db.ErrNotFound},
		{ev{starts: start.Add(-time.Hour), closes: start.Add(-2 * time.Hour)}, event.ErrPast},
	} {
		id := f.addEvent(t, c.e)
		if _, err := f.store.SignUp(ctx, visitor, input(id, "x")); !errors.Is(err, c.want) {
			t.Errorf("%+v: %v, want %v", c.e, err, c.want)
		}
	}
	// A forged event id is simply none.
	if _, err := f.store.SignUp(ctx, visitor, input(999999, "x")); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("forged id: %v", err)
	}
	// Unknown values are refused with the field's message.
	bad := input(f.addEvent(t, ev{}), "x")
	bad.Role = "kung"
	var inv event.ErrInvalid
	if _, err := f.store.SignUp(ctx, visitor, bad); !errors.As(err, &inv) || inv.Field != "roll" {
		t.Errorf("unknown role: %v", err)
	}
}

func TestCancelOffersAndAnswers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	id := f.addEvent(t, ev{capacity: seats(1)})
	a, b, c := input(id, "anna"), input(id, "bo"), input(id, "cilla")
	f.signUp(t, a)
	rb, rc := f.signUp(t, b), f.signUp(t, c)
	if err := f.store.Cancel(ctx, visitor, a.Token); err != nil {
		t.Fatal(err)
	}
	sb, err := f.store.ByID(ctx, rb.SignupID)
	if err != nil {
		t.Fatal(err)
	}
	if sb.State != event.Offered {
		t.Fatalf("bo: %v, want offered", sb.State)
	}
	// 48 hours: the event is a week away.
	if !sb.OfferExpiresAt.Equal(start.Add(48 * time.Hour)) {
		t.Errorf("offer expires %v", sb.OfferExpiresAt)
	}
	if f.taken(t, id) != 1 {
		t.Errorf("taken %d", f.taken(t, id))
	}
	if sc, _ := f.store.ByID(ctx, rc.SignupID); sc.Place != 1 {
		t.Errorf("cilla's place %d, want 1", sc.Place)
	}
	// Bo declines: Cilla is offered.
	if err := f.store.Decline(ctx, visitor, b.Token); err != nil {
		t.Fatal(err)
	}
	if f.state(t, rb.SignupID) != event.Declined || f.state(t, rc.SignupID) != event.Offered {
		t.Fatalf("after decline: %v %v", f.state(t, rb.SignupID), f.state(t, rc.SignupID))
	}
	if err := f.store.Decline(ctx, visitor, b.Token); !errors.Is(err, event.ErrNoOffer) {
		t.Errorf("second decline: %v", err)
	}
	// Cilla accepts.
	if err := f.store.Accept(ctx, visitor, c.Token); err != nil {
		t.Fatal(err)
	}
	if f.state(t, rc.SignupID) != event.Seated || f.taken(t, id) != 1 {
		t.Errorf("after accept: %v, taken %d", f.state(t, rc.SignupID), f.taken(t, id))
	}
	keys := f.mails(t)
	for _, k := range []string{fmt.Sprintf("event:%d:offer", rb.SignupID), fmt.Sprintf("event:%d:declined", rb.SignupID),
		fmt.Sprintf("event:%d:offer", rc.SignupID), fmt.Sprintf("event:%d:seated", rc.SignupID)} {
		if !slices.Contains(keys, k) {
			t.Errorf("no mail %s in %v", k, keys)
		}
	}
}

func TestOfferExpiresAndPassesOn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	// The event starts in 60 hours: an offer made now lasts until 24
	// hours before it (36 hours), sooner than 48.
	id := f.addEvent(t, ev{capacity: seats(1), starts: start.Add(60 * time.Hour)})
	a, b, c := input(id, "anna"), input(id, "bo"), input(id, "cilla")
	f.signUp(t, a)
	rb, rc := f.signUp(t, b), f.signUp(t, c)
	if err := f.store.Cancel(ctx, visitor, a.Token); err != nil {
		t.Fatal(err)
	}
	sb, _ := f.store.ByID(ctx, rb.SignupID)
	if !sb.OfferExpiresAt.Equal(start.Add(36 * time.Hour)) {
		t.Fatalf("offer expires %v, want 36 hours on", sb.OfferExpiresAt)
	}
	f.clock.Set(start.Add(36*time.Hour - time.Second))
	if n, err := f.store.ExpireOffers(ctx); err != nil || n != 0 {
		t.Fatalf("before expiry: %d %v", n, err)
	}
	f.clock.Set(start.Add(36 * time.Hour))
	if err := f.store.Accept(ctx, visitor, b.Token); !errors.Is(err, event.ErrOfferExpired) {
		t.Errorf("late accept: %v", err)
	}
	if n, err := f.store.ExpireOffers(ctx); err != nil || n != 1 {
		t.Fatalf("expiry: %d %v", n, err)
	}
	// Within the last 24 hours: Cilla gets the seat at once, no offer.
	if f.state(t, rb.SignupID) != event.Expired || f.state(t, rc.SignupID) != event.Seated || f.taken(t, id) != 1 {
		t.Errorf("after expiry: %v %v taken %d", f.state(t, rb.SignupID), f.state(t, rc.SignupID), f.taken(t, id))
	}
	keys := f.mails(t)
	for _, k := range []string{fmt.Sprintf("event:%d:expired", rb.SignupID), fmt.Sprintf("event:%d:seated", rc.SignupID)} {
		if !slices.Contains(keys, k) {
			t.Errorf("no mail %s in %v", k, keys)
		}
	}
	// Once the event has begun nothing moves.
	f.clock.Set(start.Add(61 * time.Hour))
	if err := f.store.Cancel(ctx, visitor, c.Token); !errors.Is(err, event.ErrPast) {
		t.Errorf("cancel after start: %v", err)
	}
}

func TestOfferExpiry(t *testing.T) {
	t.Parallel()
	now := start
	for _, c := range []struct {
		until time.Duration
		want  time.Duration
		ok    bool
	}{
		{7 * 24 * time.Hour, 48 * time.Hour, true},
		{72 * time.Hour, 48 * time.Hour, true},
		{60 * time.Hour, 36 * time.Hour, true},
		{24*time.Hour + time.Second, time.Second, true},
		{24 * time.Hour, 0, false},
		{time.Hour, 0, false},
	} {
		exp, ok := event.OfferExpiry(now, now.Add(c.until))
		if ok != c.ok || (ok && !exp.Equal(now.Add(c.want))) {
			t.Errorf("start in %v: %v %v, want %v %v", c.until, exp, ok, c.want, c.ok)
		}
	}
}

// A cancellation of an offered sign-up racing the offer's expiry frees one
// seat, whichever wins: exactly one more person is offered it.
func TestCancelRacingExpiryPromotesOne(t *testing.T) {
	t.Parallel()
	for round := range 5 {
		f := newFixture(t)
		ctx := context.Background()
		id := f.addEvent(t, ev{capacity: seats(1)})
		a, b := input(id, "anna"), input(id, "bo")
		f.signUp(t, a)
		f.signUp(t, b)
		var rest []event.Result
		for i := range 3 {
			rest = append(rest, f.signUp(t, input(id, fmt.Sprintf("k%d", i))))
		}
		if err := f.store.Cancel(ctx, visitor, a.Token); err != nil {
			t.Fatal(err)
		}
		f.clock.Set(start.Add(48 * time.Hour))
		var wg sync.WaitGroup
		var cancelErr, expireErr error
		wg.Add(2)
		go func() { defer wg.Done(); cancelErr = f.store.Cancel(ctx, visitor, b.Token) }()
		go func() { defer wg.Done(); _, expireErr = f.store.ExpireOffers(ctx) }()
		wg.Wait()
		if expireErr != nil || (cancelErr != nil && !errors.Is(cancelErr, event.ErrNotLive)) {
			t.Fatalf("round %d: cancel %v, expire %v", round, cancelErr, expireErr)
		}
		st := f.states(t, id)
		if st[event.Offered] != 1 || st[event.Waiting] != 2 || f.taken(t, id) != 1 {
			t.Errorf("round %d: %v, taken %d; want one offered, two waiting", round, st, f.taken(t, id))
		}
		if f.state(t, rest[0].SignupID) != event.Offered {
			t.Errorf("round %d: the first in line was passed over", round)
		}
	}
}

// 100 sign-ups at once for the last 10 seats (the store's view; the HTTP
// test with two app instances is in package app).
func TestConcurrentSignUpsForLastSeats(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	id := f.addEvent(t, ev{capacity: seats(30)})
	if _, err := f.pool.Exec(ctx, `UPDATE events SET seats_taken = 20 WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.store.SignUp(ctx, visitor, input(id, fmt.Sprintf("p%03d", i)))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st := f.states(t, id)
	if st[event.Seated] != 10 || st[event.Waiting] != 90 || f.taken(t, id) != 30 {
		t.Fatalf("%v, taken %d", st, f.taken(t, id))
	}
	rows, _ := f.pool.Query(ctx, `SELECT line_no FROM event_signups WHERE event_id = $1 AND state = 'waiting' ORDER BY line_no`, id)
	nos, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range nos {
		if n != i+1 {
			t.Fatalf("line numbers %v", nos)
		}
	}
}

func TestNotifyCancelled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	id := f.addEvent(t, ev{capacity: seats(1)})
	a, b, c := input(id, "anna"), input(id, "bo"), input(id, "cilla")
	ra, rb := f.signUp(t, a), f.signUp(t, b)
	rc := f.signUp(t, c)
	if err := f.store.Cancel(ctx, visitor, c.Token); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, f.pool, func(tx pgx.Tx) error {
		if _, err := f.store.LockSeats(ctx, tx, id); err != nil {
			return err
		}
		return f.store.NotifyCancelled(ctx, tx, id)
	}); err != nil {
		t.Fatal(err)
	}
	keys := f.mails(t)
	for _, sid := range []int64{ra.SignupID, rb.SignupID} {
		if !slices.Contains(keys, fmt.Sprintf("event:%d:event-cancelled", sid)) {
			t.Errorf("no cancellation mail to %d", sid)
		}
	}
	if slices.Contains(keys, fmt.Sprintf("event:%d:event-cancelled", rc.SignupID)) {
		t.Errorf("a cancelled sign-up was told")
	}
}

func TestLockSeatsNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	err := db.InTx(ctx, f.pool, func(tx pgx.Tx) error {
		_, err := f.store.LockSeats(ctx, tx, 424242)
		return err
	})
	if !errors.Is(err, db.ErrNotFound) {
		t.Errorf("%v", err)
	}
}

// The form's limits count sign-ups per client address, in the sign-up's
// transaction: a refused one saves nothing.
func TestSignUpLimits(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.store.SetLimits(throttle.Limits{EventSignupsPerIP: 2, MailsPerAddress: 10})
	id := f.addEvent(t, ev{})
	f.signUp(t, input(id, "a"))
	f.signUp(t, input(id, "b"))
	_, err := f.store.SignUp(context.Background(), visitor, input(id, "c"))
	var limited *throttle.Limited
	if !errors.As(err, &limited) {
		t.Fatalf("third sign-up: %v, want *throttle.Limited", err)
	}
	if n := f.states(t, id)[event.Seated]; n != 2 {
		t.Errorf("%d seated", n)
	}
	// Another address is not held up.
	other := audit.Entry{IP: "192.0.2.2"}
	if _, err := f.store.SignUp(context.Background(), other, input(id, "d")); err != nil {
		t.Errorf("another address: %v", err)
	}
}

func TestPublicListNamesOnlyConsentingSeated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.addEvent(t, ev{capacity: seats(2)})
	ctx := context.Background()
	named := input(id, "Ada")
	named.Organisation, named.PublicConsent = "Dansverket", true
	f.signUp(t, named)
	f.signUp(t, input(id, "Bo")) // seated, but not to be named
	waiting := input(id, "Cecilia")
	waiting.PublicConsent = true
	if res := f.signUp(t, waiting); res.State != event.Waiting {
		t.Fatalf("Cecilia is %s, want the line", res.State)
	}
	slug := testutil.Scalar[string](t, f.pool, `SELECT slug FROM events WHERE id = $1`, id)
	e, err := f.store.BySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	if e.Seated != 2 || len(e.Named) != 1 || e.Named[0] != (event.Named{Name: "Ada", Organisation: "Dansverket"}) {
		t.Errorf("seated %d, named %+v; want 2 seated and only Ada named", e.Seated, e.Named)
	}
}

// Once a consultant has cancelled the event, an offered participant's old
// page seats no one and changes nothing, and neither the expiry job nor a
// freed seat moves the line or mails about a seat passing on.
func TestCancelledEventStopsTheLine(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	id := f.addEvent(t, ev{capacity: seats(1)})
	a, b, c := input(id, "anna"), input(id, "bo"), input(id, "cilla")
	f.signUp(t, a)
	rb, rc := f.signUp(t, b), f.signUp(t, c)
	if err := f.store.Cancel(ctx, visitor, a.Token); err != nil {
		t.Fatal(err)
	}
	if f.state(t, rb.SignupID) != event.Offered {
		t.Fatalf("bo: %v, want offered", f.state(t, rb.SignupID))
	}
	if _, err := f.pool.Exec(ctx, `UPDATE events SET status = 'cancelled', cancelled_at = $2 WHERE id = $1`, id, start); err != nil {
		t.Fatal(err)
	}
	if err := f.store.Accept(ctx, visitor, b.Token); !errors.Is(err, event.ErrEventCancelled) {
		t.Errorf("accept after the cancellation: %v, want ErrEventCancelled", err)
	}
	if err := f.store.ChangeNeeds(ctx, visitor, b.Token, "Vegetariskt"); !errors.Is(err, event.ErrEventCancelled) {
		t.Errorf("needs after the cancellation: %v, want ErrEventCancelled", err)
	}
	f.clock.Set(start.Add(49 * time.Hour))
	if n, err := f.store.ExpireOffers(ctx); err != nil || n != 0 {
		t.Errorf("expiry of a cancelled event's offer: %d %v, want 0", n, err)
	}
	if f.state(t, rb.SignupID) != event.Offered {
		t.Errorf("bo after the job: %v, want still offered", f.state(t, rb.SignupID))
	}
	// Bo may still leave; the seat goes to no one.
	if err := f.store.Decline(ctx, visitor, b.Token); err != nil {
		t.Fatal(err)
	}
	if f.state(t, rc.SignupID) != event.Waiting {
		t.Errorf("cilla: %v, want still waiting", f.state(t, rc.SignupID))
	}
	keys := f.mails(t)
	for _, k := range []string{fmt.Sprintf("event:%d:expired", rb.SignupID), fmt.Sprintf("event:%d:seated", rb.SignupID),
		fmt.Sprintf("event:%d:offer", rc.SignupID)} {
		if slices.Contains(keys, k) {
			t.Errorf("mail %s queued for a cancelled event", k)
		}
	}
}

// A participant's yes or change after the start is refused: the event has
// begun.
func TestAcceptAndNeedsAfterTheStart(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	id := f.addEvent(t, ev{capacity: seats(1), starts: start.Add(72 * time.Hour)})
	a, b := input(id, "anna"), input(id, "bo")
	f.signUp(t, a)
	f.signUp(t, b)
	if err := f.store.Cancel(ctx, visitor, a.Token); err != nil {
		t.Fatal(err)
	}
	// The offer was made 72 hours before: it lasts 48, so move its end
	// past the start to see the start's own check.
	if _, err := f.pool.Exec(ctx, `UPDATE event_signups SET offer_expires_at = $2 WHERE event_id = $1 AND state = 'offered'`,
		id, start.Add(100*time.Hour)); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(start.Add(73 * time.Hour))
	if err := f.store.Accept(ctx, visitor, b.Token); !errors.Is(err, event.ErrPast) {
		t.Errorf("accept after the start: %v, want ErrPast", err)
	}
	if err := f.store.ChangeNeeds(ctx, visitor, b.Token, "Vegetariskt"); !errors.Is(err, event.ErrPast) {
		t.Errorf("needs after the start: %v, want ErrPast", err)
	}
}
