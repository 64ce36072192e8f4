package admin_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"residens/internal/auth"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/mailtest"
	"residens/internal/testutil"
)

// invite has the admin invite someone through the form and returns the
// link (its path) from the queued e-mail.
func (s *site) invite(t *testing.T, c *http.Cookie, form url.Values) string {
	t.Helper()
	r := s.post(t, "/admin/anvandare/bjud-in", c, form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: status %d; errors %q", r.Status, r.Text("error-summary"))
	}
	mails := s.queuedMails(t, form.Get("epost"))
	if len(mails) == 0 {
		t.Fatalf("invite: no mail queued to %s", form.Get("epost"))
	}
	return inviteLink(t, mails[len(mails)-1])
}

func acceptForm(name, pw, pw2 string) url.Values {
	return url.Values{"namn": {name}, "losenord": {pw}, "losenord2": {pw2}}
}

func TestAdminInvite(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	s.addUser(t, auth.RoleArtist, "Finns@Example.se", "Finns Redan", "")
	c := s.signIn(t, admin)

	form := s.get(t, "/admin/anvandare/bjud-in", c)
	testutil.CheckPage(t, "invite form", form.Response)
	if got := testutil.Attrs(form.Doc.Find("#roll option"), "value"); strings.Join(got, ",") != ",consultant,municipality,admin" {
		t.Errorf("role choices %q, want consultant, municipality and admin", got)
	}
	if n := form.Doc.Find("#kommun option").Length(); n != 27 {
		t.Errorf("%d municipality choices, want 26 and none", n)
	}

	invalid := []struct {
		name   string
		form   url.Values
		errors []string // fields with errors, in summary order
	}{
		{"empty", url.Values{}, []string{"namn", "epost", "roll"}},
		{"bad address", url.Values{"namn": {"Ny"}, "epost": {"ny@"}, "roll": {"consultant"}}, []string{"epost"}},
		{"address with a display name", url.Values{"namn": {"Ny"}, "epost": {"Ny <ny@region.se>"}, "roll": {"consultant"}}, []string{"epost"}},
		{"address taken", url.Values{"namn": {"Ny"}, "epost": {"finns@example.SE"}, "roll": {"consultant"}}, []string{"epost"}},
		{"officer without municipality", url.Values{"namn": {"Ny"}, "epost": {"ny@nacka.se"}, "roll": {"municipality"}}, []string{"kommun"}},
		{"consultant with municipality", url.Values{"namn": {"Ny"}, "epost": {"ny@region.se"}, "roll": {"consultant"}, "kommun": {"nacka"}}, []string{"kommun"}},
		{"artists register themselves", url.Values{"namn": {"Ny"}, "epost": {"ny@example.se"}, "roll": {"artist"}}, []string{"roll"}},
		{"name too long", url.Values{"namn": {strings.Repeat("N", 201)}, "epost": {"ny@region.se"}, "roll": {"admin"}}, []string{"namn"}},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			r := s.post(t, "/admin/anvandare/bjud-in", c, tt.form)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			testutil.CheckPage(t, tt.name, r.Response)
			var got []string
			for _, href := range testutil.Attrs(r.TestID("error-summary").Find("a"), "href") {
				got = append(got, strings.TrimPrefix(href, "#"))
			}
			if strings.Join(got, ",") != strings.Join(tt.errors, ",") {
				t.Errorf("errors on %q, want %q", got, tt.errors)
			}
			for _, f := range []string{"namn", "epost"} {
				if v, _ := r.Doc.Find("#" + f).Attr("value"); v != tt.form.Get(f) {
					t.Errorf("%s kept as %q, want %q", f, v, tt.form.Get(f))
				}
			}
			if sel, _ := r.Doc.Find("#roll option[selected]").Attr("value"); tt.form.Get("roll") != "artist" && sel != tt.form.Get("roll") {
				t.Errorf("role kept as %q, want %q", sel, tt.form.Get("roll"))
			}
		})
	}
	if r := s.post(t, "/admin/anvandare/bjud-in", c, url.Values{"namn": {"Ny"}, "epost": {"finns@example.se"}, "roll": {"admin"}}); !strings.Contains(r.Text("error-epost"), "redan ett konto") {
		t.Errorf("taken address says %q", r.Text("error-epost"))
	}
	if n := s.count(t, `SELECT count(*) FROM river_job`); n != 0 {
		t.Errorf("refused invitations queued %d jobs", n)
	}

	r := s.post(t, "/admin/anvandare/bjud-in", c, url.Values{"namn": {"Kim Kommun"}, "epost": {"Kim@Nacka.se"}, "roll": {"municipality"}, "kommun": {"nacka"}})
	id := s.userID(t, "kim@nacka.se")
	kim := user{ID: id, Email: "Kim@Nacka.se", Name: "Kim Kommun"}
	wantRedirect(t, r, userPath(kim)+"?klart=inbjuden")
	page := s.get(t, r.Header.Get("Location"), c)
	if page.Text("user-state") != "Inbjuden, ej antagen" || page.Text("user-municipality") != "Nacka" || page.TestID("reinvite-form").Length() != 1 {
		t.Errorf("new user's page: state %q, municipality %q", page.Text("user-state"), page.Text("user-municipality"))
	}
	if !strings.Contains(page.Text("flash"), "Inbjudan har skickats") {
		t.Errorf("flash %q", page.Text("flash"))
	}
	if n := s.count(t, `SELECT count(*) FROM users WHERE id = $1 AND password_hash IS NULL AND email_verified_at IS NULL AND disabled_at IS NULL`, id); n != 1 {
		t.Error("the invited account should have no password and no verified address yet")
	}

	mails := s.queuedMails(t, "kim@nacka.se")
	if len(mails) != 1 {
		t.Fatalf("%d mails queued, want 1", len(mails))
	}
	m := mails[0]
	link := inviteLink(t, m)
	for _, want := range []string{"Hej Kim Kommun", "Ada Admin har bjudit in dig", "som kommunhandläggare i Nacka", "7 dagar", baseURL + link} {
		if !strings.Contains(strings.Join(strings.Fields(m.Text), " "), want) {
			t.Errorf("mail text lacks %q:\n%s", want, m.Text)
		}
	}
	if m.Subject != "Inbjudan till Residens" || !strings.Contains(m.HTML, `href="`+baseURL+link+`"`) || !strings.HasPrefix(m.Key, "invite:") {
		t.Errorf("subject %q, key %q, HTML has link: %v", m.Subject, m.Key, strings.Contains(m.HTML, link))
	}
	token := strings.TrimPrefix(link, "/inbjudan/")
	if strings.Contains(m.Key, token) {
		t.Error("the mail key holds the token")
	}
	var role, mun string
	if err := s.pool.QueryRow(context.Background(), `SELECT detail->>'role', detail->>'municipality' FROM audit_log
		WHERE action = 'invited' AND actor_id = $1 AND target_user_id = $2`, admin.ID, id).Scan(&role, &mun); err != nil || role != "municipality" || mun != "Nacka" {
		t.Errorf("audit entry: %q %q %v", role, mun, err)
	}

	t.Run("accept", func(t *testing.T) {
		testAccept(t, s, kim, link)
	})
}

// testAccept takes the invitation at link as the invitee kim.
func testAccept(t *testing.T, s *site, kim user, link string) {
	t.Helper()
	page := s.get(t, link, nil)
	if page.Status != http.StatusOK {
		t.Fatalf("GET %s: %d; %s", link, page.Status, page.Text("error-message"))
	}
	testutil.CheckPage(t, link, page.Response)
	if got := page.Text("invitation-for"); !strings.Contains(got, kim.Email) || !strings.Contains(got, "kommunhandläggare i Nacka") {
		t.Errorf("invitation says %q", got)
	}
	if action, _ := page.TestID("accept-form").Attr("action"); action != link {
		t.Errorf("form posts to %q, want %q", action, link)
	}
	if v, _ := page.Doc.Find("#namn").Attr("value"); v != kim.Name {
		t.Errorf("name field %q, want %q", v, kim.Name)
	}
	if got := page.Header.Get("Referrer-Policy"); got != "no-referrer" {
		t.Errorf("Referrer-Policy %q on a page whose URL holds a token", got)
	}
	if n := s.count(t, `SELECT count(*) FROM tokens WHERE user_id = $1 AND used_at IS NULL`, kim.ID); n != 1 {
		t.Errorf("GET changed the token: %d unused", n)
	}

	invalid := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"weak password", acceptForm("Kim", "1234567890", "1234567890"), "losenord"},
		{"short password", acceptForm("Kim", "kort", "kort"), "losenord"},
		{"different passwords", acceptForm("Kim", goodPassword, goodPassword+"!"), "losenord2"},
		{"no name", acceptForm("", goodPassword, goodPassword), "namn"},
	}
	for _, tt := range invalid {
		r := s.post(t, link, nil, tt.form)
		if r.Status != http.StatusUnprocessableEntity || r.Text("error-"+tt.field) == "" {
			t.Errorf("%s: status %d, error on %s %q", tt.name, r.Status, tt.field, r.Text("error-"+tt.field))
		}
		if v, _ := r.Doc.Find("#namn").Attr("value"); v != tt.form.Get("namn") {
			t.Errorf("%s: name kept as %q", tt.name, v)
		}
		if strings.Contains(r.Body, tt.form.Get("losenord")) {
			t.Errorf("%s: the page echoes the password", tt.name)
		}
		if r.Cookie != nil {
			t.Errorf("%s: signed in by a refused form", tt.name)
		}
	}

	r := s.post(t, link, nil, acceptForm("Kim K. Kommun", goodPassword, goodPassword))
	wantRedirect(t, r, "/konto")
	if r.Cookie == nil || !s.signedIn(t, r.Cookie) {
		t.Fatal("accepting did not sign the invitee in")
	}
	if got := s.get(t, "/admin/anvandare", r.Cookie).Status; got != http.StatusForbidden {
		t.Errorf("the invitee on an admin page: %d, want 403 (signed in, without the role)", got)
	}
	var hash string
	var verified bool
	var name string
	if err := s.pool.QueryRow(context.Background(), `SELECT password_hash, email_verified_at IS NOT NULL, name FROM users WHERE id = $1`, kim.ID).
		Scan(&hash, &verified, &name); err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.VerifyPassword(hash, goodPassword); !ok || !verified || name != "Kim K. Kommun" {
		t.Errorf("after accepting: password set %v, verified %v, name %q", ok, verified, name)
	}
	if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'invite_accepted' AND actor_id = $1 AND target_user_id = $1`, kim.ID); n != 1 {
		t.Errorf("%d invite_accepted entries, want 1", n)
	}

	for _, method := range []string{http.MethodGet, http.MethodPost} {
		r := s.do(t, method, link, nil, acceptForm("Mallory", "ett annat lösenord här", "ett annat lösenord här"))
		if r.Status != http.StatusGone || !strings.Contains(r.Text("error-heading"), "redan använd") {
			t.Errorf("%s of a used link: %d %q, want 410 saying it is used", method, r.Status, r.Text("error-heading"))
		}
	}
	if ok, _ := auth.VerifyPassword(hash, goodPassword); !ok {
		t.Error("the second use changed the password")
	}

	token := strings.TrimPrefix(link, "/inbjudan/")
	if n := s.count(t, `SELECT count(*) FROM audit_log WHERE detail::text LIKE '%' || $1 || '%' OR detail::text LIKE '%' || $2 || '%'
		OR target LIKE '%' || $1 || '%' OR actor_name LIKE '%' || $2 || '%'`, token, goodPassword); n != 0 {
		t.Errorf("%d audit entries hold the token or the password", n)
	}
}

func TestReinvite(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	c := s.signIn(t, admin)
	first := s.invite(t, c, url.Values{"namn": {"Kai Konsulent"}, "epost": {"kai@region.se"}, "roll": {"consultant"}})
	kai := user{ID: s.userID(t, "kai@region.se"), Email: "kai@region.se"}

	wantRedirect(t, s.post(t, userPath(kai)+"/bjud-in-igen", c, url.Values{}), userPath(kai)+"?klart=ny-inbjudan")
	mails := s.queuedMails(t, kai.Email)
	if len(mails) != 2 {
		t.Fatalf("%d mails queued, want 2", len(mails))
	}
	second := inviteLink(t, mails[1])
	if second == first {
		t.Fatal("the new invitation has the old link")
	}
	if r := s.get(t, first, nil); r.Status != http.StatusGone || !strings.Contains(r.Text("error-heading"), "ersatts") {
		t.Errorf("old link: %d %q, want 410 saying it was replaced", r.Status, r.Text("error-heading"))
	}
	if r := s.post(t, first, nil, acceptForm("Kai", goodPassword, goodPassword)); r.Status != http.StatusGone || r.Cookie != nil {
		t.Errorf("old link POST: %d, want 410 without signing in", r.Status)
	}
	if r := s.get(t, second, nil); r.Status != http.StatusOK {
		t.Errorf("new link: %d, want 200", r.Status)
	}
	if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'invited' AND target_user_id = $1 AND (detail->>'resend')::boolean`, kai.ID); n != 1 {
		t.Errorf("%d resend entries, want 1", n)
	}

	wantRedirect(t, s.post(t, second, nil, acceptForm("Kai Konsulent", goodPassword, goodPassword)), "/konto")
	r := s.post(t, userPath(kai)+"/bjud-in-igen", c, url.Values{})
	if r.Status != http.StatusConflict || !strings.Contains(r.Text("problem"), "redan antagit") {
		t.Errorf("re-invite after acceptance: %d %q, want 409", r.Status, r.Text("problem"))
	}
	if len(s.queuedMails(t, kai.Email)) != 2 {
		t.Error("a refused re-invitation queued a mail")
	}

	t.Run("disabled invitee", func(t *testing.T) {
		link := s.invite(t, c, url.Values{"namn": {"Bo"}, "epost": {"bo@region.se"}, "roll": {"admin"}})
		bo := user{ID: s.userID(t, "bo@region.se")}
		wantRedirect(t, s.post(t, userPath(bo)+"/sparra", c, url.Values{}), userPath(bo)+"?klart=sparrad")
		if r := s.get(t, link, nil); r.Status != http.StatusNotFound {
			t.Errorf("a disabled invitee's link: %d, want 404", r.Status)
		}
		if r := s.post(t, link, nil, acceptForm("Bo", goodPassword, goodPassword)); r.Status != http.StatusNotFound || r.Cookie != nil {
			t.Errorf("a disabled invitee's POST: %d, want 404 without signing in", r.Status)
		}
		if r := s.post(t, userPath(bo)+"/bjud-in-igen", c, url.Values{}); r.Status != http.StatusConflict {
			t.Errorf("re-invite a disabled user: %d, want 409", r.Status)
		}
	})
}

func TestExpiredAndUnknownInvitations(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	c := s.signIn(t, admin)
	link := s.invite(t, c, url.Values{"namn": {"Kai"}, "epost": {"kai@region.se"}, "roll": {"consultant"}})
	id := s.userID(t, "kai@region.se")
	if _, err := s.pool.Exec(context.Background(), `UPDATE tokens SET expires_at = $2 WHERE user_id = $1`, id, testutil.Now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		r := s.do(t, method, link, nil, acceptForm("Kai", goodPassword, goodPassword))
		if r.Status != http.StatusGone {
			t.Errorf("%s expired: %d, want 410", method, r.Status)
		}
		testutil.CheckPage(t, method+" expired", r.Response)
		if got := r.Text("error-message"); !strings.Contains(got, "be den som bjöd in dig att skicka en ny inbjudan") {
			t.Errorf("%s expired says %q", method, got)
		}
		if r.Cookie != nil {
			t.Errorf("%s expired signed someone in", method)
		}
	}
	if n := s.count(t, `SELECT count(*) FROM users WHERE id = $1 AND password_hash IS NULL`, id); n != 1 {
		t.Error("an expired link set the password")
	}

	random := make([]byte, 32)
	_, _ = rand.Read(random)
	for _, token := range []string{"x", base64.RawURLEncoding.EncodeToString(random), strings.Repeat("A", 500)} {
		if r := s.get(t, "/inbjudan/"+token, nil); r.Status != http.StatusNotFound || r.Text("error-heading") != "Inbjudan finns inte" {
			t.Errorf("unknown token %.20s: %d %q", token, r.Status, r.Text("error-heading"))
		}
	}
}

func TestConsultantInvite(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	kai := s.addUser(t, auth.RoleConsultant, "kai@region.se", "Kai Konsulent", "")
	s.addUser(t, auth.RoleArtist, "finns@solna.se", "Finns Redan", "")
	c := s.signIn(t, kai)

	form := s.get(t, "/konsulent/inbjudan", c)
	testutil.CheckPage(t, "consultant invite", form.Response)
	if form.Doc.Find("#roll").Length() != 0 {
		t.Error("the consultants' form offers a choice of role")
	}
	if _, ok := form.Doc.Find("#kommun").Attr("required"); !ok {
		t.Error("the municipality is not marked required")
	}

	r := s.post(t, "/konsulent/inbjudan", c, url.Values{"namn": {"Sol"}, "epost": {"sol@solna.se"}})
	if r.Status != http.StatusUnprocessableEntity || r.Text("error-kommun") == "" {
		t.Errorf("without municipality: %d, error %q", r.Status, r.Text("error-kommun"))
	}
	if v, _ := r.Doc.Find("#epost").Attr("value"); v != "sol@solna.se" {
		t.Errorf("address kept as %q", v)
	}
	r = s.post(t, "/konsulent/inbjudan", c, url.Values{"namn": {"Sol"}, "epost": {"finns@solna.se"}, "kommun": {"solna"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-epost"), "redan ett konto") {
		t.Errorf("taken address: %d, error %q", r.Status, r.Text("error-epost"))
	}

	// A consultant cannot make an admin by adding a role to the form.
	r = s.post(t, "/konsulent/inbjudan", c, url.Values{"namn": {"Sol Solnasson"}, "epost": {"sol@solna.se"}, "kommun": {"solna"}, "roll": {"admin"}})
	wantRedirect(t, r, "/konsulent/inbjudan?klart=inbjuden")
	if got := s.get(t, r.Header.Get("Location"), c).Text("flash"); !strings.Contains(got, "Inbjudan har skickats") {
		t.Errorf("flash %q", got)
	}
	if n := s.count(t, `SELECT count(*) FROM users u JOIN municipalities m ON m.id = u.municipality_id
		WHERE u.email = 'sol@solna.se' AND u.role = 'municipality' AND m.slug = 'solna' AND u.password_hash IS NULL`); n != 1 {
		t.Error("no invited municipality officer of Solna")
	}
	mails := s.queuedMails(t, "sol@solna.se")
	if len(mails) != 1 || !strings.Contains(mails[0].Text, "Kai Konsulent har bjudit in dig") || !strings.Contains(mails[0].Text, "kommunhandläggare i Solna") {
		t.Fatalf("mails %+v", mails)
	}
	if n := s.count(t, `SELECT count(*) FROM audit_log WHERE action = 'invited' AND actor_id = $1`, kai.ID); n != 1 {
		t.Errorf("%d invited entries by the consultant, want 1", n)
	}
}

// TestInvitationMailThroughMailpit sends the invitation through a real SMTP
// server and follows the link in what arrived.
func TestInvitationMailThroughMailpit(t *testing.T) {
	t.Parallel()
	srv := mailtest.Start(t)
	smtp, err := mail.ParseSMTPURL(srv.SMTPURL())
	if err != nil {
		t.Fatal(err)
	}
	from, err := mail.ParseFrom("Residens <noreply@residens.invalid>")
	if err != nil {
		t.Fatal(err)
	}
	ts := testutil.NewSite(t, testutil.SiteOptions{Env: map[string]string{"BASE_URL": baseURL},
		Jobs: &jobs.Config{SMTP: smtp, From: from}})
	runner := ts.Runner
	if err := runner.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := runner.Stop(ctx); err != nil {
			t.Errorf("stop jobs: %v", err)
		}
	})
	s := &site{h: ts.H, pool: ts.Pool, sessions: ts.Sessions}
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	c := s.signIn(t, admin)
	r := s.post(t, "/admin/anvandare/bjud-in", c, url.Values{"namn": {"Kim Kommun"}, "epost": {"kim@nacka.se"}, "roll": {"municipality"}, "kommun": {"nacka"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("invite: %d", r.Status)
	}

	msg := srv.WaitFor(t, "kim@nacka.se", "Inbjudan till Residens", 30*time.Second)
	link := srv.Link(t, msg, baseURL+"/inbjudan/")
	path := strings.TrimPrefix(link, baseURL)
	page := s.get(t, path, nil)
	if page.Status != http.StatusOK || !strings.Contains(page.Text("invitation-for"), "kim@nacka.se") {
		t.Fatalf("the mailed link opens %d: %s", page.Status, page.Text("error-message"))
	}
	wantRedirect(t, s.post(t, path, nil, acceptForm("Kim Kommun", goodPassword, goodPassword)), "/konto")
	if !strings.Contains(msg.HTML, link) || !strings.Contains(msg.Text, "Ada Admin") {
		t.Errorf("mail bodies lack the link or the inviter")
	}
}
