package actoredit

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/vocab"
	"residens/web/ui"
)

// ProfileView is the model of an artist's /konto/profil.
type ProfileView struct {
	Mine *Mine
	// Form edits the profile (or creates one when the artist has none).
	Form FormView
	// Query and Results are the claim search, when the artist has no
	// profile.
	Query   string
	Results []Row
	// Problem explains a refused claim or creation.
	Problem string
}

// CanStart reports whether the artist may claim or create a profile: they
// own none and have no pending claim.
func (v ProfileView) CanStart() bool {
	return v.Mine.Actor == nil && (v.Mine.Change == nil || v.Mine.Change.State != StatePending)
}

// Profile handles GET /konto/profil: the artist's own profile with the
// state of their latest change, or the ways to get one (claim, create).
func (h *Handler) Profile(w http.ResponseWriter, r *http.Request) error {
	q := httpx.NewQuery(r.URL.RawQuery)
	v := ProfileView{Query: q.String("q", 100)}
	return h.renderProfile(w, r, http.StatusOK, v, true)
}

// renderProfile loads the artist's profile into v; fill puts its current
// values (the pending proposal when there is one) into the form.
func (h *Handler) renderProfile(w http.ResponseWriter, r *http.Request, status int, v ProfileView, fill bool) error {
	u := auth.UserFrom(r.Context())
	mine, err := h.store.Mine(r.Context(), u.ID)
	if err != nil {
		return err
	}
	v.Mine = mine
	v.Form.Action, v.Form.Artist = "/konto/profil", true
	if err := h.vocab(r.Context(), &v.Form); err != nil {
		return err
	}
	if mine.Actor != nil {
		v.Form.Submit = "Skicka för granskning"
		v.Form.Slug, v.Form.Published = mine.Actor.Slug, mine.Actor.Published
		if fill {
			// A pending or returned proposal is what the artist works on
			// next, over the current values of the fields they did not
			// change; the approved values are on the public page.
			v.Form.P = Shown(mine.Actor.Profile, mine.Change)
		}
	} else {
		v.Form.New, v.Form.Submit = true, "Skapa profilen och skicka för granskning"
		if fill {
			v.Form.P = Profile{Kind: "artist", Name: u.Name, ContactEmail: u.Email}
		}
		if v.Query != "" {
			if v.Results, err = h.store.Claimable(r.Context(), v.Query); err != nil {
				return err
			}
		}
	}
	httpx.Render(w, r, status, ui.Page{Title: "Min profil", Flash: httpx.Flash(r, flashes)}, ProfilePage(v))
	return nil
}

const (
	hasProfileProblem = "Ditt konto har redan en profil eller ett anspråk som väntar på granskning."
	claimTakenProblem = "Den här profilen har redan en ägare eller ett anspråk som väntar på granskning. Kontakta oss om den är din."
)

// SaveProfile handles POST /konto/profil: creates the artist's profile, or
// saves their change of it as the one pending change, for a consultant to
// approve.
func (h *Handler) SaveProfile(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	f, img, fileErr, err := readForm(w, r)
	if err != nil {
		return err
	}
	mine, err := h.store.Mine(r.Context(), u.ID)
	if err != nil {
		return err
	}
	// The picture kept when none is sent is the one of the version the
	// form showed: the open proposal's, else the profile's.
	var current *int64
	if mine.Actor != nil {
		current = Shown(mine.Actor.Profile, mine.Change).ImageID
	}
	var v ProfileView
	if err := h.vocab(r.Context(), &v.Form); err != nil {
		return err
	}
	v.Form.P = readProfile(f, v.Form.ArtForms, v.Form.Munis, current, img, fileErr)
	if !f.Valid() {
		v.Form.Errors = f.Errors()
		return h.renderProfile(w, r, http.StatusUnprocessableEntity, v, false)
	}
	by := audit.FromRequest(r, audit.Entry{})
	if mine.Actor == nil {
		err = h.store.CreateProfile(r.Context(), by, u.ID, v.Form.P, img)
	} else {
		err = h.store.SubmitEdit(r.Context(), by, u.ID, v.Form.P, img)
	}
	switch {
	case errors.Is(err, ErrHasProfile):
		v.Problem = hasProfileProblem
		return h.renderProfile(w, r, http.StatusConflict, v, false)
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, "/konto/profil", "inskickad")
}

// Claim handles POST /konto/profil/ansprak: asks for an existing actor
// without an owner to become the artist's profile.
func (h *Handler) Claim(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(f.Values.Get("aktor"), 10, 64)
	if err != nil {
		return &httpx.Error{Code: httpx.CodeInvalid, Message: "aktor"}
	}
	err = h.store.Claim(r.Context(), audit.FromRequest(r, audit.Entry{}), u.ID, id)
	var problem string
	switch {
	case errors.Is(err, ErrHasProfile):
		problem = hasProfileProblem
	case errors.Is(err, ErrClaimTaken):
		problem = claimTakenProblem
	case err != nil:
		return err
	default:
		return httpx.SeeOther(w, r, "/konto/profil", "ansprak")
	}
	return h.renderProfile(w, r, http.StatusConflict, ProfileView{Problem: problem}, true)
}

// QueueView is the model of the moderation queue.
type QueueView struct {
	Items    []QueueItem
	ArtForms []vocab.Term
	Munis    []vocab.Term
	// Comments and Errors keep a return comment typed and its error, by
	// change ID.
	Comments map[int64]string
	Errors   ui.FieldErrors
	Problem  string
}

// Diffs is what approving the change of it would change: only the fields
// the artist changed. A new profile is shown whole: nothing of it is public
// yet.
func (v QueueView) Diffs(it QueueItem) []Diff {
	if it.Change.Kind == KindClaim {
		return Diffs(it.Actor.Profile, it.Change.Data, v.ArtForms, v.Munis)
	}
	merged, _ := mergeChange(it.Actor, it.Change)
	base := it.Actor.Profile
	if it.Change.Kind == KindCreate {
		base = Profile{}
	}
	return Diffs(base, merged, v.ArtForms, v.Munis)
}

// InConflict reports whether field key of the change of it was also
// changed by someone else since the artist made it, so approving it is
// refused.
func (v QueueView) InConflict(it QueueItem, key string) bool {
	if it.Change.Kind == KindClaim {
		return false
	}
	_, conflicts := mergeChange(it.Actor, it.Change)
	return slices.Contains(conflicts, key)
}

// Queue handles GET /konsulent/granskning: the pending profile changes,
// oldest first.
func (h *Handler) Queue(w http.ResponseWriter, r *http.Request) error {
	return h.renderQueue(w, r, http.StatusOK, QueueView{})
}

func (h *Handler) renderQueue(w http.ResponseWriter, r *http.Request, status int, v QueueView) error {
	var err error
	if v.Items, err = h.store.Queue(r.Context()); err != nil {
		return err
	}
	if err := h.vocabQueue(r.Context(), &v); err != nil {
		return err
	}
	httpx.Render(w, r, status, ui.Page{Title: "Granskning av profiler", Flash: httpx.Flash(r, flashes)}, QueuePage(v))
	return nil
}

func (h *Handler) vocabQueue(ctx context.Context, v *QueueView) error {
	var fv FormView
	if err := h.vocab(ctx, &fv); err != nil {
		return err
	}
	v.ArtForms, v.Munis = fv.ArtForms, fv.Munis
	return nil
}

// Approve handles POST /konsulent/granskning/{id}/godkann: applies the
// change to the actor and tells the artist.
func (h *Handler) Approve(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "id")
	if err != nil {
		return err
	}
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	err = h.store.Approve(r.Context(), audit.FromRequest(r, audit.Entry{}), id, h.notify)
	return h.decided(w, r, err, "godkand")
}

// SendBack handles POST /konsulent/granskning/{id}/skicka-tillbaka: returns
// the change to the artist with a comment, which is required.
func (h *Handler) SendBack(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id", "id")
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	field := commentField(id)
	comment := f.Get(field, MaxComment, true)
	f.Check(comment != "", field, "Skriv vad konstnären behöver ändra.")
	if !f.Valid() {
		return h.renderQueue(w, r, http.StatusUnprocessableEntity, QueueView{
			Comments: map[int64]string{id: comment}, Errors: f.Errors(),
		})
	}
	err = h.store.Return(r.Context(), audit.FromRequest(r, audit.Entry{}), id, comment, h.notify)
	return h.decided(w, r, err, "aterskickad")
}

func commentField(id int64) string { return "kommentar-" + strconv.FormatInt(id, 10) }

// decided answers a decision on a change: back to the queue, or the queue
// with the reason it could not be made.
func (h *Handler) decided(w http.ResponseWriter, r *http.Request, err error, code string) error {
	var conflict *ConflictError
	switch {
	case errors.Is(err, ErrNotPending):
		return httpx.SeeOther(w, r, "/konsulent/granskning", "behandlad")
	case errors.Is(err, ErrClaimTaken):
		return h.renderQueue(w, r, http.StatusConflict, QueueView{Problem: "Profilen har fått en ägare sedan anspråket skickades. Skicka tillbaka anspråket med en förklaring."})
	case errors.Is(err, ErrHasProfile):
		return h.renderQueue(w, r, http.StatusConflict, QueueView{Problem: "Konstnären har redan en annan profil. Skicka tillbaka anspråket med en förklaring."})
	case errors.As(err, &conflict):
		return h.renderQueue(w, r, http.StatusConflict, QueueView{Problem: conflict.Message()})
	case err != nil:
		return err
	}
	return httpx.SeeOther(w, r, "/konsulent/granskning", code)
}

// notify queues the e-mail that tells the artist about a decision on their
// change; without a mail queue (some tests) nothing is sent.
func (h *Handler) notify(ctx context.Context, tx pgx.Tx, c *Change) error {
	if h.mail == nil || c.SubmitterEmail == "" {
		return nil
	}
	subject, heading := "Din profiländring är godkänd", "Din profiländring är godkänd"
	if c.State == StateReturned {
		subject, heading = "Din profiländring har skickats tillbaka", "Din profiländring har skickats tillbaka"
	}
	text, html, err := mail.Render(ctx, heading, DecisionMail(c, h.baseURL+"/konto/profil"))
	if err != nil {
		return err
	}
	return h.mail.Enqueue(ctx, tx, mail.Message{To: c.SubmitterEmail, Subject: subject, Text: text, HTML: html,
		Key: "profile-change:" + strconv.FormatInt(c.ID, 10) + ":" + c.State})
}

// MunicipalitiesView is the model of the consultants' municipality list.
type MunicipalitiesView struct {
	Items []Municipality
}

// Municipalities handles GET /konsulent/kommuner: every municipality with
// its contact for culture matters.
func (h *Handler) Municipalities(w http.ResponseWriter, r *http.Request) error {
	ms, err := h.store.MunicipalityList(r.Context())
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Kommuner – kontaktuppgifter", Flash: httpx.Flash(r, flashes)}, MunicipalitiesPage(MunicipalitiesView{Items: ms}))
	return nil
}

// MunicipalityView is the model of a municipality's contact form.
type MunicipalityView struct {
	M      *Municipality
	C      Contact
	Errors ui.FieldErrors
	// Revisions are the latest changes of the contact, newest first.
	Revisions []ContactRevision
}

// ContactHistory is how many of a contact's latest changes its edit page
// shows.
const ContactHistory = 10

// EditMunicipality handles GET /konsulent/kommuner/{slug}: the form for the
// municipality's contact and short text, with its latest changes.
func (h *Handler) EditMunicipality(w http.ResponseWriter, r *http.Request) error {
	m, err := h.municipality(r)
	if err != nil {
		return err
	}
	return h.renderMunicipality(w, r, http.StatusOK, MunicipalityView{M: m, C: m.Contact})
}

func (h *Handler) renderMunicipality(w http.ResponseWriter, r *http.Request, status int, v MunicipalityView) error {
	revs, err := h.store.ContactRevisions(r.Context(), v.M.ID, ContactHistory)
	if err != nil {
		return err
	}
	v.Revisions = revs
	httpx.Render(w, r, status, ui.Page{Title: v.M.Name + " – kontaktuppgifter", Flash: httpx.Flash(r, flashes)}, MunicipalityPage(v))
	return nil
}

func (h *Handler) municipality(r *http.Request) (*Municipality, error) {
	slug := chi.URLParam(r, "slug")
	if !httpx.ValidSlug(slug) {
		return nil, httpx.NotFound("municipality %q", slug)
	}
	return h.store.Municipality(r.Context(), slug)
}

// UpdateMunicipality handles POST /konsulent/kommuner/{slug}: saves the
// contact and short text, or shows the form again (422) with what was typed
// and what is wrong with it. A contact is what visitors are sent to, so an
// empty or unreachable one is refused rather than saved.
func (h *Handler) UpdateMunicipality(w http.ResponseWriter, r *http.Request) error {
	m, err := h.municipality(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 0)
	if err != nil {
		return err
	}
	c := readContact(f)
	if !f.Valid() {
		return h.renderMunicipality(w, r, http.StatusUnprocessableEntity, MunicipalityView{M: m, C: c, Errors: f.Errors()})
	}
	fields, err := h.store.UpdateContact(r.Context(), audit.FromRequest(r, audit.Entry{}), m.Slug, c)
	if err != nil {
		return err
	}
	flash := "kontakt"
	if len(fields) == 0 {
		flash = "kontakt-oforandrad"
	}
	return httpx.SeeOther(w, r, "/konsulent/kommuner/"+m.Slug, flash)
}

// readContact reads and checks a municipality's contact form: a contact
// needs a name and a way to reach them, an e-mail address or a phone
// number (or both), each well-formed.
func readContact(f *httpx.Form) Contact {
	c := Contact{
		Description: f.Get("beskrivning", MaxMuniText, true),
		Name:        f.Get("namn", MaxName, false),
		Title:       f.Get("titel", MaxTitle, false),
		Email:       f.Get("epost", MaxEmail, false),
		Phone:       f.Get("telefon", MaxPhone, false),
	}
	f.Check(c.Name != "", "namn", "Skriv namnet på kontaktpersonen.")
	switch {
	case c.Email == "" && c.Phone == "":
		f.Add("epost", "Skriv en e-postadress eller ett telefonnummer, så att kontaktpersonen går att nå.")
	case c.Email != "" && !mail.ValidAddress(c.Email):
		f.Add("epost", "Skriv en giltig e-postadress, till exempel kultur@kommun.se.")
	}
	f.Check(c.Phone == "" || validPhone(c.Phone), "telefon", "Skriv ett telefonnummer med siffror, till exempel 08-123 456 78.")
	return c
}

// validPhone accepts digits with the usual separators and an optional
// leading plus, and at least six digits.
func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')':
		default:
			return false
		}
	}
	return digits >= 6
}
