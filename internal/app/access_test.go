package app_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/event"
	"residens/internal/jobs"
	"residens/internal/secret"
	"residens/internal/testutil"
)

// access is the site's role/route table as package app has it: the test
// below checks that the router has exactly its routes and that each answers
// every kind of visitor as its policy says.
var access = func() map[string]app.Policy {
	m := map[string]app.Policy{}
	for _, rt := range app.Routes(app.Deps{}) {
		m[rt.Method+" "+rt.Pattern] = rt.Policy
	}
	return m
}()

// visitor is one kind of person the table is walked with.
type visitor struct {
	name     string
	role     auth.Role // "" for anonymous
	muni     string    // municipality slug, for officers
	disabled bool
}

var visitors = []visitor{
	{name: "anonymous"},
	{name: "artist", role: auth.RoleArtist},
	{name: "officer of Nacka", role: auth.RoleMunicipality, muni: "nacka"},
	{name: "officer of Värmdö", role: auth.RoleMunicipality, muni: "varmdo"},
	{name: "consultant", role: auth.RoleConsultant},
	{name: "admin", role: auth.RoleAdmin},
	{name: "juror", role: auth.RoleJuror},
	{name: "disabled admin", role: auth.RoleAdmin, disabled: true},
}

// outcome is what a visitor should get.
type outcome string

const (
	allowed   outcome = "allowed"
	toSignIn  outcome = "sign-in"
	forbidden outcome = "403"
)

func expect(p app.Policy, v visitor) outcome {
	if p == app.Public {
		return allowed
	}
	if v.role == "" || v.disabled {
		// A disabled account's session no longer counts: it is anonymous.
		return toSignIn
	}
	switch p {
	case app.Admin:
		if v.role != auth.RoleAdmin {
			return forbidden
		}
	case app.Consultant:
		if v.role != auth.RoleAdmin && v.role != auth.RoleConsultant {
			return forbidden
		}
	case app.Artist:
		if v.role != auth.RoleArtist {
			return forbidden
		}
	case app.Officer:
		if v.role != auth.RoleMunicipality {
			return forbidden
		}
	case app.Reviewer:
		if v.role != auth.RoleAdmin && v.role != auth.RoleConsultant && v.role != auth.RoleJuror {
			return forbidden
		}
	}
	return allowed
}

func TestRoleRouteTable(t *testing.T) {
	pool := testutil.DemoDB(t)
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	sessions := auth.EphemeralManager(pool, testutil.Clock)
	log := slog.New(slog.DiscardHandler)
	runner, err := jobs.New(pool, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom}, log)
	if err != nil {
		t.Fatal(err)
	}
	h := app.NewHandler(app.Deps{Pool: pool, Log: log, Config: cfg, Now: testutil.Clock, Sessions: sessions,
		Mail: runner.Mail(), Ready: func(context.Context) error { return nil }})

	// A real sign-up, so the manage pages answer as they do for a
	// participant (the first visitor's cancel leaves the others a 303).
	key, _ := secret.New()
	if _, err := event.NewStore(pool, runner.Mail(), "http://127.0.0.1:8080", testutil.Clock).SignUp(context.Background(),
		audit.Entry{IP: "192.0.2.9"}, event.Input{EventID: testutil.Scalar[int64](t, pool,
			`SELECT id FROM events WHERE slug = 'workshop-ansok-om-kulturstod'`), Name: "Åtkomst Test",
			Email: "atkomst@example.se", Role: "annan", Token: key}); err != nil {
		t.Fatal(err)
	}
	eventToken = key
	t.Cleanup(func() { eventToken = "" })

	routes := walk(t, h)
	for _, rt := range routes {
		if _, ok := access[rt]; !ok {
			t.Errorf("route %q is not in the route table of package app", rt)
		}
	}
	known := map[string]bool{}
	for _, rt := range routes {
		known[rt] = true
	}
	for rt := range access {
		if !known[rt] {
			t.Errorf("access table names %q, which the router does not have", rt)
		}
	}

	// The admin routes that act on a user act on this one, never on a
	// visitor, so the walk does not change who the visitors are.
	target := mustAccount(t, pool, visitor{name: "target", role: auth.RoleArtist})
	ids := map[string]string{
		"{slug}":  "",
		"{id}":    strconv.FormatInt(target, 10),
		"{width}": "480",
		"{token}": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"{ref}":   strings.Repeat("0", 64),
		"{app}":   "1",
		"*":       "app.css",
	}
	events := mustEvent(t, pool)
	accounts := map[string]int64{}
	for _, v := range visitors {
		if v.role != "" {
			accounts[v.name] = mustAccount(t, pool, v)
		}
	}

	for _, rt := range routes {
		p, ok := access[rt]
		if !ok {
			continue
		}
		method, pattern, _ := strings.Cut(rt, " ")
		path := concrete(pattern, ids)
		if strings.HasPrefix(pattern, "/konsulent/evenemang/{id}") {
			path = events.path(pattern)
		}
		for _, v := range visitors {
			t.Run(rt+"/"+v.name, func(t *testing.T) {
				var cookie *http.Cookie
				if v.role != "" {
					// A fresh session for every request: signing out or
					// ending sessions must not spill into the next case.
					cookie = sessionCookie(t, pool, sessions, accounts[v.name])
				}
				status, loc, hdr := request(h, method, path, cookie)
				checkCaching(t, method+" "+path+" as "+v.name, cookie != nil, hdr)
				want := expect(p, v)
				got := classify(status, loc)
				if got == "404" && want == allowed && (p == app.Public || strings.Contains(pattern, "{")) {
					// A public page or an object the visitor does not
					// have (a made-up reference, a bad token) may answer
					// 404 to those allowed to ask.
					return
				}
				if string(got) != string(want) {
					t.Errorf("%s %s as %s: status %d (Location %q) = %s, want %s", method, path, v.name, status, loc, got, want)
				}
			})
		}
	}
}

// TestCrossOriginPostsRefused sends every state-changing route a request
// that a browser marks as coming from another site, and one that names a
// foreign Origin without the fetch metadata (an older browser): each must be
// refused before any handler runs, signed in or not.
func TestCrossOriginPostsRefused(t *testing.T) {
	pool := testutil.DemoDB(t)
	sessions := auth.EphemeralManager(pool, testutil.Clock)
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	h := app.NewHandler(app.Deps{Pool: pool, Log: slog.New(slog.DiscardHandler), Config: cfg, Now: testutil.Clock, Sessions: sessions})
	admin := mustAccount(t, pool, visitor{name: "admin", role: auth.RoleAdmin})
	cookie := sessionCookie(t, pool, sessions, admin)
	ids := map[string]string{"{id}": strconv.FormatInt(admin, 10), "{token}": "AAAA", "{ref}": strings.Repeat("0", 64)}
	posts := 0
	for _, rt := range walk(t, h) {
		method, pattern, _ := strings.Cut(rt, " ")
		if method == http.MethodGet {
			continue
		}
		posts++
		path := concrete(pattern, ids)
		for _, hdr := range [][2]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://angripare.example"}} {
			for _, c := range []*http.Cookie{nil, cookie} {
				req := httptest.NewRequest(method, path, strings.NewReader("namn=x"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set(hdr[0], hdr[1])
				if c != nil {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusForbidden {
					t.Errorf("%s %s with %s: %s (signed in: %v): status %d, want 403", method, path, hdr[0], hdr[1], c != nil, rec.Code)
				}
			}
		}
	}
	if posts < 10 {
		t.Fatalf("only %d state-changing routes found; the walk is broken", posts)
	}
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("refused requests left %d audit entries (%v): a handler ran", n, err)
	}
}

func classify(status int, loc string) outcome {
	switch {
	case status == http.StatusSeeOther && strings.HasPrefix(loc, "/logga-in?nasta="):
		return toSignIn
	case status == http.StatusForbidden:
		return forbidden
	case status == http.StatusNotFound || status == http.StatusGone:
		return "404"
	case status >= 500:
		return "server error"
	}
	return allowed
}

// walk lists the router's routes as "METHOD pattern".
func walk(t *testing.T, h http.Handler) []string {
	t.Helper()
	routes, ok := h.(chi.Routes)
	if !ok {
		t.Fatalf("the site handler is a %T, not a chi router", h)
	}
	var out []string
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if method == http.MethodHead {
			return nil
		}
		out = append(out, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// eventToken is the manage token of a real sign-up while TestRoleRouteTable
// runs (it does not run in parallel).
var eventToken string

func concrete(pattern string, ids map[string]string) string {
	if eventToken != "" && strings.HasPrefix(pattern, "/evenemang/anmalan/") {
		pattern = strings.Replace(pattern, "{token}", eventToken, 1)
	}
	slugs := map[string]string{"/evenemang/": "kulturfrukost-i-nacka", "/residens/": "kommunkoreograf-i-nacka-2024", "/kommuner/": "nacka", "/kulturaktorer/": "jelnek", "/konsulent/kommuner/": "nacka"}
	for prefix, slug := range slugs {
		if strings.HasPrefix(pattern, prefix) && strings.Contains(pattern, "{slug}") {
			pattern = strings.Replace(pattern, "{slug}", slug, 1)
		}
	}
	if strings.HasPrefix(pattern, "/bilder/") {
		pattern = strings.Replace(pattern, "{id}", "1", 1)
	}
	for k, v := range ids {
		pattern = strings.ReplaceAll(pattern, k, v)
	}
	return pattern
}

// checkCaching fails on an answer to someone with a session that a shared
// cache could keep, and on any answer without an explicit Cache-Control or,
// unless it is a content-addressed file, without Vary: Cookie.
func checkCaching(t *testing.T, what string, session bool, h http.Header) {
	t.Helper()
	cc := h.Get("Cache-Control")
	if cc == "" {
		t.Errorf("%s: no Cache-Control", what)
		return
	}
	if session && !strings.Contains(cc, "private") && !strings.Contains(cc, "no-store") {
		t.Errorf("%s: Cache-Control %q lets a shared cache keep a signed-in visitor's answer", what, cc)
	}
	if !strings.Contains(cc, "immutable") && !strings.Contains(strings.Join(h.Values("Vary"), ","), "Cookie") {
		t.Errorf("%s: Vary %q lacks Cookie", what, h.Values("Vary"))
	}
}

func request(h http.Handler, method, path string, cookie *http.Cookie) (int, string, http.Header) {
	var req *http.Request
	if method == http.MethodPost {
		req = httptest.NewRequest(method, path, strings.NewReader(url.Values{}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	req.RemoteAddr = "192.0.2.10:5555"
	if cookie != nil {
		req.AddCookie(cookie)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Location"), rec.Header()
}

func mustAccount(t *testing.T, pool *pgxpool.Pool, v visitor) int64 {
	t.Helper()
	var id int64
	email := strings.NewReplacer(" ", "-", "ä", "a", "ö", "o").Replace(v.name) + "@example.se"
	err := pool.QueryRow(context.Background(), `
		INSERT INTO users (email, name, role, municipality_id, email_verified_at, disabled_at)
		VALUES ($1, $2, $3, (SELECT id FROM municipalities WHERE slug = nullif($4, '')), now(),
			CASE WHEN $5 THEN now() END)
		RETURNING id`, email, v.name, v.role, v.muni, v.disabled).Scan(&id)
	if err != nil {
		t.Fatalf("account %s: %v", v.name, err)
	}
	return id
}

func sessionCookie(t *testing.T, pool *pgxpool.Pool, m *auth.Manager, userID int64) *http.Cookie {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/logga-in", nil)
	if err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error { return m.SignIn(rec, req, tx, userID) }); err != nil {
		t.Fatal(err)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

// TestOversizedFormsGet413 sends more than a form may hold to the public
// forms: the answer is the Swedish 413 page, not a 500 or a half-read form.
func TestOversizedFormsGet413(t *testing.T) {
	pool := testutil.DemoDB(t)
	h := testutil.Site(t, pool)
	big := "namn=" + strings.Repeat("x", 200<<10)
	for _, path := range []string{"/logga-in", "/registrera", "/glomt-losenord"} {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(big))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("POST %s with 200 KiB: status %d, want 413", path, rec.Code)
		}
		if !strings.Contains(rec.Body.String(), "För mycket data") || !strings.Contains(rec.Body.String(), `lang="sv"`) {
			t.Errorf("POST %s with 200 KiB: not the Swedish 413 page", path)
		}
	}
}

// TestProposalRoutesScopedToMunicipality walks every officer route that
// names a proposal with a real proposal of Nacka: Nacka's officer reaches
// it, Värmdö's gets 404 on every one of them (GET and POST alike), and the
// proposal is untouched afterwards.
func TestProposalRoutesScopedToMunicipality(t *testing.T) {
	pool := testutil.DemoDB(t)
	sessions := auth.EphemeralManager(pool, testutil.Clock)
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	h := app.NewHandler(app.Deps{Pool: pool, Log: slog.New(slog.DiscardHandler), Config: cfg, Now: testutil.Clock, Sessions: sessions})
	nacka := mustAccount(t, pool, visitor{name: "officer of Nacka", role: auth.RoleMunicipality, muni: "nacka"})
	varmdo := mustAccount(t, pool, visitor{name: "officer of Värmdö", role: auth.RoleMunicipality, muni: "varmdo"})
	var id int64
	if err := pool.QueryRow(context.Background(), `
		INSERT INTO proposals (municipality_id, created_by, title)
		VALUES ((SELECT id FROM municipalities WHERE slug = 'nacka'), $1, 'Dans i Fisksätra') RETURNING id`, nacka).Scan(&id); err != nil {
		t.Fatal(err)
	}
	path := func(pattern string) string {
		return strings.ReplaceAll(pattern, "{id}", strconv.FormatInt(id, 10))
	}
	var routes []string
	for _, rt := range walk(t, h) {
		if _, pattern, _ := strings.Cut(rt, " "); strings.HasPrefix(pattern, "/kommun/forslag/{id}") {
			routes = append(routes, rt)
		}
	}
	if len(routes) < 5 {
		t.Fatalf("only %d proposal routes found: %v", len(routes), routes)
	}
	for _, rt := range routes {
		method, pattern, _ := strings.Cut(rt, " ")
		t.Run(rt, func(t *testing.T) {
			status, _, _ := request(h, method, path(pattern), sessionCookie(t, pool, sessions, varmdo))
			if status != http.StatusNotFound {
				t.Errorf("%s as the officer of Värmdö: status %d, want 404", rt, status)
			}
		})
	}
	for _, p := range []string{"/kommun/forslag/{id}", "/kommun/forslag/{id}/andra"} {
		if status, _, _ := request(h, http.MethodGet, path(p), sessionCookie(t, pool, sessions, nacka)); status != http.StatusOK {
			t.Errorf("GET %s as the officer of Nacka: status %d, want 200", p, status)
		}
	}
	var state string
	var version, events int
	if err := pool.QueryRow(context.Background(), `SELECT state, version, (SELECT count(*) FROM proposal_events WHERE proposal_id = $1)
		FROM proposals WHERE id = $1`, id).Scan(&state, &version, &events); err != nil {
		t.Fatal(err)
	}
	if state != "draft" || version != 1 || events != 0 {
		t.Errorf("after Värmdö's requests the proposal is %s, version %d, %d events; want untouched", state, version, events)
	}
}
