package account_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"residens/internal/testutil"
)

func TestForgotAnsweredAlike(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
	e.mustUser(user{Email: "sparrad@example.se", Password: annaPassword, Disabled: true})

	form := e.browser().get("/glomt-losenord")
	wantStatus(t, form, http.StatusOK)
	testutil.CheckPage(t, "/glomt-losenord", form)

	var answers []*testutil.Response
	for _, addr := range []string{"anna@example.se", "ingen@example.se", "sparrad@example.se"} {
		r := e.browser().post("/glomt-losenord", url.Values{"epost": {addr}})
		wantRedirect(t, r, "/glomt-losenord/skickat")
		answers = append(answers, r)
	}
	for _, r := range answers[1:] {
		if r.Body != answers[0].Body || r.Header.Get("Location") != answers[0].Header.Get("Location") {
			t.Error("the answers differ")
		}
	}
	sent := e.browser().get("/glomt-losenord/skickat")
	if !strings.Contains(sent.Text("sent-message"), "Om adressen hör till ett konto") {
		t.Errorf("answer %q", sent.Text("sent-message"))
	}
	if len(e.mails("anna@example.se")) != 1 || len(e.mails("ingen@example.se")) != 0 || len(e.mails("sparrad@example.se")) != 0 {
		t.Error("want a link for the enabled account only")
	}

	r := e.browser().post("/glomt-losenord", url.Values{"epost": {"inte-en-adress"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if fieldError(r, "epost") == "" || formValue(r, "epost") != "inte-en-adress" {
		t.Error("want an error and the value kept")
	}
}

func TestReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "anna@example.se", Name: "Anna", Password: annaPassword})
	// Anna is signed in on two devices; a reset ends both.
	phone, laptop := e.browser(), e.browser()
	phone.signIn("anna@example.se", annaPassword)
	laptop.signIn("anna@example.se", annaPassword)

	wantRedirect(t, e.browser().post("/glomt-losenord", url.Values{"epost": {"Anna@example.se"}}), "/glomt-losenord/skickat")
	m := e.lastMail("anna@example.se", "nytt lösenord")
	if !strings.Contains(m.Text, "en timme") {
		t.Errorf("the mail does not say how long the link works:\n%s", m.Text)
	}
	link := e.linkPath(m, "/aterstall/")

	b := e.browser()
	page := b.get(link)
	wantStatus(t, page, http.StatusOK)
	testutil.CheckPage(t, "reset", page)
	if action, _ := page.TestID("reset-form").Attr("action"); action != link {
		t.Errorf("form posts to %q", action)
	}

	t.Run("invalid new password", func(t *testing.T) {
		r := b.post(link, url.Values{"losenord": {"kort"}, "losenord2": {"kort"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(fieldError(r, "losenord"), "minst 10") {
			t.Errorf("error %q", fieldError(r, "losenord"))
		}
		r = b.post(link, url.Values{"losenord": {"ett helt nytt lösenord"}, "losenord2": {"ett annat"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if fieldError(r, "losenord2") == "" {
			t.Error("no error on the repetition")
		}
	})

	t.Run("reset", func(t *testing.T) {
		wantRedirect(t, b.post(link, url.Values{"losenord": {"ett helt nytt lösenord"}, "losenord2": {"ett helt nytt lösenord"}}),
			"/logga-in?klart=losenord")
		if n := e.count(`SELECT count(*) FROM sessions WHERE user_id = $1`, id); n != 0 {
			t.Errorf("%d sessions left, want all ended", n)
		}
		if phone.signedIn() != "" || laptop.signedIn() != "" {
			t.Error("a device is still signed in")
		}
		if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'password_reset' AND target_user_id = $1`, id); n != 1 {
			t.Errorf("%d reset entries", n)
		}
		r := e.browser().post("/logga-in", creds("anna@example.se", annaPassword))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		e.browser().signIn("anna@example.se", "ett helt nytt lösenord")
	})

	t.Run("the link works once", func(t *testing.T) {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			req := httptest.NewRequest(method, link, strings.NewReader(url.Values{"losenord": {"tredje lösenordet här"}, "losenord2": {"tredje lösenordet här"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r := e.browser().do(req)
			wantStatus(t, r, http.StatusGone)
			if !strings.Contains(r.Text("token-error"), "redan använd") {
				t.Errorf("%s: %q", method, r.Text("token-error"))
			}
			if href, _ := r.TestID("token-again").Attr("href"); href != "/glomt-losenord" {
				t.Errorf("way to a new link: %q", href)
			}
		}
		e.browser().signIn("anna@example.se", "ett helt nytt lösenord")
	})
}

func TestResetExpired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
	wantRedirect(t, e.browser().post("/glomt-losenord", url.Values{"epost": {"anna@example.se"}}), "/glomt-losenord/skickat")
	link := e.linkPath(e.lastMail("anna@example.se", "nytt lösenord"), "/aterstall/")
	e.clock.Add(time.Hour)
	r := e.browser().get(link)
	wantStatus(t, r, http.StatusGone)
	if !strings.Contains(r.Text("token-error"), "slutat gälla") {
		t.Errorf("page %q", r.Text("token-error"))
	}
	r = e.browser().post(link, url.Values{"losenord": {"ett helt nytt lösenord"}, "losenord2": {"ett helt nytt lösenord"}})
	wantStatus(t, r, http.StatusGone)
	e.browser().signIn("anna@example.se", annaPassword)
}
