package admin

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/web/ui"
)

// AcceptView is the model of the page an invitation link opens.
type AcceptView struct {
	U      *User
	Action string
	Name   string
	Errors ui.FieldErrors
}

// ShowInvitation handles GET /inbjudan/{token}: who the invitation is for,
// and the form that sets the password. Nothing changes until the form is
// sent.
func (h *Handler) ShowInvitation(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	privateTokenPage(w)
	u, err := h.store.Invitee(r.Context(), token)
	if err != nil {
		return h.tokenProblem(w, r, err)
	}
	v := AcceptView{U: u, Action: r.URL.Path, Name: u.Name}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Välkommen till Residens"}, AcceptPage(v))
	return nil
}

// AcceptInvitation handles POST /inbjudan/{token}: sets the name and
// password, marks the address verified, uses up the link and signs the
// invitee in, then sends them to /konto (a juror to /jury).
func (h *Handler) AcceptInvitation(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	privateTokenPage(w)
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	ctx := r.Context()
	u, err := h.store.Invitee(ctx, token)
	if err != nil {
		return h.tokenProblem(w, r, err)
	}
	v := AcceptView{U: u, Action: r.URL.Path, Name: f.Get("namn", MaxNameLength, false)}
	pw := f.Raw("losenord")
	f.Check(v.Name != "", "namn", "Skriv ditt namn.")
	if msg := auth.CheckPassword(pw, u.Email); msg != "" {
		f.Add("losenord", msg)
	} else if f.Raw("losenord2") != pw {
		f.Add("losenord2", "Lösenorden är inte lika. Skriv samma lösenord i båda fälten.")
	}
	if !f.Valid() {
		v.Errors = f.Errors()
		httpx.Render(w, r, http.StatusUnprocessableEntity, ui.Page{Title: "Välkommen till Residens"}, AcceptPage(v))
		return nil
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	_, err = h.store.AcceptInvite(ctx, token, v.Name, hash, auth.ClientIP(r), func(tx pgx.Tx, id int64) error {
		return h.sessions.SignIn(w, r, tx, id)
	})
	if err != nil {
		// A second click of the button finds the link used.
		return h.tokenProblem(w, r, err)
	}
	// A juror's account is for reviewing and nothing else: their
	// assignments are on /jury, so that is where they start.
	dest := "/konto"
	if u.Role == auth.RoleJuror {
		dest = "/jury"
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}

// privateTokenPage keeps a page whose URL holds a token out of caches and
// out of the Referer header of links followed from it.
func privateTokenPage(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

// tokenProblem renders the page for a link that does not work: unknown
// (404), used or expired (410), each saying what to do. Other errors pass
// through.
func (h *Handler) tokenProblem(w http.ResponseWriter, r *http.Request, err error) error {
	var status int
	var heading, message string
	switch {
	case errors.Is(err, auth.ErrTokenExpired):
		status, heading = http.StatusGone, "Inbjudan har gått ut"
		message = "En inbjudan gäller i 7 dagar och den här har slutat gälla, så be den som bjöd in dig att skicka en ny inbjudan."
	case errors.Is(err, ErrReplaced):
		status, heading = http.StatusGone, "Inbjudan har ersatts av en nyare"
		message = "Du har fått en nyare inbjudan, och bara länken i den senaste fungerar. Använd den, eller be den som bjöd in dig att skicka en ny inbjudan."
	case errors.Is(err, auth.ErrTokenUsed):
		status, heading = http.StatusGone, "Inbjudan är redan använd"
		message = "Inbjudan har redan använts för att välja lösenord. Logga in med din e-postadress och ditt lösenord."
	case errors.Is(err, auth.ErrTokenUnknown), httpx.ErrorCode(err) == httpx.CodeNotFound:
		status, heading = http.StatusNotFound, "Inbjudan finns inte"
		message = "Länken fungerar inte. Kontrollera att du har fått med hela adressen från e-postmeddelandet, eller be den som bjöd in dig att skicka en ny inbjudan."
	default:
		return err
	}
	httpx.Render(w, r, status, ui.Page{Title: heading}, InvitationProblemPage(heading, message, errors.Is(err, auth.ErrTokenUsed)))
	return nil
}
