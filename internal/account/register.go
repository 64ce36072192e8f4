package account

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
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
	ctx, now := r.Context(), h.now()
	err = h.store.InTx(ctx, func(tx pgx.Tx) error {
		if err := h.registerLimit.Take(ctx, tx, auth.ClientIP(r), v.Email, now); err != nil {
			return err
		}
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return err
		}
		id, created, err := h.store.createArtist(ctx, tx, v.Name, v.Email, hash, now)
		if err != nil {
			return err
		}
		entry := audit.Entry{Action: audit.Registered, TargetUserID: &id, Target: mail.MaskAddress(v.Email)}
		if !created {
			c, err := h.store.byID(ctx, tx, id)
			if err != nil {
				return err
			}
			entry.Detail = map[string]any{"outcome": "address already has an account; notice sent"}
			if err := audit.Record(ctx, tx, audit.FromRequest(r, entry)); err != nil {
				return err
			}
			// One notice an hour at most: repeated attempts must not
			// become a way to flood the mailbox.
			key := "register-exists:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(now.Unix()/3600, 10)
			return h.send(ctx, tx, c.Email, key, "Försök att skapa ett konto med din adress",
				RegisterExistsMail(h.link("/glomt-losenord"), h.link("/registrera/ny-lank"), c.EmailVerifiedAt == nil))
		}
		if err := audit.Record(ctx, tx, audit.FromRequest(r, entry)); err != nil {
			return err
		}
		return h.sendVerify(ctx, tx, id, v.Email, now)
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/registrera/skickat", http.StatusSeeOther)
	return nil
}

// sendVerify makes a verification token for id and mails its link to
// email, in tx.
func (h *Handler) sendVerify(ctx context.Context, tx pgx.Tx, id int64, email string, now time.Time) error {
	token, err := auth.NewToken(ctx, tx, id, auth.PurposeVerify, "", now)
	if err != nil {
		return err
	}
	return h.send(ctx, tx, email, tokenKey("verify", token), "Bekräfta din e-postadress",
		VerifyMail(h.link("/registrera/bekrafta/"+token), validFor(auth.PurposeVerify)))
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
	ctx, now, token := r.Context(), h.now(), chi.URLParam(r, "token")
	err := h.store.InTx(ctx, func(tx pgx.Tx) error {
		t, err := auth.UseToken(ctx, tx, token, auth.PurposeVerify, now)
		if err != nil {
			return err
		}
		c, err := h.store.markVerified(ctx, tx, t.UserID, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.FromRequest(r, audit.Entry{Action: audit.EmailVerified,
			ActorID: &c.ID, ActorName: c.Name, TargetUserID: &c.ID, Target: mail.MaskAddress(c.Email)}))
	})
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
	ctx, now := r.Context(), h.now()
	err = h.store.InTx(ctx, func(tx pgx.Tx) error {
		// Counted before the address is looked up: the limit must treat
		// every address alike, whether or not it has an account.
		if err := h.resendLimit.Take(ctx, tx, auth.ClientIP(r), email, now); err != nil {
			return err
		}
		c, err := h.store.byEmail(ctx, tx, email)
		if errors.Is(err, ErrNoAccount) || err == nil && (c.EmailVerifiedAt != nil || c.DisabledAt != nil) {
			return nil
		}
		if err != nil {
			return err
		}
		if recent, err := auth.RecentToken(ctx, tx, c.ID, auth.PurposeVerify, now); err != nil || recent {
			return err // a live link went out moments ago: no second message
		}
		return h.sendVerify(ctx, tx, c.ID, c.Email, now)
	})
	if err != nil {
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
