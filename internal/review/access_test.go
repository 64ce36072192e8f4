package review_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// TestBlockedBeforeClosing: before the call closes, reviewers see no
// application: the list says when they can be read, and the direct
// addresses of an application, a file, a declaration and scores are
// refused with the same message, leaving nothing recorded.
func TestBlockedBeforeClosing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, true, "Anna")
	file := s.addFile(t, f.apps[0], "cv.pdf")
	for _, u := range []user{f.consultant, f.juror} {
		r := s.getOK(t, f.list(), u)
		if got := r.Text("not-yet"); !strings.Contains(got, "Ansökningarna kan läsas när utlysningen har stängt 27 november 2026 kl. 12.00") {
			t.Errorf("list before closing as %s says %q", u.Name, got)
		}
		if r.TestID("application").Length() != 0 || strings.Contains(r.Body, "Anna") {
			t.Errorf("list before closing as %s shows an application", u.Name)
		}
		for _, target := range []string{f.app(0), f.app(0) + "/bilagor/" + strconv.FormatInt(file, 10)} {
			r := s.get(t, target, u)
			if r.Status != http.StatusForbidden || r.Text("not-yet") == "" || strings.Contains(r.Body, "%PDF") {
				t.Errorf("GET %s before closing as %s: status %d, not-yet %q", target, u.Name, r.Status, r.Text("not-yet"))
			}
		}
		if r := s.post(t, f.app(0)+"/jav", u, map[string][]string{"jav": {"nej"}}); r.Status != http.StatusForbidden {
			t.Errorf("declaring before closing as %s: status %d", u.Name, r.Status)
		}
		if r := s.post(t, f.app(0)+"/poang", u, scoreForm(f, 3, 3, "")); r.Status != http.StatusForbidden {
			t.Errorf("scoring before closing as %s: status %d", u.Name, r.Status)
		}
	}
	if r := s.get(t, f.path("/rangordning"), f.consultant); r.Status != http.StatusForbidden || r.Text("not-yet") == "" {
		t.Errorf("ranking before closing: status %d", r.Status)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT (SELECT count(*) FROM review_declarations) + (SELECT count(*) FROM review_scores)`); n != 0 {
		t.Errorf("%d declarations and scores recorded before closing", n)
	}
}

// TestJurorAccess: a juror reads, declares and scores the calls they
// review; another call answers 404 on every page under it, and the
// consultants' pages (ranking, outcome, export, decisions) answer 403.
func TestJurorAccess(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	own := s.newCall(t, false, "Anna")
	other := s.newCall(t, false, "Bo")
	file := s.addFile(t, other.apps[0], "cv.pdf")
	j := own.juror

	r := s.getOK(t, "/jury", j)
	if got := r.TestID("jury-call").Length(); got != 1 {
		t.Fatalf("/jury lists %d calls, want the juror's one", got)
	}
	if id, _ := r.TestID("jury-call").Attr("data-id"); id != strconv.FormatInt(own.call, 10) {
		t.Errorf("/jury lists call %s, want %d", id, own.call)
	}
	if r.TestID("konsulent-nav").Length() != 0 {
		t.Error("a juror is shown the consultants' menu")
	}
	s.getOK(t, own.list(), j)
	s.score(t, own, 0, j, 4, 3)

	fileID := strconv.FormatInt(file, 10)
	for _, target := range []string{other.list(), other.app(0), other.app(0) + "/bilagor/" + fileID} {
		if r := s.get(t, target, j); r.Status != http.StatusNotFound {
			t.Errorf("GET %s as a juror of another call: status %d, want 404", target, r.Status)
		}
	}
	for _, target := range []string{other.app(0) + "/jav", other.app(0) + "/poang"} {
		if r := s.post(t, target, j, scoreForm(other, 3, 3, "")); r.Status != http.StatusNotFound {
			t.Errorf("POST %s as a juror of another call: status %d, want 404", target, r.Status)
		}
	}
	for _, target := range []string{own.path("/rangordning"), own.path("/besked"), own.path("/export.csv")} {
		if r := s.get(t, target, j); r.Status != http.StatusForbidden {
			t.Errorf("GET %s as a juror: status %d, want 403", target, r.Status)
		}
	}
	if r := s.post(t, own.app(0)+"/beslut", j, map[string][]string{"beslut": {"selected"}, "motivering": {"Bra."}}); r.Status != http.StatusForbidden {
		t.Errorf("a juror deciding: status %d, want 403", r.Status)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM review_declarations WHERE reviewer_id = $1`, j.ID); n != 1 {
		t.Errorf("the juror has %d declarations, want 1 (their own call's)", n)
	}

	// An artist reaches none of it.
	artist := own.artists[0]
	if r := s.get(t, own.list(), artist); r.Status != http.StatusForbidden {
		t.Errorf("an artist on the review list: status %d, want 403", r.Status)
	}
}

// TestConsultantNotReviewer: a consultant who is not a reviewer of the call
// reads the list and the application, is told they cannot score, and a
// declaration or scores they send are refused.
func TestConsultantNotReviewer(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	f := s.newCall(t, false, "Anna")
	c := s.account(t, auth.RoleConsultant, "Karin Utanför")
	r := s.getOK(t, f.list(), c)
	if r.TestID("not-reviewer").Length() != 1 || r.TestID("application").Length() != 1 {
		t.Errorf("list for a non-reviewer: notice %d, rows %d", r.TestID("not-reviewer").Length(), r.TestID("application").Length())
	}
	r = s.getOK(t, f.app(0), c)
	if r.TestID("not-reviewer").Length() != 1 || r.TestID("score-form").Length() != 0 || r.TestID("declaration-form").Length() != 0 {
		t.Error("a non-reviewer is offered to declare or score")
	}
	if r.TestID("application-content").Length() != 1 {
		t.Error("a non-reviewing consultant cannot read the application")
	}
	r = s.post(t, f.app(0)+"/jav", c, map[string][]string{"jav": {"nej"}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Text("problem"), "inte granskare") {
		t.Errorf("declaring as a non-reviewer: status %d, problem %q", r.Status, r.Text("problem"))
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM review_declarations WHERE reviewer_id = $1`, c.ID); n != 0 {
		t.Errorf("a non-reviewer's declaration was recorded")
	}
}
