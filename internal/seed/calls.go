package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/civil"
	"residens/internal/db"
)

// DemoCall is an example open call. Its opening and closing days are
// counted from the day of seeding, so that one call is always open, one
// upcoming and one closed; calls close at 23.59 in Europe/Stockholm.
type DemoCall struct {
	Slug, Title    string
	Municipalities []string // slugs
	OpensInDays    int
	ClosesInDays   int
	Description    string
	Requirements   string
	Eligibility    string
	FeeSEK         int
	Period         string
	Premises       string
}

// demoCriteria are the assessment criteria of every demo call.
var demoCriteria = []struct {
	name, description string
	weight            int
}{
	{"Konstnärlig kvalitet", "Den konstnärliga praktiken och idéns höjd och originalitet.", 3},
	{"Erfarenhet av barn och unga", "Erfarenhet av att leda dans med barn och unga, i skola eller på fritid.", 2},
	{"Förankring i kommunen", "Hur idén tar vara på kommunens platser, verksamheter och människor.", 1},
}

// DemoCalls are the example calls of `seed --demo`.
var DemoCalls = []DemoCall{
	{
		Slug: "kommunkoreograf-i-varmdo-2027", Title: "Kommunkoreograf i Värmdö 2027",
		Municipalities: []string{"varmdo"}, OpensInDays: -14, ClosesInDays: 35,
		Description: "Värmdö kommun och regionen söker en koreograf eller ett danskompani som under ett år " +
			"arbetar i kommunen, framför allt med barn och unga i skolor, förskolor och på fritidsgårdar.\n\n" +
			"Året avslutas med en föreställning tillsammans med deltagarna.",
		Requirements: "- Professionell verksamhet inom dans eller koreografi\n- Möjlighet att arbeta i kommunen minst tre dagar i veckan",
		Eligibility:  "Koreografer och danskompanier verksamma i Sverige kan söka, som enskild person eller som grupp.",
		FeeSEK:       480000, Period: "augusti 2027 – juni 2028", Premises: "Danssal i Gustavsbergs kulturhus.",
	},
	{
		Slug: "kommunkoreograf-i-sigtuna-2028", Title: "Kommunkoreograf i Sigtuna 2028",
		Municipalities: []string{"sigtuna"}, OpensInDays: 60, ClosesInDays: 120,
		Description:  "Sigtuna kommun söker en kommunkoreograf för ett år med barn och unga i Märsta och Sigtuna.",
		Requirements: "- Professionell verksamhet inom dans eller koreografi",
		Eligibility:  "Koreografer och danskompanier verksamma i Sverige.",
		FeeSEK:       450000, Period: "januari – december 2028", Premises: "Repetitionslokal i Märsta.",
	},
	{
		Slug: "kommunkoreograf-i-nacka-2026", Title: "Kommunkoreograf i Nacka 2026",
		Municipalities: []string{"nacka"}, OpensInDays: -300, ClosesInDays: -240,
		Description:  "Nacka kommun sökte en kommunkoreograf för 2026. Utlysningen är stängd.",
		Requirements: "- Professionell verksamhet inom dans eller koreografi",
		Eligibility:  "Koreografer och danskompanier verksamma i Sverige.",
		FeeSEK:       450000, Period: "2026", Premises: "Dansstudio i Fisksätra.",
	},
}

// Calls writes the demo calls relative to now, published, each with the
// same criteria and asking for a required CV and an optional work plan.
// Like Demo it can run again: demo calls get their dates moved and texts
// restored, and a real call that has one of the slugs is left alone. The
// criteria of a demo call are written only once, since scores may refer to
// them.
func Calls(ctx context.Context, pool *pgxpool.Pool, now time.Time) error {
	today := civil.Today(now)
	at := func(days int) time.Time {
		d := today.AddDate(0, 0, days)
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, civil.Stockholm)
	}
	return db.InTx(ctx, pool, func(tx pgx.Tx) error {
		for _, c := range DemoCalls {
			opens := at(c.OpensInDays)
			closes := at(c.ClosesInDays).Add(23*time.Hour + 59*time.Minute)
			var id int64
			err := tx.QueryRow(ctx, `
				INSERT INTO calls (slug, title, kind, description, requirements, eligibility, fee_sek, period, premises,
					opens_at, closes_at, published_at, demo)
				VALUES ($1, $2, 'kommunkoreograf', $3, $4, $5, $6, $7, $8, $9, $10, $9, true)
				ON CONFLICT (slug) DO UPDATE SET title = excluded.title, description = excluded.description,
					requirements = excluded.requirements, eligibility = excluded.eligibility, fee_sek = excluded.fee_sek,
					period = excluded.period, premises = excluded.premises, opens_at = excluded.opens_at,
					closes_at = excluded.closes_at, published_at = excluded.published_at, updated_at = now()
				WHERE calls.demo
				RETURNING id`,
				c.Slug, c.Title, c.Description, c.Requirements, c.Eligibility, c.FeeSEK, c.Period, c.Premises,
				opens, closes).Scan(&id)
			if db.IsNoRows(err) {
				continue // a real call has the slug
			}
			if err != nil {
				return fmt.Errorf("seed: call %s: %w", c.Slug, err)
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO call_municipalities (call_id, municipality_id)
				SELECT $1, id FROM municipalities WHERE slug = ANY($2) ON CONFLICT DO NOTHING`, id, c.Municipalities); err != nil {
				return fmt.Errorf("seed: call %s municipalities: %w", c.Slug, err)
			}
			for i, cr := range demoCriteria {
				if _, err := tx.Exec(ctx, `
					INSERT INTO call_criteria (call_id, position, name, description, weight) VALUES ($1, $2, $3, $4, $5)
					ON CONFLICT (call_id, position) DO NOTHING`, id, i+1, cr.name, cr.description, cr.weight); err != nil {
					return fmt.Errorf("seed: call %s criteria: %w", c.Slug, err)
				}
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO call_attachments (call_id, kind, required) VALUES ($1, 'cv', true), ($1, 'work_plan', false)
				ON CONFLICT DO NOTHING`, id); err != nil {
				return fmt.Errorf("seed: call %s attachments: %w", c.Slug, err)
			}
		}
		return nil
	})
}
