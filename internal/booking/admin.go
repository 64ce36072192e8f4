package booking

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/residency"
	"residens/internal/throttle"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Admin serves the consultants' availability page and booking inbox.
type Admin struct {
	store *Store
	now   func() time.Time
}

// NewAdmin returns the pages over pool; e-mail to bookers is queued on
// queue (nil sends none) with links to baseURL and from (MAIL_FROM's
// address) as the calendar files' organizer, and now tells the time.
func NewAdmin(pool *pgxpool.Pool, queue *mail.Queue, baseURL *url.URL, from string, now func() time.Time) *Admin {
	return &Admin{store: newStore(pool, nil, queue, baseURL, from, throttle.Form{}, now), now: now}
}

// adminFlashes are the confirmations a redirect names by a fixed code.
var adminFlashes = map[string]string{
	"sparad":     "Din tillgänglighet är sparad.",
	"bekraftad":  "Bokningen är bekräftad och bokaren har fått ett e-postmeddelande.",
	"avbojd":     "Bokningen är avböjd och bokaren har fått ett e-postmeddelande.",
	"avbokad":    "Bokningen är avbokad och bokaren har fått ett e-postmeddelande.",
	"genomford":  "Mötet är markerat som genomfört.",
	"uteblev":    "Bokningen är markerad som uteblev.",
	"anteckning": "Anteckningen är sparad. Den syns inte för bokaren.",
	"ny-tid":     "Den nya tiden är föreslagen och bokaren har fått ett e-postmeddelande med tiden och en länk där hen kan behålla, flytta eller avboka den.",
}

// owner is whose bookings the signed-in user may see: their own for a
// consultant, every one (nil) for an admin.
func owner(r *http.Request) *int64 {
	u := auth.UserFrom(r.Context())
	if u == nil || u.Role == auth.RoleAdmin {
		return nil
	}
	id := u.ID
	return &id
}

// ---- availability ----

// AvailabilityView is the model of the availability page.
type AvailabilityView struct {
	V              Values
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
	Errors         ui.FieldErrors
	Preview        []string
	Saved          bool
	// Name is the consultant's, the alt text of their photo.
	Name string
}

func (h *Admin) vocabulary(ctx context.Context) (residency.Vocabulary, error) {
	return h.store.Vocabulary(ctx)
}

// AvailabilityPage handles GET /konsulent/tillganglighet: the signed-in
// user's profile, weekly hours and exceptions, and the next free times.
func (h *Admin) AvailabilityPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	a, err := h.store.Availability(ctx, u.ID)
	saved := err == nil
	if errors.Is(err, ErrNotFound) {
		a, err = Availability{Profile: DefaultProfile(u.ID)}, nil
	}
	if err != nil {
		return err
	}
	v := AvailabilityView{V: valuesOf(a), Saved: saved}
	if saved {
		if v.Preview, err = h.preview(ctx, a); err != nil {
			return err
		}
	}
	return h.renderAvailability(w, r, http.StatusOK, v)
}

// preview labels the first ten free times of a.
func (h *Admin) preview(ctx context.Context, a Availability) ([]string, error) {
	now := h.now()
	from, to := Window(a, now)
	busy, err := h.store.Holding(ctx, a.Profile.UserID, from, to)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, s := range FreeSlots(a, busy, now) {
		if len(out) == 10 {
			break
		}
		out = append(out, s.Label())
	}
	return out, nil
}

func (h *Admin) renderAvailability(w http.ResponseWriter, r *http.Request, status int, v AvailabilityView) error {
	voc, err := h.vocabulary(r.Context())
	if err != nil {
		return err
	}
	v.ArtForms, v.Municipalities = voc.ArtForms, voc.Municipalities
	if u := auth.UserFrom(r.Context()); u != nil {
		v.Name = u.Name
	}
	httpx.Render(w, r, status, ui.Page{Title: "Min tillgänglighet för rådgivning", Flash: httpx.Flash(r, adminFlashes)}, AvailabilityPage(v))
	return nil
}

func termSet(ts []vocab.Term) map[int64]bool {
	m := map[int64]bool{}
	for _, t := range ts {
		m[t.ID] = true
	}
	return m
}

// SaveAvailability handles POST /konsulent/tillganglighet.
func (h *Admin) SaveAvailability(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	f, photo, photoErr, err := readForm(w, r)
	if err != nil {
		return err
	}
	voc, err := h.vocabulary(ctx)
	if err != nil {
		return err
	}
	v := readValues(f)
	current, err := h.store.CurrentPhoto(ctx, u.ID)
	if err != nil {
		return err
	}
	if current != nil {
		v.PhotoID = *current
	}
	a := availability(f, v, u.ID, termSet(voc.ArtForms), termSet(voc.Municipalities))
	if photoErr != "" {
		f.Add(fPhoto, photoErr)
	}
	if !f.Valid() {
		return h.renderAvailability(w, r, http.StatusUnprocessableEntity, AvailabilityView{V: v, Errors: f.Errors()})
	}
	a.Profile.PhotoID = current
	if v.RemovePhoto {
		a.Profile.PhotoID = nil
	}
	err = h.store.SetAvailability(ctx, audit.FromRequest(r, audit.Entry{}), u.ID, u.Name, a, photo, current)
	var inv ErrInvalid
	if errors.As(err, &inv) {
		return h.renderAvailability(w, r, http.StatusUnprocessableEntity, AvailabilityView{V: v,
			Errors: []ui.FieldError{{Field: fMinutes, Message: inv.Msg}}})
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/konsulent/tillganglighet", "sparad")
}

// ---- inbox ----

// States are the inbox tabs, in order.
var States = []State{StateRequested, StateConfirmed, StateDeclined,
	StateCancelled, StateHeld, StateNoShow}

// InboxView is the model of the inbox.
type InboxView struct {
	State   State
	Rows    []Booking
	Total   int
	Waiting int
	// Counts are the bookings in each state, shown on the tabs.
	Counts      map[State]int
	Admin       bool
	Consultants []Person
	Consultant  string
	Pager       ui.Pager
}

// Tab is the link of one state tab.
func (v InboxView) Tab(s State) string {
	q := query(string(s), v.Consultant)
	return "/konsulent/bokningar?" + q.Encode()
}

// Inbox handles GET /konsulent/bokningar: the bookings in one state (the
// requested ones first), the consultant's own or, for admins, anyone's.
func (h *Admin) Inbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := httpx.NewQuery(r.URL.RawQuery)
	v := InboxView{State: StateRequested}
	if s := State(q.String("tillstand", 20)); s != "" {
		if s.Label() != "" {
			v.State = s
		} else {
			q.Notef("Läget ”" + httpx.Clip(string(s), 20) + "” finns inte; du ser förfrågningarna.")
		}
	}
	who := owner(r)
	if who == nil {
		v.Admin = true
		var err error
		if v.Consultants, err = h.store.Consultants(ctx); err != nil {
			return err
		}
		if s := q.String("konsulent", 20); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			known := false
			for _, p := range v.Consultants {
				known = known || (err == nil && p.ID == id)
			}
			if known {
				who, v.Consultant = &id, s
			} else {
				q.Notef("Konsulenten finns inte och filtret har tagits bort.")
			}
		}
	}
	page := q.Page("sida")
	var err error
	if v.Rows, v.Total, err = h.store.Inbox(ctx, who, v.State, page); err != nil {
		return err
	}
	pages := (v.Total + PageSize - 1) / PageSize
	if page > max(pages, 1) {
		q.Notef("Sidan finns inte; du ser den sista sidan.")
		page = max(pages, 1)
		if v.Rows, v.Total, err = h.store.Inbox(ctx, who, v.State, page); err != nil {
			return err
		}
	}
	if v.Counts, err = h.store.StateCounts(ctx, who); err != nil {
		return err
	}
	v.Waiting = v.Counts[StateRequested]
	v.Pager = ui.Pager{Page: page, Pages: pages, Base: "/konsulent/bokningar", Query: query(string(v.State), v.Consultant), Param: "sida"}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Bokningar av rådgivning", Notices: q.Notices}, InboxPage(v))
	return nil
}

// ---- one booking ----

// ShowView is the model of one booking's page.
type ShowView struct {
	B       *Booking
	Problem string
	Errors  ui.FieldErrors
	Typed   map[string]string
	// Started says the meeting's time has begun: only then can it be
	// marked held or no-show.
	Started bool
}

// Can reports whether the booking may move to s.
func (v ShowView) Can(s State) bool {
	if (s == StateHeld || s == StateNoShow) && !v.Started {
		return false
	}
	return CanMove(v.B.State, s)
}

func bookingID(r *http.Request) (int64, error) {
	return httpx.PathID(r, "id", "booking")
}

// get loads the booking of the URL, or 404 when the user may not see it.
func (h *Admin) get(r *http.Request) (*Booking, error) {
	id, err := bookingID(r)
	if err != nil {
		return nil, err
	}
	// ErrNotFound wraps db.ErrNotFound: the 404 page.
	return h.store.Get(r.Context(), Lookup{ID: id, Owner: owner(r)})
}

func (h *Admin) renderShow(w http.ResponseWriter, r *http.Request, status int, v ShowView) error {
	v.Started = !h.now().Before(v.B.Slot.Start)
	httpx.Render(w, r, status, ui.Page{Title: "Bokning " + v.B.Slot.Label(), Flash: httpx.Flash(r, adminFlashes)}, ShowPage(v))
	return nil
}

// Show handles GET /konsulent/bokningar/{id}.
func (h *Admin) Show(w http.ResponseWriter, r *http.Request) error {
	d, err := h.get(r)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, ShowView{B: d})
}

// transition moves the booking of the URL to state to. field names the
// text the action requires (missing is the message when it is empty),
// which the store writes in the columns of the state to.
func (h *Admin) transition(w http.ResponseWriter, r *http.Request, to State, field, missing, code string) error {
	d, err := h.get(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	// Each form's fields have names of their own on the page, which are
	// also their ids and the errors' keys.
	typed := map[string]string{}
	if field != "" {
		typed[field] = f.Get(field, maxReason, true)
		f.Check(typed[field] != "", field, missing)
	}
	if to == StateHeld {
		t := Topic(f.Get(fOutTopic, 20, false))
		typed[fOutTopic] = string(t)
		f.Check(t.Valid(), fOutTopic, "Välj vad mötet handlade om.")
	}
	if !CanMove(d.State, to) {
		return h.renderShow(w, r, http.StatusConflict, ShowView{B: d, Typed: typed,
			Problem: fmt.Sprintf("En bokning som är ”%s” kan inte bli ”%s”. Inget har ändrats.", d.State.Label(), to.Label())})
	}
	// The booker is thanked for the meeting, or told they were missed:
	// neither before it has begun.
	if (to == StateHeld || to == StateNoShow) && h.now().Before(d.Slot.Start) {
		return h.renderShow(w, r, http.StatusConflict, ShowView{B: d, Typed: typed,
			Problem: "Ett möte som inte har börjat kan inte markeras som genomfört eller uteblivet. Inget har ändrats."})
	}
	if !f.Valid() {
		return h.renderShow(w, r, http.StatusUnprocessableEntity, ShowView{B: d, Errors: f.Errors(), Typed: typed})
	}
	ctx := r.Context()
	err = h.store.ChangeState(ctx, audit.FromRequest(r, audit.Entry{}), owner(r), d, to, typed[field], Topic(typed[fOutTopic]))
	if errors.Is(err, errStale) || errors.Is(err, ErrNotFound) {
		d, lerr := h.get(r)
		if lerr != nil {
			return lerr
		}
		return h.renderShow(w, r, http.StatusConflict, ShowView{B: d, Typed: typed,
			Problem: "Bokningen ändrades samtidigt av någon annan. Se dess läge nu och försök igen."})
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, fmt.Sprintf("/konsulent/bokningar/%d", d.ID), code)
}

// Confirm handles POST /konsulent/bokningar/{id}/bekrafta.
func (h *Admin) Confirm(w http.ResponseWriter, r *http.Request) error {
	return h.transition(w, r, StateConfirmed, "", "", "bekraftad")
}

// Decline handles POST /konsulent/bokningar/{id}/avboj: a reason is required.
func (h *Admin) Decline(w http.ResponseWriter, r *http.Request) error {
	return h.transition(w, r, StateDeclined, fDeclineReason, "Skriv varför bokningen avböjs.", "avbojd")
}

// Cancel handles POST /konsulent/bokningar/{id}/avboka: a reason is required.
func (h *Admin) Cancel(w http.ResponseWriter, r *http.Request) error {
	return h.transition(w, r, StateCancelled, fCancelReason, "Skriv varför bokningen avbokas.", "avbokad")
}

// Held handles POST /konsulent/bokningar/{id}/genomford: the outcome and
// the topic are recorded for follow-up.
func (h *Admin) Held(w http.ResponseWriter, r *http.Request) error {
	return h.transition(w, r, StateHeld, fOutcome, "Skriv kort vad mötet ledde till.", "genomford")
}

// NoShow handles POST /konsulent/bokningar/{id}/uteblev.
func (h *Admin) NoShow(w http.ResponseWriter, r *http.Request) error {
	return h.transition(w, r, StateNoShow, "", "", "uteblev")
}

// Note handles POST /konsulent/bokningar/{id}/anteckning: an internal note,
// never shown or sent to the booker.
func (h *Admin) Note(w http.ResponseWriter, r *http.Request) error {
	d, err := h.get(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	body := f.Get(fNote, maxNote, true)
	f.Check(body != "", fNote, "Skriv anteckningen.")
	if !f.Valid() {
		return h.renderShow(w, r, http.StatusUnprocessableEntity, ShowView{B: d, Errors: f.Errors(),
			Typed: map[string]string{fNote: body}})
	}
	u := auth.UserFrom(r.Context())
	ctx := r.Context()
	err = h.store.WriteNote(ctx, audit.FromRequest(r, audit.Entry{}), d.ID, u.ID, u.Name, body)
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, fmt.Sprintf("/konsulent/bokningar/%d", d.ID), "anteckning")
}
