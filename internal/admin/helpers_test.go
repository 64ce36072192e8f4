package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/testutil"
)

// baseURL is the site's public origin in these tests; invitation links
// start with it.
const baseURL = "http://residens.test"

// goodPassword passes auth.CheckPassword.
const goodPassword = "korp gran fjällsjö 42"

// site is the whole portal over a database with the demo content, with a
// session manager the tests can sign users in through.
type site struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
}

// newSite builds the site. Mail is queued in river_job but not sent unless
// runner is given (a started jobs.Runner whose queue the site uses).
func newSite(t *testing.T) *site {
	t.Helper()
	from, err := mail.ParseFrom("Residens <noreply@residens.invalid>")
	if err != nil {
		t.Fatal(err)
	}
	ts := testutil.NewSite(t, testutil.SiteOptions{Env: map[string]string{"BASE_URL": baseURL}, Jobs: &jobs.Config{From: from}})
	return &site{h: ts.H, pool: ts.Pool, sessions: ts.Sessions}
}

var (
	hashOnce sync.Once
	hash     string
)

// passwordHash is goodPassword hashed once: argon2id is slow on purpose.
func passwordHash(t *testing.T) string {
	t.Helper()
	hashOnce.Do(func() {
		var err error
		if hash, err = auth.HashPassword(goodPassword); err != nil {
			panic(err)
		}
	})
	return hash
}

// user is an account a test made.
type user struct {
	ID    int64
	Email string
	Name  string
}

// addUser inserts an enabled, verified account with goodPassword; a
// municipality officer belongs to municipality (a slug of the demo content).
func (s *site) addUser(t *testing.T, role auth.Role, email, name, municipality string) user {
	t.Helper()
	var id int64
	err := s.pool.QueryRow(context.Background(), `
		INSERT INTO users (email, name, role, municipality_id, password_hash, email_verified_at)
		VALUES ($1, $2, $3, (SELECT id FROM municipalities WHERE slug = nullif($4, '')), $5, now()) RETURNING id`,
		email, name, string(role), municipality, passwordHash(t)).Scan(&id)
	if err != nil {
		t.Fatalf("add user %s: %v", email, err)
	}
	return user{ID: id, Email: email, Name: name}
}

// signIn starts a session for the user through the real session manager
// and returns its cookie.
func (s *site) signIn(t *testing.T, u user) *http.Cookie {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/logga-in", nil)
	if err := db.InTx(context.Background(), s.pool, func(tx pgx.Tx) error {
		return s.sessions.SignIn(rec, req, tx, u.ID)
	}); err != nil {
		t.Fatalf("sign in %s: %v", u.Email, err)
	}
	c := sessionCookie(rec.Result())
	if c == nil {
		t.Fatalf("sign in %s: no session cookie", u.Email)
	}
	return c
}

func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == auth.CookieName && c.MaxAge >= 0 && c.Value != "" {
			return c
		}
	}
	return nil
}

// response is an answer as a test sees it.
type response struct {
	*testutil.Response
	Cookie *http.Cookie // a new session cookie, if one was set
}

// get requests target with the cookie (nil: anonymous).
func (s *site) get(t *testing.T, target string, c *http.Cookie) *response {
	t.Helper()
	return s.do(t, http.MethodGet, target, c, nil)
}

// post sends form to target with the cookie (nil: anonymous).
func (s *site) post(t *testing.T, target string, c *http.Cookie, form url.Values) *response {
	t.Helper()
	return s.do(t, http.MethodPost, target, c, form)
}

func (s *site) do(t *testing.T, method, target string, c *http.Cookie, form url.Values) *response {
	t.Helper()
	return s.doWith(t, method, target, c, form, nil)
}

// doWith is do with extra request headers.
func (s *site) doWith(t *testing.T, method, target string, c *http.Cookie, form url.Values, header http.Header) *response {
	t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	res := rec.Result()
	body := rec.Body.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: parse HTML: %v", method, target, err)
	}
	return &response{Response: &testutil.Response{Status: rec.Code, Header: rec.Header(), Body: body, Doc: doc},
		Cookie: sessionCookie(res)}
}

// wantRedirect fails the test unless r is a 303 to location.
func wantRedirect(t *testing.T, r *response, location string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != location {
		t.Fatalf("answer %d to %q, want 303 to %q; page says: %s %s", r.Status, r.Header.Get("Location"), location,
			r.Text("error-summary"), r.Text("problem"))
	}
}

// signedIn reports whether the cookie still signs someone in, by asking the
// layout, which shows the account link to signed-in visitors only.
func (s *site) signedIn(t *testing.T, c *http.Cookie) bool {
	t.Helper()
	return s.get(t, "/", c).TestID("account-link").Length() == 1
}

// queuedMail is a message waiting in River's job table.
type queuedMail struct {
	To, Subject, Text, HTML, Key string
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

// inviteLink returns the invitation link (its path) in the text of m.
func inviteLink(t *testing.T, m queuedMail) string {
	t.Helper()
	i := strings.Index(m.Text, baseURL+"/inbjudan/")
	if i < 0 {
		t.Fatalf("no invitation link in:\n%s", m.Text)
	}
	link := m.Text[i:]
	if j := strings.IndexAny(link, " \n\t<>"); j >= 0 {
		link = link[:j]
	}
	return strings.TrimPrefix(link, baseURL)
}

// count runs a count query.
func (s *site) count(t *testing.T, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// userID returns the id of the account with the address.
func (s *site) userID(t *testing.T, email string) int64 {
	t.Helper()
	var id int64
	if err := s.pool.QueryRow(context.Background(), `SELECT id FROM users WHERE lower(email) = lower($1)`, email).Scan(&id); err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return id
}
