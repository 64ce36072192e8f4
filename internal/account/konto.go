package account

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
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
	if err := h.store.SetName(ctx, audit.FromRequest(r, audit.Entry{}), u, name); err != nil {
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
	if err := h.store.RequestEmailChange(ctx, u, email); err != nil {
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
	ctx, token := r.Context(), chi.URLParam(r, "token")
	err := h.store.ConfirmEmail(ctx, audit.FromRequest(r, audit.Entry{}), token)
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
	if err := h.store.ChangePassword(ctx, audit.FromRequest(r, audit.Entry{}), u, hash); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/konto", "losenord")
}

// EndSession handles POST /konto/sessioner/{ref}/avsluta: ends one of the
// user's sessions. Ending the current one signs out.
func (h *Handler) EndSession(w http.ResponseWriter, r *http.Request) error {
	ctx, u, ref := r.Context(), auth.UserFrom(r.Context()), chi.URLParam(r, "ref")
	current := ref == hex.EncodeToString(u.SessionHash)
	// Someone else's session, or one already ended, is the same 404.
	if err := h.store.EndSession(ctx, audit.FromRequest(r, audit.Entry{}), u, ref); err != nil {
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
