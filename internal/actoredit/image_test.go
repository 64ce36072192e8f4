package actoredit_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// postMultipart sends form and, when file is not nil, a file part "bild"
// to target as a, the way a browser sends the actor forms.
func (s *site) postMultipart(t *testing.T, target string, a account, form url.Values, file []byte) *testutil.Response {
	t.Helper()
	name := ""
	if file != nil {
		name = "bild.jpg"
	}
	return testutil.Serve(t, s.h, testutil.Upload(t, target, form, "bild", name, file, a.Cookie))
}

func pngBytes(t *testing.T) []byte { return testutil.PNG(t, 640, 400) }

func TestActorImage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signedIn(t, auth.RoleConsultant, "Karin Konsulent")
	pic := pngBytes(t)

	tests := []struct {
		name    string
		file    []byte
		alt     string
		errorID string
	}{
		{"not an image", []byte("hej, det här är text"), "En text", "error-bild"},
		{"image without alt text", pic, "", "error-bildtext"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := actorForm(t, s.pool, "Bildgruppen")
			form.Set("bildtext", tt.alt)
			r := s.postMultipart(t, "/konsulent/kulturaktorer/ny", c, form, tt.file)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if r.Text(tt.errorID) == "" {
				t.Errorf("no %s; summary: %s", tt.errorID, r.Text("error-summary"))
			}
			if v, _ := r.Doc.Find("#namn").Attr("value"); v != "Bildgruppen" {
				t.Errorf("name after error = %q, want what was typed", v)
			}
		})
	}

	form := actorForm(t, s.pool, "Bildgruppen")
	form.Set("publicerad", "ja")
	form.Set("bildtext", "Fem dansare i rött på en scen")
	r := s.postMultipart(t, "/konsulent/kulturaktorer/ny", c, form, pic)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create with image: status %d; %s", r.Status, r.Text("error-summary"))
	}
	pub := testutil.GetOK(t, s.h, "/kulturaktorer/bildgruppen")
	img := pub.Doc.Find("figure.hero img")
	if alt, _ := img.Attr("alt"); alt != "Fem dansare i rött på en scen" {
		t.Errorf("public image alt = %q", alt)
	}
	src, _ := img.Attr("src")
	if res := testutil.Get(t, s.h, src); res.Status != http.StatusOK {
		t.Errorf("GET %s: status %d", src, res.Status)
	}

	// Saving without a new file keeps the picture; the remove box drops it.
	path := strings.TrimSuffix(r.Header.Get("Location"), "?klart=skapad")
	form.Set("version", "1")
	form.Set("beskrivning", "Annan text.")
	wantRedirect(t, s.postMultipart(t, path, c, form, nil), path+"?klart=sparad")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM cultural_actors WHERE slug = 'bildgruppen' AND image_id IS NOT NULL`); n != 1 {
		t.Error("picture lost by a save without a file")
	}
	form.Set("version", "2")
	form.Set("ta-bort-bild", "ja")
	wantRedirect(t, s.postMultipart(t, path, c, form, nil), path+"?klart=sparad")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM cultural_actors WHERE slug = 'bildgruppen' AND image_id IS NULL AND image_alt = ''`); n != 1 {
		t.Error("picture not removed")
	}
}
