package proposal

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/registry"
	"residens/internal/residency"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Handler serves the officers' pages under /kommun and the consultants'
// under /konsulent/forslag.
type Handler struct {
	pool  *pgxpool.Pool
	store *Store
}

// NewHandler returns the proposal pages over pool: submissions are numbered
// by reg, e-mail is queued on queue (nil sends none) with links to baseURL,
// and now tells the time.
func NewHandler(pool *pgxpool.Pool, reg *registry.Registry, queue *mail.Queue, baseURL *url.URL, now func() time.Time) *Handler {
	base := ""
	if baseURL != nil {
		base = baseURL.String()
	}
	return &Handler{pool: pool, store: NewStore(pool, reg, queue, base, now)}
}

// flashes are the confirmations a redirect after success names by code; a
// fixed list, so the address cannot put words on the page.
var flashes = map[string]string{
	"sparad":        "Utkastet är sparat. Du kan fortsätta senare och skicka in förslaget när det är klart.",
	"meddelande":    "Meddelandet är skickat.",
	"aterkallad":    "Förslaget är återkallat.",
	"tagen":         "Förslaget har fått en handläggare.",
	"anteckning":    "Anteckningen är sparad. Den syns inte för kommunen.",
	"komplettering": "Förslaget är skickat tillbaka till kommunen för komplettering.",
	"godkand":       "Förslaget är godkänt och ett utkast till residens är skapat.",
	"avslagen":      "Förslaget är avslaget.",
}

// actor is the signed-in user as the store knows them.
func actor(r *http.Request) Actor {
	u := auth.UserFrom(r.Context())
	if u == nil {
		return Actor{}
	}
	a := Actor{ID: u.ID, Name: u.Name, Email: u.Email, IP: auth.ClientIP(r)}
	if u.Role == auth.RoleMunicipality && u.MunicipalityID != nil {
		a.MunicipalityID = *u.MunicipalityID
	}
	return a
}

// officer is actor for the /kommun pages: an officer bound to no
// municipality (which the users table does not allow) sees nothing.
func officer(r *http.Request) (Actor, error) {
	a := actor(r)
	if a.MunicipalityID == 0 {
		return a, &httpx.Error{Code: httpx.CodeForbidden, Message: "inte kopplad till en kommun"}
	}
	return a, nil
}

func proposalID(r *http.Request) (int64, error) {
	return httpx.PathID(r, "id", "proposal")
}

func (h *Handler) directory(r *http.Request) (Directory, error) {
	v, err := residency.NewStore(h.pool).Vocabulary(r.Context())
	if err != nil {
		return Directory{}, err
	}
	return Directory{ArtForms: v.ArtForms, TargetGroups: v.TargetGroups, VenueTypes: v.VenueTypes, Municipalities: v.Municipalities}, nil
}

// newKey is the random key of a new proposal form.
func newKey() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DashboardView is the model of the officer's dashboard.
type DashboardView struct {
	Municipality string
	Rows         []Row
}

// Dashboard handles GET /kommun: the municipality's proposals and their
// states.
func (h *Handler) Dashboard(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	rows, err := h.store.ForMunicipality(r.Context(), a.MunicipalityID)
	if err != nil {
		return err
	}
	name, err := h.store.MunicipalityName(r.Context(), a.MunicipalityID)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Förslag från " + name, Flash: httpx.Flash(r, flashes)},
		DashboardPage(DashboardView{Municipality: name, Rows: rows}))
	return nil
}

// FormView is the model of the officer's proposal form.
type FormView struct {
	// ID is 0 for a new proposal, which carries Key instead.
	ID      int64
	Key     string
	Version int
	State   State
	Number  string
	Values  Values
	Dir     Directory
	Errors  ui.FieldErrors
	Problem string
	// Request is the consultant's latest request for completion, shown
	// above the form when the proposal came back.
	Request *Event
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v FormView) {
	title := "Nytt förslag"
	if v.ID != 0 {
		title = "Ändra förslag"
	}
	httpx.Render(w, r, status, ui.Page{Title: title, Flash: httpx.Flash(r, flashes)}, FormPage(v))
}

// NewForm handles GET /kommun/forslag/nytt: an empty proposal form, with
// the officer as contact person to start from.
func (h *Handler) NewForm(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	d, err := h.directory(r)
	if err != nil {
		return err
	}
	h.renderForm(w, r, http.StatusOK, FormView{Key: newKey(), Dir: d, State: Draft,
		Values: Values{ContactName: a.Name, ContactEmail: a.Email}})
	return nil
}

// readForm parses and checks the officer's form: a save checks what is
// given, a submission that everything is.
func (h *Handler) readForm(w http.ResponseWriter, r *http.Request) (*httpx.Form, Values, Directory, bool, error) {
	f, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return nil, Values{}, Directory{}, false, err
	}
	d, err := h.directory(r)
	if err != nil {
		return nil, Values{}, Directory{}, false, err
	}
	submit := f.Values.Get(fAction) == actionSubmit
	v := parseValues(f, d)
	validate(f, v, submit)
	return f, v, d, submit, nil
}

// Create handles POST /kommun/forslag/nytt: a new draft, or a proposal sent
// in at once; the form again with its errors (422); and for the same form
// sent twice, the proposal the first one made.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	f, v, d, submit, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	key := f.Get(fKey, 64, false)
	if key == "" {
		key = newKey()
	}
	view := FormView{Key: key, Values: v, Dir: d, State: Draft}
	if !f.Valid() {
		view.Errors = f.Errors()
		h.renderForm(w, r, http.StatusUnprocessableEntity, view)
		return nil
	}
	res, err := h.store.Create(r.Context(), a, key, v, submit)
	if errors.Is(err, ErrConflict) {
		// The form made a draft before; what it now holds is kept in the
		// draft's own form, which saves over it when sent.
		cur, err := h.store.Get(r.Context(), a, res.ID)
		if err != nil {
			return err
		}
		view.ID, view.Key, view.Version, view.State = cur.ID, "", cur.Version, cur.State
		view.Problem = "Formuläret har redan sparats som ett utkast. Det du skrev nu finns kvar nedan; spara eller skicka in igen för att ersätta utkastet."
		h.renderForm(w, r, http.StatusConflict, view)
		return nil
	}
	if err != nil {
		return err
	}
	return h.saved(w, r, res, submit)
}

// saved answers a save or submission that went through: the receipt for
// a proposal sent in, the form again for a draft.
func (h *Handler) saved(w http.ResponseWriter, r *http.Request, res Result, submit bool) error {
	if res.Number != "" && (res.State == Submitted || res.State == InReview) && (submit || res.Existing) {
		return httpx.SeeOther(w, r, officerPath(res.ID)+"/kvitto", "")
	}
	if res.Existing {
		return httpx.SeeOther(w, r, officerPath(res.ID), "")
	}
	return httpx.SeeOther(w, r, officerPath(res.ID)+"/andra", "sparad")
}

// ShowView is the model of the officer's page of one proposal.
type ShowView struct {
	P       *Proposal
	Events  []Event
	Dir     Directory
	Problem string
	Errors  ui.FieldErrors
	Message string
}

func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, v ShowView) error {
	if v.Events == nil {
		var err error
		if v.Events, err = h.store.Events(r.Context(), v.P.ID, true); err != nil {
			return err
		}
	}
	if v.Dir.ArtForms == nil {
		var err error
		if v.Dir, err = h.directory(r); err != nil {
			return err
		}
	}
	httpx.Render(w, r, status, ui.Page{Title: titleOf(v.P), Flash: httpx.Flash(r, flashes)}, ShowPage(v))
	return nil
}

func titleOf(p *Proposal) string {
	if p.Values.Title == "" {
		return "Förslag utan titel"
	}
	return p.Values.Title
}

// Show handles GET /kommun/forslag/{id}: the proposal, its state and the
// messages, for the officer.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	p, err := h.store.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, ShowView{P: p})
}

// Edit handles GET /kommun/forslag/{id}/andra: the form filled from the
// stored proposal, while it is a draft or sent back for completion.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	p, err := h.store.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	if !p.State.Editable() {
		return h.renderShow(w, r, http.StatusConflict, ShowView{P: p, Problem: notEditable(p)})
	}
	d, err := h.directory(r)
	if err != nil {
		return err
	}
	v := FormView{ID: id, Version: p.Version, State: p.State, Number: p.Number, Values: p.Values, Dir: d}
	if v.Request, err = h.lastRequest(r, p); err != nil {
		return err
	}
	h.renderForm(w, r, http.StatusOK, v)
	return nil
}

func notEditable(p *Proposal) string {
	return "Förslaget kan inte ändras när det är i läget ”" + p.State.Label() + "”."
}

// lastRequest is the consultant's latest request for completion of p, when
// p is waiting for one.
func (h *Handler) lastRequest(r *http.Request, p *Proposal) (*Event, error) {
	if p.State != CompletionRequested {
		return nil, nil
	}
	evs, err := h.store.Events(r.Context(), p.ID, true)
	if err != nil {
		return nil, err
	}
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].To == CompletionRequested {
			return &evs[i], nil
		}
	}
	return nil, nil
}

// Update handles POST /kommun/forslag/{id}/andra: the draft saved, or the
// proposal sent in (again); the form with its errors (422) or, when someone
// else saved first, with a note of it (409); for a proposal already sent
// in by the same form, its receipt.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	p, err := h.store.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	f, v, d, submit, err := h.readForm(w, r)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(f.Values.Get(fVersion))
	view := FormView{ID: id, Version: version, State: p.State, Number: p.Number, Values: v, Dir: d}
	if view.Request, err = h.lastRequest(r, p); err != nil {
		return err
	}
	if !f.Valid() && p.State.Editable() {
		view.Errors = f.Errors()
		h.renderForm(w, r, http.StatusUnprocessableEntity, view)
		return nil
	}
	res, err := h.store.Save(r.Context(), a, id, version, v, submit)
	switch {
	case errors.Is(err, ErrAlreadySubmitted):
		return httpx.SeeOther(w, r, officerPath(id)+"/kvitto", "")
	case errors.Is(err, ErrNotAllowed):
		return h.renderShow(w, r, http.StatusConflict, ShowView{P: p, Problem: notEditable(p)})
	case errors.Is(err, ErrConflict):
		cur, err := h.store.Get(r.Context(), a, id)
		if err != nil {
			return err
		}
		view.Version, view.State = cur.Version, cur.State
		view.Problem = "Någon annan har sparat förslaget medan du ändrade det. Det du skrev finns kvar nedan; " +
			"jämför med förslaget som det är sparat och spara eller skicka in igen."
		h.renderForm(w, r, http.StatusConflict, view)
		return nil
	case err != nil:
		return err
	}
	return h.saved(w, r, res, submit)
}

// Receipt handles GET /kommun/forslag/{id}/kvitto: the receipt of a
// proposal sent in, with its registration number.
func (h *Handler) Receipt(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	p, err := h.store.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	if p.Number == "" {
		return httpx.NotFound("receipt of draft %d", id)
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Förslaget är mottaget"}, ReceiptPage(p))
	return nil
}

// readMessage reads a message field, required, recording errors on f.
func readMessage(w http.ResponseWriter, r *http.Request, field, missing string) (*httpx.Form, string, error) {
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return nil, "", err
	}
	msg := f.Get(field, MaxMessage, true)
	f.Check(msg != "", field, missing)
	return f, msg, nil
}

// Answer handles POST /kommun/forslag/{id}/meddelande: the officer writes
// to the consultants.
func (h *Handler) Answer(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	p, err := h.store.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	f, msg, err := readMessage(w, r, fMessage, "Skriv ditt meddelande.")
	if err != nil {
		return err
	}
	if !f.Valid() {
		return h.renderShow(w, r, http.StatusUnprocessableEntity, ShowView{P: p, Errors: f.Errors(), Message: msg})
	}
	err = h.store.Message(r.Context(), a, id, msg, false)
	if errors.Is(err, ErrNotAllowed) {
		return h.renderShow(w, r, http.StatusConflict, ShowView{P: p, Message: msg,
			Problem: "Meddelanden kan skickas när förslaget har skickats in."})
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, officerPath(id), "meddelande")
}

// Withdraw handles POST /kommun/forslag/{id}/aterkalla: the officer
// withdraws the proposal, until it is decided.
func (h *Handler) Withdraw(w http.ResponseWriter, r *http.Request) error {
	a, err := officer(r)
	if err != nil {
		return err
	}
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	err = h.store.Withdraw(r.Context(), a, id)
	if errors.Is(err, ErrNotAllowed) {
		p, err := h.store.Get(r.Context(), a, id)
		if err != nil {
			return err
		}
		return h.renderShow(w, r, http.StatusConflict, ShowView{P: p,
			Problem: "Förslaget kan inte återkallas när det är i läget ”" + p.State.Label() + "”."})
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, officerPath(id), "aterkallad")
}

// InboxView is the model of the consultants' inbox.
type InboxView struct {
	Filter      Filter
	Dir         Directory
	Consultants []Person
	Rows        []Row
	Total       int
	Waiting     int
	Pager       ui.Pager
	// Assigned is the assignee filter as sent ("", "ingen" or an id).
	Assigned string
}

// Inbox handles GET /konsulent/forslag: every proposal sent in, filtered by
// state, municipality, kind and assigned consultant, with how many wait
// for someone to take them.
func (h *Handler) Inbox(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := h.directory(r)
	if err != nil {
		return err
	}
	people, err := h.store.Consultants(ctx)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	var f Filter
	if s := State(q.String("tillstand", 40)); s != "" {
		if s.Valid() && s != Draft {
			f.State = s
		} else {
			q.Notef("Läget ”" + httpx.Clip(string(s), 40) + "” finns inte och filtret har tagits bort.")
		}
	}
	if s := q.String("kommun", 80); s != "" {
		if t, ok := vocab.Find(d.Municipalities, s); ok {
			f.MunicipalityID = t.ID
		} else {
			q.Notef("Kommunen ”" + httpx.Clip(s, 40) + "” finns inte och filtret har tagits bort.")
		}
	}
	if s := q.String("typ", 40); s != "" {
		if s == "kommunresidens" || s == "kommunkoreograf" {
			f.Kind = s
		} else {
			q.Notef("Typen ”" + httpx.Clip(s, 40) + "” finns inte och filtret har tagits bort.")
		}
	}
	assigned := q.String("handlaggare", 20)
	switch id, err := strconv.ParseInt(assigned, 10, 64); {
	case assigned == "":
	case assigned == "ingen":
		f.Unassigned = true
	case err == nil && knownPerson(people, id):
		f.AssignedTo = id
	default:
		q.Notef("Handläggaren finns inte och filtret har tagits bort.")
		assigned = ""
	}
	f.Page = q.Page("sida")
	rows, total, err := h.store.Inbox(ctx, f)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte; du ser den sista sidan.")
		f.Page = max(pages, 1)
		if rows, total, err = h.store.Inbox(ctx, f); err != nil {
			return err
		}
	}
	waiting, err := h.store.Waiting(ctx)
	if err != nil {
		return err
	}
	v := InboxView{Filter: f, Dir: d, Consultants: people, Rows: rows, Total: total, Waiting: waiting, Assigned: assigned,
		Pager: ui.Pager{Page: f.Page, Pages: pages, Base: "/konsulent/forslag", Query: filterValues(f, d, assigned), Param: "sida"}}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Förslag från kommuner", Notices: q.Notices}, InboxPage(v))
	return nil
}

func knownPerson(people []Person, id int64) bool {
	for _, p := range people {
		if p.ID == id {
			return true
		}
	}
	return false
}

func filterValues(f Filter, d Directory, assigned string) url.Values {
	v := url.Values{}
	if f.State != "" {
		v.Set("tillstand", string(f.State))
	}
	for _, m := range d.Municipalities {
		if m.ID == f.MunicipalityID {
			v.Set("kommun", m.Slug)
		}
	}
	if f.Kind != "" {
		v.Set("typ", f.Kind)
	}
	if assigned != "" {
		v.Set("handlaggare", assigned)
	}
	return v
}

// ReviewView is the model of the consultants' page of one proposal.
type ReviewView struct {
	P           *Proposal
	Events      []Event
	Dir         Directory
	Consultants []Person
	Me          int64
	Problem     string
	Errors      ui.FieldErrors
	// Typed keeps what was written in the page's text boxes, by field.
	Typed map[string]string
}

func (h *Handler) renderReview(w http.ResponseWriter, r *http.Request, status int, v ReviewView) error {
	ctx := r.Context()
	var err error
	if v.P == nil {
		return httpx.NotFound("proposal")
	}
	if v.Events, err = h.store.Events(ctx, v.P.ID, false); err != nil {
		return err
	}
	if v.Dir, err = h.directory(r); err != nil {
		return err
	}
	if v.Consultants, err = h.store.Consultants(ctx); err != nil {
		return err
	}
	v.Me = actor(r).ID
	httpx.Render(w, r, status, ui.Page{Title: titleOf(v.P), Flash: httpx.Flash(r, flashes)}, ReviewPage(v))
	return nil
}

// Review handles GET /konsulent/forslag/{id}: the proposal's facts, its
// whole timeline (internal notes included) and what the consultant may do.
func (h *Handler) Review(w http.ResponseWriter, r *http.Request) error {
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	p, err := h.store.Get(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return h.renderReview(w, r, http.StatusOK, ReviewView{P: p})
}

// consultantAction runs one of the consultant's POSTs: it reads the text
// field (required when missing is not ""), runs do, and answers with the
// page again (422 for a missing text, 409 for a move the state does not
// allow) or a redirect with the flash code.
func (h *Handler) consultantAction(w http.ResponseWriter, r *http.Request, field, missing, code string,
	do func(a Actor, id int64, text string) (string, error)) error {
	a := actor(r)
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	p, err := h.store.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	text := ""
	if field != "" {
		text = f.Get(field, MaxMessage, true)
		f.Check(missing == "" || text != "", field, missing)
	}
	typed := map[string]string{field: text}
	if !f.Valid() {
		return h.renderReview(w, r, http.StatusUnprocessableEntity, ReviewView{P: p, Errors: f.Errors(), Typed: typed})
	}
	to, err := do(a, id, text)
	switch {
	case errors.Is(err, ErrNotAllowed):
		return h.renderReview(w, r, http.StatusConflict, ReviewView{P: p, Typed: typed,
			Problem: "Det går inte att göra så med ett förslag i läget ”" + p.State.Label() + "”."})
	case errors.Is(err, ErrNoAssignee):
		return h.renderReview(w, r, http.StatusUnprocessableEntity, ReviewView{P: p,
			Errors: ui.FieldErrors{{Field: fAssignee, Message: "Välj en handläggare i listan."}}})
	case err != nil:
		return err
	}
	if to == "" {
		to = consultantPath(id)
	}
	return httpx.SeeOther(w, r, to, code)
}

// Take handles POST /konsulent/forslag/{id}/ta: the consultant takes the
// proposal, or gives it to a colleague.
func (h *Handler) Take(w http.ResponseWriter, r *http.Request) error {
	return h.consultantAction(w, r, "", "", "tagen", func(a Actor, id int64, _ string) (string, error) {
		assignee, _ := strconv.ParseInt(strings.TrimSpace(r.PostForm.Get(fAssignee)), 10, 64)
		if r.PostForm.Get(fAssignee) != "" && assignee <= 0 {
			return "", ErrNoAssignee
		}
		return "", h.store.Take(r.Context(), a, id, assignee)
	})
}

// Message handles POST /konsulent/forslag/{id}/meddelande: a message to
// the municipality, which sees it.
func (h *Handler) Message(w http.ResponseWriter, r *http.Request) error {
	return h.consultantAction(w, r, fMessage, "Skriv meddelandet till kommunen.", "meddelande",
		func(a Actor, id int64, text string) (string, error) {
			return "", h.store.Message(r.Context(), a, id, text, false)
		})
}

// Note handles POST /konsulent/forslag/{id}/anteckning: an internal note,
// never shown to the municipality.
func (h *Handler) Note(w http.ResponseWriter, r *http.Request) error {
	return h.consultantAction(w, r, fNote, "Skriv anteckningen.", "anteckning",
		func(a Actor, id int64, text string) (string, error) {
			return "", h.store.Message(r.Context(), a, id, text, true)
		})
}

// RequestCompletion handles POST /konsulent/forslag/{id}/komplettering:
// the proposal goes back to the municipality with what to add.
func (h *Handler) RequestCompletion(w http.ResponseWriter, r *http.Request) error {
	return h.consultantAction(w, r, fCompletion, "Skriv vad kommunen behöver komplettera.", "komplettering",
		func(a Actor, id int64, text string) (string, error) {
			return "", h.store.RequestCompletion(r.Context(), a, id, text)
		})
}

// Accept handles POST /konsulent/forslag/{id}/godkann: the proposal is
// accepted and its draft residency made.
func (h *Handler) Accept(w http.ResponseWriter, r *http.Request) error {
	return h.consultantAction(w, r, fAcceptMessage, "", "godkand",
		func(a Actor, id int64, text string) (string, error) {
			_, err := h.store.Accept(r.Context(), a, id, text)
			return "", err
		})
}

// Decline handles POST /konsulent/forslag/{id}/avsla: the proposal is
// declined with a reason the municipality sees.
func (h *Handler) Decline(w http.ResponseWriter, r *http.Request) error {
	return h.consultantAction(w, r, fReason, "Skriv varför förslaget avslås.", "avslagen",
		func(a Actor, id int64, text string) (string, error) {
			return "", h.store.Decline(r.Context(), a, id, text)
		})
}
