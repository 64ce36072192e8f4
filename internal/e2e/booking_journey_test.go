package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/booking"
	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/mailtest"
)

// TestBookingJourney follows an advisory meeting through the browser: the
// consultant adds a photo to their profile; a teacher books a time on
// /radgivning without an account; the consultant signs in and confirms it;
// the teacher opens the manage link from the e-mail (read from a real
// Mailpit) and moves the meeting; the consultant confirms the new time and
// marks the meeting held with a note of its outcome. Every page on the way
// is audited with axe-core.
func TestBookingJourney(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	base, pool, mp, clk := newBookingSite(t)
	const (
		consultName  = "Dana Dansare"
		consultEmail = "dana.dansare@example.se"
		password     = "snösmältning vid mälaren"
		bookerEmail  = "britt.bokare@skola.example.se"
	)
	addConsultant(t, pool, consultName, consultEmail, password)
	openHours(t, pool, consultEmail)
	picture := writePNG(t)

	booker := newTab(t, chromedp.WithNewBrowserContext())
	consultant := newTab(t, chromedp.WithNewBrowserContext())

	// 1. The consultant signs in and adds a photo to the profile.
	visit(t, consultant, base+"/konsulent/tillganglighet", http.StatusOK)
	checkPage(t, consultant, axe, "booking-1-sign-in")
	typeIn(t, consultant, "E-postadress", consultEmail)
	typeIn(t, consultant, "Lösenord", password)
	follow(t, consultant, testid("sign-in-submit"))
	if got := location(t, consultant).Path; got != "/konsulent/tillganglighet" {
		t.Fatalf("after signing in: at %s, want the availability page", got)
	}
	checkPage(t, consultant, axe, "booking-2-availability")
	if err := chromedp.Do(consultant, chromedp.SetUploadFiles(chromedp.CSS(fieldFor(t, consultant, "Foto (frivilligt)")),
		[]string{picture})); err != nil {
		t.Fatalf("choose the photo: %v", err)
	}
	follow(t, consultant, testid("save"))
	checkPage(t, consultant, axe, "booking-3-availability-saved")
	mustCount(t, consultant, testid("upload-current"), 1)

	// 2. The teacher books the first free time, without an account.
	visit(t, booker, base+"/radgivning", http.StatusOK)
	checkPage(t, booker, axe, "booking-4-start")
	if got := attr(t, booker, testid("consultant-photo"), "alt"); got != consultName {
		t.Errorf("the consultant's photo has alt %q, want the name", got)
	}
	choose(t, booker, "Vad vill du ha råd om?", "Ansökan om residens")
	choose(t, booker, "Konstform", "Dans")
	choose(t, booker, "Din kommun", "Botkyrka")
	follow(t, booker, testid("show-times"))
	checkPage(t, booker, axe, "booking-5-times")
	first := texts(t, booker, testid("slot-label"))[0]
	tick(t, booker, first)
	follow(t, booker, testid("choose-slot"))
	checkPage(t, booker, axe, "booking-6-form")
	typeIn(t, booker, "Namn", "Britt Bokare")
	typeIn(t, booker, "E-postadress", bookerEmail)
	typeIn(t, booker, "Vad vill du ta upp?", "Hur söker vår skola ett dansresidens?")
	tick(t, booker, "Videomöte")
	mustCount(t, booker, testid("public-record-notice"), 1)
	follow(t, booker, testid("send"))
	checkPage(t, booker, axe, "booking-7-receipt")
	number := text(t, booker, testid("booking-number"))
	if !strings.Contains(number, "-2026-") || text(t, booker, testid("booking-state")) != "Förfrågan" {
		t.Fatalf("receipt: number %q, state %q", number, text(t, booker, testid("booking-state")))
	}
	bookedAt := text(t, booker, testid("booking-time"))
	if !strings.HasPrefix(first, bookedAt) {
		t.Errorf("booked %q, chose %q", bookedAt, first)
	}

	// 3. The consultant finds the request and confirms it.
	visit(t, consultant, base+"/konsulent/bokningar", http.StatusOK)
	checkPage(t, consultant, axe, "booking-8-inbox")
	follow(t, consultant, testid("row-time"))
	checkPage(t, consultant, axe, "booking-9-request")
	bookingPath := location(t, consultant).Path
	follow(t, consultant, testid("confirm")+" button")
	checkPage(t, consultant, axe, "booking-10-confirmed")
	if got := text(t, consultant, testid("state")); got != "Bekräftad" {
		t.Fatalf("state %q after confirming", got)
	}
	// The page for proposing another time is audited too, without using it.
	follow(t, consultant, testid("propose-link"))
	checkPage(t, consultant, axe, "booking-11-propose")

	// 4. The teacher opens the link in the e-mail and moves the meeting.
	m := mp.WaitFor(t, bookerEmail, "Din förfrågan om rådgivning", mailTimeout)
	manage := mp.Link(t, m, base+"/radgivning/bokning/")
	mp.WaitFor(t, bookerEmail, "Ditt rådgivningsmöte är bekräftat", mailTimeout)
	visit(t, booker, manage, http.StatusOK)
	checkPage(t, booker, axe, "booking-12-manage")
	if got := text(t, booker, testid("booking-state")); got != "Bekräftad" {
		t.Errorf("the booker sees state %q, want Bekräftad", got)
	}
	follow(t, booker, testid("move-link"))
	checkPage(t, booker, axe, "booking-13-move")
	other := texts(t, booker, testid("slot-label"))[1]
	tick(t, booker, other)
	follow(t, booker, testid("move"))
	checkPage(t, booker, axe, "booking-14-moved")
	movedTo := text(t, booker, testid("booking-time"))
	if movedTo == bookedAt || !strings.HasPrefix(other, movedTo) || text(t, booker, testid("booking-state")) != "Förfrågan" {
		t.Errorf("after moving: %q (%s), want %q as a request", movedTo, text(t, booker, testid("booking-state")), other)
	}

	// 5. The consultant confirms the new time and, after the meeting,
	// marks it held with a note.
	visit(t, consultant, base+bookingPath, http.StatusOK)
	checkPage(t, consultant, axe, "booking-15-moved-request")
	if got := text(t, consultant, "h1"); !strings.HasSuffix(got, movedTo) {
		t.Errorf("the consultant's page is headed %q, want the new time %q", got, movedTo)
	}
	follow(t, consultant, testid("confirm")+" button")
	checkPage(t, consultant, axe, "booking-16-confirmed-again")
	mustCount(t, consultant, testid("held"), 0) // not before the meeting

	// The meeting's time comes; the consultant's session has ended by then
	// (two hours without a request), so she signs in again.
	var start time.Time
	if err := pool.QueryRow(t.Context(), `SELECT lower(during) FROM bookings`).Scan(&start); err != nil {
		t.Fatal(err)
	}
	clk.Set(start.Add(50 * time.Minute))
	visit(t, consultant, base+bookingPath, http.StatusOK)
	if location(t, consultant).Path != bookingPath {
		typeIn(t, consultant, "E-postadress", consultEmail)
		typeIn(t, consultant, "Lösenord", password)
		follow(t, consultant, testid("sign-in-submit"))
	}
	checkPage(t, consultant, axe, "booking-16b-after-the-meeting")
	typeIn(t, consultant, "Kort om utfallet (syns inte för bokaren)", "Skolan söker residens till hösten.")
	choose(t, consultant, "Vad mötet handlade om", "Ansökan om residens")
	follow(t, consultant, testid("held")+" button")
	checkPage(t, consultant, axe, "booking-17-held")
	if got := text(t, consultant, testid("state")); got != "Genomförd" {
		t.Errorf("state %q after marking it held", got)
	}
	if got := text(t, consultant, testid("outcome")); !strings.Contains(got, "Skolan söker residens till hösten.") {
		t.Errorf("outcome %q", got)
	}
	var seq int
	if err := pool.QueryRow(t.Context(), `SELECT sequence FROM bookings`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	if seq != 4 {
		t.Errorf("sequence %d after confirm, move, confirm and held; want 4", seq)
	}
}

// newBookingSite serves the portal over the demo content on a clock that
// starts at the real time (so the sessions it dates are never older than
// the database's clock, by which the job runner's clean-up deletes expired
// ones) and that the test moves forward, with its mail sent
// to a Mailpit and links in the mail pointing at the server, and returns
// the base URL, the pool, the Mailpit and the clock.
func newBookingSite(t *testing.T) (string, *pgxpool.Pool, *mailtest.Server, *clock) {
	t.Helper()
	clk := &clock{}
	clk.Set(time.Now().In(civil.Stockholm).Truncate(time.Second))
	base, pool, mp := newMailSiteAt(t, clk.Now)
	return base, pool, mp, clk
}

// openHours gives the consultant with email an active profile for dance in
// every municipality, open weekdays 09.00–12.00 with 45-minute meetings and
// 15 minutes between them.
func openHours(t *testing.T, pool *pgxpool.Pool, email string) {
	t.Helper()
	ctx := t.Context()
	var uid, dance int64
	if err := pool.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE email = $1), (SELECT id FROM art_forms WHERE slug = 'dans')`,
		email).Scan(&uid, &dance); err != nil {
		t.Fatal(err)
	}
	a := booking.Availability{Profile: booking.DefaultProfile(uid)}
	a.Profile.Title, a.Profile.Active, a.Profile.BufferMinutes = "Länskulturkonsulent dans", true, 15
	a.Profile.AllMunicipalities, a.Profile.ArtFormIDs = true, []int64{dance}
	a.Profile.Topics = booking.Topics()
	for d := 1; d <= 5; d++ {
		a.Hours = append(a.Hours, booking.Hours{Weekday: d, Starts: booking.At(9, 0), Ends: booking.At(12, 0)})
	}
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error { return booking.SaveAvailability(ctx, tx, a, now) }); err != nil {
		t.Fatalf("open hours: %v", err)
	}
}
