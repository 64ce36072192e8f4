package actoredit_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/actoredit"
	"residens/internal/auth"
	"residens/internal/testutil"
)

// contactState is what is saved of Nacka's contact, with its history and
// log, for comparing before and after a refused save.
func contactState(t *testing.T, s *site) string {
	t.Helper()
	return testutil.Scalar[string](t, s.pool, `SELECT concat_ws('|', contact_name, contact_title, contact_email,
		contact_phone, description, updated_at,
		(SELECT count(*) FROM municipality_contact_revisions), (SELECT count(*) FROM audit_log))
		FROM municipalities WHERE slug = 'nacka'`)
}

func TestMunicipalityContactRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	const path = "/konsulent/kommuner/nacka"
	wantRedirect(t, s.post(t, path, c, url.Values{"namn": {"Lena Lind"}, "epost": {"lena.lind@nacka.se"},
		"telefon": {"08-123 456 78"}, "beskrivning": {"Nacka har många scener."}}), path+"?klart=kontakt")
	before := contactState(t, s)

	long := strings.Repeat("x", actoredit.MaxName+1)
	tests := []struct {
		name string
		form url.Values
		// errs are the fields with a message, in page order.
		errs []string
	}{
		{"empty", url.Values{}, []string{"namn", "epost"}},
		{"only blanks", url.Values{"namn": {"   "}, "epost": {" \t "}, "telefon": {"  "}, "beskrivning": {"  "}}, []string{"namn", "epost"}},
		{"no way to reach", url.Values{"namn": {"Lena Lind"}, "titel": {"Kulturchef"}}, []string{"epost"}},
		{"no name", url.Values{"epost": {"kultur@nacka.se"}}, []string{"namn"}},
		{"bad e-mail", url.Values{"namn": {"Lena Lind"}, "epost": {"lena at nacka"}}, []string{"epost"}},
		{"e-mail with a display name", url.Values{"namn": {"Lena Lind"}, "epost": {"Lena <lena@nacka.se>"}}, []string{"epost"}},
		{"bad phone", url.Values{"namn": {"Lena Lind"}, "telefon": {"ring mig"}}, []string{"telefon"}},
		{"too short a phone", url.Values{"namn": {"Lena Lind"}, "telefon": {"123"}}, []string{"telefon"}},
		{"too long", url.Values{"namn": {long}, "titel": {strings.Repeat("t", actoredit.MaxTitle+1)}, "epost": {"kultur@nacka.se"},
			"beskrivning": {strings.Repeat("b", actoredit.MaxMuniText+1)}}, []string{"beskrivning", "namn", "titel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.post(t, path, c, tt.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			var got []string
			r.Doc.Find(`[data-testid^="error-"]`).Each(func(_ int, e *goquery.Selection) {
				id, _ := e.Attr("data-testid")
				if id != "error-summary" {
					got = append(got, strings.TrimPrefix(id, "error-"))
				}
			})
			if !slices.Equal(got, tt.errs) {
				t.Errorf("fields with errors %q, want %q", got, tt.errs)
			}
			if n := r.TestID("error-summary").Find("li").Length(); n != len(tt.errs) {
				t.Errorf("error summary lists %d errors, want %d", n, len(tt.errs))
			}
			for field, sent := range map[string]string{"namn": tt.form.Get("namn"), "titel": tt.form.Get("titel"),
				"epost": tt.form.Get("epost"), "telefon": tt.form.Get("telefon")} {
				if v, _ := r.Doc.Find("#" + field).Attr("value"); v != strings.TrimSpace(sent) {
					t.Errorf("%s after the error = %q, want what was typed, %q", field, v, strings.TrimSpace(sent))
				}
			}
			if got := r.Doc.Find("#beskrivning").Text(); got != strings.TrimSpace(tt.form.Get("beskrivning")) {
				t.Errorf("short text after the error = %q, want what was typed", got)
			}
			if after := contactState(t, s); after != before {
				t.Errorf("a refused save changed the database:\n before %s\n after  %s", before, after)
			}
		})
	}
	// The first message of an empty form says what it needs.
	r := s.post(t, path, c, url.Values{})
	if got := r.Text("error-epost"); !strings.Contains(got, "e-postadress eller ett telefonnummer") {
		t.Errorf("message of an unreachable contact = %q", got)
	}
}

func TestMunicipalityContactHistory(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	karin := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	ada := s.signedIn(t, auth.RoleAdmin, "Ada Admin")
	const path = "/konsulent/kommuner/nacka"
	if s.get(t, path, karin).TestID("no-contact-history").Length() != 1 {
		t.Error("no word that the contact has no history yet")
	}

	// Typed with blanks around: saved trimmed.
	first := url.Values{"namn": {"  Lena Lind "}, "titel": {"Kulturchef"}, "epost": {" lena.lind@nacka.se "}, "beskrivning": {"Scener."}}
	wantRedirect(t, s.post(t, path, karin, first), path+"?klart=kontakt")
	if got := testutil.Scalar[string](t, s.pool, `SELECT contact_name || '|' || contact_email FROM municipalities WHERE slug = 'nacka'`); got != "Lena Lind|lena.lind@nacka.se" {
		t.Errorf("saved %q, want it trimmed", got)
	}
	second := url.Values{"namn": {"Kim Berg"}, "titel": {"Kulturchef"}, "epost": {""}, "telefon": {"08-123 456 78"}, "beskrivning": {"Scener."}}
	wantRedirect(t, s.post(t, path, ada, second), path+"?klart=kontakt")

	// The same again changes nothing and writes nothing.
	audits := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'municipality_contact_updated'`)
	wantRedirect(t, s.post(t, path, ada, second), path+"?klart=kontakt-oforandrad")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'municipality_contact_updated'`); n != audits || n != 2 {
		t.Errorf("%d audit entries after a save that changed nothing, want 2", n)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM municipality_contact_revisions`); n != 2 {
		t.Errorf("%d revisions, want 2", n)
	}

	// The log names the fields; the revision keeps the values.
	if got := testutil.Scalar[string](t, s.pool, `SELECT actor_name || ': ' || (detail->'fields')::text FROM audit_log
		WHERE action = 'municipality_contact_updated' ORDER BY id DESC LIMIT 1`); got != `Ada Admin: ["name", "email", "phone"]` {
		t.Errorf("latest audit entry %s", got)
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT concat_ws('|', user_name, old_values->>'name', new_values->>'name',
		old_values->>'email', new_values->>'phone') FROM municipality_contact_revisions ORDER BY id DESC LIMIT 1`); got != "Ada Admin|Lena Lind|Kim Berg|lena.lind@nacka.se|08-123 456 78" {
		t.Errorf("latest revision %s", got)
	}

	r := s.get(t, path, karin)
	testutil.CheckPage(t, path, r)
	revs := r.TestID("contact-revision")
	if revs.Length() != 2 {
		t.Fatalf("%d changes shown, want 2", revs.Length())
	}
	if got := testutil.Texts(revs.Find(`[data-testid="revision-user"]`)); !slices.Equal(got, []string{"Ada Admin", "Karin Konsulent"}) {
		t.Errorf("who = %q, want newest first", got)
	}
	latest := testutil.Texts(revs.First().Find(`[data-testid="revision-changes"] li`))
	want := []string{"Namn: Lena Lind → Kim Berg", "E-postadress: lena.lind@nacka.se → –", "Telefon: – → 08-123 456 78"}
	if !slices.Equal(latest, want) {
		t.Errorf("latest change shows %q, want %q", latest, want)
	}
	if got := testutil.Texts(revs.Last().Find(`[data-testid="revision-changes"] li`)); !slices.Contains(got, "Kort text ändrad") {
		t.Errorf("first change shows %q, want the short text named", got)
	}
}
