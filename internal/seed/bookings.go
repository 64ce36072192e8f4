package seed

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/registry"
)

// DemoBooking is a booked meeting with a demo consultant, in one of the
// states of the bookings table.
type DemoBooking struct {
	// Email is the booker's address; it finds the booking again on the
	// next run, so every demo booking has a booker of its own.
	Email        string
	Name         string
	Organisation string
	Municipality string // slug, or ""
	Role         string
	Consultant   string // e-mail (DemoConsultants)
	State        string // requested, confirmed, declined, cancelled, held, no_show
	// Day counts the consultant's opening days from today: 2 is the second
	// one after today, -1 the last one before today. At is the start, one
	// of the consultant's slot times.
	Day         int
	At          string // "10:00"
	MeetingForm string // video, phone, on_site
	Topic       string
	ArtForm     string // slug, or ""
	Question    string
	// Reasons and outcome, as the consultant recorded them.
	DeclineReason, CancelReason, OutcomeNote, OutcomeTopic string
}

// DemoBookings are the demo's booked meetings, at least one in each state.
var DemoBookings = []DemoBooking{
	{
		Email: "lars.persson@skola.example.se", Name: "Lars Persson", Organisation: "Hovsjöskolan", Municipality: "sodertalje",
		Role: "Rektor", Consultant: "leila.haddad@region.example.se", State: "requested", Day: 2, At: "10:00",
		MeetingForm: "video", Topic: "projektide", ArtForm: "teater",
		Question: "Vi vill ha en dramatiker på skolan nästa läsår. Hur går vi vidare med kommunen?",
	},
	{
		Email: "karolina.wikstrom@vallentuna.example.se", Name: "Karolina Wikström", Organisation: "Vallentuna kommun",
		Municipality: "vallentuna", Role: "Kulturstrateg", Consultant: "anna.lindqvist@region.example.se", State: "requested",
		Day: 2, At: "10:00", MeetingForm: "phone", Topic: "finansiering", ArtForm: "dans",
		Question: "Vi vill ha en kommunkoreograf. Hur mycket brukar kommunen bidra med till ett dansresidens?",
	},
	{
		Email: "noah.eriksson@konstnar.example.se", Name: "Noah Eriksson", Municipality: "nacka",
		Role: "Cirkusartist", Consultant: "anna.lindqvist@region.example.se", State: "confirmed", Day: 3, At: "13:00",
		MeetingForm: "video", Topic: "ansokan", ArtForm: "cirkus",
		Question: "Jag vill söka nästa kommunresidens och undrar vad en stark ansökan innehåller.",
	},
	{
		Email: "ulrika.nord@norrtalje.example.se", Name: "Ulrika Nord", Organisation: "Norrtälje kommun", Municipality: "norrtalje",
		Role: "Bibliotekschef", Consultant: "johan.berg@region.example.se", State: "confirmed", Day: 4, At: "09:00",
		MeetingForm: "on_site", Topic: "samarbete", ArtForm: "film",
		Question: "Biblioteket vill vara värd för ett filmresidens. Vilka samarbeten har fungerat bra tidigare?",
	},
	{
		Email: "peter.lund@foretag.example.se", Name: "Peter Lund", Organisation: "Lunds eventbyrå",
		Role: "Producent", Consultant: "anna.lindqvist@region.example.se", State: "declined", Day: 4, At: "10:00",
		MeetingForm: "phone", Topic: "ovrigt", ArtForm: "dans",
		Question:      "Kan regionen bidra till en dansgala på vårt företagsevent?",
		DeclineReason: "Rådgivningen gäller residens i kommunerna, så vi kan tyvärr inte hjälpa till med företagsevenemang.",
	},
	{
		Email: "fatima.ali@huddinge.example.se", Name: "Fatima Ali", Organisation: "Huddinge kommun", Municipality: "huddinge",
		Role: "Kultursamordnare", Consultant: "leila.haddad@region.example.se", State: "cancelled", Day: 3, At: "11:00",
		MeetingForm: "video", Topic: "ansokan", ArtForm: "textil",
		Question:     "Vi funderar på ett textilresidens i Flemingsberg.",
		CancelReason: "Jag är sjuk den dagen och bokar en ny tid när jag är tillbaka.",
	},
	{
		Email: "goran.holm@varmdo.example.se", Name: "Göran Holm", Organisation: "Värmdö kommun", Municipality: "varmdo",
		Role: "Kulturchef", Consultant: "anna.lindqvist@region.example.se", State: "held", Day: -2, At: "10:00",
		MeetingForm: "on_site", Topic: "avtal", ArtForm: "dans",
		Question:     "Genomgång av avtalet med kommunkoreografen för 2027.",
		OutcomeNote:  "Gick igenom avtalsmallen och ersättningen. Kommunen skickar ett utkast inom två veckor.",
		OutcomeTopic: "avtal",
	},
	{
		Email: "sanna.lof@konstnar.example.se", Name: "Sanna Löf", Municipality: "botkyrka",
		Role: "Slöjdare", Consultant: "leila.haddad@region.example.se", State: "held", Day: -3, At: "13:00",
		MeetingForm: "video", Topic: "projektide", ArtForm: "slojd",
		Question:     "Jag vill göra ett slöjdresidens på ett bibliotek och behöver hjälp att hitta en kommun.",
		OutcomeNote:  "Tipsade om Botkyrka och Haninge, som båda har visat intresse för slöjd.",
		OutcomeTopic: "samarbete",
	},
	{
		Email: "erik.dahl@sigtuna.example.se", Name: "Erik Dahl", Organisation: "Sigtuna kommun", Municipality: "sigtuna",
		Role: "Fritidsledare", Consultant: "johan.berg@region.example.se", State: "no_show", Day: -1, At: "11:00",
		MeetingForm: "phone", Topic: "ansokan", ArtForm: "musik",
		Question: "Frågor om utlysningen för kommunkoreograf i Sigtuna.",
	},
}

// topicLabels name the booking topics in the register as the booking form
// does.
var topicLabels = map[string]string{
	"ansokan": "Ansökan om residens", "projektide": "Projektidé och upplägg", "samarbete": "Samarbete och partner",
	"finansiering": "Finansiering och budget", "avtal": "Avtal och ersättning", "ovrigt": "Övrigt",
}

// upsertBookings writes the demo bookings. A new one gets a manage link
// nobody holds (the secret is thrown away), and its registration, like a
// request made through the booking form, is added to pending. Every run moves each demo
// booking to its day counted from now and brings back its state, so the
// requested and confirmed ones stay ahead and the held ones behind. A time
// that a real booking has taken since is left to it: that demo booking keeps
// its old time, or is not made.
func upsertBookings(ctx context.Context, tx pgx.Tx, pending *[]pendingRegistration, now time.Time, people map[string]int64) error {
	hours := map[string][]int{}
	minutes := map[string]int{}
	for _, c := range DemoConsultants {
		minutes[c.Email] = c.MeetingMinutes
		for _, h := range c.Hours {
			if !slices.Contains(hours[c.Email], h.Weekday) {
				hours[c.Email] = append(hours[c.Email], h.Weekday)
			}
		}
	}
	for i, b := range DemoBookings {
		day := openingDay(civil.Today(now), b.Day, hours[b.Consultant])
		clock, err := time.Parse("15:04", b.At)
		if err != nil {
			return fmt.Errorf("seed: booking of %s: time %q: %w", b.Email, b.At, err)
		}
		start := time.Date(day.Year(), day.Month(), day.Day(), clock.Hour(), clock.Minute(), 0, 0, civil.Stockholm)
		during := pgtype.Range[pgtype.Timestamptz]{
			Lower: pgtype.Timestamptz{Time: start, Valid: true}, LowerType: pgtype.Inclusive,
			Upper:     pgtype.Timestamptz{Time: start.Add(time.Duration(minutes[b.Consultant]) * time.Minute), Valid: true},
			UpperType: pgtype.Exclusive, Valid: true,
		}
		// Requests come in a few days before the meeting, and always
		// before now.
		created := start.Add(-5 * 24 * time.Hour)
		if latest := now.Add(-time.Duration(26+7*i) * time.Hour); created.After(latest) {
			created = latest
		}
		sequence := 0
		if b.State != "requested" {
			sequence = 1
		}
		var reminded *time.Time
		if b.State == "held" || b.State == "no_show" {
			r := start.Add(-24 * time.Hour)
			reminded = &r
		}
		var outcomeTopic *string
		if b.OutcomeTopic != "" {
			outcomeTopic = &b.OutcomeTopic
		}

		// Each booking in a savepoint of its own: a time a real booking
		// holds refuses this one alone.
		sp, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		var id int64
		var numbered bool
		err = sp.QueryRow(ctx, `
			UPDATE bookings SET during = $2, state = $3, decline_reason = $4, cancel_reason = $5, outcome_note = $6,
				outcome_topic = $7, sequence = $8, reminder_sent_at = $9, updated_at = $10
			WHERE id = (SELECT id FROM bookings WHERE email = $1 AND consultant_id = $11 ORDER BY id LIMIT 1)
			RETURNING id, registration_id IS NOT NULL`,
			b.Email, during, b.State, b.DeclineReason, b.CancelReason, b.OutcomeNote, outcomeTopic, sequence, reminded,
			now, people[b.Consultant]).Scan(&id, &numbered)
		if db.IsNoRows(err) {
			hash := sha256.Sum256([]byte(rand.Text()))
			err = sp.QueryRow(ctx, `
				INSERT INTO bookings (consultant_id, during, state, name, email, organisation, municipality_id, role,
					question, meeting_form, topic, art_form_id, manage_token_hash, decline_reason, cancel_reason,
					outcome_note, outcome_topic, sequence, reminder_sent_at, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM municipalities WHERE slug = nullif($7, '')), $8, $9, $10,
					$11, (SELECT id FROM art_forms WHERE slug = nullif($12, '')), $13, $14, $15, $16, $17, $18, $19, $20, $21)
				RETURNING id`,
				people[b.Consultant], during, b.State, b.Name, b.Email, b.Organisation, b.Municipality, b.Role,
				b.Question, b.MeetingForm, b.Topic, b.ArtForm, hash[:], b.DeclineReason, b.CancelReason, b.OutcomeNote,
				outcomeTopic, sequence, reminded, created, now).Scan(&id)
		}
		if isExclusion(err) {
			if err := sp.Rollback(ctx); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			sp.Rollback(ctx)
			return fmt.Errorf("seed: booking of %s: %w", b.Email, err)
		}
		if err := sp.Commit(ctx); err != nil {
			return fmt.Errorf("seed: booking of %s: %w", b.Email, err)
		}
		if !numbered {
			*pending = append(*pending, pendingRegistration{
				entry: registry.Entry{Kind: registry.KindBooking, Description: topicLabels[b.Topic] + " – rådgivningsmöte",
					SenderName: b.Name, SenderIsPerson: b.Organisation == "", SenderOrg: b.Organisation,
					SenderEmail: b.Email, ReceivedAt: created},
				apply: func(regID int64) error {
					_, err := tx.Exec(ctx, `UPDATE bookings SET registration_id = $2 WHERE id = $1`, id, regID)
					return err
				},
			})
		}
	}
	return nil
}

// openingDay is the n-th date after today (n > 0) or before it (n < 0) that
// falls on one of the ISO weekdays (Monday to Friday when none are given).
func openingDay(today time.Time, n int, weekdays []int) time.Time {
	if len(weekdays) == 0 {
		weekdays = []int{1, 2, 3, 4, 5}
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	d := today
	for n > 0 {
		d = d.AddDate(0, 0, step)
		wd := int(d.Weekday())
		if wd == 0 {
			wd = 7
		}
		if slices.Contains(weekdays, wd) {
			n--
		}
	}
	return d
}

// isExclusion reports whether err is the bookings table refusing two
// holding bookings of one consultant at overlapping times.
func isExclusion(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23P01"
}
