package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// DemoOrganisation is an example entry of the support desk's directory of
// organisations and functions. The contacts are example.se addresses.
type DemoOrganisation struct {
	Slug, Name, Description string
	Topics                  []string
	// Area is municipalities, county or country; Municipalities the slugs
	// served when it is municipalities.
	Area           string
	Municipalities []string
	ArtForms       []string
	Email, Phone   string
	Address, URL   string
}

// DemoSource is an example funding source. Its rounds (Rounds, days from
// the day of seeding) and its last check (CheckedDaysAgo) move with the
// seed's clock, so that some deadlines are always ahead and some passed.
type DemoSource struct {
	Slug, Name, Funder string
	Applicants         []string
	ArtForms           []string
	Funds              string
	Min, Max           *int
	Cofunding          bool
	// Kind is dated, yearly or rolling.
	Kind           string
	Rounds         []int
	Month, Day     int
	URL            string
	CheckedDaysAgo int
}

func sek(n int) *int { return &n }

// DemoOrganisations are the directory of `seed --demo`.
var DemoOrganisations = []DemoOrganisation{
	{Slug: "regionens-kulturenhet", Name: "Regionens kulturenhet (exempel)", Description: "Länskulturkonsulenterna: rådgivning, nätverk och regionalt kulturstöd.",
		Topics: []string{"kontakt", "finansiering", "natverk", "kompetens"}, Area: "county",
		Email: "kultur@region.example.se", Phone: "08-123 400 00", Address: "Exempelgatan 1, 111 11 Stockholm", URL: "https://region.example.se/kultur"},
	{Slug: "filmcentrum-exempel", Name: "Filmregion Stockholms län (exempel)", Description: "Regional filmverksamhet: produktionsstöd, film för barn och unga.",
		Topics: []string{"finansiering", "kompetens", "natverk"}, Area: "county", ArtForms: []string{"film"},
		Email: "info@film.example.se", Phone: "08-123 401 00", Address: "Filmhuset, Exempelvägen 2, 115 15 Stockholm", URL: "https://film.example.se"},
	{Slug: "lansmuseet-exempel", Name: "Länsmuseet (exempel)", Description: "Kulturarv, slöjd och utställningar i länet.",
		Topics: []string{"lokaler", "kompetens", "natverk"}, Area: "county", ArtForms: []string{"slojd", "textil", "bild-och-form"},
		Email: "info@lansmuseet.example.se", Phone: "08-123 402 00", Address: "Museigatan 3, 111 22 Stockholm", URL: "https://lansmuseet.example.se"},
	{Slug: "kulturradet-exempel", Name: "Kulturrådet (exempel)", Description: "Statliga bidrag till kultur i hela landet.",
		Topics: []string{"finansiering"}, Area: "country",
		Email: "bidrag@kulturradet.example.se", Phone: "08-123 403 00", Address: "Box 1, 102 00 Stockholm", URL: "https://kulturradet.example.se"},
	{Slug: "konstnarsnamnden-exempel", Name: "Konstnärsnämnden (exempel)", Description: "Stipendier och bidrag till enskilda konstnärer.",
		Topics: []string{"finansiering"}, Area: "country",
		Email: "info@konstnarsnamnden.example.se", Phone: "08-123 404 00", Address: "Box 2, 102 00 Stockholm", URL: "https://konstnarsnamnden.example.se"},
	{Slug: "nacka-kultur", Name: "Nacka kommun, kulturenheten (exempel)", Description: "Kulturstöd och lokaler i Nacka.",
		Topics: []string{"kontakt", "finansiering", "lokaler"}, Area: "municipalities", Municipalities: []string{"nacka"},
		Email: "kultur@nacka.example.se", Phone: "08-123 405 00", Address: "Nacka stadshus, 131 81 Nacka", URL: "https://nacka.example.se/kultur"},
	{Slug: "sodertalje-kultur", Name: "Södertälje kommun, kultur och fritid (exempel)", Description: "Kulturbidrag och samverkan i Södertälje.",
		Topics: []string{"kontakt", "finansiering", "avtal"}, Area: "municipalities", Municipalities: []string{"sodertalje"},
		Email: "kultur@sodertalje.example.se", Phone: "08-123 406 00", Address: "Campusgatan 26, 151 89 Södertälje", URL: "https://sodertalje.example.se/kultur"},
	{Slug: "varmdo-kultur", Name: "Värmdö kommun, kulturenheten (exempel)", Description: "Kultur i skärgården: stöd och lokaler.",
		Topics: []string{"kontakt", "lokaler"}, Area: "municipalities", Municipalities: []string{"varmdo"},
		Email: "kultur@varmdo.example.se", Phone: "08-123 407 00", Address: "Skogsbovägen 9, 134 81 Gustavsberg", URL: "https://varmdo.example.se/kultur"},
	{Slug: "ekero-kultur", Name: "Ekerö kommun, kulturenheten (exempel)", Description: "Kulturstöd och föreningsbidrag på Ekerö.",
		Topics: []string{"kontakt", "finansiering"}, Area: "municipalities", Municipalities: []string{"ekero"},
		Email: "kultur@ekero.example.se", Phone: "08-123 408 00", Address: "Tappströmsvägen 2, 178 30 Ekerö", URL: "https://ekero.example.se/kultur"},
	{Slug: "dansalliansen-exempel", Name: "Dansnätverket Stockholms län (exempel)", Description: "Nätverk och kompetensutveckling för dansare och koreografer.",
		Topics: []string{"natverk", "kompetens", "kulturaktor"}, Area: "county", ArtForms: []string{"dans", "cirkus"},
		Email: "hej@dansnatverket.example.se", Phone: "08-123 409 00", Address: "Danshuset, Exempelgränd 4, 113 30 Stockholm", URL: "https://dansnatverket.example.se"},
	{Slug: "litteraturstiftelsen-exempel", Name: "Stiftelsen Läsfrämjandet (exempel)", Description: "En stiftelse som stöder läsfrämjande och litteratur för barn och unga.",
		Topics: []string{"finansiering"}, Area: "country", ArtForms: []string{"litteratur"},
		Email: "ansokan@lasframjandet.example.se", Phone: "08-123 410 00", Address: "Box 3, 103 00 Stockholm", URL: "https://lasframjandet.example.se"},
	{Slug: "kulturhuset-lokaler", Name: "Kulturhusens samverkansråd (exempel)", Description: "Hjälper kulturaktörer att hitta lokaler och scener i länets kulturhus.",
		Topics: []string{"lokaler", "avtal", "natverk"}, Area: "municipalities", Municipalities: []string{"huddinge", "botkyrka", "haninge"},
		Email: "lokaler@kulturhusen.example.se", Phone: "08-123 411 00", Address: "Kulturhuset, Torget 1, 141 00 Huddinge", URL: "https://kulturhusen.example.se"},
}

// DemoSources are the funding sources of `seed --demo`: deadlines spread
// over the coming year, two dated sources whose rounds have passed, one
// source not checked for over a year, one löpande.
var DemoSources = []DemoSource{
	{Slug: "regionalt-kulturstod-projekt", Name: "Regionalt kulturstöd till projekt", Funder: "regionens-kulturenhet",
		Applicants: []string{"forening", "grupp", "foretag"}, Funds: "Projekt som ger fler i länet tillgång till kultur, särskilt barn och unga.",
		Min: sek(20000), Max: sek(300000), Cofunding: true, Kind: "dated", Rounds: []int{12, 195}, URL: "https://region.example.se/kultur/projektstod", CheckedDaysAgo: 20},
	{Slug: "regionalt-utvecklingsstod-konstnarer", Name: "Utvecklingsstöd för professionella konstnärer", Funder: "regionens-kulturenhet",
		Applicants: []string{"konstnar"}, Funds: "Egen konstnärlig utveckling: research, fortbildning och resor.",
		Min: sek(10000), Max: sek(50000), Kind: "yearly", Month: 3, Day: 15, URL: "https://region.example.se/kultur/utvecklingsstod", CheckedDaysAgo: 40},
	{Slug: "kulturstod-arrangorer", Name: "Stöd till arrangörer i länet", Funder: "regionens-kulturenhet",
		Applicants: []string{"forening", "kommun"}, ArtForms: []string{"musik", "teater", "dans"}, Funds: "Arrangemang av scenkonst och musik utanför de stora scenerna.",
		Max: sek(150000), Cofunding: true, Kind: "rolling", URL: "https://region.example.se/kultur/arrangorsstod", CheckedDaysAgo: 60},
	{Slug: "filmstod-kortfilm", Name: "Produktionsstöd till kortfilm", Funder: "filmcentrum-exempel",
		Applicants: []string{"konstnar", "grupp", "foretag"}, ArtForms: []string{"film"}, Funds: "Produktion av kortfilm och dokumentär med förankring i länet.",
		Min: sek(50000), Max: sek(400000), Cofunding: true, Kind: "dated", Rounds: []int{25, 120, 300}, URL: "https://film.example.se/stod/kortfilm", CheckedDaysAgo: 10},
	{Slug: "film-i-skolan", Name: "Filmpedagogiska projekt i skolan", Funder: "filmcentrum-exempel",
		Applicants: []string{"skola", "kommun"}, ArtForms: []string{"film"}, Funds: "Elever gör film med filmpedagog och filmare.",
		Max: sek(60000), Kind: "dated", Rounds: []int{-40, -10}, URL: "https://film.example.se/stod/skola", CheckedDaysAgo: 90},
	{Slug: "hemslojd-och-kulturarv", Name: "Stöd till slöjd och kulturarv", Funder: "lansmuseet-exempel",
		Applicants: []string{"konstnar", "forening"}, ArtForms: []string{"slojd", "textil"}, Funds: "Projekt som för slöjdens och textilens kunskap vidare.",
		Min: sek(5000), Max: sek(40000), Kind: "yearly", Month: 10, Day: 1, URL: "https://lansmuseet.example.se/stod", CheckedDaysAgo: 430},
	{Slug: "kulturradet-regional-verksamhet", Name: "Bidrag till regional kulturverksamhet", Funder: "kulturradet-exempel",
		Applicants: []string{"forening", "foretag"}, Funds: "Verksamhet med regional räckvidd inom alla konstformer.",
		Min: sek(100000), Max: sek(2000000), Cofunding: true, Kind: "dated", Rounds: []int{45, 230}, URL: "https://kulturradet.example.se/bidrag/regional", CheckedDaysAgo: 30},
	{Slug: "skapande-skola", Name: "Skapande skola", Funder: "kulturradet-exempel",
		Applicants: []string{"kommun", "skola"}, Funds: "Professionell kultur i skolan, från förskoleklass till årskurs 9, med eleverna som medskapare.",
		Min: sek(20000), Max: sek(1500000), Kind: "yearly", Month: 1, Day: 20, URL: "https://kulturradet.example.se/bidrag/skapande-skola", CheckedDaysAgo: 15},
	{Slug: "litteraturstod-lasframjande", Name: "Läsfrämjande för barn och unga", Funder: "litteraturstiftelsen-exempel",
		Applicants: []string{"forening", "kommun", "skola"}, ArtForms: []string{"litteratur"}, Funds: "Läsfrämjande verksamhet på bibliotek, i skolor och på fritiden.",
		Min: sek(10000), Max: sek(200000), Kind: "dated", Rounds: []int{70}, URL: "https://lasframjandet.example.se/ansok", CheckedDaysAgo: 50},
	{Slug: "arbetsstipendium", Name: "Arbetsstipendium för konstnärer", Funder: "konstnarsnamnden-exempel",
		Applicants: []string{"konstnar"}, ArtForms: []string{"bild-och-form", "dans", "musik", "teater", "film"}, Funds: "Tid för eget konstnärligt arbete, ett eller två år.",
		Min: sek(120000), Max: sek(240000), Kind: "dated", Rounds: []int{5, 160}, URL: "https://konstnarsnamnden.example.se/stipendier", CheckedDaysAgo: 5},
	{Slug: "internationellt-utbyte", Name: "Bidrag till internationellt kulturutbyte", Funder: "konstnarsnamnden-exempel",
		Applicants: []string{"konstnar", "grupp"}, Funds: "Resor, residens och samarbeten utomlands.",
		Min: sek(5000), Max: sek(60000), Kind: "dated", Rounds: []int{28, 210}, URL: "https://konstnarsnamnden.example.se/utbyte", CheckedDaysAgo: 25},
	{Slug: "nacka-kulturbidrag", Name: "Nackas projektbidrag till kultur", Funder: "nacka-kultur",
		Applicants: []string{"forening", "grupp", "konstnar"}, Funds: "Kulturprojekt i Nacka som når nya publiker.",
		Max: sek(50000), Kind: "dated", Rounds: []int{-60, 95}, URL: "https://nacka.example.se/kultur/bidrag", CheckedDaysAgo: 70},
	{Slug: "sodertalje-arrangemangsbidrag", Name: "Södertäljes arrangemangsbidrag", Funder: "sodertalje-kultur",
		Applicants: []string{"forening"}, Funds: "Konserter, föreställningar och festivaler i Södertälje.",
		Min: sek(2000), Max: sek(30000), Kind: "yearly", Month: 5, Day: 31, URL: "https://sodertalje.example.se/kultur/bidrag", CheckedDaysAgo: 100},
	{Slug: "ekero-foreningsbidrag", Name: "Ekerös bidrag till kulturföreningar", Funder: "ekero-kultur",
		Applicants: []string{"forening"}, Funds: "Verksamhetsbidrag till ideella kulturföreningar på Ekerö.",
		Max: sek(25000), Kind: "dated", Rounds: []int{-120}, URL: "https://ekero.example.se/kultur/bidrag", CheckedDaysAgo: 200},
	{Slug: "dans-residensstod", Name: "Residensstöd för dans och cirkus", Funder: "dansalliansen-exempel",
		Applicants: []string{"konstnar", "grupp"}, ArtForms: []string{"dans", "cirkus"}, Funds: "Residens i länets kommuner för koreografer och cirkusartister.",
		Min: sek(30000), Max: sek(120000), Kind: "dated", Rounds: []int{18, 140, 330}, URL: "https://dansnatverket.example.se/residens", CheckedDaysAgo: 35},
}

// upsertFunding writes the directory and the funding sources: each by its
// slug, brought back to the demo's values, with its rounds and last check
// counted from today.
func upsertFunding(ctx context.Context, tx pgx.Tx, today time.Time) error {
	orgs := map[string]int64{}
	for _, o := range DemoOrganisations {
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO support_organisations (slug, name, description, topics, area, email, phone, address, url)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (slug) DO UPDATE SET name = excluded.name, description = excluded.description, topics = excluded.topics,
				area = excluded.area, email = excluded.email, phone = excluded.phone, address = excluded.address, url = excluded.url
			RETURNING id`, o.Slug, o.Name, o.Description, o.Topics, o.Area, o.Email, o.Phone, o.Address, o.URL).Scan(&id); err != nil {
			return fmt.Errorf("seed: organisation %s: %w", o.Slug, err)
		}
		orgs[o.Slug] = id
		if err := linkSlugs(ctx, tx, "support_organisation_art_forms", "organisation_id", id, "art_form_id", "art_forms", o.ArtForms); err != nil {
			return err
		}
		if err := linkSlugs(ctx, tx, "support_organisation_municipalities", "organisation_id", id, "municipality_id", "municipalities", o.Municipalities); err != nil {
			return err
		}
	}
	for _, s := range DemoSources {
		var month, day *int
		if s.Kind == "yearly" {
			month, day = &s.Month, &s.Day
		}
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO funding_sources (slug, name, funder_id, applicants, funds, amount_min, amount_max, cofunding,
				deadline_kind, yearly_month, yearly_day, url, checked_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (slug) DO UPDATE SET name = excluded.name, funder_id = excluded.funder_id, applicants = excluded.applicants,
				funds = excluded.funds, amount_min = excluded.amount_min, amount_max = excluded.amount_max, cofunding = excluded.cofunding,
				deadline_kind = excluded.deadline_kind, yearly_month = excluded.yearly_month, yearly_day = excluded.yearly_day,
				url = excluded.url, checked_on = excluded.checked_on
			RETURNING id`, s.Slug, s.Name, orgs[s.Funder], s.Applicants, s.Funds, s.Min, s.Max, s.Cofunding,
			s.Kind, month, day, s.URL, today.AddDate(0, 0, -s.CheckedDaysAgo)).Scan(&id); err != nil {
			return fmt.Errorf("seed: funding source %s: %w", s.Slug, err)
		}
		if err := linkSlugs(ctx, tx, "funding_source_art_forms", "source_id", id, "art_form_id", "art_forms", s.ArtForms); err != nil {
			return err
		}
		rounds := make([]time.Time, len(s.Rounds))
		for i, d := range s.Rounds {
			rounds[i] = today.AddDate(0, 0, d)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM funding_deadlines WHERE source_id = $1`, id); err != nil {
			return fmt.Errorf("seed: deadlines of %s: %w", s.Slug, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO funding_deadlines (source_id, closes_on) SELECT $1, d FROM unnest($2::date[]) d`, id, rounds); err != nil {
			return fmt.Errorf("seed: deadlines of %s: %w", s.Slug, err)
		}
	}
	return nil
}

// linkSlugs makes the terms of vocabulary table vocab with slugs the whole
// set of links of owner in link table table.
func linkSlugs(ctx context.Context, tx pgx.Tx, table, ownerCol string, owner int64, col, vocab string, slugs []string) error {
	var ids []int64
	if len(slugs) > 0 {
		rows, err := tx.Query(ctx, `SELECT id FROM `+vocab+` WHERE slug = ANY($1)`, slugs)
		if err != nil {
			return fmt.Errorf("seed: %s: %w", vocab, err)
		}
		if ids, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return fmt.Errorf("seed: %s: %w", vocab, err)
		}
		if len(ids) != len(slugs) {
			return fmt.Errorf("seed: %s: unknown slug among %v", vocab, slugs)
		}
	}
	return db.ReplaceLinks(ctx, tx, table, ownerCol, owner, col, ids)
}
