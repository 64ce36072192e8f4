package booking_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// postPhoto sends form with the file part "foto" (when file is not nil) as
// u, the way a browser sends the availability form.
func (s *adminSite) postPhoto(t *testing.T, u user, form url.Values, file []byte) *testutil.Response {
	t.Helper()
	name := ""
	if file != nil {
		name = "foto.png"
	}
	return testutil.Serve(t, s.h, testutil.Upload(t, "/konsulent/tillganglighet", form, "foto", name, file, u.cookie))
}

// portrait is a small real picture, taller than wide, like a photo of a
// person.
func portrait(t *testing.T) []byte { return testutil.PNG(t, 300, 400) }

func TestConsultantPhoto(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.account(t, auth.RoleConsultant, "Klara Konsulent")
	photoID := func() *int64 {
		return testutil.Scalar[*int64](t, s.pool, `SELECT photo_image_id FROM consultant_profiles WHERE user_id = $1`, c.ID)
	}

	t.Run("not an image", func(t *testing.T) {
		r := s.postPhoto(t, c, availabilityForm(), []byte("det här är ingen bild"))
		if r.Status != http.StatusUnprocessableEntity || r.Text("error-foto") == "" {
			t.Fatalf("status %d, error %q; want 422 with the photo's error", r.Status, r.Text("error-foto"))
		}
		if v, _ := r.Doc.Find("#titel").Attr("value"); v != "Länskulturkonsulent dans" {
			t.Errorf("title after error = %q, want what was typed", v)
		}
	})

	wantRedirect(t, s.postPhoto(t, c, availabilityForm(), portrait(t)), "/konsulent/tillganglighet?klart=sparad")
	first := photoID()
	if first == nil {
		t.Fatal("no photo saved")
	}
	page := s.get(t, "/konsulent/tillganglighet", c)
	if alt, _ := page.TestID("upload-current").Find("img").Attr("alt"); alt != "Klara Konsulent" {
		t.Errorf("current photo alt %q", alt)
	}

	pub := testutil.GetOK(t, s.h, "/radgivning")
	img := pub.Doc.Find(`[data-testid="consultant"][data-id="` + strings.TrimSpace(testutil.Scalar[string](t, s.pool, `SELECT $1::bigint::text`, c.ID)) + `"] [data-testid="consultant-photo"]`)
	if img.Length() != 1 {
		t.Fatalf("no photo beside the consultant on /radgivning")
	}
	if alt, _ := img.Attr("alt"); alt != "Klara Konsulent" {
		t.Errorf("photo alt on /radgivning = %q, want the consultant's name", alt)
	}
	if w, _ := img.Attr("width"); w != "160" {
		t.Errorf("photo width %q", w)
	}
	if h, _ := img.Attr("height"); h != "213" {
		t.Errorf("photo height %q, want 213 (the picture's proportions)", h)
	}
	// A visitor who is not signed in sees the photo too: an active
	// consultant's photo is public like a published residency's image.
	src, _ := img.Attr("src")
	if resp := testutil.Get(t, s.h, src); resp.Status != 200 {
		t.Errorf("GET %s anonymously: %d, want 200", src, resp.Status)
	}

	t.Run("saving without a file keeps the photo", func(t *testing.T) {
		wantRedirect(t, s.post(t, "/konsulent/tillganglighet", c, availabilityForm()), "/konsulent/tillganglighet?klart=sparad")
		if got := photoID(); got == nil || *got != *first {
			t.Errorf("photo after a save without a file: %v, want %d", got, *first)
		}
	})

	t.Run("the remove box drops it", func(t *testing.T) {
		form := availabilityForm()
		form.Set("ta-bort-foto", "1")
		wantRedirect(t, s.postPhoto(t, c, form, nil), "/konsulent/tillganglighet?klart=sparad")
		if got := photoID(); got != nil {
			t.Errorf("photo after removing: %d", *got)
		}
		if testutil.GetOK(t, s.h, "/radgivning").TestID("consultant-photo").Length() != 0 {
			t.Errorf("removed photo still shown")
		}
	})
}
