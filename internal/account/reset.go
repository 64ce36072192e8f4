package account

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
)

// ForgotForm handles GET /glomt-losenord.
func (h *Handler) ForgotForm(w http.ResponseWriter, r *http.Request) error {
	render(w, r, http.StatusOK, "Glömt lösenordet", ForgotPage(EmailForm{}))
	return nil
}

// Forgot handles POST /glomt-losenord: an enabled account gets a reset
// link; every address gets the same answer.
func (h *Handler) Forgot(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	email := readEmail(f, "epost")
	if !f.Valid() {
		render(w, r, http.StatusUnprocessableEntity, "Glömt lösenordet", ForgotPage(EmailForm{Email: email, Errors: f.Errors()}))
		return nil
	}
	if err := h.store.Forgot(r.Context(), audit.FromRequest(r, audit.Entry{}), email); err != nil {
		return err
	}
	http.Redirect(w, r, "/glomt-losenord/skickat", http.StatusSeeOther)
	return nil
}

// ForgotSent handles GET /glomt-losenord/skickat, the answer to every
// request for a reset link.
func (h *Handler) ForgotSent(w http.ResponseWriter, r *http.Request) error {
	render(w, r, http.StatusOK, "Kontrollera din e-post", ForgotSentPage())
	return nil
}

// ResetForm handles GET /aterstall/{token}: the form for a new password,
// or a clear page when the link cannot be used.
func (h *Handler) ResetForm(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	if _, err := auth.PeekToken(r.Context(), h.store.Pool(), token, auth.PurposeReset, h.now()); err != nil {
		if tokenPage(w, r, err, "/glomt-losenord", "Beställ en ny länk") {
			return nil
		}
		return err
	}
	render(w, r, http.StatusOK, "Välj ett nytt lösenord", ResetPage(ResetView{Token: token}))
	return nil
}

// Reset handles POST /aterstall/{token}: sets the new password, uses up
// the link and ends every session of the account (whoever knew the old
// password is signed out too), then sends the visitor to sign in.
func (h *Handler) Reset(w http.ResponseWriter, r *http.Request) error {
	ctx, now, token := r.Context(), h.now(), chi.URLParam(r, "token")
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	t, err := auth.PeekToken(ctx, h.store.Pool(), token, auth.PurposeReset, now)
	if err != nil {
		if tokenPage(w, r, err, "/glomt-losenord", "Beställ en ny länk") {
			return nil
		}
		return err
	}
	acc, err := h.store.Account(ctx, t.UserID)
	if err != nil {
		return err
	}
	pw := readNewPassword(f, "losenord", "losenord2", acc.Email)
	if !f.Valid() {
		render(w, r, http.StatusUnprocessableEntity, "Välj ett nytt lösenord", ResetPage(ResetView{Token: token, Errors: f.Errors()}))
		return nil
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := h.store.Reset(ctx, audit.FromRequest(r, audit.Entry{}), token, hash); err != nil {
		if tokenPage(w, r, err, "/glomt-losenord", "Beställ en ny länk") {
			return nil
		}
		return err
	}
	return httpx.SeeOther(w, r, "/logga-in", "losenord")
}
