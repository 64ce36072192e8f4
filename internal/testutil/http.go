package testutil

import (
	"bytes"
	"context"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/jobs"
	"residens/internal/registry"
)

// TestSite is the whole site (middleware and route table) as a test drives
// it: the handler, its database, its sessions (to sign visitors in) and the
// job runner whose queue its pages put mail on (nothing works the jobs
// unless the test starts the runner).
type TestSite struct {
	H        http.Handler
	Pool     *pgxpool.Pool
	Sessions *auth.Manager
	Runner   *jobs.Runner
	Config   app.Config
}

// SiteOptions vary what NewSite builds; the zero value is the usual site.
type SiteOptions struct {
	// Pool is the database; nil takes a fresh copy of the demo database.
	Pool *pgxpool.Pool
	// Env is the configuration's environment (BASE_URL, say); the rest is
	// the defaults.
	Env map[string]string
	// Jobs configures the runner; nil sends to the configured SMTP_URL
	// from MAIL_FROM.
	Jobs *jobs.Config
	// Now is the site's clock; nil is Clock.
	Now func() time.Time
	// Registry numbers incoming items; nil takes the configured prefix.
	Registry *registry.Registry
}

// NewSite builds the site o describes, with no page cache, so that each
// request reads the database. Every area's handler tests use it.
func NewSite(tb testing.TB, o SiteOptions) *TestSite {
	tb.Helper()
	pool := o.Pool
	if pool == nil {
		pool = DemoDB(tb)
	}
	cfg, err := app.LoadConfig(func(k string) string { return o.Env[k] })
	if err != nil {
		tb.Fatalf("testutil: config: %v", err)
	}
	now := o.Now
	if now == nil {
		now = Clock
	}
	log := slog.New(slog.DiscardHandler)
	jc := jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom}
	if o.Jobs != nil {
		jc = *o.Jobs
	}
	// A queue that inserts mail jobs, so pages that send e-mail answer as
	// they do in production.
	runner, err := jobs.New(pool, jc, log)
	if err != nil {
		tb.Fatalf("testutil: jobs: %v", err)
	}
	sessions := auth.EphemeralManager(pool, now)
	h := app.NewHandler(app.Deps{Pool: pool, Log: log, Config: cfg, Now: now, Sessions: sessions,
		Mail: runner.Mail(), Registry: o.Registry})
	return &TestSite{H: h, Pool: pool, Sessions: sessions, Runner: runner, Config: cfg}
}

// Site returns the handler of NewSite over pool.
func Site(tb testing.TB, pool *pgxpool.Pool) http.Handler {
	tb.Helper()
	return NewSite(tb, SiteOptions{Pool: pool}).H
}

// Response is a page as a test sees it.
type Response struct {
	Status int
	Header http.Header
	Body   string
	Doc    *goquery.Document
}

// Get requests target (a path with its raw query, sent as written, so odd
// escapes reach the handler untouched) from h and parses the answer as HTML.
func Get(tb testing.TB, h http.Handler, target string) *Response {
	tb.Helper()
	return Do(tb, h, http.MethodGet, target)
}

// Do is Get with another method, without a body.
func Do(tb testing.TB, h http.Handler, method, target string) *Response {
	tb.Helper()
	return Serve(tb, h, httptest.NewRequest(method, target, nil))
}

// GetOK is Get that fails the test unless the answer is 200 and passes
// CheckPage.
func GetOK(tb testing.TB, h http.Handler, target string) *Response {
	tb.Helper()
	r := Get(tb, h, target)
	if r.Status != http.StatusOK {
		tb.Fatalf("GET %s: status %d, want 200; page says: %s", target, r.Status, r.Text("error-message"))
	}
	CheckPage(tb, target, r)
	return r
}

// TestID returns the elements with data-testid id.
func (r *Response) TestID(id string) *goquery.Selection {
	return r.Doc.Find(`[data-testid="` + id + `"]`)
}

// Text returns the whitespace-normalised text of the elements with
// data-testid id.
func (r *Response) Text(id string) string {
	return Squash(r.TestID(id).Text())
}

// Notices returns the notices the layout shows about how the request was
// understood, one string each.
func (r *Response) Notices() []string {
	var out []string
	r.TestID("notices").Find("li").Each(func(_ int, s *goquery.Selection) {
		out = append(out, Squash(s.Text()))
	})
	return out
}

// Squash collapses runs of white space (including no-break spaces) to one
// space and trims the ends.
func Squash(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// Attrs returns attribute name of each element in sel.
func Attrs(sel *goquery.Selection, name string) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr(name)
		out = append(out, v)
	})
	return out
}

// Texts returns the squashed text of each element in sel.
func Texts(sel *goquery.Selection) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) { out = append(out, Squash(s.Text())) })
	return out
}

// CheckPage checks what every HTML page of the portal must have: an HTML
// content type, <html lang="sv">, a title that ends with the site name, a
// skip link to the main content that exists, and exactly one h1.
func CheckPage(tb testing.TB, target string, r *Response) {
	tb.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		tb.Errorf("GET %s: Content-Type %q, want text/html", target, ct)
	}
	if lang, _ := r.Doc.Find("html").Attr("lang"); lang != "sv" {
		tb.Errorf("GET %s: <html lang=%q>, want sv", target, lang)
	}
	if title := Squash(r.Doc.Find("head title").Text()); !strings.HasSuffix(title, " – Residens") {
		tb.Errorf("GET %s: title %q, want a page title ending in \" – Residens\"", target, title)
	}
	skip := r.Doc.Find("body a").First()
	if href, _ := skip.Attr("href"); href != "#innehall" {
		tb.Errorf("GET %s: first link of the body goes to %q, want the skip link to #innehall", target, href)
	}
	if r.Doc.Find("main#innehall").Length() != 1 {
		tb.Errorf("GET %s: want one <main id=\"innehall\"> for the skip link to land on", target)
	}
	if n := r.Doc.Find("h1").Length(); n != 1 {
		tb.Errorf("GET %s: %d h1 elements (%q), want exactly 1", target, n, Texts(r.Doc.Find("h1")))
	}
}

// Request builds a request to target: a URL-encoded form when form is not
// nil, carrying cookie when it is not nil.
func Request(method, target string, form url.Values, cookie *http.Cookie) *http.Request {
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	return req
}

// Serve sends req to h and returns the answer with its HTML parsed.
func Serve(tb testing.TB, h http.Handler, req *http.Request) *Response {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		tb.Fatalf("%s %s: parse HTML: %v", req.Method, req.URL, err)
	}
	return &Response{Status: rec.Code, Header: rec.Header(), Body: body, Doc: doc}
}

// SessionCookie signs user id in through sessions, as the sign-in page
// does, and returns the session cookie a browser would then send.
func SessionCookie(tb testing.TB, pool *pgxpool.Pool, sessions *auth.Manager, id int64) *http.Cookie {
	tb.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/logga-in", nil)
	if err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error { return sessions.SignIn(rec, req, tx, id) }); err != nil {
		tb.Fatalf("sign in %d: %v", id, err)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName && c.Value != "" {
			return c
		}
	}
	tb.Fatalf("sign in %d: no session cookie", id)
	return nil
}

// Upload builds a multipart POST to target as a browser sends a form with
// a file: the form's fields, and the file data under field with filename
// when filename is not empty; it carries cookie when that is not nil.
func Upload(tb testing.TB, target string, form url.Values, field, filename string, data []byte, cookie *http.Cookie) *http.Request {
	tb.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if filename != "" {
		fw, err := mw.CreateFormFile(field, filename)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := fw.Write(data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		tb.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, target, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if cookie != nil {
		req.AddCookie(cookie)
	}
	return req
}
