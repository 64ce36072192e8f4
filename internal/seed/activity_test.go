package seed_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/civil"
	"residens/internal/db/dbtest"
	"residens/internal/proposal"
	"residens/internal/registry"
	"residens/internal/seed"
	"residens/internal/testutil"
)

// activityTables are the tables Activity writes, whose row counts must not
// change when the seed runs again.
var activityTables = []string{
	"users", "consultant_profiles", "consultant_art_forms", "consultant_municipalities", "consultant_topics",
	"consultant_weekly_hours", "proposals", "proposal_art_forms", "proposal_target_groups", "proposal_venue_types",
	"proposal_events", "applications", "application_files", "call_reviewers", "review_declarations",
	"review_scores", "bookings", "registrations", "questions", "question_events", "question_links",
}

func tableCounts(t *testing.T, pool *pgxpool.Pool) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range activityTables {
		out[table] = mustInt(t, pool, `SELECT count(*) FROM `+table)
	}
	return out
}

// mustSeedAll runs the whole demo seed as `seed --demo` does.
func mustSeedAll(t *testing.T, pool *pgxpool.Pool, now time.Time) {
	t.Helper()
	ctx := context.Background()
	if err := seed.Demo(ctx, pool, now); err != nil {
		t.Fatal(err)
	}
	if err := seed.Calls(ctx, pool, now); err != nil {
		t.Fatal(err)
	}
	if err := seed.Activity(ctx, pool, registry.New(""), now); err != nil {
		t.Fatal(err)
	}
}

// TestActivity: the demo's people and cases are all there after one run,
// each sent-in item with a register number of its own, and a second run a
// week later adds nothing, numbers nothing again and moves the bookings
// with the clock.
func TestActivity(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	first := time.Date(2026, 11, 26, 12, 0, 0, 0, civil.Stockholm)
	mustSeedAll(t, pool, first)
	counts := tableCounts(t, pool)

	for _, c := range []struct {
		name string
		sql  string
		want int
	}{
		{"consultants, verified, without password", `SELECT count(*) FROM users WHERE role = 'consultant'
			AND email_verified_at IS NOT NULL AND password_hash IS NULL`, len(seed.DemoConsultants)},
		{"active consultant profiles", `SELECT count(*) FROM consultant_profiles WHERE active`, len(seed.DemoConsultants)},
		{"officers", `SELECT count(*) FROM users WHERE role = 'municipality'`, len(seed.DemoOfficers)},
		{"artists", `SELECT count(*) FROM users WHERE role = 'artist'`, len(seed.DemoArtists)},
		{"jurors", `SELECT count(*) FROM users WHERE role = 'juror'`, len(seed.DemoJurors)},
		{"no admin without --accounts", `SELECT count(*) FROM users WHERE role = 'admin'`, 0},
		{"proposals", `SELECT count(*) FROM proposals`, len(seed.DemoProposals)},
		{"applications", `SELECT count(*) FROM applications`, len(seed.DemoApplications)},
		{"applications with a CV", `SELECT count(DISTINCT application_id) FROM application_files WHERE kind = 'cv'`, len(seed.DemoApplications)},
		{"bookings", `SELECT count(*) FROM bookings`, len(seed.DemoBookings)},
		{"bookings with a manage link", `SELECT count(*) FROM bookings WHERE length(manage_token_hash) = 32`, len(seed.DemoBookings)},
		{"every booking numbered", `SELECT count(*) FROM bookings WHERE registration_id IS NOT NULL`, len(seed.DemoBookings)},
		{"questions", `SELECT count(*) FROM questions`, len(seed.DemoQuestions)},
		{"questions of two consultants", `SELECT count(DISTINCT assignee_id) FROM questions`, 2},
		{"questions in every state", `SELECT count(DISTINCT state) FROM questions`, 6},
		{"common questions", `SELECT count(*) FROM faq_entries WHERE published`, len(seed.DemoFAQs)},
		{"one number per sent-in item",
			`SELECT count(*) FROM registrations`,
			len(seed.DemoBookings) + len(seed.DemoQuestions) +
				mustInt(t, pool, `SELECT count(*) FROM proposals WHERE registration_id IS NOT NULL`) +
				mustInt(t, pool, `SELECT count(*) FROM applications WHERE registration_id IS NOT NULL`)},
		{"numbers counted from 1 without gaps", `SELECT max(seq) FROM registrations`, counts["registrations"]},
		{"numbers in the order items came in", `SELECT count(*) FROM registrations a JOIN registrations b
			ON a.seq < b.seq AND a.received_at > b.received_at`, 0},
	} {
		if got := mustInt(t, pool, c.sql); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	numberRE := regexp.MustCompile(`^RS-2026-\d{4}$`)
	for _, n := range mustStrings(t, pool, `SELECT number FROM registrations`) {
		if !numberRE.MatchString(n) {
			t.Errorf("registration number %q, want RS-2026-NNNN", n)
		}
	}
	if sender := mustStrings(t, pool, `SELECT DISTINCT r.sender_org FROM proposals p JOIN registrations r ON r.id = p.registration_id
		WHERE p.create_key = 'demo-slojd-pa-ekero-kulturhus'`); !slices.Equal(sender, []string{"Ekerö"}) {
		t.Errorf("the accepted proposal's sender: %q, want the municipality Ekerö", sender)
	}
	if got := mustInt(t, pool, `SELECT count(*) FROM proposals p JOIN residencies r ON r.id = p.residency_id AND r.proposal_id = p.id
		WHERE p.state = 'accepted'`); got != 1 {
		t.Errorf("the accepted proposal is linked to %d residencies, want its one", got)
	}

	bookingTimes := func() map[string]time.Time {
		out := map[string]time.Time{}
		rows, err := pool.Query(context.Background(), `SELECT email, lower(during) FROM bookings`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var email string
			var at time.Time
			if err := rows.Scan(&email, &at); err != nil {
				t.Fatal(err)
			}
			out[email] = at
		}
		return out
	}
	before := bookingTimes()
	// A visitor of the demo declines a request; the next run brings it back.
	if _, err := pool.Exec(context.Background(), `UPDATE bookings SET state = 'declined' WHERE state = 'requested'`); err != nil {
		t.Fatal(err)
	}

	second := first.AddDate(0, 0, 7)
	mustSeedAll(t, pool, second)
	mustSeedAll(t, pool, second)
	for table, n := range tableCounts(t, pool) {
		if n != counts[table] {
			t.Errorf("%s: %d rows after seeding again, want %d", table, n, counts[table])
		}
	}
	after := bookingTimes()
	for _, b := range seed.DemoBookings {
		if d := after[b.Email].Sub(before[b.Email]); d < 5*24*time.Hour || d > 9*24*time.Hour {
			t.Errorf("booking of %s moved by %s a week later, want about a week", b.Email, d)
		}
	}
	checkStates(t, pool, second)
}

// checkStates checks that each state of a proposal and of a booking is in
// the demo, the bookings that hold a time ahead of now and the held ones
// behind it.
func checkStates(t *testing.T, pool *pgxpool.Pool, now time.Time) {
	t.Helper()
	got := mustStrings(t, pool, `SELECT DISTINCT state FROM proposals ORDER BY 1`)
	for _, s := range proposal.States {
		if !slices.Contains(got, string(s)) {
			t.Errorf("no demo proposal in state %s (%s)", s, s.Label())
		}
	}
	got = mustStrings(t, pool, `SELECT DISTINCT state FROM bookings ORDER BY 1`)
	for _, s := range []string{"requested", "confirmed", "declined", "cancelled", "held", "no_show"} {
		if !slices.Contains(got, s) {
			t.Errorf("no demo booking in state %s", s)
		}
	}
	if n := mustInt(t, pool, `SELECT count(*) FROM bookings WHERE state IN ('requested', 'confirmed') AND lower(during) <= $1`, now); n != 0 {
		t.Errorf("%d requested or confirmed bookings are not ahead of now", n)
	}
	if n := mustInt(t, pool, `SELECT count(*) FROM bookings WHERE state IN ('held', 'no_show') AND upper(during) > $1`, now); n != 0 {
		t.Errorf("%d held or missed meetings are not behind now", n)
	}
	got = mustStrings(t, pool, `SELECT DISTINCT state FROM applications ORDER BY 1`)
	if !slices.Equal(got, []string{"draft", "submitted", "withdrawn"}) {
		t.Errorf("application states %q, want draft, submitted and withdrawn", got)
	}
}

// TestActivityFreeTimes: right after seeding, every demo consultant has
// free times to offer within the next two weeks, and the public booking
// page lists them. The first check reads the opening hours and the holding
// bookings in SQL; the second asks the site itself.
func TestActivityFreeTimes(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	mustSeedAll(t, pool, testutil.Now)
	for _, c := range seed.DemoConsultants {
		// The first slot of each opening from the second day on (past any
		// notice) for two weeks, unless a holding booking overlaps it.
		free := mustInt(t, pool, `
			WITH days AS (SELECT d::date AS day FROM generate_series($2::date + 2, $2::date + 15, interval '1 day') d),
			slots AS (
				SELECT (d.day + h.starts) AT TIME ZONE 'Europe/Stockholm' AS s, p.meeting_minutes
				FROM days d
				JOIN consultant_weekly_hours h ON h.weekday = extract(isodow FROM d.day)
				JOIN consultant_profiles p ON p.user_id = h.user_id AND p.active
				JOIN users u ON u.id = p.user_id AND u.disabled_at IS NULL
				WHERE lower(u.email) = lower($1))
			SELECT count(*) FROM slots WHERE NOT EXISTS (
				SELECT 1 FROM bookings b JOIN users u ON u.id = b.consultant_id
				WHERE lower(u.email) = lower($1) AND b.state IN ('requested', 'confirmed')
					AND b.during && tstzrange(s, s + make_interval(mins => meeting_minutes)))`,
			c.Email, civil.Today(testutil.Now))
		if free < 4 {
			t.Errorf("%s: %d free openings in the next two weeks, want several", c.Name, free)
		}
	}

	site := testutil.Site(t, pool)
	start := testutil.GetOK(t, site, "/radgivning")
	for _, c := range seed.DemoConsultants {
		if !slices.Contains(testutil.Texts(start.Doc.Find("option")), c.Name) {
			t.Errorf("/radgivning offers no choice of %s", c.Name)
		}
	}
	for _, choice := range []struct{ artForm, municipality, consultant string }{
		{"dans", "nacka", "Anna Lindqvist"},
		{"musik", "norrtalje", "Johan Berg"},
		{"slojd", "botkyrka", "Leila Haddad"},
	} {
		af := mustInt(t, pool, `SELECT id FROM art_forms WHERE slug = $1`, choice.artForm)
		m := mustInt(t, pool, `SELECT id FROM municipalities WHERE slug = $1`, choice.municipality)
		q := url.Values{"amne": {"ansokan"}, "konstform": {strconv.Itoa(af)}, "kommun": {strconv.Itoa(m)}}
		page := testutil.GetOK(t, site, "/radgivning/tider?"+q.Encode())
		// The times are labels whose whole text (parts of it visually
		// hidden) names the time and the consultant.
		offers := 0
		for _, l := range testutil.Texts(page.Doc.Find("label")) {
			if regexp.MustCompile(`kl\. \d\d\.\d\d–\d\d\.\d\d med ` + choice.consultant).MatchString(testutil.Squash(l)) {
				offers++
			}
		}
		if offers == 0 {
			t.Errorf("%s in %s: no free time with %s on /radgivning/tider", choice.artForm, choice.municipality, choice.consultant)
		}
	}
}

// TestAccounts: --accounts gives one account per role a known password
// that signs in on the site, and is refused for an https site before
// anything is written.
func TestAccounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	mustSeedAll(t, pool, testutil.Now)

	https, _ := url.Parse("https://residens.example.se")
	err := seed.Accounts(ctx, pool, https, testutil.Now)
	if !errors.Is(err, seed.ErrAccountsInProduction) {
		t.Fatalf("accounts for %s: %v, want ErrAccountsInProduction", https, err)
	}
	if !strings.Contains(err.Error(), "https") || !strings.Contains(err.Error(), "utveckling") {
		t.Errorf("refusal %q does not say why: demo accounts are for development, and the site is https", err)
	}
	if n := mustInt(t, pool, `SELECT count(*) FROM users WHERE password_hash IS NOT NULL OR role = 'admin'`); n != 0 {
		t.Fatalf("the refused run left %d accounts with a password or an admin", n)
	}

	local, _ := url.Parse("http://127.0.0.1:8080")
	for range 2 {
		if err := seed.Accounts(ctx, pool, local, testutil.Now); err != nil {
			t.Fatal(err)
		}
	}
	var roles []string
	for _, a := range seed.DemoAccounts {
		var hash *string
		var role string
		var verified bool
		if err := pool.QueryRow(ctx, `SELECT password_hash, role, email_verified_at IS NOT NULL AND disabled_at IS NULL
			FROM users WHERE lower(email) = lower($1)`, a.Email).Scan(&hash, &role, &verified); err != nil {
			t.Fatalf("%s: %v", a.Email, err)
		}
		roles = append(roles, role)
		if hash == nil {
			t.Errorf("%s has no password", a.Email)
			continue
		}
		if ok, err := auth.VerifyPassword(*hash, a.Password); !ok || err != nil {
			t.Errorf("%s: the password %q does not verify (%v)", a.Email, a.Password, err)
		}
		if msg := auth.CheckPassword(a.Password, a.Email); msg != "" {
			t.Errorf("%s: the password would not be accepted as a new one: %s", a.Email, msg)
		}
		if !verified {
			t.Errorf("%s is not verified or is disabled", a.Email)
		}
	}
	for _, r := range auth.Roles {
		if n := slices.Index(roles, string(r)); n < 0 || slices.Index(roles[n+1:], string(r)) >= 0 {
			t.Errorf("role %s has not exactly one demo account (roles %q)", r, roles)
		}
	}
	if n := mustInt(t, pool, `SELECT count(*) FROM users WHERE password_hash IS NOT NULL`); n != len(seed.DemoAccounts) {
		t.Errorf("%d accounts with a password, want the %d demo accounts", n, len(seed.DemoAccounts))
	}

	// Each account signs in on the site and finds its role's pages filled
	// with the demo's cases.
	nacka := mustInt(t, pool, `SELECT id FROM calls WHERE slug = 'kommunkoreograf-i-nacka-2026'`)
	pages := map[string][]struct{ path, want string }{
		"admin":      {{"/admin/anvandare", "Maria Sandberg"}},
		"consultant": {{"/konsulent/forslag", "Teater med unga i Tyresö"}, {"/konsulent/bokningar", "Karolina Wikström"}},
		"municipality": {{"/kommun", "Musik på äldreboenden på Ekerö"}, {"/kommun", "Dans på fritidsgården i Stenhamra"},
			{"/kommun", "Slöjd på Ekerö kulturhus"}},
		"artist": {{"/mina-ansokningar", "Kommunkoreograf i Värmdö 2027"}},
		"juror":  {{"/jury", "Kommunkoreograf i Nacka 2026"}, {"/konsulent/utlysningar/" + strconv.Itoa(nacka) + "/ansokningar", "Kompani Fjäril"}},
	}
	site := testutil.Site(t, pool)
	for _, a := range seed.DemoAccounts {
		r := testutil.Serve(t, site, testutil.Request(http.MethodPost, "/logga-in",
			url.Values{"epost": {a.Email}, "losenord": {a.Password}, "nasta": {"/"}}, nil))
		if r.Status != http.StatusSeeOther {
			t.Errorf("sign-in as %s (%s): status %d, want 303", a.Email, a.Role, r.Status)
			continue
		}
		var session *http.Cookie
		for _, c := range (&http.Response{Header: r.Header}).Cookies() {
			if c.Name == auth.CookieName && c.Value != "" {
				session = c
			}
		}
		if session == nil {
			t.Errorf("sign-in as %s (%s) set no session cookie", a.Email, a.Role)
			continue
		}
		if len(pages[a.Role]) == 0 {
			t.Errorf("no pages to check for the role %s", a.Role)
		}
		for _, p := range pages[a.Role] {
			page := testutil.Serve(t, site, testutil.Request(http.MethodGet, p.path, nil, session))
			if page.Status != http.StatusOK || !strings.Contains(page.Body, p.want) {
				t.Errorf("%s (%s) on %s: status %d, want 200 with %q", a.Email, a.Role, p.path, page.Status, p.want)
			}
		}
	}
}
