package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestQuestionJourney follows a question to the support desk through the
// browser: a visitor asks the contact guide, finds no fit and opens the
// question form from its "Fråga oss" link, prefilled with the guide's
// choices; sends it first with a mistake and then right, and gets the
// number; the consultant signs in and answers from the inbox; the visitor opens the
// thread from the answer's e-mail (read from a real Mailpit), reads the
// answer and adds a follow-up. Every page on the way, the error state
// included, is audited with axe-core.
func TestQuestionJourney(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	base, pool, mp := newMailSiteAt(t, time.Now)
	const (
		consultName  = "Tilda Textil"
		consultEmail = "tilda.textil@region.example.se"
		password     = "vävstolen i vinterljus"
		askerEmail   = "vera.vavare@example.se"
		answer       = "Nykvarns kulturhus hyr ut en ateljé. Kontakta kommunens kulturkontakt."
	)
	addConsultant(t, pool, consultName, consultEmail, password)
	if _, err := pool.Exec(t.Context(), `
		INSERT INTO consultant_profiles (user_id, title, all_municipalities, active)
		SELECT id, 'Länskulturkonsulent textil', true, true FROM users WHERE email = $1`, consultEmail); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(t.Context(), `
		INSERT INTO consultant_art_forms (user_id, art_form_id)
		SELECT u.id, a.id FROM users u, art_forms a WHERE u.email = $1 AND a.slug = 'textil'`, consultEmail); err != nil {
		t.Fatal(err)
	}
	visitor := newTab(t, chromedp.WithNewBrowserContext())
	consultant := newTab(t, chromedp.WithNewBrowserContext())

	// 0. The contact guide: a textile artist in Nykvarn who needs premises
	// reads whom to contact, finds nothing that fits and asks instead.
	visit(t, visitor, base+"/vem-kontaktar-jag", http.StatusOK)
	checkPage(t, visitor, axe, "question-0-guide")
	choose(t, visitor, "Jag behöver hjälp med", "Lokaler")
	choose(t, visitor, "Min konstform", "Textil")
	choose(t, visitor, "Min kommun", "Nykvarn")
	follow(t, visitor, testid("guide-submit"))
	checkPage(t, visitor, axe, "question-0-guide-answer")
	if got := location(t, visitor); got.Path != "/vem-kontaktar-jag" || got.Query().Get("kommun") != "nykvarn" {
		t.Errorf("the guide's answer is at %s, want an address with the choices", got)
	}
	if got := text(t, visitor, testid("contact-name")); !strings.Contains(got, "Sara Holm") {
		t.Errorf("Nykvarn's culture contact %q", got)
	}
	if got := text(t, visitor, testid("consultants")); !strings.Contains(got, consultName) {
		t.Errorf("the textile consultant is not named: %q", got)
	}
	follow(t, visitor, testid("ask-link"))

	// 1. The form, prefilled from the guide's link.
	if got := location(t, visitor); got.Path != "/fraga" {
		t.Fatalf("the guide's ask link led to %s", got)
	}
	checkPage(t, visitor, axe, "question-1-form")
	for sel, want := range map[string]string{"#amne": "lokaler", "#konstform": "textil", "#kommun": "nykvarn"} {
		if got := value(t, visitor, sel); got != want {
			t.Errorf("%s prefilled %q, want %q", sel, got, want)
		}
	}
	mustCount(t, visitor, testid("public-record-notice"), 1)

	// 2. Sent with a mistyped address: the error state keeps what was typed.
	typeIn(t, visitor, "Din fråga", "Var kan jag hyra en ateljé för vävning i Nykvarn?")
	typeIn(t, visitor, "Ditt namn", "Vera Vävare")
	typeIn(t, visitor, "E-postadress", "vera.vavare.example.se")
	press(t, visitor, testid("ask-submit"), http.StatusUnprocessableEntity)
	checkPage(t, visitor, axe, "question-2-error")
	if got := text(t, visitor, testid("error-summary")); !strings.Contains(got, "e-postadress") {
		t.Fatalf("error summary %q", got)
	}
	if got := value(t, visitor, "#fraga"); !strings.Contains(got, "ateljé för vävning") {
		t.Errorf("the question came back as %q", got)
	}

	// 3. Corrected and sent: the receipt shows the number.
	if err := chromedp.Do(visitor, chromedp.Clear(chromedp.CSS("#epost"))); err != nil {
		t.Fatal(err)
	}
	typeIn(t, visitor, "E-postadress", askerEmail)
	follow(t, visitor, testid("ask-submit"))
	checkPage(t, visitor, axe, "question-3-receipt")
	number := text(t, visitor, testid("number"))
	if !regexp.MustCompile(`^RS-\d{4}-\d{4}$`).MatchString(number) {
		t.Fatalf("receipt number %q", number)
	}
	mp.WaitFor(t, askerEmail, "Kvitto: din fråga "+number, mailTimeout)

	// 4. The consultant signs in, finds it in the inbox and answers.
	visit(t, consultant, base+"/konsulent/fragor", http.StatusOK)
	typeIn(t, consultant, "E-postadress", consultEmail)
	typeIn(t, consultant, "Lösenord", password)
	follow(t, consultant, testid("sign-in-submit"))
	if got := location(t, consultant).Path; got != "/konsulent/fragor" {
		t.Fatalf("after signing in: at %s, want the inbox", got)
	}
	checkPage(t, consultant, axe, "question-4-inbox")
	if got := text(t, consultant, testid("question-link")); got != number {
		t.Fatalf("the inbox lists %q, want %q", got, number)
	}
	follow(t, consultant, testid("question-link"))
	checkPage(t, consultant, axe, "question-5-question")
	press(t, consultant, testid("answer-submit"), http.StatusUnprocessableEntity)
	checkPage(t, consultant, axe, "question-6-answer-error")
	typeIn(t, consultant, "Svar", answer)
	follow(t, consultant, testid("answer-submit"))
	checkPage(t, consultant, axe, "question-7-answered")
	if got := text(t, consultant, testid("state")); got != "Besvarad" {
		t.Errorf("state %q after answering", got)
	}

	// 5. The visitor opens the thread from the answer's mail, reads the
	// answer and asks a follow-up.
	m := mp.WaitFor(t, askerEmail, "Svar på din fråga "+number, mailTimeout)
	link := mp.Link(t, m, base+"/fraga/")
	visit(t, visitor, link, http.StatusOK)
	checkPage(t, visitor, axe, "question-8-thread")
	if got := text(t, visitor, testid("thread")); !strings.Contains(got, answer) {
		t.Errorf("the thread lacks the answer: %q", got)
	}
	typeIn(t, visitor, "Följdfråga", "Vad kostar ateljén per månad?")
	follow(t, visitor, testid("followup-submit"))
	checkPage(t, visitor, axe, "question-9-followup")
	if got := text(t, visitor, testid("state")); got != "Under handläggning" {
		t.Errorf("after the follow-up the visitor sees %q, want it open again", got)
	}
	if got := texts(t, visitor, testid("event")); len(got) != 3 {
		t.Errorf("the thread holds %d entries, want the question, the answer and the follow-up", len(got))
	}
}
