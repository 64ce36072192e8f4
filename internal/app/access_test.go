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
	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/jobs"
	"residens/internal/testutil"
)

// policy says who may use a route.
type policy int

const (
	// public: anyone, signed in or not (pages behind a token included: a
	// bad token gives the page's own 404 or 410, never a sign-in).
	public policy = iota
	// signedIn: any enabled account of any role.
	signedIn
	// adminOnly: admins.
	adminOnly
	// consultantOrAdmin: consultants and admins.
	consultantOrAdmin
	// artistOnly: artist accounts (their own profile).
	artistOnly
	// officerOnly: municipality officers (their municipality's proposals;
	// TestProposalRoutesScopedToMunicipality checks that another
	// municipality's officer gets 404).
	officerOnly
	// reviewer: consultants, admins and jurors, a juror only for the calls
	// they review (any other call answers 404: TestJurorAccess in package
	// review).
	reviewer
)

// access is the site's role/route table: every route the router knows must
// be here, so a new route cannot be added without deciding who may use it.
// Later issues add their routes (and municipality-scoped ones add a policy
// that tells an officer's own municipality from another's).
var access = map[string]policy{
	"GET /":                                   public,
	"GET /healthz":                            public,
	"GET /readyz":                             public,
	"GET /static/*":                           public,
	"GET /favicon.ico":                        public,
	"GET /bilder/{id}/{width}":                public,
	"GET /residens":                           public,
	"GET /residens/{slug}":                    public,
	"GET /kommuner":                           public,
	"GET /kommuner/{slug}":                    public,
	"GET /kulturaktorer":                      public,
	"GET /kulturaktorer/{slug}":               public,
	"GET /om-residens":                        public,
	"GET /tillganglighet":                     public,
	"GET /radgivning":                         public,
	"GET /radgivning/tider":                   public,
	"POST /radgivning/boka":                   public,
	"GET /radgivning/bokning/{token}":         public,
	"POST /radgivning/bokning/{token}/avboka": public,
	"GET /radgivning/bokning/{token}/flytta":  public,
	"POST /radgivning/bokning/{token}/flytta": public,
	"GET /personuppgifter":                    public,
	"GET /kakor":                              public,
	"GET /registrera":                         public,
	"POST /registrera":                        public,
	"GET /registrera/skickat":                 public,
	"GET /registrera/bekrafta/{token}":        public,
	"POST /registrera/bekrafta/{token}":       public,
	"GET /registrera/ny-lank":                 public,
	"POST /registrera/ny-lank":                public,
	"GET /registrera/ny-lank/skickat":         public,
	"GET /logga-in":                           public,
	"POST /logga-in":                          public,
	"GET /logga-ut":                           public,
	"POST /logga-ut":                          public,
	"GET /glomt-losenord":                     public,
	"POST /glomt-losenord":                    public,
	"GET /glomt-losenord/skickat":             public,
	"GET /aterstall/{token}":                  public,
	"POST /aterstall/{token}":                 public,
	"GET /konto/epost/bekrafta/{token}":       public,
	"POST /konto/epost/bekrafta/{token}":      public,
	"GET /konto/raderat":                      public,
	"GET /inbjudan/{token}":                   public,
	"POST /inbjudan/{token}":                  public,
	"GET /diarium":                            public,

	"GET /konto":                          signedIn,
	"POST /konto/namn":                    signedIn,
	"POST /konto/epost":                   signedIn,
	"POST /konto/losenord":                signedIn,
	"POST /konto/sessioner/{ref}/avsluta": signedIn,
	"GET /konto/data":                     signedIn,
	"GET /konto/radera":                   signedIn,
	"POST /konto/radera":                  signedIn,

	"GET /admin/anvandare":                         adminOnly,
	"GET /admin/anvandare/bjud-in":                 adminOnly,
	"POST /admin/anvandare/bjud-in":                adminOnly,
	"GET /admin/anvandare/{id}":                    adminOnly,
	"POST /admin/anvandare/{id}/roll":              adminOnly,
	"POST /admin/anvandare/{id}/sparra":            adminOnly,
	"POST /admin/anvandare/{id}/oppna":             adminOnly,
	"POST /admin/anvandare/{id}/avsluta-sessioner": adminOnly,
	"POST /admin/anvandare/{id}/bjud-in-igen":      adminOnly,
	"GET /admin/logg":                              adminOnly,

	"GET /konsulent/inbjudan":  consultantOrAdmin,
	"POST /konsulent/inbjudan": consultantOrAdmin,

	"GET /konsulent/residens":                   consultantOrAdmin,
	"GET /konsulent/residens/ny":                consultantOrAdmin,
	"POST /konsulent/residens/ny":               consultantOrAdmin,
	"GET /konsulent/residens/{id}":              consultantOrAdmin,
	"POST /konsulent/residens/{id}":             consultantOrAdmin,
	"POST /konsulent/residens/{id}/avpublicera": consultantOrAdmin,
	"GET /konsulent/residens/{id}/radera":       adminOnly,
	"POST /konsulent/residens/{id}/radera":      adminOnly,

	"GET /konsulent/kulturaktorer":                    consultantOrAdmin,
	"GET /konsulent/kulturaktorer/ny":                 consultantOrAdmin,
	"POST /konsulent/kulturaktorer/ny":                consultantOrAdmin,
	"GET /konsulent/kulturaktorer/{id}":               consultantOrAdmin,
	"POST /konsulent/kulturaktorer/{id}":              consultantOrAdmin,
	"GET /konsulent/granskning":                       consultantOrAdmin,
	"POST /konsulent/granskning/{id}/godkann":         consultantOrAdmin,
	"POST /konsulent/granskning/{id}/skicka-tillbaka": consultantOrAdmin,
	"GET /konsulent/kommuner":                         consultantOrAdmin,
	"GET /konsulent/kommuner/{slug}":                  consultantOrAdmin,
	"POST /konsulent/kommuner/{slug}":                 consultantOrAdmin,
	"GET /konto/profil":                               artistOnly,
	"POST /konto/profil":                              artistOnly,
	"POST /konto/profil/ansprak":                      artistOnly,

	"GET /kommun":                          officerOnly,
	"GET /kommun/forslag/nytt":             officerOnly,
	"POST /kommun/forslag/nytt":            officerOnly,
	"GET /kommun/forslag/{id}":             officerOnly,
	"GET /kommun/forslag/{id}/andra":       officerOnly,
	"POST /kommun/forslag/{id}/andra":      officerOnly,
	"GET /kommun/forslag/{id}/kvitto":      officerOnly,
	"POST /kommun/forslag/{id}/meddelande": officerOnly,
	"POST /kommun/forslag/{id}/aterkalla":  officerOnly,

	"GET /konsulent/forslag":                     consultantOrAdmin,
	"GET /konsulent/forslag/{id}":                consultantOrAdmin,
	"POST /konsulent/forslag/{id}/ta":            consultantOrAdmin,
	"POST /konsulent/forslag/{id}/meddelande":    consultantOrAdmin,
	"POST /konsulent/forslag/{id}/anteckning":    consultantOrAdmin,
	"POST /konsulent/forslag/{id}/komplettering": consultantOrAdmin,
	"POST /konsulent/forslag/{id}/godkann":       consultantOrAdmin,
	"POST /konsulent/forslag/{id}/avsla":         consultantOrAdmin,

	// Open calls: the public pages, and the consultants' management.
	"GET /utlysningar":                                          public,
	"GET /utlysningar/{slug}":                                   public,
	"GET /kommunkoreograf":                                      public,
	"GET /konsulent/utlysningar":                                consultantOrAdmin,
	"GET /konsulent/utlysningar/ny":                             consultantOrAdmin,
	"POST /konsulent/utlysningar/ny":                            consultantOrAdmin,
	"GET /konsulent/utlysningar/{id}":                           consultantOrAdmin,
	"GET /konsulent/utlysningar/{id}/andra":                     consultantOrAdmin,
	"POST /konsulent/utlysningar/{id}/andra":                    consultantOrAdmin,
	"POST /konsulent/utlysningar/{id}/publicera":                consultantOrAdmin,
	"POST /konsulent/utlysningar/{id}/granskare":                consultantOrAdmin,
	"POST /konsulent/utlysningar/{id}/granskare/{user}/ta-bort": consultantOrAdmin,

	// An artist's own applications; TestOtherArtistsApplicationsAnswer404
	// in package application checks that another artist's answer 404.
	"GET /utlysningar/{slug}/ansokan":                         artistOnly,
	"POST /utlysningar/{slug}/ansokan":                        artistOnly,
	"POST /utlysningar/{slug}/ansokan/bilagor":                artistOnly,
	"POST /utlysningar/{slug}/ansokan/bilagor/{file}/ta-bort": artistOnly,
	"GET /utlysningar/{slug}/ansokan/kvitto":                  artistOnly,
	"POST /utlysningar/{slug}/ansokan/aterkalla":              artistOnly,
	"GET /mina-ansokningar":                                   artistOnly,
	"GET /mina-ansokningar/{id}":                              artistOnly,
	"GET /mina-ansokningar/{id}/bilagor/{file}":               artistOnly,

	// The review of an open call's applications; the ranking, decisions,
	// outcome and export are the consultants' alone.
	"GET /jury": reviewer,
	"GET /konsulent/utlysningar/{id}/ansokningar":                      reviewer,
	"GET /konsulent/utlysningar/{id}/ansokningar/{app}":                reviewer,
	"POST /konsulent/utlysningar/{id}/ansokningar/{app}/jav":           reviewer,
	"POST /konsulent/utlysningar/{id}/ansokningar/{app}/poang":         reviewer,
	"GET /konsulent/utlysningar/{id}/ansokningar/{app}/bilagor/{file}": reviewer,
	"GET /konsulent/utlysningar/{id}/rangordning":                      consultantOrAdmin,
	"POST /konsulent/utlysningar/{id}/ansokningar/{app}/kortlista":     consultantOrAdmin,
	"POST /konsulent/utlysningar/{id}/ansokningar/{app}/beslut":        consultantOrAdmin,
	"GET /konsulent/utlysningar/{id}/besked":                           consultantOrAdmin,
	"POST /konsulent/utlysningar/{id}/besked":                          consultantOrAdmin,
	"POST /konsulent/utlysningar/{id}/besked/skicka":                   consultantOrAdmin,
	"GET /konsulent/utlysningar/{id}/export.csv":                       consultantOrAdmin,

	"GET /konsulent/tillganglighet":             consultantOrAdmin,
	"POST /konsulent/tillganglighet":            consultantOrAdmin,
	"GET /konsulent/bokningar":                  consultantOrAdmin,
	"GET /konsulent/bokningar/{id}":             consultantOrAdmin,
	"POST /konsulent/bokningar/{id}/bekrafta":   consultantOrAdmin,
	"POST /konsulent/bokningar/{id}/avboj":      consultantOrAdmin,
	"POST /konsulent/bokningar/{id}/avboka":     consultantOrAdmin,
	"POST /konsulent/bokningar/{id}/genomford":  consultantOrAdmin,
	"POST /konsulent/bokningar/{id}/uteblev":    consultantOrAdmin,
	"POST /konsulent/bokningar/{id}/anteckning": consultantOrAdmin,
	"GET /konsulent/bokningar/{id}/ny-tid":      consultantOrAdmin,
	"POST /konsulent/bokningar/{id}/ny-tid":     consultantOrAdmin,
}

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

func expect(p policy, v visitor) outcome {
	if p == public {
		return allowed
	}
	if v.role == "" || v.disabled {
		// A disabled account's session no longer counts: it is anonymous.
		return toSignIn
	}
	switch p {
	case adminOnly:
		if v.role != auth.RoleAdmin {
			return forbidden
		}
	case consultantOrAdmin:
		if v.role != auth.RoleAdmin && v.role != auth.RoleConsultant {
			return forbidden
		}
	case artistOnly:
		if v.role != auth.RoleArtist {
			return forbidden
		}
	case officerOnly:
		if v.role != auth.RoleMunicipality {
			return forbidden
		}
	case reviewer:
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

	routes := walk(t, h)
	for _, rt := range routes {
		if _, ok := access[rt]; !ok {
			t.Errorf("route %q is not in the access table: decide who may use it", rt)
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
				if got == "404" && want == allowed && (p == public || strings.Contains(pattern, "{")) {
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

func concrete(pattern string, ids map[string]string) string {
	slugs := map[string]string{"/residens/": "kommunkoreograf-i-nacka-2024", "/kommuner/": "nacka", "/kulturaktorer/": "jelnek", "/konsulent/kommuner/": "nacka"}
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
