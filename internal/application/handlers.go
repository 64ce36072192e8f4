package application

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/opencall"
	"residens/internal/registry"
	"residens/web/ui"
)

// Handler serves the artists' application pages under
// /utlysningar/{slug}/ansokan and /mina-ansokningar.
type Handler struct {
	pool  *pgxpool.Pool
	store *Store
	now   func() time.Time
}

// NewHandler returns the application pages over pool: submissions are
// numbered by reg, receipts queued on queue (nil sends none) with links to
// baseURL, and now tells the time that decides whether a call is open.
func NewHandler(pool *pgxpool.Pool, reg *registry.Registry, queue *mail.Queue, baseURL *url.URL, now func() time.Time) *Handler {
	base := ""
	if baseURL != nil {
		base = baseURL.String()
	}
	if now == nil {
		now = time.Now
	}
	return &Handler{pool: pool, store: NewStore(pool, reg, queue, base, now), now: now}
}

// flashes are the confirmations a redirect after success names by code; a
// fixed list, so the address cannot put words on the page.
var flashes = map[string]string{
	"sparad":     "Utkastet är sparat. Du kan fortsätta när som helst innan ansökningstiden går ut.",
	"bilaga":     "Filen är uppladdad och utkastet sparat.",
	"ingen-fil":  "Utkastet är sparat. Ingen fil var vald; välj en PDF-fil och tryck på ”Ladda upp fil” för att bifoga den.",
	"borttagen":  "Filen är borttagen och utkastet sparat.",
	"aterkallad": "Ansökan är återkallad. Den finns kvar i diariet men bedöms inte.",
}

// maxFormBytes bounds the form without a file: four long texts of 8000
// characters, at most four bytes each, and the short fields.
const maxFormBytes = 256 << 10

// actor is the signed-in artist as the store knows them.
func actor(r *http.Request) Actor {
	u := auth.UserFrom(r.Context())
	if u == nil {
		return Actor{}
	}
	return Actor{ID: u.ID, Name: u.Name, Email: u.Email, IP: auth.ClientIP(r)}
}

// call is the published call named by the path's slug.
func (h *Handler) call(r *http.Request) (*opencall.Call, error) {
	c, err := opencall.LoadPublished(r.Context(), h.pool, chi.URLParam(r, "slug"))
	if errors.Is(err, opencall.ErrNotFound) {
		return nil, httpx.NotFound("call %q", chi.URLParam(r, "slug"))
	}
	return c, err
}

// private marks a page that holds the artist's own data: no cache keeps it.
func private(w http.ResponseWriter) { w.Header().Set("Cache-Control", "private, no-store") }

// renderForm renders the form of v, a page no cache may keep.
func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v FormView) {
	private(w)
	httpx.Render(w, r, status, ui.Page{Title: "Ansökan: " + v.Call.Title, Flash: httpx.Flash(r, flashes)}, FormPage(v))
}

// renderClosed renders the page of a call that takes no applications now.
func (h *Handler) renderClosed(w http.ResponseWriter, r *http.Request, status int, v ClosedView) {
	private(w)
	httpx.Render(w, r, status, ui.Page{Title: "Ansökan: " + v.Call.Title}, ClosedPage(v))
}

// Edit handles GET /utlysningar/{slug}/ansokan: the form, empty but for the
// contact details of the account, or filled from the artist's draft with
// what is still missing; a page saying so while the call is not open; the
// artist's read-only page once the application is sent in.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	call, err := h.call(r)
	if err != nil {
		return err
	}
	app, err := h.store.ForCall(r.Context(), a.ID, call.ID)
	if err != nil {
		return err
	}
	if app != nil && app.State != Draft {
		return httpx.SeeOther(w, r, minePath(app.ID), "")
	}
	if phase := call.PhaseAt(h.now()); phase != opencall.Open {
		h.renderClosed(w, r, http.StatusOK, ClosedView{Call: call, Phase: phase, App: app})
		return nil
	}
	v := FormView{Call: call, App: app,
		Values: Values{Kind: Person, ContactName: a.Name, ContactEmail: a.Email}}
	if app != nil {
		v.Values = app.Values
		v.Missing = missing(app.Values, app.Files, call)
	}
	h.renderForm(w, r, http.StatusOK, v)
	return nil
}

// Update handles POST /utlysningar/{slug}/ansokan: "Spara utkast" saves
// whatever is typed (making the draft on the first save), "Skicka in"
// saves it and sends it in when it is complete and the call still open.
// Refusals come back as 422 with the form (or, for a closed call, the page
// saying so), what was typed kept.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) error {
	call, err := h.call(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return err
	}
	v := parseValues(f)
	submit := f.Values.Get(fAction) == actionSubmit
	if !f.Valid() {
		return h.formAgain(w, r, call, FormView{Values: v, Errors: f.Errors()})
	}
	return h.save(w, r, call, v, submit, "sparad")
}

// save runs a save or submission of v and answers it; code is the flash
// of a plain save.
func (h *Handler) save(w http.ResponseWriter, r *http.Request, call *opencall.Call, v Values, submit bool, code string) error {
	res, err := h.store.Save(r.Context(), actor(r), call, v, submit)
	switch {
	case errors.Is(err, ErrAlreadySubmitted):
		return httpx.SeeOther(w, r, formPath(call.Slug)+"/kvitto", "")
	case errors.Is(err, ErrReadOnly):
		return h.readOnly(w, r, res.ID)
	case errors.Is(err, ErrNotOpen), errors.Is(err, ErrClosed):
		return h.notOpen(w, r, call, res, err)
	case errors.Is(err, ErrIncomplete):
		return h.formAgain(w, r, call, FormView{Values: v, Errors: res.Missing,
			Problem: "Utkastet är sparat, men ansökan är inte inskickad: det som saknas står nedan."})
	case err != nil:
		return err
	}
	if submit {
		return httpx.SeeOther(w, r, formPath(call.Slug)+"/kvitto", "")
	}
	return httpx.SeeOther(w, r, formPath(call.Slug), code)
}

// formAgain renders the form with 422 and v, showing the files the
// artist's draft holds now.
func (h *Handler) formAgain(w http.ResponseWriter, r *http.Request, call *opencall.Call, v FormView) error {
	return h.formWith(w, r, http.StatusUnprocessableEntity, call, v)
}

// formWith renders the form with status and v, showing the files the
// artist's draft holds now.
func (h *Handler) formWith(w http.ResponseWriter, r *http.Request, status int, call *opencall.Call, v FormView) error {
	app, err := h.store.ForCall(r.Context(), actor(r).ID, call.ID)
	if err != nil {
		return err
	}
	v.Call, v.App = call, app
	h.renderForm(w, r, status, v)
	return nil
}

// notOpen answers a change refused because the call is not open (err is
// ErrNotOpen or ErrClosed): 422 with the page that says so.
func (h *Handler) notOpen(w http.ResponseWriter, r *http.Request, call *opencall.Call, res Result, err error) error {
	v := ClosedView{Call: call, Phase: opencall.Closed}
	if errors.Is(err, ErrNotOpen) {
		v.Phase = opencall.Upcoming
		v.Problem = "Ansökan har inte öppnat ännu, och inget har sparats. Det går att ansöka från " + call.OpensLabel() + "."
	} else {
		v.Problem = "Ansökningstiden gick ut " + call.ClosesLabel() + ", och ansökan har inte skickats in."
		if res.Saved {
			v.Problem += " Det du skrev är sparat i ditt utkast, men det går inte längre att skicka in det."
		}
	}
	if res.ID != 0 {
		app, err := h.store.Get(r.Context(), actor(r).ID, res.ID)
		if err != nil {
			return err
		}
		v.App = app
	}
	h.renderClosed(w, r, http.StatusUnprocessableEntity, v)
	return nil
}

// readOnly answers a change to an application that is no longer a draft:
// 409 with its page.
func (h *Handler) readOnly(w http.ResponseWriter, r *http.Request, id int64) error {
	return h.renderShow(w, r, http.StatusConflict, id, "",
		"Ansökan är inskickad eller återkallad och kan inte längre ändras.")
}

// Upload handles POST /utlysningar/{slug}/ansokan/bilagor: one PDF of a
// kind the call asks for, sent as multipart with the rest of the form
// (whose texts are saved with it). A refused file gives 422 with the form
// as typed and nothing saved; a body over the limit gives 413 with the form
// as last saved.
func (h *Handler) Upload(w http.ResponseWriter, r *http.Request) error {
	call, err := h.call(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	if err := r.ParseMultipartForm(maxUploadBody); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return h.tooLarge(w, r, call)
		}
		if !errors.Is(err, http.ErrNotMultipart) {
			return &httpx.Error{Code: httpx.CodeInvalid, Message: "formuläret kunde inte läsas"}
		}
	}
	f, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return err
	}
	var typed *Values
	if f.Values.Get(fForm) != "" {
		v := parseValues(f)
		typed = &v
	}
	kind := opencall.AttachmentKind(f.Values.Get(fFileKind))
	if _, ok := call.Asks(kind); !ok {
		f.Add(fFileKind, "Välj vilken bilaga filen är.")
	}
	u := Upload{Kind: kind}
	if r.MultipartForm != nil {
		if file, fh, err := r.FormFile(fFile); err == nil {
			defer file.Close()
			u.Name = cleanFilename(fh.Filename)
			if u.Data, err = io.ReadAll(io.LimitReader(file, MaxFileBytes+1)); err != nil {
				return err
			}
		}
	}
	again := func(field, msg string) error {
		v := FormView{Errors: f.Errors()}
		if field != "" {
			v.Errors = append(v.Errors, ui.FieldError{Field: field, Message: msg})
		}
		if typed != nil {
			v.Values = *typed
		} else if err := h.storedValues(r, call, &v); err != nil {
			return err
		}
		return h.formAgain(w, r, call, v)
	}
	switch {
	case u.Name == "" && typed != nil && f.Valid():
		// No file was chosen (or the Enter key sent the form through
		// this button): what was typed is saved all the same.
		return h.save(w, r, call, *typed, false, "ingen-fil")
	case u.Name == "":
		return again(fFile, ErrNoFile.Message)
	case !f.Valid():
		return again(fFile, "Välj filen igen: en vald fil följer inte med när formuläret visas på nytt.")
	}
	res, err := h.store.AddFile(r.Context(), actor(r), call, typed, u)
	var refused *FileError
	switch {
	case errors.As(err, &refused):
		return again(fFile, refused.Message)
	case errors.Is(err, ErrKindNotAsked):
		// The call stopped asking for it since the form was shown.
		return again(fFileKind, "Utlysningen ber inte om den bilagan längre. Välj en annan.")
	case errors.Is(err, ErrTooManyFiles):
		return again(fFile, "Ansökan har redan "+strconv.Itoa(MaxFiles)+" filer, och fler får inte bifogas. Ta bort en fil innan du laddar upp en ny.")
	case errors.Is(err, ErrReadOnly):
		return h.readOnly(w, r, res.ID)
	case errors.Is(err, ErrNotOpen), errors.Is(err, ErrClosed):
		return h.notOpen(w, r, call, res, err)
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, formPath(call.Slug), "bilaga")
}

// storedValues fills v with the values of the artist's draft, or the
// account's contact details when there is none.
func (h *Handler) storedValues(r *http.Request, call *opencall.Call, v *FormView) error {
	a := actor(r)
	app, err := h.store.ForCall(r.Context(), a.ID, call.ID)
	if err != nil {
		return err
	}
	v.Values = Values{Kind: Person, ContactName: a.Name, ContactEmail: a.Email}
	if app != nil {
		v.Values = app.Values
	}
	return nil
}

// tooLarge answers an upload whose body was over the limit: none of the
// form could be read, so the form comes back as last saved, with 413.
func (h *Handler) tooLarge(w http.ResponseWriter, r *http.Request, call *opencall.Call) error {
	v := FormView{Errors: []ui.FieldError{{Field: fFile, Message: ErrFileTooLarge.Message}},
		Problem: "Filen var för stor för att tas emot. Inget sparades, inte heller det du skrivit sedan du senast sparade."}
	if err := h.storedValues(r, call, &v); err != nil {
		return err
	}
	return h.formWith(w, r, http.StatusRequestEntityTooLarge, call, v)
}

// RemoveFile handles POST /utlysningar/{slug}/ansokan/bilagor/{file}/ta-bort:
// the file leaves the draft, and the texts sent with the button are saved.
func (h *Handler) RemoveFile(w http.ResponseWriter, r *http.Request) error {
	call, err := h.call(r)
	if err != nil {
		return err
	}
	fileID, err := httpx.PathID(r, "file", "file")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, maxFormBytes)
	if err != nil {
		return err
	}
	var typed *Values
	if f.Values.Get(fForm) != "" {
		v := parseValues(f)
		if !f.Valid() {
			return h.formAgain(w, r, call, FormView{Values: v, Errors: f.Errors()})
		}
		typed = &v
	}
	res, err := h.store.RemoveFile(r.Context(), actor(r), call, typed, fileID)
	switch {
	case errors.Is(err, ErrReadOnly):
		return h.readOnly(w, r, res.ID)
	case errors.Is(err, ErrNotOpen), errors.Is(err, ErrClosed):
		return h.notOpen(w, r, call, res, err)
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, formPath(call.Slug), "borttagen")
}

// Receipt handles GET /utlysningar/{slug}/ansokan/kvitto: the receipt of
// the artist's application, with its registration number.
func (h *Handler) Receipt(w http.ResponseWriter, r *http.Request) error {
	call, err := h.call(r)
	if err != nil {
		return err
	}
	app, err := h.store.ForCall(r.Context(), actor(r).ID, call.ID)
	if err != nil {
		return err
	}
	if app == nil || app.Number == "" {
		return httpx.NotFound("receipt for call %d", call.ID)
	}
	private(w)
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Ansökan är mottagen"}, ReceiptPage(ReceiptView{Call: call, App: app}))
	return nil
}

// Withdraw handles POST /utlysningar/{slug}/ansokan/aterkalla: the artist
// withdraws the application they sent in, until the call closes.
func (h *Handler) Withdraw(w http.ResponseWriter, r *http.Request) error {
	call, err := h.call(r)
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	res, err := h.store.Withdraw(r.Context(), actor(r), call)
	switch {
	case errors.Is(err, ErrClosed):
		return h.renderShow(w, r, http.StatusConflict, res.ID, "",
			"Ansökningstiden gick ut "+call.ClosesLabel()+". Efter det kan ansökan inte återkallas; kontakta regionen om du inte längre vill vara med.")
	case errors.Is(err, ErrNotSubmitted):
		return h.renderShow(w, r, http.StatusConflict, res.ID, "",
			"Ansökan är ett utkast och har inte skickats in, så det finns inget att återkalla.")
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, minePath(res.ID), "aterkallad")
}

// List handles GET /mina-ansokningar: the artist's applications, their
// states and, once sent, their outcomes.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) error {
	rows, err := h.store.List(r.Context(), actor(r).ID)
	if err != nil {
		return err
	}
	private(w)
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Mina ansökningar", Flash: httpx.Flash(r, flashes)}, ListPage(ListView{Rows: rows}))
	return nil
}

// Show handles GET /mina-ansokningar/{id}: the whole application as sent
// (or as drafted), its files, its state and its outcome once sent.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "id")
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, id, httpx.Flash(r, flashes), "")
}

func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, id int64, flash, problem string) error {
	app, err := h.store.Get(r.Context(), actor(r).ID, id)
	if err != nil {
		return err
	}
	call, err := opencall.Load(r.Context(), h.pool, app.CallID)
	if err != nil {
		return err
	}
	private(w)
	httpx.Render(w, r, status, ui.Page{Title: "Ansökan: " + call.Title, Flash: flash},
		ShowPage(ShowView{App: app, Call: call, Phase: call.PhaseAt(h.now()), Problem: problem}))
	return nil
}

// Download handles GET /mina-ansokningar/{id}/bilagor/{file}: an attached
// PDF, to its owner only, always as a download so that it never runs in
// the portal's origin.
func (h *Handler) Download(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "id")
	if err != nil {
		return err
	}
	fileID, err := httpx.PathID(r, "file", "file")
	if err != nil {
		return err
	}
	f, data, err := h.store.FileData(r.Context(), actor(r).ID, id, fileID)
	if err != nil {
		return err
	}
	httpx.Download(w, "application/pdf", f.Name, data)
	return nil
}
