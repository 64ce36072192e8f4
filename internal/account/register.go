package account

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
)

// RegisterForm handles GET /registrera.
func (h *Handler) RegisterForm(w http.ResponseWriter, r *http.Request) error {
	render(w, r, http.StatusOK, "Skapa konto", RegisterPage(RegisterForm{}))
	return nil
}

// Register handles POST /registrera. A new address gets an unverified
// artist account and a verification link; an address that has an account
// gets a message saying someone tried to register with it. The visitor sees
// the same answer either way, after the same work (a password hash). Both
// count alike against the form's limits, which are checked before the hash,
// so a refused registration costs no hashing.
func (h *Handler) Register(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	v, pw := readRegister(f)
	if !f.Valid() {
		render(w, r, http.StatusUnprocessableEntity, "Skapa konto", RegisterPage(v))
		return nil
	}
	if err := h.store.Register(r.Context(), audit.FromRequest(r, audit.Entry{}), v.Name, v.Email, pw); err != nil {
		return err
	}
	http.Redirect(w, r, "/registrera/skickat", http.StatusSeeOther)
	return nil
}

// RegisterSent handles GET /registrera/skickat, the answer to every
// registration.
func (h *Handler) RegisterSent(w http.ResponseWriter, r *http.Request) error {
	render(w, r, http.StatusOK, "Kontrollera din e-post", RegisterSentPage())
	return nil
}

// VerifyForm handles GET /registrera/bekrafta/{token}: a page with a
// button, since opening a link must change nothing (mail scanners open
// links too).
func (h *Handler) VerifyForm(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	if _, err := auth.PeekToken(r.Context(), h.store.Pool(), token, auth.PurposeVerify, h.now()); err != nil {
		if tokenPage(w, r, err, "/registrera/ny-lank", "Beställ en ny bekräftelselänk") {
			return nil
		}
		return err
	}
	render(w, r, http.StatusOK, "Bekräfta e-postadressen", VerifyPage(token))
	return nil
}

// Verify handles POST /registrera/bekrafta/{token}: marks the address
// verified and sends the visitor to sign in with their password (rather
// than signing them in: whoever holds the link must still know the
// password).
func (h *Handler) Verify(w http.ResponseWriter, r *http.Request) error {
	err := h.store.Verify(r.Context(), audit.FromRequest(r, audit.Entry{}), chi.URLParam(r, "token"))
	if err != nil {
		if tokenPage(w, r, err, "/registrera/ny-lank", "Beställ en ny bekräftelselänk") {
			return nil
		}
		return err
	}
	return httpx.SeeOther(w, r, "/logga-in", "bekraftad")
}

// ResendForm handles GET /registrera/ny-lank.
func (h *Handler) ResendForm(w http.ResponseWriter, r *http.Request) error {
	render(w, r, http.StatusOK, "Ny bekräftelselänk", ResendPage(EmailForm{}))
	return nil
}

// Resend handles POST /registrera/ny-lank: a new verification link for an
// enabled account whose address is not yet verified; the same answer for
// any other address.
func (h *Handler) Resend(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	email := readEmail(f, "epost")
	if !f.Valid() {
		render(w, r, http.StatusUnprocessableEntity, "Ny bekräftelselänk", ResendPage(EmailForm{Email: email, Errors: f.Errors()}))
		return nil
	}
	if err := h.store.Resend(r.Context(), audit.FromRequest(r, audit.Entry{}), email); err != nil {
		return err
	}
	http.Redirect(w, r, "/registrera/ny-lank/skickat", http.StatusSeeOther)
	return nil
}

// ResendSent handles GET /registrera/ny-lank/skickat.
func (h *Handler) ResendSent(w http.ResponseWriter, r *http.Request) error {
	render(w, r, http.StatusOK, "Kontrollera din e-post", ResendSentPage())
	return nil
}
