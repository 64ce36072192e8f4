package account_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"residens/internal/auth"
	"residens/internal/testutil"
)

const annaPassword = "äppelträd i blom"

func creds(email, pw string) url.Values { return url.Values{"epost": {email}, "losenord": {pw}} }

func TestSignIn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "anna@example.se", Name: "Anna Berg", Password: annaPassword})

	t.Run("form", func(t *testing.T) {
		r := e.browser().get("/logga-in?nasta=/konto")
		wantStatus(t, r, http.StatusOK)
		testutil.CheckPage(t, "/logga-in", r)
		if v, _ := r.TestID("next").Attr("value"); v != "/konto" {
			t.Errorf("nasta kept as %q", v)
		}
	})

	t.Run("empty fields", func(t *testing.T) {
		r := e.browser().post("/logga-in", url.Values{"epost": {"anna@example.se"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if fieldError(r, "losenord") == "" || formValue(r, "epost") != "anna@example.se" {
			t.Errorf("want an error on the password and the address kept")
		}
	})

	t.Run("a new session ID at sign-in", func(t *testing.T) {
		// A visitor who arrives with a valid session cookie (planted, or
		// from an earlier sign-in) must get a new ID: the old one stops
		// working.
		b := e.browser()
		b.signIn("anna@example.se", annaPassword)
		planted := b.cookie
		b.signIn("anna@example.se", annaPassword)
		if b.cookie.Value == planted.Value {
			t.Fatal("the session cookie did not change at sign-in")
		}
		if got := b.signedIn(); got != "Anna Berg" {
			t.Errorf("new session: signed in as %q", got)
		}
		old := e.browser()
		old.cookie = planted
		if got := old.signedIn(); got != "" {
			t.Errorf("the cookie from before sign-in still signs in as %q", got)
		}
		if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND actor_id = $1`, id); n < 2 {
			t.Errorf("%d sign-in entries", n)
		}
	})

	t.Run("case of the address does not matter", func(t *testing.T) {
		e.browser().signIn("ANNA@example.SE", annaPassword)
	})

	t.Run("nasta", func(t *testing.T) {
		tests := []struct{ next, want string }{
			{"/konto", "/konto"},
			{"/residens?status=pagaende", "/residens?status=pagaende"},
			{"//evil.example", "/"},
			{"https://evil.example", "/"},
			{`/\evil`, "/"},
			{"javascript:alert(1)", "/"},
			{"", "/"},
		}
		for _, tt := range tests {
			t.Run(tt.next, func(t *testing.T) {
				form := creds("anna@example.se", annaPassword)
				form.Set("nasta", tt.next)
				wantRedirect(t, e.browser().post("/logga-in", form), tt.want)
			})
		}
	})

	t.Run("a page that needs sign-in comes back after it", func(t *testing.T) {
		b := e.browser()
		r := b.get("/konto")
		wantRedirect(t, r, "/logga-in?nasta=%2Fkonto")
		form := creds("anna@example.se", annaPassword)
		form.Set("nasta", "/konto")
		wantRedirect(t, b.post("/logga-in", form), "/konto")
		wantStatus(t, b.get("/konto"), http.StatusOK)
	})
}

func TestSignInRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
	e.mustUser(user{Email: "sparrad@example.se", Password: annaPassword, Disabled: true})
	e.mustUser(user{Email: "ny@example.se", Password: annaPassword, Unverified: true})

	// The same browser address for all, so that only the typed address
	// differs between the answers compared.
	tests := []struct{ name, email, pw string }{
		{"wrong password", "anna@example.se", "fel lösenord igen"},
		{"unknown address", "okand@example.se", "fel lösenord igen"},
		{"disabled account, right password", "sparrad@example.se", annaPassword},
		{"unverified account, wrong password", "ny@example.se", "fel lösenord igen"},
	}
	var first string
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.browser()
			r := b.post("/logga-in", creds(tt.email, tt.pw))
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if b.cookie != nil {
				t.Error("a session cookie after a refused sign-in")
			}
			if !strings.Contains(r.Text("sign-in-error"), "Fel e-postadress eller lösenord") {
				t.Errorf("message %q", r.Text("sign-in-error"))
			}
			if formValue(r, "epost") != tt.email || strings.Contains(r.Body, tt.pw) {
				t.Error("want the address kept and the password not echoed")
			}
			text := mainText(r, tt.email)
			if i == 0 {
				first = text
			} else if text != first {
				t.Errorf("answer differs from a wrong password's:\n%s\n%s", text, first)
			}
		})
	}
	if n := e.count(`SELECT count(*) FROM throttle_events WHERE rule = 'sign-in' AND key = $1`, auth.AccountKey("okand@example.se")); n != 1 {
		t.Errorf("%d failures recorded for the unknown address, want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND target = 'o***@example.se' AND target_user_id IS NULL`); n != 1 {
		t.Errorf("%d failed sign-ins recorded with the masked unknown address, want 1", n)
	}
	if n := e.count(`SELECT count(*) FROM sessions`); n != 0 {
		t.Errorf("%d sessions", n)
	}
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "anna@example.se", Name: "Anna", Password: annaPassword})
	b := e.browser()
	b.signIn("anna@example.se", annaPassword)
	cookie := b.cookie

	r := b.get("/logga-ut")
	wantStatus(t, r, http.StatusOK)
	testutil.CheckPage(t, "/logga-ut", r)
	if r.TestID("sign-out-form").Length() != 1 || b.signedIn() != "Anna" {
		t.Fatal("GET /logga-ut must show the button and leave the visitor signed in")
	}

	wantRedirect(t, b.post("/logga-ut", nil), "/logga-in?klart=utloggad")
	if b.cookie != nil {
		t.Error("the cookie was not cleared")
	}
	if n := e.count(`SELECT count(*) FROM sessions`); n != 0 {
		t.Errorf("%d sessions left", n)
	}
	if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'sign_out'`); n != 1 {
		t.Errorf("%d sign-out entries", n)
	}
	again := e.browser()
	again.cookie = cookie
	if got := again.signedIn(); got != "" {
		t.Errorf("the old cookie still signs in as %q", got)
	}
	if r := again.get("/logga-ut"); r.TestID("not-signed-in").Length() != 1 {
		t.Error("GET /logga-ut when signed out should say so")
	}
}

func TestThrottle(t *testing.T) {
	t.Parallel()

	t.Run("per account", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
		// Each attempt from a new address: the account's count holds.
		for range auth.AccountRule.Free {
			wantStatus(t, e.browser().post("/logga-in", creds("anna@example.se", "fel lösenord!")), http.StatusUnprocessableEntity)
		}
		r := e.browser().post("/logga-in", creds("anna@example.se", annaPassword))
		wantStatus(t, r, http.StatusTooManyRequests)
		if msg := r.Text("sign-in-error"); !strings.Contains(msg, "om 30 sekunder") || !strings.Contains(msg, "klockan 12.00.30") {
			t.Errorf("message %q, want when to try again", msg)
		}
		if n := e.count(`SELECT count(*) FROM throttle_events WHERE rule = 'sign-in' AND key = $1`, auth.AccountKey("anna@example.se")); n != auth.AccountRule.Free {
			t.Errorf("%d failures; a refused attempt must not count", n)
		}

		e.clock.Add(30 * time.Second)
		e.browser().signIn("anna@example.se", annaPassword)
		if n := e.count(`SELECT count(*) FROM throttle_events WHERE rule = 'sign-in' AND key = $1`, auth.AccountKey("anna@example.se")); n != 0 {
			t.Errorf("%d failures after a sign-in, want them cleared", n)
		}
	})

	t.Run("across instances", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		other := e.instance()
		e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
		// Failures alternate between two instances; the sixth attempt,
		// on either, is held.
		for i := range auth.AccountRule.Free {
			site := e
			if i%2 == 1 {
				site = other
			}
			wantStatus(t, site.browser().post("/logga-in", creds("anna@example.se", "fel lösenord!")), http.StatusUnprocessableEntity)
		}
		for _, site := range []*env{e, other} {
			wantStatus(t, site.browser().post("/logga-in", creds("anna@example.se", annaPassword)), http.StatusTooManyRequests)
		}
	})

	t.Run("a burst cannot pass the count", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
		// Attempts on one account are checked one at a time, so however
		// many arrive at once, no more than Free get to try a password.
		const n = 8
		statuses := make(chan int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := httptest.NewRequest(http.MethodPost, "/logga-in", strings.NewReader(creds("anna@example.se", "fel lösenord!").Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.RemoteAddr = "203.0.113." + strconv.Itoa(i+1) + ":1234"
				rec := httptest.NewRecorder()
				e.h.ServeHTTP(rec, req)
				statuses <- rec.Code
			}()
		}
		wg.Wait()
		close(statuses)
		count := map[int]int{}
		for s := range statuses {
			count[s]++
		}
		if count[http.StatusUnprocessableEntity] != auth.AccountRule.Free || count[http.StatusTooManyRequests] != n-auth.AccountRule.Free {
			t.Errorf("answers %v, want %d wrong-password answers and the rest held", count, auth.AccountRule.Free)
		}
		if got := e.count(`SELECT count(*) FROM throttle_events WHERE rule = 'sign-in' AND key = $1`, auth.AccountKey("anna@example.se")); got != auth.AccountRule.Free {
			t.Errorf("%d failures recorded, want %d", got, auth.AccountRule.Free)
		}
	})

	t.Run("lock", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
		for i := range auth.AccountRule.Lock {
			if err := auth.RecordFailure(context.Background(), e.pool, "anna@example.se", "198.51.100."+strconv.Itoa(i), e.clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Add(time.Minute)
		r := e.browser().post("/logga-in", creds("anna@example.se", annaPassword))
		wantStatus(t, r, http.StatusTooManyRequests)
		if msg := r.Text("sign-in-error"); !strings.Contains(msg, "tillfälligt spärrad") || !strings.Contains(msg, "om 14 minuter") {
			t.Errorf("lock message %q", msg)
		}
		e.clock.Add(14 * time.Minute)
		e.browser().signIn("anna@example.se", annaPassword)
	})

	t.Run("per address", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
		b := e.browser()
		ip := strings.Split(b.addr, ":")[0]
		for i := range auth.AddressRule.Free - 1 {
			if err := auth.RecordFailure(context.Background(), e.pool, "konto"+strconv.Itoa(i)+"@example.se", ip, e.clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		wantStatus(t, b.post("/logga-in", creds("ytterligare@example.se", "fel lösenord!")), http.StatusUnprocessableEntity)
		r := b.post("/logga-in", creds("anna@example.se", annaPassword))
		wantStatus(t, r, http.StatusTooManyRequests)
		if msg := r.Text("sign-in-error"); !strings.Contains(msg, "om 2 sekunder") {
			t.Errorf("message %q", msg)
		}
		// Another address is not held up by this one's failures.
		e.browser().signIn("anna@example.se", annaPassword)
	})

	t.Run("address lock", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
		b := e.browser()
		ip := strings.Split(b.addr, ":")[0]
		for i := range auth.AddressRule.Lock {
			if err := auth.RecordFailure(context.Background(), e.pool, "konto"+strconv.Itoa(i)+"@example.se", ip, e.clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Add(5 * time.Minute)
		r := b.post("/logga-in", creds("anna@example.se", annaPassword))
		wantStatus(t, r, http.StatusTooManyRequests)
		if msg := r.Text("sign-in-error"); !strings.Contains(msg, "tillfälligt spärrad") || !strings.Contains(msg, "om 10 minuter") {
			t.Errorf("message %q", msg)
		}
	})

	t.Run("same answers with and without an account", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
		// Both addresses go through the same steps at the same times;
		// every answer must match but for the typed address.
		for step := range auth.AccountRule.Free + 2 {
			var answers []*testutil.Response
			for _, addr := range []string{"anna@example.se", "ingen@example.se"} {
				answers = append(answers, e.browser().post("/logga-in", creds(addr, "fel lösenord!")))
			}
			a, b := answers[0], answers[1]
			if a.Status != b.Status || mainText(a, "anna@example.se") != mainText(b, "ingen@example.se") {
				t.Fatalf("attempt %d: %d %q\nvs %d %q", step+1, a.Status, mainText(a, "anna@example.se"), b.Status, mainText(b, "ingen@example.se"))
			}
			want := http.StatusUnprocessableEntity
			if step >= auth.AccountRule.Free {
				want = http.StatusTooManyRequests
			}
			wantStatus(t, a, want)
		}
	})
}
