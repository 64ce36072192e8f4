package actoredit

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Handler serves the actor editor, the artists' profile page, the
// moderation queue and the municipality contact editor.
type Handler struct {
	store   *Store
	mail    *mail.Queue
	baseURL string
}

// NewHandler returns the handler. queue, when not nil, tells artists by
// e-mail when their change is approved or returned; baseURL is the site's
// public origin for the link in that mail.
func NewHandler(pool *pgxpool.Pool, queue *mail.Queue, baseURL *url.URL, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	base := ""
	if baseURL != nil {
		base = strings.TrimSuffix(baseURL.String(), "/")
	}
	return &Handler{store: NewStore(pool, now), mail: queue, baseURL: base}
}

// flashes are the confirmations shown after a redirect, by the fixed code
// in ?klart=.
var flashes = map[string]string{
	"skapad":      "Kulturaktören är skapad.",
	"sparad":      "Ändringarna är sparade.",
	"inskickad":   "Din profil är skickad för granskning. Den publicerade versionen visas tills en konsulent har godkänt ändringen.",
	"ansprak":     "Ditt anspråk är skickat. En konsulent granskar det.",
	"godkand":     "Ändringen är godkänd och publicerad.",
	"aterskickad": "Ändringen är skickad tillbaka till konstnären.",
	"behandlad":   "Ändringen var redan behandlad.",
	"kontakt":     "Kommunens kontaktuppgifter är sparade.",
	// A save that changes nothing writes nothing, and says so.
	"kontakt-oforandrad": "Inget ändrades: uppgifterna var redan sparade så.",
}

// vocab loads the art forms and municipalities a form offers.
func (h *Handler) vocab(ctx context.Context, v *FormView) error {
	var err error
	if v.ArtForms, err = h.store.ArtForms(ctx); err != nil {
		return err
	}
	v.Munis, err = h.store.Municipalities(ctx)
	return err
}

// ListView is the model of the consultants' actor list.
type ListView struct {
	Filter   ListFilter
	Items    []Row
	Total    int
	Pager    ui.Pager
	ArtForms []vocab.Term
	Munis    []vocab.Term
}

// List handles GET /konsulent/kulturaktorer: every actor, published or not,
// with filters and paging.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r.URL.RawQuery)
	f := ListFilter{
		ArtForm:      q.String("konstform", 80),
		Municipality: q.String("kommun", 80),
		Published:    q.String("publicerad", 5),
		Query:        q.String("q", 100),
		Page:         q.Page("sida"),
	}
	if f.Published != "ja" && f.Published != "nej" {
		f.Published = ""
	}
	v := ListView{Filter: f}
	var err error
	if v.Items, v.Total, err = h.store.List(r.Context(), f); err != nil {
		return err
	}
	if v.ArtForms, err = h.store.ArtForms(r.Context()); err != nil {
		return err
	}
	if v.Munis, err = h.store.Municipalities(r.Context()); err != nil {
		return err
	}
	query := url.Values{}
	for k, val := range map[string]string{"konstform": f.ArtForm, "kommun": f.Municipality, "publicerad": f.Published, "q": f.Query} {
		if val != "" {
			query.Set(k, val)
		}
	}
	v.Pager = ui.Pager{Page: max(f.Page, 1), Pages: (v.Total + ListPageSize - 1) / ListPageSize, Base: "/konsulent/kulturaktorer", Query: query, Param: "sida"}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Kulturaktörer – redigera", Flash: httpx.Flash(r, flashes)}, ListPage(v))
	return nil
}

// New handles GET /konsulent/kulturaktorer/ny: an empty actor form.
func (h *Handler) New(w http.ResponseWriter, r *http.Request) error {
	v := FormView{Action: "/konsulent/kulturaktorer/ny", New: true, P: Profile{Kind: "artist"}, Submit: "Skapa kulturaktören"}
	return h.renderEdit(w, r, http.StatusOK, EditView{Form: v})
}

// Create handles POST /konsulent/kulturaktorer/ny: stores a new actor and
// opens its edit page.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) error {
	v := FormView{Action: "/konsulent/kulturaktorer/ny", New: true, Submit: "Skapa kulturaktören"}
	f, img, fileErr, err := readForm(w, r)
	if err != nil {
		return err
	}
	if err := h.vocab(r.Context(), &v); err != nil {
		return err
	}
	v.P = readProfile(f, v.ArtForms, v.Munis, nil, img, fileErr)
	v.Published = f.Values.Get("publicerad") == "ja"
	if !f.Valid() {
		v.Errors = f.Errors()
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, EditView{Form: v})
	}
	id, err := h.store.Create(r.Context(), audit.FromRequest(r, audit.Entry{}), v.P, v.Published, img)
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/konsulent/kulturaktorer/"+strconv.FormatInt(id, 10), "skapad")
}

// EditView is the model of the consultants' actor page: the form and the
// history.
type EditView struct {
	Form FormView
	// Name is the actor's saved name, for the heading.
	Name      string
	Revisions []Revision
	OwnerName string
	// Pending tells that the artist's change of the profile waits in the
	// queue: approving it later writes over what is saved here.
	Pending bool
}

// Edit handles GET /konsulent/kulturaktorer/{id}: the actor's form and its
// history.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "id")
	if err != nil {
		return err
	}
	a, err := h.store.Get(r.Context(), id)
	if err != nil {
		return err
	}
	v := FormView{Action: actorPath(id), Version: a.Version, Slug: a.Slug, Published: a.Published, P: a.Profile, Submit: "Spara ändringarna"}
	return h.renderEdit(w, r, http.StatusOK, EditView{Form: v, Name: a.Name, OwnerName: a.OwnerName})
}

// Update handles POST /konsulent/kulturaktorer/{id}: saves the actor if
// nobody else has since the form was opened; otherwise 409 with what
// changed and the form as typed.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "id")
	if err != nil {
		return err
	}
	a, err := h.store.Get(r.Context(), id)
	if err != nil {
		return err
	}
	f, img, fileErr, err := readForm(w, r)
	if err != nil {
		return err
	}
	v := FormView{Action: actorPath(id), Slug: a.Slug, Submit: "Spara ändringarna"}
	if err := h.vocab(r.Context(), &v); err != nil {
		return err
	}
	v.P = readProfile(f, v.ArtForms, v.Munis, a.ImageID, img, fileErr)
	v.Published = f.Values.Get("publicerad") == "ja"
	v.Version, _ = strconv.Atoi(f.Values.Get("version"))
	ev := EditView{Form: v, Name: a.Name, OwnerName: a.OwnerName}
	if !f.Valid() {
		ev.Form.Errors = f.Errors()
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, ev)
	}
	conflict, err := h.store.Update(r.Context(), audit.FromRequest(r, audit.Entry{}), id, v.Version, v.P, v.Published, img)
	if errors.Is(err, ErrConflict) {
		// The next save is meant to go over what is there now: the form
		// carries the current version and the visitor's own values.
		ev.Form.Conflict, ev.Form.Version = conflict, conflict.Current.Version
		return h.renderEdit(w, r, http.StatusConflict, ev)
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, actorPath(id), "sparad")
}

func actorPath(id int64) string { return "/konsulent/kulturaktorer/" + strconv.FormatInt(id, 10) }

func (h *Handler) renderEdit(w http.ResponseWriter, r *http.Request, status int, v EditView) error {
	if v.Form.ArtForms == nil {
		if err := h.vocab(r.Context(), &v.Form); err != nil {
			return err
		}
	}
	if !v.Form.New {
		id, _ := httpx.PathID(r, "id", "id")
		revs, err := h.store.Revisions(r.Context(), id)
		if err != nil {
			return err
		}
		v.Revisions = revs
		if v.Pending, err = h.store.HasPending(r.Context(), id); err != nil {
			return err
		}
	}
	title := "Ny kulturaktör"
	if !v.Form.New {
		title = "Redigera " + v.Name
	}
	httpx.Render(w, r, status, ui.Page{Title: title, Flash: httpx.Flash(r, flashes)}, EditPage(v))
	return nil
}
