package account

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/web/ui"
)

// accountFlash are the confirmations /konto shows after a redirect
// (?klart=code).
var accountFlash = map[string]string{
	"namn":          "Ditt namn är ändrat.",
	"epost-skickad": "Vi har skickat en länk till den nya adressen. Adressen byts när du har öppnat länken och bekräftat. Länken gäller i 48 timmar.",
	"epost":         "Din e-postadress är ändrad.",
	"losenord":      "Ditt lösenord är bytt. Alla andra inloggningar på kontot är avslutade.",
	"session":       "Inloggningen är avslutad.",
}

// view loads what /konto shows for u.
func (h *Handler) view(ctx context.Context, u *auth.User) (AccountView, error) {
	acc, err := h.store.Account(ctx, u.ID)
	if err != nil {
		return AccountView{}, err
	}
	sessions, err := h.sessions.ListSessions(ctx, u.ID, u.SessionHash)
	if err != nil {
		return AccountView{}, err
	}
	return AccountView{Account: *acc, Sessions: sessions, Name: acc.Name}, nil
}

// showInvalid renders /konto with a form's errors (422); fill copies what
// was typed into the view.
func (h *Handler) showInvalid(w http.ResponseWriter, r *http.Request, f *httpx.Form, fill func(*AccountView)) error {
	v, err := h.view(r.Context(), auth.UserFrom(r.Context()))
	if err != nil {
		return err
	}
	v.Errors = f.Errors()
	if fill != nil {
		fill(&v)
	}
	render(w, r, http.StatusUnprocessableEntity, "Mitt konto", AccountPage(v))
	return nil
}

// Show handles GET /konto.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	v, err := h.view(r.Context(), auth.UserFrom(r.Context()))
	if err != nil {
		return err
	}
	flash := accountFlash[httpx.NewQuery(r.URL.RawQuery).String("klart", 20)]
	renderPage(w, r, http.StatusOK, ui.Page{Title: "Mitt konto", Flash: flash}, AccountPage(v))
	return nil
}

// UpdateName handles POST /konto/namn.
func (h *Handler) UpdateName(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	name := f.Get("namn", MaxName, false)
	f.Check(name != "", "namn", "Skriv ditt namn.")
	if !f.Valid() {
		return h.showInvalid(w, r, f, func(v *AccountView) { v.Name = name })
	}
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	err = h.store.InTx(ctx, func(tx pgx.Tx) error {
		if err := h.store.setName(ctx, tx, u.ID, name, h.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.FromRequest(r, audit.Entry{Action: audit.NameChanged,
			TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email)}))
	})
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/konto", "namn")
}

// UpdateEmail handles POST /konto/epost: with the current password, sends
// a confirmation link to the new address; the address changes only when
// that link is used. When another account has the new address, that
// address gets a notice instead, and the visitor the same answer, so the
// form cannot be used to learn which addresses have accounts.
func (h *Handler) UpdateEmail(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	email := readEmail(f, "ny-epost")
	pw := f.Raw("epost-losenord")
	f.Check(f.Error("ny-epost") != "" || !strings.EqualFold(email, u.Email), "ny-epost", "Det är redan din e-postadress.")
	f.Check(pw != "", "epost-losenord", "Skriv ditt nuvarande lösenord.")
	if f.Valid() {
		msg, err := h.reauth(ctx, r, u, pw)
		if err != nil {
			return err
		}
		f.Check(msg == "", "epost-losenord", msg)
	}
	if !f.Valid() {
		return h.showInvalid(w, r, f, func(v *AccountView) { v.NewEmail = email })
	}
	now := h.now()
	err = h.store.InTx(ctx, func(tx pgx.Tx) error {
		taken, err := h.store.emailTaken(ctx, tx, email, u.ID)
		if err != nil {
			return err
		}
		if taken {
			key := "email-change-taken:" + strconv.FormatInt(u.ID, 10) + ":" + strconv.FormatInt(now.Unix()/3600, 10)
			return h.send(ctx, tx, email, key, "Försök att byta till din e-postadress",
				EmailTakenMail(h.link("/glomt-losenord")))
		}
		token, err := auth.NewToken(ctx, tx, u.ID, auth.PurposeEmailChange, email, now)
		if err != nil {
			return err
		}
		return h.send(ctx, tx, email, tokenKey("email-change", token), "Bekräfta din nya e-postadress",
			EmailChangeMail(h.link("/konto/epost/bekrafta/"+token), validFor(auth.PurposeEmailChange)))
	})
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/konto", "epost-skickad")
}

// EmailConfirmForm handles GET /konto/epost/bekrafta/{token}: shows the new
// address and a button.
func (h *Handler) EmailConfirmForm(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	t, err := auth.PeekToken(r.Context(), h.store.Pool(), token, auth.PurposeEmailChange, h.now())
	if err != nil {
		if tokenPage(w, r, err, "/konto", "Till ditt konto, där du kan be om en ny länk") {
			return nil
		}
		return err
	}
	render(w, r, http.StatusOK, "Bekräfta ny e-postadress", EmailConfirmPage(token, t.NewEmail))
	return nil
}

// EmailConfirm handles POST /konto/epost/bekrafta/{token}: switches the
// account to the new address and tells the old address that it did.
func (h *Handler) EmailConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx, now, token := r.Context(), h.now(), chi.URLParam(r, "token")
	err := h.store.InTx(ctx, func(tx pgx.Tx) error {
		t, err := auth.UseToken(ctx, tx, token, auth.PurposeEmailChange, now)
		if err != nil {
			return err
		}
		old, err := h.store.byID(ctx, tx, t.UserID)
		if err != nil {
			return err
		}
		// Reset links went to the old address: they must not work after it
		// stopped being the account's.
		if err := auth.RetireTokens(ctx, tx, old.ID, now, auth.PurposeReset); err != nil {
			return err
		}
		if err := h.store.setEmail(ctx, tx, old.ID, t.NewEmail, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.FromRequest(r, audit.Entry{Action: audit.EmailChanged,
			ActorID: &old.ID, ActorName: old.Name, TargetUserID: &old.ID, Target: mail.MaskAddress(t.NewEmail),
			Detail: map[string]any{"from": mail.MaskAddress(old.Email), "to": mail.MaskAddress(t.NewEmail)}})); err != nil {
			return err
		}
		return h.send(ctx, tx, old.Email, tokenKey("email-changed", token), "Din e-postadress är ändrad",
			EmailChangedMail(mail.MaskAddress(t.NewEmail), h.link("/glomt-losenord")))
	})
	switch {
	case errors.Is(err, ErrEmailTaken):
		render(w, r, http.StatusConflict, "Adressen används redan", TokenErrorPage(TokenErrorView{
			Heading: "Adressen används redan",
			Message: "Ett annat konto har fått den här e-postadressen sedan länken skickades, så den kan inte bli din. Din gamla adress gäller fortfarande.",
			Again:   "/konto", AgainText: "Till ditt konto"}))
		return nil
	case err != nil:
		if tokenPage(w, r, err, "/konto", "Till ditt konto, där du kan be om en ny länk") {
			return nil
		}
		return err
	}
	if auth.UserFrom(ctx) != nil {
		httpx.SeeOther(w, r, "/konto", "epost")
	} else {
		httpx.SeeOther(w, r, "/logga-in", "epost")
	}
	return nil
}

// UpdatePassword handles POST /konto/losenord: with the current password,
// sets a new one and ends every other session of the account; this one
// stays signed in. The address gets a notice, in case it was not its owner.
func (h *Handler) UpdatePassword(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), auth.UserFrom(r.Context())
	current := f.Raw("nuvarande-losenord")
	f.Check(current != "", "nuvarande-losenord", "Skriv ditt nuvarande lösenord.")
	pw := readNewPassword(f, "nytt-losenord", "nytt-losenord2", u.Email)
	f.Check(f.Error("nytt-losenord") != "" || pw != current, "nytt-losenord", "Det nya lösenordet måste skilja sig från det nuvarande.")
	if f.Valid() {
		msg, err := h.reauth(ctx, r, u, current)
		if err != nil {
			return err
		}
		f.Check(msg == "", "nuvarande-losenord", msg)
	}
	if !f.Valid() {
		return h.showInvalid(w, r, f, nil)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	now := h.now()
	err = h.store.InTx(ctx, func(tx pgx.Tx) error {
		c, err := h.store.setPassword(ctx, tx, u.ID, hash, false, now)
		if err != nil {
			return err
		}
		if err := auth.EndSessions(ctx, tx, u.ID, u.SessionHash); err != nil {
			return err
		}
		if err := auth.RetireTokens(ctx, tx, u.ID, now, auth.PurposeReset, auth.PurposeEmailChange); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.FromRequest(r, audit.Entry{Action: audit.PasswordChanged,
			TargetUserID: &u.ID, Target: mail.MaskAddress(c.Email)})); err != nil {
			return err
		}
		key := "password-changed:" + strconv.FormatInt(u.ID, 10) + ":" + strconv.FormatInt(now.UnixNano(), 10)
		return h.send(ctx, tx, c.Email, key, "Ditt lösenord är bytt", PasswordChangedMail(h.link("/glomt-losenord")))
	})
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/konto", "losenord")
}

// EndSession handles POST /konto/sessioner/{ref}/avsluta: ends one of the
// user's sessions. Ending the current one signs out.
func (h *Handler) EndSession(w http.ResponseWriter, r *http.Request) error {
	ctx, u, ref := r.Context(), auth.UserFrom(r.Context()), chi.URLParam(r, "ref")
	current := ref == hex.EncodeToString(u.SessionHash)
	err := h.store.InTx(ctx, func(tx pgx.Tx) error {
		ok, err := auth.EndSession(ctx, tx, u.ID, ref)
		if err != nil {
			return err
		}
		if !ok {
			// Someone else's session, or one already ended: the same 404.
			return httpx.NotFound("session")
		}
		entry := audit.Entry{Action: audit.SessionsEnded, TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email),
			Detail: map[string]any{"count": 1}}
		if current {
			entry = audit.Entry{Action: audit.SignOut, TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email)}
		}
		return audit.Record(ctx, tx, audit.FromRequest(r, entry))
	})
	if err != nil {
		return err
	}
	if current {
		if err := h.sessions.SignOut(w, r); err != nil {
			return err
		}
		return httpx.SeeOther(w, r, "/logga-in", "utloggad")
	}
	return httpx.SeeOther(w, r, "/konto", "session")
}
