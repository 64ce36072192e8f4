package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

func userPath(u user) string { return "/admin/anvandare/" + strconv.FormatInt(u.ID, 10) }

func TestUserList(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	s.addUser(t, auth.RoleMunicipality, "kim@nacka.se", "Kim Kommun", "nacka")
	s.addUser(t, auth.RoleMunicipality, "sol@solna.se", "Sol Solnasson", "solna")
	s.addUser(t, auth.RoleConsultant, "kai_k@region.se", "Kai Konsulent", "")
	s.addUser(t, auth.RoleArtist, "dans@example.se", "100% Dans", "")
	for i := range 30 {
		s.addUser(t, auth.RoleArtist, fmt.Sprintf("artist%02d@example.se", i), fmt.Sprintf("Zeta Artist %02d", i), "")
	}
	c := s.signIn(t, admin)

	tests := []struct {
		name   string
		query  string
		emails []string // the rows, in order; nil when more than a page
		total  string
	}{
		{"name, any case", "q=kim", []string{"kim@nacka.se"}, "1 användare hittades"},
		{"part of the address", "q=SOLNA.SE", []string{"sol@solna.se"}, "1 användare hittades"},
		{"percent matches itself", "q=%25", []string{"dans@example.se"}, "1 användare hittades"},
		{"underscore matches itself", "q=_", []string{"kai_k@region.se"}, "1 användare hittades"},
		{"role", "roll=consultant", []string{"kai_k@region.se"}, "1 användare hittades"},
		{"role and municipality", "roll=municipality&kommun=solna", []string{"sol@solna.se"}, "1 användare hittades"},
		{"municipality", "kommun=nacka", []string{"kim@nacka.se"}, "1 användare hittades"},
		{"role officers by name", "roll=municipality", []string{"kim@nacka.se", "sol@solna.se"}, "2 användare hittades"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.get(t, "/admin/anvandare?"+tt.query, c)
			testutil.CheckPage(t, tt.query, r.Response)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d", r.Status)
			}
			if got := testutil.Texts(r.TestID("user-email")); strings.Join(got, " ") != strings.Join(tt.emails, " ") {
				t.Errorf("rows %q, want %q", got, tt.emails)
			}
			if got := r.Text("hits"); got != tt.total {
				t.Errorf("hits %q, want %q", got, tt.total)
			}
		})
	}

	t.Run("row links to the user's page", func(t *testing.T) {
		r := s.get(t, "/admin/anvandare?q=kim", c)
		href, _ := r.TestID("user-link").Attr("href")
		if want := "/admin/anvandare/" + strconv.FormatInt(s.userID(t, "kim@nacka.se"), 10); href != want {
			t.Errorf("link %q, want %q", href, want)
		}
		if got := r.Text("user-municipality") + "|" + r.Text("user-role") + "|" + r.Text("user-state"); got != "Nacka|Kommunhandläggare|Aktivt" {
			t.Errorf("row says %q", got)
		}
	})

	t.Run("empty state", func(t *testing.T) {
		r := s.get(t, "/admin/anvandare?q=finns-inte", c)
		if r.Status != http.StatusOK || r.TestID("empty-state").Length() != 1 || r.TestID("user-list").Length() != 0 {
			t.Errorf("status %d, empty state %d, list %d", r.Status, r.TestID("empty-state").Length(), r.TestID("user-list").Length())
		}
	})

	t.Run("paging", func(t *testing.T) {
		first := s.get(t, "/admin/anvandare", c)
		if n := first.TestID("user-row").Length(); n != 25 {
			t.Errorf("first page has %d rows, want 25", n)
		}
		if got := first.Text("hits"); got != "35 användare hittades" {
			t.Errorf("hits %q", got)
		}
		next, _ := first.TestID("page-next").Attr("href")
		if next != "/admin/anvandare?sida=2" {
			t.Fatalf("next link %q", next)
		}
		second := s.get(t, next, c)
		if n := second.TestID("user-row").Length(); n != 10 {
			t.Errorf("second page has %d rows, want 10", n)
		}
		seen := map[string]bool{}
		for _, e := range append(testutil.Texts(first.TestID("user-email")), testutil.Texts(second.TestID("user-email"))...) {
			if seen[e] {
				t.Errorf("%s on both pages", e)
			}
			seen[e] = true
		}
		filtered := s.get(t, "/admin/anvandare?roll=artist&q=zeta", c)
		next, _ = filtered.TestID("page-next").Attr("href")
		if u, _ := url.Parse(next); u.Query().Get("roll") != "artist" || u.Query().Get("q") != "zeta" || u.Query().Get("sida") != "2" {
			t.Errorf("next link %q does not keep the filters", next)
		}
	})

	t.Run("unknown filter values are noted and ignored", func(t *testing.T) {
		r := s.get(t, "/admin/anvandare?roll=kung&kommun=atlantis", c)
		if r.Status != http.StatusOK || len(r.Notices()) != 2 || r.Text("hits") != "35 användare hittades" {
			t.Errorf("status %d, notices %q, hits %q", r.Status, r.Notices(), r.Text("hits"))
		}
	})
}

func TestUserShow(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	kim := s.addUser(t, auth.RoleMunicipality, "kim@nacka.se", "Kim Kommun", "nacka")
	s.signIn(t, kim)
	s.signIn(t, kim)
	c := s.signIn(t, admin)

	r := s.get(t, userPath(kim), c)
	testutil.CheckPage(t, userPath(kim), r.Response)
	want := map[string]string{
		"user-name":         "Kim Kommun",
		"user-email":        "kim@nacka.se",
		"user-role":         "Kommunhandläggare",
		"user-municipality": "Nacka",
		"user-state":        "Aktivt",
		"user-sessions":     "2",
	}
	for id, w := range want {
		if got := r.Text(id); got != w {
			t.Errorf("%s = %q, want %q", id, got, w)
		}
	}
	if r.TestID("self-note").Length() != 0 {
		t.Error("another user's page says it is the admin's own")
	}
	if r.TestID("reinvite-form").Length() != 0 {
		t.Error("a new invitation is offered to a user with a password")
	}
	if r.TestID("disable-form").Length() != 1 || r.TestID("enable-form").Length() != 0 {
		t.Error("an enabled account should offer disabling only")
	}
	if sel, _ := r.Doc.Find(`#kommun option[selected]`).Attr("value"); sel != "nacka" {
		t.Errorf("municipality menu selects %q, want nacka", sel)
	}
	if r := s.get(t, userPath(admin), c); r.TestID("self-note").Length() != 1 {
		t.Error("the admin's own page does not say so")
	}

	for _, path := range []string{"/admin/anvandare/999999", "/admin/anvandare/abc", "/admin/anvandare/0", "/admin/anvandare/-1",
		"/admin/anvandare/01", "/admin/anvandare/99999999999999999999"} {
		if r := s.get(t, path, c); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, r.Status)
		}
	}
	if r := s.post(t, "/admin/anvandare/999999/sparra", c, url.Values{}); r.Status != http.StatusNotFound {
		t.Errorf("disable unknown: %d, want 404", r.Status)
	}
}

func TestChangeRole(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	kai := s.addUser(t, auth.RoleConsultant, "kai@region.se", "Kai Konsulent", "")
	c := s.signIn(t, admin)
	kaiCookie := s.signIn(t, kai)
	if r := s.get(t, "/konsulent/inbjudan", kaiCookie); r.Status != http.StatusOK {
		t.Fatalf("consultant page before the change: %d", r.Status)
	}

	invalid := []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"officer without municipality", url.Values{"roll": {"municipality"}, "kommun": {""}}, "kommun", "Välj vilken kommun"},
		{"municipality for a consultant", url.Values{"roll": {"consultant"}, "kommun": {"nacka"}}, "kommun", "Bara en kommunhandläggare"},
		{"unknown municipality", url.Values{"roll": {"municipality"}, "kommun": {"atlantis"}}, "kommun", "Välj en kommun i listan"},
		{"unknown role", url.Values{"roll": {"kung"}}, "roll", "Välj en roll"},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			r := s.post(t, userPath(kai)+"/roll", c, tt.form)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			testutil.CheckPage(t, "role form", r.Response)
			if got := r.Text("error-" + tt.field); !strings.Contains(got, tt.msg) {
				t.Errorf("error on %s: %q, want %q", tt.field, got, tt.msg)
			}
			if r.TestID("error-summary").Length() != 1 {
				t.Error("no error summary")
			}
			// What was chosen is kept.
			if sel, _ := r.Doc.Find(`#kommun option[selected]`).Attr("value"); sel != tt.form.Get("kommun") && tt.form.Get("kommun") != "atlantis" {
				t.Errorf("municipality menu selects %q, want %q", sel, tt.form.Get("kommun"))
			}
			if sel, _ := r.Doc.Find(`#roll option[selected]`).Attr("value"); tt.field != "roll" && sel != tt.form.Get("roll") {
				t.Errorf("role menu selects %q, want %q", sel, tt.form.Get("roll"))
			}
		})
	}
	if !s.signedIn(t, kaiCookie) {
		t.Fatal("a refused change ended the user's session")
	}

	r := s.post(t, userPath(kai)+"/roll", c, url.Values{"roll": {"municipality"}, "kommun": {"nacka"}})
	wantRedirect(t, r, userPath(kai)+"?klart=roll")
	page := s.get(t, r.Header.Get("Location"), c)
	if page.Text("user-role") != "Kommunhandläggare" || page.Text("user-municipality") != "Nacka" || page.TestID("flash").Length() != 1 {
		t.Errorf("after the change: role %q, municipality %q, flash %q", page.Text("user-role"), page.Text("user-municipality"), page.Text("flash"))
	}
	if s.signedIn(t, kaiCookie) {
		t.Error("the user's old session still signs in after the role change")
	}
	var from, to, toMun string
	if err := s.pool.QueryRow(context.Background(), `SELECT detail->>'from', detail->>'to', detail->>'to_municipality' FROM audit_log
		WHERE action = 'role_changed' AND target_user_id = $1 AND actor_id = $2`, kai.ID, admin.ID).Scan(&from, &to, &toMun); err != nil {
		t.Fatalf("audit entry: %v", err)
	}
	if from != "consultant" || to != "municipality" || toMun != "Nacka" {
		t.Errorf("audit from %q to %q (%q)", from, to, toMun)
	}
	// A new session has the new role: the consultants' page is closed.
	if r := s.get(t, "/konsulent/inbjudan", s.signIn(t, kai)); r.Status != http.StatusForbidden {
		t.Errorf("consultant page after the change: %d, want 403", r.Status)
	}

	t.Run("no change", func(t *testing.T) {
		again := s.signIn(t, kai)
		r := s.post(t, userPath(kai)+"/roll", c, url.Values{"roll": {"municipality"}, "kommun": {"nacka"}})
		wantRedirect(t, r, userPath(kai)+"?klart=oforandrad")
		if !s.signedIn(t, again) {
			t.Error("saving the same role ended the session")
		}
	})
}

func TestDisableEnableAndEndSessions(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	kim := s.addUser(t, auth.RoleMunicipality, "kim@nacka.se", "Kim Kommun", "nacka")
	c := s.signIn(t, admin)
	kimCookie := s.signIn(t, kim)

	wantRedirect(t, s.post(t, userPath(kim)+"/sparra", c, url.Values{}), userPath(kim)+"?klart=sparrad")
	if s.signedIn(t, kimCookie) {
		t.Error("a disabled user's session still signs in")
	}
	if n := s.count(t, `SELECT count(*) FROM sessions WHERE user_id = $1`, kim.ID); n != 0 {
		t.Errorf("%d sessions left", n)
	}
	page := s.get(t, userPath(kim)+"?klart=sparrad", c)
	if page.Text("user-state") != "Spärrat" || page.TestID("enable-form").Length() != 1 || page.TestID("disable-form").Length() != 0 {
		t.Errorf("state %q after disabling", page.Text("user-state"))
	}
	// Even a session started now does not sign a disabled user in.
	if s.signedIn(t, s.signIn(t, kim)) {
		t.Error("a disabled account signs in")
	}
	wantRedirect(t, s.post(t, userPath(kim)+"/sparra", c, url.Values{}), userPath(kim)+"?klart=oforandrad")

	wantRedirect(t, s.post(t, userPath(kim)+"/oppna", c, url.Values{}), userPath(kim)+"?klart=oppnad")
	again := s.signIn(t, kim)
	if !s.signedIn(t, again) {
		t.Error("an enabled account does not sign in")
	}
	other := s.signIn(t, kim)

	wantRedirect(t, s.post(t, userPath(kim)+"/avsluta-sessioner", c, url.Values{}), userPath(kim)+"?klart=sessioner")
	if s.signedIn(t, again) || s.signedIn(t, other) {
		t.Error("a session survived ending them all")
	}
	if !s.signedIn(t, c) {
		t.Error("ending another user's sessions ended the admin's")
	}

	for action, n := range map[string]int{"disabled": 1, "enabled": 1, "sessions_ended": 1} {
		if got := s.count(t, `SELECT count(*) FROM audit_log WHERE action = $1 AND target_user_id = $2 AND actor_id = $3`, action, kim.ID, admin.ID); got != n {
			t.Errorf("%d %s entries, want %d", got, action, n)
		}
	}
	var count string
	// Three: again, other, and the one started while the account was
	// disabled (which signed nobody in then, but would have after enabling).
	if err := s.pool.QueryRow(context.Background(), `SELECT detail->>'count' FROM audit_log WHERE action = 'sessions_ended'`).Scan(&count); err != nil || count != "3" {
		t.Errorf("sessions_ended count %q, %v; want 3", count, err)
	}
}

func TestLastAdminGuard(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ada := s.addUser(t, auth.RoleAdmin, "ada@region.se", "Ada Admin", "")
	c := s.signIn(t, ada)
	// An invited admin who has not set a password cannot take over.
	invited := s.addUser(t, auth.RoleAdmin, "inbjuden@region.se", "Ivar Inbjuden", "")
	if _, err := s.pool.Exec(context.Background(), `UPDATE users SET password_hash = NULL WHERE id = $1`, invited.ID); err != nil {
		t.Fatal(err)
	}

	for name, post := range map[string]url.Values{
		"sparra": {},
		"roll":   {"roll": {"consultant"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := s.post(t, userPath(ada)+"/"+name, c, post)
			if r.Status != http.StatusConflict {
				t.Fatalf("status %d, want 409", r.Status)
			}
			if got := r.Text("problem"); !strings.Contains(got, "sista aktiva administratörskontot") {
				t.Errorf("problem %q", got)
			}
			testutil.CheckPage(t, name, r.Response)
		})
	}
	if !s.signedIn(t, c) {
		t.Fatal("a refused change ended the admin's session")
	}
	if n := s.count(t, `SELECT count(*) FROM users WHERE id = $1 AND role = 'admin' AND disabled_at IS NULL`, ada.ID); n != 1 {
		t.Fatal("the last admin was changed")
	}

	// With a second admin, Ada may step down; she is signed in anew with the
	// new role.
	s.addUser(t, auth.RoleAdmin, "bo@region.se", "Bo Admin", "")
	r := s.post(t, userPath(ada)+"/roll", c, url.Values{"roll": {"consultant"}})
	wantRedirect(t, r, "/")
	if r.Cookie == nil || r.Cookie.Value == c.Value {
		t.Fatal("no new session cookie after changing one's own role")
	}
	if s.signedIn(t, c) {
		t.Error("the old session still signs in")
	}
	if got := s.get(t, "/admin/anvandare", r.Cookie).Status; got != http.StatusForbidden {
		t.Errorf("admin page with the new session: %d, want 403", got)
	}
	if got := s.get(t, "/konsulent/inbjudan", r.Cookie).Status; got != http.StatusOK {
		t.Errorf("consultant page with the new session: %d, want 200", got)
	}
}
