package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/web/ui"
)

// MaxQueryLength bounds the search fields; longer input is cut with a notice.
const MaxQueryLength = 100

// userFlashes are the confirmations a user's page shows after a change,
// chosen by the fixed code in ?klart= (no text from the query is shown).
var userFlashes = map[string]string{
	"roll":        "Rollen är ändrad. Användarens sessioner har avslutats, så nästa inloggning får den nya rollen.",
	"oforandrad":  "Inget ändrades.",
	"sparrad":     "Kontot är spärrat och alla dess sessioner är avslutade.",
	"oppnad":      "Kontot är öppnat igen.",
	"sessioner":   "Alla användarens sessioner är avslutade.",
	"inbjuden":    "Inbjudan har skickats. Länken i e-postmeddelandet gäller i 7 dagar.",
	"ny-inbjudan": "En ny inbjudan har skickats. Den tidigare länken fungerar inte längre.",
}

// Values are the list's filters as query parameters, without the page.
func (f Filter) Values() url.Values {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.Role != "" {
		v.Set("roll", string(f.Role))
	}
	if f.Municipality != nil {
		v.Set("kommun", f.Municipality.Slug)
	}
	return v
}

// Active reports whether any filter narrows the list.
func (f Filter) Active() bool { return f.Query != "" || f.Role != "" || f.Municipality != nil }

// ListView is the model of the list of users.
type ListView struct {
	Filter         Filter
	Municipalities []Municipality
	Items          []*User
	Total          int
	Pager          ui.Pager
}

// List handles GET /admin/anvandare: every account, with a search on name or
// e-mail address (q), filters on role (roll) and municipality (kommun), and
// paging (sida).
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ms, err := h.store.Municipalities(ctx)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	f := Filter{Query: q.String("q", MaxQueryLength), Page: q.Page("sida")}
	if s := q.String("roll", 40); s != "" {
		if role := auth.Role(s); role.Valid() {
			f.Role = role
		} else {
			q.Notef("Rollen ”" + httpx.Clip(s, 40) + "” finns inte och filtret har tagits bort.")
		}
	}
	if s := q.String("kommun", 80); s != "" {
		if m := findMunicipality(ms, s); m != nil {
			f.Municipality = m
		} else {
			q.Notef("Kommunen ”" + httpx.Clip(s, 40) + "” finns inte och filtret har tagits bort.")
		}
	}
	total, err := h.store.CountUsers(ctx, f)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte; du ser den sista sidan.")
		f.Page = max(pages, 1)
	}
	var items []*User
	if total > 0 {
		if items, err = h.store.ListUsers(ctx, f); err != nil {
			return err
		}
	}
	v := ListView{Filter: f, Municipalities: ms, Items: items, Total: total,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: "/admin/anvandare", Query: f.Values(), Param: "sida"}}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Användare", Notices: q.Notices}, ListPage(v))
	return nil
}

func findMunicipality(ms []Municipality, slug string) *Municipality {
	for i := range ms {
		if ms[i].Slug == slug {
			return &ms[i]
		}
	}
	return nil
}

// RoleForm is the form that changes a user's role and municipality, as sent
// or as stored.
type RoleForm struct {
	Role         string
	Municipality string
	Errors       ui.FieldErrors
}

// ShowView is the model of one user's page.
type ShowView struct {
	U *User
	// Self says the admin is looking at their own account.
	Self           bool
	Sessions       int
	Log            []LogEntry
	Municipalities []Municipality
	RoleForm       RoleForm
	// Problem says why a change was refused.
	Problem string
}

// userID reads the {id} of the path; anything but a positive number is the
// 404 page, without a query.
func userID(r *http.Request) (int64, error) {
	s := chi.URLParam(r, "id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != s {
		return 0, httpx.NotFound("user %q", httpx.Clip(s, 30))
	}
	return id, nil
}

// Show handles GET /admin/anvandare/{id}: the account's details, its active
// sessions and recent audit entries, and the forms that change it.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, id, nil)
}

// renderShow renders the user's page with status, after adjust has filled
// in what the request adds (a refused form); the flash comes from the
// address, which only a redirect after a change carries.
func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, id int64, adjust func(*ShowView)) error {
	ctx := r.Context()
	u, err := h.store.User(ctx, id)
	if err != nil {
		return err
	}
	n, err := h.store.ActiveSessions(ctx, id)
	if err != nil {
		return err
	}
	log, err := h.store.LogAbout(ctx, id, 10)
	if err != nil {
		return err
	}
	ms, err := h.store.Municipalities(ctx)
	if err != nil {
		return err
	}
	me := auth.UserFrom(ctx)
	v := ShowView{U: u, Self: me != nil && me.ID == id, Sessions: n, Log: log, Municipalities: ms,
		RoleForm: RoleForm{Role: string(u.Role), Municipality: u.MunicipalitySlug}}
	if adjust != nil {
		adjust(&v)
	}
	httpx.Render(w, r, status, ui.Page{Title: u.Name + " – användare", Flash: httpx.Flash(r, userFlashes)}, ShowPage(v))
	return nil
}

// lastAdminMessage is what an admin is told who tries to leave the portal
// without an enabled admin.
const lastAdminMessage = "Det här är det sista aktiva administratörskontot. Det kan inte spärras eller få en annan roll förrän det finns en annan administratör; skapa en med kommandot residens user create eller bjud in en först."

// UpdateRole handles POST /admin/anvandare/{id}/roll: a new role and
// municipality (required for, and only for, a municipality officer). The
// user's sessions end, so no session carries the old role; an admin who
// changes their own role is signed in anew.
func (h *Handler) UpdateRole(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	ctx := r.Context()
	rf := RoleForm{Role: f.Get("roll", 40, false), Municipality: f.Get("kommun", 80, false)}
	role := auth.Role(rf.Role)
	f.Check(role.Valid(), "roll", "Välj en roll.")
	m, err := h.municipalityField(r, f, role, rf.Municipality)
	if err != nil {
		return err
	}
	if !f.Valid() {
		rf.Errors = f.Errors()
		return h.renderShow(w, r, http.StatusUnprocessableEntity, id, func(v *ShowView) { v.RoleForm = rf })
	}
	var mid *int64
	if m != nil {
		mid = &m.ID
	}
	me := auth.UserFrom(ctx)
	self := me != nil && me.ID == id
	var signIn func(pgx.Tx) error
	if self {
		signIn = func(tx pgx.Tx) error { return h.sessions.SignIn(w, r, tx, id) }
	}
	changed, err := h.store.ChangeRole(ctx, audit.FromRequest(r, audit.Entry{}), id, role, mid, signIn)
	if errors.Is(err, ErrLastAdmin) {
		return h.renderShow(w, r, http.StatusConflict, id, func(v *ShowView) { v.RoleForm = rf; v.Problem = lastAdminMessage })
	}
	if err != nil {
		return err
	}
	switch {
	case !changed:
		return redirect(w, r, id, "oforandrad")
	case self && role != auth.RoleAdmin:
		// The admin pages are closed to the new role.
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return redirect(w, r, id, "roll")
}

// municipalityField checks the kommun field against role: required for the
// municipality role, refused for the others, and one of the municipalities.
func (h *Handler) municipalityField(r *http.Request, f *httpx.Form, role auth.Role, slug string) (*Municipality, error) {
	switch {
	case slug == "" && role == auth.RoleMunicipality:
		f.Add("kommun", "Välj vilken kommun kommunhandläggaren hör till.")
		return nil, nil
	case slug == "":
		return nil, nil
	case role.Valid() && role != auth.RoleMunicipality:
		f.Add("kommun", "Bara en kommunhandläggare hör till en kommun. Välj ”Ingen kommun” eller rollen kommunhandläggare.")
		return nil, nil
	}
	m, err := h.store.MunicipalityBySlug(r.Context(), slug)
	if errors.Is(err, ErrUnknownMunicipality) {
		f.Add("kommun", "Välj en kommun i listan.")
		return nil, nil
	}
	return m, err
}

func redirect(w http.ResponseWriter, r *http.Request, id int64, code string) error {
	return httpx.SeeOther(w, r, "/admin/anvandare/"+strconv.FormatInt(id, 10), code)
}

// Disable handles POST /admin/anvandare/{id}/sparra: the account can no
// longer sign in and every session it has ends.
func (h *Handler) Disable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, true)
}

// Enable handles POST /admin/anvandare/{id}/oppna: a disabled account may
// sign in again.
func (h *Handler) Enable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, false)
}

func (h *Handler) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	changed, err := h.store.SetDisabled(r.Context(), audit.FromRequest(r, audit.Entry{}), id, disabled, nil)
	if errors.Is(err, ErrLastAdmin) {
		return h.renderShow(w, r, http.StatusConflict, id, func(v *ShowView) { v.Problem = lastAdminMessage })
	}
	if err != nil {
		return err
	}
	switch {
	case !changed:
		return redirect(w, r, id, "oforandrad")
	case disabled && isSelf(r, id):
		// Their own session has just ended.
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	case disabled:
		return redirect(w, r, id, "sparrad")
	}
	return redirect(w, r, id, "oppnad")
}

func isSelf(r *http.Request, id int64) bool {
	me := auth.UserFrom(r.Context())
	return me != nil && me.ID == id
}

// EndSessions handles POST /admin/anvandare/{id}/avsluta-sessioner: every
// session of the user ends, so each device must sign in again.
func (h *Handler) EndSessions(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	if _, err := h.store.EndSessions(r.Context(), audit.FromRequest(r, audit.Entry{}), id); err != nil {
		return err
	}
	if isSelf(r, id) {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	return redirect(w, r, id, "sessioner")
}

// Reinvite handles POST /admin/anvandare/{id}/bjud-in-igen: a new invitation
// e-mail with a new link, for a user who has not accepted yet; the old link
// stops working.
func (h *Handler) Reinvite(w http.ResponseWriter, r *http.Request) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	by := audit.FromRequest(r, audit.Entry{})
	err = h.store.Reinvite(r.Context(), by, id, h.notify(by.ActorName))
	switch {
	case errors.Is(err, ErrAccepted):
		return h.renderShow(w, r, http.StatusConflict, id, func(v *ShowView) {
			v.Problem = "Användaren har redan antagit inbjudan och valt ett lösenord, så ingen ny inbjudan behövs."
		})
	case errors.Is(err, ErrDisabled):
		return h.renderShow(w, r, http.StatusConflict, id, func(v *ShowView) {
			v.Problem = "Kontot är spärrat. Öppna det innan du skickar en ny inbjudan."
		})
	case err != nil:
		return err
	}
	return redirect(w, r, id, "ny-inbjudan")
}
