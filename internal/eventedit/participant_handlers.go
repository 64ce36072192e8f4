package eventedit

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"residens/internal/audit"
	"residens/internal/httpx"
	"residens/internal/secret"
	"residens/web/ui"
)

// The fields of the participant page's forms.
const (
	fCode    = "kod"
	fSubject = "amne"
	fBody    = "text"
	fKey     = "nyckel"
)

// shows are the participant list's filters in order.
var shows = []ui.Option{
	{Value: ShowSeated, Label: "Med plats"},
	{Value: ShowOffered, Label: "Erbjuden plats, ej svarat"},
	{Value: ShowWaiting, Label: "Väntelista"},
	{Value: ShowLeft, Label: "Avanmälda, tackade nej, gick ut"},
}

// ParticipantsView is the model of the participant page.
type ParticipantsView struct {
	E            *Event
	Filter       ParticipantFilter
	Participants []Participant
	Figures      Figures
	Messages     []Message
	Now          time.Time
	// CheckedIn is the sign-up just checked in.
	CheckedIn int64
	Code      string
	Subject   string
	Body      string
	// Key is the message form's random key (kept when it comes back).
	Key    string
	Errors ui.FieldErrors
}

func (h *Handler) participants(w http.ResponseWriter, r *http.Request, status int, v ParticipantsView) error {
	ctx := r.Context()
	id := v.E.ID
	var err error
	if v.Participants, err = h.store.Participants(ctx, id, v.Filter); err != nil {
		return err
	}
	if v.Figures, err = h.store.Figures(ctx, id); err != nil {
		return err
	}
	if v.Messages, err = h.store.Messages(ctx, id); err != nil {
		return err
	}
	v.Now = h.now()
	if v.Key == "" {
		v.Key, _ = secret.New()
	}
	httpx.Render(w, r, status, ui.Page{Title: "Deltagare: " + v.E.Title, Flash: httpx.Flash(r, flashes)}, ParticipantsPage(v))
	return nil
}

func (h *Handler) eventOf(r *http.Request) (*Event, error) {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return nil, err
	}
	return h.store.Event(r.Context(), id)
}

// Participants handles GET /konsulent/evenemang/{id}/deltagare: the
// seated, the waiting line in order and those who left, filtered; the
// check-in and message forms; the figures once the event is over.
func (h *Handler) Participants(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	f := ParticipantFilter{Show: q.String("visa", 20), Query: q.String("q", 100)}
	if f.Show != "" && !knownShow(f.Show) {
		q.Notef("Urvalet ”" + httpx.Clip(f.Show, 20) + "” finns inte och filtret har tagits bort.")
		f.Show = ""
	}
	return h.participants(w, r, http.StatusOK, ParticipantsView{E: e, Filter: f, CheckedIn: checkedInParam(q)})
}

func knownShow(s string) bool {
	for _, o := range shows {
		if o.Value == s {
			return true
		}
	}
	return false
}

// Export handles GET /konsulent/evenemang/{id}/deltagare.csv.
func (h *Handler) Export(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	data, err := h.store.Export(r.Context(), audit.FromRequest(r, audit.Entry{}), e.ID)
	if err != nil {
		return err
	}
	httpx.Download(w, "text/csv; charset=utf-8", "deltagare-"+e.Slug+".csv", data)
	return nil
}

// Badges handles GET /konsulent/evenemang/{id}/namnbrickor: a name badge
// for everyone seated, to print.
func (h *Handler) Badges(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	ps, err := h.store.Participants(r.Context(), e.ID, ParticipantFilter{Show: ShowSeated})
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Namnbrickor: " + e.Title}, BadgesPage(e, ps))
	return nil
}

// CheckIn handles POST /konsulent/evenemang/{id}/incheckning: check-in at
// the door by the code; an unknown code comes back with a message (422).
func (h *Handler) CheckIn(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	code := f.Get(fCode, 20, false)
	f.Check(code != "", fCode, "Skriv deltagarens kod, sex tecken, till exempel K7M2QX.")
	var signup int64
	if f.Valid() {
		signup, err = h.store.CheckIn(r.Context(), audit.FromRequest(r, audit.Entry{}), e.ID, code)
		if errors.Is(err, ErrUnknownCode) {
			f.Add(fCode, "Ingen med plats på evenemanget har koden ”"+httpx.Clip(code, 20)+"”. Kontrollera koden, eller sök på namnet i listan.")
		} else if err != nil {
			return err
		}
	}
	if !f.Valid() {
		return h.participants(w, r, http.StatusUnprocessableEntity, ParticipantsView{E: e, Code: code, Errors: f.Errors()})
	}
	return checkedIn(w, r, e.ID, signup)
}

// checkedIn answers a check-in with the participant list, which names who
// was checked in.
func checkedIn(w http.ResponseWriter, r *http.Request, id, signup int64) error {
	return httpx.SeeOther(w, r, eventPath(id)+"/deltagare?incheckad="+strconv.FormatInt(signup, 10)+"#incheckning", "")
}

// CheckInSignup handles POST
// /konsulent/evenemang/{id}/deltagare/{signup}/incheckning: check-in by
// name, from the list.
func (h *Handler) CheckInSignup(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "event")
	if err != nil {
		return err
	}
	signup, err := httpx.PathID(r, "signup", "sign-up")
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	if err := h.store.CheckInSignup(r.Context(), audit.FromRequest(r, audit.Entry{}), id, signup); err != nil {
		return err
	}
	return checkedIn(w, r, id, signup)
}

// Message handles POST /konsulent/evenemang/{id}/meddelande: a message by
// e-mail to everyone seated.
func (h *Handler) Message(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	subject := f.Get(fSubject, MaxSubject, false)
	f.Check(subject != "", fSubject, "Skriv en ämnesrad.")
	body := f.Get(fBody, MaxBody, true)
	f.Check(body != "", fBody, "Skriv meddelandet.")
	if !f.Valid() {
		return h.participants(w, r, http.StatusUnprocessableEntity, ParticipantsView{E: e, Subject: subject, Body: body, Key: f.Get(fKey, 64, false), Errors: f.Errors()})
	}
	key := f.Get(fKey, 64, false)
	if _, err := h.store.SendMessage(r.Context(), audit.FromRequest(r, audit.Entry{}), e.ID, key, subject, body); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(e.ID)+"/deltagare", "meddelande")
}

// checkedInParam is the sign-up id of the incheckad parameter, or 0.
func checkedInParam(q *httpx.Query) int64 {
	n, err := strconv.ParseInt(q.String("incheckad", 20), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
