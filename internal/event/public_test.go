package event_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/secret"
	"residens/internal/testutil"
)

// site is the whole site over a copy of the demo database, with a clock the
// test moves and limits high enough for many sign-ups from one address.
type site struct {
	h     http.Handler
	pool  *pgxpool.Pool
	clock *clock
}

var highLimits = map[string]string{"LIMIT_EVENT_SIGNUPS_PER_IP_HOUR": "100000", "LIMIT_MAILS_PER_ADDRESS_HOUR": "100000"}

func newSite(t *testing.T) *site {
	t.Helper()
	c := &clock{t: testutil.Now}
	ts := testutil.NewSite(t, testutil.SiteOptions{Now: c.Now, Env: highLimits})
	return &site{h: ts.H, pool: ts.Pool, clock: c}
}

func (s *site) get(t *testing.T, target string) *testutil.Response {
	t.Helper()
	return testutil.Get(t, s.h, target)
}

func (s *site) post(t *testing.T, target string, form url.Values) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.h, testutil.Request(http.MethodPost, target, form, nil))
}

func (s *site) count(t *testing.T, sql string, args ...any) int64 {
	t.Helper()
	return testutil.Scalar[int64](t, s.pool, sql, args...)
}

// form is a valid sign-up with a fresh key, as the page would send it.
func form(name string) url.Values {
	key, _ := secret.New()
	return url.Values{"nyckel": {key}, "namn": {name}, "epost": {strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.se"},
		"roll": {"kulturaktor"}, "behov": {"Vegetariskt"}}
}

func TestListUpcomingSoonestFirst(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	r := testutil.GetOK(t, s.h, "/evenemang")
	slugs := testutil.Attrs(r.TestID("event"), "data-slug")
	if len(slugs) < 7 {
		t.Fatalf("events %v", slugs)
	}
	if slugs[0] != "natverkstraff-slojd-och-textil" || slices.Contains(slugs, "kulturfrukost-i-huddinge") {
		t.Errorf("order %v: want the network meeting (in 5 days) first and no past event", slugs)
	}
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "s-maxage=60") {
		t.Errorf("Cache-Control %q", cc)
	}
	card := r.Doc.Find(`[data-slug="kulturfrukost-i-nacka"]`)
	if got := testutil.Squash(card.Find(`[data-testid="event-seats"]`).Text()); got != "Fullbokat – väntelista öppen" {
		t.Errorf("full breakfast says %q", got)
	}
	if got := testutil.Squash(card.Find(`[data-testid="event-when"]`).Text()); !strings.Contains(got, "kl. 07.30–09.00") {
		t.Errorf("time %q", got)
	}
	if got := testutil.Squash(r.Doc.Find(`[data-slug="seminarium-residens-pa-landsbygden"] [data-testid="event-place"]`).Text()); got != "Digitalt" {
		t.Errorf("online place %q", got)
	}
	if got := testutil.Squash(r.Doc.Find(`[data-slug="workshop-teater-i-botkyrka"] [data-testid="event-seats"]`).Text()); got != "Inställt" {
		t.Errorf("cancelled says %q", got)
	}
	past := testutil.GetOK(t, s.h, "/evenemang?tid=tidigare")
	if got := testutil.Attrs(past.TestID("event"), "data-slug"); !slices.Equal(got, []string{"kulturfrukost-i-huddinge"}) {
		t.Errorf("past %v", got)
	}
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"format=forum", []string{"kulturforum-2027"}},
		{"kommun=nacka", []string{"kulturfrukost-i-nacka", "kulturforum-2027"}},
		{"konstform=slojd&digitalt=bada", []string{"natverkstraff-slojd-och-textil"}},
		{"digitalt=digitalt", []string{"natverkstraff-slojd-och-textil", "seminarium-residens-pa-landsbygden", "kulturforum-2027"}},
		{"manad=2027-03", []string{"kulturforum-2027"}},
	} {
		r := testutil.GetOK(t, s.h, "/evenemang?"+c.query)
		if got := testutil.Attrs(r.TestID("event"), "data-slug"); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.query, got, c.want)
		}
	}
	r := testutil.GetOK(t, s.h, "/evenemang?format=kurs&kommun=nacka")
	if r.TestID("empty-state").Length() != 1 {
		t.Errorf("no empty state")
	}
	r = testutil.GetOK(t, s.h, "/evenemang?format=dansbana&manad=2026-13&digitalt=kanske")
	if n := len(r.Notices()); n != 3 || r.TestID("event").Length() < 7 {
		t.Errorf("unknown filters: notices %v, %d events", r.Notices(), r.TestID("event").Length())
	}
}

func TestEventPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	r := testutil.GetOK(t, s.h, "/evenemang/kulturforum-2027")
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store: the form carries a key", cc)
	}
	if n := r.TestID("programme-item").Length(); n != 7 {
		t.Errorf("%d programme items", n)
	}
	if r.TestID("signup-form").Length() != 1 || r.TestID("honeypot").Length() != 1 {
		t.Errorf("no form or no honeypot")
	}
	if r.Doc.Find(`input[name="sida"]`).Length() != 0 {
		t.Errorf("a forum asks for the speed-dating side")
	}
	if href, _ := r.TestID("ics-link").Attr("href"); href != "/evenemang/kulturforum-2027.ics" {
		t.Errorf("ics link %q", href)
	}
	ld := jsonLD(t, r)
	if ld["@type"] != "Event" || ld["eventStatus"] != "https://schema.org/EventScheduled" ||
		ld["eventAttendanceMode"] != "https://schema.org/MixedEventAttendanceMode" {
		t.Errorf("JSON-LD %v", ld)
	}
	if loc, ok := ld["location"].([]any); !ok || len(loc) != 2 {
		t.Errorf("mixed location %v", ld["location"])
	}
	if offers := ld["offers"].(map[string]any); offers["availability"] != "https://schema.org/InStock" {
		t.Errorf("offers %v", offers)
	}
	// The description is Markdown, rendered.
	if r.TestID("event-description").Length() != 1 {
		t.Errorf("no description")
	}
	speed := testutil.GetOK(t, s.h, "/evenemang/speed-dejting-kultur-moter-kommun")
	if speed.Doc.Find(`input[name="sida"]`).Length() != 2 || speed.Doc.Find(`input[name="soker-konstform"]`).Length() == 0 {
		t.Errorf("speed-dating form lacks the side or what one looks for")
	}
	cancelled := testutil.GetOK(t, s.h, "/evenemang/workshop-teater-i-botkyrka")
	if cancelled.TestID("event-cancelled").Length() != 1 || cancelled.TestID("signup-form").Length() != 0 {
		t.Errorf("cancelled event shows a form or no notice")
	}
	if ld := jsonLD(t, cancelled); ld["eventStatus"] != "https://schema.org/EventCancelled" {
		t.Errorf("cancelled JSON-LD %v", ld["eventStatus"])
	}
	full := testutil.GetOK(t, s.h, "/evenemang/kulturfrukost-i-nacka")
	if ld := jsonLD(t, full); ld["offers"].(map[string]any)["availability"] != "https://schema.org/SoldOut" {
		t.Errorf("full event's availability %v", ld["offers"])
	}
	if full.TestID("full-notice").Length() != 1 {
		t.Errorf("full event says nothing of the line")
	}
	for _, p := range []string{"/evenemang/finns-inte", "/evenemang/Ogiltig!", "/evenemang/anmalan/x"} {
		if r := s.get(t, p); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, r.Status)
		}
	}
	// A draft is not public.
	if _, err := s.pool.Exec(context.Background(), `UPDATE events SET status = 'draft', cancelled_at = NULL WHERE slug = 'workshop-teater-i-botkyrka'`); err != nil {
		t.Fatal(err)
	}
	if r := s.get(t, "/evenemang/workshop-teater-i-botkyrka"); r.Status != http.StatusNotFound {
		t.Errorf("draft: %d", r.Status)
	}
}

func jsonLD(t *testing.T, r *testutil.Response) map[string]any {
	t.Helper()
	sel := r.Doc.Find(`script[type="application/ld+json"]`)
	if sel.Length() != 1 {
		t.Fatalf("%d JSON-LD blocks", sel.Length())
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(sel.Text()), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

var manageRE = regexp.MustCompile(`^/evenemang/anmalan/([A-Za-z0-9_-]{43})\?klart=anmald$`)

func TestSignUpThroughTheForm(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	const path = "/evenemang/workshop-ansok-om-kulturstod/anmal"
	// Empty: 422 with the summary.
	r := s.post(t, path, url.Values{"nyckel": form("x")["nyckel"], "namn": {"Anna"}})
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-summary").Length() != 1 {
		t.Fatalf("empty: %d", r.Status)
	}
	if v, _ := r.Doc.Find(`input[name="namn"]`).Attr("value"); v != "Anna" {
		t.Errorf("typed name not kept: %q", v)
	}
	// Unknown values are refused with a message.
	bad := form("Bo Berg")
	bad.Set("roll", "kung")
	bad.Set("konstform", "999999")
	r = s.post(t, path, bad)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-summary"), "Välj en konstform i listan") {
		t.Errorf("unknown values: %d %q", r.Status, r.Text("error-summary"))
	}
	// Too long.
	long := form("Bo Berg")
	long.Set("behov", strings.Repeat("x", 1001))
	if r := s.post(t, path, long); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("long needs: %d", r.Status)
	}
	// The honeypot.
	robot := form("Robot")
	robot.Set("webbplats", "http://spam.example")
	if r := s.post(t, path, robot); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("honeypot: %d", r.Status)
	}
	if n := s.count(t, `SELECT count(*) FROM event_signups WHERE name IN ('Bo Berg', 'Robot', 'Anna')`); n != 0 {
		t.Fatalf("%d sign-ups from refused posts", n)
	}
	// A valid one, with forged fields that do nothing.
	f := form("Cilla Carlsson")
	f.Set("evenemang", "1")
	f.Set("kapacitet", "1000")
	f.Set("samtycke", "ja")
	before := s.count(t, `SELECT capacity FROM events WHERE slug = 'workshop-ansok-om-kulturstod'`)
	r = s.post(t, path, f)
	loc := r.Header.Get("Location")
	m := manageRE.FindStringSubmatch(loc)
	if r.Status != http.StatusSeeOther || m == nil || m[1] != f.Get("nyckel") {
		t.Fatalf("sign-up: %d to %q", r.Status, loc)
	}
	if after := s.count(t, `SELECT capacity FROM events WHERE slug = 'workshop-ansok-om-kulturstod'`); after != before {
		t.Errorf("capacity %d -> %d", before, after)
	}
	// The double click lands on the same page; one sign-up.
	if r := s.post(t, path, f); r.Status != http.StatusSeeOther || r.Header.Get("Location") != loc {
		t.Errorf("double click: %d %q", r.Status, r.Header.Get("Location"))
	}
	if n := s.count(t, `SELECT count(*) FROM event_signups WHERE email = 'cilla.carlsson@example.se'`); n != 1 {
		t.Errorf("%d sign-ups", n)
	}
	// The same address again, from a fresh form.
	again := form("Cilla Carlsson")
	again.Set("epost", "CILLA.carlsson@example.se")
	r = s.post(t, path, again)
	if r.Status != http.StatusConflict || !strings.Contains(r.Text("error-summary"), "redan anmäld") {
		t.Errorf("same address: %d %q", r.Status, r.Text("error-summary"))
	}
	// The receipt.
	loc = "/evenemang/anmalan/" + m[1]
	page := testutil.GetOK(t, s.h, loc)
	if page.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("manage page may be cached")
	}
	if got := page.Text("signup-state"); got != "Plats" {
		t.Errorf("state %q", got)
	}
	if !regexp.MustCompile(`^[2-9A-HJKMNP-Z]{6} `).MatchString(page.Text("signup-code")) {
		t.Errorf("code %q", page.Text("signup-code"))
	}
	if page.TestID("cancel").Length() != 1 || page.TestID("needs-form").Length() != 1 {
		t.Errorf("no cancel button or needs form")
	}
	// Needs change; then cancel.
	if r := s.post(t, loc+"/behov", url.Values{"behov": {"Rullstolsplats"}}); r.Status != http.StatusSeeOther {
		t.Errorf("needs: %d", r.Status)
	}
	if n := s.count(t, `SELECT count(*) FROM event_signups WHERE needs = 'Rullstolsplats'`); n != 1 {
		t.Errorf("needs not saved")
	}
	if r := s.post(t, loc+"/avboka", nil); r.Status != http.StatusSeeOther {
		t.Errorf("cancel: %d", r.Status)
	}
	if got := testutil.GetOK(t, s.h, loc).Text("signup-state"); got != "Avanmäld" {
		t.Errorf("after cancel %q", got)
	}
}

func TestSignUpRefusals(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	// The deadline, to the second.
	var closes time.Time
	if err := s.pool.QueryRow(ctx, `SELECT signup_closes_at FROM events WHERE slug = 'workshop-ansok-om-kulturstod'`).Scan(&closes); err != nil {
		t.Fatal(err)
	}
	s.clock.Set(closes.Add(-time.Second))
	if r := testutil.GetOK(t, s.h, "/evenemang/workshop-ansok-om-kulturstod"); r.TestID("signup-form").Length() != 1 {
		t.Errorf("no form a second before the deadline")
	}
	s.clock.Set(closes)
	r := s.post(t, "/evenemang/workshop-ansok-om-kulturstod/anmal", form("Sen Sven"))
	if r.Status != http.StatusConflict || r.TestID("refusal").Length() != 1 {
		t.Errorf("at the deadline: %d", r.Status)
	}
	s.clock.Set(testutil.Now)
	r = s.post(t, "/evenemang/workshop-teater-i-botkyrka/anmal", form("Sen Sven"))
	if r.Status != http.StatusConflict || !strings.Contains(r.Text("refusal"), "inställt") {
		t.Errorf("cancelled: %d %q", r.Status, r.Text("refusal"))
	}
	if r := s.post(t, "/evenemang/kulturfrukost-i-huddinge/anmal", form("Sen Sven")); r.Status != http.StatusConflict {
		t.Errorf("past: %d", r.Status)
	}
	if n := s.count(t, `SELECT count(*) FROM event_signups WHERE name = 'Sen Sven'`); n != 0 {
		t.Errorf("%d refused sign-ups saved", n)
	}
}

func TestWaitingListThroughThePages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	const slug = "kurs-dansfilm-for-nyborjare"
	if _, err := s.pool.Exec(ctx, `UPDATE events SET capacity = 4 WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	first, second := form("Första Person"), form("Andra Person")
	for _, f := range []url.Values{first, second} {
		if r := s.post(t, "/evenemang/"+slug+"/anmal", f); r.Status != http.StatusSeeOther {
			t.Fatalf("sign-up: %d", r.Status)
		}
	}
	one, two := "/evenemang/anmalan/"+first.Get("nyckel"), "/evenemang/anmalan/"+second.Get("nyckel")
	p := testutil.GetOK(t, s.h, two)
	if got := p.Text("signup-state"); got != "På väntelistan, plats 1 i kön" {
		t.Errorf("second: %q", got)
	}
	if p.TestID("signup-code").Length() != 0 || p.TestID("online-link").Length() != 0 {
		t.Errorf("one in line is shown a code or the link")
	}
	if r := s.post(t, one+"/avboka", nil); r.Status != http.StatusSeeOther {
		t.Fatal(r.Status)
	}
	// The offer: the mail's accept link opens the page with that button only.
	p = testutil.GetOK(t, s.h, two+"?gora=tacka-ja")
	if p.TestID("accept").Length() != 1 || p.TestID("decline").Length() != 0 {
		t.Errorf("accept link: accept %d, decline %d", p.TestID("accept").Length(), p.TestID("decline").Length())
	}
	if got := p.Text("signup-state"); got != "Erbjuden plats" {
		t.Errorf("offered: %q", got)
	}
	// While the event is cancelled, the old page's yes seats no one and
	// answers with the manage page, not an error.
	if _, err := s.pool.Exec(ctx, `UPDATE events SET status = 'cancelled', cancelled_at = now() WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	if r := s.post(t, two+"/tacka-ja", nil); r.Status != http.StatusSeeOther {
		t.Fatal(r.Status)
	}
	testutil.GetOK(t, s.h, two)
	if n := s.count(t, `SELECT count(*) FROM event_signups WHERE state = 'offered' AND name = 'Andra Person'`); n != 1 {
		t.Errorf("accepted from an old page of a cancelled event: %d still offered, want 1", n)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE events SET status = 'published', cancelled_at = NULL WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	if r := s.post(t, two+"/tacka-ja", nil); r.Status != http.StatusSeeOther {
		t.Fatal(r.Status)
	}
	p = testutil.GetOK(t, s.h, two)
	if p.Text("signup-state") != "Plats" || p.TestID("signup-code").Length() != 1 {
		t.Errorf("after accept: %q", p.Text("signup-state"))
	}
	// A second accept changes nothing and says so.
	if r := s.post(t, two+"/tacka-ja", nil); r.Status != http.StatusSeeOther {
		t.Errorf("second accept: %d", r.Status)
	}
	// Long after the event the link is gone.
	s.clock.Set(testutil.Now.AddDate(0, 3, 0))
	if r := s.get(t, two); r.Status != http.StatusGone || r.TestID("gone").Length() != 1 {
		t.Errorf("old link: %d", r.Status)
	}
}

// 100 visitors send the form at once for the last 10 seats of an event,
// through two app instances (two sites, two pools) on one database.
func TestConcurrentSignUpsTwoInstances(t *testing.T) {
	t.Parallel()
	a := newSite(t)
	ctx := context.Background()
	b := testutil.NewSite(t, testutil.SiteOptions{Pool: secondPool(t, a.pool), Now: a.clock.Now, Env: highLimits})
	const slug = "workshop-ansok-om-kulturstod"
	// 5 of 20 are taken in the demo; leave exactly 10.
	if _, err := a.pool.Exec(ctx, `UPDATE events SET capacity = 15 WHERE slug = $1`, slug); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var wg sync.WaitGroup
	statuses := make([]int, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := a.h
			if i%2 == 1 {
				h = b.H
			}
			f := form("Person " + string(rune('A'+i/26)) + string(rune('a'+i%26)))
			rec := testutil.Serve(t, h, testutil.Request(http.MethodPost, "/evenemang/"+slug+"/anmal", f, nil))
			statuses[i] = rec.Status
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for i, st := range statuses {
		if st != http.StatusSeeOther {
			t.Errorf("request %d: %d", i, st)
		}
	}
	id := a.count(t, `SELECT id FROM events WHERE slug = $1`, slug)
	seated := a.count(t, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND state = 'seated' AND name LIKE 'Person %'`, id)
	waiting := a.count(t, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND state = 'waiting'`, id)
	taken := a.count(t, `SELECT seats_taken FROM events WHERE id = $1`, id)
	if seated != 10 || waiting != 90 || taken != 15 {
		t.Fatalf("seated %d, waiting %d, seats_taken %d; want 10, 90, 15", seated, waiting, taken)
	}
	rows, err := a.pool.Query(ctx, `SELECT line_no FROM event_signups WHERE event_id = $1 AND state = 'waiting' ORDER BY line_no`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := 1
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Fatalf("line number %d, want %d (no gaps, no repeats)", n, want)
		}
		want++
	}
	t.Logf("100 concurrent sign-ups over two instances for the last 10 seats: %d seated, %d waiting (places 1..%d), no 5xx, %v",
		seated, waiting, want-1, elapsed)
}

// secondPool is another pool on the database of pool, as a second app
// instance has.
func secondPool(t *testing.T, pool *pgxpool.Pool) *pgxpool.Pool {
	t.Helper()
	cfg := pool.Config().Copy()
	p, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	return p
}
