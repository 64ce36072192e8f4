package opencall

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/web/ui"
)

// PublicListView is the model of /utlysningar.
type PublicListView struct {
	Calls []Call
	Total int
	Pager ui.Pager
	Now   time.Time
}

// PublicList handles GET /utlysningar: the published calls, open ones first
// with the time they have left, then upcoming, then closed ones.
func (h *Handler) PublicList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := httpx.NewQuery(r.URL.RawQuery)
	page := q.Page("sida")
	now := h.now()
	total, err := h.store.CountPublished(ctx)
	if err != nil {
		return err
	}
	pages := (total + PublicPageSize - 1) / PublicPageSize
	if page > max(pages, 1) {
		q.Notef("Sidan finns inte; du ser den sista sidan.")
		page = max(pages, 1)
	}
	var calls []Call
	if total > 0 {
		if calls, err = h.store.ListPublished(ctx, now, page); err != nil {
			return err
		}
	}
	v := PublicListView{Calls: calls, Total: total, Now: now,
		Pager: ui.Pager{Page: page, Pages: pages, Base: "/utlysningar", Param: "sida"}}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Utlysningar", Nav: "utlysningar", Notices: q.Notices,
		Description: "Öppna utlysningar av residens, bland annat kommunkoreograf: vem som kan söka, vad uppdraget innebär och när ansökan stänger."},
		PublicListPage(v))
	return nil
}

// PublicShowView is the model of one call's public page.
type PublicShowView struct {
	Call *Call
	Now  time.Time
	// Artist is set for a signed-in artist, who needs no word about
	// accounts (the page is never cached, so it may differ per visitor).
	Artist bool
	// SignedIn is set for anyone signed in. One who is not an artist is
	// offered no "Ansök" (it would answer 403) and no sign-in.
	SignedIn bool
}

// PublicShow handles GET /utlysningar/{slug}: everything an applicant needs
// to know, and the way to apply while the call is open. A draft is 404.
func (h *Handler) PublicShow(w http.ResponseWriter, r *http.Request) error {
	slug := chi.URLParam(r, "slug")
	if !httpx.ValidSlug(slug) {
		return httpx.NotFound("call %q", slug)
	}
	c, err := h.store.GetPublished(r.Context(), slug)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: c.Title, Nav: "utlysningar", Description: c.Kind.Label() + ". Sista ansökningsdag " + c.ClosesLabel() + "."},
		PublicShowPage(PublicShowView{Call: c, Now: h.now(), Artist: auth.UserFrom(r.Context()).Is(auth.RoleArtist),
			SignedIn: auth.UserFrom(r.Context()) != nil}))
	return nil
}

// KommunkoreografView is the model of /kommunkoreograf.
type KommunkoreografView struct {
	Open     []Call
	Upcoming []Call
	Now      time.Time
}

// Kommunkoreograf handles GET /kommunkoreograf: what the form of residency
// is, and the kommunkoreograf calls open now (or coming), if any.
func (h *Handler) Kommunkoreograf(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	now := h.now()
	open, err := h.store.OpenCalls(ctx, now, KindKommunkoreograf, 10)
	if err != nil {
		return err
	}
	upcoming, err := h.store.UpcomingCalls(ctx, now, KindKommunkoreograf, 5)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Kommunkoreograf", Nav: "om",
		Description: "En koreograf eller ett danskompani arbetar ett helt år i en kommun, framför allt med barn och unga. Så går det till och så söker du."},
		KommunkoreografPage(KommunkoreografView{Open: open, Upcoming: upcoming, Now: now}))
	return nil
}
