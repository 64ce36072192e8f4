package review_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"residens/internal/audit"
	"residens/internal/review"
	"residens/internal/testutil"
)

// TestDeclarationFirst: a reviewer who has not declared sees only who
// applied and the declaration form, not the application or its files.
func TestDeclarationFirst(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna")
	file := s.addFile(t, f.apps[0], "cv.pdf")
	r := s.getOK(t, f.app(0), f.juror)
	if r.TestID("declaration-form").Length() != 1 {
		t.Fatal("no declaration form before declaring")
	}
	if got := r.Text("applicant-name"); got != f.artists[0].Name {
		t.Errorf("applicant shown as %q, want %q", got, f.artists[0].Name)
	}
	if r.TestID("application-content").Length() != 0 || r.TestID("score-form").Length() != 0 || strings.Contains(r.Body, "Ett år av dans i skolan") {
		t.Error("the application is shown before declaring")
	}
	if r := s.get(t, f.app(0)+"/bilagor/"+strconv.FormatInt(file, 10), f.juror); r.Status != http.StatusForbidden {
		t.Errorf("file before declaring: status %d, want 403", r.Status)
	}
	r = s.getOK(t, f.list(), f.juror)
	if st, _ := r.TestID("application-status").Attr("data-status"); st != "undeclared" {
		t.Errorf("status before declaring %q, want undeclared", st)
	}

	// No choice: 422 with the error tied to the field, the reason kept.
	r = s.post(t, f.app(0)+"/jav", f.juror, url.Values{"jav-skal": {"Något"}})
	if r.Status != http.StatusUnprocessableEntity || r.Text("error-jav") == "" || r.TestID("error-summary").Length() != 1 {
		t.Fatalf("declaring without a choice: status %d, error %q", r.Status, r.Text("error-jav"))
	}
	if got := r.Doc.Find("textarea#jav-skal").Text(); got != "Något" {
		t.Errorf("the reason typed came back as %q", got)
	}

	// No conflict: the application, its files and the score form.
	s.declare(t, f, 0, f.juror, false)
	r = s.getOK(t, f.app(0), f.juror)
	if r.TestID("application-content").Length() != 1 || r.TestID("score-form").Length() != 1 {
		t.Fatal("after declaring no conflict the application or the score form is missing")
	}
	if r.TestID("criterion").Length() != 2 || r.Doc.Find(`input[type=radio][name="poang-`+strconv.FormatInt(f.criteria[0], 10)+`"]`).Length() != 5 {
		t.Error("the score form lacks a criterion or a score 1–5")
	}
	href, _ := r.TestID("file-link").Attr("href")
	dl := s.get(t, href, f.juror)
	if dl.Status != http.StatusOK || !strings.HasPrefix(dl.Body, "%PDF-") {
		t.Fatalf("download %s: status %d", href, dl.Status)
	}
	for h, want := range map[string]string{"Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff",
		"Cache-Control": "private, no-store", "Content-Disposition": `attachment; filename=cv.pdf`} {
		if got := dl.Header.Get(h); got != want {
			t.Errorf("download %s: %q, want %q", h, got, want)
		}
	}
	// A file of another application through this one answers 404.
	otherFile := s.addFile(t, s.newCall(t, false, "Bo").apps[0], "annan.pdf")
	if r := s.get(t, f.app(0)+"/bilagor/"+strconv.FormatInt(otherFile, 10), f.juror); r.Status != http.StatusNotFound {
		t.Errorf("another application's file: status %d, want 404", r.Status)
	}
	if n := s.audits(t, audit.ReviewDeclared, f.apps[0]); n != 1 {
		t.Errorf("%d declaration audit entries, want 1", n)
	}
}

// TestConflictRule: a declared conflict hides the application's content,
// files and scores from that reviewer, is logged, cannot be changed, and
// keeps them from scoring.
func TestConflictRule(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna")
	file := s.addFile(t, f.apps[0], "cv.pdf")
	s.score(t, f, 0, f.consultant, 5, 4)
	s.declare(t, f, 0, f.juror, true)

	r := s.getOK(t, f.app(0), f.juror)
	if r.TestID("conflict-declared").Length() != 1 {
		t.Fatal("no note of the declared conflict")
	}
	if r.TestID("application-content").Length() != 0 || r.TestID("score-form").Length() != 0 ||
		r.TestID("all-scores").Length() != 0 || strings.Contains(r.Body, "Kommentar av") {
		t.Error("content or scores shown to a reviewer in conflict")
	}
	if r := s.get(t, f.app(0)+"/bilagor/"+strconv.FormatInt(file, 10), f.juror); r.Status != http.StatusForbidden || strings.Contains(r.Body, "%PDF") {
		t.Errorf("file for a reviewer in conflict: status %d", r.Status)
	}
	r = s.post(t, f.app(0)+"/poang", f.juror, scoreForm(f, 1, 1, ""))
	if r.Status != http.StatusConflict || !strings.Contains(r.Text("problem"), "jäv") {
		t.Errorf("scoring in conflict: status %d, problem %q", r.Status, r.Text("problem"))
	}
	r = s.post(t, f.app(0)+"/jav", f.juror, url.Values{"jav": {"nej"}})
	if r.Status != http.StatusConflict {
		t.Errorf("changing the declaration: status %d, want 409", r.Status)
	}
	if c := testutil.Scalar[bool](t, s.pool, `SELECT conflict FROM review_declarations WHERE application_id = $1 AND reviewer_id = $2`,
		f.apps[0], f.juror.ID); !c {
		t.Error("the declaration was changed")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM review_scores WHERE reviewer_id = $1`, f.juror.ID); n != 0 {
		t.Errorf("%d scores of a reviewer in conflict", n)
	}
	logged := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = $1 AND actor_id = $2
		AND (detail->>'conflict')::boolean AND detail->>'reason' = 'Vi har arbetat ihop.'`, audit.ReviewDeclared, f.juror.ID)
	if logged != 1 {
		t.Errorf("%d audit entries of the conflict, want 1", logged)
	}
	r = s.getOK(t, f.list(), f.juror)
	if got := r.Text("application-status"); got != "Jäv" {
		t.Errorf("list status %q, want Jäv", got)
	}
	if got := r.Doc.Find(`[data-testid="progress-row"][data-reviewer="` + strconv.FormatInt(f.juror.ID, 10) + `"] [data-testid="progress-conflicts"]`).Text(); got != "1" {
		t.Errorf("progress shows %q conflicts for the juror, want 1", got)
	}
}

// TestScoreVisibility: reviewer B does not see A's scores or comments
// until B has scored every criterion; validation keeps what was chosen.
func TestScoreVisibility(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna")
	a, b := f.consultant, f.juror
	s.score(t, f, 0, a, 5, 4)

	s.declare(t, f, 0, b, false)
	r := s.getOK(t, f.app(0), b)
	if r.TestID("scores-hidden").Length() != 1 || r.TestID("score").Length() != 0 || strings.Contains(r.Body, "Kommentar av "+a.Name) {
		t.Fatal("B sees A's scores before scoring")
	}
	// Half a form: 422, the error on the missing criterion, the score
	// given kept, nothing saved, A's scores still hidden.
	half := url.Values{"poang-" + strconv.FormatInt(f.criteria[0], 10): {"2"}}
	r = s.post(t, f.app(0)+"/poang", b, half)
	if r.Status != http.StatusUnprocessableEntity || r.Text("error-poang-"+strconv.FormatInt(f.criteria[1], 10)) == "" {
		t.Fatalf("half a score form: status %d", r.Status)
	}
	if _, on := r.Doc.Find("#poang-" + strconv.FormatInt(f.criteria[0], 10) + "-2").Attr("checked"); !on {
		t.Error("the score chosen was lost")
	}
	if r.TestID("score").Length() != 0 {
		t.Error("B sees A's scores on the error page")
	}
	for _, bad := range []string{"0", "6", "x"} {
		v := scoreForm(f, 3, 3, "")
		v.Set("poang-"+strconv.FormatInt(f.criteria[0], 10), bad)
		if r := s.post(t, f.app(0)+"/poang", b, v); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("score %q: status %d, want 422", bad, r.Status)
		}
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM review_scores WHERE reviewer_id = $1`, b.ID); n != 0 {
		t.Fatalf("%d scores saved from invalid forms", n)
	}

	s.score(t, f, 0, b, 2, 3)
	r = s.getOK(t, f.app(0), b)
	if r.TestID("score").Length() != 4 || !strings.Contains(r.Body, "Kommentar av "+a.Name) {
		t.Errorf("after scoring B sees %d scores, want 4 with A's comment", r.TestID("score").Length())
	}
	if st, _ := s.getOK(t, f.list(), b).TestID("application-status").Attr("data-status"); st != "done" {
		t.Errorf("B's status %q, want done", st)
	}
	// Re-scoring replaces the scores.
	s.score(t, f, 0, b, 1, 1)
	if n := testutil.Scalar[int](t, s.pool, `SELECT sum(score) FROM review_scores WHERE reviewer_id = $1`, b.ID); n != 2 {
		t.Errorf("after re-scoring B's scores sum to %d, want 2", n)
	}
	if n := s.audits(t, audit.ReviewScored, f.apps[0]); n != 3 {
		t.Errorf("%d scoring audit entries, want 3", n)
	}
}

// TestOnlySubmitted: drafts and withdrawn applications are neither listed
// nor reachable by address.
func TestOnlySubmitted(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna", "Bo")
	if _, err := s.pool.Exec(t.Context(), `UPDATE applications SET state = 'withdrawn', withdrawn_at = now() WHERE id = $1`, f.apps[1]); err != nil {
		t.Fatal(err)
	}
	draft := testutil.Scalar[int64](t, s.pool, `INSERT INTO applications (call_id, contact_name, idea) VALUES ($1, 'Utkast Ulla', 'Hemligt') RETURNING id`, f.call)
	r := s.getOK(t, f.list(), f.consultant)
	if got := r.TestID("application").Length(); got != 1 || strings.Contains(r.Body, "Utkast Ulla") || strings.Contains(r.Body, f.artists[1].Name) {
		t.Errorf("%d applications listed, want only the submitted one", got)
	}
	for _, id := range []int64{f.apps[1], draft} {
		if r := s.get(t, review.AppPath(f.call, id), f.consultant); r.Status != http.StatusNotFound {
			t.Errorf("application %d (not submitted): status %d, want 404", id, r.Status)
		}
	}
	// An application of this call under another call's address: 404.
	g := s.newCall(t, false, "Cia")
	if r := s.get(t, review.AppPath(g.call, f.apps[0]), g.consultant); r.Status != http.StatusNotFound {
		t.Errorf("application under another call: status %d, want 404", r.Status)
	}
}
