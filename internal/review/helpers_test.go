package review_test

import (
	"context"
	"crypto/sha256"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/jobs"
	"residens/internal/opencall"
	"residens/internal/review"
	"residens/internal/testutil"
)

// site is the whole portal over a database with the demo content, with a
// review store beside it and a mail queue that inserts River jobs (nothing
// sends them unless a test starts the runner).
type site struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
	store    *review.Store
	runner   *jobs.Runner
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteWith(t, nil)
}

// newSiteWith is newSite with the jobs runner configured by jc (the
// defaults when nil).
func newSiteWith(t *testing.T, jc *jobs.Config) *site {
	t.Helper()
	ts := testutil.NewSite(t, testutil.SiteOptions{Jobs: jc})
	return &site{h: ts.H, pool: ts.Pool, sessions: ts.Sessions, runner: ts.Runner,
		store: review.NewStore(ts.Pool, ts.Runner.Mail(), ts.Config.BaseURL.String(), testutil.Clock)}
}

// user is an account of the test, with a session.
type user struct {
	ID     int64
	Name   string
	Email  string
	cookie *http.Cookie
}

func (u user) actor() review.Actor { return review.Actor{ID: u.ID, Name: u.Name, IP: "192.0.2.1"} }

// account adds an enabled account and signs it in through the real session
// manager.
func (s *site) account(t *testing.T, role auth.Role, name string) user {
	t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.NewReplacer(" ", ".", "å", "a", "ä", "a", "ö", "o").Replace(name)) + "@example.se"
	u := user{Name: name, Email: email}
	if err := s.pool.QueryRow(ctx, `INSERT INTO users (email, name, role, email_verified_at)
		VALUES ($1, $2, $3, now()) RETURNING id`, email, name, string(role)).Scan(&u.ID); err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	u.cookie = testutil.SessionCookie(t, s.pool, s.sessions, u.ID)
	return u
}

// do sends a request (a form when form is not nil) with u's cookie.
func (s *site) do(t *testing.T, method, target string, u user, form url.Values) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.h, testutil.Request(method, target, form, u.cookie))
}

func (s *site) get(t *testing.T, target string, u user) *testutil.Response {
	t.Helper()
	return s.do(t, http.MethodGet, target, u, nil)
}

// getOK is get that fails unless the answer is a 200 page that passes
// testutil.CheckPage.
func (s *site) getOK(t *testing.T, target string, u user) *testutil.Response {
	t.Helper()
	r := s.get(t, target, u)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s as %s: status %d, want 200; page says: %s %s", target, u.Name, r.Status,
			r.Text("error-message"), r.Text("problem"))
	}
	testutil.CheckPage(t, target, r)
	return r
}

func (s *site) post(t *testing.T, target string, u user, form url.Values) *testutil.Response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return s.do(t, http.MethodPost, target, u, form)
}

// wantRedirect fails unless r is a 303 whose Location starts with prefix.
func wantRedirect(t *testing.T, r *testutil.Response, prefix string) {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("answer %d to %q, want 303 to %s…; page says: %s %s", r.Status, loc, prefix,
			r.Text("error-summary"), r.Text("problem"))
	}
}

// fixture is a call with its people and applications.
type fixture struct {
	call       int64
	slug       string
	consultant user // a reviewer
	juror      user // a reviewer
	// criteria are the call's criteria IDs: weight 2, then weight 1.
	criteria []int64
	apps     []int64
	artists  []user
}

var callSeq atomic.Int32

// newCall adds a call that closed a day before testutil.Now (or closes a
// day after it when open), with the consultant and juror as reviewers and
// one submitted application from each of the artists named.
func (s *site) newCall(t *testing.T, open bool, artists ...string) fixture {
	t.Helper()
	n := strconv.Itoa(int(callSeq.Add(1)))
	f := fixture{slug: "kommunkoreograf-test-" + n}
	f.consultant = s.account(t, auth.RoleConsultant, "Konsult "+n)
	f.juror = s.account(t, auth.RoleJuror, "Juror "+n)
	closes := testutil.Now.Add(-24 * time.Hour)
	if open {
		closes = testutil.Now.Add(24 * time.Hour)
	}
	f.call = testutil.InsertCall(t, s.pool, testutil.Call{Slug: f.slug, Title: "Kommunkoreograf " + n,
		Municipalities: []string{"nacka"}, OpensAt: testutil.Now.Add(-30 * 24 * time.Hour), ClosesAt: closes,
		Reviewers: []int64{f.consultant.ID, f.juror.ID}})
	rows, err := s.pool.Query(context.Background(), `SELECT id FROM call_criteria WHERE call_id = $1 ORDER BY position`, f.call)
	if err != nil {
		t.Fatal(err)
	}
	if f.criteria, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		t.Fatal(err)
	}
	for _, name := range artists {
		a := s.account(t, auth.RoleArtist, name+" "+n)
		f.artists = append(f.artists, a)
		f.apps = append(f.apps, testutil.InsertApplication(t, s.pool, testutil.Application{CallID: f.call,
			ApplicantID: a.ID, Name: a.Name, Email: a.Email, SubmittedAt: closes.Add(-48 * time.Hour)}))
	}
	return f
}

func (f fixture) list() string         { return review.ListPath(f.call) }
func (f fixture) app(i int) string     { return review.AppPath(f.call, f.apps[i]) }
func (f fixture) path(p string) string { return opencall.Path(f.call) + p }

// mustLoad loads call id.
func mustLoad(t *testing.T, s *site, id int64) *opencall.Call {
	t.Helper()
	c, err := opencall.Load(context.Background(), s.pool, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// addFile attaches a small PDF to application app and returns its ID.
func (s *site) addFile(t *testing.T, app int64, name string) int64 {
	t.Helper()
	data := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
	sum := sha256.Sum256(data)
	return testutil.Scalar[int64](t, s.pool, `INSERT INTO application_files (application_id, kind, filename, size, sha256, data)
		VALUES ($1, 'cv', $2, $3, $4, $5) RETURNING id`, app, name, len(data), sum[:], data)
}

// Declare posts u's declaration for application i.
func (s *site) declare(t *testing.T, f fixture, i int, u user, conflict bool) {
	t.Helper()
	v := url.Values{"jav": {"nej"}}
	if conflict {
		v = url.Values{"jav": {"ja"}, "jav-skal": {"Vi har arbetat ihop."}}
	}
	wantRedirect(t, s.post(t, f.app(i)+"/jav", u, v), f.app(i))
}

// scoreForm is a score form for f's two criteria.
func scoreForm(f fixture, a, b int, comment string) url.Values {
	return url.Values{
		"poang-" + strconv.FormatInt(f.criteria[0], 10):     {strconv.Itoa(a)},
		"poang-" + strconv.FormatInt(f.criteria[1], 10):     {strconv.Itoa(b)},
		"kommentar-" + strconv.FormatInt(f.criteria[0], 10): {comment},
	}
}

// Score declares no conflict (when needed) and posts u's scores for
// application i.
func (s *site) score(t *testing.T, f fixture, i int, u user, a, b int) {
	t.Helper()
	declared := testutil.Scalar[bool](t, s.pool, `SELECT EXISTS (SELECT 1 FROM review_declarations WHERE application_id = $1 AND reviewer_id = $2)`,
		f.apps[i], u.ID)
	if !declared {
		s.declare(t, f, i, u, false)
	}
	wantRedirect(t, s.post(t, f.app(i)+"/poang", u, scoreForm(f, a, b, "Kommentar av "+u.Name)), f.app(i))
}

// audits counts the audit entries with action about application app.
func (s *site) audits(t *testing.T, action string, app int64) int {
	t.Helper()
	return testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = $1 AND (detail->>'application_id')::bigint = $2`,
		action, app)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
