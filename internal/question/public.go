package question

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"residens/internal/audit"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/secret"
	"residens/internal/vocab"
	"residens/web/ui"
)

// The fields of the question form; each is also its input's id.
const (
	fTopic    = "amne"
	fArtForm  = "konstform"
	fMuni     = "kommun"
	fBody     = "fraga"
	fName     = "namn"
	fEmail    = "epost"
	fOrg      = "organisation"
	fAsWho    = "som"
	fKey      = "nyckel"
	fHoneypot = "webbplats"
)

// MaxBody is the longest question the form takes, in characters.
const MaxBody = 4000

// The values of the som field.
const (
	asPerson = "privatperson"
	asOrg    = "organisation"
)

// AskForm is the question form as typed.
type AskForm struct {
	Topic, ArtForm, Municipality string
	Body, Name, Email, Org       string
	AsWho                        string
	Key                          string
}

// AskView is the model of /fraga.
type AskView struct {
	Form           AskForm
	Errors         ui.FieldErrors
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
}

func (h *Handler) renderAsk(w http.ResponseWriter, r *http.Request, status int, v AskView, notices []string) error {
	var err error
	if v.ArtForms, v.Municipalities, err = h.vocabs(r.Context()); err != nil {
		return err
	}
	httpx.Render(w, r, status, ui.Page{Title: "Ställ en fråga", Notices: notices}, AskPage(v))
	return nil
}

// New handles GET /fraga: the form, with amne, konstform and kommun filled
// in from the query (the contact guide links here with its choices), and a
// fresh key that makes a second click of the send button harmless.
func (h *Handler) New(w http.ResponseWriter, r *http.Request) error {
	artForms, munis, err := h.vocabs(r.Context())
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	f := AskForm{AsWho: asPerson}
	if s := q.String(fTopic, 40); validTopic(s) {
		f.Topic = s
	}
	if t := vocab.Param(q, fArtForm, artForms, "Konstformen"); t != nil {
		f.ArtForm = t.Slug
	}
	if t := vocab.Param(q, fMuni, munis, "Kommunen"); t != nil {
		f.Municipality = t.Slug
	}
	f.Key, _ = secret.New()
	return h.renderAsk(w, r, http.StatusOK, AskView{Form: f}, q.Notices)
}

// Create handles POST /fraga: the question registered and the receipt, or
// the form again with its errors (422) and everything typed kept. A filled
// honeypot is answered as if sent, and nothing is saved.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := httpx.ParseForm(w, r, 64<<10)
	if err != nil {
		return err
	}
	artForms, munis, err := h.vocabs(ctx)
	if err != nil {
		return err
	}
	in := AskForm{
		Topic: f.Get(fTopic, 40, false), ArtForm: f.Get(fArtForm, 80, false), Municipality: f.Get(fMuni, 80, false),
		Body: f.Get(fBody, MaxBody, true), Name: f.Get(fName, 200, false), Email: f.Get(fEmail, 254, false),
		Org: f.Get(fOrg, 200, false), AsWho: f.Get(fAsWho, 20, false), Key: f.Get(fKey, 60, false),
	}
	if f.Get(fHoneypot, 200, false) != "" {
		// A robot: it sees the same receipt page path as a person would,
		// without a number, and nothing is stored or mailed.
		return httpx.SeeOther(w, r, askPath+"/tack", "")
	}
	if secret.Hash(in.Key) == nil {
		in.Key, _ = secret.New()
	}
	f.Check(validTopic(in.Topic), fTopic, "Välj vad frågan gäller.")
	art, artOK := vocab.Find(artForms, in.ArtForm)
	f.Check(in.ArtForm == "" || artOK, fArtForm, "Välj en konstform i listan.")
	muni, muniOK := vocab.Find(munis, in.Municipality)
	f.Check(in.Municipality == "" || muniOK, fMuni, "Välj en kommun i listan.")
	f.Check(in.Body != "", fBody, "Skriv din fråga.")
	f.Check(in.Name != "", fName, "Skriv ditt namn.")
	f.Check(mail.ValidAddress(in.Email), fEmail, "Skriv en e-postadress, till exempel namn@exempel.se.")
	f.Check(in.AsWho == asPerson || in.AsWho == asOrg, fAsWho, "Välj om du frågar som privatperson eller för en organisation.")
	f.Check(in.AsWho != asOrg || in.Org != "", fOrg, "Skriv organisationens namn, eller välj att du frågar som privatperson.")
	if !f.Valid() {
		return h.renderAsk(w, r, http.StatusUnprocessableEntity, AskView{Form: in, Errors: f.Errors()}, nil)
	}
	// A second click of a form already sent (even one the limit would
	// now refuse) goes where the first one went.
	if _, err := h.store.ByToken(ctx, in.Key); err == nil {
		return httpx.SeeOther(w, r, askPath+"/"+in.Key, "skickad")
	}
	a := Ask{Topic: in.Topic, ArtFormID: art.ID, MunicipalityID: muni.ID, Body: in.Body, Name: in.Name,
		Email: in.Email, Organisation: in.Org, ForOrganisation: in.AsWho == asOrg, Key: in.Key}
	_, err = h.store.Ask(ctx, audit.FromRequest(r, audit.Entry{}), a)
	if errors.Is(err, ErrKeyUsed) {
		// A second click: the first one sent the question.
		if _, err := h.store.ByToken(ctx, in.Key); err == nil {
			return httpx.SeeOther(w, r, askPath+"/"+in.Key, "skickad")
		}
		return httpx.NotFound("question form key")
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, askPath+"/"+in.Key, "skickad")
}

// Thanks handles GET /fraga/tack: where a robot that filled the honeypot
// ends up.
func (h *Handler) Thanks(w http.ResponseWriter, r *http.Request) error {
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Tack"}, ThanksPage())
	return nil
}

// ThreadView is the model of the asker's page.
type ThreadView struct {
	Q      *Question
	Events []Event
	Token  string
	Form   string
	// Key is the follow-up form's key against a double click.
	Key    string
	Errors ui.FieldErrors
	Days   int
}

func (h *Handler) renderThread(w http.ResponseWriter, r *http.Request, status int, token, body, key string, errs ui.FieldErrors) error {
	if secret.Hash(key) == nil {
		key, _ = secret.New()
	}
	q, err := h.store.ByToken(r.Context(), token)
	if err != nil {
		return err
	}
	evs, err := h.store.Events(r.Context(), q.ID, true)
	if err != nil {
		return err
	}
	httpx.Render(w, r, status, ui.Page{Title: "Din fråga " + q.Number, Flash: httpx.Flash(r, flashes)},
		ThreadPage(ThreadView{Q: q, Events: evs, Token: token, Form: body, Key: key, Errors: errs, Days: h.store.Days()}))
	return nil
}

// Thread handles GET /fraga/{token}: the asker's thread (the question and
// the public answers and referrals, never a note) with the follow-up form.
func (h *Handler) Thread(w http.ResponseWriter, r *http.Request) error {
	return h.renderThread(w, r, http.StatusOK, chi.URLParam(r, "token"), "", "", nil)
}

// FollowUp handles POST /fraga/{token}/foljdfraga.
func (h *Handler) FollowUp(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	if _, err := h.store.ByToken(r.Context(), token); err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 64<<10)
	if err != nil {
		return err
	}
	body := f.Get(fBody, MaxBody, true)
	f.Check(body != "", fBody, "Skriv din följdfråga.")
	if !f.Valid() {
		return h.renderThread(w, r, http.StatusUnprocessableEntity, token, body, f.Get(fKey, 60, false), f.Errors())
	}
	if err := h.store.FollowUp(r.Context(), audit.FromRequest(r, audit.Entry{}), token, body, f.Get(fKey, 60, false)); err != nil {
		return err
	}
	return httpx.SeeOther(w, r, askPath+"/"+token, "foljdfraga")
}

// Close handles POST /fraga/{token}/stang: the asker closes the question.
func (h *Handler) Close(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	if _, err := httpx.ParseForm(w, r, 0); err != nil {
		return err
	}
	err := h.store.CloseByAsker(r.Context(), audit.FromRequest(r, audit.Entry{}), token)
	if err != nil && !errors.Is(err, ErrState) {
		return err
	}
	return httpx.SeeOther(w, r, askPath+"/"+token, "stangd")
}
