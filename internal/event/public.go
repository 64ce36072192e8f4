package event

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"residens/internal/audit"
	"residens/internal/civil"
	"residens/internal/httpx"
	"residens/internal/ical"
	"residens/internal/secret"
	"residens/internal/vocab"
	"residens/web/ui"
)

// Public serves the public event pages: the list, each event with its
// sign-up form, the calendar feeds and the manage page behind a sign-up's
// link.
type Public struct {
	store    *Store
	now      func() time.Time
	sections []ManageSection
}

// ManageSection adds a part to the manage page of a sign-up (eventedit's
// personal speed-dating schedule); nil shows nothing.
type ManageSection func(ctx context.Context, su *Signup) (templ.Component, error)

// NewPublic returns the public pages over store; now tells the time.
func NewPublic(store *Store, now func() time.Time) *Public {
	return &Public{store: store, now: now}
}

// AddManageSection adds a part to every manage page, after the sign-up's
// own.
func (h *Public) AddManageSection(s ManageSection) { h.sections = append(h.sections, s) }

// flashes are the confirmations named by a fixed code after a redirect.
var flashes = map[string]string{
	"anmald":    "Tack för din anmälan! Vi har skickat en bekräftelse till din e-postadress.",
	"avbokad":   "Din anmälan är avbokad.",
	"ja":        "Du har tackat ja och har nu en plats.",
	"nej":       "Du har tackat nej. Platsen går vidare till nästa i kön.",
	"sparad":    "Dina behov är sparade.",
	"for-sent":  "Erbjudandet gäller inte längre.",
	"oandrad":   "Anmälan kunde inte ändras: den gäller inte längre eller evenemanget har börjat.",
	"redan-ute": "Du har redan svarat på erbjudandet.",
	"installt":  "Evenemanget är inställt, så anmälan kan inte ändras.",
}

// ListView is the model of /evenemang.
type ListView struct {
	Filter         Filter
	MonthIn        string
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
	Events         []Event
	Total          int
	Pager          ui.Pager
}

// values are the filter as query parameters, for the pager.
func (v ListView) values() url.Values {
	q := url.Values{}
	f := v.Filter
	if f.Format != "" {
		q.Set("format", f.Format)
	}
	if f.ArtForm != nil {
		q.Set("konstform", f.ArtForm.Slug)
	}
	if f.Municipality != nil {
		q.Set("kommun", f.Municipality.Slug)
	}
	if v.MonthIn != "" {
		q.Set("manad", v.MonthIn)
	}
	if f.Attend != "" {
		q.Set("digitalt", f.Attend)
	}
	if f.Past {
		q.Set("tid", "tidigare")
	}
	return q
}

// List handles GET /evenemang: upcoming events soonest first (past ones
// with tid=tidigare), filtered by format, konstform, kommun, manad
// (YYYY-MM) and digitalt (platsen, digitalt or bada), and paged. An unknown
// value drops its filter with a notice.
func (h *Public) List(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	artForms, err := vocab.ArtForms(ctx, h.store.pool)
	if err != nil {
		return err
	}
	munis, err := vocab.Municipalities(ctx, h.store.pool)
	if err != nil {
		return err
	}
	q := httpx.NewQuery(r.URL.RawQuery)
	v := ListView{ArtForms: artForms, Municipalities: munis}
	f := &v.Filter
	if s := q.String("format", 40); s != "" {
		if ui.HasOption(Formats, s) {
			f.Format = s
		} else {
			q.Notef("Formatet ”" + httpx.Clip(s, 40) + "” finns inte och filtret har tagits bort.")
		}
	}
	f.ArtForm = vocab.Param(q, "konstform", artForms, "Konstformen")
	f.Municipality = vocab.Param(q, "kommun", munis, "Kommunen")
	if s := q.String("manad", 20); s != "" {
		if m, err := time.Parse("2006-01", s); err == nil && m.Year() >= 2000 && m.Year() <= 2100 {
			f.Month, v.MonthIn = MonthStart(m.Year(), m.Month()), s
		} else {
			q.Notef("Månaden ”" + httpx.Clip(s, 20) + "” går inte att läsa (skriv till exempel 2026-03) och filtret har tagits bort.")
		}
	}
	if s := q.String("digitalt", 20); s != "" {
		if ui.HasOption(AttendFilters, s) {
			f.Attend = s
		} else {
			q.Notef("Värdet ”" + httpx.Clip(s, 20) + "” för på plats eller digitalt finns inte och filtret har tagits bort.")
		}
	}
	if s := q.String("tid", 20); s != "" {
		if s == "tidigare" {
			f.Past = true
		} else {
			q.Notef("Tiden ”" + httpx.Clip(s, 20) + "” finns inte; du ser kommande evenemang.")
		}
	}
	f.Page = q.Page("sida")
	now := h.now()
	events, total, err := h.store.List(ctx, *f, now)
	if err != nil {
		return err
	}
	pages := (total + PageSize - 1) / PageSize
	if f.Page > max(pages, 1) {
		q.Notef("Sidan finns inte längre; du ser den sista sidan.")
		f.Page = max(pages, 1)
		if events, total, err = h.store.List(ctx, *f, now); err != nil {
			return err
		}
	}
	v.Events, v.Total = events, total
	v.Pager = ui.Pager{Page: max(f.Page, 1), Pages: pages, Base: "/evenemang", Query: v.values(), Param: "sida"}
	title := "Evenemang"
	if f.Past {
		title = "Tidigare evenemang"
	}
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: title, Nav: "evenemang", Notices: q.Notices}, ListPage(v))
	return nil
}

// FormView is the model of an event's page with its sign-up form.
type FormView struct {
	Event          *Event
	Now            time.Time
	Key            string
	Values         map[string]string
	LookingForArt  []string
	Errors         []ui.FieldError
	ArtForms       []vocab.Term
	Municipalities []vocab.Term
	// Refusal says why a sign-up was refused (closed, cancelled, begun).
	Refusal string
	JSONLD  map[string]any
}

// Error is the message of field key, if any.
func (v FormView) Error(key string) string {
	for _, e := range v.Errors {
		if e.Field == key {
			return e.Message
		}
	}
	return ""
}

func (h *Public) event(r *http.Request) (*Event, error) {
	sl := chi.URLParam(r, "slug")
	if !httpx.ValidSlug(sl) {
		return nil, httpx.NotFound("event %q", sl)
	}
	return h.store.BySlug(r.Context(), sl)
}

func (h *Public) formView(ctx context.Context, e *Event) (FormView, error) {
	v := FormView{Event: e, Now: h.now(), Values: map[string]string{}}
	var err error
	if v.ArtForms, err = vocab.ArtForms(ctx, h.store.pool); err != nil {
		return v, err
	}
	if v.Municipalities, err = vocab.Municipalities(ctx, h.store.pool); err != nil {
		return v, err
	}
	v.JSONLD = h.store.jsonLD(e, v.Now)
	return v, nil
}

// Show handles GET /evenemang/{slug}: the event and, while it takes
// sign-ups, the form with a fresh key (so the page is never cached).
func (h *Public) Show(w http.ResponseWriter, r *http.Request) error {
	e, err := h.event(r)
	if err != nil {
		return err
	}
	v, err := h.formView(r.Context(), e)
	if err != nil {
		return err
	}
	v.Key, _ = secret.New()
	httpx.Render(w, r, http.StatusOK, ui.Page{Title: e.Title, Nav: "evenemang"}, EventPage(v))
	return nil
}

// honeypotField is the sign-up form's field that only robots fill in.
const honeypotField = "webbplats"

// SignUp handles POST /evenemang/{slug}/anmal: the event comes from the
// address, never from the form, so a forged id or capacity does nothing.
// A double click lands where the first click went; invalid input shows the
// form again (422) with what was typed.
func (h *Public) SignUp(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	e, err := h.event(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(w, r, 64<<10)
	if err != nil {
		return err
	}
	v, err := h.formView(ctx, e)
	if err != nil {
		return err
	}
	val := v.Values
	val["namn"] = f.Get("namn", MaxName+1, false)
	val["epost"] = f.Get("epost", MaxEmail+1, false)
	val["organisation"] = f.Get("organisation", MaxOrganisation+1, false)
	val["roll"] = f.Get("roll", 40, false)
	val["konstform"] = f.Get("konstform", 20, false)
	val["kommun"] = f.Get("kommun", 20, false)
	val["behov"] = f.Get("behov", MaxNeeds+1, true)
	val["samtycke"] = f.Get("samtycke", 10, false)
	val["sida"] = f.Get("sida", 20, false)
	val["soker"] = f.Get("soker", MaxLookingFor+1, true)
	v.LookingForArt = f.Values["soker-konstform"]
	v.Key = f.Get("nyckel", 60, false)
	if secret.Hash(v.Key) == nil {
		// A form from before a restart, or a crafted post: a fresh key.
		v.Key, _ = secret.New()
	}
	// A second click of the button: the first one signed up already.
	if su, err := h.store.ByToken(ctx, v.Key); err == nil && su.EventID == e.ID {
		return httpx.SeeOther(w, r, manageLink(v.Key), "anmald")
	}
	if f.Get(honeypotField, 200, false) != "" {
		v.Errors = []ui.FieldError{{Field: "namn", Message: "Anmälan kunde inte skickas. Lämna fältet för webbplats tomt och försök igen."}}
		return h.renderForm(w, r, http.StatusUnprocessableEntity, v)
	}
	in := Input{EventID: e.ID, Name: val["namn"], Email: val["epost"], Organisation: val["organisation"],
		Role: val["roll"], Needs: val["behov"], PublicConsent: val["samtycke"] == "ja", Token: v.Key}
	if s := val["konstform"]; s != "" {
		id, ok := vocab.ID(s, v.ArtForms)
		f.Check(ok, "konstform", "Välj en konstform i listan.")
		if ok {
			in.ArtFormID = &id
		}
	}
	if s := val["kommun"]; s != "" {
		id, ok := vocab.ID(s, v.Municipalities)
		f.Check(ok, "kommun", "Välj en kommun i listan.")
		if ok {
			in.MunicipalityID = &id
		}
	}
	f.Check(val["samtycke"] == "" || val["samtycke"] == "ja", "samtycke", "Kryssa i rutan eller lämna den tom.")
	if e.Format == FormatSpeedDating {
		in.SpeedSide, in.LookingFor = val["sida"], val["soker"]
		ids := vocab.IDs(v.LookingForArt, v.ArtForms)
		f.Check(len(ids) == len(v.LookingForArt) && len(ids) <= len(v.ArtForms), "soker-konstform", "Välj konstformer i listan.")
		in.LookingForArt = ids
	}
	// The store's rules, so that the page and SignUp never disagree.
	for _, p := range in.Problems(e.Format) {
		f.Add(p.Field, p.Message)
	}
	if !f.Valid() {
		v.Errors = inFormOrder(f.Errors())
		return h.renderForm(w, r, http.StatusUnprocessableEntity, v)
	}
	_, err = h.store.SignUp(ctx, audit.FromRequest(r, audit.Entry{}), in)
	var inv ErrInvalid
	switch {
	case err == nil, errors.Is(err, ErrKeyUsed):
		return httpx.SeeOther(w, r, manageLink(v.Key), "anmald")
	case errors.Is(err, ErrAlreadySignedUp):
		v.Errors = []ui.FieldError{{Field: "epost", Message: "E-postadressen är redan anmäld till det här evenemanget. Du har fått ett e-postmeddelande med en länk till din anmälan; där kan du se och ändra den."}}
		return h.renderForm(w, r, http.StatusConflict, v)
	case errors.Is(err, ErrClosed):
		v.Refusal = "Anmälan stängde " + civil.DateTime(e.SignupClosesAt) + ". Din anmälan kunde inte tas emot."
		return h.renderForm(w, r, http.StatusConflict, v)
	case errors.Is(err, ErrEventCancelled):
		v.Refusal = "Evenemanget är inställt. Din anmälan kunde inte tas emot."
		return h.renderForm(w, r, http.StatusConflict, v)
	case errors.Is(err, ErrPast):
		v.Refusal = "Evenemanget har redan börjat. Din anmälan kunde inte tas emot."
		return h.renderForm(w, r, http.StatusConflict, v)
	case errors.As(err, &inv):
		v.Errors = []ui.FieldError{{Field: inv.Field, Message: inv.Msg}}
		return h.renderForm(w, r, http.StatusUnprocessableEntity, v)
	}
	return err
}

func (h *Public) renderForm(w http.ResponseWriter, r *http.Request, status int, v FormView) error {
	httpx.Render(w, r, status, ui.Page{Title: v.Event.Title, Nav: "evenemang"}, EventPage(v))
	return nil
}

// manageLink is the path of a sign-up's manage page.
func manageLink(token string) string { return "/evenemang/anmalan/" + token }

// ManageView is the model of a sign-up's manage page. Sections are the
// parts other packages add (AddManageSection).
type ManageView struct {
	Signup   *Signup
	Token    string
	Now      time.Time
	Action   string
	Sections []templ.Component
	Errors   []ui.FieldError
	Needs    string
}

// Changeable reports whether the sign-up may still be changed: live, and
// the event not begun.
func (v ManageView) Changeable() bool {
	return v.Signup.Live() && v.Now.Before(v.Signup.Event.StartsAt) && v.Signup.Event.Status == Published
}

// Offered reports whether an offer is open to answer.
func (v ManageView) Offered() bool {
	return v.Changeable() && v.Signup.State == Offered && v.Now.Before(*v.Signup.OfferExpiresAt)
}

// linkLife is how long after the event a manage link works.
const linkLife = 30 * 24 * time.Hour

func (h *Public) signup(w http.ResponseWriter, r *http.Request) (*Signup, string, bool, error) {
	token := chi.URLParam(r, "token")
	su, err := h.store.ByToken(r.Context(), token)
	if errors.Is(err, ErrNotFound) {
		return nil, "", false, httpx.NotFound("okänd anmälningslänk")
	}
	if err != nil {
		return nil, "", false, err
	}
	if !su.Event.EndsAt.Add(linkLife).After(h.now()) || su.Name == "" {
		httpx.Render(w, r, http.StatusGone, ui.Page{Title: "Länken har gått ut"}, GonePage())
		return nil, "", false, nil
	}
	return su, token, true, nil
}

// Manage handles GET /evenemang/anmalan/{token}: the sign-up behind the
// link. The e-mails' links add gora=avboka, tacka-ja or tacka-nej, which
// puts that one button first; a GET never changes anything.
func (h *Public) Manage(w http.ResponseWriter, r *http.Request) error {
	su, token, ok, err := h.signup(w, r)
	if !ok {
		return err
	}
	v := ManageView{Signup: su, Token: token, Now: h.now(), Needs: su.Needs}
	switch a := r.URL.Query().Get("gora"); a {
	case "avboka", "tacka-ja", "tacka-nej":
		v.Action = a
	}
	return h.renderManage(w, r, http.StatusOK, v)
}

func (h *Public) renderManage(w http.ResponseWriter, r *http.Request, status int, v ManageView) error {
	for _, s := range h.sections {
		c, err := s(r.Context(), v.Signup)
		if err != nil {
			return err
		}
		if c != nil {
			v.Sections = append(v.Sections, c)
		}
	}
	httpx.Render(w, r, status, ui.Page{Title: "Din anmälan", Nav: "evenemang", Flash: httpx.Flash(r, flashes)}, ManagePage(v))
	return nil
}

// Cancel handles POST /evenemang/anmalan/{token}/avboka.
func (h *Public) Cancel(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "avbokad", func(ctx context.Context, by audit.Entry, token string) error {
		return h.store.Cancel(ctx, by, token)
	})
}

// Accept handles POST /evenemang/anmalan/{token}/tacka-ja.
func (h *Public) Accept(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "ja", func(ctx context.Context, by audit.Entry, token string) error {
		return h.store.Accept(ctx, by, token)
	})
}

// Decline handles POST /evenemang/anmalan/{token}/tacka-nej.
func (h *Public) Decline(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "nej", func(ctx context.Context, by audit.Entry, token string) error {
		return h.store.Decline(ctx, by, token)
	})
}

// act runs one button of the manage page and goes back to it with what
// happened.
func (h *Public) act(w http.ResponseWriter, r *http.Request, done string, fn func(context.Context, audit.Entry, string) error) error {
	su, token, ok, err := h.signup(w, r)
	if !ok {
		return err
	}
	_ = su
	err = fn(r.Context(), audit.FromRequest(r, audit.Entry{}), token)
	switch {
	case err == nil:
		return httpx.SeeOther(w, r, manageLink(token), done)
	case errors.Is(err, ErrOfferExpired):
		return httpx.SeeOther(w, r, manageLink(token), "for-sent")
	case errors.Is(err, ErrNoOffer):
		return httpx.SeeOther(w, r, manageLink(token), "redan-ute")
	case errors.Is(err, ErrEventCancelled):
		return httpx.SeeOther(w, r, manageLink(token), "installt")
	case errors.Is(err, ErrNotLive), errors.Is(err, ErrPast):
		return httpx.SeeOther(w, r, manageLink(token), "oandrad")
	}
	return err
}

// Needs handles POST /evenemang/anmalan/{token}/behov: the needs change.
func (h *Public) Needs(w http.ResponseWriter, r *http.Request) error {
	su, token, ok, err := h.signup(w, r)
	if !ok {
		return err
	}
	f, err := httpx.ParseForm(w, r, 16<<10)
	if err != nil {
		return err
	}
	needs := f.Get("behov", MaxNeeds+1, true)
	err = h.store.ChangeNeeds(r.Context(), audit.FromRequest(r, audit.Entry{}), token, needs)
	var inv ErrInvalid
	switch {
	case err == nil:
		return httpx.SeeOther(w, r, manageLink(token), "sparad")
	case errors.As(err, &inv):
		v := ManageView{Signup: su, Token: token, Now: h.now(), Needs: needs,
			Errors: []ui.FieldError{{Field: inv.Field, Message: inv.Msg}}}
		return h.renderManage(w, r, http.StatusUnprocessableEntity, v)
	case errors.Is(err, ErrEventCancelled):
		return httpx.SeeOther(w, r, manageLink(token), "installt")
	case errors.Is(err, ErrNotLive), errors.Is(err, ErrPast):
		return httpx.SeeOther(w, r, manageLink(token), "oandrad")
	}
	return err
}

// feedEvent is e as a VEVENT of the feeds: its stable UID, SEQUENCE and
// status, the page's address.
func (s *Store) feedEvent(e *Event) ical.Event {
	loc := e.PlaceLabel()
	if e.Address != "" && e.Attendance != Online {
		loc += ", " + e.Address
	}
	desc := e.Summary
	if desc == "" {
		desc = ui.OptionLabel(Formats, e.Format)
	}
	ev := ical.Event{UID: s.calendarUID(e.ID), Sequence: e.Sequence, Start: e.StartsAt, End: e.EndsAt,
		Summary: e.Title, Description: desc, Location: loc, Status: ical.StatusConfirmed, Stamp: e.UpdatedAt}
	if strings.HasPrefix(s.base, "http") {
		ev.URL = s.eventURL(e.Slug)
	}
	if e.Status == Cancelled {
		ev.Status = ical.StatusCancelled
	}
	return ev
}

func writeCalendar(w http.ResponseWriter, name, file string, events []ical.Event) error {
	var b bytes.Buffer
	if err := ical.WriteFeed(&b, name, events); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+file+`"`)
	_, _ = w.Write(b.Bytes())
	return nil
}

// Feed handles GET /evenemang.ics: every upcoming public event, to
// subscribe to.
func (h *Public) Feed(w http.ResponseWriter, r *http.Request) error {
	events, err := h.store.Feed(r.Context(), h.now())
	if err != nil {
		return err
	}
	out := make([]ical.Event, len(events))
	for i := range events {
		out[i] = h.store.feedEvent(&events[i])
	}
	return writeCalendar(w, "Evenemang", "evenemang.ics", out)
}

// Calendar handles GET /evenemang/{slug}.ics: one event, to add to a
// calendar.
func (h *Public) Calendar(w http.ResponseWriter, r *http.Request) error {
	sl := strings.TrimSuffix(chi.URLParam(r, "slug"), ".ics")
	if !httpx.ValidSlug(sl) {
		return httpx.NotFound("event %q", sl)
	}
	e, err := h.store.BySlug(r.Context(), sl)
	if err != nil {
		return err
	}
	return writeCalendar(w, e.Title, e.Slug+".ics", []ical.Event{h.store.feedEvent(e)})
}

// jsonLD is the schema.org Event of e for search engines.
func (s *Store) jsonLD(e *Event, now time.Time) map[string]any {
	status := "https://schema.org/EventScheduled"
	if e.Status == Cancelled {
		status = "https://schema.org/EventCancelled"
	}
	mode := map[string]string{OnSite: "https://schema.org/OfflineEventAttendanceMode",
		Online: "https://schema.org/OnlineEventAttendanceMode", Mixed: "https://schema.org/MixedEventAttendanceMode"}[e.Attendance]
	place := map[string]any{"@type": "Place", "name": e.PlaceName, "address": e.Address}
	virtual := map[string]any{"@type": "VirtualLocation", "url": s.eventURL(e.Slug)}
	var location any
	switch e.Attendance {
	case Online:
		location = virtual
	case Mixed:
		location = []any{place, virtual}
	default:
		location = place
	}
	avail := "https://schema.org/InStock"
	switch {
	case e.Status == Cancelled || !e.Open(now):
		avail = "https://schema.org/SoldOut"
		if !now.Before(e.SignupClosesAt) {
			avail = "https://schema.org/Discontinued"
		}
	case e.Full():
		avail = "https://schema.org/SoldOut"
	case e.SeatsLeft() > 0 && e.SeatsLeft() <= 5:
		avail = "https://schema.org/LimitedAvailability"
	}
	organiser := e.Organiser
	if organiser == "" {
		organiser = "Residens"
	}
	org := map[string]any{"@type": "Organization", "name": organiser}
	if e.OrganiserActor != nil {
		org["url"] = s.base + "/kulturaktorer/" + e.OrganiserActor.Slug
	}
	d := map[string]any{
		"@context": "https://schema.org", "@type": "Event", "name": e.Title,
		"startDate":   e.StartsAt.In(civil.Stockholm).Format(time.RFC3339),
		"endDate":     e.EndsAt.In(civil.Stockholm).Format(time.RFC3339),
		"eventStatus": status, "eventAttendanceMode": mode, "location": location,
		"organizer": org, "url": s.eventURL(e.Slug),
		"offers": map[string]any{"@type": "Offer", "price": "0", "priceCurrency": "SEK", "availability": avail,
			"url": s.eventURL(e.Slug), "validThrough": e.SignupClosesAt.In(civil.Stockholm).Format(time.RFC3339)},
	}
	if e.Summary != "" {
		d["description"] = e.Summary
	}
	return d
}

// deadlineLabel is the sign-up deadline as the page says it.
func deadlineLabel(e *Event) string {
	return civil.Weekday(e.SignupClosesAt.In(civil.Stockholm)) + " " + civil.DateTime(e.SignupClosesAt)
}

// itoa is strconv.Itoa for the templates.
func itoa(n int) string { return strconv.Itoa(n) }

// seatedLabel says how many have a seat and how many of them the list names
// (only those who agreed to be named are).
func seatedLabel(seated, named int) string {
	people := func(n int) string {
		if n == 1 {
			return "1 deltagare"
		}
		return strconv.Itoa(n) + " deltagare"
	}
	switch {
	case named == 0:
		return people(seated) + " har plats. Ingen av dem har valt att visas här."
	case named == seated:
		return people(seated) + " har plats:"
	}
	return people(seated) + " har plats, varav " + strconv.Itoa(named) + " har valt att visas här:"
}

// signupFields are the sign-up form's fields in the order it shows them.
var signupFields = []string{"namn", "epost", "organisation", "roll", "konstform", "kommun", "behov", "samtycke",
	"sida", "soker", "soker-konstform", "nyckel"}

// inFormOrder sorts errs as the form's fields come, so the error summary
// lists them top to bottom whichever rule found them.
func inFormOrder(errs []ui.FieldError) []ui.FieldError {
	slices.SortStableFunc(errs, func(a, b ui.FieldError) int {
		return slices.Index(signupFields, a.Field) - slices.Index(signupFields, b.Field)
	})
	return errs
}
