package booking

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"residens/internal/audit"
	"residens/internal/httpx"
	"residens/web/ui"
)

// Field names of the propose form.
const (
	fTime       = "tid"
	fMessage    = "meddelande"
	maxMessage  = 2000
	proposeStep = "ny-tid"
)

// SlotDay is one calendar day of free times on the propose page.
type SlotDay struct {
	Label string
	Slots []Slot
}

// ProposeView is the model of the page where the consultant proposes
// another time for a booking.
type ProposeView struct {
	B        *Booking
	Days     []SlotDay
	Selected string
	Message  string
	Problem  string
	Errors   ui.FieldErrors
}

// slotValue is a slot's radio value: its start in Unix seconds.
func slotValue(s Slot) string { return strconv.FormatInt(s.Start.Unix(), 10) }

// proposable lists the free times of the booking's consultant, grouped by
// day. The booking's own time counts as free for the buffer (it is the time
// being given up), and the consultant's minimum notice and horizon hold as
// for a booker, so that a proposed time is one the booker could have
// chosen. An inactive profile still has times: the consultant may be hidden
// from new bookers yet handle the bookings they have.
func (h *Admin) proposable(ctx context.Context, d *Booking) ([]SlotDay, []Slot, error) {
	a, err := h.store.Availability(ctx, d.ConsultantID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	now := h.now()
	from, to := Window(a, now)
	held, err := h.store.Holding(ctx, d.ConsultantID, from, to)
	if err != nil {
		return nil, nil, err
	}
	busy := held[:0]
	for _, s := range held {
		if !(s.Start.Equal(d.Slot.Start) && s.End.Equal(d.Slot.End)) {
			busy = append(busy, s)
		}
	}
	var days []SlotDay
	var slots []Slot
	for _, s := range FreeSlots(a, busy, now) {
		if s.Overlaps(d.Slot) {
			continue // the time booked now is no other time
		}
		slots = append(slots, s)
	}
	for _, s := range slots {
		label := s.Label()
		if i := strings.Index(label, " kl. "); i > 0 {
			label = label[:i]
		}
		if len(days) == 0 || days[len(days)-1].Label != label {
			days = append(days, SlotDay{Label: label})
		}
		days[len(days)-1].Slots = append(days[len(days)-1].Slots, s)
	}
	return days, slots, nil
}

func (h *Admin) renderPropose(w http.ResponseWriter, r *http.Request, status int, v ProposeView) error {
	if v.B.State.Holds() {
		var err error
		if v.Days, _, err = h.proposable(r.Context(), v.B); err != nil {
			return err
		}
	}
	httpx.Render(w, r, status, ui.Page{Title: "Föreslå en annan tid"}, ProposePage(v))
	return nil
}

// ProposeForm handles GET /konsulent/bokningar/{id}/ny-tid: the
// consultant's free times to propose instead of the booked one.
func (h *Admin) ProposeForm(w http.ResponseWriter, r *http.Request) error {
	d, err := h.get(r)
	if err != nil {
		return err
	}
	v := ProposeView{B: d}
	if !d.State.Holds() {
		v.Problem = fmt.Sprintf("En bokning som är ”%s” kan inte få en ny tid.", d.State.Label())
	}
	return h.renderPropose(w, r, http.StatusOK, v)
}

// Propose handles POST /konsulent/bokningar/{id}/ny-tid: the booking moves
// to the chosen time, confirmed (the consultant chose it; the booker who
// keeps it need do nothing, and gets the day-before reminder), and is sent
// the new time, the consultant's message and a link where they keep the
// time, move it or cancel. The exclusion constraint still decides: a time
// taken meanwhile gives a clear message and fresh times.
func (h *Admin) Propose(w http.ResponseWriter, r *http.Request) error {
	d, err := h.get(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	v := ProposeView{B: d, Selected: f.Get(fTime, 20, false), Message: f.Get(fMessage, maxMessage, true)}
	if !d.State.Holds() {
		v.Problem = fmt.Sprintf("En bokning som är ”%s” kan inte få en ny tid. Inget har ändrats.", d.State.Label())
		return h.renderPropose(w, r, http.StatusConflict, v)
	}
	ctx := r.Context()
	_, slots, err := h.proposable(ctx, d)
	if err != nil {
		return err
	}
	var chosen *Slot
	for i := range slots {
		if slotValue(slots[i]) == v.Selected {
			chosen = &slots[i]
		}
	}
	if v.Selected == "" {
		f.Add(fTime, "Välj den tid du vill föreslå.")
		v.Errors = f.Errors()
		return h.renderPropose(w, r, http.StatusUnprocessableEntity, v)
	}
	if chosen == nil {
		v.Selected = ""
		v.Problem = "Tiden du valde är inte längre ledig. Välj en av de lediga tiderna nedan."
		return h.renderPropose(w, r, http.StatusConflict, v)
	}
	err = h.store.ProposeTime(ctx, audit.FromRequest(r, audit.Entry{}), owner(r), d, *chosen, v.Message)
	switch {
	case errors.Is(err, ErrSlotTaken):
		v.Selected = ""
		v.Problem = "Tiden du valde hann bokas av någon annan. Välj en av de lediga tiderna nedan."
		return h.renderPropose(w, r, http.StatusConflict, v)
	case errors.Is(err, errStale) || errors.Is(err, ErrNotFound):
		d, lerr := h.get(r)
		if lerr != nil {
			return lerr
		}
		return h.renderShow(w, r, http.StatusConflict, ShowView{B: d,
			Problem: "Bokningen ändrades samtidigt av någon annan. Se dess läge nu och försök igen."})
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, fmt.Sprintf("/konsulent/bokningar/%d", d.ID), "ny-tid")
}
