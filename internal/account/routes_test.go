package account_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestCrossOriginRefused checks that every state-changing route of the area
// refuses a POST that a browser marks as coming from another site, before
// the handler runs.
func TestCrossOriginRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "anna@example.se", Name: "Anna", Password: annaPassword})
	b := e.browser()
	b.signIn("anna@example.se", annaPassword)
	before := e.count(`SELECT count(*) FROM audit_log`)

	routes := []string{
		"/registrera", "/registrera/bekrafta/x", "/registrera/ny-lank", "/logga-in", "/logga-ut",
		"/glomt-losenord", "/aterstall/x", "/konto/namn", "/konto/epost", "/konto/epost/bekrafta/x",
		"/konto/losenord", "/konto/sessioner/x/avsluta", "/konto/radera",
	}
	headers := map[string][2]string{
		"Sec-Fetch-Site cross-site": {"Sec-Fetch-Site", "cross-site"},
		"foreign Origin":            {"Origin", "https://evil.example"},
	}
	form := url.Values{"namn": {"Inte Anna"}, "losenord": {annaPassword}, "bekrafta": {"ja"}}
	for _, route := range routes {
		for name, h := range headers {
			t.Run(route+" "+name, func(t *testing.T) {
				req := httptest.NewRequest(http.MethodPost, route, strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set(h[0], h[1])
				if r := b.do(req); r.Status != http.StatusForbidden {
					t.Errorf("status %d, want 403", r.Status)
				}
			})
		}
	}
	if n := e.count(`SELECT count(*) FROM audit_log`); n != before {
		t.Errorf("%d audit entries written by refused requests", n-before)
	}
	if b.signedIn() != "Anna" {
		t.Error("a refused request changed the account or signed out")
	}
}
