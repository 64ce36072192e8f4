package residencyedit

import (
	"errors"
	stdimage "image"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/civil"
	"residens/internal/httpx"
	"residens/internal/image"
	"residens/internal/markdown"
	"residens/internal/residency"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Handler serves the residency editor under /konsulent/residens.
type Handler struct {
	store *Store
	now   func() time.Time
}

// NewHandler returns the editor over pool; now tells the time.
func NewHandler(pool *pgxpool.Pool, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	return &Handler{store: NewStore(pool, now), now: now}
}

// flashes are the confirmations a redirect after success names by code; a
// fixed list, so the address cannot put words on the page.
var flashes = map[string]string{
	"skapad":       "Residenset är skapat.",
	"sparad":       "Ändringarna är sparade.",
	"avpublicerad": "Residenset är avpublicerat och syns inte längre för besökare.",
	"raderad":      "Residenset är raderat.",
}

func editPath(id int64) string { return "/konsulent/residens/" + strconv.FormatInt(id, 10) }

// ListView is the model of the editors' list.
type ListView struct {
	Filter Filter
	Dir    Directory
	Rows   []Row
	Total  int
	Pager  ui.Pager
}

// List handles GET /konsulent/residens: every residency, published or not,
// filtered, searched and paged.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := h.store.Directory(ctx)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	var f Filter
	switch s := residency.Status(q.String("status", 40)); s {
	case "", residency.Ongoing, residency.Upcoming, residency.Completed:
		f.Status = s
	default:
		q.Notef("Statusen ”" + httpx.Clip(string(s), 40) + "” finns inte. Du ser residens med alla statusar.")
	}
	f.Municipality = vocab.Param(q, "kommun", d.Municipalities, "Kommunen")
	f.ArtForm = vocab.Param(q, "konstform", d.ArtForms, "Konstformen")
	switch s := q.String("publicerad", 10); s {
	case "", "ja", "nej":
		f.Published = s
	default:
		q.Notef("Värdet ”" + httpx.Clip(s, 10) + "” för publicerad finns inte och filtret har tagits bort.")
	}
	f.Query = q.String("q", residency.MaxQueryLength)
	f.Page = q.Page("sida")
	today := civil.Today(h.now())
	total, err := h.store.Count(ctx, f, today)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte längre; du ser den sista sidan.")
		f.Page = max(pages, 1)
	}
	var rows []Row
	if total > 0 {
		if rows, err = h.store.List(ctx, f, today); err != nil {
			return err
		}
	}
	v := ListView{Filter: f, Dir: d, Rows: rows, Total: total,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: "/konsulent/residens", Query: f.values(), Param: "sida"}}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Redigera residens", Notices: q.Notices, Flash: httpx.Flash(r, flashes)}, ListPage(v))
	return nil
}

func (f Filter) values() url.Values {
	v := url.Values{}
	if f.Status != "" {
		v.Set("status", string(f.Status))
	}
	if f.Municipality != nil {
		v.Set("kommun", f.Municipality.Slug)
	}
	if f.ArtForm != nil {
		v.Set("konstform", f.ArtForm.Slug)
	}
	if f.Published != "" {
		v.Set("publicerad", f.Published)
	}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	return v
}

// FormView is the model of the create and edit page.
type FormView struct {
	// ID is 0 on the create page.
	ID      int64
	Version int
	Form    parsed
	Dir     Directory
	Errors  ui.FieldErrors
	// Preview is the rendered body, when the editor asked for a preview.
	Preview     string
	ShowPreview bool
	Conflict    *Conflict
	History     []Revision
	// Stored is the residency as saved (nil on the create page), for its
	// public link and state.
	Stored  *Residency
	IsAdmin bool
}

// Conflict explains a refused save: what others changed since the editor
// loaded the form, with the stored values next to the editor's own.
type Conflict struct {
	Fields  []string
	Current Values
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, v FormView) {
	v.IsAdmin = isAdmin(r)
	title := "Nytt residens"
	if v.ID != 0 {
		title = "Redigera " + v.Form.Values.Title
		if v.Stored != nil {
			title = "Redigera " + v.Stored.Values.Title
		}
	}
	httpx.Render(w, r, status, ui.Page{Title: title, Flash: httpx.Flash(r, flashes)}, FormPage(v))
}

func isAdmin(r *http.Request) bool {
	u := auth.UserFrom(r.Context())
	return u != nil && u.Is(auth.RoleAdmin)
}

// NewForm handles GET /konsulent/residens/ny.
func (h *Handler) NewForm(w http.ResponseWriter, r *http.Request) error {
	d, err := h.store.Directory(r.Context())
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, FormView{Form: parsed{Values: Values{Kind: "kommunresidens"}}, Dir: d})
	return nil
}

// Create handles POST /konsulent/residens/ny: a preview, the form again
// with its errors (422), or a new residency and a redirect to its edit page.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, img, uploadErr, err := readForm(w, r)
	if err != nil {
		return err
	}
	d, err := h.store.Directory(ctx)
	if err != nil {
		return err
	}
	p := parseValues(f, d)
	parseImage(f, &p, 0, img != nil, uploadErr)
	v := FormView{Form: p, Dir: d}
	if p.Preview {
		v.Preview, v.ShowPreview = preview(p.Values.Body), true
		v.Errors = chooseAgain(img)
		h.render(w, r, http.StatusOK, v)
		return nil
	}
	f.Check(p.SlugSent == "" || p.Values.Slug != "", fSlug, "Adressen måste innehålla minst en bokstav eller siffra.")
	if !f.Valid() {
		v.Errors = append(f.Errors(), chooseAgain(img)...)
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return nil
	}
	saved, err := h.store.Create(ctx, audit.FromRequest(r, audit.Entry{}), p.Values, p.New, img)
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, editPath(saved.ID), "skapad")
}

// readForm reads the posted form: a multipart form with the image file
// (as browsers send the editing form), or a plain one without. It returns
// the chosen picture (nil for none) and, for a refused file, the message to
// show next to the file field. A body over the limit is the 413 error.
func readForm(w http.ResponseWriter, r *http.Request) (*httpx.Form, stdimage.Image, string, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, err := httpx.ParseForm(w, r, maxFormBytes)
		return f, nil, "", err
	}
	r.Body = http.MaxBytesReader(w, r.Body, image.MaxFormBytes)
	img, err := image.FromRequest(r, fImage)
	var refused *image.UploadError
	var msg string
	switch {
	case errors.Is(err, image.ErrTooLarge) && r.MultipartForm == nil:
		// The body was over the limit: none of the form could be read.
		return nil, nil, "", &httpx.Error{Code: httpx.CodeTooLarge, Message: "för stort"}
	case errors.As(err, &refused):
		msg = refused.Message
	case err != nil:
		return nil, nil, "", err
	}
	f, err := httpx.ParseForm(w, r, image.MaxFormBytes)
	return f, img, msg, err
}

// chooseAgain tells the editor to pick the file again when the form comes
// back without saving: a browser cannot refill a file input.
func chooseAgain(img stdimage.Image) []ui.FieldError {
	if img == nil {
		return nil
	}
	return []ui.FieldError{{Field: fImage, Message: "Välj bildfilen igen innan du sparar: en vald fil följer inte med när formuläret visas på nytt."}}
}

func preview(body string) string {
	html, err := markdown.Render(body, 1)
	if err != nil {
		return ""
	}
	return html
}

func (h *Handler) residencyID(r *http.Request) (int64, error) {
	return httpx.PathID(r, "id", "residency")
}

// Edit handles GET /konsulent/residens/{id}: the form filled from the
// stored residency, with its history.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := h.residencyID(r)
	if err != nil {
		return err
	}
	cur, err := h.store.Get(ctx, id)
	if err != nil {
		return err
	}
	d, err := h.store.Directory(ctx)
	if err != nil {
		return err
	}
	hist, err := h.store.History(ctx, id)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, FormView{ID: id, Version: cur.Version, Form: formFrom(cur.Values), Dir: d,
		History: hist, Stored: cur})
	return nil
}

// Update handles POST /konsulent/residens/{id}: a preview, the form again
// with its errors (422), the conflict page when someone else saved first
// (409), or the saved residency and a redirect back to its edit page.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := h.residencyID(r)
	if err != nil {
		return err
	}
	cur, err := h.store.Get(ctx, id)
	if err != nil {
		return err
	}
	f, img, uploadErr, err := readForm(w, r)
	if err != nil {
		return err
	}
	d, err := h.store.Directory(ctx)
	if err != nil {
		return err
	}
	hist, err := h.store.History(ctx, id)
	if err != nil {
		return err
	}
	p := parseValues(f, d)
	parseImage(f, &p, cur.Values.ImageID, img != nil, uploadErr)
	v := FormView{ID: id, Version: p.Version, Form: p, Dir: d, History: hist, Stored: cur}
	if p.Preview {
		v.Preview, v.ShowPreview = preview(p.Values.Body), true
		v.Errors = chooseAgain(img)
		h.render(w, r, http.StatusOK, v)
		return nil
	}
	slugChosen := p.SlugSent != "" && p.Values.Slug != cur.Values.Slug
	f.Check(p.SlugSent == "" || p.Values.Slug != "", fSlug, "Adressen måste innehålla minst en bokstav eller siffra.")
	if !f.Valid() {
		v.Errors = append(f.Errors(), chooseAgain(img)...)
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return nil
	}
	_, err = h.store.Save(ctx, audit.FromRequest(r, audit.Entry{}), id, p.Version, p.Values, slugChosen, p.New, img)
	switch {
	case errors.Is(err, ErrSlugTaken):
		f.Add(fSlug, "Adressen används redan av ett annat residens. Välj en annan.")
		v.Errors = f.Errors()
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return nil
	case errors.Is(err, ErrConflict):
		v.Errors = chooseAgain(img)
		return h.conflict(w, r, v)
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, editPath(id), "sparad")
}

// conflict answers a stale save: 409, the fields others changed since the
// editor's version with the stored values, and the editor's own values kept
// in a form that now carries the current version, so saving again saves on
// top of it.
func (h *Handler) conflict(w http.ResponseWriter, r *http.Request, v FormView) error {
	ctx := r.Context()
	cur, err := h.store.Get(ctx, v.ID)
	if err != nil {
		return err
	}
	if v.History, err = h.store.History(ctx, v.ID); err != nil {
		return err
	}
	base, ok, err := h.store.Snapshot(ctx, v.ID, v.Form.Version)
	if err != nil {
		return err
	}
	var fields []string
	if ok {
		fields = Changed(base, cur.Values)
	} else {
		// No record of the version the form came from (a forged or very
		// old form): show every field where the stored value differs
		// from what was sent.
		fields = Changed(v.Form.Values, cur.Values)
	}
	v.Stored, v.Version = cur, cur.Version
	// The form now stands on the current version, image included.
	v.Form.CurrentImage = cur.Values.ImageID
	v.Conflict = &Conflict{Fields: fields, Current: cur.Values}
	h.render(w, r, http.StatusConflict, v)
	return nil
}

// Unpublish handles POST /konsulent/residens/{id}/avpublicera: the
// residency leaves every public page at once.
func (h *Handler) Unpublish(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := h.residencyID(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	if err := h.store.Unpublish(ctx, audit.FromRequest(r, audit.Entry{}), id); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, editPath(id), "avpublicerad")
}

// ConfirmDelete handles GET /konsulent/residens/{id}/radera: the page that
// asks an admin to confirm.
func (h *Handler) ConfirmDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := h.residencyID(r)
	if err != nil {
		return err
	}
	cur, err := h.store.Get(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Radera " + cur.Values.Title, Flash: httpx.Flash(r, flashes)}, DeletePage(cur))
	return nil
}

// Delete handles POST /konsulent/residens/{id}/radera (admins only).
func (h *Handler) Delete(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := h.residencyID(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	if err := h.store.Delete(ctx, audit.FromRequest(r, audit.Entry{}), id); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/konsulent/residens", "raderad")
}
