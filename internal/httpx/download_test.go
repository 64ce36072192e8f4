package httpx

import (
	"net/http/httptest"
	"testing"
)

func TestDownload(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"cv.pdf", "attachment; filename=cv.pdf"},
		{"Åsa CV.pdf", "attachment; filename*=utf-8''%C3%85sa%20CV.pdf"},
	} {
		w := httptest.NewRecorder()
		Download(w, "application/pdf", tc.name, []byte("%PDF-"))
		h := w.Header()
		if got := h.Get("Content-Disposition"); got != tc.want {
			t.Errorf("%q: Content-Disposition %q, want %q", tc.name, got, tc.want)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "private, no-store" ||
			h.Get("Content-Length") != "5" || w.Body.String() != "%PDF-" {
			t.Errorf("%q: headers %v body %q", tc.name, h, w.Body.String())
		}
	}
}
