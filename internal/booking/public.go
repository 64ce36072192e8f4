package booking

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/registry"
	"residens/internal/secret"
	"residens/internal/throttle"
	"residens/web/ui"
)

// Public serves the public booking pages under /radgivning.
type Public struct {
	store *Store
	now   func() time.Time
}

// NewPublic returns the booking pages over pool: requests are numbered by
// reg, e-mail is queued on queue (nil sends none) with links to baseURL and
// from (MAIL_FROM's address) as the calendar files' organizer,
// limits bound how many requests one visitor may make, and now tells the
// time.
func NewPublic(pool *pgxpool.Pool, reg *registry.Registry, queue *mail.Queue, baseURL *url.URL, from string, limits throttle.Limits, now func() time.Time) *Public {
	// limit bounds the booking requests per client address and per typed
	// address: each holds a consultant's time and sends two e-mails.
	limit := limits.Form("radgivning-boka", limits.BookingsPerIP)
	return &Public{store: newStore(pool, reg, queue, baseURL, from, limit, now), now: now}
}

// maxQuestion is the longest question the form takes.
const maxQuestion = 2000

// publicFlashes are the confirmations named by a fixed code after a redirect.
var publicFlashes = map[string]string{
	"bokad":   "Tack! Din förfrågan är skickad. Du får ett e-postmeddelande med en bekräftelse och en länk till bokningen.",
	"avbokad": "Bokningen är avbokad.",
	"flyttad": "Bokningen är flyttad till den nya tiden. Konsulten bekräftar den.",
}

// Choice is what the booker chose on /radgivning.
type Choice struct {
	Topic          Topic
	ArtFormID      int64
	MunicipalityID int64
	ConsultantID   int64
}

func parseID(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func choiceFrom(get func(string) string) Choice {
	return Choice{Topic: Topic(get("amne")), ArtFormID: parseID(get("konstform")),
		MunicipalityID: parseID(get("kommun")), ConsultantID: parseID(get("konsulent"))}
}

// Query is the choice as the query of /radgivning/tider.
func (c Choice) Query() string {
	v := url.Values{}
	v.Set("amne", string(c.Topic))
	v.Set("konstform", strconv.FormatInt(c.ArtFormID, 10))
	v.Set("kommun", strconv.FormatInt(c.MunicipalityID, 10))
	if c.ConsultantID > 0 {
		v.Set("konsulent", strconv.FormatInt(c.ConsultantID, 10))
	}
	return v.Encode()
}

// startData is what the start page and its form need.
type startData struct {
	Consultants    []Consultant
	ArtForms       []Option
	Municipalities []Option
	Choice         Choice
	Errors         []ui.FieldError
}

func (h *Public) loadStart(ctx context.Context, c Choice) (startData, error) {
	d := startData{Choice: c}
	var err error
	if d.Consultants, err = h.store.ActiveConsultants(ctx, 0, 0); err != nil {
		return d, err
	}
	if d.ArtForms, err = h.store.ArtForms(ctx); err != nil {
		return d, err
	}
	d.Municipalities, err = h.store.Municipalities(ctx)
	return d, err
}

// Start serves GET /radgivning: the meetings, the consultants and the form
// that chooses what the meeting is about.
func (h *Public) Start(w http.ResponseWriter, r *http.Request) error {
	d, err := h.loadStart(r.Context(), Choice{})
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Boka rådgivning", Nav: "radgivning"}, StartPage(d))
	return nil
}

// weekSize is how many days of times one page of the list shows.
const weekSize = 7

// Day groups the offers of one calendar day.
type Day struct {
	Label  string
	Offers []Offer
}

// timesData is what the list of free times needs.
type timesData struct {
	Choice      Choice
	Days        []Day
	Selected    string
	Week        int
	More        bool
	Consultants []Consultant
	Message     string
}

// offers lists the free slots of the consultants that fit c, earliest first.
func (h *Public) offers(ctx context.Context, c Choice) ([]Consultant, []Offer, error) {
	cons, err := h.store.ActiveConsultants(ctx, c.ArtFormID, c.MunicipalityID)
	if err != nil {
		return nil, nil, err
	}
	if c.ConsultantID > 0 {
		var one []Consultant
		for _, k := range cons {
			if k.ID == c.ConsultantID {
				one = append(one, k)
			}
		}
		cons = one
	}
	var out []Offer
	now := h.now()
	for _, k := range cons {
		slots, err := h.store.FreeSlots(ctx, k.ID, now)
		if err != nil {
			return nil, nil, err
		}
		for _, s := range slots {
			out = append(out, Offer{Slot: s, Consultant: k})
		}
	}
	sortOffers(out)
	return cons, out, nil
}

func sortOffers(o []Offer) {
	// Insertion sort keeps equal starts in consultant order; lists are short.
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && o[j].Slot.Start.Before(o[j-1].Slot.Start); j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}

// groupDays groups offers by day and cuts out the week'th week (from 0) of
// days that have times; more tells whether later days follow.
func groupDays(offers []Offer, week int) (days []Day, more bool) {
	all := byDay(offers)
	// The week comes from the address: bound it before multiplying, so a
	// huge one cannot overflow into a negative index.
	if week < 0 || week > len(all)/weekSize {
		return nil, false
	}
	from := week * weekSize
	if from >= len(all) {
		return nil, false
	}
	to := min(from+weekSize, len(all))
	return all[from:to], to < len(all)
}

// byDay groups offers, earliest first, by calendar day.
func byDay(offers []Offer) []Day {
	var all []Day
	for _, o := range offers {
		label := dayLabel(o.Slot)
		if len(all) == 0 || all[len(all)-1].Label != label {
			all = append(all, Day{Label: label})
		}
		all[len(all)-1].Offers = append(all[len(all)-1].Offers, o)
	}
	return all
}

// dayLabel is the date part of the slot's label ("tisdag 3 mars").
func dayLabel(s Slot) string {
	l := s.Label()
	if i := strings.Index(l, " kl. "); i > 0 {
		return l[:i]
	}
	return l
}

// Times serves GET /radgivning/tider: the free times of the consultants
// who advise on the chosen art form and cover the municipality.
func (h *Public) Times(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	c := choiceFrom(q.Get)
	if errs := c.errors(); len(errs) > 0 {
		return h.renderStart(w, r, c, errs)
	}
	week := max(parseID(q.Get("vecka")), 0)
	return h.renderTimes(w, r, http.StatusOK, c, int(week), "", "")
}

// errors are what the start page's choice lacks.
func (c Choice) errors() []ui.FieldError {
	var errs []ui.FieldError
	if !c.Topic.Valid() {
		errs = append(errs, ui.FieldError{Field: "amne", Message: "Välj vad mötet gäller."})
	}
	if c.ArtFormID == 0 {
		errs = append(errs, ui.FieldError{Field: "konstform", Message: "Välj en konstform."})
	}
	if c.MunicipalityID == 0 {
		errs = append(errs, ui.FieldError{Field: "kommun", Message: "Välj din kommun."})
	}
	return errs
}

// renderStart shows the start page again (422) with what the choice lacks.
func (h *Public) renderStart(w http.ResponseWriter, r *http.Request, c Choice, errs []ui.FieldError) error {
	d, err := h.loadStart(r.Context(), c)
	if err != nil {
		return err
	}
	d.Errors = errs
	httpx.Render(w, r, http.StatusUnprocessableEntity, ui.Page{Title: "Boka rådgivning", Nav: "radgivning"}, StartPage(d))
	return nil
}

func (h *Public) renderTimes(w http.ResponseWriter, r *http.Request, status int, c Choice, week int, selected, msg string) error {
	cons, offers, err := h.offers(r.Context(), c)
	if err != nil {
		return err
	}
	d := timesData{Choice: c, Week: week, Selected: selected, Consultants: cons, Message: msg}
	d.Days, d.More = groupDays(offers, week)
	httpx.Render(w, r, status, ui.Page{Title: "Välj en tid", Nav: "radgivning"}, TimesPage(d))
	return nil
}

// formData is what the booking form needs.
type formData struct {
	Choice         Choice
	Offer          Offer
	Key            string
	Values         map[string]string
	Errors         []ui.FieldError
	Municipalities []Option
}

func (d formData) Error(key string) string {
	for _, e := range d.Errors {
		if e.Field == key {
			return e.Message
		}
	}
	return ""
}

// newKey is a fresh manage token.
func newKey() string {
	token, _ := secret.New()
	return token
}

// keyHash returns the SHA-256 of a manage token, or nil when the token is
// not one we could have made.
func keyHash(token string) []byte { return secret.Hash(token) }

// findOffer checks that value names a free slot of an active consultant
// now; ok false when it does not (any longer).
func (h *Public) findOffer(ctx context.Context, value string) (Offer, bool, error) {
	cid, start, found := strings.Cut(value, "-")
	if !found {
		return Offer{}, false, nil
	}
	id, unix := parseID(cid), parseID(start)
	cons, err := h.store.ActiveConsultants(ctx, 0, 0)
	if err != nil {
		return Offer{}, false, err
	}
	for _, k := range cons {
		if k.ID != id {
			continue
		}
		slots, err := h.store.FreeSlots(ctx, id, h.now())
		if err != nil {
			return Offer{}, false, err
		}
		for _, s := range slots {
			if s.Start.Unix() == unix {
				return Offer{Slot: s, Consultant: k}, true, nil
			}
		}
	}
	return Offer{}, false, nil
}

// Book serves POST /radgivning/boka: with only a chosen time it shows the
// booking form (showForm); with the form's fields (steg=skicka) it books
// (send).
func (h *Public) Book(w http.ResponseWriter, r *http.Request) error {
	f, err := httpx.ParseForm(w, r, 64<<10)
	if err != nil {
		return err
	}
	if f.Get("steg", 20, false) == "skicka" {
		return h.send(w, r, f)
	}
	return h.showForm(w, r, f)
}

// showForm shows the booking form for the chosen time, with a fresh key
// that makes a second click of its send button harmless.
func (h *Public) showForm(w http.ResponseWriter, r *http.Request, f *httpx.Form) error {
	ctx := r.Context()
	d := formData{Choice: choiceFrom(func(k string) string { return f.Get(k, 40, false) }), Values: map[string]string{}}
	// A post that lost the start page's choice (sent empty, or by hand)
	// goes back to it: the times depend on it.
	if errs := d.Choice.errors(); len(errs) > 0 {
		return h.renderStart(w, r, d.Choice, errs)
	}
	if d.Choice.MunicipalityID > 0 {
		d.Values["kommun"] = strconv.FormatInt(d.Choice.MunicipalityID, 10)
	}
	problem, err := h.readOffer(ctx, &d, f.Get("tid", 60, false), false)
	if err != nil {
		return err
	}
	if problem != formOK {
		return h.renderProblem(w, r, d, problem)
	}
	d.Key = newKey()
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Dina uppgifter", Nav: "radgivning"}, FormPage(d))
	return nil
}

// send books: it reads and checks the form into a Request, books it in one
// transaction with its e-mails (book), and sends the booker to the manage
// page; invalid input shows the form again (422) with what was typed.
func (h *Public) send(w http.ResponseWriter, r *http.Request, f *httpx.Form) error {
	ctx := r.Context()
	d, req, problem, err := h.readRequest(ctx, f)
	if err != nil {
		return err
	}
	if problem != formOK {
		return h.renderProblem(w, r, d, problem)
	}
	err = h.store.BookRequest(ctx, audit.FromRequest(r, audit.Entry{}), req)
	var limited *throttle.Limited
	if errors.Is(err, ErrSlotTaken) || errors.Is(err, ErrKeyUsed) || errors.As(err, &limited) {
		// A double click: the first click booked (and was counted) while
		// this one waited for its lock; it goes where the first one went.
		if h.booked(ctx, req.Key) {
			return httpx.SeeOther(w, r, "/radgivning/bokning/"+req.Key, "bokad")
		}
		if limited != nil {
			return limited
		}
		return h.renderTaken(w, r, d)
	}
	var inv ErrInvalid
	if errors.As(err, &inv) {
		d.Errors = append(d.Errors, ui.FieldError{Field: "motesform", Message: inv.Msg})
		return h.renderProblem(w, r, d, formInvalid)
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/radgivning/bokning/"+req.Key, "bokad")
}

// formProblem is why the booking form cannot go on as sent.
type formProblem int

const (
	formOK formProblem = iota
	// formUnknownArtForm: the hidden art form is not one in the list.
	formUnknownArtForm
	// formNoTime: no time was chosen.
	formNoTime
	// formGone: the chosen time is no longer free.
	formGone
	// formTaken: the time was taken after the form was shown, or by this
	// form's own first click.
	formTaken
	// formInvalid: fields break rules; d.Errors says which.
	formInvalid
	// formBooked: this form's key has booked already (a second click).
	formBooked
)

// renderProblem answers a form that cannot go on.
func (h *Public) renderProblem(w http.ResponseWriter, r *http.Request, d formData, p formProblem) error {
	ctx := r.Context()
	switch p {
	case formBooked:
		return httpx.SeeOther(w, r, "/radgivning/bokning/"+d.Key, "bokad")
	case formUnknownArtForm:
		sd, err := h.loadStart(ctx, Choice{Topic: d.Choice.Topic, MunicipalityID: d.Choice.MunicipalityID})
		if err != nil {
			return err
		}
		sd.Errors = []ui.FieldError{{Field: "konstform", Message: "Välj en konstform i listan."}}
		httpx.Render(w, r, http.StatusUnprocessableEntity, ui.Page{Title: "Boka rådgivning", Nav: "radgivning"}, StartPage(sd))
		return nil
	case formNoTime:
		return h.renderTimes(w, r, http.StatusUnprocessableEntity, d.Choice, 0, "", "Välj en tid i listan.")
	case formGone:
		return h.renderTimes(w, r, http.StatusConflict, d.Choice, 0, "",
			"Tiden du valde är inte längre ledig. Välj en av de lediga tiderna nedan.")
	case formTaken:
		// Taken by this form's own first click, which committed after
		// this one passed the check at the top.
		if h.booked(ctx, d.Key) {
			return httpx.SeeOther(w, r, "/radgivning/bokning/"+d.Key, "bokad")
		}
		// Taken by someone else since the form was shown: what was typed
		// is kept.
		return h.renderTaken(w, r, d)
	case formInvalid:
		httpx.Render(w, r, http.StatusUnprocessableEntity, ui.Page{Title: "Dina uppgifter", Nav: "radgivning"}, FormPage(d))
		return nil
	}
	return fmt.Errorf("booking: form problem %d", p)
}

// booked reports whether a booking has the manage key key.
func (h *Public) booked(ctx context.Context, key string) bool {
	hash := keyHash(key)
	if hash == nil {
		return false
	}
	_, err := h.store.Get(ctx, Lookup{TokenHash: hash})
	return err == nil
}

// readOffer checks the chosen art form and that value names a free time,
// and fills in d's offer and municipalities; sent says the form's fields
// came too.
func (h *Public) readOffer(ctx context.Context, d *formData, value string, sent bool) (formProblem, error) {
	if c := d.Choice; c.ArtFormID > 0 {
		// The art form travels in a hidden field; one not in the list (a
		// crafted request) would fail the insert's foreign key.
		forms, err := h.store.ArtForms(ctx)
		if err != nil {
			return formOK, err
		}
		if !slices.ContainsFunc(forms, func(o Option) bool { return o.ID == c.ArtFormID }) {
			return formUnknownArtForm, nil
		}
	}
	offer, ok, err := h.findOffer(ctx, value)
	if err != nil {
		return formOK, err
	}
	switch {
	case !ok && value == "":
		return formNoTime, nil
	case !ok && sent && keyHash(d.Key) != nil:
		return formTaken, nil
	case !ok:
		return formGone, nil
	}
	d.Offer = offer
	d.Municipalities, err = h.store.Municipalities(ctx)
	return formOK, err
}

// Request is a checked booking request: the time, who books it and the
// key of the manage link it gets.
type Request struct {
	Offer  Offer
	Booker Booker
	Key    string
}

// readRequest reads the sent booking form and checks it: d is the form as
// typed (to show again), req what to book when problem is formOK.
func (h *Public) readRequest(ctx context.Context, f *httpx.Form) (d formData, req Request, problem formProblem, err error) {
	c := choiceFrom(func(k string) string { return f.Get(k, 40, false) })
	d = formData{Choice: c, Key: f.Get("nyckel", 60, false), Values: map[string]string{}}
	// A second click of the send button: the first one booked already.
	if h.booked(ctx, d.Key) {
		return d, req, formBooked, nil
	}
	v := d.Values
	v["namn"] = f.Get("namn", 200, false)
	v["epost"] = f.Get("epost", 254, false)
	v["organisation"] = f.Get("organisation", 200, false)
	v["kommun"] = f.Get("kommun", 20, false)
	v["roll"] = f.Get("roll", 200, false)
	v["fraga"] = f.Get("fraga", maxQuestion, true)
	v["motesform"] = f.Get("motesform", 20, false)
	if problem, err = h.readOffer(ctx, &d, f.Get("tid", 60, false), true); err != nil || problem != formOK {
		return d, req, problem, err
	}
	hash := keyHash(d.Key)
	if hash == nil {
		return d, req, formOK, httpx.NotFound("okänd formulärnyckel")
	}
	f.Check(v["namn"] != "", "namn", "Skriv ditt namn.")
	f.Check(mail.ValidAddress(v["epost"]), "epost", "Skriv en e-postadress, till exempel namn@exempel.se.")
	f.Check(v["fraga"] != "", "fraga", "Skriv kort vad du vill ta upp.")
	f.Check(MeetingForm(v["motesform"]).Valid(), "motesform", "Välj hur ni vill mötas.")
	muni := parseID(v["kommun"])
	// A value outside the list (a stale page, a crafted request) would fail
	// the insert's foreign key: it is the field's error instead.
	f.Check(v["kommun"] == "" || slices.ContainsFunc(d.Municipalities,
		func(o Option) bool { return o.ID == muni }), "kommun", "Välj en kommun i listan.")
	if !f.Valid() {
		d.Errors = f.Errors()
		return d, req, formInvalid, nil
	}
	b := Booker{Name: v["namn"], Email: v["epost"], Organisation: v["organisation"], Role: v["roll"],
		Question: v["fraga"], MeetingForm: MeetingForm(v["motesform"]), Topic: c.Topic, ManageTokenHash: hash}
	if muni > 0 {
		b.MunicipalityID = &muni
	}
	if c.ArtFormID > 0 {
		b.ArtFormID = &c.ArtFormID
	}
	return d, Request{Offer: d.Offer, Booker: b, Key: d.Key}, formOK, nil
}

// renderTaken shows the form again, typed values kept, with the message that
// the time was taken and the next free times to pick instead.
func (h *Public) renderTaken(w http.ResponseWriter, r *http.Request, d formData) error {
	_, offers, err := h.offers(r.Context(), d.Choice)
	if err != nil {
		return err
	}
	days, _ := groupDays(offers, 0)
	var next []Offer
	for _, day := range days {
		for _, o := range day.Offers {
			if len(next) < 5 {
				next = append(next, o)
			}
		}
	}
	httpx.Render(w, r, http.StatusConflict, ui.Page{Title: "Tiden är redan bokad"}, TakenPage(d, next))
	return nil
}

// Show serves GET /radgivning/bokning/{token}: the booking behind the link.
func (h *Public) Show(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	b, err := h.byToken(r.Context(), token)
	if err != nil {
		return err
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: "Din bokning", Flash: httpx.Flash(r, publicFlashes)},
		ManagePage(b, token, h.changeable(b)))
	return nil
}

// Calendar serves GET /radgivning/bokning/{token}/kalender.ics: the
// meeting's calendar file, for a booking that holds its time. It is the
// invitation of every e-mail (same UID and sequence), published: a calendar
// imports it as an event and expects no reply.
func (h *Public) Calendar(w http.ResponseWriter, r *http.Request) error {
	b, err := h.byToken(r.Context(), chi.URLParam(r, "token"))
	if err != nil {
		return err
	}
	if !b.State.Holds() {
		return httpx.NotFound("ingen tid att lägga i kalendern")
	}
	data, err := h.store.calendar(b)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+calendarName+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(data)
	return err
}

// changeable reports whether the booker may still cancel or move b: it holds
// its time and the meeting has not begun. The POSTs check it as well as the
// page, so a meeting already held is never cancelled or moved afterwards.
func (h *Public) changeable(b *Booking) bool {
	return b.State.Holds() && b.Slot.Start.After(h.now())
}

func (h *Public) byToken(ctx context.Context, token string) (*Booking, error) {
	hash := keyHash(token)
	if hash == nil {
		return nil, httpx.NotFound("okänd bokningslänk")
	}
	b, err := h.store.Get(ctx, Lookup{TokenHash: hash})
	if errors.Is(err, ErrNotFound) {
		return nil, httpx.NotFound("okänd bokningslänk")
	}
	if err != nil {
		return nil, err
	}
	// An old link: the meeting is over, so there is nothing to manage.
	if !b.Slot.End.After(h.now().AddDate(0, 0, -30)) {
		return nil, httpx.NotFound("gammal bokningslänk")
	}
	return b, nil
}

// Cancel serves POST /radgivning/bokning/{token}/avboka.
func (h *Public) Cancel(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	ctx := r.Context()
	b, err := h.byToken(ctx, token)
	if err != nil {
		return err
	}
	if !h.changeable(b) {
		http.Redirect(w, r, "/radgivning/bokning/"+token, http.StatusSeeOther)
		return nil
	}
	err = h.store.CancelByBooker(ctx, audit.FromRequest(r, audit.Entry{}), b, token)
	if errors.Is(err, ErrNotFound) {
		// Changed meanwhile (by the consultant): show what it is now.
		http.Redirect(w, r, "/radgivning/bokning/"+token, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/radgivning/bokning/"+token, "avbokad")
}

// moveData is what the move page needs.
type moveData struct {
	Booking *Booking
	Token   string
	Days    []Day
	Message string
}

// MoveForm serves GET /radgivning/bokning/{token}/flytta: the consultant's
// free times to move to.
func (h *Public) MoveForm(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	b, err := h.byToken(r.Context(), token)
	if err != nil {
		return err
	}
	if !h.changeable(b) {
		// Nothing to move (no time held, or the meeting has begun): back
		// to the booking, which shows its state.
		http.Redirect(w, r, "/radgivning/bokning/"+token, http.StatusSeeOther)
		return nil
	}
	return h.renderMove(w, r, http.StatusOK, b, token, "")
}

func (h *Public) renderMove(w http.ResponseWriter, r *http.Request, status int, b *Booking, token, msg string) error {
	d := moveData{Booking: b, Token: token, Message: msg}
	if h.changeable(b) {
		slots, err := h.store.FreeSlots(r.Context(), b.ConsultantID, h.now())
		if err != nil {
			return err
		}
		var offers []Offer
		for _, s := range slots {
			offers = append(offers, Offer{Slot: s, Consultant: Consultant{ID: b.ConsultantID, Name: b.ConsultantName}})
		}
		d.Days, _ = groupDays(offers, 0)
	}
	httpx.Render(w, r, status, ui.Page{Title: "Flytta bokningen"}, MovePage(d))
	return nil
}

// Move serves POST /radgivning/bokning/{token}/flytta: the booking takes the
// new time and gives up the old one in one statement, so it never holds
// both nor loses both.
func (h *Public) Move(w http.ResponseWriter, r *http.Request) error {
	token := chi.URLParam(r, "token")
	ctx := r.Context()
	b, err := h.byToken(ctx, token)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 8<<10)
	if err != nil {
		return err
	}
	if !h.changeable(b) {
		http.Redirect(w, r, "/radgivning/bokning/"+token, http.StatusSeeOther)
		return nil
	}
	offer, ok, err := h.findOffer(ctx, f.Get("tid", 60, false))
	if err != nil {
		return err
	}
	if !ok || offer.Consultant.ID != b.ConsultantID {
		return h.renderMove(w, r, http.StatusConflict, b, token, "Välj en av de lediga tiderna nedan.")
	}
	err = h.store.MoveByBooker(ctx, audit.FromRequest(r, audit.Entry{}), b, offer.Slot, token)
	if errors.Is(err, ErrSlotTaken) {
		return h.renderMove(w, r, http.StatusConflict, b, token,
			"Tiden du valde hann bokas av någon annan. Välj en av de lediga tiderna nedan.")
	}
	if errors.Is(err, ErrNotFound) {
		http.Redirect(w, r, "/radgivning/bokning/"+token, http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	return httpx.SeeOther(w, r, "/radgivning/bokning/"+token, "flyttad")
}
