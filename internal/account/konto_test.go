package account_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/auth"
	"residens/internal/testutil"
)

func TestAccountPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "anna@example.se", Name: "Anna Berg", Password: annaPassword, Role: auth.RoleMunicipality})
	b := e.browser()

	wantRedirect(t, b.get("/konto"), "/logga-in?nasta=%2Fkonto")
	b.signIn("anna@example.se", annaPassword)
	r := b.get("/konto")
	wantStatus(t, r, http.StatusOK)
	testutil.CheckPage(t, "/konto", r)
	if r.Text("account-name") != "Anna Berg" || r.Text("account-email") != "anna@example.se" || r.Text("account-role") != "Kommunhandläggare" {
		t.Errorf("facts %q", r.Text("account-facts"))
	}
	for _, s := range []string{"section-name", "section-email", "section-password", "section-sessions", "section-data", "section-delete"} {
		if r.TestID(s).Find("h2").Length() != 1 {
			t.Errorf("section %s has no heading", s)
		}
	}
	if r.Header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("Cache-Control %q", r.Header.Get("Cache-Control"))
	}
}

func TestChangeName(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "anna@example.se", Name: "Anna", Password: annaPassword})
	b := e.browser()
	b.signIn("anna@example.se", annaPassword)

	r := b.post("/konto/namn", url.Values{"namn": {"  "}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if fieldError(r, "namn") == "" || len(summary(r)) != 1 {
		t.Errorf("want the error next to the field and in the summary")
	}
	wantRedirect(t, b.post("/konto/namn", url.Values{"namn": {"Anna Berg-Lind"}}), "/konto?klart=namn")
	r = b.get("/konto?klart=namn")
	if r.Text("account-name") != "Anna Berg-Lind" || r.Text("flash") != "Ditt namn är ändrat." {
		t.Errorf("name %q, flash %q", r.Text("account-name"), r.Text("flash"))
	}
	if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'name_changed' AND target_user_id = $1 AND actor_id = $1`, id); n != 1 {
		t.Errorf("%d audit entries", n)
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
	here, other := e.browser(), e.browser()
	here.signIn("anna@example.se", annaPassword)
	other.signIn("anna@example.se", annaPassword)
	const newPassword = "sommar vid havet"

	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"wrong current password", url.Values{"nuvarande-losenord": {"fel lösenord!"}, "nytt-losenord": {newPassword}, "nytt-losenord2": {newPassword}}, "nuvarande-losenord"},
		{"no current password", url.Values{"nytt-losenord": {newPassword}, "nytt-losenord2": {newPassword}}, "nuvarande-losenord"},
		{"new too short", url.Values{"nuvarande-losenord": {annaPassword}, "nytt-losenord": {"kort"}, "nytt-losenord2": {"kort"}}, "nytt-losenord"},
		{"repetition differs", url.Values{"nuvarande-losenord": {annaPassword}, "nytt-losenord": {newPassword}, "nytt-losenord2": {"något annat"}}, "nytt-losenord2"},
		{"same as before", url.Values{"nuvarande-losenord": {annaPassword}, "nytt-losenord": {annaPassword}, "nytt-losenord2": {annaPassword}}, "nytt-losenord"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := here.post("/konto/losenord", tt.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if fieldError(r, tt.field) == "" {
				t.Errorf("no error on %s; summary %q", tt.field, summary(r))
			}
			for _, pw := range tt.form {
				if strings.Contains(r.Body, `value="`+pw[0]+`"`) {
					t.Error("a password is echoed")
				}
			}
		})
	}

	wantRedirect(t, here.post("/konto/losenord", url.Values{"nuvarande-losenord": {annaPassword},
		"nytt-losenord": {newPassword}, "nytt-losenord2": {newPassword}}), "/konto?klart=losenord")
	if here.signedIn() == "" {
		t.Error("this session ended; it should stay")
	}
	if other.signedIn() != "" {
		t.Error("the other session is still signed in")
	}
	if n := e.count(`SELECT count(*) FROM sessions WHERE user_id = $1`, id); n != 1 {
		t.Errorf("%d sessions, want this one only", n)
	}
	if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'password_changed' AND target_user_id = $1`, id); n != 1 {
		t.Errorf("%d audit entries", n)
	}
	m := e.lastMail("anna@example.se", "lösenord är bytt")
	if strings.Contains(m.Text, newPassword) {
		t.Error("the notice carries the password")
	}
	e.browser().signIn("anna@example.se", newPassword)
}

func TestChangeEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "anna@example.se", Name: "Anna", Password: annaPassword})
	e.mustUser(user{Email: "upptagen@example.se", Password: annaPassword})
	b := e.browser()
	b.signIn("anna@example.se", annaPassword)

	t.Run("validation", func(t *testing.T) {
		tests := []struct {
			name, email, pw, field string
		}{
			{"not an address", "nej", annaPassword, "ny-epost"},
			{"the same address", "ANNA@example.se", annaPassword, "ny-epost"},
			{"no password", "ny@example.se", "", "epost-losenord"},
			{"wrong password", "ny@example.se", "fel lösenord!", "epost-losenord"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := b.post("/konto/epost", url.Values{"ny-epost": {tt.email}, "epost-losenord": {tt.pw}})
				wantStatus(t, r, http.StatusUnprocessableEntity)
				if fieldError(r, tt.field) == "" {
					t.Errorf("no error on %s: %q", tt.field, summary(r))
				}
				if formValue(r, "ny-epost") != tt.email {
					t.Error("the typed address is lost")
				}
			})
		}
	})

	t.Run("an address with an account gets a notice, the visitor the same answer", func(t *testing.T) {
		r := b.post("/konto/epost", url.Values{"ny-epost": {"upptagen@example.se"}, "epost-losenord": {annaPassword}})
		wantRedirect(t, r, "/konto?klart=epost-skickad")
		m := e.lastMail("upptagen@example.se", "Försök att byta")
		if strings.Contains(m.Text, "/konto/epost/bekrafta/") {
			t.Error("the taken address got a link")
		}
	})

	r := b.post("/konto/epost", url.Values{"ny-epost": {"anna.ny@example.se"}, "epost-losenord": {annaPassword}})
	wantRedirect(t, r, "/konto?klart=epost-skickad")
	if n := e.count(`SELECT count(*) FROM users WHERE email = 'anna@example.se'`); n != 1 {
		t.Fatal("the address changed before the link was used")
	}
	link := e.linkPath(e.lastMail("anna.ny@example.se", "Bekräfta din nya"), "/konto/epost/bekrafta/")

	page := e.browser().get(link)
	wantStatus(t, page, http.StatusOK)
	testutil.CheckPage(t, "confirm", page)
	if page.Text("new-email") != "anna.ny@example.se" {
		t.Errorf("page shows %q", page.Text("new-email"))
	}
	if n := e.count(`SELECT count(*) FROM users WHERE email = 'anna@example.se'`); n != 1 {
		t.Fatal("GET changed the address")
	}

	wantRedirect(t, b.post(link, nil), "/konto?klart=epost")
	if got := b.get("/konto").Text("account-email"); got != "anna.ny@example.se" {
		t.Errorf("address now %q", got)
	}
	notice := e.lastMail("anna@example.se", "e-postadress är ändrad")
	if !strings.Contains(notice.Text, "a***@example.se") {
		t.Errorf("the notice to the old address:\n%s", notice.Text)
	}
	if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'email_changed' AND target_user_id = $1`, id); n != 1 {
		t.Errorf("%d audit entries", n)
	}
	wantStatus(t, e.browser().post(link, nil), http.StatusGone)
	e.browser().signIn("anna.ny@example.se", annaPassword)
	wantStatus(t, e.browser().post("/logga-in", creds("anna@example.se", annaPassword)), http.StatusUnprocessableEntity)
}

func TestSessions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.mustUser(user{Email: "anna@example.se", Password: annaPassword})
	e.mustUser(user{Email: "bo@example.se", Password: annaPassword})
	here, phone, bo := e.browser(), e.browser(), e.browser()
	here.signIn("anna@example.se", annaPassword)
	phone.signIn("anna@example.se", annaPassword)
	bo.signIn("bo@example.se", annaPassword)

	r := here.get("/konto")
	rows := r.TestID("session")
	if rows.Length() != 2 {
		t.Fatalf("%d sessions listed, want 2", rows.Length())
	}
	var phoneRef, hereRef string
	rows.Each(func(_ int, s *goquery.Selection) {
		ref, _ := s.Attr("data-ref")
		agent := testutil.Squash(s.Find(`[data-testid="session-agent"]`).Text())
		current := s.Find(`[data-testid="this-device"]`).Length() == 1
		switch {
		case agent == phone.ua && !current:
			phoneRef = ref
		case agent == here.ua && current:
			hereRef = ref
		default:
			t.Errorf("session %q current=%v", agent, current)
		}
		if !strings.Contains(s.Text(), "26 november 2026 kl. 12.00") {
			t.Errorf("session %q lacks its times: %q", agent, testutil.Squash(s.Text()))
		}
	})
	if phoneRef == "" || hereRef == "" {
		t.Fatal("sessions not told apart")
	}
	if !strings.Contains(r.Text("sessions"), strings.Split(phone.addr, ":")[0]) {
		t.Error("the address is not shown")
	}

	t.Run("another user's session is not found", func(t *testing.T) {
		wantStatus(t, bo.post("/konto/sessioner/"+phoneRef+"/avsluta", nil), http.StatusNotFound)
		wantStatus(t, here.post("/konto/sessioner/nonsens/avsluta", nil), http.StatusNotFound)
		if phone.signedIn() == "" {
			t.Fatal("the phone was signed out")
		}
	})

	t.Run("end another", func(t *testing.T) {
		wantRedirect(t, here.post("/konto/sessioner/"+phoneRef+"/avsluta", nil), "/konto?klart=session")
		if phone.signedIn() != "" {
			t.Error("the phone is still signed in")
		}
		if here.signedIn() == "" {
			t.Error("this device was signed out")
		}
		if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'sessions_ended'`); n != 1 {
			t.Errorf("%d audit entries", n)
		}
	})

	t.Run("end this one", func(t *testing.T) {
		wantRedirect(t, here.post("/konto/sessioner/"+hereRef+"/avsluta", nil), "/logga-in?klart=utloggad")
		if here.cookie != nil {
			t.Error("the cookie was not cleared")
		}
		if n := e.count(`SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'anna@example.se'`); n != 0 {
			t.Errorf("%d sessions left", n)
		}
	})
}

func TestExport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "anna@example.se", Name: "Anna Berg", Password: annaPassword})
	e.mustUser(user{Email: "bo@example.se", Password: annaPassword})
	b := e.browser()
	b.signIn("anna@example.se", annaPassword)
	e.browser().signIn("bo@example.se", annaPassword)

	r := b.get("/konto/data")
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".json") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if strings.Contains(r.Body, "argon2") || strings.Contains(strings.ToLower(r.Body), "password_hash") {
		t.Fatal("the export contains the password hash")
	}
	var got struct {
		Account struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
			Name  string `json:"name"`
			Role  string `json:"role"`
		} `json:"account"`
		Sessions []struct {
			UserAgent string `json:"user_agent"`
			IP        string `json:"ip"`
		} `json:"sessions"`
		AuditLog []struct {
			Action string `json:"action"`
		} `json:"audit_log"`
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.Body)
	}
	if got.Account.ID != id || got.Account.Email != "anna@example.se" || got.Account.Name != "Anna Berg" || got.Account.Role != "artist" {
		t.Errorf("account %+v", got.Account)
	}
	if len(got.Sessions) != 1 || got.Sessions[0].UserAgent != b.ua {
		t.Errorf("sessions %+v, want Anna's one", got.Sessions)
	}
	var actions []string
	for _, a := range got.AuditLog {
		actions = append(actions, a.Action)
	}
	if strings.Join(actions, ",") != "sign_in,data_exported" {
		t.Errorf("audit entries %v, want Anna's sign-in and this export", actions)
	}
	if strings.Contains(r.Body, "bo@example.se") {
		t.Error("another user's data is in the export")
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	id := e.mustUser(user{Email: "anna@example.se", Name: "Anna", Password: annaPassword})
	b, phone := e.browser(), e.browser()
	b.signIn("anna@example.se", annaPassword)
	phone.signIn("anna@example.se", annaPassword)

	page := b.get("/konto/radera")
	wantStatus(t, page, http.StatusOK)
	testutil.CheckPage(t, "/konto/radera", page)
	kept := page.Text("kept-list")
	for _, want := range []string{"allmänna handlingar", "diarienummer", "Intresseanmälningar, ansökningar och bokningsförfrågningar", "Loggen"} {
		if !strings.Contains(kept, want) {
			t.Errorf("what is kept does not mention %q: %q", want, kept)
		}
	}
	if page.TestID("delete-form").Length() != 1 {
		t.Fatal("no form")
	}

	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"no password", url.Values{"bekrafta": {"ja"}}, "losenord"},
		{"wrong password", url.Values{"losenord": {"fel lösenord!"}, "bekrafta": {"ja"}}, "losenord"},
		{"box not ticked", url.Values{"losenord": {annaPassword}}, "bekrafta"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.post("/konto/radera", tt.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if fieldError(r, tt.field) == "" {
				t.Errorf("no error on %s: %q", tt.field, summary(r))
			}
			if e.count(`SELECT count(*) FROM users WHERE id = $1`, id) != 1 {
				t.Fatal("deleted anyway")
			}
		})
	}

	wantRedirect(t, b.post("/konto/radera", url.Values{"losenord": {annaPassword}, "bekrafta": {"ja"}}), "/konto/raderat")
	if b.cookie != nil {
		t.Error("the cookie was not cleared")
	}
	done := b.get("/konto/raderat")
	wantStatus(t, done, http.StatusOK)
	testutil.CheckPage(t, "/konto/raderat", done)
	if e.count(`SELECT count(*) FROM users WHERE id = $1`, id) != 0 || e.count(`SELECT count(*) FROM sessions`) != 0 {
		t.Error("the account or its sessions remain")
	}
	if phone.signedIn() != "" {
		t.Error("another device is still signed in")
	}
	if n := e.count(`SELECT count(*) FROM audit_log WHERE action = 'account_deleted' AND target_user_id = $1`, id); n != 1 {
		t.Errorf("%d deletion entries", n)
	}
	if n := e.count(`SELECT count(*) FROM audit_log WHERE target_user_id = $1`, id); n < 3 {
		t.Errorf("the audit log lost the account's entries: %d left", n)
	}
	e.lastMail("anna@example.se", "konto är raderat")
	wantStatus(t, e.browser().post("/logga-in", creds("anna@example.se", annaPassword)), http.StatusUnprocessableEntity)
}

func TestDeleteLastAdmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	first := e.mustUser(user{Email: "admin@example.se", Password: annaPassword, Role: auth.RoleAdmin})
	e.mustUser(user{Email: "sparrad-admin@example.se", Password: annaPassword, Role: auth.RoleAdmin, Disabled: true})
	b := e.browser()
	b.signIn("admin@example.se", annaPassword)
	deletion := url.Values{"losenord": {annaPassword}, "bekrafta": {"ja"}}

	page := b.get("/konto/radera")
	if !strings.Contains(page.Text("last-admin"), "enda aktiva administratören") || page.TestID("delete-form").Length() != 0 {
		t.Errorf("want the last-admin message instead of the form: %q", page.Text("last-admin"))
	}
	r := b.post("/konto/radera", deletion)
	wantStatus(t, r, http.StatusConflict)
	if r.TestID("last-admin").Length() != 1 || e.count(`SELECT count(*) FROM users WHERE id = $1`, first) != 1 {
		t.Fatal("the last admin was deleted")
	}

	e.mustUser(user{Email: "admin2@example.se", Password: annaPassword, Role: auth.RoleAdmin})
	wantRedirect(t, b.post("/konto/radera", deletion), "/konto/raderat")
}

// TestDeleteReviewer: a juror who has scored an application keeps the
// account, since the scores belong to the call's case file; the database
// refuses the deletion too. A juror who only was assigned may delete it.
func TestDeleteReviewer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	juror := e.mustUser(user{Email: "jury@example.se", Password: annaPassword, Role: auth.RoleJuror})
	idle := e.mustUser(user{Email: "jury2@example.se", Password: annaPassword, Role: auth.RoleJuror})
	artist := e.mustUser(user{Email: "ada@example.se", Password: annaPassword, Role: auth.RoleArtist})
	call := testutil.InsertCall(t, e.pool, testutil.Call{Slug: "kk", Title: "KK", OpensAt: testutil.Now.AddDate(0, -2, 0),
		ClosesAt: testutil.Now.AddDate(0, -1, 0), Reviewers: []int64{juror, idle}})
	app := testutil.InsertApplication(t, e.pool, testutil.Application{CallID: call, ApplicantID: artist, Name: "Ada", Email: "ada@example.se"})
	if _, err := e.pool.Exec(t.Context(), `INSERT INTO review_scores (application_id, reviewer_id, criterion_id, score)
		SELECT $1, $2, id, 4 FROM call_criteria WHERE call_id = $3`, app, juror, call); err != nil {
		t.Fatal(err)
	}
	deletion := url.Values{"losenord": {annaPassword}, "bekrafta": {"ja"}}

	b := e.browser()
	b.signIn("jury@example.se", annaPassword)
	if page := b.get("/konto/radera"); page.TestID("reviewer").Length() != 1 || page.TestID("delete-form").Length() != 0 {
		t.Error("want the reviewer message instead of the form")
	}
	r := b.post("/konto/radera", deletion)
	wantStatus(t, r, http.StatusConflict)
	if e.count(`SELECT count(*) FROM review_scores WHERE reviewer_id = $1`, juror) != 2 {
		t.Fatal("the juror's scores went")
	}
	if _, err := e.pool.Exec(t.Context(), `DELETE FROM users WHERE id = $1`, juror); err == nil {
		t.Error("the database let a reviewer with scores be deleted")
	}

	b2 := e.browser()
	b2.signIn("jury2@example.se", annaPassword)
	wantRedirect(t, b2.post("/konto/radera", deletion), "/konto/raderat")
	if e.count(`SELECT count(*) FROM users WHERE id = $1`, idle) != 0 {
		t.Error("the juror without scores was not deleted")
	}
}
