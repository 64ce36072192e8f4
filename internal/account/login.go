package account

import (
	"context"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
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
	var res outcome
	var th auth.Throttle
	err = h.store.InTx(r.Context(), func(tx pgx.Tx) error {
		var err error
		res, th, err = h.attempt(r.Context(), tx, w, r, v.Email, pw)
		return err
	})
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

// attempt checks one sign-in in tx: the throttle first (a refused attempt
// checks no password and is not counted), then the password, against a
// dummy hash when the address has no account so that both cost the same.
// A failure is counted under the typed address whether or not it has an
// account; a success clears the account's failures and starts a session.
func (h *Handler) attempt(ctx context.Context, tx pgx.Tx, w http.ResponseWriter, r *http.Request, email, pw string) (outcome, auth.Throttle, error) {
	now, ip := h.now(), auth.ClientIP(r)
	th, err := auth.CheckThrottle(ctx, tx, email, ip, now)
	if err != nil || !th.Allowed() {
		return throttled, th, err
	}
	c, err := h.store.byEmail(ctx, tx, email)
	if err != nil && !errors.Is(err, ErrNoAccount) {
		return failed, th, err
	}
	ok, err := checkPassword(c, pw)
	if err != nil {
		return failed, th, err
	}
	if !ok || c.DisabledAt != nil {
		entry := audit.Entry{Action: audit.SignInFailed, Target: mail.MaskAddress(email)}
		switch {
		case c == nil:
			entry.Detail = map[string]any{"reason": "unknown address"}
		case !ok:
			entry.TargetUserID, entry.Detail = &c.ID, map[string]any{"reason": "wrong password"}
		default:
			entry.TargetUserID, entry.Detail = &c.ID, map[string]any{"reason": "account disabled"}
		}
		if err := auth.RecordFailure(ctx, tx, email, ip, now); err != nil {
			return failed, th, err
		}
		return failed, th, audit.Record(ctx, tx, audit.FromRequest(r, entry))
	}
	if c.EmailVerifiedAt == nil {
		return unverified, th, nil
	}
	if err := auth.ClearFailures(ctx, tx, email); err != nil {
		return failed, th, err
	}
	if err := h.sessions.SignIn(w, r, tx, c.ID); err != nil {
		return failed, th, err
	}
	return signedIn, th, audit.Record(ctx, tx, audit.FromRequest(r, audit.Entry{Action: audit.SignIn,
		ActorID: &c.ID, ActorName: c.Name, TargetUserID: &c.ID, Target: mail.MaskAddress(c.Email)}))
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
		ctx := r.Context()
		err := h.store.InTx(ctx, func(tx pgx.Tx) error {
			if _, err := auth.EndSession(ctx, tx, u.ID, hex.EncodeToString(u.SessionHash)); err != nil {
				return err
			}
			return audit.Record(ctx, tx, audit.FromRequest(r, audit.Entry{Action: audit.SignOut,
				TargetUserID: &u.ID, Target: mail.MaskAddress(u.Email)}))
		})
		if err != nil {
			return err
		}
	}
	if err := h.sessions.SignOut(w, r); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/logga-in", "utloggad")
}
