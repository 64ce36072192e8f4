package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"residens/internal/auth"
)

// TestRoutesNeedTheirRoles walks every route of the package with every kind
// of visitor: anonymous visitors are sent to sign in and come back, other
// roles get 403, and the allowed roles get the page or the change.
func TestRoutesNeedTheirRoles(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	admin := s.addUser(t, auth.RoleAdmin, "admin@region.se", "Ada Admin", "")
	visitors := map[string]user{
		"artist":       s.addUser(t, auth.RoleArtist, "artist@example.se", "Ari Artist", ""),
		"municipality": s.addUser(t, auth.RoleMunicipality, "kim@nacka.se", "Kim Kommun", "nacka"),
		"consultant":   s.addUser(t, auth.RoleConsultant, "konsulent@region.se", "Kai Konsulent", ""),
		"admin":        admin,
	}
	// The target of the changes: invited, so that a new invitation can be
	// sent to it too.
	target := s.addUser(t, auth.RoleConsultant, "mal@region.se", "Mål Målsson", "")
	if _, err := s.pool.Exec(t.Context(), `UPDATE users SET password_hash = NULL WHERE id = $1`, target.ID); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(target.ID, 10)

	adminOnly := []string{"admin"}
	staff := []string{"consultant", "admin"}
	routes := []struct {
		method, path string
		form         url.Values
		allowed      []string
	}{
		{"GET", "/admin/anvandare", nil, adminOnly},
		{"GET", "/admin/anvandare?q=m%C3%A5l&roll=consultant", nil, adminOnly},
		{"GET", "/admin/anvandare/bjud-in", nil, adminOnly},
		{"POST", "/admin/anvandare/bjud-in", url.Values{"namn": {"Ny"}, "epost": {"ny@region.se"}, "roll": {"consultant"}}, adminOnly},
		{"GET", "/admin/anvandare/" + id, nil, adminOnly},
		{"POST", "/admin/anvandare/" + id + "/roll", url.Values{"roll": {"consultant"}}, adminOnly},
		{"POST", "/admin/anvandare/" + id + "/sparra", url.Values{}, adminOnly},
		{"POST", "/admin/anvandare/" + id + "/oppna", url.Values{}, adminOnly},
		{"POST", "/admin/anvandare/" + id + "/avsluta-sessioner", url.Values{}, adminOnly},
		{"POST", "/admin/anvandare/" + id + "/bjud-in-igen", url.Values{}, adminOnly},
		{"GET", "/admin/logg", nil, adminOnly},
		{"GET", "/admin/logg?handling=invited", nil, adminOnly},
		{"GET", "/konsulent/inbjudan", nil, staff},
		{"POST", "/konsulent/inbjudan", url.Values{"namn": {"Kommunal"}, "epost": {"k@solna.se"}, "kommun": {"solna"}}, staff},
	}
	for _, rt := range routes {
		t.Run(rt.method+" "+rt.path+" anonymous", func(t *testing.T) {
			r := s.do(t, rt.method, rt.path, nil, rt.form)
			wantRedirect(t, r, auth.SignInPath(rt.path))
		})
		for _, who := range []string{"artist", "municipality", "consultant", "admin"} {
			t.Run(rt.method+" "+rt.path+" "+who, func(t *testing.T) {
				c := s.signIn(t, visitors[who])
				form := rt.form
				if form.Has("epost") {
					// Each visitor invites an address of their own.
					form = url.Values{}
					for k, v := range rt.form {
						form[k] = v
					}
					form.Set("epost", who+"."+rt.form.Get("epost"))
				}
				r := s.do(t, rt.method, rt.path, c, form)
				allowed := false
				for _, a := range rt.allowed {
					allowed = allowed || a == who
				}
				switch {
				case !allowed && r.Status != http.StatusForbidden:
					t.Errorf("status %d, want 403", r.Status)
				case allowed && rt.method == "GET" && r.Status != http.StatusOK:
					t.Errorf("status %d, want 200; page says %q", r.Status, r.Text("error-message"))
				case allowed && rt.method == "POST" && (r.Status != http.StatusSeeOther || strings.HasPrefix(r.Header.Get("Location"), "/logga-in")):
					t.Errorf("status %d to %q, want 303 after the change; page says %q %q", r.Status, r.Header.Get("Location"),
						r.Text("error-summary"), r.Text("problem"))
				}
			})
		}
	}

	t.Run("cross-origin posts are refused", func(t *testing.T) {
		c := s.signIn(t, admin)
		before := s.count(t, `SELECT count(*) FROM audit_log`)
		for _, rt := range routes {
			if rt.method != http.MethodPost {
				continue
			}
			for _, h := range []http.Header{{"Sec-Fetch-Site": {"cross-site"}}, {"Origin": {"https://evil.example"}}} {
				if r := s.doWith(t, rt.method, rt.path, c, rt.form, h); r.Status != http.StatusForbidden {
					t.Errorf("%s with %v: %d, want 403", rt.path, h, r.Status)
				}
			}
		}
		if r := s.doWith(t, http.MethodPost, "/inbjudan/x", nil, url.Values{}, http.Header{"Sec-Fetch-Site": {"cross-site"}}); r.Status != http.StatusForbidden {
			t.Errorf("cross-site invitation POST: %d, want 403", r.Status)
		}
		if after := s.count(t, `SELECT count(*) FROM audit_log`); after != before {
			t.Errorf("refused posts wrote %d audit entries", after-before)
		}
	})

	t.Run("invitation page is open to anyone", func(t *testing.T) {
		for _, who := range []string{"anonymous", "artist", "admin"} {
			var c *http.Cookie
			if who != "anonymous" {
				c = s.signIn(t, visitors[who])
			}
			if r := s.get(t, "/inbjudan/finns-inte", c); r.Status != http.StatusNotFound {
				t.Errorf("%s: unknown invitation answered %d, want 404", who, r.Status)
			}
		}
	})
}
