package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/registry"
)

// DemoProposal is a municipality's proposal of the demo, in one of the
// states of package proposal. Days are offsets from the day of seeding.
type DemoProposal struct {
	// Key is the proposal's create_key, which finds it again on the next run.
	Key     string
	Officer string // the officer's e-mail (DemoOfficers)
	State   string // draft, submitted, in_review, completion_requested, accepted, declined, withdrawn
	Title   string
	Kind    string // kommunresidens, kommunkoreograf
	// ArtForms, TargetGroups and VenueTypes are vocabulary slugs.
	ArtForms, TargetGroups, VenueTypes []string
	Participants                       int
	Venues, District                   string
	StartDays, EndDays                 int // the wished period
	Purposes                           []string
	PurposeText, Staff, Premises       string
	CofundingSEK                       int
	Phone                              string
	// SubmittedDays is when it was sent in (ignored for a draft or a
	// draft withdrawn unsent).
	SubmittedDays int
	// Consultant handles it from the state in_review on (e-mail).
	Consultant string
	// Message is what the consultant wrote with the last transition: the
	// completion asked for, the reason of a decline, the word of an
	// acceptance.
	Message string
	// Residency is the slug of the demo residency an accepted proposal
	// became.
	Residency string
}

// DemoProposals are the demo's proposals, one in each state.
var DemoProposals = []DemoProposal{
	{
		Key: "demo-dans-pa-fritidsgarden-i-stenhamra", Officer: "helena.aberg@ekero.example.se", State: "draft",
		Title: "Dans på fritidsgården i Stenhamra", Kind: "kommunresidens",
		ArtForms: []string{"dans"}, TargetGroups: []string{"unga"}, VenueTypes: []string{"fritidsgard"},
		Venues: "Fritidsgården i Stenhamra", District: "Stenhamra",
		StartDays: 150, EndDays: 240,
	},
	{
		Key: "demo-kommunkoreograf-i-sodertalje-2027", Officer: "mikael.sundstrom@sodertalje.example.se", State: "submitted",
		Title: "Kommunkoreograf i Södertälje 2027", Kind: "kommunkoreograf",
		ArtForms: []string{"dans"}, TargetGroups: []string{"barn", "unga"}, VenueTypes: []string{"skola", "kulturhus"},
		Participants: 400, Venues: "Grundskolor i Hovsjö och Ronna, Södertälje stadsbibliotek", District: "Hovsjö",
		StartDays: 240, EndDays: 590, Purposes: []string{"group", "performance"},
		PurposeText: "Ett år med en koreograf som arbetar med elever i årskurs 4–6 och avslutar med en föreställning på Estrad.",
		Staff:       "Kulturskolans dansledare och en kulturstrateg på halvtid.",
		Premises:    "Danssal i kulturskolan och idrottshallar i skolorna.", CofundingSEK: 200000,
		Phone: "08-523 010 00", SubmittedDays: -6,
	},
	{
		Key: "demo-teater-med-unga-i-tyreso", Officer: "amira.hassan@tyreso.example.se", State: "in_review",
		Title: "Teater med unga i Tyresö", Kind: "kommunresidens",
		ArtForms: []string{"teater"}, TargetGroups: []string{"unga"}, VenueTypes: []string{"bibliotek", "fritidsgard"},
		Participants: 60, Venues: "Tyresö bibliotek och fritidsgården Kulturhuset Kruthuset", District: "Tyresö strand",
		StartDays: 120, EndDays: 300, Purposes: []string{"theme"},
		PurposeText: "Unga skriver och spelar pjäser om platsen där de bor, med en dramatiker och en regissör.",
		Staff:       "Två fritidsledare och bibliotekets ungdomsbibliotekarie.",
		Premises:    "Bibliotekets hörsal på kvällstid och fritidsgårdens scen.", CofundingSEK: 80000,
		Phone: "08-578 291 00", SubmittedDays: -20, Consultant: "anna.lindqvist@region.example.se",
	},
	{
		Key: "demo-musik-pa-aldreboenden-pa-ekero", Officer: "helena.aberg@ekero.example.se", State: "completion_requested",
		Title: "Musik på äldreboenden på Ekerö", Kind: "kommunresidens",
		ArtForms: []string{"musik"}, TargetGroups: []string{"aldre"}, VenueTypes: []string{"aldreboende"},
		Participants: 90, Venues: "Tre äldreboenden i Ekerö centrum, Stenhamra och Skå", District: "Skå",
		StartDays: 90, EndDays: 270, Purposes: []string{"group"},
		PurposeText: "En musiker besöker äldreboendena varje vecka och gör musik tillsammans med de boende och personalen.",
		Staff:       "Aktivitetssamordnare på varje boende.",
		Premises:    "Samlingssalarna på boendena.", CofundingSEK: 50000,
		Phone: "08-124 571 00", SubmittedDays: -35, Consultant: "leila.haddad@region.example.se",
		Message: "Tack för förslaget! Kan ni beskriva hur personalen på boendena får tid att delta, och vem som samordnar besöken mellan de tre boendena?",
	},
	{
		Key: "demo-slojd-pa-ekero-kulturhus", Officer: "helena.aberg@ekero.example.se", State: "accepted",
		Title: "Slöjd på Ekerö kulturhus", Kind: "kommunresidens",
		ArtForms: []string{"slojd"}, TargetGroups: []string{"barn", "vuxna"}, VenueTypes: []string{"kulturhus"},
		Participants: 150, Venues: "Ekerö kulturhus", District: "Ekerö centrum",
		StartDays: -120, EndDays: 120, Purposes: []string{"theme", "group"},
		PurposeText: "En slöjdare arbetar i kulturhuset med öppen verkstad för familjer och kurser för vuxna.",
		Staff:       "Kulturhusets verksamhetsledare och en kulturpedagog.",
		Premises:    "Verkstaden och utställningsytan i kulturhuset.", CofundingSEK: 120000,
		Phone: "08-124 571 00", SubmittedDays: -220, Consultant: "leila.haddad@region.example.se",
		Message:   "Vi godkänner förslaget och ser fram emot att planera residenset tillsammans med er.",
		Residency: "slojd-pa-ekero-kulturhus",
	},
	{
		Key: "demo-filmverkstad-pa-ekero-bibliotek", Officer: "helena.aberg@ekero.example.se", State: "declined",
		Title: "Filmverkstad på Ekerö bibliotek", Kind: "kommunresidens",
		ArtForms: []string{"film"}, TargetGroups: []string{"unga"}, VenueTypes: []string{"bibliotek"},
		Participants: 20, Venues: "Ekerö bibliotek", District: "Ekerö centrum",
		StartDays: 60, EndDays: 120, Purposes: []string{"performance"},
		PurposeText: "En filmare leder en verkstad där unga gör kortfilmer under sommarlovet.",
		Staff:       "En bibliotekarie.", Premises: "Bibliotekets studierum.", CofundingSEK: 0,
		Phone: "08-124 571 00", SubmittedDays: -60, Consultant: "leila.haddad@region.example.se",
		Message: "Regionen har i år bara medel för residens som pågår minst ett halvår. Välkommen att föreslå en längre period till nästa år.",
	},
	{
		Key: "demo-cirkus-i-skolan-i-tyreso", Officer: "amira.hassan@tyreso.example.se", State: "withdrawn",
		Title: "Cirkus i skolan i Tyresö", Kind: "kommunresidens",
		ArtForms: []string{"cirkus"}, TargetGroups: []string{"barn"}, VenueTypes: []string{"skola"},
		Participants: 200, Venues: "Grundskolor i Tyresö", District: "Bollmora",
		StartDays: 200, EndDays: 380, Purposes: []string{"group"},
		PurposeText: "Cirkusartister besöker skolorna under ett läsår.",
		Staff:       "Idrottslärare på tre skolor.", Premises: "Skolornas idrottshallar.", CofundingSEK: 60000,
		Phone: "08-578 291 00", SubmittedDays: -45,
	},
}

// proposalEvent is one entry of a demo proposal's timeline.
type proposalEvent struct {
	at               time.Time
	actorID          int64
	actorName        string
	kind, from, to   string
	body             string
	visibleToOfficer bool
}

// upsertProposals writes the demo proposals that are not there yet, and adds
// to pending the registration of each that was sent in, which moves it to
// its state. A proposal, once made, is left as it is: the demo's visitors
// move it on, and its registration number is a record of the register.
func upsertProposals(ctx context.Context, tx pgx.Tx, pending *[]pendingRegistration, now time.Time, people map[string]int64, names map[string]string) error {
	today := civil.Today(now)
	for _, p := range DemoProposals {
		officerID := people[p.Officer]
		at := func(days int, hour int) time.Time {
			d := today.AddDate(0, 0, days)
			return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, civil.Stockholm)
		}
		created := at(min(p.SubmittedDays, 0)-3, 9)
		var id int64
		var municipality string
		err := tx.QueryRow(ctx, `
			INSERT INTO proposals (municipality_id, created_by, create_key, title, kind, participants, venues, district,
				starts_on, ends_on, purposes, purpose_text, staff, premises, cofunding_sek, contact_name, contact_email,
				contact_phone, created_at, updated_at)
			SELECT u.municipality_id, u.id, $2, $3, $4, nullif($5, 0), $6, $7, $8, $9, $10, $11, $12, $13, $14,
				u.name, u.email, $15, $16, $16
			FROM users u WHERE u.id = $1
			ON CONFLICT (create_key) DO NOTHING
			RETURNING id, (SELECT name FROM municipalities WHERE id = proposals.municipality_id)`,
			officerID, p.Key, p.Title, p.Kind, p.Participants, p.Venues, p.District,
			today.AddDate(0, 0, p.StartDays), today.AddDate(0, 0, p.EndDays), append([]string{}, p.Purposes...), p.PurposeText, p.Staff,
			p.Premises, cofunding(p), p.Phone, created).Scan(&id, &municipality)
		if db.IsNoRows(err) {
			continue // made by an earlier run
		}
		if err != nil {
			return fmt.Errorf("seed: proposal %s: %w", p.Key, err)
		}
		for _, l := range []struct {
			table, col, vocab string
			slugs             []string
		}{
			{"proposal_art_forms", "art_form_id", "art_forms", p.ArtForms},
			{"proposal_target_groups", "target_group_id", "target_groups", p.TargetGroups},
			{"proposal_venue_types", "venue_type_id", "venue_types", p.VenueTypes},
		} {
			if _, err := tx.Exec(ctx, `INSERT INTO `+l.table+` (proposal_id, `+l.col+`) SELECT $1, id FROM `+l.vocab+` WHERE slug = ANY($2)`,
				id, l.slugs); err != nil {
				return fmt.Errorf("seed: proposal %s: %s: %w", p.Key, l.table, err)
			}
		}
		if p.State == "draft" {
			continue
		}

		officerName := names[p.Officer]
		submitted := at(p.SubmittedDays, 10)
		events := []proposalEvent{{at: submitted, actorID: officerID, actorName: officerName, kind: "transition",
			from: "draft", to: "submitted", visibleToOfficer: true}}
		state := "submitted"
		var assigned *int64
		if p.Consultant != "" {
			cid, cname := people[p.Consultant], names[p.Consultant]
			assigned = &cid
			events = append(events, proposalEvent{at: submitted.Add(26 * time.Hour), actorID: cid, actorName: cname,
				kind: "transition", from: "submitted", to: "in_review", body: cname + " handlägger förslaget.", visibleToOfficer: true})
			state = "in_review"
			decided := submitted.Add(8 * 24 * time.Hour)
			switch p.State {
			case "in_review":
				events = append(events,
					proposalEvent{at: submitted.Add(50 * time.Hour), actorID: cid, actorName: cname, kind: "message",
						body: "Hej! Vi läser ert förslag just nu. Har ni redan en dramatiker i tankarna, eller vill ni att vi föreslår några?", visibleToOfficer: true},
					proposalEvent{at: submitted.Add(70 * time.Hour), actorID: officerID, actorName: officerName, kind: "message",
						body: "Vi har ingen i tankarna ännu, så förslag tas gärna emot.", visibleToOfficer: true},
					proposalEvent{at: submitted.Add(72 * time.Hour), actorID: cid, actorName: cname, kind: "note",
						body: "Fråga regionteatern om någon av deras dramatiker är ledig under våren."})
			case "completion_requested", "accepted", "declined":
				events = append(events, proposalEvent{at: decided, actorID: cid, actorName: cname, kind: "transition",
					from: "in_review", to: p.State, body: p.Message, visibleToOfficer: true})
				state = p.State
			}
		}
		if p.State == "withdrawn" {
			events = append(events, proposalEvent{at: submitted.Add(5 * 24 * time.Hour), actorID: officerID, actorName: officerName,
				kind: "transition", from: state, to: "withdrawn", visibleToOfficer: true})
			state = "withdrawn"
		}
		if state != p.State {
			return fmt.Errorf("seed: proposal %s: the demo data cannot reach state %s", p.Key, p.State)
		}
		last := events[len(events)-1].at
		*pending = append(*pending, pendingRegistration{
			entry: registry.Entry{Kind: registry.KindProposal, Description: p.Title, SenderName: officerName,
				SenderOrg: municipality, SenderEmail: p.Officer, ReceivedAt: submitted},
			apply: func(regID int64) error {
				_, err := tx.Exec(ctx, `
					UPDATE proposals SET state = $2, registration_id = $3, submitted_at = $4, assigned_to = $5,
						version = version + $6, updated_at = $7
					WHERE id = $1`, id, p.State, regID, submitted, assigned, len(events), last)
				return err
			},
		})
		for _, e := range events {
			if _, err := tx.Exec(ctx, `
				INSERT INTO proposal_events (proposal_id, at, actor_id, actor_name, kind, from_state, to_state, body,
					visible_to_municipality)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				id, e.at, e.actorID, e.actorName, e.kind, e.from, e.to, e.body, e.visibleToOfficer); err != nil {
				return fmt.Errorf("seed: proposal %s: event: %w", p.Key, err)
			}
		}
		if p.Residency != "" {
			// The demo residency this proposal became, unless it already
			// came from another proposal.
			if _, err := tx.Exec(ctx, `
				WITH r AS (UPDATE residencies SET proposal_id = $1 WHERE slug = $2 AND demo AND proposal_id IS NULL RETURNING id)
				UPDATE proposals SET residency_id = (SELECT id FROM r) WHERE id = $1`, id, p.Residency); err != nil {
				return fmt.Errorf("seed: proposal %s: residency: %w", p.Key, err)
			}
		}
	}
	return nil
}

// cofunding is the proposal's co-funding, NULL for a draft that has none.
func cofunding(p DemoProposal) *int {
	if p.State == "draft" {
		return nil
	}
	return &p.CofundingSEK
}
