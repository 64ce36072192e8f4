package question_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/question"
	"residens/internal/registry"
	"residens/internal/secret"
	"residens/internal/testutil"
	"residens/internal/throttle"
)

// site is the whole portal over a fresh demo database, with the question
// store the handlers use (its mail queue inserts River jobs that nothing
// sends) and numbers prefixed TEST.
type site struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
	store    *question.Store
	now      *time.Time
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteAt(t, testutil.Now, nil)
}

// newSiteAt is newSite with the clock at now (moved by changing *s.now) and
// the environment env.
func newSiteAt(t *testing.T, now time.Time, env map[string]string) *site {
	t.Helper()
	s := &site{now: &now}
	clock := func() time.Time { return *s.now }
	reg := registry.New("TEST")
	ts := testutil.NewSite(t, testutil.SiteOptions{Registry: reg, Now: clock, Env: env})
	s.h, s.pool, s.sessions = ts.H, ts.Pool, ts.Sessions
	s.store = question.NewStore(ts.Pool, reg, ts.Runner.Mail(), ts.Config.BaseURL.String(), throttle.Form{}, 3, clock)
	return s
}

// consultant adds an active consultant with a profile covering the art
// forms and municipalities (all: every municipality) and booking topics
// (none: all of them), and returns the account's id.
func (s *site) consultant(t *testing.T, name string, artForms, munis []string, all bool, topics ...string) int64 {
	t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@region.example.se"
	var id int64
	if err := s.pool.QueryRow(ctx, `INSERT INTO users (email, name, role, email_verified_at) VALUES ($1, $2, 'consultant', now())
		RETURNING id`, email, name).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if len(topics) == 0 {
		topics = []string{"ansokan", "projektide", "samarbete", "finansiering", "avtal", "ovrigt"}
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO consultant_profiles (user_id, title, text, all_municipalities, active) VALUES ($1, 'Konsulent', '', $2, true)`, []any{id, all}},
		{`INSERT INTO consultant_art_forms (user_id, art_form_id) SELECT $1, id FROM art_forms WHERE slug = ANY($2)`, []any{id, artForms}},
		{`INSERT INTO consultant_municipalities (user_id, municipality_id) SELECT $1, id FROM municipalities WHERE slug = ANY($2)`, []any{id, munis}},
		{`INSERT INTO consultant_topics (user_id, topic) SELECT $1, unnest($2::text[])`, []any{id, topics}},
	} {
		if _, err := s.pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatalf("consultant %s: %v", name, err)
		}
	}
	return id
}

// cookie signs account id in.
func (s *site) cookie(t *testing.T, id int64) *http.Cookie {
	t.Helper()
	return testutil.SessionCookie(t, s.pool, s.sessions, id)
}

// termID is the id of the art form or municipality with slug.
func (s *site) termID(t *testing.T, table, slug string) int64 {
	t.Helper()
	return testutil.Scalar[int64](t, s.pool, `SELECT id FROM `+table+` WHERE slug = $1`, slug)
}

// ask sends a question through the store and returns it with its token.
func (s *site) ask(t *testing.T, a question.Ask) (question.Asked, string) {
	t.Helper()
	if a.Key == "" {
		a.Key, _ = secret.New()
	}
	if a.Topic == "" {
		a.Topic = "lokaler"
	}
	if a.Body == "" {
		a.Body = "Var hittar vi en lokal?"
	}
	if a.Name == "" {
		a.Name, a.Email = "Sara Ek", "sara.ek@example.se"
	}
	got, err := s.store.Ask(context.Background(), audit.Entry{IP: "192.0.2.7"}, a)
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	return got, a.Key
}

// do sends a request (a form when form is not nil) with the cookie.
func (s *site) do(t *testing.T, method, target string, c *http.Cookie, form url.Values) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.h, testutil.Request(method, target, form, c))
}

// queued is one mail in the queue.
type queued struct {
	To, Subject, Text, HTML string
}

// mails are the queued mails, oldest first.
func (s *site) mails(t *testing.T) []queued {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `
		SELECT args->>'to', args->>'subject', args->>'text', coalesce(args->>'html', '')
		FROM river_job WHERE kind = 'mail.send' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (queued, error) {
		var q queued
		return q, r.Scan(&q.To, &q.Subject, &q.Text, &q.HTML)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// mailsTo are the queued mails to addr, oldest first.
func (s *site) mailsTo(t *testing.T, addr string) []queued {
	t.Helper()
	var out []queued
	for _, m := range s.mails(t) {
		if m.To == addr {
			out = append(out, m)
		}
	}
	return out
}

// wantRedirect fails unless r is a 303 to a Location starting with prefix.
func wantRedirect(t *testing.T, r *testutil.Response, prefix string) string {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("answer %d to %q, want 303 to %s…; page says: %s", r.Status, loc, prefix, r.Text("error-summary"))
	}
	return loc
}
