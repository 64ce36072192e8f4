package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// DemoPerson is an account of the demo: a consultant, a municipality
// officer, an artist or a jury member. The addresses are under example.se
// subdomains, so no demo e-mail reaches a real mailbox and a real account is
// never mistaken for a demo one. Demo people have no password: they exist
// so that the demo's cases have someone behind them; `seed --demo
// --accounts` gives one per role a known password.
type DemoPerson struct {
	Email, Name string
	Role        string // consultant, municipality, artist, juror, admin
	// Municipality is the officer's municipality slug ("" for other roles).
	Municipality string
}

// DemoConsultant is a demo consultant with the profile and weekly opening
// hours that make the public booking journey offer free times at once.
type DemoConsultant struct {
	DemoPerson
	Title, Text    string
	MeetingMinutes int
	BufferMinutes  int
	ArtForms       []string // art form slugs
	Municipalities []string // municipality slugs; none with All
	All            bool     // advises every municipality
	Topics         []string // booking topics (consultant_topics)
	Hours          []DemoHours
}

// DemoHours are a weekday's opening hours (ISO weekday, 1 = Monday; clock
// times in Europe/Stockholm).
type DemoHours struct {
	Weekday      int
	Starts, Ends string // "09:00"
}

// weekdays opens the same hours on each of days.
func weekdays(starts, ends string, days ...int) []DemoHours {
	out := make([]DemoHours, len(days))
	for i, d := range days {
		out[i] = DemoHours{Weekday: d, Starts: starts, Ends: ends}
	}
	return out
}

// The demo consultants share the county between them so that every art form
// in every municipality has a consultant: one advises on dance and circus
// everywhere, two on the other art forms, each in half of the county.
var (
	allTopics           = []string{"ansokan", "projektide", "samarbete", "finansiering", "avtal", "ovrigt"}
	otherArtForms       = []string{"musik", "film", "teater", "litteratur", "slojd", "textil", "bild-och-form"}
	northMunicipalities = []string{"danderyd", "jarfalla", "lidingo", "norrtalje", "osteraker", "sigtuna", "sollentuna",
		"solna", "sundbyberg", "taby", "upplands-bro", "upplands-vasby", "vallentuna", "vaxholm"}
	southMunicipalities = []string{"botkyrka", "ekero", "haninge", "huddinge", "nacka", "nykvarn", "nynashamn", "salem",
		"stockholm", "sodertalje", "tyreso", "varmdo"}
)

// DemoConsultants are the region's consultants of the demo.
var DemoConsultants = []DemoConsultant{
	{
		DemoPerson: DemoPerson{Email: "anna.lindqvist@region.example.se", Name: "Anna Lindqvist", Role: "consultant"},
		Title:      "Kulturkonsulent för dans och cirkus",
		Text: "Jag arbetar med kommunkoreografer och dansresidens i hela länet och hjälper kommuner som vill " +
			"komma i gång med dans för barn och unga. Boka ett möte om du funderar på att söka, vill pröva en " +
			"projektidé eller behöver hjälp med avtalet.",
		MeetingMinutes: 45, BufferMinutes: 15,
		ArtForms: []string{"dans", "cirkus"}, All: true,
		Topics: allTopics,
		Hours:  append(weekdays("09:00", "12:00", 1, 2, 4), weekdays("13:00", "16:00", 1, 2, 4)...),
	},
	{
		DemoPerson: DemoPerson{Email: "johan.berg@region.example.se", Name: "Johan Berg", Role: "consultant"},
		Title:      "Kulturkonsulent i länets norra kommuner",
		Text: "Jag stöttar residens i musik, film, teater, litteratur, slöjd och bild i länets norra kommuner, " +
			"från idé till avtal och uppföljning. Jag kan också svara på frågor om finansiering och om hur ni " +
			"räknar på en budget.",
		MeetingMinutes: 60,
		ArtForms:       otherArtForms,
		Municipalities: northMunicipalities,
		Topics:         allTopics,
		Hours:          append(weekdays("09:00", "12:00", 2, 3, 4), weekdays("13:00", "16:00", 4)...),
	},
	{
		DemoPerson: DemoPerson{Email: "leila.haddad@region.example.se", Name: "Leila Haddad", Role: "consultant"},
		Title:      "Kulturkonsulent i länets södra kommuner och Stockholm",
		Text: "Jag arbetar med residens i slöjd, textil, bild och form, musik, film, teater och litteratur i " +
			"Stockholm och länets södra kommuner. Hör av dig om du vill hitta samarbetspartner i kommunen eller " +
			"om ni vill ha hjälp att formulera ett förslag.",
		MeetingMinutes: 45, BufferMinutes: 15,
		ArtForms:       otherArtForms,
		Municipalities: southMunicipalities,
		Topics:         allTopics,
		Hours:          weekdays("10:00", "15:00", 1, 3, 5),
	},
}

// DemoOfficers are the municipality officers of the demo, in municipalities
// that no other demo content uses for an officer, so that their proposal
// lists hold only the demo's proposals.
var DemoOfficers = []DemoPerson{
	{Email: "helena.aberg@ekero.example.se", Name: "Helena Åberg", Role: "municipality", Municipality: "ekero"},
	{Email: "mikael.sundstrom@sodertalje.example.se", Name: "Mikael Sundström", Role: "municipality", Municipality: "sodertalje"},
	{Email: "amira.hassan@tyreso.example.se", Name: "Amira Hassan", Role: "municipality", Municipality: "tyreso"},
}

// DemoArtists are the artists who apply to the demo calls.
var DemoArtists = []DemoPerson{
	{Email: "elin.bjork@konstnar.example.se", Name: "Elin Björk", Role: "artist"},
	{Email: "samir.khalil@konstnar.example.se", Name: "Samir Khalil", Role: "artist"},
	{Email: "hanna.oberg@kompanifjaril.example.se", Name: "Hanna Öberg", Role: "artist"},
	{Email: "tove.sjoberg@konstnar.example.se", Name: "Tove Sjöberg", Role: "artist"},
	{Email: "marcus.ekstrom@konstnar.example.se", Name: "Marcus Ekström", Role: "artist"},
}

// DemoJurors are the jury members of the closed demo call.
var DemoJurors = []DemoPerson{
	{Email: "maria.sandberg@jury.example.se", Name: "Maria Sandberg", Role: "juror"},
}

// upsertPerson makes the demo account p (verified, with no password) or
// finds it, and returns its id. An existing account with the address keeps
// its password and state; one of another role (or municipality) is not a
// demo account, and the seed stops rather than change it.
func upsertPerson(ctx context.Context, tx pgx.Tx, p DemoPerson, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO users (email, name, role, municipality_id, email_verified_at, created_at, updated_at)
		VALUES ($1, $2, $3, (SELECT id FROM municipalities WHERE slug = nullif($4, '')), $5, $5, $5)
		ON CONFLICT ((lower(email))) DO UPDATE SET name = excluded.name,
			email_verified_at = coalesce(users.email_verified_at, excluded.email_verified_at)
		WHERE users.role = excluded.role AND users.municipality_id IS NOT DISTINCT FROM excluded.municipality_id
		RETURNING id`,
		p.Email, p.Name, p.Role, p.Municipality, now).Scan(&id)
	if db.IsNoRows(err) {
		return 0, fmt.Errorf("seed: %s: an account with the address has another role or municipality, so it is not a demo account", p.Email)
	}
	if err != nil {
		return 0, fmt.Errorf("seed: account %s: %w", p.Email, err)
	}
	return id, nil
}

// upsertConsultant writes c's account, profile, art forms, municipalities,
// topics and weekly hours, bringing an edited demo profile back to the
// demo's, and returns the account's id.
func upsertConsultant(ctx context.Context, tx pgx.Tx, c DemoConsultant, now time.Time) (int64, error) {
	id, err := upsertPerson(ctx, tx, c.DemoPerson, now)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO consultant_profiles (user_id, title, text, meeting_minutes, buffer_minutes, min_notice_days,
			horizon_weeks, all_municipalities, active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 1, 8, $6, true, $7, $7)
		ON CONFLICT (user_id) DO UPDATE SET title = excluded.title, text = excluded.text,
			meeting_minutes = excluded.meeting_minutes, buffer_minutes = excluded.buffer_minutes,
			min_notice_days = excluded.min_notice_days, horizon_weeks = excluded.horizon_weeks,
			all_municipalities = excluded.all_municipalities, active = true, updated_at = excluded.updated_at
		WHERE (consultant_profiles.title, consultant_profiles.text, consultant_profiles.meeting_minutes,
			consultant_profiles.buffer_minutes, consultant_profiles.min_notice_days, consultant_profiles.horizon_weeks,
			consultant_profiles.all_municipalities, consultant_profiles.active)
			IS DISTINCT FROM (excluded.title, excluded.text, excluded.meeting_minutes, excluded.buffer_minutes,
			excluded.min_notice_days, excluded.horizon_weeks, excluded.all_municipalities, true)`,
		id, c.Title, c.Text, c.MeetingMinutes, c.BufferMinutes, c.All, now); err != nil {
		return 0, fmt.Errorf("seed: consultant %s: profile: %w", c.Email, err)
	}
	for _, table := range []string{"consultant_art_forms", "consultant_municipalities", "consultant_topics", "consultant_weekly_hours"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE user_id = $1`, id); err != nil {
			return 0, fmt.Errorf("seed: consultant %s: clear %s: %w", c.Email, table, err)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO consultant_art_forms (user_id, art_form_id)
		SELECT $1, id FROM art_forms WHERE slug = ANY($2)`, id, c.ArtForms); err != nil {
		return 0, fmt.Errorf("seed: consultant %s: art forms: %w", c.Email, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO consultant_municipalities (user_id, municipality_id)
		SELECT $1, id FROM municipalities WHERE slug = ANY($2)`, id, c.Municipalities); err != nil {
		return 0, fmt.Errorf("seed: consultant %s: municipalities: %w", c.Email, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO consultant_topics (user_id, topic) SELECT $1, unnest($2::text[])`,
		id, c.Topics); err != nil {
		return 0, fmt.Errorf("seed: consultant %s: topics: %w", c.Email, err)
	}
	for _, h := range c.Hours {
		if _, err := tx.Exec(ctx, `INSERT INTO consultant_weekly_hours (user_id, weekday, starts, ends)
			VALUES ($1, $2, $3::time, $4::time)`, id, h.Weekday, h.Starts, h.Ends); err != nil {
			return 0, fmt.Errorf("seed: consultant %s: hours: %w", c.Email, err)
		}
	}
	return id, nil
}
