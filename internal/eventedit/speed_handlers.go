package eventedit

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"residens/internal/audit"
	"residens/internal/event"
	"residens/internal/httpx"
	"residens/web/ui"
)

// wishField is the name of the checkboxes of whom participant id asked to
// meet.
func wishField(id int64) string { return "vill-" + strconv.FormatInt(id, 10) }

// SpeedView is the model of the speed-dating page and the table plan.
type SpeedView struct {
	E     *Event
	Speed *Speed
	// Problem says why the schedule could not be made or sent (422).
	Problem string
}

func (h *Handler) speedEvent(r *http.Request) (*Event, *Speed, error) {
	e, err := h.eventOf(r)
	if err != nil {
		return nil, nil, err
	}
	if !e.SpeedDating() {
		return nil, nil, httpx.NotFound("event %d is no speed-dating event", e.ID)
	}
	sp, err := h.store.Speed(r.Context(), e.ID)
	if err != nil {
		return nil, nil, err
	}
	return e, sp, nil
}

func (h *Handler) speedPage(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	e, sp, err := h.speedEvent(r)
	if err != nil {
		return err
	}
	httpx.Render(w, r, status, ui.Page{Title: "Speed-dejting: " + e.Title, Flash: httpx.Flash(r, flashes)},
		SpeedPage(SpeedView{E: e, Speed: sp, Problem: problem}))
	return nil
}

// Speed handles GET /konsulent/evenemang/{id}/speed-dejting: the wishes,
// the schedule and sending it.
func (h *Handler) Speed(w http.ResponseWriter, r *http.Request) error {
	return h.speedPage(w, r, http.StatusOK, "")
}

// SaveWishes handles POST /konsulent/evenemang/{id}/speed-dejting/onskemal:
// the ticked wishes replace the stored ones.
func (h *Handler) SaveWishes(w http.ResponseWriter, r *http.Request) error {
	e, _, err := h.speedEvent(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return err
	}
	wants := map[int64][]int64{}
	for key, vals := range f.Values {
		from, err := strconv.ParseInt(strings.TrimPrefix(key, "vill-"), 10, 64)
		if err != nil || !strings.HasPrefix(key, "vill-") {
			continue
		}
		for _, v := range vals {
			if to, err := strconv.ParseInt(v, 10, 64); err == nil {
				wants[from] = append(wants[from], to)
			}
		}
	}
	if err := h.store.SaveWishes(r.Context(), audit.FromRequest(r, audit.Entry{}), e.ID, wants); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(e.ID)+"/speed-dejting", "onskemal")
}

// Generate handles POST /konsulent/evenemang/{id}/speed-dejting/schema.
func (h *Handler) Generate(w http.ResponseWriter, r *http.Request) error {
	e, _, err := h.speedEvent(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	err = h.store.Generate(r.Context(), audit.FromRequest(r, audit.Entry{}), e.ID)
	switch {
	case errors.Is(err, ErrNoRounds):
		return h.speedPage(w, r, http.StatusUnprocessableEntity, "Ange antal omgångar och minuter per omgång på evenemangets sida först.")
	case errors.Is(err, ErrTooFew):
		return h.speedPage(w, r, http.StatusUnprocessableEntity, "Schemat behöver minst en deltagare med plats på varje sida: kulturaktörer och kommuner eller organisationer.")
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, eventPath(e.ID)+"/speed-dejting", "schema")
}

// Send handles POST /konsulent/evenemang/{id}/speed-dejting/skicka: each
// participant's schedule by e-mail, the second time only to those whose
// schedule changed.
func (h *Handler) Send(w http.ResponseWriter, r *http.Request) error {
	e, _, err := h.speedEvent(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	_, err = h.store.Send(r.Context(), audit.FromRequest(r, audit.Entry{}), e.ID)
	if errors.Is(err, ErrNoSchedule) {
		return h.speedPage(w, r, http.StatusUnprocessableEntity, "Skapa schemat innan du skickar det.")
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, eventPath(e.ID)+"/speed-dejting", "schema-sant")
}

// TablePlan handles GET /konsulent/evenemang/{id}/speed-dejting/bordsplan:
// every round's tables, to print.
func (h *Handler) TablePlan(w http.ResponseWriter, r *http.Request) error {
	e, sp, err := h.speedEvent(r)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Bordsplan: " + e.Title}, TablePlanPage(SpeedView{E: e, Speed: sp}))
	return nil
}

// wishOptions are the other side's participants as checkboxes.
func wishOptions(sp *Speed, p SpeedParticipant) []ui.Option {
	other := event.SideHost
	if p.Side == event.SideHost {
		other = event.SideActor
	}
	var out []ui.Option
	for _, o := range sp.Side(other) {
		label := o.Name
		if o.Organisation != "" {
			label += " (" + o.Organisation + ")"
		}
		out = append(out, ui.Option{Value: strconv.FormatInt(o.ID, 10), Label: label})
	}
	return out
}

func ids(ns []int64) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.FormatInt(n, 10)
	}
	return out
}
