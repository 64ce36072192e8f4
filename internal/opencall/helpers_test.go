package opencall_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/testutil"
)

// baseURL is the site's public origin in these tests; invitation links
// start with it.
const baseURL = "http://residens.test"

// site is the whole portal over a database with the demo content, with a
// session manager the tests sign users in through and a mail queue that
// inserts jobs (nothing sends them).
type site struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
}

func newSite(t *testing.T) *site {
	t.Helper()
	from, err := mail.ParseFrom("Residens <noreply@residens.invalid>")
	if err != nil {
		t.Fatal(err)
	}
	ts := testutil.NewSite(t, testutil.SiteOptions{Env: map[string]string{"BASE_URL": baseURL}, Jobs: &jobs.Config{From: from}})
	return &site{h: ts.H, pool: ts.Pool, sessions: ts.Sessions}
}

// addUser inserts an enabled, verified account and returns its id.
func (s *site) addUser(t *testing.T, role auth.Role, email, name string) int64 {
	t.Helper()
	var id int64
	if err := s.pool.QueryRow(context.Background(), `INSERT INTO users (email, name, role, email_verified_at)
		VALUES ($1, $2, $3, now()) RETURNING id`, email, name, string(role)).Scan(&id); err != nil {
		t.Fatalf("add user %s: %v", email, err)
	}
	return id
}

// signIn adds an account with the role and returns the cookie of a session
// started through the real session manager, and the account's id.
func (s *site) signIn(t *testing.T, role auth.Role, name string) (*http.Cookie, int64) {
	t.Helper()
	id := s.addUser(t, role, strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@example.se", name)
	return s.cookie(t, id), id
}

func (s *site) cookie(t *testing.T, id int64) *http.Cookie {
	t.Helper()
	return testutil.SessionCookie(t, s.pool, s.sessions, id)
}

// do sends a request (a form when form is not nil) with the cookie.
func (s *site) do(t *testing.T, method, target string, c *http.Cookie, form url.Values) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.h, testutil.Request(method, target, form, c))
}

func (s *site) get(t *testing.T, target string, c *http.Cookie) *testutil.Response {
	t.Helper()
	return s.do(t, http.MethodGet, target, c, nil)
}

func (s *site) post(t *testing.T, target string, c *http.Cookie, form url.Values) *testutil.Response {
	t.Helper()
	return s.do(t, http.MethodPost, target, c, form)
}

// wantRedirect fails unless r is a 303 whose Location starts with prefix,
// and returns the Location.
func wantRedirect(t *testing.T, r *testutil.Response, prefix string) string {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("answer %d to %q, want 303 to %s…; page says: %s %s %s", r.Status, loc, prefix,
			r.Text("error-summary"), r.Text("refused"), r.Text("error-message"))
	}
	return loc
}

// municipalityID is the id of the demo municipality with slug, as text.
func (s *site) municipalityID(t *testing.T, slug string) string {
	t.Helper()
	return testutil.Scalar[string](t, s.pool, `SELECT id::text FROM municipalities WHERE slug = $1`, slug)
}

// validForm is a call form that passes validation and, once saved, can be
// published: a kommunkoreograf call in Nacka open from testutil.Now.
func (s *site) validForm(t *testing.T, title string) url.Values {
	t.Helper()
	return url.Values{
		"titel":                 {title},
		"typ":                   {"kommunkoreograf"},
		"kommun":                {s.municipalityID(t, "nacka")},
		"beskrivning":           {"Ett år av **dans** i Nacka."},
		"krav":                  {"Professionell koreograf."},
		"behorighet":            {"Koreografer och danskompanier."},
		"arvode":                {"350 000"},
		"period":                {"augusti 2027–juni 2028"},
		"lokaler":               {"Danssal i Fisksätra."},
		"oppnar-datum":          {"2026-11-20"},
		"oppnar-tid":            {"09:00"},
		"stanger-datum":         {"2027-03-28"},
		"stanger-tid":           {"12:00"},
		"kriterium-namn":        {"Konstnärlig kvalitet", "Erfarenhet av barn och unga", "", ""},
		"kriterium-beskrivning": {"Verkens kvalitet.", "", "", ""},
		"kriterium-vikt":        {"2", "1", "", ""},
		"bilaga-cv":             {"krav"},
		"bilaga-portfolio":      {"nej"},
		"bilaga-work_plan":      {"valfri"},
		"gallring":              {"24"},
	}
}

// Create saves form as a new call and returns its id as text.
func (s *site) create(t *testing.T, c *http.Cookie, form url.Values) string {
	t.Helper()
	loc := wantRedirect(t, s.post(t, "/konsulent/utlysningar/ny", c, form), "/konsulent/utlysningar/")
	id, _, _ := strings.Cut(strings.TrimPrefix(loc, "/konsulent/utlysningar/"), "?")
	return id
}

// queuedMail is a message waiting in River's job table.
type queuedMail struct {
	To, Subject, Text, Key string
}

// queuedMails returns the mail jobs to the address, oldest first.
func (s *site) queuedMails(t *testing.T, to string) []queuedMail {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT args FROM river_job WHERE kind = 'mail.send' AND lower(args->>'to') = lower($1) ORDER BY id`, to)
	if err != nil {
		t.Fatal(err)
	}
	raws, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		t.Fatal(err)
	}
	var out []queuedMail
	for _, raw := range raws {
		var m queuedMail
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}
