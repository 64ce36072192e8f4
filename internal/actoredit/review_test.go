package actoredit_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// formOf is what a browser sends from the form with testid: named fields,
// checked boxes only, no file and no button.
func formOf(t *testing.T, r *testutil.Response, testid string) url.Values {
	t.Helper()
	form := r.TestID(testid)
	if form.Length() != 1 {
		t.Fatalf("no form %q (status %d)", testid, r.Status)
	}
	v := url.Values{}
	form.Find("input, textarea, select").Each(func(_ int, el *goquery.Selection) {
		name, _ := el.Attr("name")
		typ, _ := el.Attr("type")
		switch {
		case name == "" || typ == "file" || typ == "submit":
		case goquery.NodeName(el) == "textarea":
			v.Add(name, el.Text())
		case goquery.NodeName(el) == "select":
			val, _ := el.Find("option[selected]").Attr("value")
			v.Add(name, val)
		case typ == "checkbox" || typ == "radio":
			if _, ok := el.Attr("checked"); ok {
				val, _ := el.Attr("value")
				v.Add(name, val)
			}
		default:
			val, _ := el.Attr("value")
			v.Add(name, val)
		}
	})
	return v
}

// Approving an artist's pending change must not silently undo what a
// consultant saved after the artist sent it in: the change holds the whole
// Profile as the artist saw it, and Approve writes all of it over the
// current row with no version check.
func TestReviewApproveKeepsALaterConsultantEdit(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	artist := s.signedIn(t, auth.RoleArtist, "Jelnek Konto")
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	ownJelnek(t, s, artist)
	id := id(t, s.pool, "cultural_actors", "jelnek")

	// The artist changes the description only, from the current profile.
	form := formOf(t, s.get(t, "/konto/profil", artist), "profile-form")
	form.Set("beskrivning", "Artistens nya beskrivning.")
	wantRedirect(t, s.post(t, "/konto/profil", artist, form), "/konto/profil?klart=inskickad")

	// A consultant then corrects the website.
	path := "/konsulent/kulturaktorer/" + id
	edit := formOf(t, s.get(t, path, c), "actor-form")
	edit.Set("webbplats", "https://rattad.exempel.se")
	wantRedirect(t, s.post(t, path, c, edit), path+"?klart=sparad")

	if got := testutil.Scalar[string](t, s.pool, `SELECT website FROM cultural_actors WHERE slug = 'jelnek'`); got != "https://rattad.exempel.se" {
		t.Fatalf("website after the consultant's save = %q", got)
	}
	wantRedirect(t, s.post(t, "/konsulent/granskning/"+pendingID(t, s)+"/godkann", c, url.Values{}), "/konsulent/granskning?klart=godkand")
	if got := testutil.Scalar[string](t, s.pool, `SELECT description FROM cultural_actors WHERE slug = 'jelnek'`); got != "Artistens nya beskrivning." {
		t.Errorf("description after approval = %q, want the artist's", got)
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT website FROM cultural_actors WHERE slug = 'jelnek'`); got != "https://rattad.exempel.se" {
		t.Errorf("website after approval = %q: the consultant's later edit was lost", got)
	}
}

// A profile a consultant took down (unpublished) is not republished by
// approving the owner's next ordinary edit: SubmitEdit files any change to
// an unpublished own profile as "create", whose approval sets published.
func TestReviewApprovingAnEditDoesNotRepublishATakenDownProfile(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	artist := s.signedIn(t, auth.RoleArtist, "Jelnek Konto")
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	ownJelnek(t, s, artist)
	id := id(t, s.pool, "cultural_actors", "jelnek")

	path := "/konsulent/kulturaktorer/" + id
	edit := formOf(t, s.get(t, path, c), "actor-form")
	edit.Del("publicerad")
	wantRedirect(t, s.post(t, path, c, edit), path+"?klart=sparad")
	if testutil.Scalar[bool](t, s.pool, `SELECT published FROM cultural_actors WHERE slug = 'jelnek'`) {
		t.Fatal("the consultant could not unpublish the profile")
	}

	form := formOf(t, s.get(t, "/konto/profil", artist), "profile-form")
	form.Set("beskrivning", "En rättad beskrivning.")
	wantRedirect(t, s.post(t, "/konto/profil", artist, form), "/konto/profil?klart=inskickad")
	wantRedirect(t, s.post(t, "/konsulent/granskning/"+pendingID(t, s)+"/godkann", c, url.Values{}), "/konsulent/granskning?klart=godkand")
	if testutil.Scalar[bool](t, s.pool, `SELECT published FROM cultural_actors WHERE slug = 'jelnek'`) {
		t.Error("approving the artist's edit republished a profile a consultant had unpublished")
	}
}

// When the artist and, afterwards, a consultant both change the same field,
// approving the artist's change would overwrite the consultant's: it is
// refused with 409 and nothing is written.
func TestApproveRefusesAConflictingField(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	artist := s.signedIn(t, auth.RoleArtist, "Jelnek Konto")
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	ownJelnek(t, s, artist)
	id := id(t, s.pool, "cultural_actors", "jelnek")

	form := formOf(t, s.get(t, "/konto/profil", artist), "profile-form")
	form.Set("webbplats", "https://artistens.exempel.se")
	wantRedirect(t, s.post(t, "/konto/profil", artist, form), "/konto/profil?klart=inskickad")
	path := "/konsulent/kulturaktorer/" + id
	edit := formOf(t, s.get(t, path, c), "actor-form")
	edit.Set("webbplats", "https://konsulentens.exempel.se")
	wantRedirect(t, s.post(t, path, c, edit), path+"?klart=sparad")

	r := s.post(t, "/konsulent/granskning/"+pendingID(t, s)+"/godkann", c, url.Values{})
	if r.Status != 409 || r.TestID("problem").Length() == 0 {
		t.Fatalf("approving a conflicting change: status %d, want 409 with the problem shown", r.Status)
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT website FROM cultural_actors WHERE slug = 'jelnek'`); got != "https://konsulentens.exempel.se" {
		t.Errorf("website after the refused approval = %q, want the consultant's", got)
	}
}

// A draft that has never been public follows its name: its address is not
// out in the world yet, so a rename changes the slug too.
func TestDraftActorSlugFollowsRename(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	r := s.post(t, "/konsulent/kulturaktorer/ny", c, actorForm(t, s.pool, "Utkastgruppen"))
	if r.Status != 303 {
		t.Fatalf("create draft: status %d", r.Status)
	}
	path := strings.TrimSuffix(r.Header.Get("Location"), "?klart=skapad")
	edit := formOf(t, s.get(t, path, c), "actor-form")
	edit.Set("namn", "Nya Gruppen")
	wantRedirect(t, s.post(t, path, c, edit), path+"?klart=sparad")
	if got := testutil.Scalar[string](t, s.pool, `SELECT slug FROM cultural_actors WHERE name = 'Nya Gruppen'`); got != "nya-gruppen" {
		t.Errorf("slug after renaming a draft = %q, want nya-gruppen", got)
	}
}
