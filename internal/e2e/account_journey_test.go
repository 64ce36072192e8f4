package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/auth"
	"residens/internal/db/dbtest"
	"residens/internal/jobs"
	"residens/internal/mailtest"
	"residens/internal/seed"
)

// mailTimeout bounds the wait for a message: the job is worked within about
// a second of the commit, so this only keeps a lost message from hanging the
// test.
const mailTimeout = 20 * time.Second

// TestAccountJourney follows an artist through the account area in the
// browser: register from the header's sign-in link, verify the address
// through the link in the e-mail (read from a real Mailpit that the site's
// job runner sends to), sign in, change the password on /konto, sign out,
// and sign in again with the new password after the old one is refused.
// Every field is found by its label and typed into, every form is sent with
// its button, and every page on the way is audited with axe-core. Along the
// way the browser's cookie jar must hold the session cookie alone, HttpOnly
// and SameSite=Lax, and no response may set any other cookie.
func TestAccountJourney(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	base, mp := newMailSite(t)
	// A cookie jar of its own: cookies are per host, not per port, so in
	// the shared jar the other tests' sites on 127.0.0.1 would see this
	// session cookie, fail to read it and clear it.
	ctx := newTab(t, chromedp.WithNewBrowserContext())
	setCookies := watchSetCookies(t, ctx)

	const (
		name        = "Ida Ström"
		email       = "ida.strom@example.se"
		password    = "vinterbad i saltsjöbaden"
		newPassword = "sommarljus över skärgården"
	)

	// 1. From the start page to the registration form, and register.
	visit(t, ctx, base+"/", http.StatusOK)
	checkPage(t, ctx, axe, "account-1-start")
	follow(t, ctx, testid("sign-in-link"))
	checkPage(t, ctx, axe, "account-2-sign-in")
	if got := location(t, ctx).Path; got != "/logga-in" {
		t.Fatalf("after the header's sign-in link: at %s, want /logga-in", got)
	}
	follow(t, ctx, `main a[href="/registrera"]`)
	checkPage(t, ctx, axe, "account-3-register")
	if got := location(t, ctx).Path; got != "/registrera" {
		t.Fatalf("after the sign-in page's link to register: at %s, want /registrera", got)
	}
	typeIn(t, ctx, "Namn", name)
	typeIn(t, ctx, "E-postadress", email)
	typeIn(t, ctx, "Lösenord", password)
	typeIn(t, ctx, "Lösenordet en gång till", password)
	tick(t, ctx, "Jag har läst hur Residens behandlar mina personuppgifter.")
	follow(t, ctx, testid("register-submit"))
	checkPage(t, ctx, axe, "account-4-register-sent")
	if got := location(t, ctx).Path; got != "/registrera/skickat" {
		t.Fatalf("after registering: at %s, want /registrera/skickat", got)
	}
	if got, want := text(t, ctx, "main h1"), "Kontrollera din e-post"; got != want {
		t.Errorf("after registering: h1 %q, want %q", got, want)
	}
	mustCount(t, ctx, testid("sent-message"), 1)
	checkJar(t, ctx, false)

	// 2. The verification link in the e-mail opens a page whose button
	// verifies the address.
	msg := mp.WaitFor(t, email, "Bekräfta din e-postadress", mailTimeout)
	if strings.Contains(msg.Text, password) || strings.Contains(msg.HTML, password) {
		t.Errorf("the verification e-mail contains the password")
	}
	link := mp.Link(t, msg, base+"/registrera/bekrafta/")
	visit(t, ctx, link, http.StatusOK)
	checkPage(t, ctx, axe, "account-5-verify")
	follow(t, ctx, testid("verify-submit"))
	checkPage(t, ctx, axe, "account-6-verified")
	if u := location(t, ctx); u.Path != "/logga-in" || u.Query().Get("klart") != "bekraftad" {
		t.Fatalf("after verifying: at %s, want /logga-in?klart=bekraftad", u)
	}
	if got, want := text(t, ctx, testid("flash")), "Din e-postadress är bekräftad. Nu kan du logga in."; got != want {
		t.Errorf("after verifying: confirmation %q, want %q", got, want)
	}

	// 3. Sign in. This sign-in page was reached from the e-mail, with no
	// page to return to, so the site sends the visitor to the start page.
	typeIn(t, ctx, "E-postadress", email)
	typeIn(t, ctx, "Lösenord", password)
	follow(t, ctx, testid("sign-in-submit"))
	checkPage(t, ctx, axe, "account-7-signed-in")
	if got := location(t, ctx).Path; got != "/" {
		t.Errorf("after signing in: at %s, want /", got)
	}
	if got := text(t, ctx, testid("account-link")); got != name {
		t.Errorf("after signing in: the header's account link reads %q, want %q", got, name)
	}
	mustCount(t, ctx, testid("sign-in-link"), 0)
	checkJar(t, ctx, true)

	// 4. Change the password on /konto.
	follow(t, ctx, testid("account-link"))
	checkPage(t, ctx, axe, "account-8-konto")
	if got := location(t, ctx).Path; got != "/konto" {
		t.Fatalf("after the header's account link: at %s, want /konto", got)
	}
	for id, want := range map[string]string{"account-name": name, "account-email": email, "account-role": auth.RoleArtist.Label()} {
		if got := text(t, ctx, testid(id)); got != want {
			t.Errorf("/konto: %s %q, want %q", id, got, want)
		}
	}
	mustCount(t, ctx, testid("this-device"), 1)
	typeIn(t, ctx, "Nuvarande lösenord", password)
	typeIn(t, ctx, "Nytt lösenord", newPassword)
	typeIn(t, ctx, "Det nya lösenordet en gång till", newPassword)
	follow(t, ctx, testid("password-submit"))
	checkPage(t, ctx, axe, "account-9-password-changed")
	if u := location(t, ctx); u.Path != "/konto" || u.Query().Get("klart") != "losenord" {
		t.Fatalf("after changing the password: at %s, want /konto?klart=losenord", u)
	}
	if got, want := text(t, ctx, testid("flash")), "Ditt lösenord är bytt. Alla andra inloggningar på kontot är avslutade."; got != want {
		t.Errorf("after changing the password: confirmation %q, want %q", got, want)
	}
	// This browser stays signed in.
	if got := text(t, ctx, testid("account-link")); got != name {
		t.Errorf("after changing the password: the header's account link reads %q, want %q", got, name)
	}
	checkJar(t, ctx, true)
	notice := mp.WaitFor(t, email, "Ditt lösenord är bytt", mailTimeout)
	if strings.Contains(notice.Text, newPassword) || strings.Contains(notice.HTML, newPassword) {
		t.Errorf("the notice of the password change contains the new password")
	}

	// 5. Sign out with the header's button; /konto then asks to sign in.
	follow(t, ctx, testid("sign-out"))
	checkPage(t, ctx, axe, "account-10-signed-out")
	if u := location(t, ctx); u.Path != "/logga-in" || u.Query().Get("klart") != "utloggad" {
		t.Fatalf("after signing out: at %s, want /logga-in?klart=utloggad", u)
	}
	if got, want := text(t, ctx, testid("flash")), "Du är utloggad."; got != want {
		t.Errorf("after signing out: confirmation %q, want %q", got, want)
	}
	if got, want := text(t, ctx, testid("sign-in-link")), "Logga in"; got != want {
		t.Errorf("after signing out: the header's sign-in link reads %q, want %q", got, want)
	}
	mustCount(t, ctx, testid("account-link"), 0)
	checkJar(t, ctx, false)

	visit(t, ctx, base+"/konto", http.StatusOK)
	checkPage(t, ctx, axe, "account-11-sign-in-to-konto")
	if u := location(t, ctx); u.Path != "/logga-in" || u.Query().Get("nasta") != "/konto" {
		t.Fatalf("/konto signed out: at %s, want /logga-in?nasta=/konto", u)
	}
	if got := value(t, ctx, testid("next")); got != "/konto" {
		t.Errorf("/konto signed out: the sign-in form returns to %q, want /konto", got)
	}

	// 6. The old password is refused, the new one signs in and returns to
	// /konto, the page that asked for it.
	typeIn(t, ctx, "E-postadress", email)
	typeIn(t, ctx, "Lösenord", password)
	press(t, ctx, testid("sign-in-submit"), http.StatusUnprocessableEntity)
	checkPage(t, ctx, axe, "account-12-old-password")
	if got, want := text(t, ctx, testid("sign-in-error-message")), "Fel e-postadress eller lösenord. Kontrollera stavningen och försök igen."; got != want {
		t.Errorf("old password: message %q, want %q", got, want)
	}
	mustCount(t, ctx, testid("account-link"), 0)
	checkJar(t, ctx, false)
	// The form keeps the address and the return path but never the
	// password.
	if got := value(t, ctx, fieldFor(t, ctx, "E-postadress")); got != email {
		t.Errorf("old password: the address field holds %q, want %q", got, email)
	}
	if got := value(t, ctx, testid("next")); got != "/konto" {
		t.Errorf("old password: the sign-in form returns to %q, want /konto", got)
	}
	typeIn(t, ctx, "Lösenord", newPassword)
	follow(t, ctx, testid("sign-in-submit"))
	checkPage(t, ctx, axe, "account-13-signed-in-again")
	if got := location(t, ctx).Path; got != "/konto" {
		t.Errorf("after signing in with the new password: at %s, want /konto", got)
	}
	if got := text(t, ctx, testid("account-link")); got != name {
		t.Errorf("after signing in with the new password: the header's account link reads %q, want %q", got, name)
	}
	checkJar(t, ctx, true)

	// Sign-in, sign-out and sign-in again each set the session cookie;
	// nothing else may have set any cookie.
	names := setCookies()
	if len(names) < 3 {
		t.Errorf("Set-Cookie seen for %q, want the session cookie at sign-in, sign-out and sign-in again", names)
	}
	for _, n := range names {
		if n != auth.CookieName {
			t.Errorf("a response set the cookie %q; only %s may be set (Set-Cookie seen for %q)", n, auth.CookieName, names)
		}
	}
}

// newMailSite serves the whole portal like newSite, on the real clock
// (the job runner's clean-up deletes expired sessions by the database's
// clock), with its e-mail going through a job runner to a Mailpit of the
// test's own.
func newMailSite(t *testing.T) (string, *mailtest.Server) {
	t.Helper()
	base, _, mp := newMailSiteAt(t, time.Now)
	return base, mp
}

// newMailSiteAt is newMailSite on the clock clock (the demo content dated by
// it), returning the pool too. The server's address is known before its
// handler is built, so BASE_URL, and with it the links in the e-mail, point
// at it.
func newMailSiteAt(t *testing.T, clock func() time.Time) (string, *pgxpool.Pool, *mailtest.Server) {
	t.Helper()
	mp := mailtest.Start(t)
	pool := dbtest.New(t)
	if err := seed.Demo(t.Context(), pool, clock()); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	env := map[string]string{"BASE_URL": base, "SMTP_URL": mp.SMTPURL()}
	cfg, err := app.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		srv.Close()
		t.Fatalf("config: %v", err)
	}
	// Warnings and errors only: a 500 or a failed mail shows in the
	// test's output.
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	runner, err := jobs.New(pool, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom}, log)
	if err != nil {
		srv.Close()
		t.Fatalf("jobs: %v", err)
	}
	// Not the test's context: that is cancelled before the clean-ups run,
	// which would be a hard stop; Stop below is the graceful one.
	if err := runner.Start(context.Background()); err != nil {
		srv.Close()
		t.Fatalf("jobs: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := runner.Stop(ctx); err != nil {
			t.Errorf("stop jobs: %v", err)
		}
	})
	srv.Config.Handler = app.NewHandler(app.Deps{
		Pool:   pool,
		Log:    log,
		Config: cfg,
		Now:    clock,
		Ready:  func(context.Context) error { return nil },
		Mail:   runner.Mail(),
	})
	srv.Start()
	// Registered last, so it runs first: no request queues a job after
	// the runner stops.
	t.Cleanup(srv.Close)
	return base, pool, mp
}

// checkPage checks the page in the tab has one h1, audits it with axe-core
// and, when E2E_SCREENSHOTS is set, saves a screenshot named name.
func checkPage(t *testing.T, ctx context.Context, axe, name string) {
	t.Helper()
	mustCount(t, ctx, "h1", 1)
	audit(t, ctx, axe)
	screenshot(t, ctx, name)
}

// fieldFor returns the CSS selector of the form control in the page's main
// content whose label reads label, as a person finds a field. The test fails
// unless exactly one label reads so and is tied to a control.
func fieldFor(t *testing.T, ctx context.Context, label string) string {
	t.Helper()
	sels, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('main label'))
		.filter(l => l.textContent.replace(/\s+/g, ' ').trim() === `+js(label)+` && l.control && l.control.id)
		.map(l => '#' + CSS.escape(l.control.id))`))
	if err != nil {
		t.Fatalf("find the field %q: %v", label, err)
	}
	if len(sels) != 1 {
		t.Fatalf("%s: %d fields labelled %q (%q), want 1", location(t, ctx), len(sels), label, sels)
	}
	return sels[0]
}

// typeIn types s, key by key, into the empty field labelled label.
func typeIn(t *testing.T, ctx context.Context, label, s string) {
	t.Helper()
	sel := fieldFor(t, ctx, label)
	if got := value(t, ctx, sel); got != "" {
		t.Fatalf("%s: the field %q already holds %q", location(t, ctx), label, got)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(sel), s)); err != nil {
		t.Fatalf("type into %q: %v", label, err)
	}
	if got := value(t, ctx, sel); got != s {
		t.Fatalf("%s: the field %q holds %q after typing, want %q", location(t, ctx), label, got, s)
	}
}

// tick clicks the checkbox labelled label and checks that it is ticked.
func tick(t *testing.T, ctx context.Context, label string) {
	t.Helper()
	sel := fieldFor(t, ctx, label)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("tick %q: %v", label, err)
	}
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(`+js(sel)+`).checked`))
	if err != nil {
		t.Fatalf("read %q: %v", label, err)
	}
	if !checked {
		t.Fatalf("%s: %q is not ticked after the click", location(t, ctx), label)
	}
}

// press clicks the button that sel finds, waits for the page it leads to,
// and checks its status: follow for an answer other than 200, such as a
// form sent back with errors.
func press(t *testing.T, ctx context.Context, sel string, wantStatus int) {
	t.Helper()
	mustCount(t, ctx, sel, 1)
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp.Status != int64(wantStatus) {
		t.Fatalf("click %s: %s answered %d, want %d", sel, resp.URL, resp.Status, wantStatus)
	}
}

// checkJar checks every cookie the tab's browser context holds: the session
// cookie alone, HttpOnly, SameSite=Lax and for the whole site, when signedIn;
// none at all otherwise.
func checkJar(t *testing.T, ctx context.Context, signedIn bool) {
	t.Helper()
	id := chromedp.FromContext(ctx).BrowserContextID
	if id == "" {
		t.Fatal("cookies: the tab has no browser context of its own")
	}
	res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: id})
	if err != nil {
		t.Fatalf("cookies: %v", err)
	}
	var names []string
	for _, c := range res.Cookies {
		names = append(names, c.Name)
	}
	where := location(t, ctx)
	if !signedIn {
		if len(names) != 0 {
			t.Errorf("%s: cookies %q, want none", where, names)
		}
		return
	}
	if len(res.Cookies) != 1 || names[0] != auth.CookieName {
		t.Fatalf("%s: cookies %q, want %s alone", where, names, auth.CookieName)
	}
	c := res.Cookies[0]
	if !c.HTTPOnly || c.SameSite != network.CookieSameSiteLax || c.Path != "/" {
		t.Errorf("%s: session cookie HttpOnly=%t SameSite=%q Path=%q, want HttpOnly, SameSite=Lax, Path=/",
			where, c.HTTPOnly, c.SameSite, c.Path)
	}
}

// watchSetCookies records the name of every cookie that a response to the
// tab sets (or clears) from now on, read from the raw headers, so that a
// cookie set and removed between two looks at the jar is seen too. The
// returned func reports the names so far.
func watchSetCookies(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var names []string
	err := chromedp.Listen(ctx, func(ev any) {
		e, ok := ev.(*network.EventResponseReceivedExtraInfo)
		if !ok {
			return
		}
		for k, v := range e.Headers {
			s, ok := v.(string)
			if !ok || !strings.EqualFold(k, "Set-Cookie") {
				continue
			}
			// Several Set-Cookie headers arrive joined by newlines.
			for line := range strings.Lines(s) {
				name, _, _ := strings.Cut(strings.TrimSpace(line), "=")
				mu.Lock()
				names = append(names, name)
				mu.Unlock()
			}
		}
	})
	if err != nil {
		t.Fatalf("listen for cookies: %v", err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(names)
	}
}
