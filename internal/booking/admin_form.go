package booking

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"residens/internal/httpx"
)

// Field names of the availability form.
const (
	fTitle       = "titel"
	fText        = "text"
	fArtForm     = "konstform"
	fTopic       = "fraga"
	fMuni        = "kommun"
	fAllMuni     = "alla-kommuner"
	fMinutes     = "motets-langd"
	fBuffer      = "paus"
	fNotice      = "framforhallning"
	fHorizon     = "veckor"
	fActive      = "aktiv"
	fExCount     = "undantag-antal"
	fNewDay      = "nytt-datum"
	fNewKind     = "nytt-slag"
	fNewStart    = "nytt-start"
	fNewEnd      = "nytt-slut"
	fPhoto       = "foto"
	fRemovePhoto = "ta-bort-foto"
	// The booking page shows several forms at once (decline and cancel
	// side by side): each field has a name of its own, "<action>-<field>",
	// which the UI kit also makes its id, so the ids and the errors' keys
	// are unique on the page.
	fDeclineReason = "avboj-skal"
	fCancelReason  = "avboka-skal"
	fNote          = "anteckning"
	fOutcome       = "genomford-utfall"
	fOutTopic      = "genomford-amne"
	maxTitle       = 200
	maxText        = 4000
	maxReason      = 2000
	maxNote        = 4000
	periodsDay     = 2
)

// hourField names a start ("start") or end ("slut") input of period p
// (1 or 2) on ISO weekday d.
func hourField(d, p int, end string) string { return fmt.Sprintf("dag-%d-%d-%s", d, p, end) }

func exField(i int, part string) string { return fmt.Sprintf("undantag-%d-%s", i, part) }

// Weekdays are the ISO weekdays with their Swedish names.
var Weekdays = []string{"", "Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag"}

// ExRow is one exception as the form shows and sends it.
type ExRow struct {
	Day, Kind, Start, End string
	Remove                bool
}

// Values is the availability form as typed, so that a 422 keeps it whole.
type Values struct {
	Title, Text                      string
	ArtForms, Municipalities         map[int64]bool
	Topics                           map[Topic]bool
	AllMunicipalities, Active        bool
	Minutes, Buffer, Notice, Horizon string
	// Hours[d][p] is start and end of period p on weekday d (1–7).
	Hours                             [8][periodsDay][2]string
	Exceptions                        []ExRow
	NewDay, NewKind, NewStart, NewEnd string
	// PhotoID is the saved photo (0: none), shown beside the file field;
	// RemovePhoto is the box that drops it.
	PhotoID     int64
	RemovePhoto bool
}

// clockText writes c the way the inputs take it: "09:00".
func clockText(c Clock) string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// valuesOf fills the form from saved availability.
func valuesOf(a Availability) Values {
	p := a.Profile
	v := Values{Title: p.Title, Text: p.Text, AllMunicipalities: p.AllMunicipalities, Active: p.Active,
		Minutes: strconv.Itoa(p.MeetingMinutes), Buffer: strconv.Itoa(p.BufferMinutes),
		Notice: strconv.Itoa(p.MinNoticeDays), Horizon: strconv.Itoa(p.HorizonWeeks),
		ArtForms: map[int64]bool{}, Municipalities: map[int64]bool{}, Topics: map[Topic]bool{}, NewKind: string(Closed)}
	if p.PhotoID != nil {
		v.PhotoID = *p.PhotoID
	}
	for _, id := range p.ArtFormIDs {
		v.ArtForms[id] = true
	}
	for _, id := range p.MunicipalityIDs {
		v.Municipalities[id] = true
	}
	for _, t := range p.Topics {
		v.Topics[t] = true
	}
	used := [8]int{}
	for _, h := range a.Hours {
		if h.Weekday < 1 || h.Weekday > 7 || used[h.Weekday] >= periodsDay {
			continue
		}
		v.Hours[h.Weekday][used[h.Weekday]] = [2]string{clockText(h.Starts), clockText(h.Ends)}
		used[h.Weekday]++
	}
	for _, e := range a.Exceptions {
		row := ExRow{Day: e.Day.Format(time.DateOnly), Kind: string(e.Kind)}
		if e.Kind == Extra {
			row.Start, row.End = clockText(e.Starts), clockText(e.Ends)
		}
		v.Exceptions = append(v.Exceptions, row)
	}
	return v
}

// parseClock reads "HH:MM" (or "HH.MM"); 24:00 is midnight at the end of the day.
func parseClock(s string) (Clock, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ".", ":")
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return At(hh, mm), true
}

func ids(vals []string) map[int64]bool {
	out := map[int64]bool{}
	for _, s := range vals {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			out[id] = true
		}
	}
	return out
}

// readValues reads the form as typed.
func readValues(f *httpx.Form) Values {
	v := Values{Title: f.Get(fTitle, maxTitle, false), Text: f.Get(fText, maxText, true),
		ArtForms: ids(f.Values[fArtForm]), Municipalities: ids(f.Values[fMuni]), Topics: map[Topic]bool{},
		AllMunicipalities: f.Values.Get(fAllMuni) != "", Active: f.Values.Get(fActive) != "",
		Minutes: f.Get(fMinutes, 10, false), Buffer: f.Get(fBuffer, 10, false),
		Notice: f.Get(fNotice, 10, false), Horizon: f.Get(fHorizon, 10, false),
		NewDay: f.Get(fNewDay, 20, false), NewKind: f.Get(fNewKind, 10, false),
		NewStart: f.Get(fNewStart, 10, false), NewEnd: f.Get(fNewEnd, 10, false),
		RemovePhoto: f.Values.Get(fRemovePhoto) != ""}
	for _, t := range f.Values[fTopic] {
		v.Topics[Topic(t)] = true
	}
	for d := 1; d <= 7; d++ {
		for p := 0; p < periodsDay; p++ {
			v.Hours[d][p] = [2]string{f.Get(hourField(d, p+1, "start"), 10, false), f.Get(hourField(d, p+1, "slut"), 10, false)}
		}
	}
	n, _ := strconv.Atoi(f.Values.Get(fExCount))
	for i := 0; i < min(n, 500); i++ {
		v.Exceptions = append(v.Exceptions, ExRow{Day: f.Get(exField(i, "datum"), 20, false),
			Kind: f.Get(exField(i, "slag"), 10, false), Start: f.Get(exField(i, "start"), 10, false),
			End: f.Get(exField(i, "slut"), 10, false), Remove: f.Values.Get(exField(i, "ta-bort")) != ""})
	}
	return v
}

func number(f *httpx.Form, s, key, msg string, lo, hi int) int {
	n, err := strconv.Atoi(s)
	f.Check(err == nil && n >= lo && n <= hi, key, msg)
	return n
}

// availability checks v field by field against the known art forms and
// municipalities and builds what SaveAvailability writes.
func availability(f *httpx.Form, v Values, userID int64, artForms, munis map[int64]bool) Availability {
	p := Profile{UserID: userID, Title: v.Title, Text: v.Text, AllMunicipalities: v.AllMunicipalities, Active: v.Active}
	p.MeetingMinutes = number(f, v.Minutes, fMinutes, "Ange mötets längd i minuter, 15–180.", 15, 180)
	p.BufferMinutes = number(f, v.Buffer, fBuffer, "Ange pausen mellan möten i minuter, 0–120.", 0, 120)
	p.MinNoticeDays = number(f, v.Notice, fNotice, "Ange framförhållningen i arbetsdagar, 0–30.", 0, 30)
	p.HorizonWeeks = number(f, v.Horizon, fHorizon, "Ange hur många veckor framåt man kan boka, 1–26.", 1, 26)
	for id := range v.ArtForms {
		f.Check(artForms[id], fArtForm, "Välj konstformer i listan.")
		p.ArtFormIDs = append(p.ArtFormIDs, id)
	}
	for id := range v.Municipalities {
		f.Check(munis[id], fMuni, "Välj kommuner i listan.")
		p.MunicipalityIDs = append(p.MunicipalityIDs, id)
	}
	for _, t := range Topics() {
		if v.Topics[t] {
			p.Topics = append(p.Topics, t)
		}
	}
	for t := range v.Topics {
		f.Check(t.Valid(), fTopic, "Välj frågor i listan.")
	}
	a := Availability{Profile: p}
	for d := 1; d <= 7; d++ {
		for i := 0; i < periodsDay; i++ {
			st, en := v.Hours[d][i][0], v.Hours[d][i][1]
			if st == "" && en == "" {
				continue
			}
			key := hourField(d, i+1, "start")
			s, ok1 := parseClock(st)
			e, ok2 := parseClock(en)
			switch {
			case !ok1 || !ok2:
				f.Add(key, Weekdays[d]+": skriv tiderna som TT:MM, till exempel 09:00 och 12:00.")
			case e <= s:
				f.Add(key, Weekdays[d]+": sluttiden ska vara efter starttiden.")
			default:
				a.Hours = append(a.Hours, Hours{Weekday: d, Starts: s, Ends: e})
			}
		}
		if len(a.Hours) >= 2 {
			last, prev := a.Hours[len(a.Hours)-1], a.Hours[len(a.Hours)-2]
			if last.Weekday == d && prev.Weekday == d && last.Starts < prev.Ends && prev.Starts < last.Ends {
				f.Add(hourField(d, 2, "start"), Weekdays[d]+": tiderna får inte överlappa.")
			}
		}
	}
	rows := v.Exceptions
	if v.NewDay != "" || v.NewStart != "" || v.NewEnd != "" {
		rows = append(rows, ExRow{Day: v.NewDay, Kind: v.NewKind, Start: v.NewStart, End: v.NewEnd})
	}
	seen := map[string]bool{}
	for i, r := range rows {
		if r.Remove {
			continue
		}
		key := fNewDay
		if i < len(v.Exceptions) {
			key = exField(i, "datum")
		}
		day, err := time.Parse(time.DateOnly, r.Day)
		if err != nil {
			f.Add(key, "Skriv datumet för undantaget som ÅÅÅÅ-MM-DD.")
			continue
		}
		e := Exception{Day: day, Kind: ExceptionKind(r.Kind)}
		switch e.Kind {
		case Closed:
			if seen[r.Day] {
				f.Add(key, "Dagen "+r.Day+" är redan stängd.")
				continue
			}
			seen[r.Day] = true
		case Extra:
			s, ok1 := parseClock(r.Start)
			en, ok2 := parseClock(r.End)
			if !ok1 || !ok2 || en <= s {
				f.Add(key, "Den extra tiden "+r.Day+" behöver start och slut (TT:MM), och slutet ska vara efter starten.")
				continue
			}
			if seen[r.Day+r.Start] {
				f.Add(key, "Den extra tiden "+r.Day+" finns redan.")
				continue
			}
			seen[r.Day+r.Start] = true
			e.Starts, e.Ends = s, en
		default:
			f.Add(key, "Välj om dagen är stängd eller har en extra tid.")
			continue
		}
		a.Exceptions = append(a.Exceptions, e)
	}
	if f.Valid() {
		if msg := a.Validate(); msg != "" {
			f.Add(fMinutes, msg)
		}
	}
	return a
}

// query keeps the admin's filter values in inbox links.
func query(state, consultant string) url.Values {
	q := url.Values{}
	if state != "" {
		q.Set("tillstand", state)
	}
	if consultant != "" {
		q.Set("konsulent", consultant)
	}
	return q
}
