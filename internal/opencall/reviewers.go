package opencall

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"residens/internal/admin"
	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
)

// The reviewer forms' field names.
const (
	fReviewerKind = "granskare"
	fConsultant   = "konsult"
	fJurorName    = "jury-namn"
	fJurorEmail   = "jury-epost"
)

// The values of fReviewerKind: which of the two forms was sent.
const (
	addConsultant = "konsult"
	addJuror      = "jury"
)

// AddReviewer handles POST /konsulent/utlysningar/{id}/granskare: adds a
// consultant chosen in the menu, or a juror by name and address. A juror
// without an account gets one (role juror, no password) and an invitation
// e-mail through the admin area's invitation store, so the link opens the
// same /inbjudan page as every other invitation; an address that already
// has a juror's or consultant's account adds that account.
func (h *Handler) AddReviewer(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := callID(r)
	if err != nil {
		return err
	}
	c, err := h.load(ctx, id)
	if err != nil {
		return err
	}
	hf, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	switch hf.Values.Get(fReviewerKind) {
	case addConsultant:
		return h.addConsultant(w, r, c, hf)
	case addJuror:
		return h.addJuror(w, r, c, hf)
	}
	return h.renderShow(w, r, http.StatusUnprocessableEntity, id, func(v *ShowView) {
		v.Refused = "Välj en konsulent eller skriv namn och e-postadress till en jurymedlem."
	})
}

func (h *Handler) addConsultant(w http.ResponseWriter, r *http.Request, c *Call, hf *httpx.Form) error {
	ctx := r.Context()
	userID, _ := strconv.ParseInt(hf.Get(fConsultant, 20, false), 10, 64)
	var u *admin.User
	if userID > 0 {
		var err error
		u, err = h.users.User(ctx, userID)
		if err != nil && httpx.ErrorCode(err) != httpx.CodeNotFound {
			return err
		}
	}
	if u == nil || u.Role != auth.RoleConsultant || u.DisabledAt != nil {
		hf.Add(fConsultant, "Välj en konsulent i listan.")
		return h.renderShow(w, r, http.StatusUnprocessableEntity, c.ID, func(v *ShowView) { v.Errors = hf.Errors() })
	}
	return h.assign(w, r, c, u)
}

// assign adds an existing account as reviewer and goes back to the
// overview.
func (h *Handler) assign(w http.ResponseWriter, r *http.Request, c *Call, u *admin.User) error {
	added, err := h.store.AddReviewer(r.Context(), audit.FromRequest(r, audit.Entry{}), c, u)
	if err != nil {
		return err
	}
	code := "granskare-tillagd"
	if !added {
		code = "redan-granskare"
	}
	return httpx.SeeOther(w, r, Path(c.ID), code)
}

func (h *Handler) addJuror(w http.ResponseWriter, r *http.Request, c *Call, hf *httpx.Form) error {
	ctx := r.Context()
	name := hf.Get(fJurorName, admin.MaxNameLength, false)
	email := hf.Get(fJurorEmail, mail.MaxAddressLength, false)
	hf.Check(name != "", fJurorName, "Skriv jurymedlemmens namn.")
	switch {
	case email == "":
		hf.Add(fJurorEmail, "Skriv jurymedlemmens e-postadress.")
	case !mail.ValidAddress(email):
		hf.Add(fJurorEmail, "Skriv en giltig e-postadress, till exempel namn@exempel.se.")
	}
	again := func(status int) error {
		return h.renderShow(w, r, status, c.ID, func(v *ShowView) {
			v.Errors, v.JurorName, v.JurorEmail = hf.Errors(), name, email
		})
	}
	if !hf.Valid() {
		return again(http.StatusUnprocessableEntity)
	}
	existing, err := h.users.UserByEmail(ctx, email)
	switch {
	case err == nil:
		switch {
		case existing.DisabledAt != nil:
			hf.Add(fJurorEmail, "Kontot med den här adressen är spärrat. En administratör kan öppna det igen.")
		case existing.Role == auth.RoleJuror || existing.Role == auth.RoleConsultant || existing.Role == auth.RoleAdmin:
			return h.assign(w, r, c, existing)
		default:
			hf.Add(fJurorEmail, "Adressen hör till ett konto som "+strings.ToLower(existing.Role.Label())+
				". En jurymedlem behöver ett eget konto: använd en annan e-postadress.")
		}
		return again(http.StatusUnprocessableEntity)
	case httpx.ErrorCode(err) != httpx.CodeNotFound:
		return err
	}
	err = h.store.InviteJuror(ctx, audit.FromRequest(r, audit.Entry{}), c, name, email)
	if errors.Is(err, admin.ErrEmailTaken) {
		// Someone created an account with the address a moment ago.
		hf.Add(fJurorEmail, "Det finns redan ett konto med den här adressen. Skicka formuläret igen för att lägga till det.")
		return again(http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, Path(c.ID), "jury-inbjuden")
}

// RemoveReviewer handles POST /konsulent/utlysningar/{id}/granskare/{user}/ta-bort:
// takes a reviewer off the call, unless they have scored applications
// (409, with the reason on the overview).
func (h *Handler) RemoveReviewer(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := callID(r)
	if err != nil {
		return err
	}
	userID, err := httpx.PathID(r, "user", "reviewer")
	if err != nil {
		return err
	}
	c, err := h.load(ctx, id)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	err = h.store.RemoveReviewer(ctx, audit.FromRequest(r, audit.Entry{}), c, userID)
	if errors.Is(err, ErrHasScored) {
		return h.renderShow(w, r, http.StatusConflict, id, func(v *ShowView) {
			v.Refused = "Granskaren kan inte tas bort eftersom hen redan har satt poäng på ansökningar i utlysningen. Poängen ingår i rangordningen, och den som satt dem ska gå att se."
		})
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, Path(id), "granskare-borttagen")
}
