package review

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/opencall"
	"residens/web/ui"
)

// Handler serves the review pages: /jury and, under
// /konsulent/utlysningar/{id}, the applications, the ranking, the outcome
// and the export.
type Handler struct {
	pool    *pgxpool.Pool
	store   *Store
	baseURL string
	now     func() time.Time
}

// NewHandler returns the review pages over pool: outcome e-mails are
// queued on queue with links to baseURL, and now tells the time (which
// decides when a call has closed).
func NewHandler(pool *pgxpool.Pool, queue *mail.Queue, baseURL *url.URL, now func() time.Time) *Handler {
	base := ""
	if baseURL != nil {
		base = baseURL.String()
	}
	if now == nil {
		now = time.Now
	}
	st := NewStore(pool, queue, base, now)
	return &Handler{pool: pool, store: st, baseURL: st.baseURL, now: now}
}

// flashes are the confirmations a redirect after success names by code; a
// fixed list, so the address cannot put words on the page.
var flashes = map[string]string{
	"jav":       "Din jävsdeklaration är sparad.",
	"poang":     "Dina poäng är sparade.",
	"kortlista": "Kortlistan är ändrad.",
	"beslut":    "Beslutet är sparat. Det skickas till den sökande när besked skickas.",
	"texter":    "Texterna är sparade. Förhandsgranska dem nedan.",
	"skickat":   "Beskeden är skickade till de sökande.",
	"ingetnytt": "Alla sökande hade redan fått besked; inget nytt skickades.",
}

// ListPath is the review list of call id.
func ListPath(id int64) string { return opencall.Path(id) + "/ansokningar" }

// AppPath is the review page of application app of call id.
func AppPath(id, app int64) string { return ListPath(id) + "/" + ui.ID(app) }

// Scope is the call a request is about, who asks and what they may do.
type Scope struct {
	Call *opencall.Call
	User *auth.User
	// Reviewer: the user is one of the call's reviewers (call_reviewers).
	Reviewer bool
	// Juror: the user is a jury member, who sees nothing of the
	// consultants' area but the review.
	Juror bool
	// Closed: the call has closed, so its applications can be read.
	Closed bool
	Now    time.Time
}

func (s *Scope) actor(r *http.Request) Actor {
	return Actor{ID: s.User.ID, Name: s.User.Name, IP: auth.ClientIP(r)}
}

// scope loads the call of the request and checks who may see it: a juror
// who is not one of its reviewers gets 404, as for a call that does not
// exist, so the address tells them nothing.
func (h *Handler) scope(r *http.Request) (*Scope, error) {
	id, err := httpx.PathID(r, "id", "id")
	if err != nil {
		return nil, err
	}
	u := auth.UserFrom(r.Context())
	if u == nil {
		return nil, &httpx.Error{Code: httpx.CodeForbidden, Message: "not signed in"}
	}
	c, err := opencall.Load(r.Context(), h.pool, id)
	if errors.Is(err, opencall.ErrNotFound) {
		return nil, httpx.NotFound("call %d", id)
	}
	if err != nil {
		return nil, err
	}
	reviewer, err := opencall.IsReviewer(r.Context(), h.pool, id, u.ID)
	if err != nil {
		return nil, err
	}
	juror := u.Role == auth.RoleJuror
	if juror && !reviewer {
		return nil, httpx.NotFound("call %d for juror %d", id, u.ID)
	}
	now := h.now()
	return &Scope{Call: c, User: u, Reviewer: reviewer, Juror: juror, Closed: c.PhaseAt(now) == opencall.Closed, Now: now}, nil
}

// notYet answers a request for the applications of a call that has not
// closed: the list says when they can be read (200), any other page the
// same with 403.
func notYet(w http.ResponseWriter, r *http.Request, s *Scope, status int) error {
	httpx.Render(w, r, status, ui.Page{Title: "Ansökningar till " + s.Call.Title, Flash: httpx.Flash(r, flashes)}, NotYetPage(s))
	return nil
}

// JuryView is the model of /jury.
type JuryView struct {
	Calls []JuryCall
	Juror bool
	Now   time.Time
}

// Jury handles GET /jury: the calls the signed-in user reviews, with their
// own progress.
func (h *Handler) Jury(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	calls, err := h.store.JuryCalls(r.Context(), u.ID)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Att granska", Flash: httpx.Flash(r, flashes)},
		JuryPage(JuryView{Calls: calls, Juror: u.Role == auth.RoleJuror, Now: h.now()}))
	return nil
}

// ListView is the model of the review list of one call.
type ListView struct {
	S        *Scope
	Rows     []Row
	Progress []Progress
}

// List handles GET /konsulent/utlysningar/{id}/ansokningar: after closing,
// the submitted applications with the reviewer's own status and every
// reviewer's progress; before, only when they can be read.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	s, err := h.scope(r)
	if err != nil {
		return err
	}
	if !s.Closed {
		return notYet(w, r, s, http.StatusOK)
	}
	rows, err := h.store.List(r.Context(), s.Call, s.User.ID)
	if err != nil {
		return err
	}
	progress, err := h.store.Progress(r.Context(), s.Call, rows)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Ansökningar till " + s.Call.Title, Flash: httpx.Flash(r, flashes)},
		ListPage(ListView{S: s, Rows: rows, Progress: progress}))
	return nil
}

// ShowView is the model of the review page of one application.
type ShowView struct {
	S    *Scope
	App  *Application
	Mine *Declaration
	// Scores are every reviewer's, shown only when ShowAll.
	Scores []ReviewerScore
	// Own are the signed-in reviewer's scores and comments by criterion
	// (what they typed, after an error).
	Own     map[int64]ScoreInput
	ShowAll bool
	// OwnComplete: the reviewer has scored every criterion.
	OwnComplete bool
	Problem     string
	Errors      ui.FieldErrors
	// Typed keeps the declaration form's values after an error.
	TypedConflict string
	TypedReason   string
}

// CanRead: the page shows the application's content, to a reviewer who
// declared no conflict or a consultant who reviews nothing of it.
func (v ShowView) CanRead() bool {
	if !v.S.Reviewer {
		return true
	}
	return v.Mine != nil && !v.Mine.Conflict
}

// appScope is scope plus the application of the request.
func (h *Handler) appScope(r *http.Request) (*Scope, int64, error) {
	s, err := h.scope(r)
	if err != nil {
		return nil, 0, err
	}
	app, err := httpx.PathID(r, "app", "app")
	if err != nil {
		return nil, 0, err
	}
	return s, app, nil
}

// renderShow fills v from the database and renders it with status.
func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, v ShowView) error {
	ctx := r.Context()
	var err error
	if v.App == nil {
		return httpx.NotFound("application")
	}
	if v.S.Reviewer {
		if v.Mine, err = h.store.Declaration(ctx, v.App.ID, v.S.User.ID); err != nil {
			return err
		}
	}
	if v.CanRead() {
		if v.Scores, err = h.store.Scores(ctx, v.App.ID); err != nil {
			return err
		}
		stored := map[int64]ScoreInput{}
		for _, sc := range v.Scores {
			if sc.ReviewerID == v.S.User.ID {
				stored[sc.CriterionID] = ScoreInput{Score: sc.Score.Score, Comment: sc.Comment}
			}
		}
		v.OwnComplete = len(v.S.Call.Criteria) > 0
		for _, cr := range v.S.Call.Criteria {
			if _, ok := stored[cr.ID]; !ok {
				v.OwnComplete = false
			}
		}
		if v.Own == nil {
			v.Own = stored
		}
		// A reviewer sees the others' scores once they have scored every
		// criterion themselves; a consultant who reviews nothing of the
		// call sees them as on the ranking.
		v.ShowAll = !v.S.Reviewer || v.OwnComplete
	}
	httpx.Render(w, r, status, ui.Page{Title: "Ansökan " + v.App.Number, Flash: httpx.Flash(r, flashes)}, ShowPage(v))
	return nil
}

// Show handles GET /konsulent/utlysningar/{id}/ansokningar/{app}: for a
// reviewer who has not declared, only the declaration of conflict of
// interest; with a conflict, nothing of the application; without, the whole
// application and the score form.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	s, app, err := h.appScope(r)
	if err != nil {
		return err
	}
	if !s.Closed {
		return notYet(w, r, s, http.StatusForbidden)
	}
	a, err := h.store.Application(r.Context(), s.Call, app)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, ShowView{S: s, App: a})
}

// The form fields of the review pages.
const (
	fConflict       = "jav"
	fConflictReason = "jav-skal"
	fDecision       = "beslut"
	fReason         = "motivering"
	fShortlist      = "kortlista"
	fTextSelected   = "text-antagen"
	fTextReserve    = "text-reserv"
	fTextNot        = "text-inte-antagen"
)

// Limits of the review's texts, as the schema has them.
const (
	MaxConflictReason = 2000
	MaxComment        = 4000
	MaxReason         = 4000
	MaxText           = 8000
)

func scoreField(criterion int64) string   { return "poang-" + ui.ID(criterion) }
func commentField(criterion int64) string { return "kommentar-" + ui.ID(criterion) }

// storeProblem turns the store's refusals into a message on the page and
// its status; ok is false for any other error.
func storeProblem(err error) (string, int, bool) {
	switch {
	case errors.Is(err, ErrNotReviewer):
		return "Du är inte granskare av den här utlysningen och kan inte deklarera jäv eller poängsätta.", http.StatusForbidden, true
	case errors.Is(err, ErrNotClosed):
		return "Utlysningen har inte stängt ännu.", http.StatusForbidden, true
	case errors.Is(err, ErrAlreadyDeclared):
		return "Du har redan deklarerat jäv för ansökan. En deklaration kan inte ändras; kontakta ansvarig kulturkonsulent om den blev fel.", http.StatusConflict, true
	case errors.Is(err, ErrNotDeclared):
		return "Deklarera först om du har jäv.", http.StatusConflict, true
	case errors.Is(err, ErrConflictDeclared):
		return "Du har anmält jäv för ansökan och deltar inte i bedömningen av den.", http.StatusConflict, true
	case errors.Is(err, ErrOutcomeSent):
		return "Beskedet är redan skickat till den sökande; bedömningen kan inte ändras.", http.StatusConflict, true
	case errors.Is(err, ErrUndecided):
		return "Alla ansökningar behöver ett beslut innan besked kan skickas.", http.StatusConflict, true
	case errors.Is(err, ErrNothingToSend):
		return "Utlysningen har inga inskickade ansökningar att skicka besked om.", http.StatusConflict, true
	}
	return "", 0, false
}

// Declare handles POST .../ansokningar/{app}/jav: the reviewer declares a
// conflict of interest (with an optional reason) or none, once.
func (h *Handler) Declare(w http.ResponseWriter, r *http.Request) error {
	s, app, err := h.appScope(r)
	if err != nil {
		return err
	}
	if !s.Closed {
		return notYet(w, r, s, http.StatusForbidden)
	}
	a, err := h.store.Application(r.Context(), s.Call, app)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	choice := f.Get(fConflict, 10, false)
	reason := f.Get(fConflictReason, MaxConflictReason, true)
	f.Check(choice == "ja" || choice == "nej", fConflict, "Välj om du har jäv eller inte.")
	v := ShowView{S: s, App: a, TypedConflict: choice, TypedReason: reason}
	if !f.Valid() && s.Reviewer {
		v.Errors = f.Errors()
		return h.renderShow(w, r, http.StatusUnprocessableEntity, v)
	}
	err = h.store.Declare(r.Context(), s.actor(r), s.Call, app, choice == "ja", reason)
	if msg, status, ok := storeProblem(err); ok {
		v.Problem = msg
		return h.renderShow(w, r, status, v)
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, AppPath(s.Call.ID, app), "jav")
}

// Score handles POST .../ansokningar/{app}/poang: the reviewer's scores
// (1–5) and comments for every criterion at once.
func (h *Handler) Score(w http.ResponseWriter, r *http.Request) error {
	s, app, err := h.appScope(r)
	if err != nil {
		return err
	}
	if !s.Closed {
		return notYet(w, r, s, http.StatusForbidden)
	}
	a, err := h.store.Application(r.Context(), s.Call, app)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	in := map[int64]ScoreInput{}
	for _, cr := range s.Call.Criteria {
		raw := f.Get(scoreField(cr.ID), 2, false)
		n, perr := strconv.Atoi(raw)
		comment := f.Get(commentField(cr.ID), MaxComment, true)
		if perr != nil || n < 1 || n > 5 {
			n = 0
			f.Add(scoreField(cr.ID), "Ge ”"+cr.Name+"” en poäng från 1 till 5.")
		}
		in[cr.ID] = ScoreInput{Score: n, Comment: comment}
	}
	v := ShowView{S: s, App: a, Own: in}
	if s.Reviewer {
		// A reviewer who has not declared, or has declared a conflict, is
		// shown no score form: say why, rather than errors for fields
		// that are not on the page.
		mine, err := h.store.Declaration(r.Context(), app, s.User.ID)
		if err != nil {
			return err
		}
		if mine == nil || mine.Conflict {
			notDeclared := ErrNotDeclared
			if mine != nil {
				notDeclared = ErrConflictDeclared
			}
			msg, status, _ := storeProblem(notDeclared)
			v.Problem = msg
			return h.renderShow(w, r, status, v)
		}
	}
	if !f.Valid() && s.Reviewer {
		v.Errors = f.Errors()
		return h.renderShow(w, r, http.StatusUnprocessableEntity, v)
	}
	err = h.store.SaveScores(r.Context(), s.actor(r), s.Call, app, in)
	if msg, status, ok := storeProblem(err); ok {
		v.Problem = msg
		return h.renderShow(w, r, status, v)
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, AppPath(s.Call.ID, app), "poang")
}

// File handles GET .../ansokningar/{app}/bilagor/{file}: an attachment, as
// a download, to those who may read the application.
func (h *Handler) File(w http.ResponseWriter, r *http.Request) error {
	s, app, err := h.appScope(r)
	if err != nil {
		return err
	}
	if !s.Closed {
		return notYet(w, r, s, http.StatusForbidden)
	}
	fileID, err := httpx.PathID(r, "file", "file")
	if err != nil {
		return err
	}
	a, err := h.store.Application(r.Context(), s.Call, app)
	if err != nil {
		return err
	}
	if s.Reviewer {
		d, err := h.store.Declaration(r.Context(), a.ID, s.User.ID)
		if err != nil {
			return err
		}
		if d == nil || d.Conflict {
			// Not declared, or in conflict: the content stays hidden.
			return h.renderShow(w, r, http.StatusForbidden, ShowView{S: s, App: a,
				Problem: "Bilagorna visas när du har deklarerat att du inte har jäv."})
		}
	}
	name, data, err := h.store.FileData(r.Context(), a.ID, fileID)
	if err != nil {
		return err
	}
	httpx.Download(w, "application/pdf", name, data)
	return nil
}
