package proposal_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/jobs"
	"residens/internal/proposal"
	"residens/internal/registry"
	"residens/internal/testutil"
)

// site is the whole portal over a database with the demo content, with the
// store the handlers use, a mail queue that inserts River jobs (nothing
// sends them unless a test starts the runner) and registration numbers
// prefixed TEST.
type site struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
	store    *proposal.Store
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
	reg := registry.New("TEST")
	ts := testutil.NewSite(t, testutil.SiteOptions{Jobs: jc, Registry: reg})
	return &site{h: ts.H, pool: ts.Pool, sessions: ts.Sessions,
		store: proposal.NewStore(ts.Pool, reg, ts.Runner.Mail(), ts.Config.BaseURL.String(), testutil.Clock)}, ts.Runner
}

// user is an account of the test, with a session.
type user struct {
	proposal.Actor
	cookie *http.Cookie
}

// account adds an enabled account (an officer of muni when muni is not "")
// and signs it in through the real session manager.
func (s *site) account(t *testing.T, role auth.Role, name, muni string) user {
	t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.NewReplacer(" ", ".", "å", "a", "ä", "a", "ö", "o").Replace(name)) + "@example.se"
	var u user
	err := s.pool.QueryRow(ctx, `
		INSERT INTO users (email, name, role, municipality_id, email_verified_at)
		VALUES ($1, $2, $3, (SELECT id FROM municipalities WHERE slug = nullif($4, '')), now())
		RETURNING id, coalesce(municipality_id, 0)`, email, name, string(role), muni).Scan(&u.ID, &u.MunicipalityID)
	if err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	u.Name, u.Email = name, email
	u.cookie = testutil.SessionCookie(t, s.pool, s.sessions, u.ID)
	return u
}

// do sends a request (a form when form is not nil) with the cookie.
func (s *site) do(t *testing.T, method, target string, c *http.Cookie, form url.Values) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.h, testutil.Request(method, target, form, c))
}

func (s *site) get(t *testing.T, target string, u user) *testutil.Response {
	t.Helper()
	return s.do(t, http.MethodGet, target, u.cookie, nil)
}

func (s *site) post(t *testing.T, target string, u user, form url.Values) *testutil.Response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return s.do(t, http.MethodPost, target, u.cookie, form)
}

// wantRedirect fails unless r is a 303 whose Location starts with prefix,
// and returns the Location.
func wantRedirect(t *testing.T, r *testutil.Response, prefix string) string {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("answer %d to %q, want 303 to %s…; page says: %s %s", r.Status, loc, prefix,
			r.Text("error-summary"), r.Text("problem"))
	}
	return loc
}

// id returns the id of the row of table with the slug, as text.
func (s *site) id(t *testing.T, table, slug string) string {
	t.Helper()
	return testutil.Scalar[string](t, s.pool, `SELECT id::text FROM `+table+` WHERE slug = $1`, slug)
}

// validForm is a complete proposal form for Nacka.
func (s *site) validForm(t *testing.T, title string) url.Values {
	t.Helper()
	return url.Values{
		"titel":           {title},
		"typ":             {"kommunresidens"},
		"konstform":       {s.id(t, "art_forms", "dans")},
		"malgrupp":        {s.id(t, "target_groups", "barn")},
		"deltagare":       {"60"},
		"platser":         {"Fisksätra bibliotek"},
		"platstyp":        {s.id(t, "venue_types", "bibliotek")},
		"omrade":          {"Fisksätra"},
		"borjar":          {"2027-03-01"},
		"slutar":          {"2027-05-31"},
		"syfte":           {"group"},
		"syfte-text":      {"Dans med barn i förskoleåldern."},
		"personal":        {"En bibliotekarie på halvtid."},
		"lokaler":         {"Bibliotekets hörsal."},
		"medfinansiering": {"50 000"},
		"kontakt-namn":    {"Nora Nacka"},
		"kontakt-epost":   {"nora@nacka.se"},
		"kontakt-telefon": {"08-123 456 78"},
	}
}

// validValues are complete values for the store, in Nacka's terms.
func (s *site) validValues(t *testing.T, title string) proposal.Values {
	t.Helper()
	id := func(table, slug string) int64 {
		return testutil.Scalar[int64](t, s.pool, `SELECT id FROM `+table+` WHERE slug = $1`, slug)
	}
	return proposal.Values{
		Title:        title,
		Kind:         "kommunkoreograf",
		ArtForms:     []int64{id("art_forms", "dans")},
		TargetGroups: []int64{id("target_groups", "unga")},
		Participants: "40",
		Venues:       "Nacka gymnasium",
		VenueTypes:   []int64{id("venue_types", "skola")},
		District:     "Nacka centrum",
		StartsOn:     "2027-01-10",
		EndsOn:       "2027-12-20",
		Purposes:     []string{"performance"},
		PurposeText:  "En föreställning med gymnasieelever.",
		Staff:        "En dramapedagog.",
		Premises:     "Skolans aula.",
		Cofunding:    "120000",
		ContactName:  "Nora Nacka",
		ContactEmail: "nora@nacka.se",
		ContactPhone: "08-123 456 78",
	}
}

// mailJob is an e-mail queued as a River job.
type mailJob struct {
	To, Subject, Text, Key string
}

// mails returns the queued e-mails, oldest first.
func (s *site) mails(t *testing.T) []mailJob {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT args->>'to', args->>'subject', args->>'text', args->>'key'
		FROM river_job WHERE kind = 'mail.send' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (mailJob, error) {
		var m mailJob
		return m, row.Scan(&m.To, &m.Subject, &m.Text, &m.Key)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// mailsTo returns the queued e-mails to addr.
func (s *site) mailsTo(t *testing.T, addr string) []mailJob {
	t.Helper()
	var out []mailJob
	for _, m := range s.mails(t) {
		if strings.EqualFold(m.To, addr) {
			out = append(out, m)
		}
	}
	return out
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

// formOf returns what a browser would send from the form with the test id
// on the page: every named field with its value, checked boxes only, no
// button.
func formOf(t *testing.T, r *testutil.Response, testid string) url.Values {
	t.Helper()
	form := r.TestID(testid)
	if form.Length() != 1 {
		t.Fatalf("no form %s on the page (status %d)", testid, r.Status)
	}
	v := url.Values{}
	form.Find("input[name], select[name], textarea[name]").Each(func(_ int, e *goquery.Selection) {
		name, _ := e.Attr("name")
		switch goquery.NodeName(e) {
		case "input":
			typ, _ := e.Attr("type")
			if typ == "checkbox" || typ == "radio" {
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
			v.Add(name, e.Text())
		}
	})
	return v
}
