package application_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"residens/internal/civil"
	"residens/internal/testutil"
)

// TestDraftShowsWhatIsMissing saves a draft step by step: the first save
// makes it, the form lists what a submission still needs (linked to the
// fields, the required CV among them but not the optional work plan), and
// the list empties once everything is there.
func TestDraftShowsWhatIsMissing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	openCall(t, s, "nacka-2027")
	ada := s.artist(t, "Ada Dansare")
	const form = "/utlysningar/nacka-2027/ansokan"

	r := s.get(t, form, ada)
	wantStatus(t, r, http.StatusOK)
	testutil.CheckPage(t, form, r)
	if got := inputValue(r, "kontakt-namn"); got != "Ada Dansare" {
		t.Errorf("contact name prefilled %q, want the account's name", got)
	}
	if got := inputValue(r, "kontakt-epost"); got != ada.Email {
		t.Errorf("contact e-mail prefilled %q, want the account's address", got)
	}
	if r.TestID("public-record-notice").Length() != 1 {
		t.Error("the form does not say that the application becomes a public record")
	}
	for _, h := range []string{"Sökande", "Kontaktuppgifter", "Konstnärlig praktik", "Erfarenhet", "Idé för året", "Språk och länkar", "Bilagor", "Försäkran"} {
		if !slices.Contains(testutil.Texts(r.Doc.Find("legend h2")), h) {
			t.Errorf("no section headed %q", h)
		}
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM applications`); n != 0 {
		t.Fatalf("showing the form made %d applications", n)
	}

	r = s.post(t, form, ada, action(withOnly(complete(), "formular", "sokande", "kontakt-namn", "praktik"), "spara"))
	wantRedirect(t, r, form)
	r = s.get(t, form+"?klart=sparad", ada)
	if r.Text("flash") == "" {
		t.Error("no confirmation after saving")
	}
	if got := inputValue(r, "praktik"); got != "Samtida dans med fokus på improvisation." {
		t.Errorf("the saved practice reads %q", got)
	}
	want := []string{"kontakt-epost", "kontakt-telefon", "erfarenhet", "ide", "sprak", "bilaga-cv", "forsakran"}
	if got := missingFields(r); !slices.Equal(got, want) {
		t.Errorf("missing %v, want %v", got, want)
	}
	for _, f := range want {
		if r.Doc.Find("#"+f).Length() != 1 {
			t.Errorf("the missing list links to #%s, which the page lacks", f)
		}
	}

	group := with(with(complete(), "sokande", "group"), "video", "ftp://example.se/film")
	wantRedirect(t, s.post(t, form, ada, action(group, "spara")), form)
	r = s.get(t, form, ada)
	want = []string{"grupp-namn", "medlemmar", "video", "bilaga-cv"}
	if got := missingFields(r); !slices.Equal(got, want) {
		t.Errorf("a group without a name, with a bad link: missing %v, want %v", got, want)
	}

	wantRedirect(t, s.post(t, form, ada, action(complete(), "spara")), form)
	wantRedirect(t, s.upload(t, form+"/bilagor", ada, with(complete(), "typ", "cv"), "cv.pdf", pdf(2000)), form)
	r = s.get(t, form, ada)
	if got := missingFields(r); len(got) != 0 {
		t.Errorf("a complete draft still misses %v", got)
	}
	if r.TestID("complete").Length() != 1 {
		t.Error("a complete draft does not say it may be sent in")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM applications WHERE state = 'draft'`); n != 1 {
		t.Errorf("%d drafts after four saves, want one", n)
	}
}

// withOnly returns the keys of v named.
func withOnly(v map[string][]string, keys ...string) map[string][]string {
	out := map[string][]string{}
	for _, k := range keys {
		out[k] = v[k]
	}
	return out
}

// TestSubmitIncompleteKeepsDraft: "Skicka in" on an incomplete form is
// refused with 422 and the missing fields as errors, and what was typed is
// saved in the draft.
func TestSubmitIncompleteKeepsDraft(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	openCall(t, s, "nacka-2027")
	ada := s.artist(t, "Ada Dansare")
	const form = "/utlysningar/nacka-2027/ansokan"

	r := s.post(t, form, ada, action(with(complete(), "ide", ""), "skicka"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	testutil.CheckPage(t, form, r)
	if got, want := errorFields(r), []string{"ide", "bilaga-cv"}; !slices.Equal(got, want) {
		t.Errorf("errors on %v, want %v", got, want)
	}
	if r.Text("error-ide") == "" {
		t.Error("no error at the idea field")
	}
	if got := inputValue(r, "praktik"); got != "Samtida dans med fokus på improvisation." {
		t.Errorf("the form lost what was typed: %q", got)
	}
	state := testutil.Scalar[string](t, s.pool, `SELECT state || ':' || practice FROM applications`)
	if state != "draft:Samtida dans med fokus på improvisation." {
		t.Errorf("application %q, want the draft saved with the practice", state)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM registrations WHERE kind = 'application'`); n != 0 {
		t.Errorf("an incomplete application got %d registration numbers", n)
	}

	long := with(complete(), "sprak", strings.Repeat("å", 501))
	r = s.post(t, form, ada, action(long, "spara"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := errorFields(r); !slices.Equal(got, []string{"sprak"}) {
		t.Errorf("over-long languages: errors on %v", got)
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT languages FROM applications`); got != "svenska, engelska" {
		t.Errorf("an over-long value was saved: %q", got)
	}
}

// submitComplete makes u's complete draft with a CV to the call at form
// and sends it in, returning the application's id.
func submitComplete(t *testing.T, s *site, u user, form string) int64 {
	t.Helper()
	wantRedirect(t, s.upload(t, form+"/bilagor", u, with(complete(), "typ", "cv"), "cv.pdf", pdf(3000)), form)
	wantRedirect(t, s.post(t, form, u, action(complete(), "skicka")), form+"/kvitto")
	return testutil.Scalar[int64](t, s.pool, `SELECT a.id FROM applications a WHERE a.applicant_id = $1 AND a.state = 'submitted'`, u.ID)
}

// TestSubmitGivesNumberReceiptAndMailOnce sends an application in twice
// (a double click): one registration number, one receipt e-mail job, the
// Receipt page, and the application read-only afterwards.
func TestSubmitGivesNumberReceiptAndMailOnce(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	callID := openCall(t, s, "nacka-2027")
	ada := s.artist(t, "Ada Dansare")
	const form = "/utlysningar/nacka-2027/ansokan"
	id := submitComplete(t, s, ada, form)

	r := s.post(t, form, ada, action(complete(), "skicka"))
	wantRedirect(t, r, form+"/kvitto")

	number := testutil.Scalar[string](t, s.pool, `SELECT rg.number FROM applications a JOIN registrations rg ON rg.id = a.registration_id WHERE a.id = $1`, id)
	if !strings.HasPrefix(number, "TEST-2026-") {
		t.Errorf("number %q, want TEST-2026-…", number)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM registrations WHERE kind = 'application'`); n != 1 {
		t.Errorf("%d registrations after a double submit, want 1", n)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM river_job WHERE kind = 'mail.send' AND args->>'key' = $1`,
		"application-receipt:"+strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d receipt jobs, want 1", n)
	}
	if to := testutil.Scalar[string](t, s.pool, `SELECT args->>'to' FROM river_job WHERE kind = 'mail.send' AND args->>'key' LIKE 'application-receipt:%'`); to != ada.Email {
		t.Errorf("the receipt goes to %q, want the account's address", to)
	}
	desc := testutil.Scalar[string](t, s.pool, `SELECT description || '|' || sender_name || '|' || sender_org FROM registrations WHERE number = $1`, number)
	if desc != "Ansökan till utlysningen ”Kommunkoreograf i nacka-2027”|Ada Dansare|" {
		t.Errorf("registry entry %q", desc)
	}
	actions := testutil.Scalar[[]string](t, s.pool, `SELECT array_agg(action ORDER BY id) FROM audit_log WHERE detail->>'application' = $1`, strconv.FormatInt(id, 10))
	if !slices.Contains(actions, "application_submitted") || !slices.Contains(actions, "application_created") || !slices.Contains(actions, "application_file_added") {
		t.Errorf("audit actions %v", actions)
	}
	_ = callID

	r = s.get(t, form+"/kvitto", ada)
	wantStatus(t, r, http.StatusOK)
	testutil.CheckPage(t, form+"/kvitto", r)
	if got := r.Text("registration-number"); got != number {
		t.Errorf("receipt shows %q, want %s", got, number)
	}

	// Read-only from now on.
	wantRedirect(t, s.get(t, form, ada), "/mina-ansokningar/"+strconv.FormatInt(id, 10))
	wantStatus(t, s.post(t, form, ada, action(with(complete(), "ide", "Något annat."), "spara")), http.StatusConflict)
	wantStatus(t, s.upload(t, form+"/bilagor", ada, with(complete(), "typ", "cv"), "cv2.pdf", pdf(1000)), http.StatusConflict)
	fileID := testutil.Scalar[int64](t, s.pool, `SELECT id FROM application_files WHERE application_id = $1`, id)
	wantStatus(t, s.post(t, form+"/bilagor/"+strconv.FormatInt(fileID, 10)+"/ta-bort", ada, complete()), http.StatusConflict)
	if got := testutil.Scalar[string](t, s.pool, `SELECT idea || '|' || (SELECT count(*) FROM application_files WHERE application_id = $1) FROM applications WHERE id = $1`, id); got != "Ett år av dans i skolan och på biblioteket.|1" {
		t.Errorf("a submitted application changed: %q", got)
	}

	r = s.get(t, "/mina-ansokningar", ada)
	wantStatus(t, r, http.StatusOK)
	testutil.CheckPage(t, "/mina-ansokningar", r)
	if got := r.Text("row-state"); got != "Inskickad ("+number+")" {
		t.Errorf("list shows state %q", got)
	}
	r = s.get(t, "/mina-ansokningar/"+strconv.FormatInt(id, 10), ada)
	wantStatus(t, r, http.StatusOK)
	testutil.CheckPage(t, "/mina-ansokningar/…", r)
	if r.TestID("withdraw-form").Length() != 1 || r.TestID("edit-link").Length() != 0 {
		t.Error("a submitted application's page should offer withdrawal and no editing")
	}
	if got := r.Text("file"); got != "CV: cv.pdf (3 kB)" {
		t.Errorf("file listed as %q", got)
	}
}

// stockholm is a wall-clock time in Stockholm.
func stockholm(y int, m time.Month, d, h, min, sec int) time.Time {
	return time.Date(y, m, d, h, min, sec, 0, civil.Stockholm)
}

// TestDeadlineToTheSecond: the server's clock decides, to the second,
// also on the Sunday summer time begins (28 March 2027, when 02.00 becomes
// 03.00). A submission a second before the closing time goes in; one at
// the closing time is refused with 422 and a clear message, and the draft
// keeps what was typed.
func TestDeadlineToTheSecond(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		closes  time.Time
		wantUTC string
		label   string
	}{
		// Noon on the Sunday of the change, 10.00 UTC (summer time).
		{"noon", stockholm(2027, time.March, 28, 12, 0, 0), "2027-03-28T10:00:00Z", "kl. 12.00"},
		// 03.00 summer time, one second after 01.59.59 winter time.
		{"across the change", stockholm(2027, time.March, 28, 3, 0, 0), "2027-03-28T01:00:00Z", "kl. 03.00"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			if got := tc.closes.UTC().Format(time.RFC3339); got != tc.wantUTC {
				t.Fatalf("closing time %s, want %s", got, tc.wantUTC)
			}
			// Drafted an hour before the end (a session lasts no longer
			// idle than the test clock may jump).
			s.clock.Set(tc.closes.Add(-time.Hour))
			testutil.InsertCall(t, s.pool, testutil.Call{Slug: "dst", Title: "Sommartid", Municipalities: []string{"nacka"},
				OpensAt: stockholm(2027, time.February, 1, 0, 0, 0), ClosesAt: tc.closes})
			onTime, late := s.artist(t, "Ada Dansare"), s.artist(t, "Bo Sen")
			const form = "/utlysningar/dst/ansokan"
			for _, u := range []user{onTime, late} {
				wantRedirect(t, s.upload(t, form+"/bilagor", u, with(complete(), "typ", "cv"), "cv.pdf", pdf(1000)), form)
			}
			r := s.get(t, form, onTime)
			if !strings.Contains(r.Text("closes"), tc.label) {
				t.Errorf("the form says the call closes %q, want %s", r.Text("closes"), tc.label)
			}

			s.clock.Set(tc.closes.Add(-time.Second))
			wantRedirect(t, s.post(t, form, onTime, action(complete(), "skicka")), form+"/kvitto")

			s.clock.Set(tc.closes)
			r = s.post(t, form, late, action(with(complete(), "ide", "Sent men ändrat."), "skicka"))
			wantStatus(t, r, http.StatusUnprocessableEntity)
			testutil.CheckPage(t, form, r)
			if p := r.Text("problem"); !strings.Contains(p, "Ansökningstiden gick ut") || !strings.Contains(p, tc.label) ||
				!strings.Contains(p, "sparat i ditt utkast") {
				t.Errorf("late submission told %q", p)
			}
			got := testutil.Scalar[string](t, s.pool, `SELECT state || '|' || idea || '|' || (registration_id IS NULL) FROM applications WHERE applicant_id = $1`, late.ID)
			if got != "draft|Sent men ändrat.|true" {
				t.Errorf("late application %q, want the draft with what was typed and no number", got)
			}
			if got := testutil.Scalar[string](t, s.pool, `SELECT state FROM applications WHERE applicant_id = $1`, onTime.ID); got != "submitted" {
				t.Errorf("the application a second early is %s", got)
			}
			r = s.get(t, form, late)
			wantStatus(t, r, http.StatusOK)
			if r.TestID("closed").Length() != 1 || r.TestID("application-form").Length() != 0 {
				t.Error("after closing the form should be replaced by a page saying so")
			}
			wantStatus(t, s.upload(t, form+"/bilagor", late, with(complete(), "typ", "cv"), "cv.pdf", pdf(1000)), http.StatusUnprocessableEntity)
			if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM application_files f JOIN applications a ON a.id = f.application_id WHERE a.applicant_id = $1`, late.ID); n != 1 {
				t.Errorf("an upload after closing changed the files: %d", n)
			}
		})
	}
}

// TestUpcomingCallTakesNothing: before the call opens the form is a page
// saying when it opens, and a post makes no draft.
func TestUpcomingCallTakesNothing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "snart", Title: "Snart", OpensAt: testutil.Now.AddDate(0, 0, 7),
		ClosesAt: testutil.Now.AddDate(0, 2, 0)})
	ada := s.artist(t, "Ada Dansare")
	r := s.get(t, "/utlysningar/snart/ansokan", ada)
	wantStatus(t, r, http.StatusOK)
	testutil.CheckPage(t, "/utlysningar/snart/ansokan", r)
	if r.TestID("not-open").Length() != 1 {
		t.Error("no notice that the call has not opened")
	}
	wantStatus(t, s.post(t, "/utlysningar/snart/ansokan", ada, action(complete(), "spara")), http.StatusUnprocessableEntity)
	wantStatus(t, s.upload(t, "/utlysningar/snart/ansokan/bilagor", ada, with(complete(), "typ", "cv"), "cv.pdf", pdf(500)), http.StatusUnprocessableEntity)
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM applications`); n != 0 {
		t.Errorf("posts before opening made %d applications", n)
	}
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "utkast", Title: "Opublicerad", Draft: true,
		OpensAt: testutil.Now.AddDate(0, -1, 0), ClosesAt: testutil.Now.AddDate(0, 1, 0)})
	wantStatus(t, s.get(t, "/utlysningar/utkast/ansokan", ada), http.StatusNotFound)
}

// TestWithdraw: an application sent in may be withdrawn until the call
// closes, not after; a draft has nothing to withdraw.
func TestWithdraw(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	openCall(t, s, "nacka-2027")
	ada, bo, cia := s.artist(t, "Ada Dansare"), s.artist(t, "Bo Sen"), s.artist(t, "Cia Utkast")
	const form = "/utlysningar/nacka-2027/ansokan"
	adaID := submitComplete(t, s, ada, form)
	boID := submitComplete(t, s, bo, form)
	wantRedirect(t, s.post(t, form, cia, action(complete(), "spara")), form)

	wantRedirect(t, s.post(t, form+"/aterkalla", ada, nil), "/mina-ansokningar/"+strconv.FormatInt(adaID, 10))
	r := s.get(t, "/mina-ansokningar/"+strconv.FormatInt(adaID, 10)+"?klart=aterkallad", ada)
	if got := r.Text("state"); got != "Återkallad" {
		t.Errorf("state after withdrawal %q", got)
	}
	if r.TestID("withdraw-form").Length() != 0 {
		t.Error("a withdrawn application still offers withdrawal")
	}
	// A second click changes nothing.
	wantRedirect(t, s.post(t, form+"/aterkalla", ada, nil), "/mina-ansokningar/"+strconv.FormatInt(adaID, 10))
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'application_withdrawn'`); n != 1 {
		t.Errorf("%d withdrawal entries, want 1", n)
	}

	r = s.post(t, form+"/aterkalla", cia, nil)
	wantStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.Text("problem"), "utkast") {
		t.Errorf("withdrawing a draft told %q", r.Text("problem"))
	}

	s.clock.Set(testutil.Now.AddDate(0, 1, 0))
	bo = s.signIn(t, bo)
	r = s.post(t, form+"/aterkalla", bo, nil)
	wantStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.Text("problem"), "Ansökningstiden gick ut") {
		t.Errorf("withdrawing after closing told %q", r.Text("problem"))
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT state FROM applications WHERE id = $1`, boID); got != "submitted" {
		t.Errorf("withdrawal after closing left the application %s", got)
	}
	r = s.get(t, "/mina-ansokningar/"+strconv.FormatInt(boID, 10), bo)
	if r.TestID("withdraw-form").Length() != 0 {
		t.Error("after closing the page still offers withdrawal")
	}
}

// TestOutcomeShownOnceSent: the decision appears on the artist's pages
// only when the outcome has been sent.
func TestOutcomeShownOnceSent(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	callID := testutil.InsertCall(t, s.pool, testutil.Call{Slug: "avslutad", Title: "Avslutad",
		OpensAt: testutil.Now.AddDate(0, -3, 0), ClosesAt: testutil.Now.AddDate(0, -1, 0)})
	ada := s.artist(t, "Ada Dansare")
	id := testutil.InsertApplication(t, s.pool, testutil.Application{CallID: callID, ApplicantID: ada.ID,
		Name: "Ada Dansare", Email: ada.Email, SubmittedAt: testutil.Now.AddDate(0, -2, 0)})
	if _, err := s.pool.Exec(t.Context(), `UPDATE applications SET decision = 'selected', decision_reason = 'Stark idé för skolorna.' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	page := "/mina-ansokningar/" + strconv.FormatInt(id, 10)
	r := s.get(t, "/mina-ansokningar", ada)
	if got := r.Text("row-outcome"); got != "–" {
		t.Errorf("an outcome not sent shows %q in the list", got)
	}
	if s.get(t, page, ada).TestID("outcome").Length() != 0 {
		t.Error("an outcome not sent is shown on the application's page")
	}
	if _, err := s.pool.Exec(t.Context(), `UPDATE applications SET outcome_sent_at = $2 WHERE id = $1`, id, testutil.Now); err != nil {
		t.Fatal(err)
	}
	r = s.get(t, "/mina-ansokningar", ada)
	if got := r.Text("row-outcome"); got != "Antagen Stark idé för skolorna." {
		t.Errorf("the list shows outcome %q", got)
	}
	r = s.get(t, page, ada)
	if r.Text("decision") != "Antagen" || r.Text("decision-reason") != "Stark idé för skolorna." {
		t.Errorf("the page shows outcome %q, %q", r.Text("decision"), r.Text("decision-reason"))
	}
}

// TestOtherArtistsApplicationsAnswer404: another artist's application and
// its files answer 404, as if they did not exist; the owner downloads a
// file as an attachment that no cache keeps.
func TestOtherArtistsApplicationsAnswer404(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	openCall(t, s, "nacka-2027")
	ada, bo := s.artist(t, "Ada Dansare"), s.artist(t, "Bo Annan")
	const form = "/utlysningar/nacka-2027/ansokan"
	id := submitComplete(t, s, ada, form)
	fileID := testutil.Scalar[int64](t, s.pool, `SELECT id FROM application_files WHERE application_id = $1`, id)
	page := "/mina-ansokningar/" + strconv.FormatInt(id, 10)
	file := page + "/bilagor/" + strconv.FormatInt(fileID, 10)

	for _, target := range []string{page, file, "/mina-ansokningar/999999", page + "/bilagor/999999", form + "/kvitto"} {
		if r := s.get(t, target, bo); r.Status != http.StatusNotFound {
			t.Errorf("GET %s as another artist: %d, want 404", target, r.Status)
		}
	}
	if r := s.get(t, "/mina-ansokningar", bo); strings.Contains(r.Body, "nacka-2027") {
		t.Error("another artist's list shows Ada's application")
	}
	// Bo, who has no application, cannot remove Ada's file.
	wantStatus(t, s.post(t, form+"/bilagor/"+strconv.FormatInt(fileID, 10)+"/ta-bort", bo, nil), http.StatusNotFound)
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM application_files WHERE id = $1`, fileID); n != 1 {
		t.Error("another artist removed Ada's file")
	}

	r := s.get(t, file, ada)
	wantStatus(t, r, http.StatusOK)
	h := r.Header
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
		h.Get("Cache-Control") != "private, no-store" || h.Get("Content-Disposition") != `attachment; filename=cv.pdf` {
		t.Errorf("download headers %v", h)
	}
	if r.Body != string(pdf(3000)) {
		t.Error("the download is not the file uploaded")
	}
}

// TestConcurrentSubmitsGiveOneNumber sends the same complete application
// in from several requests at once (two tabs, two instances): one
// registration number, one receipt, every request sent to the receipt.
func TestConcurrentSubmitsGiveOneNumber(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	openCall(t, s, "nacka-2027")
	ada := s.artist(t, "Ada Dansare")
	const form = "/utlysningar/nacka-2027/ansokan"
	wantRedirect(t, s.upload(t, form+"/bilagor", ada, with(complete(), "typ", "cv"), "cv.pdf", pdf(1000)), form)

	const n = 6
	var wg sync.WaitGroup
	statuses := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := s.post(t, form, ada, action(complete(), "skicka"))
			statuses[i] = strconv.Itoa(r.Status) + " " + r.Header.Get("Location")
		}()
	}
	wg.Wait()
	for _, st := range statuses {
		if st != "303 "+form+"/kvitto" {
			t.Errorf("a concurrent submission answered %q", st)
		}
	}
	if got := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM registrations WHERE kind = 'application'`); got != 1 {
		t.Errorf("%d registration numbers, want 1", got)
	}
	if got := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM river_job WHERE kind = 'mail.send' AND args->>'key' LIKE 'application-receipt:%'`); got != 1 {
		t.Errorf("%d receipts queued, want 1", got)
	}
}
