package httpx

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/a-h/templ"

	"residens/internal/db"
	"residens/web/ui"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render writes the component inside the site layout. It renders into a buffer
// first, so that a template error gives the 500 page and never half a page.
// Any error status marks the page Invalid, so that its title starts with
// "Fel: " whichever area rendered it.
func Render(w http.ResponseWriter, r *http.Request, status int, page ui.Page, body templ.Component) {
	if status >= 400 {
		page.Invalid = true
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	ctx := templ.WithChildren(r.Context(), body)
	if err := ui.Layout(page).Render(ctx, buf); err != nil {
		ServerError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// HandlerFunc is a handler that may fail; Handle turns the error into the
// right error page.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Handle adapts fn to http.HandlerFunc.
func Handle(fn HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			Fail(w, r, err)
		}
	}
}

// Fail renders the error page that err calls for: 404 for not found, 503
// while the database cannot be reached, 500 (and a log line with the
// details) for anything unexpected.
func Fail(w http.ResponseWriter, r *http.Request, err error) {
	if db.Unavailable(err) && !errorsIsCanceled(r.Context(), err) {
		Unavailable(w, r, err)
		return
	}
	var limited Limited
	if errors.As(err, &limited) {
		TooManyRequests(w, r, limited)
		return
	}
	switch ErrorCode(err) {
	case CodeNotFound:
		NotFoundPage(w, r)
	case CodeTooLarge:
		Render(w, r, http.StatusRequestEntityTooLarge, ui.Page{Title: "För mycket data"},
			ui.ErrorPage(http.StatusRequestEntityTooLarge, "För mycket data",
				"Det du skickade var större än vad sidan tar emot. Gå tillbaka, korta texten eller välj en mindre fil och försök igen."))
	case CodeInvalid:
		Render(w, r, http.StatusBadRequest, ui.Page{Title: "Felaktig begäran"},
			ui.ErrorPage(http.StatusBadRequest, "Felaktig begäran", "Det som skickades kunde inte läsas. Gå tillbaka och försök igen."))
	case CodeForbidden:
		Render(w, r, http.StatusForbidden, ui.Page{Title: "Åtkomst nekad"},
			ui.ErrorPage(http.StatusForbidden, "Åtkomst nekad", "Du har inte behörighet till den här sidan."))
	default:
		if errorsIsCanceled(r.Context(), err) {
			// The visitor went away; there is nobody to show a page to.
			return
		}
		ServerError(w, r, err)
	}
}

// Limited is an error saying a limit was reached (package throttle's
// *Limited): the visitor may try again later.
type Limited interface {
	error
	// RetryAfter is how long until the next try, in whole seconds.
	RetryAfter() time.Duration
	// Explain says in Swedish why, and when to try again.
	Explain() string
}

// TooManyRequests renders the 429 page for l, with a Retry-After header in
// seconds, and no cache may keep it.
func TooManyRequests(w http.ResponseWriter, r *http.Request, l Limited) {
	// Logged so that an operator sees a flood, and a limit set too low;
	// the error names the rule and the kind of key, never the key.
	slog.InfoContext(r.Context(), "limit reached", "err", l.Error(), "path", LogPath(r),
		"request_id", RequestID(r.Context()))
	w.Header().Set("Retry-After", strconv.Itoa(int(l.RetryAfter()/time.Second)))
	w.Header().Set("Cache-Control", "no-store")
	Render(w, r, http.StatusTooManyRequests, ui.Page{Title: "För många försök"},
		ui.ErrorPage(http.StatusTooManyRequests, "För många försök", l.Explain()))
}

// RetryAfterOutage is the Retry-After of the 503 page, in seconds: the
// database was back within a second of a restart in every test, so a
// browser or crawler may well try again soon.
const RetryAfterOutage = 10

// Unavailable renders the 503 page for a request that failed because the
// database cannot be reached, and reports it to the request's db.Outage,
// which logs the outage once rather than every request. Nothing the visitor
// sent was saved, and the page says so.
func Unavailable(w http.ResponseWriter, r *http.Request, err error) {
	db.OutageFrom(r.Context()).Report(r.Context(), err, "method", r.Method, "path", LogPath(r),
		"request_id", RequestID(r.Context()))
	text := "Vi har ett tillfälligt fel och kan inte visa sidan just nu. Försök igen om en stund."
	switch {
	case errors.Is(err, db.ErrCommitUncertain):
		text = "Vi har ett tillfälligt fel, och det gick inte att se om det du skickade hann sparas. " +
			"Kontrollera om en stund om det finns innan du skickar igen, så att det inte kommer in två gånger."
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		text = "Vi har ett tillfälligt fel och kunde inte ta emot det du skickade: inget har sparats. " +
			"Gå tillbaka och skicka igen om en stund; det du skrev finns kvar i formuläret i de flesta webbläsare."
	}
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfterOutage))
	w.Header().Set("Cache-Control", "no-store")
	Render(w, r, http.StatusServiceUnavailable, ui.Page{Title: "Tillfälligt fel"},
		ui.ErrorPage(http.StatusServiceUnavailable, "Tillfälligt fel", text))
}

// NotFoundPage renders the Swedish 404 page.
func NotFoundPage(w http.ResponseWriter, r *http.Request) {
	Render(w, r, http.StatusNotFound, ui.Page{Title: "Sidan finns inte"},
		ui.ErrorPage(http.StatusNotFound, "Sidan finns inte",
			"Vi hittar ingen sida på den här adressen. Den kan ha flyttats eller tagits bort, eller så är adressen felskriven."))
}

// ServerError logs err and renders the 500 page, which never shows the error.
func ServerError(w http.ResponseWriter, r *http.Request, err error) {
	slog.ErrorContext(r.Context(), "request failed", "err", err, "method", r.Method, "path", LogPath(r),
		"request_id", RequestID(r.Context()))
	body := ui.ErrorPage(http.StatusInternalServerError, "Något gick fel",
		"Ett fel uppstod hos oss och sidan kunde inte visas. Försök igen om en stund. Om felet finns kvar, kontakta oss och ange felkoden "+RequestID(r.Context())+".")
	var buf bytes.Buffer
	ctx := templ.WithChildren(r.Context(), body)
	if rerr := ui.Layout(ui.Page{Title: "Något gick fel"}).Render(ctx, &buf); rerr != nil {
		http.Error(w, "Något gick fel. Försök igen om en stund.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(buf.Bytes())
}

func errorsIsCanceled(ctx context.Context, err error) bool {
	return ctx.Err() != nil && (err == context.Canceled || ctx.Err() == context.Canceled)
}

type ctxKey int

const requestIDKey ctxKey = 0

// WithRequestID stores the request's ID in ctx.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the ID that the request ID middleware gave this request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}
