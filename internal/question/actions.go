package question

import (
	"errors"
	"net/http"
	"strconv"

	"residens/internal/audit"
	"residens/internal/consultant"
	"residens/internal/funding"
	"residens/internal/httpx"
	"residens/internal/secret"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Action names a form of the question page: its path after the id and the
// field its error goes to.
const (
	aAnswer   = "svar"
	aNote     = "anteckning"
	aRefer    = "hanvisning"
	aHandOver = "overlamna"
	aWait     = "vanta"
	aClose    = "stang"
	aReopen   = "oppna"
)

// ShowView is the model of a question's page for the consultants.
type ShowView struct {
	Q              *Question
	Events         []Event
	Overdue        bool
	Due            string
	Organisations  []funding.Organisation
	Municipalities []vocab.Term
	Colleagues     []consultant.Consultant
	// Form is the action whose form came back with errors, with what was
	// typed in Values.
	Form   string
	Values map[string]string
	Errors ui.FieldErrors
	// Problem is a message about the whole page (a step the state does not
	// allow).
	Problem string
}

func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, id int64, v ShowView) error {
	ctx := r.Context()
	q, err := h.store.Get(ctx, id)
	if err != nil {
		return err
	}
	v.Q = q
	if v.Events, err = h.store.Events(ctx, id, false); err != nil {
		return err
	}
	v.Overdue = Overdue(q.State, q.AwaitingSince, h.now(), h.store.Days())
	v.Due = ui.OrDash(dateOf(Due(q.AwaitingSince, h.store.Days())))
	if v.Organisations, err = h.orgs.Organisations(ctx); err != nil {
		return err
	}
	if _, v.Municipalities, err = h.vocabs(ctx); err != nil {
		return err
	}
	if v.Colleagues, err = consultant.Active(ctx, h.pool, 0, 0); err != nil {
		return err
	}
	if v.Values == nil {
		v.Values = map[string]string{}
	}
	if secret.Hash(v.Values["nyckel"]) == nil {
		v.Values["nyckel"], _ = secret.New()
	}
	httpx.Render(w, r, status, ui.Page{Title: "Fråga " + q.Number, Flash: httpx.Flash(r, flashes)}, ShowPage(v))
	return nil
}

// Show handles GET /konsulent/fragor/{id}: the whole thread, notes
// included, and the actions.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "question")
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, id, ShowView{})
}

// act runs one action of the question page: parse reads and checks the
// form into a Step; a refused form, or a step the state does not allow,
// shows the page again (422 or 409) with what was typed.
func (h *Handler) act(w http.ResponseWriter, r *http.Request, action, flash string,
	parse func(f *httpx.Form, vals map[string]string) Step) error {
	id, err := httpx.PathID(r, "id", "question")
	if err != nil {
		return err
	}
	if _, err := h.store.Get(r.Context(), id); err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 64<<10)
	if err != nil {
		return err
	}
	vals := map[string]string{"nyckel": f.Get(fKey, 60, false)}
	st := parse(f, vals)
	// The page's forms share one key; the action tells their posts apart.
	if secret.Hash(vals["nyckel"]) != nil {
		st.Key = vals["nyckel"] + ":" + action
	}
	if !f.Valid() {
		return h.renderShow(w, r, http.StatusUnprocessableEntity, id, ShowView{Form: action, Values: vals, Errors: f.Errors()})
	}
	err = h.store.Do(r.Context(), audit.FromRequest(r, audit.Entry{}), id, st)
	switch {
	case errors.Is(err, ErrState):
		return h.renderShow(w, r, http.StatusConflict, id, ShowView{Form: action, Values: vals,
			Problem: "Det går inte i frågans nuvarande läge. Sidan visar läget nu."})
	case errors.Is(err, ErrNoContact):
		return h.renderShow(w, r, http.StatusUnprocessableEntity, id, ShowView{Form: action, Values: vals,
			Errors: ui.FieldErrors{{Field: "kontakt", Message: "Välj en organisation eller en kommun med kontaktuppgifter."}}})
	case errors.Is(err, ErrNoColleague):
		return h.renderShow(w, r, http.StatusUnprocessableEntity, id, ShowView{Form: action, Values: vals,
			Errors: ui.FieldErrors{{Field: "kollega", Message: "Välj en kollega i listan."}}})
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, consultantPath(id), flash)
}

// textStep reads a required text (the answer, the note) into a step.
func textStep(kind EventKind, field, msg string) func(f *httpx.Form, vals map[string]string) Step {
	return func(f *httpx.Form, vals map[string]string) Step {
		body := f.Get(field, 8000, true)
		vals[field] = body
		f.Check(body != "", field, msg)
		return Step{Kind: kind, Body: body}
	}
}

// Answer handles POST /konsulent/fragor/{id}/svar: a public reply, mailed
// to the asker with the thread link.
func (h *Handler) Answer(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, aAnswer, "besvarad", textStep(EventAnswer, "svar", "Skriv svaret."))
}

// Note handles POST /konsulent/fragor/{id}/anteckning: an internal note,
// never mailed and never shown to the asker.
func (h *Handler) Note(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, aNote, "anteckning", textStep(EventNote, "anteckning", "Skriv anteckningen."))
}

// Refer handles POST /konsulent/fragor/{id}/hanvisning: a referral to an
// organisation of the directory (org-N) or a municipality's culture contact
// (kommun-N); the asker is mailed the contact and it counts as the answer.
func (h *Handler) Refer(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, aRefer, "hanvisad", func(f *httpx.Form, vals map[string]string) Step {
		st := Step{Kind: EventReferral, Body: f.Get("meddelande", 8000, true)}
		c := f.Get("kontakt", 40, false)
		vals["kontakt"], vals["meddelande"] = c, st.Body
		if n, ok := cutID(c, "org-"); ok {
			st.OrganisationID = n
		} else if n, ok := cutID(c, "kommun-"); ok {
			st.MunicipalityID = n
		}
		f.Check(st.OrganisationID > 0 || st.MunicipalityID > 0, "kontakt", "Välj vem frågan hänvisas till.")
		return st
	})
}

func cutID(s, prefix string) (int64, bool) {
	if len(s) <= len(prefix) || s[:len(prefix)] != prefix {
		return 0, false
	}
	n, err := strconv.ParseInt(s[len(prefix):], 10, 64)
	return n, err == nil && n > 0
}

// HandOver handles POST /konsulent/fragor/{id}/overlamna: the question goes
// to a colleague; the asker is not mailed.
func (h *Handler) HandOver(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, aHandOver, "lamnad", func(f *httpx.Form, vals map[string]string) Step {
		c := f.Get("kollega", 20, false)
		vals["kollega"] = c
		n, err := strconv.ParseInt(c, 10, 64)
		f.Check(err == nil && n > 0, "kollega", "Välj en kollega i listan.")
		return Step{Kind: EventHandOver, ToUserID: n}
	})
}

// confirmStep reads the confirmation box of a step that takes no text, so
// that an empty post changes nothing.
func confirmStep(kind EventKind, msg string) func(f *httpx.Form, vals map[string]string) Step {
	return func(f *httpx.Form, vals map[string]string) Step {
		f.Check(f.Get("bekrafta", 10, false) == "ja", "bekrafta-"+string(kind), msg)
		return Step{Kind: kind}
	}
}

// Wait handles POST /konsulent/fragor/{id}/vanta: the question waits for
// the asker.
func (h *Handler) Wait(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, aWait, "vantar", confirmStep(EventWaiting, "Kryssa i att frågan väntar på frågeställaren."))
}

// CloseQuestion handles POST /konsulent/fragor/{id}/stang.
func (h *Handler) CloseQuestion(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, aClose, "stangd-k", confirmStep(EventClosed, "Kryssa i att frågan ska stängas."))
}

// Reopen handles POST /konsulent/fragor/{id}/oppna.
func (h *Handler) Reopen(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, aReopen, "oppnad", confirmStep(EventReopened, "Kryssa i att frågan ska öppnas igen."))
}
