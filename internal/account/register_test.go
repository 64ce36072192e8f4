package account_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

func registration(name, email, pw, pw2 string, consent bool) url.Values {
	v := url.Values{"namn": {name}, "epost": {email}, "losenord": {pw}, "losenord2": {pw2}}
	if consent {
		v.Set("samtycke", "ja")
	}
	return v
}

const goodPassword = "vinter kaffe cykel"

func TestRegisterForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.browser().get("/registrera")
	wantStatus(t, r, http.StatusOK)
	testutil.CheckPage(t, "/registrera", r)
	for _, name := range []string{"namn", "epost", "losenord", "losenord2", "samtycke"} {
		if r.Doc.Find(`form[data-testid="register-form"] #`+name).Length() != 1 {
			t.Errorf("no field %s", name)
		}
		if r.Doc.Find(`label[for="`+name+`"]`).Length() != 1 {
			t.Errorf("field %s has no label", name)
		}
	}
	if href, _ := r.TestID("field-samtycke").Find("a").Attr("href"); href != "/personuppgifter" {
		t.Errorf("consent links to %q, want the privacy notice", href)
	}
}

func TestRegisterValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name   string
		form   url.Values
		errors map[string]string // field -> part of its message
	}{
		{"everything missing", url.Values{},
			map[string]string{"namn": "Skriv ditt namn", "epost": "Skriv en e-postadress", "losenord": "Välj ett lösenord", "samtycke": "Kryssa i rutan"}},
		{"not an address", registration("Ada", "ada.example.se", goodPassword, goodPassword, true),
			map[string]string{"epost": "namn@exempel.se"}},
		{"an address with a display name", registration("Ada", "Ada <ada@example.se>", goodPassword, goodPassword, true),
			map[string]string{"epost": "namn@exempel.se"}},
		{"short password", registration("Ada", "ada@example.se", "kort", "kort", true),
			map[string]string{"losenord": "minst 10 tecken"}},
		{"common password", registration("Ada", "ada@example.se", "1234567890", "1234567890", true),
			map[string]string{"losenord": "vanligaste"}},
		{"passwords differ", registration("Ada", "ada@example.se", goodPassword, goodPassword+"x", true),
			map[string]string{"losenord2": "inte likadana"}},
		{"no consent", registration("Ada", "ada@example.se", goodPassword, goodPassword, false),
			map[string]string{"samtycke": "Kryssa i rutan"}},
		{"name too long", registration(strings.Repeat("A", 201), "ada@example.se", goodPassword, goodPassword, true),
			map[string]string{"namn": "Högst 200 tecken"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.browser().post("/registrera", tt.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			testutil.CheckPage(t, "/registrera", r)
			sum := summary(r)
			for field, want := range tt.errors {
				if got := fieldError(r, field); !strings.Contains(got, want) {
					t.Errorf("error next to %s = %q, want %q", field, got, want)
				}
				if !slices.ContainsFunc(sum, func(s string) bool { return strings.Contains(s, want) }) {
					t.Errorf("summary %q lacks %q", sum, want)
				}
			}
			if len(sum) != len(tt.errors) {
				t.Errorf("summary %q, want %d errors", sum, len(tt.errors))
			}
			if got := formValue(r, "namn"); got != strings.TrimSpace(tt.form.Get("namn")) {
				t.Errorf("name field %q, want what was typed", got)
			}
			if got := formValue(r, "epost"); got != tt.form.Get("epost") {
				t.Errorf("address field %q, want what was typed", got)
			}
			_, checked := r.Doc.Find("#samtycke").Attr("checked")
			if checked != (tt.form.Get("samtycke") == "ja") {
				t.Errorf("consent box checked=%v, want it as sent", checked)
			}
			if pw := tt.form.Get("losenord"); pw != "" && strings.Contains(r.Body, pw) {
				t.Error("the page echoes the password")
			}
			if n := e.count(`SELECT count(*) FROM users`); n != 0 {
				t.Errorf("%d users after an invalid form", n)
			}
		})
	}
}

func TestRegisterAndVerify(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser()
	wantRedirect(t, b.post("/registrera", registration("Ada Lind", "Ada@Example.se", goodPassword, goodPassword, true)), "/registrera/skickat")
	sent := b.get("/registrera/skickat")
	if !strings.Contains(sent.Text("sent-message"), "Vi har skickat ett e-postmeddelande") {
		t.Errorf("answer %q", sent.Text("sent-message"))
	}
	if n := e.count(`SELECT count(*) FROM users WHERE email = 'Ada@Example.se' AND role = 'artist' AND email_verified_at IS NULL`); n != 1 {
		t.Fatalf("%d unverified artists, want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'registered'`); n != 1 {
		t.Errorf("%d registration entries, want 1", n)
	}
	m := e.lastMail("ada@example.se", "Bekräfta")
	if strings.Contains(m.Text, goodPassword) || strings.Contains(m.HTML, goodPassword) {
		t.Error("the mail carries the password")
	}
	if !strings.Contains(m.Text, "48 timmar") {
		t.Errorf("the mail does not say how long the link works:\n%s", m.Text)
	}
	link := e.linkPath(m, "/registrera/bekrafta/")

	t.Run("unverified cannot sign in", func(t *testing.T) {
		r := e.browser().post("/logga-in", url.Values{"epost": {"ada@example.se"}, "losenord": {goodPassword}})
		wantStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.Text("sign-in-error"), "bekräfta din e-postadress") {
			t.Errorf("message %q", r.Text("sign-in-error"))
		}
		if r.TestID("resend").Find(`form[action="/registrera/ny-lank"]`).Length() != 1 {
			t.Error("no form for a new link")
		}
	})

	t.Run("GET changes nothing", func(t *testing.T) {
		r := e.browser().get(link)
		wantStatus(t, r, http.StatusOK)
		testutil.CheckPage(t, "verify", r)
		if action, _ := r.TestID("verify-form").Attr("action"); action != link {
			t.Errorf("form posts to %q, want %q", action, link)
		}
		if n := e.count(`SELECT count(*) FROM users WHERE email_verified_at IS NOT NULL`); n != 0 {
			t.Fatal("GET verified the address")
		}
	})

	t.Run("POST verifies, then signing in works", func(t *testing.T) {
		wantRedirect(t, e.browser().post(link, nil), "/logga-in?klart=bekraftad")
		if n := e.count(`SELECT count(*) FROM users WHERE email_verified_at IS NOT NULL`); n != 1 {
			t.Fatal("not verified")
		}
		if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'email_verified' AND target_user_id IS NOT NULL`); n != 1 {
			t.Errorf("%d verification entries, want 1", n)
		}
		if f := e.browser().get("/logga-in?klart=bekraftad").Text("flash"); !strings.Contains(f, "bekräftad") {
			t.Errorf("flash %q", f)
		}
		e.browser().signIn("ada@example.se", goodPassword)
	})

	t.Run("second use refused", func(t *testing.T) {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			r := e.browser().do(httptest.NewRequest(method, link, nil))
			wantStatus(t, r, http.StatusGone)
			if !strings.Contains(r.Text("token-error"), "redan använd") {
				t.Errorf("%s: page %q", method, r.Text("token-error"))
			}
			if href, _ := r.TestID("token-again").Attr("href"); href != "/registrera/ny-lank" {
				t.Errorf("%s: way to a new link %q", method, href)
			}
		}
	})

	t.Run("unknown link", func(t *testing.T) {
		r := e.browser().get("/registrera/bekrafta/inte-en-riktig-lank")
		wantStatus(t, r, http.StatusNotFound)
		testutil.CheckPage(t, "unknown link", r)
	})
}

func TestVerifyExpired(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wantRedirect(t, e.browser().post("/registrera", registration("Bo", "bo@example.se", goodPassword, goodPassword, true)), "/registrera/skickat")
	link := e.linkPath(e.lastMail("bo@example.se", "Bekräfta"), "/registrera/bekrafta/")
	e.clock.Add(auth.TokenTTL[auth.PurposeVerify])
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		r := e.browser().do(httptest.NewRequest(method, link, nil))
		wantStatus(t, r, http.StatusGone)
		if !strings.Contains(r.Text("token-error"), "slutat gälla") {
			t.Errorf("%s: page %q", method, r.Text("token-error"))
		}
	}
	if n := e.count(`SELECT count(*) FROM users WHERE email_verified_at IS NOT NULL`); n != 0 {
		t.Fatal("an expired link verified the address")
	}

	t.Run("a new link works", func(t *testing.T) {
		wantRedirect(t, e.browser().post("/registrera/ny-lank", url.Values{"epost": {"BO@example.se"}}), "/registrera/ny-lank/skickat")
		fresh := e.linkPath(e.lastMail("bo@example.se", "Bekräfta"), "/registrera/bekrafta/")
		if fresh == link {
			t.Fatal("the same link again")
		}
		wantRedirect(t, e.browser().post(fresh, nil), "/logga-in?klart=bekraftad")
	})
}

func TestRegisterDuplicateAnsweredAlike(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "finns@example.se", Password: "ett gammalt lösenord"})

	fresh := e.browser().post("/registrera", registration("Ny Person", "ny@example.se", goodPassword, goodPassword, true))
	dup := e.browser().post("/registrera", registration("Ny Person", "FINNS@example.se", goodPassword, goodPassword, true))
	if fresh.Status != dup.Status || fresh.Header.Get("Location") != dup.Header.Get("Location") || fresh.Body != dup.Body {
		t.Fatalf("answers differ: %d %q vs %d %q", fresh.Status, fresh.Header.Get("Location"), dup.Status, dup.Header.Get("Location"))
	}
	wantRedirect(t, dup, "/registrera/skickat")

	if n := e.count(`SELECT count(*) FROM users WHERE lower(email) = 'finns@example.se'`); n != 1 {
		t.Fatalf("%d accounts for the address", n)
	}
	e.browser().signIn("finns@example.se", "ett gammalt lösenord")
	ms := e.mails("finns@example.se")
	if len(ms) != 1 {
		t.Fatalf("%d messages to the existing address, want 1", len(ms))
	}
	if strings.Contains(ms[0].Text, "/registrera/bekrafta/") {
		t.Error("the existing address got a verification link")
	}
	if !strings.Contains(ms[0].Text, "försökte") {
		t.Errorf("notice does not say someone tried:\n%s", ms[0].Text)
	}
	e.linkPath(ms[0], "/glomt-losenord")
	if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'registered' AND target_user_id = $1`, id); n != 1 {
		t.Errorf("%d audit entries for the attempt, want 1", n)
	}
}

func TestResendAnsweredAlike(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "obekraftad@example.se", Password: goodPassword, Unverified: true})
	e.mustUser(user{Email: "bekraftad@example.se", Password: goodPassword})

	var pages []string
	for _, addr := range []string{"obekraftad@example.se", "bekraftad@example.se", "ingen@example.se"} {
		r := e.browser().post("/registrera/ny-lank", url.Values{"epost": {addr}})
		wantRedirect(t, r, "/registrera/ny-lank/skickat")
		pages = append(pages, r.Body)
	}
	if pages[0] != pages[1] || pages[1] != pages[2] {
		t.Error("the answers differ")
	}
	if len(e.mails("obekraftad@example.se")) != 1 || len(e.mails("bekraftad@example.se")) != 0 || len(e.mails("ingen@example.se")) != 0 {
		t.Error("want one link, to the unverified account only")
	}
	r := e.browser().post("/registrera/ny-lank", url.Values{"epost": {"inte en adress"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if fieldError(r, "epost") == "" {
		t.Error("no error next to the address")
	}
}
