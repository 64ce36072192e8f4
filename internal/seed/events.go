package seed

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
)

// DemoEvent is one demo event; days and clock times are relative to the
// seed's day in Stockholm, so the demo always has coming events.
type DemoEvent struct {
	Slug, Title, Format, Summary, Description string
	// Day is the start's day from today; Year, when set, is an absolute
	// year (next year's forum) with Month and DayOfMonth.
	Day                      int
	Year, DayOfMonth         int
	Month                    time.Month
	Start, End               [2]int
	Attendance               string
	Place, Address           string
	Municipality             string
	Wheelchair, HearingLoop  bool
	Transport                string
	OnlineURL                string
	Capacity                 *int
	ArtForms, Municipalities []string
	Organiser, Actor         string
	Status                   string
	CancelReason             string
	// Seated and Waiting are how many demo sign-ups hold a seat and wait;
	// Speed, for speed-dating, seats that many on each side instead.
	Seated, Waiting, Speed int
	Rounds, Minutes        int
	Programme              []DemoItem
}

// DemoItem is one part of a demo event's programme.
type DemoItem struct {
	Start, End     [2]int
	Title          string
	Speakers, Room string
}

func places(n int) *int { return &n }

// DemoEvents are the demo events: every format, several municipalities, a
// Kulturfrukost that is full with a waiting list, a speed-dating event with
// sixteen on each side, and next year's forum with its programme.
var DemoEvents = []DemoEvent{
	{Slug: "kulturfrukost-i-nacka", Title: "Kulturfrukost i Nacka: residens i skolan", Format: "kulturfrukost",
		Summary:     "Frukost och samtal om hur konstnärer och skolor kan arbeta tillsammans.",
		Description: "Vi bjuder på frukost och samtalar om **residens i skolan**: hur det går till, vad det kostar och vad eleverna får ut av det.\n\nSamtalet leds av en av regionens kulturkonsulenter.",
		Day:         7, Start: [2]int{7, 30}, End: [2]int{9, 0}, Attendance: "on_site", Place: "Nacka kulturhus",
		Address: "Nacka strand 10, Nacka", Municipality: "nacka", Wheelchair: true, HearingLoop: true,
		Transport: "Buss 443 till Nacka strand, två minuters promenad.", Capacity: places(12),
		ArtForms: []string{"bild-och-form", "teater"}, Organiser: "Region Stockholm, kultur", Seated: 12, Waiting: 4},
	{Slug: "speed-dejting-kultur-moter-kommun", Title: "Speed-dejting: kultur möter kommun", Format: "speed-dejting",
		Summary:     "Korta möten två och två mellan kulturaktörer och kommuner eller organisationer.",
		Description: "Varje möte är åtta minuter. Du får ett personligt schema med bordsnummer före träffen.",
		Day:         14, Start: [2]int{13, 0}, End: [2]int{16, 0}, Attendance: "on_site", Place: "Solna stadsbibliotek",
		Address: "Solna torg 17, Solna", Municipality: "solna", Wheelchair: true, Transport: "Tunnelbana till Solna centrum.",
		Capacity: places(40), ArtForms: []string{"dans", "musik", "film", "teater"}, Organiser: "Region Stockholm, kultur",
		Speed: 16, Rounds: 8, Minutes: 8},
	{Slug: "kulturforum", Title: "Kulturforum", Format: "forum",
		Summary:     "Det årliga kulturforumet för politiker, tjänstepersoner och kulturaktörer i länet.",
		Description: "En dag om kultursamverkan i länet, med samtal, seminarier och tid att träffas. Forumet sänds också digitalt.",
		Year:        1, Month: time.March, DayOfMonth: 18, Start: [2]int{9, 0}, End: [2]int{16, 30}, Attendance: "mixed",
		Place: "Kulturhuset Stadsteatern", Address: "Sergels torg, Stockholm", Municipality: "stockholm",
		Wheelchair: true, HearingLoop: true, Transport: "Tunnelbana till T-Centralen.",
		OnlineURL: "https://video.example.se/kulturforum", Capacity: places(300),
		Municipalities: []string{"stockholm", "solna", "nacka", "norrtalje", "sodertalje"}, Organiser: "Region Stockholm, kultur",
		Seated: 6,
		Programme: []DemoItem{
			{Start: [2]int{9, 0}, End: [2]int{9, 30}, Title: "Välkommen", Speakers: "Kulturnämndens ordförande", Room: "Stora scenen"},
			{Start: [2]int{9, 30}, End: [2]int{10, 30}, Title: "Kultur i hela länet", Speakers: "Panel med fyra kommuner", Room: "Stora scenen"},
			{Start: [2]int{10, 45}, End: [2]int{11, 45}, Title: "Residens som metod", Speakers: "Konstnärer och värdar", Room: "Hörsalen"},
			{Start: [2]int{10, 45}, End: [2]int{11, 45}, Title: "Finansiering av kulturprojekt", Speakers: "Kulturkonsulenterna", Room: "Studion"},
			{Start: [2]int{13, 0}, End: [2]int{14, 0}, Title: "Barn och unga i fokus", Speakers: "Skolor och kulturskolor", Room: "Hörsalen"},
			{Start: [2]int{14, 15}, End: [2]int{15, 15}, Title: "Samverkan över kommungränser", Speakers: "Tre kommuner berättar", Room: "Studion"},
			{Start: [2]int{15, 30}, End: [2]int{16, 30}, Title: "Avslutning och mingel", Room: "Foajén"},
		}},
	{Slug: "seminarium-residens-pa-landsbygden", Title: "Seminarium: residens på landsbygden", Format: "seminarium",
		Summary: "Ett digitalt seminarium om residens utanför städerna.", Day: 10, Start: [2]int{10, 0}, End: [2]int{11, 30},
		Attendance: "online", OnlineURL: "https://video.example.se/landsbygd", ArtForms: []string{"slojd", "textil"},
		Municipalities: []string{"norrtalje", "nykvarn", "ekero"}, Organiser: "Region Stockholm, kultur", Seated: 9},
	{Slug: "workshop-ansok-om-kulturstod", Title: "Workshop: ansök om kulturstöd", Format: "workshop",
		Summary: "Vi går igenom en ansökan steg för steg.", Day: 21, Start: [2]int{17, 0}, End: [2]int{19, 0},
		Attendance: "on_site", Place: "Södertälje stadsbibliotek", Address: "Stortorget 2, Södertälje",
		Municipality: "sodertalje", Wheelchair: true, Capacity: places(20), ArtForms: []string{"musik", "litteratur"},
		Organiser: "Region Stockholm, kultur", Seated: 5},
	{Slug: "kurs-dansfilm-for-nyborjare", Title: "Kurs: dansfilm för nybörjare", Format: "kurs",
		Summary: "Två dagar om att filma dans, med egen kamera eller mobil.", Day: 30, Start: [2]int{10, 0}, End: [2]int{16, 0},
		Attendance: "on_site", Place: "Norrtälje konsthall", Address: "Lillström, Norrtälje", Municipality: "norrtalje",
		Capacity: places(15), ArtForms: []string{"dans", "film"}, Organiser: "Ramverk dansfilm", Actor: "ramverk-dansfilm", Seated: 3},
	{Slug: "natverkstraff-slojd-och-textil", Title: "Nätverksträff för slöjd och textil", Format: "natverkstraff",
		Summary: "Träffa andra inom slöjd och textil i länet, på plats eller digitalt.", Day: 5, Start: [2]int{18, 0}, End: [2]int{20, 0},
		Attendance: "mixed", Place: "Ekerö kulturhus", Address: "Tappström, Ekerö", Municipality: "ekero", HearingLoop: true,
		OnlineURL: "https://video.example.se/slojd", Capacity: places(30), ArtForms: []string{"slojd", "textil"},
		Organiser: "Ateljé Näver och Ull", Actor: "atelje-naver-och-ull", Seated: 8},
	{Slug: "kulturfrukost-i-huddinge", Title: "Kulturfrukost i Huddinge: musik i äldreomsorgen", Format: "kulturfrukost",
		Summary: "Frukost och samtal om musik i äldreomsorgen.", Day: -20, Start: [2]int{7, 30}, End: [2]int{9, 0},
		Attendance: "on_site", Place: "Huddinge kulturhus", Address: "Sjödalstorget 1, Huddinge", Municipality: "huddinge",
		Wheelchair: true, Capacity: places(25), ArtForms: []string{"musik"}, Organiser: "Region Stockholm, kultur", Seated: 18},
	{Slug: "workshop-teater-i-botkyrka", Title: "Workshop: teater med unga i Botkyrka", Format: "workshop",
		Summary: "En workshop för den som vill arbeta med teater och unga.", Day: 12, Start: [2]int{15, 0}, End: [2]int{18, 0},
		Attendance: "on_site", Place: "Subtopia", Address: "Rotemannavägen 10, Alby", Municipality: "botkyrka",
		Capacity: places(18), ArtForms: []string{"teater"}, Organiser: "Region Stockholm, kultur", Status: "cancelled",
		CancelReason: "Workshoppen är inställd på grund av sjukdom. Vi återkommer med ett nytt datum.", Seated: 4},
}

var demoFirstNames = []string{"Anna", "Björn", "Cecilia", "David", "Elin", "Fredrik", "Greta", "Hassan", "Ida", "Johan",
	"Karin", "Leo", "Maja", "Nils", "Olivia", "Per", "Rasmus", "Sara", "Tove", "Ulf", "Vera", "William", "Yasmin", "Åsa"}
var demoLastNames = []string{"Andersson", "Berg", "Carlsson", "Dahl", "Ek", "Forsberg", "Gustafsson", "Holm", "Isaksson",
	"Jansson", "Karlsson", "Lind", "Lundqvist", "Nyberg", "Olsson", "Persson", "Sandberg", "Wallin"}

// demoCode is a registration code derived from key, so a second seeding
// gives the same.
func demoCode(key string) (code string, hash []byte) {
	const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
	h := sha256.Sum256([]byte("residens-demo-signup:" + key))
	b := make([]byte, 6)
	for i := range b {
		b[i] = alphabet[int(h[i])%len(alphabet)]
	}
	return string(b), h[:]
}

// upsertEvents writes the demo events and their sign-ups, replacing the
// demo sign-ups of each, with dates relative to today.
func upsertEvents(ctx context.Context, tx pgx.Tx, now time.Time) error {
	y, m, d := now.In(civil.Stockholm).Date()
	for _, e := range DemoEvents {
		day := time.Date(y, m, d+e.Day, 0, 0, 0, 0, civil.Stockholm)
		if e.Year != 0 {
			day = time.Date(y+e.Year, e.Month, e.DayOfMonth, 0, 0, 0, 0, civil.Stockholm)
		}
		at := func(hm [2]int) time.Time {
			return time.Date(day.Year(), day.Month(), day.Day(), hm[0], hm[1], 0, 0, civil.Stockholm)
		}
		starts, ends := at(e.Start), at(e.End)
		closes := starts.Add(-24 * time.Hour)
		slug := e.Slug
		if e.Year != 0 {
			slug = fmt.Sprintf("%s-%d", e.Slug, day.Year())
		}
		status := e.Status
		if status == "" {
			status = "published"
		}
		var cancelled *time.Time
		if status == "cancelled" {
			t := starts.AddDate(0, 0, -3)
			cancelled = &t
		}
		var rounds, minutes *int
		if e.Rounds > 0 {
			rounds, minutes = &e.Rounds, &e.Minutes
		}
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO events (slug, title, format, summary, description, starts_at, ends_at, signup_closes_at,
				attendance, place_name, address, municipality_id, wheelchair_access, hearing_loop, public_transport,
				online_url, capacity, organiser, organiser_actor_id, contact_name, contact_email, status, cancel_reason,
				speed_rounds, speed_minutes, published_at, cancelled_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, (SELECT id FROM municipalities WHERE slug = nullif($12, '')),
				$13, $14, $15, $16, $17, $18, (SELECT id FROM cultural_actors WHERE slug = nullif($19, '')),
				'Kulturkonsulenterna', 'kultur@region.example.se', $20, $21, $22, $23, $24, $25)
			ON CONFLICT (slug) DO UPDATE SET title = excluded.title, format = excluded.format, summary = excluded.summary,
				description = excluded.description, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
				signup_closes_at = excluded.signup_closes_at, attendance = excluded.attendance,
				place_name = excluded.place_name, address = excluded.address, municipality_id = excluded.municipality_id,
				wheelchair_access = excluded.wheelchair_access, hearing_loop = excluded.hearing_loop,
				public_transport = excluded.public_transport, online_url = excluded.online_url,
				capacity = NULL, seats_taken = 0, organiser = excluded.organiser,
				organiser_actor_id = excluded.organiser_actor_id, status = excluded.status,
				cancel_reason = excluded.cancel_reason, speed_rounds = excluded.speed_rounds,
				speed_minutes = excluded.speed_minutes, cancelled_at = excluded.cancelled_at
			RETURNING id`,
			slug, e.Title, e.Format, e.Summary, e.Description, starts, ends, closes, e.Attendance, e.Place, e.Address,
			e.Municipality, e.Wheelchair, e.HearingLoop, e.Transport, e.OnlineURL, e.Capacity, e.Organiser, e.Actor,
			status, e.CancelReason, rounds, minutes, starts.AddDate(0, -1, 0), cancelled).Scan(&id); err != nil {
			return fmt.Errorf("seed: event %s: %w", slug, err)
		}
		if err := linkSlugs(ctx, tx, "event_art_forms", "event_id", id, "art_form_id", "art_forms", e.ArtForms); err != nil {
			return err
		}
		if err := linkSlugs(ctx, tx, "event_municipalities", "event_id", id, "municipality_id", "municipalities", e.Municipalities); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM event_programme_items WHERE event_id = $1`, id); err != nil {
			return fmt.Errorf("seed: programme of %s: %w", slug, err)
		}
		for _, it := range e.Programme {
			if _, err := tx.Exec(ctx, `INSERT INTO event_programme_items (event_id, starts_at, ends_at, title, speakers, room)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, at(it.Start), at(it.End), it.Title, it.Speakers, it.Room); err != nil {
				return fmt.Errorf("seed: programme of %s: %w", slug, err)
			}
		}
		if err := demoSignups(ctx, tx, id, slug, e, now); err != nil {
			return err
		}
	}
	return nil
}

// demoSignups replaces the sign-ups of demo event id: e.Seated seated (or
// e.Speed on each side of a speed-dating event) and e.Waiting in line.
func demoSignups(ctx context.Context, tx pgx.Tx, id int64, slug string, e DemoEvent, now time.Time) error {
	if _, err := tx.Exec(ctx, `DELETE FROM event_signups WHERE event_id = $1`, id); err != nil {
		return fmt.Errorf("seed: sign-ups of %s: %w", slug, err)
	}
	type person struct {
		side    string
		waiting bool
	}
	var people []person
	if e.Speed > 0 {
		for i := range 2 * e.Speed {
			side := "actor"
			if i%2 == 1 {
				side = "host"
			}
			people = append(people, person{side: side})
		}
	} else {
		for range e.Seated {
			people = append(people, person{})
		}
	}
	for range e.Waiting {
		people = append(people, person{waiting: true})
	}
	seated, line := 0, 0
	for i, p := range people {
		first := demoFirstNames[(i+len(slug))%len(demoFirstNames)]
		last := demoLastNames[(i*7+len(slug))%len(demoLastNames)]
		name := first + " " + last
		email := fmt.Sprintf("deltagare%02d.%s@example.se", i+1, slug)
		code, hash := demoCode(fmt.Sprintf("%s:%d", slug, i))
		role, org := "kulturaktor", ""
		var side *string
		looking := ""
		if p.side != "" {
			side = &p.side
			if p.side == "host" {
				role, org = "kommun", "Kulturförvaltningen"
				looking = "Vi söker konstnärer till ett residens i skolan."
			} else {
				looking = "Jag söker en kommun att arbeta med under ett år."
			}
		}
		state, lineNo := "seated", (*int)(nil)
		if p.waiting {
			line++
			n := line
			state, lineNo = "waiting", &n
		} else {
			seated++
		}
		var sid int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO event_signups (event_id, state, name, email, organisation, role, public_consent, speed_side,
				looking_for, code, manage_token_hash, line_no, seated_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
				CASE WHEN $2 = 'seated' THEN $13::timestamptz END, $13, $13) RETURNING id`,
			id, state, name, email, org, role, i%3 == 0, side, looking, code, hash, lineNo,
			now.AddDate(0, 0, -10+i%7)).Scan(&sid); err != nil {
			return fmt.Errorf("seed: sign-up %d of %s: %w", i, slug, err)
		}
		if len(e.ArtForms) > 0 && p.side != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO event_signup_art_forms (signup_id, art_form_id)
				SELECT $1, id FROM art_forms WHERE slug = $2`, sid, e.ArtForms[i%len(e.ArtForms)]); err != nil {
				return fmt.Errorf("seed: sign-up %d of %s: %w", i, slug, err)
			}
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE events SET capacity = $2, seats_taken = $3, next_line_no = $4 WHERE id = $1`,
		id, e.Capacity, seated, line+1); err != nil {
		return fmt.Errorf("seed: seats of %s: %w", slug, err)
	}
	return nil
}
