package residencyedit_test

import (
	"net/http"
	"strconv"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// A draft residency's picture is not public: /bilder serves any stored
// image by its sequential id, whatever row (if any) uses it, so a draft's,
// an unpublished residency's or a deleted one's picture stays reachable.
func TestReviewDraftImageIsNotPublic(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	form := s.validForm(t, "Hemligt utkast med bild")
	form.Del("publicerad")
	form.Set("bildtext", "Färgfält")
	wantRedirect(t, s.postMultipart(t, "/konsulent/residens/ny", c, form, "foto.png", pngFile(t)), "/konsulent/residens/")
	id := testutil.Scalar[int64](t, s.pool, `SELECT image_id FROM residencies WHERE title = 'Hemligt utkast med bild'`)
	if r := s.get(t, "/bilder/"+strconv.FormatInt(id, 10)+"/400", nil); r.Status != http.StatusNotFound {
		t.Errorf("anonymous GET of a draft's image: status %d, want 404", r.Status)
	}
}

// An actor created on the way from the residency form is a new public
// actor: like one made at /konsulent/kulturaktorer/ny it needs its own
// audit entry (actor_created), which Create/Update do not write.
func TestReviewNewActorOnTheWayIsAudited(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	form := s.validForm(t, "Residens med ny aktör")
	form.Set("ny-aktor-namn", "Helt Ny Grupp")
	form.Set("ny-aktor-typ", "group")
	form.Set("ny-aktor-roll", "Dansare")
	wantRedirect(t, s.post(t, "/konsulent/residens/ny", c, form), "/konsulent/residens/")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM cultural_actors WHERE name = 'Helt Ny Grupp'`); n != 1 {
		t.Fatalf("%d actors made, want 1", n)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'actor_created'`); n != 1 {
		t.Errorf("%d actor_created audit entries, want 1", n)
	}
}
