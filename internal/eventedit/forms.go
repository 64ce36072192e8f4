package eventedit

import (
	"strconv"
	"strings"
	"time"

	"residens/internal/civil"
	"residens/internal/event"
	"residens/internal/httpx"
	"residens/internal/mail"
	"residens/internal/vocab"
	"residens/web/ui"
)

// The fields of the event form; each is also its input's id.
const (
	fTitle          = "titel"
	fFormat         = "format"
	fSummary        = "sammanfattning"
	fDescription    = "beskrivning"
	fStartDate      = "startdatum"
	fStartTime      = "starttid"
	fEndDate        = "slutdatum"
	fEndTime        = "sluttid"
	fCloseDate      = "sista-datum"
	fCloseTime      = "sista-tid"
	fAttendance     = "deltagande"
	fPlace          = "plats"
	fAddress        = "adress"
	fMunicipality   = "kommun"
	fWheelchair     = "rullstol"
	fHearingLoop    = "horslinga"
	fTransport      = "kollektivtrafik"
	fAccessNotes    = "tillganglighet"
	fOnlineURL      = "lank"
	fCapacity       = "platser"
	fArtForms       = "konstform"
	fMunicipalities = "malkommun"
	fOrganiser      = "arrangor"
	fOrganiserActor = "arrangor-aktor"
	fContactName    = "kontakt-namn"
	fContactEmail   = "kontakt-epost"
	fContactPhone   = "kontakt-telefon"
	fRounds         = "omgangar"
	fMinutes        = "minuter"
)

// Limits of the fields, in characters, as the schema has them.
const (
	maxTitle       = 200
	maxSummary     = 500
	maxDescription = 20000
	maxPlace       = 200
	maxAddress     = 300
	maxTransport   = 500
	maxNotes       = 1000
	maxURL         = 500
	maxEmail       = 254
	maxPhone       = 40
	maxFormBytes   = 128 << 10
)

// eventForm is the event form as typed, so a refused form comes back as
// it was sent.
type eventForm struct {
	Title, Format, Summary, Description    string
	StartDate, StartTime, EndDate, EndTime string
	CloseDate, CloseTime                   string
	Attendance, Place, Address             string
	Municipality                           string
	Wheelchair, HearingLoop                bool
	Transport, AccessNotes, OnlineURL      string
	Capacity                               string
	ArtForms, Municipalities               []string
	Organiser, OrganiserActor              string
	ContactName, ContactEmail, ContactPhon string
	Rounds, Minutes                        string
}

func clock(t time.Time) string { return t.In(civil.Stockholm).Format("15:04") }
func day(t time.Time) string   { return t.In(civil.Stockholm).Format(time.DateOnly) }

func idText(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// formOf fills the form from a stored event.
func formOf(e *Event) eventForm {
	return eventForm{Title: e.Title, Format: e.Format, Summary: e.Summary, Description: e.Description,
		StartDate: day(e.StartsAt), StartTime: clock(e.StartsAt), EndDate: day(e.EndsAt), EndTime: clock(e.EndsAt),
		CloseDate: day(e.SignupClosesAt), CloseTime: clock(e.SignupClosesAt),
		Attendance: e.Attendance, Place: e.PlaceName, Address: e.Address, Municipality: idText(e.MunicipalityID),
		Wheelchair: e.Wheelchair, HearingLoop: e.HearingLoop, Transport: e.PublicTransport, AccessNotes: e.AccessNotes,
		OnlineURL: e.OnlineURL, Capacity: intText(e.Capacity),
		ArtForms: vocab.ChosenIDs(e.ArtForms...), Municipalities: vocab.ChosenIDs(e.Municipalities...),
		Organiser: e.Organiser, OrganiserActor: idText(e.OrganiserActorID),
		ContactName: e.ContactName, ContactEmail: e.ContactEmail, ContactPhon: e.ContactPhone,
		Rounds: intText(e.SpeedRounds), Minutes: intText(e.SpeedMinutes)}
}

// parseClock reads a time of day typed as 9:30, 09:30 or 09.30.
func parseClock(s string) (h, m int, ok bool) {
	hs, ms, found := strings.Cut(strings.ReplaceAll(s, ".", ":"), ":")
	if !found {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	return h, m, err1 == nil && err2 == nil && len(ms) == 2 && h >= 0 && h < 24 && m >= 0 && m < 60
}

// instant reads a date and a time field into an instant in Stockholm.
func instant(f *httpx.Form, dateKey, timeKey, what string) (string, string, *time.Time) {
	ds, ts := f.Get(dateKey, 10, false), f.Get(timeKey, 5, false)
	d, err := time.Parse(time.DateOnly, ds)
	if err != nil {
		f.Add(dateKey, "Ange datum för "+what+" som ÅÅÅÅ-MM-DD, till exempel 2027-03-04.")
	}
	h, m, ok := parseClock(ts)
	if !ok {
		f.Add(timeKey, "Ange klockslag för "+what+" som TT:MM, till exempel 08:30.")
	}
	if err != nil || !ok {
		return ds, ts, nil
	}
	t := At(d, h, m)
	return ds, ts, &t
}

// smallInt reads an optional whole number within lo..hi.
func smallInt(f *httpx.Form, key string, lo, hi int, msg string) (string, *int) {
	s := strings.TrimSpace(f.Get(key, 10, false))
	if s == "" {
		return s, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		f.Add(key, msg)
		return s, nil
	}
	return s, &n
}

// allKnown reports whether every one of ss is the id of one of terms.
func allKnown(ss []string, terms []vocab.Term) bool {
	for _, v := range ss {
		if _, ok := vocab.ID(v, terms); !ok {
			return false
		}
	}
	return true
}

// parseEvent reads and checks the event form, recording errors on f.
func parseEvent(f *httpx.Form, artForms, munis []vocab.Term, actors []Actor) (eventForm, Event) {
	var in eventForm
	var e Event
	in.Title = f.Get(fTitle, maxTitle, false)
	f.Check(in.Title != "", fTitle, "Skriv evenemangets titel.")
	in.Format = f.Get(fFormat, 30, false)
	f.Check(ui.HasOption(event.Formats, in.Format), fFormat, "Välj format.")
	in.Summary = f.Get(fSummary, maxSummary, true)
	in.Description = f.Get(fDescription, maxDescription, true)
	var start, end, closes *time.Time
	in.StartDate, in.StartTime, start = instant(f, fStartDate, fStartTime, "start")
	in.EndDate, in.EndTime, end = instant(f, fEndDate, fEndTime, "slut")
	in.CloseDate, in.CloseTime, closes = instant(f, fCloseDate, fCloseTime, "sista anmälningsdag")
	if start != nil && end != nil && !end.After(*start) {
		f.Add(fEndTime, "Slutet måste vara efter starten.")
	}
	if closes != nil && end != nil && closes.After(*end) {
		f.Add(fCloseDate, "Anmälan måste stänga senast när evenemanget slutar.")
	}
	if start != nil && end != nil && closes != nil {
		e.StartsAt, e.EndsAt, e.SignupClosesAt = *start, *end, *closes
	}
	in.Attendance = f.Get(fAttendance, 20, false)
	f.Check(ui.HasOption(event.Attendances, in.Attendance), fAttendance, "Välj hur man deltar.")
	in.Place = f.Get(fPlace, maxPlace, false)
	in.Address = f.Get(fAddress, maxAddress, true)
	in.Municipality = f.Get(fMunicipality, 20, false)
	if in.Municipality != "" {
		id, ok := vocab.ID(in.Municipality, munis)
		f.Check(ok, fMunicipality, "Välj en kommun i listan.")
		if ok {
			e.MunicipalityID = &id
		}
	}
	if in.Attendance != event.Online {
		f.Check(in.Place != "", fPlace, "Skriv var evenemanget hålls, eller välj Digitalt.")
	}
	in.Wheelchair = f.Values.Get(fWheelchair) != ""
	in.HearingLoop = f.Values.Get(fHearingLoop) != ""
	in.Transport = f.Get(fTransport, maxTransport, true)
	in.AccessNotes = f.Get(fAccessNotes, maxNotes, true)
	in.OnlineURL = f.Get(fOnlineURL, maxURL, false)
	f.Check(in.OnlineURL == "" || httpx.WebAddress(in.OnlineURL), fOnlineURL, "Ange en webbadress som börjar med https:// eller http://.")
	if in.Attendance == event.Online || in.Attendance == event.Mixed {
		f.Check(in.OnlineURL != "", fOnlineURL, "Ange länken till det digitala mötet.")
	}
	in.Capacity, e.Capacity = smallInt(f, fCapacity, 1, 10000, "Ange antal platser som ett heltal mellan 1 och 10 000, eller lämna tomt för obegränsat.")
	e.ArtForms = vocab.IDs(f.Values[fArtForms], artForms)
	e.Municipalities = vocab.IDs(f.Values[fMunicipalities], munis)
	// vocab.IDs drops what it does not know; a forged or stale id is
	// refused instead, as the public sign-up form does.
	f.Check(allKnown(f.Values[fArtForms], artForms), fArtForms, "Välj konstformer i listan.")
	f.Check(allKnown(f.Values[fMunicipalities], munis), fMunicipalities, "Välj kommuner i listan.")
	in.ArtForms, in.Municipalities = vocab.ChosenIDs(e.ArtForms...), vocab.ChosenIDs(e.Municipalities...)
	in.Organiser = f.Get(fOrganiser, maxTitle, false)
	in.OrganiserActor = f.Get(fOrganiserActor, 20, false)
	if in.OrganiserActor != "" {
		id, err := strconv.ParseInt(in.OrganiserActor, 10, 64)
		found := false
		for _, a := range actors {
			found = found || err == nil && a.ID == id
		}
		f.Check(found, fOrganiserActor, "Välj en kulturaktör i listan, eller ingen.")
		if found {
			e.OrganiserActorID = &id
		}
	}
	in.ContactName = f.Get(fContactName, maxTitle, false)
	in.ContactEmail = f.Get(fContactEmail, maxEmail, false)
	f.Check(in.ContactEmail == "" || mail.ValidAddress(in.ContactEmail), fContactEmail, "Ange en e-postadress som namn@exempel.se.")
	in.ContactPhon = f.Get(fContactPhone, maxPhone, false)
	in.Rounds, e.SpeedRounds = smallInt(f, fRounds, 1, 30, "Ange antal omgångar, 1–30.")
	in.Minutes, e.SpeedMinutes = smallInt(f, fMinutes, 2, 60, "Ange minuter per omgång, 2–60.")
	if in.Format == event.FormatSpeedDating {
		f.Check(in.Rounds != "", fRounds, "Ange antal omgångar för speed-dejtingen.")
		f.Check(in.Minutes != "", fMinutes, "Ange hur många minuter varje omgång är.")
	}
	e.Title, e.Format, e.Summary, e.Description = in.Title, in.Format, in.Summary, in.Description
	e.Attendance, e.PlaceName, e.Address = in.Attendance, in.Place, in.Address
	e.Wheelchair, e.HearingLoop, e.PublicTransport, e.AccessNotes, e.OnlineURL = in.Wheelchair, in.HearingLoop, in.Transport, in.AccessNotes, in.OnlineURL
	e.Organiser, e.ContactName, e.ContactEmail, e.ContactPhone = in.Organiser, in.ContactName, in.ContactEmail, in.ContactPhon
	return in, e
}

// The fields of the programme item form.
const (
	fItemDate     = "punkt-datum"
	fItemStart    = "punkt-start"
	fItemEnd      = "punkt-slut"
	fItemTitle    = "punkt-titel"
	fItemSpeakers = "punkt-talare"
	fItemRoom     = "punkt-lokal"
)

// itemForm is the programme item form as typed.
type itemForm struct {
	Date, Start, End, Title, Speakers, Room string
}

func itemFormOf(it Item) itemForm {
	f := itemForm{Date: day(it.StartsAt), Start: clock(it.StartsAt), Title: it.Title, Speakers: it.Speakers, Room: it.Room}
	if it.EndsAt != nil {
		f.End = clock(*it.EndsAt)
	}
	return f
}

// parseItem reads and checks a programme item.
func parseItem(f *httpx.Form) (itemForm, Item) {
	var in itemForm
	var it Item
	var start *time.Time
	in.Date, in.Start, start = instant(f, fItemDate, fItemStart, "programpunkten")
	in.End = f.Get(fItemEnd, 5, false)
	if start != nil {
		it.StartsAt = *start
		if in.End != "" {
			h, m, ok := parseClock(in.End)
			f.Check(ok, fItemEnd, "Ange sluttiden som TT:MM, till exempel 10:15, eller lämna tomt.")
			if ok {
				end := At(civil.Today(*start), h, m)
				f.Check(end.After(*start), fItemEnd, "Sluttiden måste vara efter starttiden.")
				it.EndsAt = &end
			}
		}
	}
	in.Title = f.Get(fItemTitle, maxTitle, false)
	f.Check(in.Title != "", fItemTitle, "Skriv programpunktens titel.")
	in.Speakers = f.Get(fItemSpeakers, 500, false)
	in.Room = f.Get(fItemRoom, 100, false)
	it.Title, it.Speakers, it.Room = in.Title, in.Speakers, in.Room
	return in, it
}
