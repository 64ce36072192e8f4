// Package content serves the start page and the site's fixed pages: about
// residencies, the accessibility statement, privacy and cookies.
package content

import (
	"net/http"
	"time"

	"github.com/a-h/templ"

	"residens/internal/civil"
	"residens/internal/event"
	"residens/internal/httpx"
	"residens/internal/opencall"
	"residens/internal/residency"
	"residens/web/ui"
)

// Handler serves the start page and the fixed pages.
type Handler struct {
	residencies *residency.Store
	calls       *opencall.Store
	now         func() time.Time
	events      *event.Store
}

// NewHandler returns a handler that reads residencies and open calls for
// the start page.
func NewHandler(residencies *residency.Store, calls *opencall.Store, now func() time.Time) *Handler {
	return &Handler{residencies: residencies, calls: calls, now: now}
}

// WithEvents has the start page show the next events from events.
func (h *Handler) WithEvents(events *event.Store) *Handler {
	h.events = events
	return h
}

// HomeView is the model of the start page.
type HomeView struct {
	Ongoing      []residency.Summary
	OngoingTotal int
	Today        time.Time
	// OpenCalls are the calls open for applications now, closing soonest
	// first.
	OpenCalls []opencall.Call
	Now       time.Time
	// Events are the next three public events.
	Events []event.Event
}

// Home handles GET /: what a residency is, the ongoing residencies and the
// ways onward.
func (h *Handler) Home(w http.ResponseWriter, r *http.Request) error {
	today := civil.Today(h.now())
	f := residency.Filter{Status: residency.Ongoing, Page: 1, PageSize: 6}
	items, err := h.residencies.List(r.Context(), f, today)
	if err != nil {
		return err
	}
	total := len(items)
	if total == f.PageSize {
		if total, err = h.residencies.Count(r.Context(), f, today); err != nil {
			return err
		}
	}
	now := h.now()
	calls, err := h.calls.OpenCalls(r.Context(), now, "", 3)
	if err != nil {
		return err
	}
	// The open calls say how long they have left, and a call opens or
	// closes with the clock, not with a content change the page cache
	// would notice: while any published call is open or coming, the page
	// cache keeps the start page a minute at most.
	pending, err := h.calls.AnyPending(r.Context(), now)
	if err != nil {
		return err
	}
	var events []event.Event
	if h.events != nil {
		if events, err = h.events.Upcoming(r.Context(), 3, nil, 0, now); err != nil {
			return err
		}
	}
	// An event leaves the list when it ends, with the clock too.
	if pending || len(events) > 0 {
		w.Header().Set("Cache-Control", httpx.ClockBoundCacheControl)
	}
	// The start page has a title of its own like every other page, so that
	// a tab or a bookmark says what it is and the site name comes last.
	page := ui.Page{Title: ui.SiteTagline,
		Description: "Konstnärliga residens och kultursamarbeten i Stockholms läns kommuner."}
	httpx.Render(w, r, http.StatusOK, page, HomePage(HomeView{Ongoing: items, OngoingTotal: total, Today: today, OpenCalls: calls, Now: now, Events: events}))
	return nil
}

// fixed serves a page whose content never changes.
// The fixed pages, whose content is in their templates.
var (
	// About handles GET /om-residens.
	About = fixed(ui.Page{Title: "Om residens", Nav: "om",
		Description: "Vad ett konstnärligt residens är och hur kommuner, konstnärer och regionen arbetar tillsammans."}, AboutPage())
	// Accessibility handles GET /tillganglighet, the accessibility statement.
	Accessibility = fixed(ui.Page{Title: "Tillgänglighetsredogörelse",
		Description: "Hur tillgänglig webbplatsen är, kända brister och hur du rapporterar problem."}, AccessibilityPage())
	// Privacy handles GET /personuppgifter.
	Privacy = fixed(ui.Page{Title: "Personuppgifter",
		Description: "Hur vi behandlar personuppgifter enligt dataskyddsförordningen."}, PrivacyPage())
	// Cookies handles GET /kakor.
	Cookies = fixed(ui.Page{Title: "Kakor",
		Description: "Webbplatsen använder inga kakor som kräver samtycke."}, CookiesPage())
)

func fixed(page ui.Page, body templ.Component) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		httpx.Render(w, r, http.StatusOK, page, body)
	}
}
