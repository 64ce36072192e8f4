package proposal_test

import (
	"net/http"
	"testing"

	"residens/internal/auth"
)

// The create key is unique across all municipalities, but the lookup after
// a conflict is scoped to the officer's municipality: a form key already
// used by another municipality (a copied form, a guessed or replayed key)
// finds no row and ends in a 500 instead of a fresh form or a 404/409.
func TestReviewCreateKeyOfAnotherMunicipalityIsNotAServerError(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	nacka := s.account(t, auth.RoleMunicipality, "Nora Nacka", "nacka")
	varmdo := s.account(t, auth.RoleMunicipality, "Vera Värmdö", "varmdo")
	form := s.validForm(t, "Dans i Fisksätra")
	form.Set("nyckel", "samma-nyckel")
	form.Set("atgard", "spara")
	wantRedirect(t, s.post(t, "/kommun/forslag/nytt", nacka, form), "/kommun/forslag/")
	r := s.post(t, "/kommun/forslag/nytt", varmdo, form)
	if r.Status >= http.StatusInternalServerError {
		t.Errorf("Värmdö sending a form key Nacka used: status %d", r.Status)
	}
}

// A page number whose offset overflows int reaches PostgreSQL as a
// negative OFFSET: a 500 instead of the last page with a notice.
func TestReviewInboxHugePageIsNotAServerError(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	p := s.people(t)
	s.inState(t, p, "submitted")
	r := s.get(t, "/konsulent/forslag?sida=368934881474191034", p.consultant)
	if r.Status != http.StatusOK {
		t.Errorf("status %d, want 200", r.Status)
	}
}
