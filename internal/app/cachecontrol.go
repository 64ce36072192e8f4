package app

import (
	"net/http"
	"strings"

	"residens/internal/auth"
)

// Caching headers are decided here, for every response, from who asked;
// handlers may say how long a public page stays fresh, but cannot make a
// signed-in visitor's page storable by a shared cache.
const (
	// ccPersonal is the answer to anyone who carries a session cookie
	// (valid or not) and to any response that sets a cookie: the browser
	// may not store it and no shared cache may either.
	ccPersonal = "private, no-store"
	// ccPersonalImmutable is for content-addressed files (a hashed style
	// sheet, an image rendition) fetched by a signed-in visitor: their
	// browser keeps them, shared caches do not.
	ccPersonalImmutable = "private, max-age=31536000, immutable"
	// ccPublic is the default for an anonymous page: any cache may store
	// it but must ask again before each use, so a change shows at once.
	ccPublic = "public, no-cache"
	// ccNoStore is the default for an anonymous answer that is not a page
	// to keep: an error, or the answer to a POST.
	ccNoStore = "no-store"
)

// cacheHeaders is the one place that sets Cache-Control and Vary: Cookie on
// the way out, after the handler has had its say.
func cacheHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := r.Cookie(auth.CookieName)
		cw := &cacheWriter{ResponseWriter: w, session: err == nil, safe: r.Method == http.MethodGet || r.Method == http.MethodHead}
		next.ServeHTTP(cw, r)
		// A handler that wrote nothing has its headers sent after it
		// returns, as a 200.
		cw.decide(http.StatusOK)
	})
}

// cacheWriter decides the caching headers just before they are sent.
type cacheWriter struct {
	http.ResponseWriter
	session bool
	safe    bool
	decided bool
}

func (w *cacheWriter) decide(status int) {
	if w.decided {
		return
	}
	w.decided = true
	h := w.Header()
	h.Set("Cache-Control", cacheControl(w.session || len(h.Values("Set-Cookie")) > 0, w.safe, status,
		h.Get("Cache-Control")))
	if !strings.Contains(h.Get("Cache-Control"), "immutable") {
		// The same address answers a signed-in and an anonymous visitor
		// differently (the header, the menu): a cache must tell them apart.
		addVary(h, "Cookie")
	}
}

// cacheControl is the Cache-Control of a response: personal says whether it
// goes to, or sets up, a session; safe whether the request was a GET or
// HEAD; handler is what the handler set, if anything.
func cacheControl(personal, safe bool, status int, handler string) string {
	immutable := strings.Contains(handler, "immutable")
	switch {
	case personal && immutable && !strings.Contains(handler, "no-store"):
		return ccPersonalImmutable
	case personal:
		return ccPersonal
	case status >= 400 && !strings.Contains(handler, "no-store") && !strings.Contains(handler, "private"):
		// An error is never kept, whatever a page's handler would have
		// said of the page (a call page's minute, say).
		return ccNoStore
	case handler != "":
		return handler
	case !safe:
		return ccNoStore
	default:
		return ccPublic
	}
}

// addVary adds name to the Vary header unless it is there already (a page
// cache hit replays the stored header, which has it).
func addVary(h http.Header, name string) {
	for _, v := range h.Values("Vary") {
		for _, part := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), name) {
				return
			}
		}
	}
	h.Add("Vary", name)
}

func (w *cacheWriter) WriteHeader(code int) {
	if code >= 200 {
		w.decide(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *cacheWriter) Write(b []byte) (int, error) {
	w.decide(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

func (w *cacheWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
