package application_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/jobs"
	"residens/internal/registry"
	"residens/internal/testutil"
)

// clock is the site's time, which a test may move (to a second before a
// closing time, say).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// site is the whole portal over a database with the demo content, on a
// clock the test controls (testutil.Now to begin with), with a mail queue
// that inserts River jobs and registration numbers prefixed TEST.
type site struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
	clock    *clock
}

func newSite(t *testing.T) *site {
	t.Helper()
	s, _ := newSiteWith(t, nil)
	return s
}

// newSiteWith is newSite with the jobs runner configured by jc (the
// defaults when nil), which it returns for tests that work the jobs.
func newSiteWith(t *testing.T, jc *jobs.Config) (*site, *jobs.Runner) {
	t.Helper()
	c := &clock{t: testutil.Now}
	ts := testutil.NewSite(t, testutil.SiteOptions{Jobs: jc, Now: c.Now, Registry: registry.New("TEST")})
	return &site{h: ts.H, pool: ts.Pool, sessions: ts.Sessions, clock: c}, ts.Runner
}

// user is an account of the test, with a session.
type user struct {
	ID     int64
	Name   string
	Email  string
	cookie *http.Cookie
}

// account adds an enabled account with role and signs it in.
func (s *site) account(t *testing.T, role auth.Role, name string) user {
	t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.NewReplacer(" ", ".", "å", "a", "ä", "a", "ö", "o").Replace(name)) + "@example.se"
	u := user{Name: name, Email: email}
	err := s.pool.QueryRow(ctx, `
		INSERT INTO users (email, name, role, email_verified_at) VALUES ($1, $2, $3, now()) RETURNING id`,
		email, name, string(role)).Scan(&u.ID)
	if err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	return s.signIn(t, u)
}

// signIn gives u a fresh session at the site's time, through the real
// session manager.
func (s *site) signIn(t *testing.T, u user) user {
	t.Helper()
	u.cookie = testutil.SessionCookie(t, s.pool, s.sessions, u.ID)
	return u
}

func (s *site) artist(t *testing.T, name string) user {
	t.Helper()
	return s.account(t, auth.RoleArtist, name)
}

// serve sends req with u's cookie and parses the answer.
func (s *site) serve(t *testing.T, req *http.Request, u user) *testutil.Response {
	t.Helper()
	if u.cookie != nil {
		req.AddCookie(u.cookie)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatalf("%s %s: parse HTML: %v", req.Method, req.URL, err)
	}
	return &testutil.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.String(), Doc: doc}
}

func (s *site) get(t *testing.T, target string, u user) *testutil.Response {
	t.Helper()
	return s.serve(t, httptest.NewRequest(http.MethodGet, target, nil), u)
}

func (s *site) post(t *testing.T, target string, u user, form url.Values) *testutil.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.serve(t, req, u)
}

// Upload posts form with one file as multipart, as the form's upload
// button does.
func (s *site) upload(t *testing.T, target string, u user, form url.Values, filename string, data []byte) *testutil.Response {
	t.Helper()
	return s.serve(t, testutil.Upload(t, target, form, "fil", filename, data, nil), u)
}

// wantStatus fails unless r has status want, showing what the page says.
func wantStatus(t *testing.T, r *testutil.Response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d; Location %q; page says: %s | %s | %s", r.Status, want, r.Header.Get("Location"),
			r.Text("error-summary"), r.Text("problem"), r.Text("error-message"))
	}
}

// wantRedirect fails unless r is a 303 to location (with any query).
func wantRedirect(t *testing.T, r *testutil.Response, location string) {
	t.Helper()
	wantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != location && !strings.HasPrefix(loc, location+"?") {
		t.Fatalf("redirect to %q, want %q", loc, location)
	}
}

// openCall adds a published call with slug, open from a month before the
// test clock to a month after, asking for a required CV and an optional
// work plan.
func openCall(t *testing.T, s *site, slug string) int64 {
	t.Helper()
	return testutil.InsertCall(t, s.pool, testutil.Call{Slug: slug, Title: "Kommunkoreograf i " + slug,
		Municipalities: []string{"nacka"}, OpensAt: testutil.Now.AddDate(0, -1, 0), ClosesAt: testutil.Now.AddDate(0, 1, 0)})
}

// complete is a form holding everything but the attachments.
func complete() url.Values {
	return url.Values{
		"formular":        {"1"},
		"sokande":         {"person"},
		"kontakt-namn":    {"Ada Dansare"},
		"kontakt-epost":   {"ada@example.se"},
		"kontakt-telefon": {"070-123 45 67"},
		"praktik":         {"Samtida dans med fokus på improvisation."},
		"erfarenhet":      {"Tio år av dans med skolklasser och fritidsgårdar."},
		"ide":             {"Ett år av dans i skolan och på biblioteket."},
		"sprak":           {"svenska, engelska"},
		"video":           {"https://vimeo.com/123"},
		"forsakran":       {"ja"},
	}
}

// with returns a copy of v with key set to value ("" removes it).
func with(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	if value == "" {
		out.Del(key)
	} else {
		out.Set(key, value)
	}
	return out
}

// action returns form with the button's name and value added.
func action(form url.Values, value string) url.Values {
	return with(form, "atgard", value)
}

// pdf is a small valid PDF of about n bytes.
func pdf(n int) []byte {
	head := "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"
	tail := "\ntrailer << /Root 1 0 R >>\n%%EOF\n"
	pad := max(0, n-len(head)-len(tail))
	return []byte(head + strings.Repeat("%", pad) + tail)
}

// inputValue returns the value of the form field named name on the page.
func inputValue(r *testutil.Response, name string) string {
	e := r.Doc.Find(`[name="` + name + `"]`).First()
	if goquery.NodeName(e) == "textarea" {
		return e.Text()
	}
	v, _ := e.Attr("value")
	return v
}

// missingFields returns the fields the page lists as still missing.
func missingFields(r *testutil.Response) []string {
	return testutil.Attrs(r.TestID("missing").Find("li"), "data-field")
}

// errorFields returns the fields the error summary links to.
func errorFields(r *testutil.Response) []string {
	var out []string
	for _, h := range testutil.Attrs(r.TestID("error-summary").Find("a"), "href") {
		out = append(out, strings.TrimPrefix(h, "#"))
	}
	return out
}
