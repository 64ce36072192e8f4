// Package account is the self-service account area: artists registering and
// verifying their address, signing in (throttled) and out, the forgotten
// password, and /konto, where any signed-in user changes their name, address
// and password, sees and ends their sessions, downloads their data and
// deletes their account.
//
// Every change runs in one transaction with its audit entry and its e-mail
// (a River job), so a message goes out if and only if the change commits.
// No answer tells a visitor whether an address has an account: registration,
// the forgotten password and a new verification link answer the same either
// way, and a failed sign-in costs the same work and gives the same text.
package account

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/throttle"
	"residens/web/ui"
)

// Handler serves the account pages.
type Handler struct {
	store    *Store
	sessions *auth.Manager
	now      func() time.Time
}

// NewHandler returns the account handler. queue takes the e-mail; base is
// the site's public origin, for the links in it; limits bound how often the
// forms that send e-mail may be used.
func NewHandler(pool *pgxpool.Pool, sessions *auth.Manager, queue *mail.Queue, base *url.URL, limits throttle.Limits, now func() time.Time) *Handler {
	s := NewStore(pool, queue, base, limits, now)
	return &Handler{store: s, sessions: sessions, now: s.now}
}

// render writes a page of this area. Account pages are about one visitor
// and may carry a token in their form, so no cache may keep them.
func render(w http.ResponseWriter, r *http.Request, status int, title string, body templ.Component) {
	renderPage(w, r, status, ui.Page{Title: title}, body)
}

// renderPage is render for a page that says more than its title (a flash).
func renderPage(w http.ResponseWriter, r *http.Request, status int, page ui.Page, body templ.Component) {
	w.Header().Set("Cache-Control", "no-store")
	httpx.Render(w, r, status, page, body)
}

// tokenKey is the mail key of a message carrying token: the kind and the
// token's stored hash, which names the change without revealing the link.
func tokenKey(kind, token string) string {
	secret, _ := base64.RawURLEncoding.DecodeString(token)
	return kind + ":" + hex.EncodeToString(auth.HashID(secret))
}

// tokenPage renders the clear page for a link that cannot be used, and
// reports whether err was such a link's error. again is where to ask for a
// new link, with its text.
func tokenPage(w http.ResponseWriter, r *http.Request, err error, again, againText string) bool {
	v := TokenErrorView{Again: again, AgainText: againText}
	status := http.StatusGone
	switch {
	case errors.Is(err, auth.ErrTokenUsed):
		v.Heading = "Länken är redan använd"
		v.Message = "Länken i e-postmeddelandet går bara att använda en gång, och den här har redan använts."
	case errors.Is(err, auth.ErrTokenExpired):
		v.Heading = "Länken har slutat gälla"
		v.Message = "Länken i e-postmeddelandet gäller bara en begränsad tid, och den tiden har gått ut."
	case errors.Is(err, auth.ErrTokenUnknown), errors.Is(err, ErrNoAccount):
		status = http.StatusNotFound
		v.Heading = "Länken fungerar inte"
		v.Message = "Vi känner inte igen länken. Kontrollera att du har fått med hela adressen från e-postmeddelandet. Om du har fått flera meddelanden gäller bara länken i det senaste."
	default:
		return false
	}
	render(w, r, status, v.Heading, TokenErrorPage(v))
	return true
}

// reauth checks pw, the current password that a change on /konto asks for,
// under the sign-in throttle: a stolen session must not become a way to
// guess the password. It returns "" when pw is right, else the message for
// the password field.
func (h *Handler) reauth(ctx context.Context, r *http.Request, u *auth.User, pw string) (string, error) {
	th, ok, err := h.store.Reauth(ctx, audit.FromRequest(r, audit.Entry{}), u, pw)
	switch {
	case err != nil:
		return "", err
	case !th.Allowed():
		return th.Message(), nil
	case !ok:
		return "Lösenordet stämmer inte. Skriv ditt nuvarande lösenord.", nil
	}
	return "", nil
}

// checkPassword verifies pw against c's hash, or spends the same time
// failing when there is no account or no password yet.
func checkPassword(c *credentials, pw string) (bool, error) {
	if c == nil || c.PasswordHash == nil {
		auth.VerifyDummy(pw)
		return false, nil
	}
	return auth.VerifyPassword(*c.PasswordHash, pw)
}
