package app

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/go-chi/chi/v5"
)

// secret is what a panic carries in these tests; it must never reach the
// visitor.
const secret = "pq: password authentication failed for user kassan"

// plainTransport asks for gzip only when the test says so (the default
// transport asks by itself and hides the encoding).
var plainTransport = &http.Transport{DisableCompression: true}

// panicky is a router with the site's own middleware, in the order
// NewHandler uses, and routes that panic in different ways. The route table
// has no route that panics, so the test builds its own.
func panicky(log *slog.Logger) http.Handler {
	r := chi.NewRouter()
	r.Use(requestID, requestLog(log), recoverer, securityHeaders(false))
	r.Use(http.NewCrossOriginProtection().Handler)
	r.Use(compress)
	r.Get("/string", func(http.ResponseWriter, *http.Request) { panic(secret) })
	r.Get("/error", func(http.ResponseWriter, *http.Request) { panic(errors.New(secret)) })
	r.Get("/nil-map", func(http.ResponseWriter, *http.Request) {
		var m map[string]int
		//lint:ignore SA5000 a runtime panic (not a call to panic) is what this route is for
		m[secret]++
	})
	r.Get("/headers-set", func(w http.ResponseWriter, _ *http.Request) {
		// Headers meant for the answer that never came must not leak
		// into the error page.
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", "3")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		panic(secret)
	})
	r.Get("/half-written", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!DOCTYPE html><p>Halva sidan"))
		panic(secret)
	})
	return r
}

func TestPanicGivesTheErrorPage(t *testing.T) {
	t.Parallel()
	for _, path := range []string{"/string", "/error", "/nil-map", "/headers-set"} {
		for _, accept := range []string{"", "gzip"} {
			t.Run(path+" "+accept, func(t *testing.T) {
				t.Parallel()
				var logs bytes.Buffer
				h := panicky(slog.New(slog.NewJSONHandler(&logs, nil)))
				srv := httptest.NewServer(h)
				defer srv.Close()

				req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
				if accept != "" {
					req.Header.Set("Accept-Encoding", accept)
				}
				// A real connection: a wrong Content-Length or a broken
				// gzip stream shows as a read error here.
				res, err := plainTransport.RoundTrip(req)
				if err != nil {
					t.Fatalf("request failed: %v", err)
				}
				defer res.Body.Close()
				var r io.Reader = res.Body
				if res.Header.Get("Content-Encoding") == "gzip" {
					zr, err := gzip.NewReader(res.Body)
					if err != nil {
						t.Fatal(err)
					}
					r = zr
				}
				b, err := io.ReadAll(r)
				if err != nil {
					t.Fatalf("read body: %v", err)
				}
				body := string(b)

				if res.StatusCode != http.StatusInternalServerError {
					t.Errorf("status = %d, want 500", res.StatusCode)
				}
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("Content-Type = %q, want HTML", ct)
				}
				if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
					t.Errorf("Cache-Control = %q, want no-store", cc)
				}
				doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if lang, _ := doc.Find("html").Attr("lang"); lang != "sv" {
					t.Errorf("html lang = %q, want sv: the page is not in the layout", lang)
				}
				if doc.Find("header.site-header").Length() != 1 || doc.Find("main").Length() != 1 {
					t.Error("500 page lacks the site header or main")
				}
				if got := doc.Find(`[data-testid="error-heading"]`).Text(); got != "Något gick fel" {
					t.Errorf("error heading = %q, want Något gick fel", got)
				}
				// The visitor can quote the request ID to support.
				if msg := doc.Find(`[data-testid="error-message"]`).Text(); !strings.Contains(msg, res.Header.Get("X-Request-Id")) {
					t.Errorf("error message %q lacks the request ID", msg)
				}
				for _, leak := range []string{secret, "kassan", "panic", "goroutine", ".go:", "runtime error", "nil map"} {
					if strings.Contains(body, leak) {
						t.Errorf("500 page shows %q", leak)
					}
				}
				if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
					t.Error("500 page lacks the security headers")
				}
				if !strings.Contains(logs.String(), `"status":500`) {
					t.Errorf("request log has no status 500: %s", logs.String())
				}
			})
		}
	}
}

// TestPanicAfterWriting covers a panic once the answer has begun: no error
// page can replace it, and one appended to it would make a broken page look
// whole, so the response must arrive visibly broken.
func TestPanicAfterWriting(t *testing.T) {
	t.Parallel()
	for _, accept := range []string{"", "gzip"} {
		t.Run("Accept-Encoding "+accept, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(panicky(slog.New(slog.DiscardHandler)))
			defer srv.Close()
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/half-written", nil)
			if accept != "" {
				req.Header.Set("Accept-Encoding", accept)
			}
			res, err := plainTransport.RoundTrip(req)
			if err != nil {
				return // the connection was cut before any answer: right
			}
			defer res.Body.Close()
			var r io.Reader = res.Body
			if res.Header.Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					return
				}
				r = zr
			}
			b, err := io.ReadAll(r)
			if err == nil {
				t.Errorf("response read whole (status %d, %q); want it cut off", res.StatusCode, b)
			}
			if strings.Contains(string(b), secret) {
				t.Error("response shows the panic")
			}
		})
	}
}
