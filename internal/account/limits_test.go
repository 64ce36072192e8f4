package account_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"residens/internal/testutil"
	"residens/internal/throttle"
)

// from returns a visitor of e at the client address addr (host:port).
func (e *env) from(addr string) *browser {
	b := e.browser()
	b.addr = addr
	return b
}

// postForwarded posts form from b with the X-Forwarded-For header xff.
func (b *browser) postForwarded(target string, form url.Values, xff string) *testutil.Response {
	b.e.t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", xff)
	return b.do(req)
}

// wantLimited checks the 429 page: Retry-After in seconds, no caching, and
// the Swedish reason with the Stockholm time to try again.
func wantLimited(t *testing.T, r *testutil.Response, reason string, retryAfter time.Duration) {
	t.Helper()
	wantStatus(t, r, http.StatusTooManyRequests)
	if got, want := r.Header.Get("Retry-After"), fmt.Sprint(int(retryAfter/time.Second)); got != want {
		t.Errorf("Retry-After %q, want %q", got, want)
	}
	if got := r.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", got)
	}
	if msg := r.Text("error-message"); !strings.Contains(msg, reason) || !strings.Contains(msg, "Du kan försöka igen klockan") {
		t.Errorf("message %q, want %q and when to try again", msg, reason)
	}
	testutil.CheckPage(t, "429", r)
}

func forgotForm(email string) url.Values { return url.Values{"epost": {email}} }

// TestForgotLimitIsTheSameForEveryAddress: the per-address limit on
// /glomt-losenord counts an address with an account and one without alike,
// across instances, and refuses both with the very same page.
func TestForgotLimitIsTheSameForEveryAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "anna@example.se", Password: goodPassword})
	sites := []*env{e, e.instance()}
	limit := throttle.DefaultLimits.MailsPerAddress
	answers := map[string]*testutil.Response{}
	for _, email := range []string{"anna@example.se", "okand@example.se"} {
		for i := range limit {
			b := sites[i%2].from(fmt.Sprintf("198.51.100.%d:4000", i+1))
			wantRedirect(t, b.post("/glomt-losenord", forgotForm(email)), "/glomt-losenord/skickat")
		}
		r := sites[1].from("198.51.100.99:4000").post("/glomt-losenord", forgotForm(strings.ToUpper(email)))
		wantLimited(t, r, "med den e-postadressen", time.Hour)
		answers[email] = r
	}
	a, o := answers["anna@example.se"], answers["okand@example.se"]
	if mainText(a) != mainText(o) || a.Header.Get("Retry-After") != o.Header.Get("Retry-After") {
		t.Errorf("the refusals differ:\n%s\n%s", mainText(a), mainText(o))
	}
	if n := len(e.mails("anna@example.se")); n != 1 {
		t.Errorf("%d messages to anna, want the one reset link", n)
	}
	wantRedirect(t, e.from("198.51.100.99:4000").post("/glomt-losenord", forgotForm("tredje@example.se")), "/glomt-losenord/skickat")
}

// TestAccountFormLimitPerClientAddress: one client address may send each
// account form so many times an hour, whichever instance serves it, and a
// forged X-Forwarded-For from a peer that is no trusted proxy changes
// nothing; another address, or another form, is not held up.
func TestAccountFormLimitPerClientAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sites := []*env{e, e.instance()}
	limit := throttle.DefaultLimits.FormsPerIP
	for i := range limit {
		b := sites[i%2].from(fmt.Sprintf("192.0.2.7:%d", 4000+i))
		r := b.postForwarded("/glomt-losenord", forgotForm(fmt.Sprintf("person%d@example.se", i)), fmt.Sprintf("203.0.113.%d", i+1))
		wantRedirect(t, r, "/glomt-losenord/skickat")
	}
	b := e.from("192.0.2.7:5000")
	wantLimited(t, b.postForwarded("/glomt-losenord", forgotForm("ny@example.se"), "203.0.113.200"), "från din anslutning", time.Hour)
	e.clock.Add(59 * time.Minute)
	wantLimited(t, b.post("/glomt-losenord", forgotForm("ny@example.se")), "från din anslutning", time.Minute)
	wantRedirect(t, b.post("/registrera/ny-lank", forgotForm("ny@example.se")), "/registrera/ny-lank/skickat")
	wantRedirect(t, e.from("192.0.2.8:4000").post("/glomt-losenord", forgotForm("ny@example.se")), "/glomt-losenord/skickat")
	e.clock.Add(time.Minute)
	wantRedirect(t, b.post("/glomt-losenord", forgotForm("ny2@example.se")), "/glomt-losenord/skickat")
}

// TestTrustedProxyNamesTheClient: behind a trusted proxy the limit is per
// client that the proxy names (the rightmost untrusted address), not per
// proxy, and what the client wrote into the header itself is not believed.
func TestTrustedProxyNamesTheClient(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	vars := map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8"}
	sites := []*env{e.instanceWith(vars), e.instanceWith(vars)}
	limit := throttle.DefaultLimits.FormsPerIP
	for i := range limit {
		b := sites[i%2].from(fmt.Sprintf("10.0.0.%d:4000", i%2+1))
		// The client's own forgery first, then what our proxies wrote.
		xff := fmt.Sprintf("192.0.2.%d, 198.51.100.7, 10.0.0.9", i+1)
		wantRedirect(t, b.postForwarded("/glomt-losenord", forgotForm(fmt.Sprintf("person%d@example.se", i)), xff), "/glomt-losenord/skickat")
	}
	proxy := sites[0].from("10.0.0.1:4000")
	wantLimited(t, proxy.postForwarded("/glomt-losenord", forgotForm("ny@example.se"), "192.0.2.250, 198.51.100.7"), "från din anslutning", time.Hour)
	wantRedirect(t, proxy.postForwarded("/glomt-losenord", forgotForm("ny@example.se"), "198.51.100.8"), "/glomt-losenord/skickat")
	// A peer outside the proxies is its own client, whatever it writes:
	// naming the limited client gets it neither that client's limit nor
	// a fresh key.
	direct := sites[1].from("192.0.2.77:4000")
	wantRedirect(t, direct.postForwarded("/glomt-losenord", forgotForm("ny2@example.se"), "198.51.100.7"), "/glomt-losenord/skickat")
	if n := e.count(`SELECT count(*) FROM throttle_events WHERE rule = 'form:glomt-losenord' AND key = 'ip:192.0.2.77'`); n != 1 {
		t.Errorf("uses counted for the direct peer: %d, want 1", n)
	}
}

// TestRegisterAndResendLimitsPerAddress: registering and asking for a new
// verification link are limited per typed address too; the first
// registration makes the account and the next ones only notify it, and all
// count alike.
func TestRegisterAndResendLimitsPerAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sites := []*env{e, e.instance()}
	limit := throttle.DefaultLimits.MailsPerAddress
	for i := range limit {
		b := sites[i%2].from(fmt.Sprintf("198.51.100.%d:4000", i+1))
		wantRedirect(t, b.post("/registrera", registration("Ada Lind", "ada@example.se", goodPassword, goodPassword, true)), "/registrera/skickat")
	}
	b := sites[1].from("198.51.100.50:4000")
	wantLimited(t, b.post("/registrera", registration("Ada Lind", "Ada@example.se", goodPassword, goodPassword, true)), "med den e-postadressen", time.Hour)
	if n := e.count(`SELECT count(*) FROM users WHERE email = 'ada@example.se'`); n != 1 {
		t.Errorf("%d accounts for the address, want 1", n)
	}
	// The new-link form counts on its own.
	for i := range limit {
		wantRedirect(t, sites[i%2].from("198.51.100.60:4000").post("/registrera/ny-lank", forgotForm("ada@example.se")), "/registrera/ny-lank/skickat")
	}
	wantLimited(t, b.post("/registrera/ny-lank", forgotForm("ada@example.se")), "med den e-postadressen", time.Hour)
	// A refused registration changed nothing and a valid one for another
	// address still goes through.
	wantRedirect(t, b.post("/registrera", registration("Bo Berg", "bo@example.se", goodPassword, goodPassword, true)), "/registrera/skickat")
}
