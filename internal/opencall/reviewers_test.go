package opencall_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// inviteLink returns the invitation link (its path) in the text of m.
func inviteLink(t *testing.T, m queuedMail) string {
	t.Helper()
	i := strings.Index(m.Text, baseURL+"/inbjudan/")
	if i < 0 {
		t.Fatalf("no invitation link in:\n%s", m.Text)
	}
	link := m.Text[i:]
	if j := strings.IndexAny(link, " \n\t<>"); j >= 0 {
		link = link[:j]
	}
	return strings.TrimPrefix(link, baseURL)
}

func TestInviteJuror(t *testing.T) {
	s := newSite(t)
	c, me := s.signIn(t, auth.RoleConsultant, "Karin Konsulent")
	callID := testutil.InsertCall(t, s.pool, testutil.Call{Slug: "kommunkoreograf-i-nacka-2027", Title: "Kommunkoreograf i Nacka 2027",
		OpensAt: at(-5, 9, 0), ClosesAt: at(30, 12, 0)})
	path := "/konsulent/utlysningar/" + strconv.FormatInt(callID, 10)

	t.Run("bad input", func(t *testing.T) {
		r := s.post(t, path+"/granskare", c, url.Values{"granskare": {"jury"}, "jury-namn": {"Jonna Jury"}, "jury-epost": {"inte en adress"}})
		if r.Status != http.StatusUnprocessableEntity || r.TestID("error-jury-epost").Length() != 1 {
			t.Fatalf("status %d, errors %q", r.Status, r.Text("error-summary"))
		}
		if got, _ := r.Doc.Find("#jury-namn").Attr("value"); got != "Jonna Jury" {
			t.Errorf("typed name came back as %q", got)
		}
		s.addUser(t, auth.RoleArtist, "konstnar@example.se", "Konstnären")
		r = s.post(t, path+"/granskare", c, url.Values{"granskare": {"jury"}, "jury-namn": {"Konstnären"}, "jury-epost": {"Konstnar@example.se"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-jury-epost"), "konstnär") {
			t.Errorf("an artist's address: status %d, error %q", r.Status, r.Text("error-jury-epost"))
		}
	})

	wantRedirect(t, s.post(t, path+"/granskare", c, url.Values{"granskare": {"jury"}, "jury-namn": {"Jonna Jury"}, "jury-epost": {"jonna@example.se"}}),
		path+"?klart=jury-inbjuden")
	jurorID := testutil.Scalar[int64](t, s.pool, `SELECT id FROM users WHERE email = 'jonna@example.se' AND role = 'juror' AND password_hash IS NULL`)
	if !testutil.Scalar[bool](t, s.pool, `SELECT EXISTS (SELECT 1 FROM call_reviewers WHERE call_id = $1 AND user_id = $2)`, callID, jurorID) {
		t.Fatal("the invited juror is not a reviewer of the call")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'call_reviewer_added' AND actor_id = $1 AND target_user_id = $2`, me, jurorID); n != 1 {
		t.Errorf("%d reviewer audit entries", n)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'invited' AND target_user_id = $1`, jurorID); n != 1 {
		t.Errorf("%d invitation audit entries", n)
	}
	mails := s.queuedMails(t, "jonna@example.se")
	if len(mails) != 1 || !strings.Contains(mails[0].Text, "jurymedlem") {
		t.Fatalf("mails %+v, want one invitation as jurymedlem", mails)
	}
	show := s.get(t, path, c)
	if got := testutil.Texts(show.TestID("reviewer-role")); !slices.Equal(got, []string{"Jurymedlem"}) {
		t.Errorf("reviewer roles %q", got)
	}

	// The link opens the invitation page, and accepting it lands the juror
	// on /jury, signed in.
	link := inviteLink(t, mails[0])
	page := s.get(t, link, nil)
	if page.Status != http.StatusOK {
		t.Fatalf("invitation page: status %d", page.Status)
	}
	accept := s.post(t, link, nil, url.Values{"namn": {"Jonna Jury"}, "losenord": {"korp gran fjällsjö 42"}, "losenord2": {"korp gran fjällsjö 42"}})
	if loc := accept.Header.Get("Location"); accept.Status != http.StatusSeeOther || loc != "/jury" {
		t.Fatalf("accepting: status %d to %q, want 303 to /jury; %s", accept.Status, loc, accept.Text("error-summary"))
	}
	if !testutil.Scalar[bool](t, s.pool, `SELECT password_hash IS NOT NULL AND email_verified_at IS NOT NULL FROM users WHERE id = $1`, jurorID) {
		t.Error("the juror's account is not ready after accepting")
	}

	t.Run("an existing juror is added without a new account", func(t *testing.T) {
		other := testutil.InsertCall(t, s.pool, testutil.Call{Slug: "annan", Title: "Annan", OpensAt: at(-5, 9, 0), ClosesAt: at(30, 12, 0)})
		otherPath := "/konsulent/utlysningar/" + strconv.FormatInt(other, 10)
		wantRedirect(t, s.post(t, otherPath+"/granskare", c, url.Values{"granskare": {"jury"}, "jury-namn": {"J"}, "jury-epost": {"JONNA@example.se"}}),
			otherPath+"?klart=granskare-tillagd")
		if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM users WHERE lower(email) = 'jonna@example.se'`); n != 1 {
			t.Errorf("%d accounts with the address", n)
		}
		if n := len(s.queuedMails(t, "jonna@example.se")); n != 1 {
			t.Errorf("%d mails to the juror, want still 1", n)
		}
		if !testutil.Scalar[bool](t, s.pool, `SELECT EXISTS (SELECT 1 FROM call_reviewers WHERE call_id = $1 AND user_id = $2)`, other, jurorID) {
			t.Error("the existing juror was not added")
		}
		// Adding again says so and changes nothing.
		wantRedirect(t, s.post(t, otherPath+"/granskare", c, url.Values{"granskare": {"jury"}, "jury-namn": {"J"}, "jury-epost": {"jonna@example.se"}}),
			otherPath+"?klart=redan-granskare")
	})
}

func TestAddAndRemoveReviewers(t *testing.T) {
	s := newSite(t)
	c, _ := s.signIn(t, auth.RoleConsultant, "Karin Konsulent")
	colleague := s.addUser(t, auth.RoleConsultant, "kollega@example.se", "Kalle Kollega")
	callID := testutil.InsertCall(t, s.pool, testutil.Call{Slug: "stangd", Title: "Stängd", OpensAt: at(-60, 9, 0), ClosesAt: at(-1, 12, 0)})
	path := "/konsulent/utlysningar/" + strconv.FormatInt(callID, 10)

	show := s.get(t, path, c)
	testutil.CheckPage(t, path, show)
	if show.TestID("no-reviewers").Length() != 1 {
		t.Error("no word that the call has no reviewers")
	}
	if show.TestID("review-link").Length() != 1 {
		t.Error("a closed call's overview does not link to the review")
	}
	if r := s.post(t, path+"/granskare", c, url.Values{"granskare": {"konsult"}, "konsult": {"999999"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown consultant: status %d, want 422", r.Status)
	}
	wantRedirect(t, s.post(t, path+"/granskare", c, url.Values{"granskare": {"konsult"}, "konsult": {strconv.FormatInt(colleague, 10)}}),
		path+"?klart=granskare-tillagd")
	juror := s.addUser(t, auth.RoleJuror, "jury@example.se", "Jenny Jury")
	wantRedirect(t, s.post(t, path+"/granskare", c, url.Values{"granskare": {"jury"}, "jury-namn": {"Jenny Jury"}, "jury-epost": {"jury@example.se"}}),
		path+"?klart=granskare-tillagd")
	show = s.get(t, path, c)
	if got := testutil.Texts(show.TestID("reviewer-name")); !slices.Equal(got, []string{"Jenny Jury", "Kalle Kollega"}) {
		t.Errorf("reviewers %q", got)
	}

	// The juror scores an application: from then on they stay.
	artist := s.addUser(t, auth.RoleArtist, "dansare@example.se", "Dana Dansare")
	app := testutil.InsertApplication(t, s.pool, testutil.Application{CallID: callID, ApplicantID: artist, Name: "Dana Dansare",
		Email: "dansare@example.se", SubmittedAt: at(-2, 12, 0)})
	if _, err := s.pool.Exec(context.Background(), `INSERT INTO review_scores (application_id, reviewer_id, criterion_id, score)
		SELECT $1, $2, id, 4 FROM call_criteria WHERE call_id = $3 AND position = 1`, app, juror, callID); err != nil {
		t.Fatal(err)
	}
	r := s.post(t, path+"/granskare/"+strconv.FormatInt(juror, 10)+"/ta-bort", c, url.Values{})
	if r.Status != http.StatusConflict || !strings.Contains(r.Text("refused"), "poäng") {
		t.Fatalf("removing a reviewer who scored: status %d, %q", r.Status, r.Text("refused"))
	}
	if !testutil.Scalar[bool](t, s.pool, `SELECT EXISTS (SELECT 1 FROM call_reviewers WHERE call_id = $1 AND user_id = $2)`, callID, juror) {
		t.Error("the reviewer who scored was removed")
	}

	wantRedirect(t, s.post(t, path+"/granskare/"+strconv.FormatInt(colleague, 10)+"/ta-bort", c, url.Values{}), path+"?klart=granskare-borttagen")
	if testutil.Scalar[bool](t, s.pool, `SELECT EXISTS (SELECT 1 FROM call_reviewers WHERE call_id = $1 AND user_id = $2)`, callID, colleague) {
		t.Error("the colleague is still a reviewer")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'call_reviewer_removed' AND target_user_id = $1`, colleague); n != 1 {
		t.Errorf("%d removal audit entries", n)
	}
	// Removing someone who is not a reviewer is 404.
	if r := s.post(t, path+"/granskare/"+strconv.FormatInt(colleague, 10)+"/ta-bort", c, url.Values{}); r.Status != http.StatusNotFound {
		t.Errorf("removing a non-reviewer: status %d, want 404", r.Status)
	}
}
