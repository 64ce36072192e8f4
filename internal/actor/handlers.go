package actor

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"residens/internal/civil"
	"residens/internal/event"
	"residens/internal/httpx"
	"residens/internal/residency"
	"residens/internal/vocab"
	"residens/web/ui"
)

// MaxNameLength bounds the name search; longer input is cut with a notice.
const MaxNameLength = 100

// Handler serves the directory of cultural actors.
type Handler struct {
	store       *Store
	residencies *residency.Store
	now         func() time.Time
	events      *event.Store
}

// NewHandler returns a handler over the actor and residency stores.
func NewHandler(store *Store, residencies *residency.Store, now func() time.Time) *Handler {
	return &Handler{store: store, residencies: residencies, now: now}
}

// WithEvents has an actor's page show the coming events it organises, from
// events.
func (h *Handler) WithEvents(events *event.Store) *Handler {
	h.events = events
	return h
}

// ListView is the model of the directory page.
type ListView struct {
	Filter Filter
	Vocab  residency.Vocabulary
	Items  []Actor
	Total  int
	Pager  ui.Pager
}

// List handles GET /kulturaktorer: filters by art form (konstform) and home
// municipality (kommun), a typo-tolerant name search (q) and paging (sida).
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	terms, err := h.residencies.Vocabulary(ctx)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	f := Filter{
		ArtForm:      vocab.Param(q, "konstform", terms.ArtForms, "Konstformen"),
		Municipality: vocab.Param(q, "kommun", terms.Municipalities, "Kommunen"),
		Name:         q.String("q", MaxNameLength),
		Page:         q.Page("sida"),
	}
	total, err := h.store.Count(ctx, f)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte längre; du ser den sista sidan.")
		f.Page = max(pages, 1)
	}
	var items []Actor
	if total > 0 {
		if items, err = h.store.List(ctx, f); err != nil {
			return err
		}
	}
	v := ListView{Filter: f, Vocab: terms, Items: items, Total: total,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: "/kulturaktorer", Query: f.Values(), Param: "sida"}}
	page := ui.Page{Title: "Kulturaktörer", Nav: "kulturaktorer", Notices: q.Notices,
		Description: "Konstnärer, grupper, kompanier och föreningar som arbetar med residens i länet."}
	httpx.Render(w, r, http.StatusOK, page, ListPage(v))
	return nil
}

// ShowView is the model of one actor's page.
type ShowView struct {
	A           *Actor
	Residencies []residency.Summary
	Today       time.Time
	// Events are the coming events the actor organises.
	Events []event.Event
}

// Show handles GET /kulturaktorer/{slug}: the actor and its residencies.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	slug := chi.URLParam(r, "slug")
	if !httpx.ValidSlug(slug) {
		return httpx.NotFound("actor %q", slug)
	}
	a, err := h.store.BySlug(r.Context(), slug)
	if err != nil {
		return err
	}
	rs, err := h.residencies.ByActor(r.Context(), a.ID, 50)
	if err != nil {
		return err
	}
	page := ui.Page{Title: a.Name, Nav: "kulturaktorer", Description: a.KindLabel() + " – " + a.Name}
	var events []event.Event
	if h.events != nil {
		if events, err = h.events.Upcoming(r.Context(), 6, nil, a.ID, h.now()); err != nil {
			return err
		}
		if len(events) > 0 {
			w.Header().Set("Cache-Control", httpx.ClockBoundCacheControl)
		}
	}
	httpx.Render(w, r, http.StatusOK, page, ShowPage(ShowView{A: a, Residencies: rs, Today: civil.Today(h.now()), Events: events}))
	return nil
}
