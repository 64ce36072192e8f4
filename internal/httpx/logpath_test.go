package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
)

func TestLogPathHidesTokens(t *testing.T) {
	var got string
	r := chi.NewRouter()
	capture := func(w http.ResponseWriter, req *http.Request) { got = LogPath(req) }
	r.Get("/aterstall/{token}", capture)
	r.Get("/residens/{slug}", capture)
	r.NotFound(capture)
	tests := []struct{ path, want string }{
		{"/aterstall/c2VjcmV0LXRva2Vu", "/aterstall/{token}"},
		{"/residens/dans-i-nacka", "/residens/dans-i-nacka"},
		{"/inbjudan/c2VjcmV0/extra", "/inbjudan/…"},
		{"/kommuner", "/kommuner"},
	}
	for _, tt := range tests {
		got = ""
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", tt.path, nil))
		if got != tt.want {
			t.Errorf("LogPath(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
