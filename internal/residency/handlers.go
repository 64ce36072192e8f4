package residency

import (
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/httpx"
	"residens/web/ui"
)

// Handler serves the public residency pages.
type Handler struct {
	store *Store
	now   func() time.Time
}

// NewHandler returns a handler over store; now tells the time (time.Now in
// production, a fixed clock in tests).
func NewHandler(store *Store, now func() time.Time) *Handler {
	return &Handler{store: store, now: now}
}

// ListView is the model of the residency list page.
type ListView struct {
	Filter Filter
	Vocab  Vocabulary
	Items  []Summary
	Total  int
	Pager  ui.Pager
	Today  time.Time
}

// List handles GET /residens: the filtered, searched and paged list.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	vocab, err := h.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	f := ParseFilter(q, vocab)
	if f.Query != "" {
		ok, err := h.store.Searchable(ctx, f.Query)
		if err != nil {
			return err
		}
		if !ok {
			q.Notef("Sökningen ”" + httpx.Clip(f.Query, 40) + "” innehåller bara vanliga småord som inte går att söka på. Du ser alla residens.")
			f.Query = ""
		}
	}
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
	var items []Summary
	if total > 0 {
		if items, err = h.store.List(ctx, f, today); err != nil {
			return err
		}
	}
	v := ListView{
		Filter: f, Vocab: vocab, Items: items, Total: total, Today: today,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: "/residens", Query: f.Values(), Param: "sida"},
	}
	page := ui.Page{
		Title:       listTitle(f),
		Description: "Konstnärliga residens i Stockholms läns kommuner: pågående, kommande och avslutade.",
		Nav:         "residens",
		Notices:     q.Notices,
	}
	httpx.Render(w, r, http.StatusOK, page, ListPage(v))
	return nil
}

func listTitle(f Filter) string {
	// "Alla residens", not "Residens": the site is called Residens too, and
	// "Residens – Residens" says nothing.
	t := "Alla residens"
	if f.Status != "" {
		t = f.Status.TabLabel() + " residens"
	}
	if f.Query != "" {
		t += ": sökning på ”" + httpx.Clip(f.Query, 40) + "”"
	}
	if f.Page > 1 {
		t += " (sida " + itoa(f.Page) + ")"
	}
	return t
}

// ShowView is the model of one residency's page.
type ShowView struct {
	R       *Residency
	Status  Status
	Related []Summary
	Today   time.Time
}

// Show handles GET /residens/{slug}.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	slug := chi.URLParam(r, "slug")
	if !httpx.ValidSlug(slug) {
		return httpx.NotFound("residency %q", slug)
	}
	res, err := h.store.BySlug(r.Context(), slug)
	if httpx.ErrorCode(err) == httpx.CodeNotFound {
		// An address an editor has since changed answers with a permanent
		// redirect to the residency's address now.
		to, e := h.store.Renamed(r.Context(), slug)
		switch {
		case e == nil:
			http.Redirect(w, r, "/residens/"+to, http.StatusMovedPermanently)
			return nil
		case !errors.Is(e, db.ErrNotFound):
			return e
		}
	}
	if err != nil {
		return err
	}
	related, err := h.store.Related(r.Context(), res, 4)
	if err != nil {
		return err
	}
	today := civil.Today(h.now())
	page := ui.Page{Title: res.Title, Description: res.Summary.Summary, Nav: "residens"}
	httpx.Render(w, r, http.StatusOK, page, ShowPage(ShowView{R: res, Status: StatusOf(res.StartsOn, res.EndsOn, today), Related: related, Today: today}))
	return nil
}
