package account

import (
	"net/http"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/web/ui"
)

// signInFlash are the confirmations the sign-in page shows after a
// redirect (?klart=code): a fixed list, so the query cannot put text on the
// page.
var signInFlash = map[string]string{
	"bekraftad": "Din e-postadress är bekräftad. Nu kan du logga in.",
	"losenord":  "Ditt lösenord är ändrat och alla inloggningar på kontot är avslutade. Logga in med det nya lösenordet.",
	"utloggad":  "Du är utloggad.",
	"epost":     "Din e-postadress är ändrad. Logga in med den nya adressen.",
}

// badCredentials is the one answer to a wrong address, a wrong password
// and a disabled account alike.
const badCredentials = "Fel e-postadress eller lösenord. Kontrollera stavningen och försök igen."

// SignInForm handles GET /logga-in; nasta is where to go after signing
// in, a path on this site.
func (h *Handler) SignInForm(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r.URL.RawQuery)
	v := SignInView{Next: auth.SafeNext(q.String("nasta", maxNext))}
	if u := auth.UserFrom(r.Context()); u != nil {
		v.SignedInAs = u.Name
	}
	renderPage(w, r, http.StatusOK, ui.Page{Title: "Logga in", Flash: signInFlash[q.String("klart", 20)]}, SignInPage(v))
	return nil
}

// outcome is how a sign-in attempt ended.
type outcome int

const (
	signedIn outcome = iota
	throttled
	failed
	unverified
)

// SignIn handles POST /logga-in.
func (h *Handler) SignIn(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	v := SignInView{Email: f.Get("epost", MaxEmail, false), Next: auth.SafeNext(f.Get("nasta", maxNext, false))}
	pw := f.Raw("losenord")
	f.Check(v.Email != "", "epost", "Skriv din e-postadress.")
	f.Check(pw != "", "losenord", "Skriv ditt lösenord.")
	if !f.Valid() {
		v.Errors = f.Errors()
		render(w, r, http.StatusUnprocessableEntity, "Logga in", SignInPage(v))
		return nil
	}
	res, th, err := h.store.SignIn(r.Context(), audit.FromRequest(r, audit.Entry{}), v.Email, pw,
		func(tx pgx.Tx, id int64) error { return h.sessions.SignIn(w, r, tx, id) })
	if err != nil {
		return err
	}
	switch res {
	case throttled:
		v.Alert = th.Message()
		render(w, r, http.StatusTooManyRequests, "Logga in", SignInPage(v))
	case failed:
		v.Alert = badCredentials
		render(w, r, http.StatusUnprocessableEntity, "Logga in", SignInPage(v))
	case unverified:
		v.Alert = "Du behöver bekräfta din e-postadress innan du kan logga in. Öppna länken i meddelandet vi skickade när du registrerade dig, eller beställ en ny länk här nedanför."
		v.Unverified = true
		render(w, r, http.StatusForbidden, "Logga in", SignInPage(v))
	default:
		http.Redirect(w, r, v.Next, http.StatusSeeOther)
	}
	return nil
}

// SignOutForm handles GET /logga-ut: signing out changes state, so a GET
// only shows the button.
func (h *Handler) SignOutForm(w http.ResponseWriter, r *http.Request) error {
	render(w, r, http.StatusOK, "Logga ut", SignOutPage(auth.UserFrom(r.Context()) != nil))
	return nil
}

// SignOut handles POST /logga-ut: deletes the session row and clears the
// cookie.
func (h *Handler) SignOut(w http.ResponseWriter, r *http.Request) error {
	if u := auth.UserFrom(r.Context()); u != nil {
		if err := h.store.SignOut(r.Context(), audit.FromRequest(r, audit.Entry{}), u); err != nil {
			return err
		}
	}
	if err := h.sessions.SignOut(w, r); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/logga-in", "utloggad")
}
