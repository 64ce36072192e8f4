package actoredit_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// pendingID returns the ID of the one pending change, failing unless there
// is exactly one.
func pendingID(t *testing.T, s *site) string {
	t.Helper()
	return testutil.Scalar[string](t, s.pool, `SELECT string_agg(id::text, ',') FROM actor_profile_changes WHERE state = 'pending'`)
}

func TestArtistCreatesProfile(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	artist := s.signedIn(t, auth.RoleArtist, "Maja Målare")
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")

	page := s.get(t, "/konto/profil", artist)
	wantStatus(t, page, http.StatusOK)
	testutil.CheckPage(t, "/konto/profil", page)
	if v, _ := page.Doc.Find("#namn").Attr("value"); v != "Maja Målare" {
		t.Errorf("new profile form name = %q, want the account's name", v)
	}

	r := s.post(t, "/konto/profil", artist, url.Values{"typ": {"artist"}, "namn": {""}})
	wantStatus(t, r, http.StatusUnprocessableEntity)

	form := actorForm(t, s.pool, "Maja Målare")
	wantRedirect(t, s.post(t, "/konto/profil", artist, form), "/konto/profil?klart=inskickad")
	if r := testutil.Get(t, s.h, "/kulturaktorer/maja-malare"); r.Status != http.StatusNotFound {
		t.Fatalf("unapproved profile: status %d, want 404", r.Status)
	}
	page = s.get(t, "/konto/profil", artist)
	if got := page.Text("state"); got != "Väntar på granskning" {
		t.Errorf("state = %q", got)
	}
	// A second save before review updates the same pending change.
	form.Set("beskrivning", "Andra versionen.")
	wantRedirect(t, s.post(t, "/konto/profil", artist, form), "/konto/profil?klart=inskickad")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM actor_profile_changes`); n != 1 {
		t.Fatalf("%d changes, want the one pending change updated", n)
	}

	q := s.get(t, "/konsulent/granskning", c)
	wantStatus(t, q, http.StatusOK)
	testutil.CheckPage(t, "/konsulent/granskning", q)
	if got := q.Text("queue-kind"); got != "Ny profil" {
		t.Errorf("queue kind = %q", got)
	}
	// Nothing of a new profile is public yet, so the queue shows it whole.
	if got := testutil.Squash(q.TestID("diff-name").Find(`[data-testid="diff-new"]`).Text()); got != "Maja Målare" {
		t.Errorf("queue proposes name %q, want the new profile's", got)
	}
	id := pendingID(t, s)
	wantRedirect(t, s.post(t, "/konsulent/granskning/"+id+"/godkann", c, url.Values{}), "/konsulent/granskning?klart=godkand")

	pub := testutil.GetOK(t, s.h, "/kulturaktorer/maja-malare")
	if !strings.Contains(pub.Body, "Andra versionen.") {
		t.Error("public page does not show the approved description")
	}
	if got := s.get(t, "/konto/profil", artist).Text("state"); got != "Godkänd" {
		t.Errorf("state after approval = %q", got)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM river_job WHERE args->>'to' = $1 AND args->>'subject' LIKE '%godkänd%'`, artist.Email); n != 1 {
		t.Errorf("%d approval mails queued, want 1", n)
	}
	// Deciding twice (a double click) does nothing more.
	wantRedirect(t, s.post(t, "/konsulent/granskning/"+id+"/godkann", c, url.Values{}), "/konsulent/granskning?klart=behandlad")
}

// ownJelnek makes artist the owner of the demo actor Jelnek.
func ownJelnek(t *testing.T, s *site, artist account) {
	t.Helper()
	if _, err := s.pool.Exec(t.Context(), `UPDATE cultural_actors SET owner_user_id = $1 WHERE slug = 'jelnek'`, artist.ID); err != nil {
		t.Fatal(err)
	}
}

func TestArtistEditsPublishedProfile(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	artist := s.signedIn(t, auth.RoleArtist, "Jelnek Konto")
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	ownJelnek(t, s, artist)
	before := testutil.GetOK(t, s.h, "/kulturaktorer/jelnek").Body

	page := s.get(t, "/konto/profil", artist)
	if v, _ := page.Doc.Find("#namn").Attr("value"); v != "Jelnek" {
		t.Fatalf("edit form name = %q, want the profile's", v)
	}
	form := actorForm(t, s.pool, "Jelnek")
	form.Set("beskrivning", "Helt ny beskrivning av kompaniet.")
	wantRedirect(t, s.post(t, "/konto/profil", artist, form), "/konto/profil?klart=inskickad")

	if testutil.GetOK(t, s.h, "/kulturaktorer/jelnek").Body != before {
		t.Error("public page changed while the change is pending")
	}
	page = s.get(t, "/konto/profil", artist)
	if got := page.Doc.Find("#beskrivning").Text(); got != "Helt ny beskrivning av kompaniet." {
		t.Errorf("form shows %q, want the pending proposal", got)
	}

	if s.get(t, "/konsulent/kulturaktorer/"+testutil.Scalar[string](t, s.pool, `SELECT id::text FROM cultural_actors WHERE slug = 'jelnek'`), c).TestID("pending-note").Length() != 1 {
		t.Error("the consultants' editor does not tell that a change is pending")
	}
	q := s.get(t, "/konsulent/granskning", c)
	if got := q.TestID("diff-description").Find(`[data-testid="diff-new"]`).Text(); got != "Helt ny beskrivning av kompaniet." {
		t.Errorf("queue proposes description %q", got)
	}
	if q.TestID("diff-name").Length() != 0 {
		t.Error("queue shows the unchanged name as changed")
	}
	wantRedirect(t, s.post(t, "/konsulent/granskning/"+pendingID(t, s)+"/godkann", c, url.Values{}), "/konsulent/granskning?klart=godkand")
	if !strings.Contains(testutil.GetOK(t, s.h, "/kulturaktorer/jelnek").Body, "Helt ny beskrivning av kompaniet.") {
		t.Error("public page does not show the approved change")
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT user_name FROM actor_revisions r JOIN cultural_actors a ON a.id = r.actor_id
		WHERE a.slug = 'jelnek' ORDER BY r.version DESC LIMIT 1`); got != "Karin Konsulent" {
		t.Errorf("revision by %q, want the approving consultant", got)
	}
}

func TestReturnedWithComment(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	artist := s.signedIn(t, auth.RoleArtist, "Jelnek Konto")
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	ownJelnek(t, s, artist)
	form := actorForm(t, s.pool, "Jelnek")
	form.Set("webbplats", "https://jelnek.example.se")
	wantRedirect(t, s.post(t, "/konto/profil", artist, form), "/konto/profil?klart=inskickad")
	id := pendingID(t, s)
	field := "kommentar-" + id

	r := s.post(t, "/konsulent/granskning/"+id+"/skicka-tillbaka", c, url.Values{field: {"  "}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if r.Text("error-"+field) == "" {
		t.Error("no error next to the empty comment")
	}
	wantRedirect(t, s.post(t, "/konsulent/granskning/"+id+"/skicka-tillbaka", c, url.Values{field: {"Länken fungerar inte."}}),
		"/konsulent/granskning?klart=aterskickad")

	page := s.get(t, "/konto/profil", artist)
	if got := page.Text("state"); got != "Återskickad" {
		t.Errorf("state = %q", got)
	}
	if got := page.Text("comment"); got != "Länken fungerar inte." {
		t.Errorf("comment = %q", got)
	}
	if v, _ := page.Doc.Find("#webbplats").Attr("value"); v != "https://jelnek.example.se" {
		t.Errorf("form website = %q, want the returned proposal to work on", v)
	}
	if strings.Contains(testutil.GetOK(t, s.h, "/kulturaktorer/jelnek").Body, "jelnek.example.se") {
		t.Error("returned change reached the public page")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM river_job WHERE args->>'to' = $1 AND args->>'text' LIKE '%Länken fungerar inte.%'`, artist.Email); n != 1 {
		t.Errorf("%d return mails with the comment queued, want 1", n)
	}
}

func TestClaim(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	artist := s.signedIn(t, auth.RoleArtist, "Jelnek Konto")
	other := s.signedIn(t, auth.RoleArtist, "Annan Konstnär")
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	jelnek := testutil.Scalar[string](t, s.pool, `SELECT id::text FROM cultural_actors WHERE slug = 'jelnek'`)

	search := s.get(t, "/konto/profil?q=jelnek", artist)
	if got := testutil.Texts(search.TestID("claim-result")); len(got) != 1 || !strings.HasPrefix(got[0], "Jelnek") {
		t.Fatalf("claim search = %q", got)
	}
	wantRedirect(t, s.post(t, "/konto/profil/ansprak", artist, url.Values{"aktor": {jelnek}}), "/konto/profil?klart=ansprak")
	if got := s.get(t, "/konto/profil", artist).Text("state"); got != "Väntar på granskning" {
		t.Errorf("state = %q", got)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM cultural_actors WHERE owner_user_id IS NOT NULL`); n != 0 {
		t.Fatal("claim set an owner before approval")
	}
	// Someone else claiming the same actor meanwhile is refused.
	wantStatus(t, s.post(t, "/konto/profil/ansprak", other, url.Values{"aktor": {jelnek}}), http.StatusConflict)

	q := s.get(t, "/konsulent/granskning", c)
	if got := q.Text("queue-kind"); got != "Anspråk på befintlig profil" {
		t.Errorf("queue kind = %q", got)
	}
	wantRedirect(t, s.post(t, "/konsulent/granskning/"+pendingID(t, s)+"/godkann", c, url.Values{}), "/konsulent/granskning?klart=godkand")
	if got := testutil.Scalar[int64](t, s.pool, `SELECT owner_user_id FROM cultural_actors WHERE slug = 'jelnek'`); got != artist.ID {
		t.Errorf("owner = %d, want the claiming artist %d", got, artist.ID)
	}
	page := s.get(t, "/konto/profil", artist)
	if v, _ := page.Doc.Find("#namn").Attr("value"); v != "Jelnek" {
		t.Errorf("after approval the form edits %q, want Jelnek", v)
	}
}

func TestArtistStaysInOwnProfile(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	owner := s.signedIn(t, auth.RoleArtist, "Jelnek Konto")
	other := s.signedIn(t, auth.RoleArtist, "Annan Konstnär")
	ownJelnek(t, s, owner)
	jelnek := testutil.Scalar[string](t, s.pool, `SELECT id::text FROM cultural_actors WHERE slug = 'jelnek'`)
	draft := testutil.InsertActor(t, s.pool, testutil.Actor{Slug: "utkastet", Name: "Utkastet", Unpublished: true})

	page := s.get(t, "/konto/profil?q=jelnek", other)
	if page.TestID("claim-result").Length() != 0 || strings.Contains(page.Body, "Jelnek är ett danskompani") {
		t.Error("another artist's profile is offered or shown")
	}
	for name, id := range map[string]string{"owned": jelnek, "draft": strconv.FormatInt(draft, 10)} {
		t.Run("claim "+name, func(t *testing.T) {
			wantStatus(t, s.post(t, "/konto/profil/ansprak", other, url.Values{"aktor": {id}}), http.StatusNotFound)
		})
	}
	// Saving makes the other artist's own new profile; Jelnek is untouched.
	wantRedirect(t, s.post(t, "/konto/profil", other, actorForm(t, s.pool, "Annan Konstnär")), "/konto/profil?klart=inskickad")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM actor_profile_changes c JOIN cultural_actors a ON a.id = c.actor_id WHERE a.slug = 'jelnek'`); n != 0 {
		t.Error("another artist's save reached Jelnek")
	}
	for _, path := range []string{"/konsulent/granskning", "/konsulent/kulturaktorer", "/konsulent/kulturaktorer/" + jelnek, "/konsulent/kommuner/nacka"} {
		t.Run(path, func(t *testing.T) {
			wantStatus(t, s.get(t, path, owner), http.StatusForbidden)
		})
	}
	wantStatus(t, s.post(t, "/konsulent/granskning/1/godkann", owner, url.Values{}), http.StatusForbidden)
}
