package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"residens/internal/auth"
)

// TestProposalJourney follows a proposal through the browser: an officer of
// Nacka fills in and submits it and gets a registration number, a
// consultant takes it and asks for completion, the officer completes and
// resubmits it (same number), the consultant accepts it, and the draft
// residency it made opens in the residency editor with the proposal's
// title. Every page on the way is audited with axe-core.
func TestProposalJourney(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	base, pool := newEditorSite(t)
	const (
		officerName  = "Nora Lund"
		officerEmail = "nora.lund@nacka.example.se"
		consultName  = "Karin Lind"
		consultEmail = "karin.lind@example.se"
		password     = "lövsprickning vid järlasjön"
		title        = "Dans på Fisksätra bibliotek"
	)
	addConsultant(t, pool, consultName, consultEmail, password)
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(t.Context(), `INSERT INTO users (email, name, role, municipality_id, password_hash, email_verified_at)
		VALUES ($1, $2, 'municipality', (SELECT id FROM municipalities WHERE slug = 'nacka'), $3, $4)`,
		officerEmail, officerName, hash, now); err != nil {
		t.Fatalf("add the officer: %v", err)
	}
	officer := newTab(t, chromedp.WithNewBrowserContext())
	consultant := newTab(t, chromedp.WithNewBrowserContext())
	signIn := func(ctx context.Context, path, email string) {
		t.Helper()
		visit(t, ctx, base+path, http.StatusOK)
		checkPage(t, ctx, axe, "proposal-sign-in")
		typeIn(t, ctx, "E-postadress", email)
		typeIn(t, ctx, "Lösenord", password)
		follow(t, ctx, testid("sign-in-submit"))
		if got := location(t, ctx).Path; got != path {
			t.Fatalf("after signing in: at %s, want %s", got, path)
		}
	}

	// 1. The officer fills in the proposal and sends it in.
	signIn(officer, "/kommun", officerEmail)
	checkPage(t, officer, axe, "proposal-1-dashboard")
	follow(t, officer, testid("new-proposal"))
	checkPage(t, officer, axe, "proposal-2-form")
	typeIn(t, officer, "Titel", title)
	tick(t, officer, "Kommunresidens")
	tick(t, officer, "Dans")
	tick(t, officer, "Barn")
	typeIn(t, officer, "Uppskattat antal deltagare", "60")
	typeIn(t, officer, "Plats eller platser", "Fisksätra bibliotek")
	tick(t, officer, "Bibliotek")
	setDate(t, officer, "Önskad start", "2027-03-01")
	setDate(t, officer, "Önskat slut", "2027-05-31")
	tick(t, officer, "Att arbeta med en särskild grupp")
	typeIn(t, officer, "Beskriv syftet", "Dans med barn i förskoleåldern.")
	typeIn(t, officer, "Personal", "En bibliotekarie på halvtid.")
	typeIn(t, officer, "Lokaler", "Bibliotekets hörsal.")
	typeIn(t, officer, "Medfinansiering i kronor", "50000")
	typeIn(t, officer, "Telefon", "08-123 456 78")
	mustCount(t, officer, testid("public-record-notice"), 1)
	follow(t, officer, testid("submit"))
	checkPage(t, officer, axe, "proposal-3-receipt")
	if got := location(t, officer).Path; !strings.HasSuffix(got, "/kvitto") {
		t.Fatalf("after sending: at %s, want the receipt", got)
	}
	number := text(t, officer, testid("registration-number"))
	if !strings.HasPrefix(number, "RS-2026-") {
		t.Fatalf("receipt number %q", number)
	}
	proposalPath := strings.TrimSuffix(location(t, officer).Path, "/kvitto")

	// 2. The consultant finds it, takes it and asks for completion.
	signIn(consultant, "/konsulent/forslag", consultEmail)
	checkPage(t, consultant, axe, "proposal-4-inbox")
	follow(t, consultant, testid("row-title"))
	checkPage(t, consultant, axe, "proposal-5-review")
	follow(t, consultant, testid("take"))
	checkPage(t, consultant, axe, "proposal-6-taken")
	typeIn(t, consultant, "Begär komplettering", "Hur många ryms i hörsalen?")
	follow(t, consultant, testid("request-completion"))
	checkPage(t, consultant, axe, "proposal-7-completion-requested")
	if got := text(t, consultant, testid("state")); got != "Komplettering begärd" {
		t.Fatalf("state %q after the request", got)
	}

	// 3. The officer reads the request, completes and resubmits.
	visit(t, officer, base+proposalPath, http.StatusOK)
	checkPage(t, officer, axe, "proposal-8-show")
	follow(t, officer, testid("edit-link"))
	checkPage(t, officer, axe, "proposal-9-complete")
	if got := text(t, officer, testid("completion-request")); !strings.Contains(got, "Hur många ryms i hörsalen?") {
		t.Errorf("the form does not show the request: %q", got)
	}
	sel := fieldFor(t, officer, "Lokaler")
	// Empty the text box as a person selecting its text and deleting it
	// would.
	if _, err := chromedp.Run(officer, chromedp.Evaluate[bool](`(e => { e.value = ''; return true })(document.querySelector(`+js(sel)+`))`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(officer, chromedp.SendKeys(chromedp.CSS(sel), "Bibliotekets hörsal, 120 platser.")); err != nil {
		t.Fatal(err)
	}
	follow(t, officer, testid("submit"))
	checkPage(t, officer, axe, "proposal-10-receipt-again")
	if got := text(t, officer, testid("registration-number")); got != number {
		t.Errorf("resubmission shows %q, want the same number %q", got, number)
	}

	// 4. The consultant accepts; the draft residency exists.
	visit(t, consultant, base+strings.Replace(proposalPath, "/kommun/", "/konsulent/", 1), http.StatusOK)
	checkPage(t, consultant, axe, "proposal-11-resubmitted")
	follow(t, consultant, testid("accept"))
	checkPage(t, consultant, axe, "proposal-12-accepted")
	follow(t, consultant, testid("residency-link"))
	checkPage(t, consultant, axe, "proposal-13-residency")
	if got := value(t, consultant, fieldFor(t, consultant, "Titel")); got != title {
		t.Errorf("the residency's title %q, want %q", got, title)
	}
	var published bool
	var municipality string
	if err := pool.QueryRow(t.Context(), `SELECT r.published, m.slug FROM residencies r JOIN municipalities m ON m.id = r.municipality_id
		JOIN proposals p ON p.residency_id = r.id WHERE r.proposal_id = p.id`).Scan(&published, &municipality); err != nil {
		t.Fatalf("the residency of the proposal: %v", err)
	}
	if published || municipality != "nacka" {
		t.Errorf("residency published %v in %s, want a draft in nacka", published, municipality)
	}
}
