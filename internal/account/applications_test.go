package account_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"residens/internal/testutil"
)

// TestExportHoldsApplications: the data download lists the artist's
// applications with what they wrote, the number, the files' names and
// sizes, and the decision only once the outcome has been sent.
func TestExportHoldsApplications(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	id := e.mustUser(user{Email: "anna@example.se", Name: "Anna Berg", Password: annaPassword})
	other := e.mustUser(user{Email: "bo@example.se", Password: annaPassword})
	sent := testutil.InsertCall(t, e.pool, testutil.Call{Slug: "skickad", Title: "Besked skickat",
		OpensAt: testutil.Now.AddDate(0, -3, 0), ClosesAt: testutil.Now.AddDate(0, -1, 0)})
	pending := testutil.InsertCall(t, e.pool, testutil.Call{Slug: "vantar", Title: "Besked väntar",
		OpensAt: testutil.Now.AddDate(0, -3, 0), ClosesAt: testutil.Now.AddDate(0, -1, 0)})
	a1 := testutil.InsertApplication(t, e.pool, testutil.Application{CallID: sent, ApplicantID: id, Name: "Anna Berg", Email: "anna@example.se"})
	a2 := testutil.InsertApplication(t, e.pool, testutil.Application{CallID: pending, ApplicantID: id, Name: "Anna Berg", Email: "anna@example.se"})
	testutil.InsertApplication(t, e.pool, testutil.Application{CallID: sent, ApplicantID: other, Name: "Bo Annan", Email: "bo@example.se"})
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO application_files (application_id, kind, filename, size, sha256, data) VALUES ($1, 'cv', 'cv.pdf', 5, sha256('%PDF-'), '%PDF-')`, []any{a1}},
		{`UPDATE applications SET decision = 'reserve', decision_reason = 'Nära.', outcome_sent_at = $2 WHERE id = $1`, []any{a1, testutil.Now}},
		{`UPDATE applications SET decision = 'selected', decision_reason = 'Hemligt än.' WHERE id = $1`, []any{a2}},
	} {
		if _, err := e.pool.Exec(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	b := e.browser()
	b.signIn("anna@example.se", annaPassword)
	r := b.get("/konto/data")
	wantStatus(t, r, http.StatusOK)
	var got struct {
		Applications []struct {
			Call     string  `json:"call"`
			State    string  `json:"state"`
			Number   string  `json:"registration_number"`
			Name     string  `json:"contact_name"`
			Practice string  `json:"practice"`
			Decision *string `json:"decision"`
			Reason   *string `json:"decision_reason"`
			Files    []struct {
				Filename string `json:"filename"`
				Size     int    `json:"size"`
			} `json:"files"`
		} `json:"applications"`
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.Body)
	}
	if len(got.Applications) != 2 {
		t.Fatalf("%d applications in the export, want Anna's 2", len(got.Applications))
	}
	first, second := got.Applications[0], got.Applications[1]
	if first.Call != "Besked skickat" || first.State != "submitted" || first.Number == "" || first.Name != "Anna Berg" ||
		first.Practice != "Samtida dans." || len(first.Files) != 1 || first.Files[0].Filename != "cv.pdf" || first.Files[0].Size != 5 {
		t.Errorf("first application %+v", first)
	}
	if first.Decision == nil || *first.Decision != "reserve" || first.Reason == nil || *first.Reason != "Nära." {
		t.Errorf("the sent outcome is missing: %v %v", first.Decision, first.Reason)
	}
	if second.Decision != nil || second.Reason != nil || len(second.Files) != 0 {
		t.Errorf("an outcome not sent is in the export: %+v", second)
	}
}

// TestDeleteRemovesDraftApplications: deleting the account removes the
// drafts never sent in, with their files, and keeps the application sent
// in (a public record) without its applicant.
func TestDeleteRemovesDraftApplications(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "anna@example.se", Name: "Anna", Password: annaPassword})
	c1 := testutil.InsertCall(t, e.pool, testutil.Call{Slug: "ett", Title: "Ett", OpensAt: testutil.Now.AddDate(0, -1, 0), ClosesAt: testutil.Now.AddDate(0, 1, 0)})
	c2 := testutil.InsertCall(t, e.pool, testutil.Call{Slug: "tva", Title: "Två", OpensAt: testutil.Now.AddDate(0, -1, 0), ClosesAt: testutil.Now.AddDate(0, 1, 0)})
	submitted := testutil.InsertApplication(t, e.pool, testutil.Application{CallID: c1, ApplicantID: id, Name: "Anna", Email: "anna@example.se"})
	var draft int64
	if err := e.pool.QueryRow(context.Background(), `INSERT INTO applications (call_id, applicant_id, practice) VALUES ($1, $2, 'Utkast') RETURNING id`, c2, id).Scan(&draft); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pool.Exec(context.Background(), `INSERT INTO application_files (application_id, kind, filename, size, sha256, data)
		VALUES ($1, 'cv', 'cv.pdf', 5, sha256('%PDF-'), '%PDF-')`, draft); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.signIn("anna@example.se", annaPassword)
	page := b.get("/konto/radera")
	if got := page.Text("deleted-list"); !strings.Contains(got, "Utkast till ansökningar") {
		t.Errorf("what is deleted does not mention drafts: %q", got)
	}
	wantRedirect(t, b.post("/konto/radera", url.Values{"losenord": {annaPassword}, "bekrafta": {"ja"}}), "/konto/raderat")
	if n := e.count(`SELECT count(*) FROM applications WHERE id = $1`, draft); n != 0 {
		t.Error("the draft survived the account")
	}
	if n := e.count(`SELECT count(*) FROM application_files`); n != 0 {
		t.Error("the draft's file survived the account")
	}
	if n := e.count(`SELECT count(*) FROM applications WHERE id = $1 AND applicant_id IS NULL AND state = 'submitted'`, submitted); n != 1 {
		t.Error("the application sent in should stay, without its applicant")
	}
}
