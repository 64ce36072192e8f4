package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"residens/internal/admin"
	"residens/internal/auth"
	"residens/internal/civil"
	"residens/internal/testutil"
)

// logEntry is a row the test writes into audit_log at a chosen time.
type logEntry struct {
	at        time.Time
	action    string
	actor     *user
	actorName string
	target    *user
	detail    map[string]any
	ip        string
}

func (s *site) addLog(t *testing.T, e logEntry) {
	t.Helper()
	var actorID, targetID *int64
	target := ""
	if e.actor != nil {
		actorID, e.actorName = &e.actor.ID, e.actor.Name
	}
	if e.target != nil {
		targetID, target = &e.target.ID, e.target.Name
	}
	detail, _ := json.Marshal(e.detail)
	if e.detail == nil {
		detail = []byte("{}")
	}
	if _, err := s.pool.Exec(context.Background(), `
		INSERT INTO audit_log (at, actor_id, actor_name, action, target_user_id, target, detail, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.at, actorID, e.actorName, e.action, targetID, target, detail, e.ip); err != nil {
		t.Fatal(err)
	}
}

func sthlm(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, civil.Stockholm)
}

func TestAuditLog(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ada := s.addUser(t, auth.RoleAdmin, "ada@region.se", "Ada Admin", "")
	kim := s.addUser(t, auth.RoleMunicipality, "kim@nacka.se", "Kim Kommun", "nacka")
	kai := s.addUser(t, auth.RoleConsultant, "kai@region.se", "Kai Konsulent", "")
	c := s.signIn(t, ada)

	// Summer time began at 02.00 on 29 March 2026, so that day had 23 hours.
	s.addLog(t, logEntry{at: sthlm(2026, 3, 28, 23, 30), action: "sign_in", actor: &kim, target: &kim, ip: "192.0.2.1"})
	s.addLog(t, logEntry{at: sthlm(2026, 3, 29, 0, 30), action: "role_changed", actor: &ada, target: &kim, ip: "192.0.2.2",
		detail: map[string]any{"from": "consultant", "to": "municipality", "to_municipality": "Nacka"}})
	s.addLog(t, logEntry{at: sthlm(2026, 3, 29, 23, 30), action: "disabled", actorName: "", target: &kai,
		detail: map[string]any{"via": "cli"}})
	s.addLog(t, logEntry{at: sthlm(2026, 3, 30, 0, 10), action: "sign_in", actor: &kai, target: &kai, ip: "192.0.2.3"})

	tests := []struct {
		name    string
		query   string
		actions []string // the rows' actions, newest first
	}{
		{"all, newest first", "", []string{"Inloggning", "Konto spärrat", "Roll eller kommun ändrad", "Inloggning"}},
		{"action", "handling=sign_in", []string{"Inloggning", "Inloggning"}},
		{"one day across the clock change", "fran=2026-03-29&till=2026-03-29", []string{"Konto spärrat", "Roll eller kommun ändrad"}},
		{"from a day on", "fran=2026-03-30", []string{"Inloggning"}},
		{"up to a day", "till=2026-03-28", []string{"Inloggning"}},
		{"actor by address", "utforare=ADA%40region", []string{"Roll eller kommun ändrad"}},
		{"actor by name", "utforare=konsulent", []string{"Inloggning"}},
		{"target by address", "galler=kim%40nacka.se", []string{"Roll eller kommun ändrad", "Inloggning"}},
		{"target and action", "galler=kai&handling=disabled", []string{"Konto spärrat"}},
		{"wildcards match themselves", "utforare=%25", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.get(t, "/admin/logg?"+tt.query, c)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d", r.Status)
			}
			testutil.CheckPage(t, tt.query, r.Response)
			if got := testutil.Texts(r.TestID("log-action")); strings.Join(got, "|") != strings.Join(tt.actions, "|") {
				t.Errorf("actions %q, want %q", got, tt.actions)
			}
			if len(tt.actions) == 0 && r.TestID("empty-state").Length() != 1 {
				t.Error("no empty state")
			}
		})
	}

	t.Run("what an entry shows", func(t *testing.T) {
		r := s.get(t, "/admin/logg?handling=role_changed", c)
		row := r.TestID("log-row")
		want := map[string]string{
			"log-time":   "29 mars 2026 kl. 00.30",
			"log-action": "Roll eller kommun ändrad",
			"log-actor":  "Ada Admin (ada@region.se)",
			"log-target": "Kim Kommun (kim@nacka.se)",
			"log-ip":     "192.0.2.2",
			"log-detail": "Från roll: Kulturkonsulent; Till roll: Kommunhandläggare; Till kommun: Nacka",
		}
		for id, w := range want {
			if got := testutil.Squash(row.Find(`[data-testid="` + id + `"]`).Text()); got != w {
				t.Errorf("%s = %q, want %q", id, got, w)
			}
		}
		r = s.get(t, "/admin/logg?handling=disabled", c)
		if got := r.Text("log-actor"); got != "Systemet" {
			t.Errorf("an entry without actor shows %q, want Systemet", got)
		}
		if got := r.Text("log-detail"); got != "Via: cli" {
			t.Errorf("detail %q", got)
		}
	})

	t.Run("odd filters are noted and ignored", func(t *testing.T) {
		r := s.get(t, "/admin/logg?handling=hack&fran=igar&till=2026-13-01", c)
		if r.Status != http.StatusOK || len(r.Notices()) != 3 || r.TestID("log-row").Length() != 4 {
			t.Errorf("status %d, notices %q, %d rows", r.Status, r.Notices(), r.TestID("log-row").Length())
		}
		r = s.get(t, "/admin/logg?fran=2026-03-30&till=2026-03-29", c)
		if len(r.Notices()) != 1 || r.TestID("log-row").Length() != 3 {
			t.Errorf("reversed dates: notices %q, %d rows, want them swapped", r.Notices(), r.TestID("log-row").Length())
		}
	})

	t.Run("paging", func(t *testing.T) {
		for i := range admin.LogPageSize + 5 {
			s.addLog(t, logEntry{at: sthlm(2026, 1, 1, 0, 0).Add(time.Duration(i) * time.Minute), action: "sign_out", actor: &kai, target: &kai})
		}
		first := s.get(t, "/admin/logg?handling=sign_out", c)
		if n := first.TestID("log-row").Length(); n != admin.LogPageSize {
			t.Errorf("first page %d rows", n)
		}
		next, _ := first.TestID("page-next").Attr("href")
		if next != "/admin/logg?handling=sign_out&sida=2" {
			t.Fatalf("next %q", next)
		}
		second := s.get(t, next, c)
		times := testutil.Texts(second.TestID("log-time"))
		if len(times) != 5 || times[4] != "1 januari 2026 kl. 00.00" {
			t.Errorf("second page times %q, want the 5 oldest ending with the first", times)
		}
	})
}

// TestUserPageShowsRecentEntries checks the user's page lists entries about
// the user, and only those.
func TestUserPageShowsRecentEntries(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ada := s.addUser(t, auth.RoleAdmin, "ada@region.se", "Ada Admin", "")
	kim := s.addUser(t, auth.RoleMunicipality, "kim@nacka.se", "Kim Kommun", "nacka")
	kai := s.addUser(t, auth.RoleConsultant, "kai@region.se", "Kai Konsulent", "")
	s.addLog(t, logEntry{at: testutil.Now.Add(-time.Hour), action: "sign_in", actor: &kim, target: &kim})
	s.addLog(t, logEntry{at: testutil.Now.Add(-time.Minute), action: "disabled", actor: &ada, target: &kim})
	s.addLog(t, logEntry{at: testutil.Now, action: "sign_in", actor: &kai, target: &kai})
	c := s.signIn(t, ada)

	r := s.get(t, userPath(kim), c)
	if got := testutil.Texts(r.TestID("user-log").Find(`[data-testid="log-action"]`)); strings.Join(got, "|") != "Konto spärrat|Inloggning" {
		t.Errorf("entries %q", got)
	}
	if r := s.get(t, userPath(ada), c); r.TestID("user-log").Find(`[data-testid="log-row"]`).Length() != 1 {
		t.Error("the admin's page should list the entry the admin made")
	}
}
