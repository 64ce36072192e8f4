package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"residens/internal/db"
	"residens/web/ui"
)

func TestErrorCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"not found", NotFound("residency %q", "x"), CodeNotFound},
		{"wrapped not found", fmt.Errorf("store: %w", NotFound("x")), CodeNotFound},
		{"forbidden", &Error{Code: CodeForbidden, Message: "nej"}, CodeForbidden},
		{"any other error", errors.New("boom"), CodeInternal},
		{"nil", nil, CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.want {
				t.Errorf("ErrorCode(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
	if got := NotFound("residency %q", "x").Error(); got != `residency "x"` {
		t.Errorf("message %q", got)
	}
}

func serve(t *testing.T, h http.HandlerFunc) (*httptest.ResponseRecorder, *goquery.Document) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/x", nil)
	req = req.WithContext(WithRequestID(req.Context(), "req-123"))
	rec := httptest.NewRecorder()
	h(rec, req)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(rec.Body.String()))
	if err != nil {
		t.Fatal(err)
	}
	return rec, doc
}

func TestRenderMarksA422Invalid(t *testing.T) {
	body := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<h1>Rubrik</h1>`)
		return err
	})
	for status, want := range map[int]string{
		http.StatusUnprocessableEntity: "Fel: Formulär – Residens",
		http.StatusOK:                  "Formulär – Residens",
	} {
		_, doc := serve(t, func(w http.ResponseWriter, r *http.Request) {
			Render(w, r, status, ui.Page{Title: "Formulär"}, body)
		})
		if got := doc.Find("title").Text(); got != want {
			t.Errorf("%d: title %q, want %q", status, got, want)
		}
	}
}

func TestRender(t *testing.T) {
	body := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<h1 data-testid="h">Rubrik</h1>`)
		return err
	})
	rec, doc := serve(t, func(w http.ResponseWriter, r *http.Request) {
		Render(w, r, http.StatusTeapot, ui.Page{Title: "Sida", Notices: []string{"Något hoppades över."}}, body)
	})
	if rec.Code != http.StatusTeapot {
		t.Errorf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cl := rec.Header().Get("Content-Length"); cl != strconv.Itoa(rec.Body.Len()) {
		t.Errorf("Content-Length %s for %d bytes", cl, rec.Body.Len())
	}
	// An error status says so first in the title, whoever rendered it.
	if doc.Find(`main [data-testid="h"]`).Text() != "Rubrik" || doc.Find("title").Text() != "Fel: Sida – Residens" {
		t.Errorf("the component is not inside the layout, or the title %q lacks Fel:", doc.Find("title").Text())
	}
	_, ok := serve(t, func(w http.ResponseWriter, r *http.Request) {
		Render(w, r, http.StatusOK, ui.Page{Title: "Sida"}, body)
	})
	if got := ok.Find("title").Text(); got != "Sida – Residens" {
		t.Errorf("a 200 page's title %q", got)
	}
	if got := doc.Find(`[data-testid="notices"] li`).Text(); got != "Något hoppades över." {
		t.Errorf("notices %q", got)
	}
}

func TestRenderFailsWhole(t *testing.T) {
	// A component that fails half-way gives the 500 page, and none of what
	// it wrote before failing.
	broken := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, _ = io.WriteString(w, "<p>halv sida</p>")
		return errors.New("template exploded")
	})
	rec, doc := serve(t, func(w http.ResponseWriter, r *http.Request) {
		Render(w, r, http.StatusOK, ui.Page{Title: "Sida"}, broken)
	})
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "halv sida") || strings.Contains(rec.Body.String(), "exploded") {
		t.Errorf("the half page or the error leaked: %s", rec.Body.String())
	}
	if doc.Find("h1").Length() != 1 {
		t.Errorf("the 500 page has %d h1", doc.Find("h1").Length())
	}
}

func TestFail(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		status  int
		heading string
	}{
		{"not found", fmt.Errorf("residency: %w", NotFound("residency %q", "x")), http.StatusNotFound, "Sidan finns inte"},
		{"forbidden", &Error{Code: CodeForbidden, Message: "hemligt"}, http.StatusForbidden, "Åtkomst nekad"},
		{"internal", errors.New(`pq: password authentication failed for user "hemligt"`), http.StatusInternalServerError, "Något gick fel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, doc := serve(t, Handle(func(http.ResponseWriter, *http.Request) error { return tt.err }))
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if got := doc.Find(`[data-testid="error-heading"]`).Text(); got != tt.heading {
				t.Errorf("heading %q, want %q", got, tt.heading)
			}
			if lang, _ := doc.Find("html").Attr("lang"); lang != "sv" || doc.Find("h1").Length() != 1 {
				t.Errorf("error page not in the Swedish layout with one h1")
			}
			if strings.Contains(rec.Body.String(), "hemligt") || strings.Contains(rec.Body.String(), "residency") {
				t.Errorf("the error's own text reached the page")
			}
		})
	}
	t.Run("the 500 page names the request ID and is not cached", func(t *testing.T) {
		rec, _ := serve(t, Handle(func(http.ResponseWriter, *http.Request) error { return errors.New("boom") }))
		if !strings.Contains(rec.Body.String(), "req-123") {
			t.Errorf("no request ID on the 500 page")
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
	})
	t.Run("a visitor who went away gets nothing", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := httptest.NewRequest(http.MethodGet, "/x", nil).WithContext(ctx)
		rec := httptest.NewRecorder()
		Handle(func(http.ResponseWriter, *http.Request) error { return context.Canceled })(rec, req)
		if rec.Body.Len() != 0 || rec.Code != http.StatusOK && rec.Code != 0 {
			t.Errorf("wrote %d %q", rec.Code, rec.Body.String())
		}
	})
	t.Run("no error, no error page", func(t *testing.T) {
		rec, _ := serve(t, Handle(func(w http.ResponseWriter, _ *http.Request) error {
			_, _ = io.WriteString(w, "ok")
			return nil
		}))
		if rec.Code != http.StatusOK || rec.Body.String() != "ok" {
			t.Errorf("got %d %q", rec.Code, rec.Body.String())
		}
	})
}

func TestRequestID(t *testing.T) {
	ctx := WithRequestID(context.Background(), "abc")
	if got := RequestID(ctx); got != "abc" {
		t.Errorf("RequestID = %q", got)
	}
	if got := RequestID(context.Background()); got != "" {
		t.Errorf("RequestID without one = %q", got)
	}
}

// TestUnavailableSaysWhatMayHaveBeenSaved: a connection lost while the
// change committed may have saved it, so the page does not say "inget har
// sparats" (a second send could save it twice); a plain outage on a page
// says try again.
func TestUnavailableSaysWhatMayHaveBeenSaved(t *testing.T) {
	uncertain := fmt.Errorf("db: commit: %w: %w", db.ErrCommitUncertain, io.ErrUnexpectedEOF)
	rec, doc := serve(t, func(w http.ResponseWriter, r *http.Request) { Fail(w, r, uncertain) })
	msg := doc.Find(`[data-testid="error-message"]`).Text()
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(msg, "Kontrollera") || strings.Contains(msg, "inget har sparats") {
		t.Errorf("uncertain commit: %d %q", rec.Code, msg)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	rec, doc = serve(t, func(w http.ResponseWriter, r *http.Request) { Fail(w, r, fmt.Errorf("x: %w", io.ErrUnexpectedEOF)) })
	if msg := doc.Find(`[data-testid="error-message"]`).Text(); rec.Code != http.StatusServiceUnavailable || !strings.Contains(msg, "Försök igen") {
		t.Errorf("outage on a page: %d %q", rec.Code, msg)
	}
}
