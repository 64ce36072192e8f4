package opencall

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/admin"
	"residens/internal/audit"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/web/ui"
)

// Handler serves the consultants' call pages under /konsulent/utlysningar
// and the public ones under /utlysningar and /kommunkoreograf.
type Handler struct {
	store *Store
	users *admin.Store
	now   func() time.Time
}

// NewHandler returns the handler over pool. queue sends the jurors'
// invitations, whose links start with baseURL; now tells the time.
func NewHandler(pool *pgxpool.Pool, queue *mail.Queue, baseURL *url.URL, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	base := ""
	if baseURL != nil {
		base = strings.TrimSuffix(baseURL.String(), "/")
	}
	s := newStore(pool, queue, base, now)
	return &Handler{store: s, users: s.users, now: now}
}

// flashes are the confirmations a redirect names by code; a fixed list, so
// the address cannot put words on the page.
var flashes = map[string]string{
	"skapad":              "Utlysningen är sparad som utkast. Den syns inte för besökare förrän du publicerar den.",
	"sparad":              "Ändringarna är sparade.",
	"publicerad":          "Utlysningen är publicerad och syns nu på /utlysningar.",
	"granskare-tillagd":   "Granskaren är tillagd.",
	"redan-granskare":     "Personen är redan granskare av utlysningen.",
	"jury-inbjuden":       "Jurymedlemmen är inbjuden och tillagd som granskare. Inbjudan med en länk för att välja lösenord har skickats per e-post och gäller i 7 dagar.",
	"granskare-borttagen": "Granskaren är borttagen.",
}

// Path is the consultants' overview page of call id.
func Path(id int64) string { return "/konsulent/utlysningar/" + strconv.FormatInt(id, 10) }

func callID(r *http.Request) (int64, error) {
	return httpx.PathID(r, "id", "call")
}

// load reads call id for a consultant's page; an unknown id is the 404 page
// (ErrNotFound wraps db.ErrNotFound).
func (h *Handler) load(ctx context.Context, id int64) (*Call, error) {
	return h.store.Get(ctx, id)
}

// ListView is the model of the consultants' list of calls.
type ListView struct {
	Rows  []Row
	Total int
	Pager ui.Pager
	Now   time.Time
}

// List handles GET /konsulent/utlysningar: every call, drafts included,
// with its state and the number of submitted applications.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := httpx.NewQuery(r.URL.RawQuery)
	page := q.Page("sida")
	total, err := h.store.Count(ctx)
	if err != nil {
		return err
	}
	pages := (total + AdminPageSize - 1) / AdminPageSize
	if page > max(pages, 1) {
		q.Notef("Sidan finns inte längre; du ser den sista sidan.")
		page = max(pages, 1)
	}
	var rows []Row
	if total > 0 {
		if rows, err = h.store.List(ctx, page); err != nil {
			return err
		}
	}
	v := ListView{Rows: rows, Total: total, Now: h.now(),
		Pager: ui.Pager{Page: page, Pages: pages, Base: "/konsulent/utlysningar", Param: "sida"}}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Utlysningar", Notices: q.Notices, Flash: httpx.Flash(r, flashes)}, ListPage(v))
	return nil
}

// FormView is the model of the create and edit page.
type FormView struct {
	// Stored is the call as saved; nil on the create page.
	Stored         *Call
	Form           Form
	Municipalities []Municipality
	Errors         ui.FieldErrors
	// CriteriaLocked says applications have been submitted, so the
	// criteria are shown but cannot be changed.
	CriteriaLocked bool
	// Conflict says someone else saved the call since the form was loaded.
	Conflict bool
}

func (v FormView) action() string {
	if v.Stored == nil {
		return "/konsulent/utlysningar/ny"
	}
	return Path(v.Stored.ID) + "/andra"
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v FormView) error {
	ms, err := h.store.Municipalities(r.Context())
	if err != nil {
		return err
	}
	v.Municipalities = ms
	title := "Ny utlysning"
	if v.Stored != nil {
		title = "Ändra " + v.Stored.Title
	}
	httpx.Render(w, r, status, ui.Page{Title: title, Flash: httpx.Flash(r, flashes)}, FormPage(v))
	return nil
}

// NewForm handles GET /konsulent/utlysningar/ny.
func (h *Handler) NewForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderForm(w, r, http.StatusOK, FormView{Form: NewForm()})
}

// Create handles POST /konsulent/utlysningar/ny: the form again with its
// errors (422), or a new draft call and a redirect to its overview.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	hf, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return err
	}
	ms, err := h.store.Municipalities(ctx)
	if err != nil {
		return err
	}
	f, in := parseForm(hf, ms)
	if !hf.Valid() {
		return h.renderForm(w, r, http.StatusUnprocessableEntity, FormView{Form: f, Errors: hf.Errors()})
	}
	id, err := h.store.Create(ctx, audit.FromRequest(r, audit.Entry{}), in)
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, Path(id), "skapad")
}

// Edit handles GET /konsulent/utlysningar/{id}/andra: the form filled from
// the stored call.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := callID(r)
	if err != nil {
		return err
	}
	c, err := h.load(ctx, id)
	if err != nil {
		return err
	}
	locked, err := h.store.HasSubmitted(ctx, id)
	if err != nil {
		return err
	}
	return h.renderForm(w, r, http.StatusOK, FormView{Stored: c, Form: FormOf(c), CriteriaLocked: locked})
}

// Update handles POST /konsulent/utlysningar/{id}/andra: the form again
// with its errors (422), a refusal when someone else saved first (409) or
// the criteria may no longer change (422), or the saved call and a
// redirect to its overview.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := callID(r)
	if err != nil {
		return err
	}
	c, err := h.load(ctx, id)
	if err != nil {
		return err
	}
	hf, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return err
	}
	ms, err := h.store.Municipalities(ctx)
	if err != nil {
		return err
	}
	locked, err := h.store.HasSubmitted(ctx, id)
	if err != nil {
		return err
	}
	f, in := parseForm(hf, ms)
	v := FormView{Stored: c, Form: f, CriteriaLocked: locked}
	if locked && !sameCriteria(c.Criteria, in.Criteria) {
		hf.Add(fCriteria, criteriaLockedMessage)
	}
	if !hf.Valid() {
		v.Errors = hf.Errors()
		return h.renderForm(w, r, http.StatusUnprocessableEntity, v)
	}
	err = h.store.Update(ctx, audit.FromRequest(r, audit.Entry{}), id, f.Version, in)
	switch {
	case errors.Is(err, ErrConflict):
		// The form now stands on the stored version: sending it again
		// saves what the editor typed over the other change, knowingly.
		cur, lerr := h.load(ctx, id)
		if lerr != nil {
			return lerr
		}
		v.Stored, v.Form.Version, v.Conflict = cur, cur.Version, true
		return h.renderForm(w, r, http.StatusConflict, v)
	case errors.Is(err, ErrCriteriaLocked):
		// Applications came in between the check above and the save.
		v.CriteriaLocked = true
		v.Errors = []ui.FieldError{{Field: fCriteria, Message: criteriaLockedMessage}}
		return h.renderForm(w, r, http.StatusUnprocessableEntity, v)
	case errors.Is(err, ErrTimesLocked):
		v.Errors = []ui.FieldError{{Field: fClosesDate, Message: timesLockedMessage}}
		return h.renderForm(w, r, http.StatusUnprocessableEntity, v)
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, Path(id), "sparad")
}

const timesLockedMessage = "Utlysningen har stängt, så tiderna när den öppnade och stängde kan inte ändras: ansökningarna har kommit in och granskas efter dem. Återställ tiderna och spara igen."

const criteriaLockedMessage = "Bedömningskriterierna kan inte ändras eftersom ansökningar redan har skickats in: poängen som granskarna sätter hör till kriterierna som de var när de sökande skrev sina ansökningar. Återställ kriterierna och spara igen."

// ShowView is the model of a call's overview for the consultants.
type ShowView struct {
	Call        *Call
	Now         time.Time
	Counts      Counts
	Reviewers   []Reviewer
	Consultants []Reviewer
	// Missing lists what the call lacks before it can be published.
	Missing []string
	// Errors are those of the reviewer forms; JurorName and JurorEmail
	// keep what was typed in the invitation form.
	Errors     ui.FieldErrors
	JurorName  string
	JurorEmail string
	// Refused explains an action that could not be done.
	Refused string
}

// Show handles GET /konsulent/utlysningar/{id}: the call's facts, phase,
// applications, reviewers and what can be done with it.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	id, err := callID(r)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, id, nil)
}

func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, id int64, adjust func(*ShowView)) error {
	ctx := r.Context()
	c, err := h.load(ctx, id)
	if err != nil {
		return err
	}
	v := ShowView{Call: c, Now: h.now()}
	if v.Counts, err = h.store.ApplicationCounts(ctx, id); err != nil {
		return err
	}
	if v.Reviewers, err = h.store.Reviewers(ctx, id); err != nil {
		return err
	}
	if v.Consultants, err = h.store.Consultants(ctx, id); err != nil {
		return err
	}
	if !c.Published() {
		v.Missing = c.Missing(v.Now)
	}
	if adjust != nil {
		adjust(&v)
	}
	httpx.Render(w, r, status, ui.Page{Title: c.Title, Flash: httpx.Flash(r, flashes)}, ShowPage(v))
	return nil
}

// Publish handles POST /konsulent/utlysningar/{id}/publicera: a complete
// call becomes public; an incomplete one gets its overview back (422) with
// what is missing.
func (h *Handler) Publish(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := callID(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	err = h.store.Publish(ctx, audit.FromRequest(r, audit.Entry{}), id)
	switch {
	case errors.Is(err, ErrIncomplete):
		return h.renderShow(w, r, http.StatusUnprocessableEntity, id, func(v *ShowView) {
			v.Refused = "Utlysningen kan inte publiceras ännu. Komplettera den först med det som saknas nedan."
		})
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, Path(id), "publicerad")
}
