package funding

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/civil"
	"residens/internal/httpx"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Handler serves the funding finder (/finansiering) and the consultants'
// editors of the sources and the directory.
type Handler struct {
	store *Store
	base  *url.URL
	now   func() time.Time
}

// NewHandler returns the handler over pool; base is the site's public
// origin (the Atom feed's addresses are absolute), now tells the time.
func NewHandler(pool *pgxpool.Pool, base *url.URL, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	return &Handler{store: NewStore(pool, now), base: base, now: now}
}

// flashes are the confirmations a redirect names by code.
var flashes = map[string]string{
	"skapad":      "Finansieringskällan är skapad.",
	"sparad":      "Ändringarna är sparade.",
	"raderad":     "Finansieringskällan är raderad.",
	"org-skapad":  "Organisationen är skapad.",
	"org-sparad":  "Ändringarna är sparade.",
	"org-raderad": "Organisationen är raderad.",
}

const (
	sourcesPath = "/konsulent/finansiering"
	orgsPath    = "/konsulent/organisationer"
)

func sourcePath(id int64) string { return sourcesPath + "/" + strconv.FormatInt(id, 10) }
func orgPath(id int64) string    { return orgsPath + "/" + strconv.FormatInt(id, 10) }

// FinderView is the model of /finansiering.
type FinderView struct {
	Filter   Filter
	AmountIn string
	ArtForms []vocab.Term
	Sources  []Source
	Total    int
	Today    time.Time
	Pager    ui.Pager
}

// values are the filter as query parameters, for the pager.
func (f Filter) values(amount string) url.Values {
	v := url.Values{}
	if f.Applicant != "" {
		v.Set("vem", f.Applicant)
	}
	if f.ArtForm != nil {
		v.Set("konstform", f.ArtForm.Slug)
	}
	if f.Query != "" {
		v.Set("vad", f.Query)
	}
	if amount != "" {
		v.Set("belopp", amount)
	}
	if f.Open != "" {
		v.Set("oppet", f.Open)
	}
	return v
}

// OpenOptions are the choices of the oppet filter.
var OpenOptions = []ui.Option{
	{Value: OpenNow, Label: "Öppen nu"},
	{Value: Within30, Label: "Sista dag inom 30 dagar"},
}

// List handles GET /finansiering: the funding finder, filtered and paged.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	artForms, _, err := h.store.Vocab(ctx)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	var f Filter
	if s := q.String("vem", 20); s != "" {
		if ui.HasOption(Applicants, s) {
			f.Applicant = s
		} else {
			q.Notef("Sökande ”" + httpx.Clip(s, 20) + "” finns inte och filtret har tagits bort.")
		}
	}
	f.ArtForm = vocab.Param(q, "konstform", artForms, "Konstformen")
	f.Query = q.String("vad", 200)
	amount := q.String("belopp", 20)
	if amount != "" {
		n, err := strconv.Atoi(amount)
		if err != nil || n <= 0 || n > maxAmount {
			q.Notef("Beloppet ”" + httpx.Clip(amount, 20) + "” går inte att läsa som kronor och filtret har tagits bort.")
			amount = ""
		} else {
			f.Amount = n
		}
	}
	if s := q.String("oppet", 20); s != "" {
		if ui.HasOption(OpenOptions, s) {
			f.Open = s
		} else {
			q.Notef("Värdet ”" + httpx.Clip(s, 20) + "” för sista ansökningsdag finns inte och filtret har tagits bort.")
		}
	}
	f.Page = q.Page("sida")
	today := civil.Today(h.now())
	sources, total, err := h.store.Find(ctx, f, today)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte längre; du ser den sista sidan.")
		f.Page = max(pages, 1)
		if sources, total, err = h.store.Find(ctx, f, today); err != nil {
			return err
		}
	}
	v := FinderView{Filter: f, AmountIn: amount, ArtForms: artForms, Sources: sources, Total: total, Today: today,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: "/finansiering", Query: f.values(amount), Param: "sida"}}
	page := ui.Page{Title: "Finansiering", Notices: q.Notices, Alternates: []ui.Alternate{
		{Href: "/finansiering.atom", Type: "application/atom+xml", Title: "Nya och ändrade finansieringskällor"},
	}}
	httpx.Render(w, r, http.StatusOK, page, FinderPage(v))
	return nil
}

// SourceView is the model of one source's page.
type SourceView struct {
	S     *Source
	Today time.Time
}

// Show handles GET /finansiering/{slug}: one source with its deadlines.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	sl := chi.URLParam(r, "slug")
	if !httpx.ValidSlug(sl) {
		return httpx.NotFound("funding source %q", sl)
	}
	today := civil.Today(h.now())
	s, err := h.store.BySlug(r.Context(), sl, today)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: s.Name}, SourcePage(SourceView{S: s, Today: today}))
	return nil
}

// AdminView is the model of the consultants' list of sources.
type AdminView struct {
	Sources []Source
	Review  []Source
	Total   int
	Today   time.Time
	Pager   ui.Pager
}

// Sources handles GET /konsulent/finansiering: every source, and those to
// review.
func (h *Handler) Sources(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := httpx.NewQuery(r.URL.RawQuery)
	today := civil.Today(h.now())
	f := Filter{Page: q.Page("sida")}
	sources, total, err := h.store.Find(ctx, f, today)
	if err != nil {
		return err
	}
	review, err := h.store.ToReview(ctx, today)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	v := AdminView{Sources: sources, Review: review, Total: total, Today: today,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: sourcesPath, Param: "sida"}}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Finansieringskällor", Notices: q.Notices, Flash: httpx.Flash(r, flashes)}, AdminPage(v))
	return nil
}

// SourceFormView is the model of the source form.
type SourceFormView struct {
	// ID is 0 on the create page.
	ID       int64
	Form     sourceForm
	Funders  []Organisation
	ArtForms []vocab.Term
	Errors   ui.FieldErrors
}

func (h *Handler) sourceForm(w http.ResponseWriter, r *http.Request, status int, v SourceFormView) error {
	var err error
	if v.Funders, err = h.store.Organisations(r.Context()); err != nil {
		return err
	}
	if v.ArtForms, _, err = h.store.Vocab(r.Context()); err != nil {
		return err
	}
	title := "Ny finansieringskälla"
	if v.ID != 0 {
		title = "Ändra finansieringskälla"
	}
	httpx.Render(w, r, status, ui.Page{Title: title, Flash: httpx.Flash(r, flashes)}, SourceFormPage(v))
	return nil
}

// NewSource handles GET /konsulent/finansiering/ny.
func (h *Handler) NewSource(w http.ResponseWriter, r *http.Request) error {
	today := civil.Today(h.now()).Format(time.DateOnly)
	return h.sourceForm(w, r, http.StatusOK, SourceFormView{Form: sourceForm{Kind: Dated, CheckedOn: today}})
}

// readSource parses the posted source form against the directory.
func (h *Handler) readSource(w http.ResponseWriter, r *http.Request) (*httpx.Form, sourceForm, Source, error) {
	f, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return nil, sourceForm{}, Source{}, err
	}
	funders, err := h.store.Organisations(r.Context())
	if err != nil {
		return nil, sourceForm{}, Source{}, err
	}
	artForms, _, err := h.store.Vocab(r.Context())
	if err != nil {
		return nil, sourceForm{}, Source{}, err
	}
	in, s := parseSource(f, funders, artForms)
	return f, in, s, nil
}

// CreateSource handles POST /konsulent/finansiering/ny: the form again
// with its errors (422), or the new source and a redirect to the list.
func (h *Handler) CreateSource(w http.ResponseWriter, r *http.Request) error {
	f, in, s, err := h.readSource(w, r)
	if err != nil {
		return err
	}
	if !f.Valid() {
		return h.sourceForm(w, r, http.StatusUnprocessableEntity, SourceFormView{Form: in, Errors: f.Errors()})
	}
	id, err := h.store.CreateSource(r.Context(), audit.FromRequest(r, audit.Entry{}), s)
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, sourcePath(id), "skapad")
}

// EditSource handles GET /konsulent/finansiering/{id}.
func (h *Handler) EditSource(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "funding source")
	if err != nil {
		return err
	}
	s, err := h.store.Source(r.Context(), id, civil.Today(h.now()))
	if err != nil {
		return err
	}
	return h.sourceForm(w, r, http.StatusOK, SourceFormView{ID: id, Form: sourceFormOf(s)})
}

// UpdateSource handles POST /konsulent/finansiering/{id}: the form again
// with its errors (422), or the saved source and a redirect back to it.
func (h *Handler) UpdateSource(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "funding source")
	if err != nil {
		return err
	}
	if _, err := h.store.Source(r.Context(), id, civil.Today(h.now())); err != nil {
		return err
	}
	f, in, s, err := h.readSource(w, r)
	if err != nil {
		return err
	}
	if !f.Valid() {
		return h.sourceForm(w, r, http.StatusUnprocessableEntity, SourceFormView{ID: id, Form: in, Errors: f.Errors()})
	}
	if err := h.store.UpdateSource(r.Context(), audit.FromRequest(r, audit.Entry{}), id, s); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, sourcePath(id), "sparad")
}

// ConfirmDeleteSource handles GET /konsulent/finansiering/{id}/radera: the
// page that asks to confirm.
func (h *Handler) ConfirmDeleteSource(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "funding source")
	if err != nil {
		return err
	}
	s, err := h.store.Source(r.Context(), id, civil.Today(h.now()))
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Radera " + s.Name}, DeletePage("finansieringskällan", s.Name, sourcePath(id), ""))
	return nil
}

// DeleteSource handles POST /konsulent/finansiering/{id}/radera.
func (h *Handler) DeleteSource(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "funding source")
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	if err := h.store.DeleteSource(r.Context(), audit.FromRequest(r, audit.Entry{}), id); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, sourcesPath, "raderad")
}

// Organisations handles GET /konsulent/organisationer: the directory.
func (h *Handler) Organisations(w http.ResponseWriter, r *http.Request) error {
	os, err := h.store.Organisations(r.Context())
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Organisationer och funktioner", Flash: httpx.Flash(r, flashes)}, OrganisationsPage(os))
	return nil
}

// OrgFormView is the model of the organisation form.
type OrgFormView struct {
	ID             int64
	Form           orgForm
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
	Errors         ui.FieldErrors
}

func (h *Handler) orgForm(w http.ResponseWriter, r *http.Request, status int, v OrgFormView) error {
	var err error
	if v.ArtForms, v.Municipalities, err = h.store.Vocab(r.Context()); err != nil {
		return err
	}
	title := "Ny organisation"
	if v.ID != 0 {
		title = "Ändra organisation"
	}
	httpx.Render(w, r, status, ui.Page{Title: title, Flash: httpx.Flash(r, flashes)}, OrgFormPage(v))
	return nil
}

// NewOrganisation handles GET /konsulent/organisationer/ny.
func (h *Handler) NewOrganisation(w http.ResponseWriter, r *http.Request) error {
	return h.orgForm(w, r, http.StatusOK, OrgFormView{Form: orgForm{Area: AreaCounty}})
}

func (h *Handler) readOrganisation(w http.ResponseWriter, r *http.Request) (*httpx.Form, orgForm, Organisation, error) {
	f, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return nil, orgForm{}, Organisation{}, err
	}
	artForms, munis, err := h.store.Vocab(r.Context())
	if err != nil {
		return nil, orgForm{}, Organisation{}, err
	}
	in, o := parseOrganisation(f, artForms, munis)
	return f, in, o, nil
}

// CreateOrganisation handles POST /konsulent/organisationer/ny.
func (h *Handler) CreateOrganisation(w http.ResponseWriter, r *http.Request) error {
	f, in, o, err := h.readOrganisation(w, r)
	if err != nil {
		return err
	}
	if !f.Valid() {
		return h.orgForm(w, r, http.StatusUnprocessableEntity, OrgFormView{Form: in, Errors: f.Errors()})
	}
	id, err := h.store.CreateOrganisation(r.Context(), audit.FromRequest(r, audit.Entry{}), o)
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, orgPath(id), "org-skapad")
}

// EditOrganisation handles GET /konsulent/organisationer/{id}.
func (h *Handler) EditOrganisation(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "organisation")
	if err != nil {
		return err
	}
	o, err := h.store.Organisation(r.Context(), id)
	if err != nil {
		return err
	}
	return h.orgForm(w, r, http.StatusOK, OrgFormView{ID: id, Form: orgFormOf(o)})
}

// UpdateOrganisation handles POST /konsulent/organisationer/{id}.
func (h *Handler) UpdateOrganisation(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "organisation")
	if err != nil {
		return err
	}
	if _, err := h.store.Organisation(r.Context(), id); err != nil {
		return err
	}
	f, in, o, err := h.readOrganisation(w, r)
	if err != nil {
		return err
	}
	if !f.Valid() {
		return h.orgForm(w, r, http.StatusUnprocessableEntity, OrgFormView{ID: id, Form: in, Errors: f.Errors()})
	}
	if err := h.store.UpdateOrganisation(r.Context(), audit.FromRequest(r, audit.Entry{}), id, o); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, orgPath(id), "org-sparad")
}

// ConfirmDeleteOrganisation handles GET /konsulent/organisationer/{id}/radera:
// the page that asks to confirm, or says why it cannot be deleted.
func (h *Handler) ConfirmDeleteOrganisation(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "organisation")
	if err != nil {
		return err
	}
	o, err := h.store.Organisation(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Radera " + o.Name}, DeletePage("organisationen", o.Name, orgPath(id), inUse(o.Sources)))
	return nil
}

func inUse(n int) string {
	if n == 0 {
		return ""
	}
	return "Organisationen ger " + strconv.Itoa(n) + " finansieringskällor och kan inte raderas förrän de har raderats eller fått en annan finansiär."
}

// DeleteOrganisation handles POST /konsulent/organisationer/{id}/radera;
// an organisation that still funds sources answers 409 with the reason.
func (h *Handler) DeleteOrganisation(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "organisation")
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	err = h.store.DeleteOrganisation(r.Context(), audit.FromRequest(r, audit.Entry{}), id)
	if errors.Is(err, ErrInUse) {
		o, err := h.store.Organisation(r.Context(), id)
		if err != nil {
			return err
		}
		httpx.Render(w, r, http.StatusConflict, ui.Page{Title: "Radera " + o.Name}, DeletePage("organisationen", o.Name, orgPath(id), inUse(o.Sources)))
		return nil
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, orgsPath, "org-raderad")
}
