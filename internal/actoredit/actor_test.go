package actoredit_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"residens/internal/actoredit"
	"residens/internal/auth"
	"residens/internal/testutil"
)

func TestSlugify(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, want string }{
		{"Jelnek", "jelnek"},
		{"Ensemble Bakgård", "ensemble-bakgard"},
		{"Dansgruppen Älvö", "dansgruppen-alvo"},
		{"  Café  Ümlaut!! ", "cafe-umlaut"},
		{"A & B -- C", "a-b-c"},
		{"!!!", "aktor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := actoredit.Slugify(tt.name); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestValidWebsite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url  string
		want bool
	}{
		{"https://exempel.se", true},
		{"http://exempel.se/sida?x=1", true},
		{"javascript:alert(1)", false},
		{"ftp://exempel.se", false},
		{"exempel.se", false},
		{"https://", false},
		{"https://user:pw@exempel.se", false},
		{"https://exempel .se", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := actoredit.ValidWebsite(tt.url); got != tt.want {
				t.Errorf("ValidWebsite(%q) = %v, want %v", tt.url, got, tt.want)
			}
		})
	}
}

func TestConsultantCreatesAndEditsActor(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")

	t.Run("invalid form keeps what was typed", func(t *testing.T) {
		form := actorForm(t, s.pool, "Gruppen Öst")
		form.Set("webbplats", "javascript:alert(1)")
		form.Set("epost", "inte en adress")
		r := s.post(t, "/konsulent/kulturaktorer/ny", c, form)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.Text("error-webbplats") == "" || r.Text("error-epost") == "" {
			t.Errorf("no errors next to website and e-mail; summary: %s", r.Text("error-summary"))
		}
		if v, _ := r.Doc.Find("#namn").Attr("value"); v != "Gruppen Öst" {
			t.Errorf("name field = %q, want what was typed", v)
		}
		if n := r.Doc.Find(`input[name="konstform"][checked]`).Length(); n != 2 {
			t.Errorf("%d art forms ticked, want the 2 sent", n)
		}
	})

	form := actorForm(t, s.pool, "Gruppen Öst")
	form.Set("publicerad", "ja")
	r := s.post(t, "/konsulent/kulturaktorer/ny", c, form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: status %d; %s", r.Status, r.Text("error-summary"))
	}
	path := strings.TrimSuffix(r.Header.Get("Location"), "?klart=skapad")
	pub := testutil.GetOK(t, s.h, "/kulturaktorer/gruppen-ost")
	if got := pub.Text("actor-name"); got != "Gruppen Öst" {
		t.Errorf("public page name = %q", got)
	}

	// A second actor of the same name gets the next free address.
	r = s.post(t, "/konsulent/kulturaktorer/ny", c, actorForm(t, s.pool, "Gruppen öst"))
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create second: status %d", r.Status)
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT slug FROM cultural_actors WHERE name = 'Gruppen öst'`); got != "gruppen-ost-2" {
		t.Errorf("second slug = %q, want gruppen-ost-2", got)
	}

	page := s.get(t, path, c)
	wantStatus(t, page, http.StatusOK)
	testutil.CheckPage(t, path, page)
	version, _ := page.Doc.Find(`input[name="version"]`).Attr("value")
	if version != "1" {
		t.Fatalf("version = %q, want 1", version)
	}
	form = actorForm(t, s.pool, "Gruppen Öst och Väst")
	form.Set("publicerad", "ja")
	form.Set("version", version)
	form.Set("beskrivning", "Ny text.")
	wantRedirect(t, s.post(t, path, c, form), path+"?klart=sparad")

	page = s.get(t, path, c)
	if got := testutil.Texts(page.TestID("revision-fields")); len(got) != 2 || got[0] != "Namn, Beskrivning" {
		t.Errorf("history = %q, want the change of name and description on top of the creation", got)
	}
	if got := page.Text("revision-user"); !strings.Contains(got, "Karin Konsulent") {
		t.Errorf("history users = %q", got)
	}
	// The address stays once published, so links out in the world work.
	testutil.GetOK(t, s.h, "/kulturaktorer/gruppen-ost")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action IN ('actor_created', 'actor_updated')`); n != 3 {
		t.Errorf("%d audit entries, want 3", n)
	}

	list := s.get(t, "/konsulent/kulturaktorer?publicerad=nej&q=gruppen", c)
	if got := testutil.Texts(list.TestID("actor-link")); len(got) != 1 || got[0] != "Gruppen öst" {
		t.Errorf("drafts named gruppen = %q, want the unpublished one", got)
	}
}

func TestOptimisticLock(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	a := s.signedIn(t, auth.RoleConsultant, "Anna Först")
	b := s.signedIn(t, auth.RoleAdmin, "Bo Sen")
	id := testutil.Scalar[string](t, s.pool, `SELECT id::text FROM cultural_actors WHERE slug = 'jelnek'`)
	path := "/konsulent/kulturaktorer/" + id

	formA := actorForm(t, s.pool, "Jelnek dans")
	formA.Set("publicerad", "ja")
	formA.Set("version", "1")
	formB := actorForm(t, s.pool, "Jelnek")
	formB.Set("publicerad", "ja")
	formB.Set("version", "1")
	formB.Set("beskrivning", "Bos långa text som inte får försvinna.")

	wantRedirect(t, s.post(t, path, a, formA), path+"?klart=sparad")
	r := s.post(t, path, b, formB)
	wantStatus(t, r, http.StatusConflict)
	if got := r.Text("conflict-fields"); !strings.Contains(got, "Namn") {
		t.Errorf("conflict names %q, want Namn among the changed fields", got)
	}
	if got := r.Text("conflict"); !strings.Contains(got, "Anna Först") || !strings.Contains(got, "Jelnek dans") {
		t.Errorf("conflict box %q does not say who changed what", got)
	}
	if got := r.Doc.Find("#beskrivning").Text(); got != "Bos långa text som inte får försvinna." {
		t.Errorf("description after conflict = %q, want what Bo typed", got)
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT name FROM cultural_actors WHERE id = $1::bigint`, id); got != "Jelnek dans" {
		t.Errorf("stored name = %q, want Anna's save untouched", got)
	}
	// Saving the conflict form again goes over the current version.
	v, _ := r.Doc.Find(`input[name="version"]`).Attr("value")
	formB.Set("version", v)
	wantRedirect(t, s.post(t, path, b, formB), path+"?klart=sparad")
	if got := testutil.Scalar[int](t, s.pool, `SELECT version FROM cultural_actors WHERE id = $1::bigint`, id); got != 3 {
		t.Errorf("version = %d, want 3", got)
	}
}

func TestMunicipalityContact(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	if testutil.GetOK(t, s.h, "/kommuner/nacka").TestID("municipality-contact").Length() != 0 {
		t.Fatal("contact shown before one is set")
	}
	form := url.Values{"namn": {"Lena Lind"}, "titel": {"Kulturchef"}, "epost": {"fel"}, "telefon": {"08-123 456 78"},
		"beskrivning": {"Nacka har många scener."}}
	r := s.post(t, "/konsulent/kommuner/nacka", c, form)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if v, _ := r.Doc.Find("#titel").Attr("value"); v != "Kulturchef" {
		t.Errorf("title after error = %q, want what was typed", v)
	}
	form.Set("epost", "lena.lind@nacka.se")
	wantRedirect(t, s.post(t, "/konsulent/kommuner/nacka", c, form), "/konsulent/kommuner/nacka?klart=kontakt")

	pub := testutil.GetOK(t, s.h, "/kommuner/nacka")
	for tid, want := range map[string]string{"contact-name": "Lena Lind", "contact-title": "Kulturchef",
		"contact-email": "lena.lind@nacka.se", "contact-phone": "08-123 456 78"} {
		if got := pub.Text(tid); got != want {
			t.Errorf("public %s = %q, want %q", tid, got, want)
		}
	}
	if href, _ := pub.TestID("contact-phone").Attr("href"); href != "tel:0812345678" {
		t.Errorf("phone link = %q", href)
	}
	if !strings.Contains(pub.Body, "Nacka har många scener.") {
		t.Error("short text not on the public page")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'municipality_contact_updated'`); n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
}

func TestConsultantPagesPassPageChecks(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signedIn(t, auth.RoleAdmin, "Ada Admin")
	for _, path := range []string{"/konsulent/kulturaktorer", "/konsulent/kulturaktorer?konstform=dans&kommun=nacka&publicerad=ja&q=a",
		"/konsulent/kulturaktorer/ny", "/konsulent/granskning", "/konsulent/kommuner", "/konsulent/kommuner/nacka"} {
		t.Run(path, func(t *testing.T) {
			r := s.get(t, path, c)
			wantStatus(t, r, http.StatusOK)
			testutil.CheckPage(t, path, r)
			if r.TestID("konsulent-nav").Length() != 1 {
				t.Error("no consultants' menu")
			}
		})
	}
	list := s.get(t, "/konsulent/kulturaktorer?konstform=dans&kommun=stockholm", c)
	if got := testutil.Texts(list.TestID("actor-link")); len(got) != 1 || got[0] != "Danskollektivet Golvet" {
		t.Errorf("dance actors of Stockholm = %q", got)
	}
}
