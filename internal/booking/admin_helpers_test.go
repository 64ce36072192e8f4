package booking_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/booking"
	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/registry"
	"residens/internal/testutil"
)

// adminSite is the whole portal over a database with the demo content and a
// mail queue that inserts River jobs (nothing sends them).
type adminSite struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
}

func newAdminSite(t *testing.T) *adminSite {
	t.Helper()
	ts := testutil.NewSite(t, testutil.SiteOptions{Registry: registry.New("TEST")})
	return &adminSite{h: ts.H, pool: ts.Pool, sessions: ts.Sessions}
}

// user is an account of the test with a session cookie.
type user struct {
	ID     int64
	Name   string
	cookie *http.Cookie
}

// account adds an account with role and signs it in through the real
// session manager.
func (s *adminSite) account(t *testing.T, role auth.Role, name string) user {
	t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.NewReplacer(" ", ".", "å", "a", "ä", "a", "ö", "o").Replace(name)) + "@example.se"
	u := user{Name: name}
	if err := s.pool.QueryRow(ctx, `INSERT INTO users (email, name, role, email_verified_at)
		VALUES ($1, $2, $3, now()) RETURNING id`, email, name, string(role)).Scan(&u.ID); err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
	u.cookie = testutil.SessionCookie(t, s.pool, s.sessions, u.ID)
	return u
}

// consultant adds a signed-in consultant whose availability is weekdays
// 09.00–12.00, 45-minute meetings with 15 minutes between them.
func (s *adminSite) consultant(t *testing.T, name string) user {
	t.Helper()
	u := s.account(t, auth.RoleConsultant, name)
	a := booking.Availability{Profile: booking.DefaultProfile(u.ID)}
	a.Profile.BufferMinutes, a.Profile.Active = 15, true
	for d := 1; d <= 5; d++ {
		a.Hours = append(a.Hours, booking.Hours{Weekday: d, Starts: booking.At(9, 0), Ends: booking.At(12, 0)})
	}
	if err := db.InTx(context.Background(), s.pool, func(tx pgx.Tx) error {
		return booking.SaveAvailability(context.Background(), tx, a, testutil.Now)
	}); err != nil {
		t.Fatalf("availability of %s: %v", name, err)
	}
	return u
}

// monday is Monday 30 November 2026 at hour:00 in Stockholm, a weekday
// after the demo clock.
func monday(hour int) time.Time {
	return time.Date(2026, time.November, 30, hour, 0, 0, 0, civil.Stockholm)
}

// hold books 45 minutes from start with c for booker and returns the
// booking's id as text.
func (s *adminSite) hold(t *testing.T, c user, start time.Time, booker string) string {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = booking.Hold(ctx, tx, c.ID, start, start.Add(45*time.Minute), booking.Booker{
			Name: booker, Email: strings.ToLower(booker) + "@skola.example.se", Organisation: "Skolan",
			Question: "Hur söker vi?", MeetingForm: booking.FormVideo, Topic: booking.TopicApplication}, testutil.Now)
		return err
	})
	if err != nil {
		t.Fatalf("hold for %s: %v", booker, err)
	}
	return testutil.Scalar[string](t, s.pool, `SELECT $1::bigint::text`, id)
}

// do sends a request (a form when form is not nil) with u's cookie.
func (s *adminSite) do(t *testing.T, method, target string, u user, form url.Values) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.h, testutil.Request(method, target, form, u.cookie))
}

func (s *adminSite) get(t *testing.T, target string, u user) *testutil.Response {
	t.Helper()
	return s.do(t, http.MethodGet, target, u, nil)
}

func (s *adminSite) post(t *testing.T, target string, u user, form url.Values) *testutil.Response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return s.do(t, http.MethodPost, target, u, form)
}

// wantRedirect fails unless r is a 303 whose Location starts with prefix.
func wantRedirect(t *testing.T, r *testutil.Response, prefix string) {
	t.Helper()
	if loc := r.Header.Get("Location"); r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("answer %d to %q, want 303 to %s…; page says: %s %s", r.Status, loc, prefix,
			r.Text("error-summary"), r.Text("problem"))
	}
}

// adminQueued is one queued e-mail as the admin tests check it: subject,
// text and attachment names.
type adminQueued struct {
	Subject, Text string
	Attachments   []string
}

func (s *adminSite) mails(t *testing.T, addr string) []adminQueued {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `
		SELECT args->>'subject', args->>'text',
			ARRAY(SELECT a->>'name' FROM jsonb_array_elements(coalesce(args->'attachments', '[]')) a)
		FROM river_job WHERE kind = 'mail.send' AND args->>'to' = $1 ORDER BY id`, addr)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (adminQueued, error) {
		var q adminQueued
		err := r.Scan(&q.Subject, &q.Text, &q.Attachments)
		return q, err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
