package account

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
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
	ctx, now := r.Context(), h.now()
	err = h.store.InTx(ctx, func(tx pgx.Tx) error {
		// Counted before the address is looked up: the limit must treat
		// every address alike, whether or not it has an account.
		if err := h.forgotLimit.Take(ctx, tx, auth.ClientIP(r), email, now); err != nil {
			return err
		}
		c, err := h.store.byEmail(ctx, tx, email)
		// An invited account that never set a password gets nothing: a reset
		// link would let it in around an expired invitation.
		if errors.Is(err, ErrNoAccount) || err == nil && (c.DisabledAt != nil || c.PasswordHash == nil) {
			return nil
		}
		if err != nil {
			return err
		}
		if recent, err := auth.RecentToken(ctx, tx, c.ID, auth.PurposeReset, now); err != nil || recent {
			return err // a live link went out moments ago: no second message
		}
		token, err := auth.NewToken(ctx, tx, c.ID, auth.PurposeReset, "", now)
		if err != nil {
			return err
		}
		return h.send(ctx, tx, c.Email, tokenKey("reset", token), "Välj ett nytt lösenord",
			ResetMail(h.link("/aterstall/"+token), validFor(auth.PurposeReset)))
	})
	if err != nil {
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
	err = h.store.InTx(ctx, func(tx pgx.Tx) error {
		t, err := auth.UseToken(ctx, tx, token, auth.PurposeReset, now)
		if err != nil {
			return err
		}
		c, err := h.store.setPassword(ctx, tx, t.UserID, hash, true, now)
		if err != nil {
			return err
		}
		if err := auth.EndSessions(ctx, tx, c.ID, nil); err != nil {
			return err
		}
		if err := auth.ClearFailures(ctx, tx, c.Email); err != nil {
			return err
		}
		// Any other link still out (a pending address change, an older
		// reset) must not undo what the owner just did.
		if err := auth.RetireTokens(ctx, tx, c.ID, now, auth.PurposeReset, auth.PurposeEmailChange); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.FromRequest(r, audit.Entry{Action: audit.PasswordReset,
			ActorID: &c.ID, ActorName: c.Name, TargetUserID: &c.ID, Target: mail.MaskAddress(c.Email)})); err != nil {
			return err
		}
		key := "password-reset:" + strconv.FormatInt(c.ID, 10) + ":" + strconv.FormatInt(now.UnixNano(), 10)
		return h.send(ctx, tx, c.Email, key, "Ditt lösenord är bytt", PasswordChangedMail(h.link("/glomt-losenord")))
	})
	if err != nil {
		if tokenPage(w, r, err, "/glomt-losenord", "Beställ en ny länk") {
			return nil
		}
		return err
	}
	return httpx.SeeOther(w, r, "/logga-in", "losenord")
}
