package review

import (
	"net/http"

	"residens/internal/httpx"
	"residens/internal/opencall"
	"residens/web/ui"
)

// consultantScope is scope for the consultants' pages of a closed call.
func (h *Handler) consultantScope(w http.ResponseWriter, r *http.Request) (*Scope, bool, error) {
	s, err := h.scope(r)
	if err != nil {
		return nil, false, err
	}
	if !s.Closed {
		return s, false, notYet(w, r, s, http.StatusForbidden)
	}
	return s, true, nil
}

// RankingView is the model of the ranking page.
type RankingView struct {
	S       *Scope
	Ranking Ranking
	Problem string
	// ProblemApp is the application the problem or Errors are about.
	ProblemApp int64
	Errors     ui.FieldErrors
	// Typed keeps the decision form's values after an error.
	TypedDecision string
	TypedReason   string
}

func (h *Handler) renderRanking(w http.ResponseWriter, r *http.Request, status int, v RankingView) error {
	var err error
	if v.Ranking, err = h.store.Ranking(r.Context(), v.S.Call, v.S.User.ID); err != nil {
		return err
	}
	httpx.Render(w, r, status, ui.Page{Title: "Rangordning: " + v.S.Call.Title, Flash: httpx.Flash(r, flashes)}, RankingPage(v))
	return nil
}

// Ranking handles GET /konsulent/utlysningar/{id}/rangordning: the
// applications by weighted average, each reviewer's averages and scores,
// the shortlist and the decisions.
func (h *Handler) Ranking(w http.ResponseWriter, r *http.Request) error {
	s, ok, err := h.consultantScope(w, r)
	if !ok || err != nil {
		return err
	}
	return h.renderRanking(w, r, http.StatusOK, RankingView{S: s})
}

func rankingPath(id int64) string { return opencall.Path(id) + "/rangordning" }

// Shortlist handles POST .../ansokningar/{app}/kortlista: the application
// goes on the shortlist (kortlista=ja) or off it (nej).
func (h *Handler) Shortlist(w http.ResponseWriter, r *http.Request) error {
	s, ok, err := h.consultantScope(w, r)
	if !ok || err != nil {
		return err
	}
	app, err := httpx.PathID(r, "app", "app")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	on := f.Get(fShortlist, 10, false) == "ja"
	err = h.store.Shortlist(r.Context(), s.actor(r), s.Call, app, on)
	if msg, status, ok := storeProblem(err); ok {
		return h.renderRanking(w, r, status, RankingView{S: s, Problem: msg, ProblemApp: app})
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, rankingPath(s.Call.ID)+"#ansokan-"+ui.ID(app), "kortlista")
}

func decisionField(app int64) string { return fDecision + "-" + ui.ID(app) }
func reasonField(app int64) string   { return fReason + "-" + ui.ID(app) }

// Decide handles POST .../ansokningar/{app}/beslut: the decision (antagen,
// reserv, inte antagen) with its reason, until the outcome is sent.
func (h *Handler) Decide(w http.ResponseWriter, r *http.Request) error {
	s, ok, err := h.consultantScope(w, r)
	if !ok || err != nil {
		return err
	}
	app, err := httpx.PathID(r, "app", "app")
	if err != nil {
		return err
	}
	if _, err := h.store.Application(r.Context(), s.Call, app); err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	d := Decision(f.Get(fDecision, 20, false))
	reason := f.Get(fReason, MaxReason, true)
	f.Check(d.Valid(), fDecision, "Välj ett beslut.")
	f.Check(reason != "", fReason, "Skriv en motivering; den sökande läser den i beskedet.")
	v := RankingView{S: s, ProblemApp: app, TypedDecision: string(d), TypedReason: reason}
	if !f.Valid() {
		// The page holds one decision form per application, so the errors
		// name that application's fields.
		for _, e := range f.Errors() {
			v.Errors = append(v.Errors, ui.FieldError{Field: e.Field + "-" + ui.ID(app), Message: e.Message})
		}
		return h.renderRanking(w, r, http.StatusUnprocessableEntity, v)
	}
	err = h.store.Decide(r.Context(), s.actor(r), s.Call, app, d, reason)
	if msg, status, ok := storeProblem(err); ok {
		v.Problem = msg
		return h.renderRanking(w, r, status, v)
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, rankingPath(s.Call.ID)+"#ansokan-"+ui.ID(app), "beslut")
}

// OutcomePageView is the model of the outcome page.
type OutcomePageView struct {
	S        *Scope
	Texts    Texts
	Previews []Preview
	Total    int
	Decided  int
	Sent     int
	Problem  string
	Errors   ui.FieldErrors
}

// Preview is one outcome e-mail as an applicant with that decision gets
// it.
type Preview struct {
	Decision Decision
	Mail     OutcomeView
}

func outcomePath(id int64) string { return opencall.Path(id) + "/besked" }

func (h *Handler) renderOutcome(w http.ResponseWriter, r *http.Request, status int, v OutcomePageView) error {
	ctx := r.Context()
	rows, err := h.store.List(ctx, v.S.Call, v.S.User.ID)
	if err != nil {
		return err
	}
	v.Total = len(rows)
	for _, row := range rows {
		if row.Decision != "" {
			v.Decided++
		}
		if row.OutcomeSent {
			v.Sent++
		}
	}
	saved := TextsOf(v.S.Call)
	if v.Texts == (Texts{}) {
		v.Texts = saved
	}
	// The previews show what is saved, which is what sending uses.
	for _, d := range Decisions {
		v.Previews = append(v.Previews, Preview{Decision: d, Mail: PreviewOutcome(v.S.Call, d, saved, h.baseURL)})
	}
	httpx.Render(w, r, status, ui.Page{Title: "Besked: " + v.S.Call.Title, Flash: httpx.Flash(r, flashes)}, OutcomePage(v))
	return nil
}

// Outcome handles GET /konsulent/utlysningar/{id}/besked: the three
// Outcome texts to edit, a preview of each e-mail and the sending.
func (h *Handler) Outcome(w http.ResponseWriter, r *http.Request) error {
	s, ok, err := h.consultantScope(w, r)
	if !ok || err != nil {
		return err
	}
	return h.renderOutcome(w, r, http.StatusOK, OutcomePageView{S: s})
}

// SaveTexts handles POST /konsulent/utlysningar/{id}/besked: the outcome
// texts saved, until the outcome is sent.
func (h *Handler) SaveTexts(w http.ResponseWriter, r *http.Request) error {
	s, ok, err := h.consultantScope(w, r)
	if !ok || err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	t := Texts{
		Selected:    f.Get(fTextSelected, MaxText, true),
		Reserve:     f.Get(fTextReserve, MaxText, true),
		NotSelected: f.Get(fTextNot, MaxText, true),
	}
	f.Check(t.Selected != "", fTextSelected, "Skriv texten till de antagna.")
	f.Check(t.Reserve != "", fTextReserve, "Skriv texten till reserverna.")
	f.Check(t.NotSelected != "", fTextNot, "Skriv texten till dem som inte antas.")
	v := OutcomePageView{S: s, Texts: t}
	if !f.Valid() {
		v.Errors = f.Errors()
		return h.renderOutcome(w, r, http.StatusUnprocessableEntity, v)
	}
	err = h.store.SaveTexts(r.Context(), s.actor(r), s.Call, t)
	if msg, status, ok := storeProblem(err); ok {
		v.Problem = msg
		return h.renderOutcome(w, r, status, v)
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, outcomePath(s.Call.ID), "texter")
}

// Send handles POST /konsulent/utlysningar/{id}/besked/skicka: every
// applicant is sent their own result, once however often this is asked.
func (h *Handler) Send(w http.ResponseWriter, r *http.Request) error {
	s, ok, err := h.consultantScope(w, r)
	if !ok || err != nil {
		return err
	}
	n, err := h.store.SendOutcome(r.Context(), s.actor(r), s.Call.ID)
	if msg, status, ok := storeProblem(err); ok {
		return h.renderOutcome(w, r, status, OutcomePageView{S: s, Problem: msg})
	}
	if err != nil {
		return err
	}
	if n == 0 {
		return httpx.SeeOther(w, r, outcomePath(s.Call.ID), "ingetnytt")
	}
	return httpx.SeeOther(w, r, outcomePath(s.Call.ID), "skickat")
}
