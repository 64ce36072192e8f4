package account_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db/dbtest"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/testutil"
)

// base is the site's origin in the tests, and so in the links of its mail.
const base = "http://127.0.0.1:8080"

// clock is the site's time, which a test may move.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is the whole site over a fresh database, with a mail queue whose jobs
// stay in river_job (nothing works them) for the test to read.
type env struct {
	t     *testing.T
	pool  *pgxpool.Pool
	h     http.Handler
	clock *clock
	// Mail, when set, is the runner that works the queue (see startMail).
	runner *jobs.Runner
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, dbtest.New(t), jobs.Config{From: netmail.Address{Name: "Residens", Address: "noreply@example.se"}})
}

func newEnvWith(t *testing.T, pool *pgxpool.Pool, jc jobs.Config) *env {
	t.Helper()
	c := &clock{t: testutil.Now}
	ts := testutil.NewSite(t, testutil.SiteOptions{Pool: pool, Jobs: &jc, Now: c.Now})
	if ts.Config.BaseURL.String() != base {
		t.Fatalf("base URL %s, want %s", ts.Config.BaseURL, base)
	}
	return &env{t: t, pool: pool, h: ts.H, clock: c, runner: ts.Runner}
}

// instance returns another instance of the site over the same database
// and clock: its own handler and session keys, as a second server would
// have.
func (e *env) instance() *env {
	e.t.Helper()
	return e.instanceWith(nil)
}

// instanceWith is instance with the configuration variables in vars.
func (e *env) instanceWith(vars map[string]string) *env {
	e.t.Helper()
	other := *e
	// Its own handler and session keys over the same database, clock and
	// queue.
	jc := jobs.Config{From: netmail.Address{Name: "Residens", Address: "noreply@example.se"}}
	other.h = testutil.NewSite(e.t, testutil.SiteOptions{Pool: e.pool, Env: vars, Jobs: &jc, Now: e.clock.Now}).H
	return &other
}

// browser is one visitor: a client address, a user agent and the session
// cookie the site gave it.
type browser struct {
	e      *env
	addr   string
	ua     string
	cookie *http.Cookie
}

var nextAddr struct {
	sync.Mutex
	n int
}

// browser returns a new visitor with an address of its own.
func (e *env) browser() *browser {
	nextAddr.Lock()
	nextAddr.n++
	n := nextAddr.n
	nextAddr.Unlock()
	return &browser{e: e, addr: "192.0.2." + strconv.Itoa(n%250+1) + ":" + strconv.Itoa(40000+n), ua: "Testwebbläsare/" + strconv.Itoa(n)}
}

func (b *browser) get(target string) *testutil.Response {
	b.e.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, target, nil))
}

func (b *browser) post(target string, form url.Values) *testutil.Response {
	b.e.t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) do(req *http.Request) *testutil.Response {
	b.e.t.Helper()
	req.RemoteAddr = b.addr
	req.Header.Set("User-Agent", b.ua)
	if b.cookie != nil {
		req.AddCookie(b.cookie)
	}
	rec := httptest.NewRecorder()
	b.e.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name != auth.CookieName {
			continue
		}
		if c.MaxAge < 0 || c.Value == "" {
			b.cookie = nil
		} else {
			b.cookie = &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	body := rec.Body.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		b.e.t.Fatalf("%s %s: parse: %v", req.Method, req.URL, err)
	}
	return &testutil.Response{Status: rec.Code, Header: rec.Header(), Body: body, Doc: doc}
}

// wantRedirect fails unless r is a 303 to location.
func wantRedirect(t *testing.T, r *testutil.Response, location string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != location {
		t.Fatalf("status %d to %q, want 303 to %q; page says: %s %s", r.Status, r.Header.Get("Location"), location,
			r.Text("error-summary"), r.Text("error-message"))
	}
}

// wantStatus fails unless r has status.
func wantStatus(t *testing.T, r *testutil.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; page says: %s %s %s", r.Status, status, r.Text("error-summary"),
			r.Text("sign-in-error"), r.Text("error-message"))
	}
}

// user is an account a test puts straight into the database.
type user struct {
	Email, Name, Password string
	Role                  auth.Role
	Unverified, Disabled  bool
}

// mustUser inserts u with its password hashed and returns its ID. Defaults:
// a verified, enabled artist.
func (e *env) mustUser(u user) int64 {
	e.t.Helper()
	if u.Role == "" {
		u.Role = auth.RoleArtist
	}
	if u.Name == "" {
		u.Name = "Testperson"
	}
	hash, err := auth.HashPassword(u.Password)
	if err != nil {
		e.t.Fatal(err)
	}
	now := e.clock.Now()
	var verified, disabled *time.Time
	if !u.Unverified {
		verified = &now
	}
	if u.Disabled {
		disabled = &now
	}
	var muni *int64
	if u.Role == auth.RoleMunicipality {
		var id int64
		if err := e.pool.QueryRow(context.Background(), `
			INSERT INTO municipalities (code, name, slug, county) VALUES ('0180', 'Stockholm', 'stockholm', 'Stockholms län')
			ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id`).Scan(&id); err != nil {
			e.t.Fatal(err)
		}
		muni = &id
	}
	var id int64
	if err := e.pool.QueryRow(context.Background(), `
		INSERT INTO users (email, name, role, municipality_id, password_hash, email_verified_at, disabled_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		u.Email, u.Name, u.Role, muni, hash, verified, disabled).Scan(&id); err != nil {
		e.t.Fatalf("insert user %s: %v", u.Email, err)
	}
	return id
}

// SignIn signs b in and fails the test unless it worked.
func (b *browser) signIn(email, password string) {
	b.e.t.Helper()
	r := b.post("/logga-in", url.Values{"epost": {email}, "losenord": {password}})
	wantRedirect(b.e.t, r, "/")
	if b.cookie == nil {
		b.e.t.Fatal("signed in without a session cookie")
	}
}

// signedIn reports who the site thinks b is: the account link's text in
// the header, or "" for an anonymous visitor.
func (b *browser) signedIn() string {
	b.e.t.Helper()
	return b.get("/").Text("account-link")
}

// mails returns the messages queued to addr, oldest first.
func (e *env) mails(addr string) []mail.SendArgs {
	e.t.Helper()
	rows, err := e.pool.Query(context.Background(), `SELECT args FROM river_job WHERE kind = 'mail.send' ORDER BY id`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []mail.SendArgs
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			e.t.Fatal(err)
		}
		var a mail.SendArgs
		if err := json.Unmarshal(b, &a); err != nil {
			e.t.Fatal(err)
		}
		if strings.EqualFold(a.To, addr) {
			out = append(out, a)
		}
	}
	return out
}

// lastMail returns the newest message queued to addr with a subject
// containing subject.
func (e *env) lastMail(addr, subject string) mail.SendArgs {
	e.t.Helper()
	ms := e.mails(addr)
	for i := len(ms) - 1; i >= 0; i-- {
		if strings.Contains(ms[i].Subject, subject) {
			return ms[i]
		}
	}
	e.t.Fatalf("no mail to %s about %q; queued to it: %d", addr, subject, len(ms))
	return mail.SendArgs{}
}

var linkInText = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkPath returns the path of the first link in m's text that starts with
// base+prefix; it fails the test when there is none, and checks that the
// HTML body carries the same link.
func (e *env) linkPath(m mail.SendArgs, prefix string) string {
	e.t.Helper()
	for _, l := range linkInText.FindAllString(m.Text, -1) {
		if strings.HasPrefix(l, base+prefix) {
			if !strings.Contains(m.HTML, `href="`+l+`"`) {
				e.t.Errorf("the HTML body of %q lacks the link %s", m.Subject, l)
			}
			return strings.TrimPrefix(l, base)
		}
	}
	e.t.Fatalf("no link to %s in %q:\n%s", prefix, m.Subject, m.Text)
	return ""
}

// count returns the number of rows sql finds.
func (e *env) count(sql string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// fieldError returns the error shown next to field name.
func fieldError(r *testutil.Response, name string) string { return r.Text("error-" + name) }

// summary returns the error summary's messages.
func summary(r *testutil.Response) []string {
	return testutil.Texts(r.TestID("error-summary").Find("li"))
}

// mainText is the page's main content as text, with every occurrence of
// the strings in replace blanked out, for comparing two answers.
func mainText(r *testutil.Response, replace ...string) string {
	s := testutil.Squash(r.Doc.Find("main").Text())
	for _, x := range replace {
		s = strings.ReplaceAll(s, x, "…")
	}
	return s
}

// formValue returns the value attribute of the input called name.
func formValue(r *testutil.Response, name string) string {
	v, _ := r.Doc.Find(`input[name="` + name + `"]`).Attr("value")
	return v
}
