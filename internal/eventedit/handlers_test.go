package eventedit_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/event"
	"residens/internal/secret"
	"residens/internal/testutil"
)

type site struct {
	*testutil.TestSite
	cookie *http.Cookie
}

// newSite is the demo site with a signed-in consultant.
func newSite(t *testing.T) site {
	t.Helper()
	ts := testutil.NewSite(t, testutil.SiteOptions{})
	id := testutil.Scalar[int64](t, ts.Pool, `INSERT INTO users (email, name, role, email_verified_at)
		VALUES ('kim.konsulent@example.se', 'Kim Konsulent', $1, now()) RETURNING id`, string(auth.RoleConsultant))
	return site{TestSite: ts, cookie: testutil.SessionCookie(t, ts.Pool, ts.Sessions, id)}
}

func (s site) get(t *testing.T, target string) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.H, testutil.Request(http.MethodGet, target, nil, s.cookie))
}

func (s site) post(t *testing.T, target string, form url.Values) *testutil.Response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return testutil.Serve(t, s.H, testutil.Request(http.MethodPost, target, form, s.cookie))
}

func wantSeeOther(t *testing.T, r *testutil.Response) string {
	t.Helper()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303; page says: %s %s", r.Status, r.Text("error-summary"), r.Text("problem"))
	}
	return r.Header.Get("Location")
}

// breakfastForm is a valid event form: Kulturfrukost on 8 December 2026.
func breakfastForm(capacity string) url.Values {
	return url.Values{"titel": {"Kulturfrukost: musik i skolan"}, "format": {event.FormatBreakfast},
		"startdatum": {"2026-12-08"}, "starttid": {"08:00"}, "slutdatum": {"2026-12-08"}, "sluttid": {"09.30"},
		"sista-datum": {"2026-12-07"}, "sista-tid": {"23:59"}, "deltagande": {event.OnSite}, "plats": {"Kulturhuset"},
		"platser": {capacity}, "beskrivning": {"**Välkommen** på frukost."}}
}

func (s site) create(t *testing.T, form url.Values) int64 {
	t.Helper()
	loc := wantSeeOther(t, s.post(t, "/konsulent/evenemang/ny", form))
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.Split(loc, "?")[0], "/konsulent/evenemang/"), 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	return id
}

func TestListCreateEditPublish(t *testing.T) {
	s := newSite(t)
	r := s.get(t, "/konsulent/evenemang?visa=utkast")
	if r.Status != http.StatusOK {
		t.Fatalf("list: %d", r.Status)
	}
	drafts := r.TestID("row").Length()
	if r.TestID("konsulent-nav").Find(`a[aria-current="page"]`).Text() != "Evenemang" {
		t.Errorf("the menu does not mark Evenemang")
	}
	// Bad input: 422 with the messages, what was typed kept.
	bad := breakfastForm("0")
	bad.Set("sluttid", "07:00")
	bad.Set("format", "fest")
	r = s.post(t, "/konsulent/evenemang/ny", bad)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", r.Status)
	}
	for _, want := range []string{"Välj format.", "Slutet måste vara efter starten.", "Ange antal platser"} {
		if !strings.Contains(r.Text("error-summary"), want) {
			t.Errorf("summary %q lacks %q", r.Text("error-summary"), want)
		}
	}
	if v, _ := r.Doc.Find("#titel").Attr("value"); v != "Kulturfrukost: musik i skolan" {
		t.Errorf("typed title lost: %q", v)
	}
	form := breakfastForm("2")
	form.Set("nyckel", "dubbelklick")
	id := s.create(t, form)
	// The double click's second request finds the first one's event.
	if again := s.create(t, form); again != id {
		t.Fatalf("the same form twice made events %d and %d", id, again)
	}
	r = s.get(t, "/konsulent/evenemang/"+strconv.FormatInt(id, 10))
	if got := testutil.Squash(r.Text("event-title")); got != "Kulturfrukost: musik i skolan" {
		t.Fatalf("title %q", got)
	}
	if v, _ := r.Doc.Find("#starttid").Attr("value"); v != "08:00" {
		t.Errorf("start shown as %q, want 08:00 Stockholm", v)
	}
	if r.TestID("publish").Length() != 1 {
		t.Fatal("a draft has no publish button")
	}
	if n := s.get(t, "/konsulent/evenemang?visa=utkast").TestID("row").Length(); n != drafts+1 {
		t.Errorf("%d drafts, want %d", n, drafts+1)
	}
	wantSeeOther(t, s.post(t, "/konsulent/evenemang/"+strconv.FormatInt(id, 10)+"/publicera", nil))
	if st := testutil.Scalar[string](t, s.Pool, `SELECT status FROM events WHERE id = $1`, id); st != event.Published {
		t.Fatalf("status %s after publishing", st)
	}
	// Programme: add, then a bad one with its errors on its own ids.
	base := "/konsulent/evenemang/" + strconv.FormatInt(id, 10)
	wantSeeOther(t, s.post(t, base+"/program", url.Values{"punkt-datum": {"2026-12-08"}, "punkt-start": {"08:15"}, "punkt-titel": {"Välkommen"}}))
	r = s.post(t, base+"/program", url.Values{"punkt-datum": {"8/12"}})
	if r.Status != http.StatusUnprocessableEntity || r.Doc.Find("#punkt-datum-0[aria-invalid]").Length() != 1 {
		t.Fatalf("bad item: %d", r.Status)
	}
	if r = s.get(t, base); r.TestID("item").Length() != 1 {
		t.Fatalf("%d programme items", r.TestID("item").Length())
	}
	// Not found: a bad id, another event's item.
	for _, p := range []string{"/konsulent/evenemang/999999", "/konsulent/evenemang/x", "/konsulent/evenemang/999999/deltagare"} {
		if r := s.get(t, p); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", p, r.Status)
		}
	}
	if r := s.post(t, base+"/program/999999/ta-bort", nil); r.Status != http.StatusNotFound {
		t.Errorf("removing an unknown item: %d", r.Status)
	}
}

// An unknown art form or municipality id is refused next to its field,
// not dropped.
func TestUnknownArtFormAndMunicipalityRefused(t *testing.T) {
	s := newSite(t)
	for _, c := range []struct{ field, value, msg string }{
		{"konstform", "999999", "Välj konstformer i listan."},
		{"konstform", "musik", "Välj konstformer i listan."},
		{"malkommun", "999999", "Välj kommuner i listan."},
	} {
		form := breakfastForm("")
		form.Add(c.field, c.value)
		r := s.post(t, "/konsulent/evenemang/ny", form)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s=%s: %d, want 422", c.field, c.value, r.Status)
			continue
		}
		if msg := r.Doc.Find("#" + c.field + "-error").Text(); !strings.Contains(msg, c.msg) {
			t.Errorf("%s=%s: message %q", c.field, c.value, msg)
		}
	}
	if n := testutil.Scalar[int](t, s.Pool, `SELECT count(*) FROM events WHERE title = $1`, breakfastForm("").Get("titel")); n != 0 {
		t.Errorf("%d events made from refused forms", n)
	}
}

func TestCapacityBelowTakenIsRefusedNextToTheField(t *testing.T) {
	s := newSite(t)
	id := s.create(t, breakfastForm("2"))
	base := "/konsulent/evenemang/" + strconv.FormatInt(id, 10)
	wantSeeOther(t, s.post(t, base+"/publicera", nil))
	if _, err := s.Pool.Exec(t.Context(), `UPDATE events SET seats_taken = 2 WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	r := s.post(t, base, breakfastForm("1"))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("lowering below taken: %d", r.Status)
	}
	if msg := r.Doc.Find("#platser-error").Text(); !strings.Contains(msg, "färre platser än de 2 som redan är tagna") {
		t.Fatalf("message next to the field: %q", msg)
	}
	if c := testutil.Scalar[int](t, s.Pool, `SELECT capacity FROM events WHERE id = $1`, id); c != 2 {
		t.Fatalf("capacity %d after a refused change", c)
	}
}

func TestParticipantsPage(t *testing.T) {
	s := newSite(t)
	id := s.create(t, breakfastForm("1"))
	base := "/konsulent/evenemang/" + strconv.FormatInt(id, 10)
	wantSeeOther(t, s.post(t, base+"/publicera", nil))
	for i, n := range []string{"Åsa Öberg", "Bo Berg", "Cilla Ek"} {
		state, line := "seated", "NULL"
		switch i {
		case 1:
			state, line = "waiting", "2"
		case 2:
			state, line = "waiting", "1"
		}
		if _, err := s.Pool.Exec(t.Context(), `INSERT INTO event_signups (event_id, state, name, email, role, code, manage_token_hash, line_no)
			VALUES ($1, $2, $3, $4, 'kommun', $5, sha256(convert_to($3, 'UTF8')), `+line+`)`, id, state, n, strconv.Itoa(i)+"@example.se", []string{"K7M2QX", "ABCDEF", "GHJKMN"}[i]); err != nil {
			t.Fatal(err)
		}
	}
	// Cilla is offered a seat and has not answered: she is not seated.
	if _, err := s.Pool.Exec(t.Context(), `UPDATE event_signups SET state = 'offered', offered_at = now(),
		offer_expires_at = now() + interval '48 hours' WHERE name = 'Cilla Ek'`); err != nil {
		t.Fatal(err)
	}
	r := s.get(t, base+"/deltagare")
	if r.Status != http.StatusOK || r.TestID("participant").Length() != 3 {
		t.Fatalf("participants: %d, %d rows", r.Status, r.TestID("participant").Length())
	}
	if got := testutil.Squash(r.TestID("participant").Eq(2).Find(`[data-testid="participant-line"]`).Text()); got != "2" {
		t.Errorf("place in line %q", got)
	}
	if n := s.get(t, base+"/deltagare?visa=vantelista").TestID("participant").Length(); n != 1 {
		t.Errorf("waiting filter: %d rows", n)
	}
	if r := s.get(t, base+"/deltagare?visa=plats"); r.TestID("participant").Length() != 1 || !strings.Contains(r.Text("participant"), "Åsa Öberg") {
		t.Errorf("seated filter: %d rows %q, want Åsa Öberg only", r.TestID("participant").Length(), r.Text("participant"))
	}
	if r := s.get(t, base+"/deltagare?visa=erbjudna"); r.TestID("participant").Length() != 1 || !strings.Contains(r.Text("participant"), "Cilla Ek") {
		t.Errorf("offered filter: %d rows %q, want Cilla Ek only", r.TestID("participant").Length(), r.Text("participant"))
	}
	// Check-in: an unknown code comes back with a message; the right one
	// (typed in lower case) checks in and says who.
	r = s.post(t, base+"/incheckning", url.Values{"kod": {"ZZZZZZ"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Doc.Find("#kod-error").Text(), "Ingen med plats") {
		t.Fatalf("unknown code: %d %q", r.Status, r.Doc.Find("#kod-error").Text())
	}
	loc := wantSeeOther(t, s.post(t, base+"/incheckning", url.Values{"kod": {"k7m2qx"}}))
	r = s.get(t, strings.Split(loc, "#")[0]) // a browser keeps the fragment to itself
	if got := testutil.Squash(r.Text("checked-in")); got != "Åsa Öberg är incheckad." {
		t.Fatalf("check-in notice %q (at %s)", got, loc)
	}
	// The waiting one's code checks no one in.
	if r := s.post(t, base+"/incheckning", url.Values{"kod": {"ABCDEF"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("waiting code: %d", r.Status)
	}
	// CSV.
	csv := s.get(t, base+"/deltagare.csv")
	if csv.Status != http.StatusOK || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") || !bytes.HasPrefix([]byte(csv.Body), []byte("\ufeff")) {
		t.Fatalf("csv: %d %s %q", csv.Status, csv.Header.Get("Content-Type"), csv.Body[:min(20, len(csv.Body))])
	}
	if !strings.Contains(csv.Body, "Åsa Öberg") {
		t.Errorf("csv lacks the seated one: %s", csv.Body)
	}
	// Badges: the seated only, not the one offered a seat.
	if r := s.get(t, base+"/namnbrickor"); r.TestID("badge").Length() != 1 || strings.Contains(r.Text("badge"), "Cilla") {
		t.Errorf("%d badges %q, want Åsa Öberg's only", r.TestID("badge").Length(), r.Text("badge"))
	}
	// A message: empty is refused, a real one stored and listed.
	if r := s.post(t, base+"/meddelande", url.Values{"amne": {"Hej"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("message without text: %d", r.Status)
	}
	r = s.get(t, wantSeeOther(t, s.post(t, base+"/meddelande", url.Values{"amne": {"Ny lokal"}, "text": {"Vi ses i stora salen."}})))
	if got := testutil.Squash(r.Text("message")); !strings.Contains(got, "Ny lokal (1 mottagare, Kim Konsulent)") {
		t.Errorf("sent messages: %q", got)
	}
	if r.TestID("figures").Length() != 0 {
		t.Errorf("figures shown before the event")
	}
}

func TestCancelAndCopyPages(t *testing.T) {
	s := newSite(t)
	id := s.create(t, breakfastForm(""))
	base := "/konsulent/evenemang/" + strconv.FormatInt(id, 10)
	if r := s.post(t, base+"/stall-in", nil); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-summary"), "Skriv varför") {
		t.Fatalf("cancel without reason: %d", r.Status)
	}
	wantSeeOther(t, s.post(t, base+"/stall-in", url.Values{"anledning": {"Sjukdom."}}))
	r := s.get(t, base)
	if !strings.Contains(r.Text("cancelled-notice"), "Sjukdom.") || r.TestID("cancel-link").Length() != 0 || r.TestID("publish").Length() != 0 {
		t.Fatalf("cancelled event page: %q", r.Text("cancelled-notice"))
	}
	loc := wantSeeOther(t, s.post(t, base+"/kopiera", nil))
	r = s.get(t, loc)
	if v, _ := r.Doc.Find("#startdatum").Attr("value"); v != "2027-01-05" {
		t.Fatalf("copy starts %q, want 2027-01-05 (Tuesday four weeks later)", v)
	}
	if r.TestID("publish").Length() != 1 {
		t.Fatal("the copy is not a draft")
	}
}

func TestSpeedPages(t *testing.T) {
	s := newSite(t)
	form := breakfastForm("")
	form.Set("format", event.FormatSpeedDating)
	r := s.post(t, "/konsulent/evenemang/ny", form)
	if r.Status != http.StatusUnprocessableEntity || r.Doc.Find("#omgangar-error").Length() != 1 {
		t.Fatalf("speed-dating without rounds: %d", r.Status)
	}
	form.Set("omgangar", "3")
	form.Set("minuter", "8")
	id := s.create(t, form)
	base := "/konsulent/evenemang/" + strconv.FormatInt(id, 10)
	wantSeeOther(t, s.post(t, base+"/publicera", nil))
	for i, p := range []struct{ name, side string }{{"Anna", "actor"}, {"Bo", "actor"}, {"Nacka kommun", "host"}} {
		if _, err := s.Pool.Exec(t.Context(), `INSERT INTO event_signups (event_id, state, name, email, role, code, manage_token_hash, speed_side, looking_for)
			VALUES ($1, 'seated', $2, $3, 'kulturaktor', $4, sha256(convert_to($2, 'UTF8')), $5, 'Dansare')`, id, p.name, strconv.Itoa(i)+"@example.se",
			[]string{"AAAAAA", "BBBBBB", "CCCCCC"}[i], p.side); err != nil {
			t.Fatal(err)
		}
	}
	// One signs up the public way, for their manage page.
	token, _ := secret.New()
	if _, err := event.NewStore(s.Pool, s.Runner.Mail(), "http://127.0.0.1", testutil.Clock).SignUp(t.Context(), audit.Entry{IP: "192.0.2.7"},
		event.Input{EventID: id, Name: "Disa Dans", Email: "disa@example.se", Role: "kulturaktor", SpeedSide: event.SideActor, Token: token}); err != nil {
		t.Fatal(err)
	}
	manage := "/evenemang/anmalan/" + token
	if r := testutil.GetOK(t, s.H, manage); r.TestID("speed-schedule").Length() != 0 {
		t.Fatal("a schedule on the manage page before one was sent")
	}
	r = s.get(t, base+"/speed-dejting")
	if r.Status != http.StatusOK || r.TestID("no-schedule").Length() != 1 {
		t.Fatalf("speed page: %d", r.Status)
	}
	if r := s.post(t, base+"/speed-dejting/skicka", nil); r.Status != http.StatusUnprocessableEntity || r.TestID("problem").Length() != 1 {
		t.Fatalf("send without schedule: %d", r.Status)
	}
	wantSeeOther(t, s.post(t, base+"/speed-dejting/schema", nil))
	r = s.get(t, base+"/speed-dejting/bordsplan")
	// Three actors and one host: each pair meets once, one table a round.
	if r.TestID("round").Length() != 3 || r.TestID("meeting").Length() != 3 || r.TestID("pauses").Length() != 3 {
		t.Fatalf("table plan: %d rounds, %d meetings, %d pauses", r.TestID("round").Length(), r.TestID("meeting").Length(), r.TestID("pauses").Length())
	}
	wantSeeOther(t, s.post(t, base+"/speed-dejting/skicka", nil))
	if got := testutil.Squash(s.get(t, base+"/speed-dejting").Text("schedule-state")); got != "Schemat är skickat och inte ändrat sedan dess." {
		t.Errorf("state %q", got)
	}
	rounds := testutil.Texts(testutil.GetOK(t, s.H, manage).TestID("speed-round"))
	if len(rounds) != 3 || !strings.HasPrefix(rounds[0], "Omgång 1, kl. 08.00: ") {
		t.Errorf("the manage page's schedule: %q", rounds)
	}
	// Once Disa has cancelled, her page no longer shows the schedule.
	if r := s.post(t, manage+"/avboka", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.Status)
	}
	if r := testutil.GetOK(t, s.H, manage); r.TestID("speed-schedule").Length() != 0 || r.TestID("speed-round").Length() != 0 {
		t.Errorf("the sent schedule on a cancelled sign-up's manage page")
	}
	// Another format has no speed-dating pages.
	other := s.create(t, breakfastForm(""))
	if r := s.get(t, "/konsulent/evenemang/"+strconv.FormatInt(other, 10)+"/speed-dejting"); r.Status != http.StatusNotFound {
		t.Errorf("a breakfast's speed page: %d", r.Status)
	}
}
