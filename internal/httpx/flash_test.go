package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSeeOther(t *testing.T) {
	for _, tc := range []struct{ path, code, want string }{
		{"/a", "", "/a"},
		{"/a", "sparad", "/a?klart=sparad"},
		{"/a#rad-3", "sparad", "/a?klart=sparad#rad-3"},
	} {
		w := httptest.NewRecorder()
		if err := SeeOther(w, httptest.NewRequest(http.MethodPost, "/x", nil), tc.path, tc.code); err != nil {
			t.Fatal(err)
		}
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != tc.want {
			t.Errorf("SeeOther(%q, %q): %d %q, want 303 %q", tc.path, tc.code, w.Code, w.Header().Get("Location"), tc.want)
		}
	}
	messages := map[string]string{"sparad": "Sparat."}
	if got := Flash(httptest.NewRequest(http.MethodGet, "/a?klart=sparad", nil), messages); got != "Sparat." {
		t.Errorf("Flash = %q", got)
	}
	if got := Flash(httptest.NewRequest(http.MethodGet, "/a?klart=Hej+hej", nil), messages); got != "" {
		t.Errorf("Flash of an unknown code = %q, want nothing", got)
	}
}
