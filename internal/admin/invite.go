package admin

import (
	"errors"
	"net/http"
	"strings"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/web/ui"
)

// InvitableRoles are the roles an admin may invite to. Artists register
// themselves.
var InvitableRoles = []auth.Role{auth.RoleConsultant, auth.RoleMunicipality, auth.RoleAdmin}

// InviteView is the model of an invitation form, as sent or empty.
type InviteView struct {
	// Admin offers the choice of role; the consultants' form invites
	// municipality officers only.
	Admin  bool
	Action string
	Name   string
	Email  string
	Role   string
	// Municipality is the chosen municipality's slug.
	Municipality   string
	Municipalities []Municipality
	Errors         ui.FieldErrors
}

// Title is the heading of the form's page.
func (v InviteView) Title() string {
	if v.Admin {
		return "Bjud in en användare"
	}
	return "Bjud in en kommunhandläggare"
}

// inviteFlashes are the confirmations the invitation form shows after a
// redirect (the consultants' form comes back to itself).
var inviteFlashes = map[string]string{
	"inbjuden": "Inbjudan har skickats. Länken i e-postmeddelandet gäller i 7 dagar.",
}

// NewInvite handles GET /admin/anvandare/bjud-in: the form where an admin
// invites a consultant, a municipality officer or an admin.
func (h *Handler) NewInvite(w http.ResponseWriter, r *http.Request) error {
	return h.renderInvite(w, r, http.StatusOK, InviteView{Admin: true, Action: "/admin/anvandare/bjud-in"})
}

// CreateInvite handles POST /admin/anvandare/bjud-in: creates the account
// and sends the invitation, then shows the new user's page.
func (h *Handler) CreateInvite(w http.ResponseWriter, r *http.Request) error {
	return h.invite(w, r, InviteView{Admin: true, Action: "/admin/anvandare/bjud-in"})
}

// NewMunicipalityInvite handles GET /konsulent/inbjudan: the form where a
// consultant (or an admin) invites a municipality officer.
func (h *Handler) NewMunicipalityInvite(w http.ResponseWriter, r *http.Request) error {
	return h.renderInvite(w, r, http.StatusOK, InviteView{Action: "/konsulent/inbjudan"})
}

// CreateMunicipalityInvite handles POST /konsulent/inbjudan: creates the
// municipality officer's account and sends the invitation.
func (h *Handler) CreateMunicipalityInvite(w http.ResponseWriter, r *http.Request) error {
	return h.invite(w, r, InviteView{Action: "/konsulent/inbjudan"})
}

func (h *Handler) renderInvite(w http.ResponseWriter, r *http.Request, status int, v InviteView) error {
	ms, err := h.store.Municipalities(r.Context())
	if err != nil {
		return err
	}
	v.Municipalities = ms
	httpx.Render(w, r, status, ui.Page{Title: v.Title(), Flash: httpx.Flash(r, inviteFlashes)}, InvitePage(v))
	return nil
}

const emailTakenMessage = "Det finns redan ett konto med den här e-postadressen."

func (h *Handler) invite(w http.ResponseWriter, r *http.Request, v InviteView) error {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	ctx := r.Context()
	v.Name = f.Get("namn", MaxNameLength, false)
	v.Email = f.Get("epost", MaxEmailLength, false)
	v.Municipality = f.Get("kommun", 80, false)
	role := auth.RoleMunicipality
	if v.Admin {
		v.Role = f.Get("roll", 40, false)
		role = auth.Role(v.Role)
	}
	f.Check(v.Name != "", "namn", "Skriv namnet på den du bjuder in.")
	switch {
	case v.Email == "":
		f.Add("epost", "Skriv e-postadressen.")
	case !mail.ValidAddress(v.Email):
		f.Add("epost", "Skriv en giltig e-postadress, till exempel namn@kommun.se.")
	default:
		taken, err := h.store.EmailTaken(ctx, v.Email)
		if err != nil {
			return err
		}
		f.Check(!taken, "epost", emailTakenMessage)
	}
	invitable := false
	for _, x := range InvitableRoles {
		invitable = invitable || x == role
	}
	f.Check(invitable, "roll", "Välj en roll.")
	m, err := h.municipalityField(r, f, role, v.Municipality)
	if err != nil {
		return err
	}
	if !f.Valid() {
		v.Errors = f.Errors()
		return h.renderInvite(w, r, http.StatusUnprocessableEntity, v)
	}
	inv := Invitation{Email: v.Email, Name: v.Name, Role: role}
	if m != nil {
		inv.MunicipalityID = &m.ID
	}
	by := audit.FromRequest(r, audit.Entry{})
	id, err := h.store.Invite(ctx, by, inv, h.notify(by.ActorName))
	if errors.Is(err, ErrEmailTaken) {
		// Someone took the address between the check and the insert.
		f.Add("epost", emailTakenMessage)
		v.Errors = f.Errors()
		return h.renderInvite(w, r, http.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	if v.Admin {
		return redirect(w, r, id, "inbjuden")
	}
	return httpx.SeeOther(w, r, "/konsulent/inbjudan", "inbjuden")
}

// roleOptions are the choices of the role menus.
func roleOptions(roles []auth.Role) []ui.Option {
	out := make([]ui.Option, 0, len(roles))
	for _, r := range roles {
		out = append(out, ui.Option{Value: string(r), Label: r.Label()})
	}
	return out
}

func municipalityOptions(ms []Municipality) []ui.Option {
	out := make([]ui.Option, 0, len(ms))
	for _, m := range ms {
		out = append(out, ui.Option{Value: m.Slug, Label: m.Name})
	}
	return out
}

// roleIn is a role within a sentence, with the municipality when there is
// one: "kommunhandläggare i Nacka".
func roleIn(r auth.Role, municipality string) string {
	s := strings.ToLower(r.Label())
	if municipality != "" {
		s += " i " + municipality
	}
	return s
}
