package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"residens/internal/civil"
)

// TestEventJourney follows a full event through the browser: a visitor
// signs up for its last seat (after sending the form with an error), a
// second visitor lands on the waiting list, the first cancels from the link
// in the confirmation e-mail (read from a real Mailpit), and the second
// accepts the offered seat from their own e-mail and sees it. Every page on
// the way, the form's error state included, is audited with axe-core.
func TestEventJourney(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	clk := &clock{}
	clk.Set(time.Now().In(civil.Stockholm).Truncate(time.Second))
	base, pool, mp := newMailSiteAt(t, clk.Now)
	const (
		title  = "Kulturfrukost om residens i biblioteket"
		first  = "anna.forst@example.se"
		second = "bo.andra@example.se"
	)
	// An event a week away with one seat.
	starts := clk.Now().AddDate(0, 0, 7)
	if _, err := pool.Exec(t.Context(), `
		INSERT INTO events (slug, title, format, starts_at, ends_at, signup_closes_at, attendance, place_name, address,
			capacity, status, published_at, online_url)
		VALUES ('e2e-kulturfrukost', $1, 'kulturfrukost', $2, $3, $4, 'mixed', 'Stadsbiblioteket', 'Sveavägen 73, Stockholm',
			1, 'published', $5, 'https://video.example.se/frukost')`,
		title, starts, starts.Add(90*time.Minute), starts.Add(-24*time.Hour), clk.Now()); err != nil {
		t.Fatal(err)
	}
	visitorA := newTab(t, chromedp.WithNewBrowserContext())
	visitorB := newTab(t, chromedp.WithNewBrowserContext())

	// 1. The first visitor finds the event and signs up, forgetting the
	// e-mail address at first.
	visit(t, visitorA, base+"/evenemang", http.StatusOK)
	checkPage(t, visitorA, axe, "event-1-list")
	follow(t, visitorA, `[data-slug="e2e-kulturfrukost"] `+testid("event-link"))
	checkPage(t, visitorA, axe, "event-2-page")
	typeIn(t, visitorA, "Namn", "Anna Först")
	tick(t, visitorA, "Kulturaktör")
	press(t, visitorA, testid("signup-submit"), http.StatusUnprocessableEntity)
	checkPage(t, visitorA, axe, "event-3-error")
	mustCount(t, visitorA, testid("error-summary"), 1)
	typeIn(t, visitorA, "E-postadress", first)
	follow(t, visitorA, testid("signup-submit"))
	checkPage(t, visitorA, axe, "event-4-receipt")
	if got := text(t, visitorA, testid("signup-state")); got != "Plats" {
		t.Fatalf("first visitor: %q, want a seat", got)
	}
	mustCount(t, visitorA, testid("online-link"), 1)

	// 2. The second visitor lands on the waiting list.
	visit(t, visitorB, base+"/evenemang/e2e-kulturfrukost", http.StatusOK)
	checkPage(t, visitorB, axe, "event-5-full")
	mustCount(t, visitorB, testid("full-notice"), 1)
	typeIn(t, visitorB, "Namn", "Bo Andra")
	typeIn(t, visitorB, "E-postadress", second)
	tick(t, visitorB, "Förening")
	follow(t, visitorB, testid("signup-submit"))
	checkPage(t, visitorB, axe, "event-6-waiting")
	if got := text(t, visitorB, testid("signup-state")); got != "På väntelistan, plats 1 i kön" {
		t.Fatalf("second visitor: %q", got)
	}
	mustCount(t, visitorB, testid("online-link"), 0)

	// 3. The first visitor cancels from the link in the confirmation.
	m := mp.WaitFor(t, first, "Du är anmäld", mailTimeout)
	manage := mp.Link(t, m, base+"/evenemang/anmalan/")
	visit(t, visitorA, manage, http.StatusOK)
	checkPage(t, visitorA, axe, "event-7-manage")
	follow(t, visitorA, testid("cancel"))
	checkPage(t, visitorA, axe, "event-8-cancelled")
	if got := text(t, visitorA, testid("signup-state")); got != "Avanmäld" {
		t.Errorf("after cancelling: %q", got)
	}

	// 4. The second visitor accepts the offer from their e-mail.
	offer := mp.WaitFor(t, second, "En plats har blivit ledig", mailTimeout)
	accept := mp.Link(t, offer, base+"/evenemang/anmalan/")
	if !strings.HasSuffix(accept, "?gora=tacka-ja") {
		t.Errorf("the offer's first link is %q, want the accept link", accept)
	}
	visit(t, visitorB, accept, http.StatusOK)
	checkPage(t, visitorB, axe, "event-9-offer")
	mustCount(t, visitorB, testid("decline"), 0)
	follow(t, visitorB, testid("accept"))
	checkPage(t, visitorB, axe, "event-10-seated")
	if got := text(t, visitorB, testid("signup-state")); got != "Plats" {
		t.Errorf("after accepting: %q", got)
	}
	mustCount(t, visitorB, testid("signup-code"), 1)
	mustCount(t, visitorB, testid("online-link"), 1)
	mp.WaitFor(t, second, "Du är anmäld", mailTimeout)
}
