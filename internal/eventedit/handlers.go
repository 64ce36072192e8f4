package eventedit

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/event"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/secret"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Handler serves the consultants' pages of events.
type Handler struct {
	store *Store
	now   func() time.Time
}

// NewHandler returns the handler over pool with package event's seat
// rules (which make the mails' links); m queues mail, now tells the time.
func NewHandler(pool *pgxpool.Pool, seats *event.Store, m *mail.Queue, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	return &Handler{store: NewStore(pool, seats, m, now), now: now}
}

// flashes are the confirmations a redirect names by code.
var flashes = map[string]string{
	"skapat":      "Evenemanget är skapat som utkast.",
	"sparat":      "Ändringarna är sparade.",
	"publicerat":  "Evenemanget är publicerat.",
	"installt":    "Evenemanget är inställt och de anmälda har fått besked.",
	"kopierat":    "En kopia är skapad som utkast en månad senare. Kontrollera datum och texter innan du publicerar.",
	"punkt":       "Programpunkten är sparad.",
	"punkt-bort":  "Programpunkten är borttagen.",
	"meddelande":  "Meddelandet är skickat till alla med plats.",
	"onskemal":    "Önskemålen är sparade.",
	"schema":      "Schemat är skapat. Skicka det till deltagarna när det är klart.",
	"schema-sant": "Schemat är skickat.",
}

const listPath = "/konsulent/evenemang"

func eventPath(id int64) string { return listPath + "/" + strconv.FormatInt(id, 10) }

// views are the tabs of the list in order.
var views = []ui.Option{
	{Value: ViewUpcoming, Label: "Kommande"},
	{Value: ViewPast, Label: "Genomförda"},
	{Value: ViewDrafts, Label: "Utkast"},
	{Value: ViewCancelled, Label: "Inställda"},
}

// ListView is the model of the list.
type ListView struct {
	View   string
	Events []Event
	Total  int
	Counts Counts
	Now    time.Time
	Pager  ui.Pager
}

// List handles GET /konsulent/evenemang: the events of one view, paged.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r.URL.RawQuery)
	view := q.String("visa", 20)
	if view != "" && !ui.HasOption(views, view) {
		q.Notef("Urvalet ”" + httpx.Clip(view, 20) + "” finns inte; du ser de kommande.")
		view = ""
	}
	if view == "" {
		view = ViewUpcoming
	}
	page := q.Page("sida")
	evs, total, counts, err := h.store.List(r.Context(), view, page)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	if page > max(pages, 1) {
		q.Notef("Sidan finns inte längre; du ser den sista sidan.")
		page = max(pages, 1)
		if evs, total, counts, err = h.store.List(r.Context(), view, page); err != nil {
			return err
		}
	}
	v := ListView{View: view, Events: evs, Total: total, Counts: counts, Now: h.now(),
		Pager: ui.Pager{Page: page, Pages: pages, Base: listPath, Query: url.Values{"visa": {view}}, Param: "sida"}}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Evenemang", Notices: q.Notices, Flash: httpx.Flash(r, flashes)}, ListPage(v))
	return nil
}

// FormView is the model of the create and edit page.
type FormView struct {
	// E is the stored event; nil on the create page.
	E              *Event
	Form           eventForm
	Errors         ui.FieldErrors
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
	Actors         []Actor
	// Item is the new programme item's form; ItemErrors its errors.
	Item       itemForm
	ItemErrors ui.FieldErrors
	// ItemID is the item whose form came back with errors (0: the new one).
	ItemID int64
	Now    time.Time
	// Key is the random key of the create and copy forms.
	Key string
}

func (h *Handler) form(w http.ResponseWriter, r *http.Request, status int, v FormView) error {
	var err error
	if v.ArtForms, v.Municipalities, err = h.store.Vocab(r.Context()); err != nil {
		return err
	}
	if v.Actors, err = h.store.Actors(r.Context()); err != nil {
		return err
	}
	v.Now = h.now()
	if v.Key == "" {
		v.Key, _ = secret.New()
	}
	title := "Nytt evenemang"
	if v.E != nil {
		title = v.E.Title
	}
	httpx.Render(w, r, status, ui.Page{Title: title, Flash: httpx.Flash(r, flashes)}, FormPage(v))
	return nil
}

// New handles GET /konsulent/evenemang/ny.
func (h *Handler) New(w http.ResponseWriter, r *http.Request) error {
	return h.form(w, r, http.StatusOK, FormView{Form: eventForm{Attendance: event.OnSite, StartTime: "09:00", EndTime: "11:00", CloseTime: "23:59"}})
}

func (h *Handler) read(w http.ResponseWriter, r *http.Request) (*httpx.Form, eventForm, Event, error) {
	f, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return nil, eventForm{}, Event{}, err
	}
	artForms, munis, err := h.store.Vocab(r.Context())
	if err != nil {
		return nil, eventForm{}, Event{}, err
	}
	actors, err := h.store.Actors(r.Context())
	if err != nil {
		return nil, eventForm{}, Event{}, err
	}
	in, e := parseEvent(f, artForms, munis, actors)
	return f, in, e, nil
}

// Create handles POST /konsulent/evenemang/ny: the form again with its
// errors (422), or the new draft and a redirect to it.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) error {
	f, in, e, err := h.read(w, r)
	if err != nil {
		return err
	}
	if !f.Valid() {
		return h.form(w, r, http.StatusUnprocessableEntity, FormView{Form: in, Errors: f.Errors(), Key: f.Get(fKey, 64, false)})
	}
	id, err := h.store.Create(r.Context(), audit.FromRequest(r, audit.Entry{}), f.Get(fKey, 64, false), e)
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(id), "skapat")
}

// Edit handles GET /konsulent/evenemang/{id}: the form, the programme and
// the actions.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	e, err := h.store.Event(r.Context(), id)
	if err != nil {
		return err
	}
	return h.form(w, r, http.StatusOK, FormView{E: e, Form: formOf(e)})
}

// Update handles POST /konsulent/evenemang/{id}: the form again with its
// errors (422; a capacity below the seats taken among them), or the saved
// event and a redirect back to it.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	stored, err := h.store.Event(r.Context(), id)
	if err != nil {
		return err
	}
	f, in, e, err := h.read(w, r)
	if err != nil {
		return err
	}
	if f.Valid() {
		err = h.store.Update(r.Context(), audit.FromRequest(r, audit.Entry{}), id, e)
		var below *ErrBelowTaken
		if errors.As(err, &below) {
			f.Add(fCapacity, "Det går inte att sänka till färre platser än de "+strconv.Itoa(below.Taken)+
				" som redan är tagna. Ange minst "+strconv.Itoa(below.Taken)+", eller be deltagare avanmäla sig först.")
		} else if err != nil {
			return err
		}
	}
	if !f.Valid() {
		return h.form(w, r, http.StatusUnprocessableEntity, FormView{E: stored, Form: in, Errors: f.Errors()})
	}
	return httpx.SeeOther(w, r, eventPath(id), "sparat")
}

// Publish handles POST /konsulent/evenemang/{id}/publicera.
func (h *Handler) Publish(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	err = h.store.Publish(r.Context(), audit.FromRequest(r, audit.Entry{}), id)
	if errors.Is(err, ErrState) {
		return &httpx.Error{Code: httpx.CodeInvalid, Message: "Ett inställt evenemang kan inte publiceras igen. Kopiera det i stället."}
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(id), "publicerat")
}

// Copy handles POST /konsulent/evenemang/{id}/kopiera: "Samma igen nästa
// månad", a new draft (see the package's doc for the rule).
func (h *Handler) Copy(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	nid, err := h.store.Copy(r.Context(), audit.FromRequest(r, audit.Entry{}), f.Get(fKey, 64, false), id)
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(nid), "kopierat")
}

const fReason = "anledning"

// CancelView is the model of the page that asks why an event is cancelled.
type CancelView struct {
	E      *Event
	Reason string
	Errors ui.FieldErrors
}

// CancelForm handles GET /konsulent/evenemang/{id}/stall-in.
func (h *Handler) CancelForm(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	e, err := h.store.Event(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Ställ in " + e.Title}, CancelPage(CancelView{E: e}))
	return nil
}

// Cancel handles POST /konsulent/evenemang/{id}/stall-in: a reason is
// required; everyone signed up is told by e-mail.
func (h *Handler) Cancel(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	e, err := h.store.Event(r.Context(), id)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	reason := f.Get(fReason, 1000, true)
	f.Check(reason != "", fReason, "Skriv varför evenemanget ställs in. Det står i beskedet till de anmälda.")
	f.Check(e.Status != event.Cancelled, fReason, "Evenemanget är redan inställt.")
	if !f.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, ui.Page{Title: "Ställ in " + e.Title}, CancelPage(CancelView{E: e, Reason: reason, Errors: f.Errors()}))
		return nil
	}
	err = h.store.Cancel(r.Context(), audit.FromRequest(r, audit.Entry{}), id, reason)
	if errors.Is(err, ErrState) {
		// Cancelled meanwhile (a double click): it is what was asked for.
		return httpx.SeeOther(w, r, eventPath(id), "installt")
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(id), "installt")
}

// AddItem handles POST /konsulent/evenemang/{id}/program: a new programme
// item.
func (h *Handler) AddItem(w http.ResponseWriter, r *http.Request) error {
	return h.saveItem(w, r, 0)
}

// UpdateItem handles POST /konsulent/evenemang/{id}/program/{item}.
func (h *Handler) UpdateItem(w http.ResponseWriter, r *http.Request) error {
	item, err := httpx.PathID(r, "item", "programme item")
	if err != nil {
		return err
	}
	return h.saveItem(w, r, item)
}

func (h *Handler) saveItem(w http.ResponseWriter, r *http.Request, item int64) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	e, err := h.store.Event(r.Context(), id)
	if err != nil {
		return err
	}
	if item != 0 && !hasItem(e, item) {
		return httpx.NotFound("programme item %d of %d", item, id)
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	in, it := parseItem(f)
	if !f.Valid() {
		// Each item's form has its own ids (punkt-titel-12), which the
		// summary must link to.
		var errs ui.FieldErrors
		for _, fe := range f.Errors() {
			errs = append(errs, ui.FieldError{Field: sid(fe.Field, item), Message: fe.Message})
		}
		return h.form(w, r, http.StatusUnprocessableEntity, FormView{E: e, Form: formOf(e), Item: in, ItemErrors: errs, ItemID: item})
	}
	it.ID = item
	if err := h.store.SaveItem(r.Context(), audit.FromRequest(r, audit.Entry{}), id, it); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(id)+"#program", "punkt")
}

func hasItem(e *Event, item int64) bool {
	for _, it := range e.Programme {
		if it.ID == item {
			return true
		}
	}
	return false
}

// RemoveItem handles POST /konsulent/evenemang/{id}/program/{item}/ta-bort.
func (h *Handler) RemoveItem(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	item, err := httpx.PathID(r, "item", "programme item")
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	if err := h.store.RemoveItem(r.Context(), audit.FromRequest(r, audit.Entry{}), id, item); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(id)+"#program", "punkt-bort")
}
