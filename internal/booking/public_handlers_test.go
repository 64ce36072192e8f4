package booking_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/booking"
	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/ical"
	"residens/internal/ical/icaltest"
	"residens/internal/mail"
	"residens/internal/registry"
	"residens/internal/testutil"
)

// site is the portal over the demo content with a mail queue that only
// inserts River jobs and registration numbers prefixed TEST.
type site struct {
	h    http.Handler
	pool *pgxpool.Pool
	mu   sync.Mutex
	now  time.Time
}

// clock is the site's time: testutil.Now until a test advances it.
func (s *site) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *site) advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = s.now.Add(d)
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{now: testutil.Now}
	ts := testutil.NewSite(t, testutil.SiteOptions{Now: s.clock, Registry: registry.New("TEST")})
	s.h, s.pool = ts.H, ts.Pool
	return s
}

func (s *site) id(t *testing.T, table, slug string) int64 {
	t.Helper()
	var id int64
	if err := s.pool.QueryRow(context.Background(), `SELECT id FROM `+table+` WHERE slug = $1`, slug).Scan(&id); err != nil {
		t.Fatalf("%s %s: %v", table, slug, err)
	}
	return id
}

// consultant adds an active consultant advising on the art form (a slug)
// in the municipalities (slugs; none means all), open weekdays 9–12 with
// 45-minute meetings and a 15-minute buffer.
func (s *site) consultant(t *testing.T, name, artForm string, munis ...string) int64 {
	t.Helper()
	ctx := context.Background()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@region.example.se"
	var uid int64
	if err := s.pool.QueryRow(ctx, `INSERT INTO users (email, name, role, email_verified_at)
		VALUES ($1, $2, 'consultant', now()) RETURNING id`, email, name).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	p := booking.DefaultProfile(uid)
	p.Title, p.Active, p.BufferMinutes, p.HorizonWeeks = "Länskulturkonsulent", true, 15, 3
	p.ArtFormIDs = []int64{s.id(t, "art_forms", artForm)}
	p.AllMunicipalities = len(munis) == 0
	for _, m := range munis {
		p.MunicipalityIDs = append(p.MunicipalityIDs, s.id(t, "municipalities", m))
	}
	a := booking.Availability{Profile: p}
	for d := 1; d <= 5; d++ {
		a.Hours = append(a.Hours, booking.Hours{Weekday: d, Starts: booking.At(9, 0), Ends: booking.At(12, 0)})
	}
	if err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error { return booking.SaveAvailability(ctx, tx, a, testutil.Now) }); err != nil {
		t.Fatal(err)
	}
	return uid
}

func (s *site) do(t *testing.T, method, target string, form url.Values) *testutil.Response {
	t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, target, nil)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	return &testutil.Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.String(), Doc: doc}
}

// formOf is what a browser sends from the form with the test id, with the
// first radio of each group checked when none is.
func formOf(t *testing.T, r *testutil.Response, testid string) url.Values {
	t.Helper()
	form := r.TestID(testid)
	if form.Length() != 1 {
		t.Fatalf("no form %s on the page (status %d): %s", testid, r.Status, testutil.Squash(r.Doc.Find("main").Text()))
	}
	v := url.Values{}
	form.Find("input[name], select[name], textarea[name]").Each(func(_ int, e *goquery.Selection) {
		name, _ := e.Attr("name")
		switch goquery.NodeName(e) {
		case "input":
			if typ, _ := e.Attr("type"); typ == "radio" {
				if _, on := e.Attr("checked"); !on && v.Has(name) || !on && name != "tid" {
					return
				}
			}
			val, _ := e.Attr("value")
			if !v.Has(name) {
				v.Set(name, val)
			}
		case "select":
			opt := e.Find("option[selected]")
			val, _ := opt.Attr("value")
			v.Set(name, val)
		case "textarea":
			v.Set(name, e.Text())
		}
	})
	return v
}

func (s *site) timesURL(t *testing.T, artForm, muni string) string {
	t.Helper()
	return "/radgivning/tider?amne=ansokan&konstform=" + itoa(s.id(t, "art_forms", artForm)) +
		"&kommun=" + itoa(s.id(t, "municipalities", muni))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var labelRE = regexp.MustCompile(`^(måndag|tisdag|onsdag|torsdag|fredag) \d{1,2} [a-zåäö]+ kl\. \d\d\.\d\d–\d\d\.\d\d med .+$`)

func TestStartPageListsConsultants(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	r := s.do(t, http.MethodGet, "/radgivning", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	testutil.CheckPage(t, "/radgivning", r)
	times := s.timesURL(t, "dans", "taby")
	testutil.CheckPage(t, times, s.do(t, http.MethodGet, times, nil))
	if got := testutil.Texts(r.TestID("consultant-name")); len(got) != 1 || got[0] != "Dana Dansare" {
		t.Errorf("consultants = %v", got)
	}
	if got := r.Text("consultant-art-forms"); !strings.Contains(got, "Dans") {
		t.Errorf("art forms = %q", got)
	}
	if r.Doc.Find(`select[name="amne"] option`).Length() != len(booking.Topics())+1 {
		t.Errorf("topic select lacks the topics")
	}
}

func TestRouting(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	s.consultant(t, "Mona Musiker", "musik", "botkyrka")
	tests := []struct {
		name, artForm, muni, want string
	}{
		{"dance anywhere", "dans", "taby", "Dana Dansare"},
		{"music in a covered municipality", "musik", "botkyrka", "Mona Musiker"},
		{"music outside the municipalities", "musik", "taby", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.do(t, http.MethodGet, s.timesURL(t, tt.artForm, tt.muni), nil)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d", r.Status)
			}
			labels := testutil.Texts(r.TestID("slot-label"))
			if tt.want == "" {
				if len(labels) != 0 || r.TestID("empty-state").Length() != 1 {
					t.Errorf("want the empty state, got %d slots", len(labels))
				}
				return
			}
			if len(labels) == 0 {
				t.Fatal("no slots")
			}
			for _, l := range labels {
				if !labelRE.MatchString(l) || !strings.HasSuffix(l, "med "+tt.want) {
					t.Errorf("label %q, want a full label with %s", l, tt.want)
				}
			}
		})
	}
}

func TestTimesNeedAChoice(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	r := s.do(t, http.MethodGet, "/radgivning/tider?amne=x", nil)
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-summary").Length() != 1 {
		t.Errorf("status %d, want 422 with the summary", r.Status)
	}
}

// bookForm walks to the filled booking form for the first free time.
func (s *site) bookForm(t *testing.T, email string) url.Values {
	t.Helper()
	r := s.do(t, http.MethodGet, s.timesURL(t, "dans", "botkyrka"), nil)
	r = s.do(t, http.MethodPost, "/radgivning/boka", formOf(t, r, "slot-form"))
	if r.Status != http.StatusOK || r.TestID("public-record-notice").Length() != 1 {
		t.Fatalf("booking form: status %d, notice %d", r.Status, r.TestID("public-record-notice").Length())
	}
	v := formOf(t, r, "booking-form")
	v.Set("namn", "Britt Bokare")
	v.Set("epost", email)
	v.Set("organisation", "Botkyrka kommun")
	v.Set("roll", "Kulturchef")
	v.Set("fraga", "Hur söker vi residens?")
	v.Set("motesform", "video")
	return v
}

type queued struct {
	mail.SendArgs
}

func (s *site) mails(t *testing.T) []queued {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT args FROM river_job WHERE kind = 'mail.send' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (queued, error) {
		var raw []byte
		var q queued
		if err := r.Scan(&raw); err != nil {
			return q, err
		}
		return q, json.Unmarshal(raw, &q.SendArgs)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBookCreatesRequestNumberAndMails(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	form := s.bookForm(t, "britt@example.se")
	r := s.do(t, http.MethodPost, "/radgivning/boka", form)
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/radgivning/bokning/") {
		t.Fatalf("status %d to %q: %s", r.Status, loc, testutil.Squash(r.Doc.Find("main").Text()))
	}
	t.Run("double click books once", func(t *testing.T) {
		again := s.do(t, http.MethodPost, "/radgivning/boka", form)
		if again.Status != http.StatusSeeOther || again.Header.Get("Location") != loc {
			t.Errorf("second POST: %d to %q, want the same receipt", again.Status, again.Header.Get("Location"))
		}
	})
	var n int
	var state, number string
	if err := s.pool.QueryRow(context.Background(), `SELECT count(*), min(b.state), min(r.number)
		FROM bookings b JOIN registrations r ON r.id = b.registration_id`).Scan(&n, &state, &number); err != nil {
		t.Fatal(err)
	}
	if n != 1 || state != "requested" || number != "TEST-2026-0001" {
		t.Errorf("bookings = %d, state %q, number %q", n, state, number)
	}
	receipt := s.do(t, http.MethodGet, loc, nil)
	if receipt.Text("booking-number") != number || receipt.Text("booking-state") != booking.StateRequested.Label() {
		t.Errorf("receipt number %q state %q", receipt.Text("booking-number"), receipt.Text("booking-state"))
	}
	mails := s.mails(t)
	if len(mails) != 2 {
		t.Fatalf("%d mails, want 2", len(mails))
	}
	for _, m := range mails {
		if !strings.Contains(m.Subject, number) || len(m.Attachments) != 1 {
			t.Errorf("mail to %s: subject %q, %d attachments", m.To, m.Subject, len(m.Attachments))
			continue
		}
		// The booker is invited (REQUEST); the consultant's copy expects
		// no reply (PUBLISH). The portal organises both.
		wantMethod := ical.MethodRequest
		if m.To != "britt@example.se" {
			wantMethod = ical.MethodPublish
		}
		method, evs, err := icaltest.Parse(bytes.NewReader(m.Attachments[0].Data))
		if err != nil || method != wantMethod || len(evs) != 1 {
			t.Fatalf("ics: %v %q %d", err, method, len(evs))
		}
		e := evs[0]
		_, unix, _ := strings.Cut(form.Get("tid"), "-")
		if strconv.FormatInt(e.Start.Unix(), 10) != unix || e.UID != calendarUID(t, s.pool, bookingID(t, s)) {
			t.Errorf("event start %s uid %q, want the chosen time %s", e.Start, e.UID, unix)
		}
		if e.End.Sub(e.Start) != 45*time.Minute || e.AlarmBefore <= 0 || e.Status != ical.StatusTentative ||
			e.Organizer != "noreply@residens.invalid" {
			t.Errorf("event = %+v", e)
		}
		if !strings.Contains(string(m.Attachments[0].Data), "TZID="+civil.Stockholm.String()) {
			t.Errorf("ics lacks the time zone")
		}
		if m.To == "britt@example.se" && !strings.Contains(m.Text, "http://127.0.0.1:8080"+strings.TrimSuffix(loc, "?klart=bokad")+"\n") {
			t.Errorf("booker mail lacks the manage link: %s", m.Text)
		}
	}
	if mails[0].To != "britt@example.se" || mails[1].To != "dana.dansare@region.example.se" {
		t.Errorf("mails to %s and %s", mails[0].To, mails[1].To)
	}
}

// calendarUID is the UID booking id's calendar files must carry: its random
// key at the host name of the default BASE_URL, never one built from the id
// (which every fresh installation repeats).
func calendarUID(t *testing.T, pool *pgxpool.Pool, id int64) string {
	t.Helper()
	var key string
	if err := pool.QueryRow(context.Background(), `SELECT calendar_uid::text FROM bookings WHERE id = $1`, id).Scan(&key); err != nil {
		t.Fatalf("calendar key of booking %d: %v", id, err)
	}
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return key + "@" + cfg.BaseURL.Hostname()
}

func bookingID(t *testing.T, s *site) int64 {
	t.Helper()
	var id int64
	if err := s.pool.QueryRow(context.Background(), `SELECT max(id) FROM bookings`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestTakenSlotSaysSoAndOffersNextTimes(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	first := s.bookForm(t, "britt@example.se")
	second := s.bookForm(t, "sven@example.se")
	second.Set("namn", "Sven Sent")
	if first.Get("tid") != second.Get("tid") {
		t.Fatalf("both should pick the first free time: %s vs %s", first.Get("tid"), second.Get("tid"))
	}
	if r := s.do(t, http.MethodPost, "/radgivning/boka", first); r.Status != http.StatusSeeOther {
		t.Fatalf("first booking: %d", r.Status)
	}
	r := s.do(t, http.MethodPost, "/radgivning/boka", second)
	if r.Status != http.StatusConflict {
		t.Fatalf("second booking: status %d, want 409", r.Status)
	}
	if !strings.Contains(r.Text("slot-taken"), "inte längre ledig") || r.TestID("public-record-notice").Length() != 1 {
		t.Errorf("message = %q", r.Text("slot-taken"))
	}
	next := testutil.Texts(r.TestID("next-slot"))
	if len(next) == 0 || !labelRE.MatchString(next[0]) {
		t.Errorf("next times = %v", next)
	}
	if v, _ := r.TestID("kept-namn").Attr("value"); v != "Sven Sent" {
		t.Errorf("kept name = %q", v)
	}
	// Picking one of the next times books it with what was typed.
	again := formOf(t, r, "next-times")
	if got := s.do(t, http.MethodPost, "/radgivning/boka", again); got.Status != http.StatusSeeOther {
		t.Errorf("booking a next time: %d", got.Status)
	}
	var n int
	if err := s.pool.QueryRow(context.Background(), `SELECT count(*) FROM bookings WHERE state = 'requested'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d bookings, want 2", n)
	}
}

func TestInvalidFormKeepsValues(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	form := s.bookForm(t, "inte-en-adress")
	r := s.do(t, http.MethodPost, "/radgivning/boka", form)
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-epost").Length() != 1 {
		t.Fatalf("status %d, want 422 with the e-mail error", r.Status)
	}
	if v, _ := r.Doc.Find(`input[name="namn"]`).Attr("value"); v != "Britt Bokare" {
		t.Errorf("name kept = %q", v)
	}
}

// Book books the first free time and returns the manage path.
func (s *site) book(t *testing.T) string {
	t.Helper()
	r := s.do(t, http.MethodPost, "/radgivning/boka", s.bookForm(t, "britt@example.se"))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("booking: %d", r.Status)
	}
	loc, _, _ := strings.Cut(r.Header.Get("Location"), "?")
	return loc
}

func TestManageLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")

	t.Run("forged and unknown tokens", func(t *testing.T) {
		for _, token := range []string{"x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", strings.Repeat("-", 43)} {
			for _, path := range []string{"", "/flytta", "/kalender.ics"} {
				if r := s.do(t, http.MethodGet, "/radgivning/bokning/"+token+path, nil); r.Status != http.StatusNotFound {
					t.Errorf("GET %s%s: %d, want 404", token, path, r.Status)
				}
			}
			if r := s.do(t, http.MethodPost, "/radgivning/bokning/"+token+"/avboka", url.Values{}); r.Status != http.StatusNotFound {
				t.Errorf("POST avboka %s: %d, want 404", token, r.Status)
			}
		}
	})

	t.Run("old link", func(t *testing.T) {
		path := s.book(t)
		if _, err := s.pool.Exec(context.Background(), `UPDATE bookings SET state = 'cancelled',
			during = tstzrange($1::timestamptz - interval '60 days', $1::timestamptz - interval '60 days' + interval '45 minutes')
			WHERE id = $2`, testutil.Now, bookingID(t, s)); err != nil {
			t.Fatal(err)
		}
		if r := s.do(t, http.MethodGet, path, nil); r.Status != http.StatusNotFound {
			t.Errorf("old link: %d, want 404", r.Status)
		}
	})

	t.Run("move", func(t *testing.T) {
		path := s.book(t)
		before := s.do(t, http.MethodGet, path, nil).Text("booking-time")
		page := s.do(t, http.MethodGet, path+"/flytta", nil)
		labels := testutil.Texts(page.TestID("slot-label"))
		if len(labels) == 0 {
			t.Fatal("no times to move to")
		}
		s.advance(time.Minute)
		r := s.do(t, http.MethodPost, path+"/flytta", formOf(t, page, "move-form"))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("move: %d %s", r.Status, r.Text("slot-message"))
		}
		after := s.do(t, http.MethodGet, path, nil)
		if got := after.Text("booking-time"); got == before || !strings.HasPrefix(labels[0], got) {
			t.Errorf("time after move %q (before %q), want %q", got, before, labels[0])
		}
		if after.Text("booking-state") != booking.StateRequested.Label() {
			t.Errorf("state after move %q", after.Text("booking-state"))
		}
		last := s.mails(t)
		m := last[len(last)-2]
		_, evs, err := icaltest.Parse(bytes.NewReader(m.Attachments[0].Data))
		if err != nil || evs[0].Sequence < 1 {
			t.Errorf("move ics: %v, sequence %d", err, evs[0].Sequence)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		path := s.book(t)
		r := s.do(t, http.MethodPost, path+"/avboka", url.Values{})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", r.Status)
		}
		after := s.do(t, http.MethodGet, path, nil)
		if after.Text("booking-state") != booking.StateCancelled.Label() || after.TestID("cancel").Length() != 0 {
			t.Errorf("state after cancel %q", after.Text("booking-state"))
		}
		all := s.mails(t)
		for _, m := range all[len(all)-2:] {
			method, _, err := icaltest.Parse(bytes.NewReader(m.Attachments[0].Data))
			if err != nil || method != ical.MethodCancel {
				t.Errorf("cancel mail to %s: %v %q", m.To, err, method)
			}
		}
	})
}

// No booking page may be kept by the page cache or a browser: free times and
// bookings change without the content version moving.
func TestBookingPagesAreNotStored(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	for _, path := range []string{"/radgivning", s.timesURL(t, "dans", "taby")} {
		r := s.do(t, http.MethodGet, path, nil)
		if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
		}
	}
}

// TestCalendarFile: the manage page links the meeting's calendar file,
// which is the e-mails' event (same UID) published for import, never
// stored by a cache; a booking that holds no time has none.
func TestCalendarFile(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	path := s.book(t)
	page := s.do(t, http.MethodGet, path, nil)
	href, _ := page.Doc.Find(`[data-testid="calendar-link"]`).Attr("href")
	if href != path+"/kalender.ics" {
		t.Fatalf("manage page links the calendar file as %q, want %s/kalender.ics", href, path)
	}
	r := s.do(t, http.MethodGet, href, nil)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
		r.Header.Get("Content-Disposition") != `attachment; filename="radgivningsmote.ics"` ||
		r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET %s: %d, headers %v", href, r.Status, r.Header)
	}
	uid := calendarUID(t, s.pool, bookingID(t, s))
	for _, want := range []string{"METHOD:PUBLISH", "UID:" + uid, "STATUS:TENTATIVE", "BEGIN:VALARM"} {
		if !strings.Contains(strings.ReplaceAll(r.Body, "\r\n ", ""), want) {
			t.Errorf("calendar file lacks %q:\n%s", want, r.Body)
		}
	}
	if strings.Contains(r.Body, "ATTENDEE") {
		t.Errorf("a published file names attendees:\n%s", r.Body)
	}
	if _, err := s.pool.Exec(context.Background(), `UPDATE bookings SET state = 'cancelled' WHERE id = $1`, bookingID(t, s)); err != nil {
		t.Fatal(err)
	}
	if r := s.do(t, http.MethodGet, href, nil); r.Status != http.StatusNotFound {
		t.Errorf("calendar file of a cancelled booking: %d, want 404", r.Status)
	}
}

// TestBookingFormFields: the booking form's fields come from the UI kit, so
// each optional one says so once, in the kit's words, and every hint and
// error is tied to its control.
func TestBookingFormFields(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	r := s.do(t, http.MethodGet, s.timesURL(t, "dans", "botkyrka"), nil)
	r = s.do(t, http.MethodPost, "/radgivning/boka", formOf(t, r, "slot-form"))
	form := r.Doc.Find(`[data-testid="booking-form"]`)
	if strings.Contains(form.Text(), "valfritt") {
		t.Errorf("the form still writes its own (valfritt): %s", testutil.Squash(form.Text()))
	}
	for id, want := range map[string]string{"organisation": "Organisation (frivilligt)", "kommun": "Kommun (frivilligt)",
		"roll": "Din roll (frivilligt)", "fraga": "Vad vill du ta upp?", "namn": "Namn"} {
		if got := testutil.Squash(form.Find(`label[for="` + id + `"]`).Text()); got != want {
			t.Errorf("label of %s = %q, want %q", id, got, want)
		}
	}
	if got := testutil.Squash(form.Find(`fieldset#motesform legend`).Text()); got != "Hur vill ni mötas?" {
		t.Errorf("meeting form legend = %q", got)
	}
	if d, _ := form.Find(`textarea#fraga`).Attr("aria-describedby"); d != "fraga-hint" {
		t.Errorf("question described by %q, want its hint", d)
	}
}

// TestTimesGrid: the times are grouped by day under its date, each button
// shows only the time of day (the day and the consultant are hidden parts of
// its label, said once visibly), and with several consultants each group
// names its consultant.
func TestTimesGrid(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	s.consultant(t, "Dora Dans", "dans")
	r := s.do(t, http.MethodGet, s.timesURL(t, "dans", "taby"), nil)
	days := r.TestID("slot-day")
	if days.Length() == 0 || days.Length() != r.TestID("slot-day-label").Length() {
		t.Fatalf("%d days, %d day headings", days.Length(), r.TestID("slot-day-label").Length())
	}
	who := testutil.Texts(r.TestID("slot-who"))
	if !slices.Contains(who, "Dana Dansare") || !slices.Contains(who, "Dora Dans") {
		t.Errorf("groups name %v, want both consultants", who)
	}
	r.TestID("slot-label").Each(func(_ int, l *goquery.Selection) {
		shown := l.Clone()
		shown.Find(".visually-hidden").Remove()
		if got := shown.Text(); !regexp.MustCompile(`^\d\d\.\d\d–\d\d\.\d\d$`).MatchString(got) {
			t.Errorf("a button shows %q, want only the time of day", got)
		}
		if id, _ := l.Attr("for"); r.Doc.Find(`input[type="radio"][name="tid"][id="`+id+`"]`).Length() != 1 {
			t.Errorf("label for %q has no radio", id)
		}
	})
}
