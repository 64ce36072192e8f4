package residencyedit_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// site is the whole portal over a database with the demo content, with a
// session manager the tests sign users in through.
type site struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
}

func newSite(t *testing.T) *site {
	t.Helper()
	ts := testutil.NewSite(t, testutil.SiteOptions{})
	return &site{h: ts.H, pool: ts.Pool, sessions: ts.Sessions}
}

// signIn adds an enabled account with the role and name and returns the
// cookie of a session started through the real session manager.
func (s *site) signIn(t *testing.T, role auth.Role, name string) *http.Cookie {
	t.Helper()
	ctx := context.Background()
	var id int64
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.se"
	if err := s.pool.QueryRow(ctx, `INSERT INTO users (email, name, role, email_verified_at) VALUES ($1, $2, $3, now()) RETURNING id`,
		email, name, string(role)).Scan(&id); err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
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
		t.Fatalf("answer %d to %q, want 303 to %s…; page says: %s %s", r.Status, loc, prefix,
			r.Text("error-summary"), r.Text("error-message"))
	}
	return loc
}

// id returns the id of the row of table with the slug.
func (s *site) id(t *testing.T, table, slug string) string {
	t.Helper()
	var id string
	if err := s.pool.QueryRow(context.Background(), `SELECT id::text FROM `+table+` WHERE slug = $1`, slug).Scan(&id); err != nil {
		t.Fatalf("%s %s: %v", table, slug, err)
	}
	return id
}

// validForm is a residency form that passes validation: a published
// residency in Nacka, starting far enough ahead to lead the public list.
func (s *site) validForm(t *testing.T, title string) url.Values {
	t.Helper()
	return url.Values{
		"titel":          {title},
		"typ":            {"kommunresidens"},
		"kommun":         {s.id(t, "municipalities", "nacka")},
		"omrade":         {"Fisksätra"},
		"plats":          {"Fisksätra bibliotek"},
		"platstyp":       {s.id(t, "venue_types", "bibliotek")},
		"malgrupp":       {s.id(t, "target_groups", "barn")},
		"konstform":      {s.id(t, "art_forms", "dans")},
		"borjar":         {"2031-03-01"},
		"slutar":         {"2031-05-31"},
		"sammanfattning": {"Dans med barn på biblioteket."},
		"text":           {"## Om residenset\n\nVi dansar."},
		"aktor":          {s.id(t, "cultural_actors", "jelnek"), "", ""},
		"roll":           {"Koreograf", "", ""},
		"deltagare":      {"120"},
		"tillfallen":     {"14"},
		"resultat":       {"En föreställning."},
		"publicerad":     {"1"},
	}
}

// formOf returns what a browser would send from the residency form on the
// page: every named field with its current value, checked boxes only, and
// no submit button.
func formOf(t *testing.T, r *testutil.Response) url.Values {
	t.Helper()
	form := r.TestID("residency-form")
	if form.Length() != 1 {
		t.Fatalf("no residency form on the page (status %d)", r.Status)
	}
	v := url.Values{}
	form.Find("input[name], select[name], textarea[name]").Each(func(_ int, e *goquery.Selection) {
		name, _ := e.Attr("name")
		switch goquery.NodeName(e) {
		case "input":
			typ, _ := e.Attr("type")
			if typ == "checkbox" {
				if _, on := e.Attr("checked"); !on {
					return
				}
			}
			val, _ := e.Attr("value")
			v.Add(name, val)
		case "select":
			opt := e.Find("option[selected]")
			if opt.Length() == 0 {
				opt = e.Find("option").First()
			}
			val, _ := opt.Attr("value")
			v.Add(name, val)
		case "textarea":
			// The HTML parser drops one leading newline of a textarea.
			v.Add(name, e.Text())
		}
	})
	return v
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

// cardSlugs returns the residencies a public page lists, from their links.
func cardSlugs(r *testutil.Response) []string {
	var out []string
	for _, href := range testutil.Attrs(r.TestID("residency-link"), "href") {
		out = append(out, strings.TrimPrefix(href, "/residens/"))
	}
	return out
}

// postMultipart sends form with a file in field bild, as a browser sends
// the editing form.
func (s *site) postMultipart(t *testing.T, target string, c *http.Cookie, form url.Values, filename string, file []byte) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.h, testutil.Upload(t, target, form, "bild", filename, file, c))
}

// pngFile is a small real PNG picture.
func pngFile(t *testing.T) []byte { return testutil.PNG(t, 320, 200) }
