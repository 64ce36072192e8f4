package actoredit_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/testutil"
)

// site is the whole portal over a database with the demo content, with a
// session manager the tests sign users in through.
type site struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
}

// newSite builds the site; mail is queued in river_job, never sent.
func newSite(t *testing.T) *site {
	t.Helper()
	from, err := mail.ParseFrom("Residens <noreply@residens.invalid>")
	if err != nil {
		t.Fatal(err)
	}
	ts := testutil.NewSite(t, testutil.SiteOptions{Env: map[string]string{"BASE_URL": "http://residens.test"},
		Jobs: &jobs.Config{From: from}})
	return &site{h: ts.H, pool: ts.Pool, sessions: ts.Sessions}
}

// account is a signed-in user of a test.
type account struct {
	ID     int64
	Name   string
	Email  string
	Cookie *http.Cookie
}

// signedIn adds an enabled, verified account of role and signs it in.
func (s *site) signedIn(t *testing.T, role auth.Role, name string) account {
	t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.se"
	var id int64
	if err := s.pool.QueryRow(context.Background(), `INSERT INTO users (email, name, role, email_verified_at)
		VALUES ($1, $2, $3, now()) RETURNING id`, email, name, string(role)).Scan(&id); err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/logga-in", nil)
	if err := db.InTx(context.Background(), s.pool, func(tx pgx.Tx) error {
		return s.sessions.SignIn(rec, req, tx, id)
	}); err != nil {
		t.Fatalf("sign in %s: %v", name, err)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName && c.Value != "" {
			return account{ID: id, Name: name, Email: email, Cookie: c}
		}
	}
	t.Fatalf("sign in %s: no session cookie", name)
	return account{}
}

// get requests target as a (zero account: anonymous).
func (s *site) get(t *testing.T, target string, a account) *testutil.Response {
	t.Helper()
	return s.do(t, http.MethodGet, target, a, nil)
}

// post sends form to target as a.
func (s *site) post(t *testing.T, target string, a account, form url.Values) *testutil.Response {
	t.Helper()
	return s.do(t, http.MethodPost, target, a, form)
}

func (s *site) do(t *testing.T, method, target string, a account, form url.Values) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.h, testutil.Request(method, target, form, a.Cookie))
}

// wantRedirect fails the test unless r is a 303 to location.
func wantRedirect(t *testing.T, r *testutil.Response, location string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != location {
		t.Fatalf("answer %d to %q, want 303 to %q; page says: %s %s %s", r.Status, r.Header.Get("Location"), location,
			r.Text("error-summary"), r.Text("problem"), r.Text("conflict"))
	}
}

// wantStatus fails the test unless r has status.
func wantStatus(t *testing.T, r *testutil.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; page says: %s %s", r.Status, status, r.Text("error-summary"), r.Text("problem"))
	}
}

// ids are the IDs of art forms and municipalities by slug, as the forms
// send them.
func id(t *testing.T, pool *pgxpool.Pool, table, slug string) string {
	t.Helper()
	return testutil.Scalar[string](t, pool, `SELECT id::text FROM `+table+` WHERE slug = $1`, slug)
}

// actorForm is a valid actor form.
func actorForm(t *testing.T, pool *pgxpool.Pool, name string) url.Values {
	t.Helper()
	return url.Values{
		"typ":         {"group"},
		"namn":        {name},
		"konstform":   {id(t, pool, "art_forms", "dans"), id(t, pool, "art_forms", "musik")},
		"kommun":      {id(t, pool, "municipalities", "nacka")},
		"beskrivning": {"Vi dansar **överallt**."},
		"webbplats":   {"https://exempel.se/grupp"},
		"epost":       {"kontakt@exempel.se"},
	}
}
