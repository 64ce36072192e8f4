package seed

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
	"residens/internal/registry"
)

// DemoFAQ is a common question of the support desk's demo.
type DemoFAQ struct {
	Key, Topic, Question, Answer string
}

// DemoFAQs are the six common questions of `seed --demo`.
var DemoFAQs = []DemoFAQ{
	{Key: "lokal-repetition", Topic: "lokaler", Question: "Var hittar jag en lokal att repetera eller arbeta i?",
		Answer: "Börja med kommunens kulturkontakt: många kommuner hyr ut lokaler i kulturhus, bibliotek och skolor till låg kostnad.\nFråga också studieförbunden, som ofta har lokaler för grupper."},
	{Key: "bidrag-projekt", Topic: "finansiering", Question: "Vilka bidrag kan jag söka för ett kulturprojekt?",
		Answer: "Det beror på vem du är och vad projektet gäller. I finansieringsguiden ser du bidrag från kommuner, regionen och staten med sista ansökningsdag.\nRegionens kulturbidrag kan sökas av både föreningar och enskilda."},
	{Key: "kommun-kontakt", Topic: "kontakt", Question: "Vem ska jag kontakta i min kommun om kultur?",
		Answer: "Varje kommun har en kontaktperson för kulturfrågor. Du hittar kontaktuppgifterna på kommunens sida här på webbplatsen."},
	{Key: "avtal-kommun", Topic: "avtal", Question: "Behöver jag ett skriftligt avtal när jag arbetar för en kommun?",
		Answer: "Ja, skriv alltid ett avtal om uppdrag, ersättning, tider och vem som äger rätten till det som skapas.\nKulturkonsulenterna kan läsa igenom ett utkast med dig."},
	{Key: "hitta-dansare", Topic: "kulturaktor", Question: "Hur hittar jag en dansare eller koreograf till ett skolprojekt?",
		Answer: "Sök bland kulturaktörerna på konstform och kommun. Du kan också boka ett rådgivningsmöte med konsulenten för dans."},
	{Key: "natverk-textil", Topic: "natverk", Question: "Finns det nätverk för konstnärer i länet?",
		Answer: "Ja, det finns nätverk per konstform och för konstnärer som arbetar med barn och unga. Konsulenten för din konstform vet vilka som är aktiva just nu."},
}

// upsertFAQs writes the demo's common questions, each by its key.
func upsertFAQs(ctx context.Context, tx pgx.Tx, now time.Time) error {
	for _, f := range DemoFAQs {
		if _, err := tx.Exec(ctx, `
			INSERT INTO faq_entries (topic, question, answer, published, demo_key, created_at, updated_at)
			VALUES ($1, $2, $3, true, $4, $5, $5)
			ON CONFLICT (demo_key) DO UPDATE SET topic = excluded.topic, question = excluded.question,
				answer = excluded.answer, published = true
			WHERE (faq_entries.topic, faq_entries.question, faq_entries.answer, faq_entries.published)
				IS DISTINCT FROM (excluded.topic, excluded.question, excluded.answer, true)`,
			f.Topic, f.Question, f.Answer, f.Key, now); err != nil {
			return fmt.Errorf("seed: faq %s: %w", f.Key, err)
		}
	}
	return nil
}

// DemoQuestionEvent is a step of a demo question's thread; By is the
// consultant's e-mail ("" for the asker).
type DemoQuestionEvent struct {
	Kind, Body, By, Referral string
	DaysAfter                int
}

// DemoQuestion is a question of the support desk's demo, DaysAgo working
// days (Monday to Friday) before seeding; ForOrg says it was asked for the
// Organisation.
type DemoQuestion struct {
	Key, Topic, ArtForm, Municipality string
	Body, Name, Email, Organisation   string
	ForOrg                            bool
	State, Assignee                   string
	DaysAgo                           int
	Events                            []DemoQuestionEvent
}

const (
	anna  = "anna.lindqvist@region.example.se"
	johan = "johan.berg@region.example.se"
)

// DemoQuestions are ten questions in every state, held by two consultants.
var DemoQuestions = []DemoQuestion{
	{Key: "q1", Topic: "lokaler", ArtForm: "dans", Municipality: "nacka", State: "ny", Assignee: anna, DaysAgo: 1,
		Body: "Vi är en dansgrupp som söker en repetitionslokal i Nacka två kvällar i veckan. Vart vänder vi oss?",
		Name: "Sara Ek", Email: "sara.ek@example.se"},
	{Key: "q2", Topic: "finansiering", ArtForm: "cirkus", Municipality: "huddinge", State: "ny", Assignee: anna, DaysAgo: 8,
		Body: "Finns det stöd att söka för en cirkusföreställning för förskolor?", Name: "Omar Said", Email: "omar.said@example.se",
		Organisation: "Cirkus Exempel", ForOrg: true},
	{Key: "q3", Topic: "kontakt", ArtForm: "musik", Municipality: "taby", State: "pagar", Assignee: johan, DaysAgo: 2,
		Body: "Vem på Täby kommun ansvarar för musik i äldreomsorgen?", Name: "Lena Holm", Email: "lena.holm@example.se",
		Events: []DemoQuestionEvent{{Kind: "note", Body: "Kollar med kommunens kulturkontakt först.", By: johan, DaysAfter: 1}}},
	{Key: "q4", Topic: "avtal", ArtForm: "film", Municipality: "sollentuna", State: "pagar", Assignee: johan, DaysAgo: 6,
		Body: "Kommunen vill att vi skriver över rättigheterna till filmen. Är det rimligt?", Name: "Per Lund", Email: "per.lund@example.se",
		Organisation: "Lund Film AB", ForOrg: true,
		Events: []DemoQuestionEvent{{Kind: "note", Body: "Behöver läsa avtalsutkastet innan jag svarar.", By: johan, DaysAfter: 1}}},
	{Key: "q5", Topic: "kulturaktor", ArtForm: "dans", Municipality: "botkyrka", State: "vantar", Assignee: anna, DaysAgo: 5,
		Body: "Vi söker en koreograf för ett projekt med mellanstadiet.", Name: "Karin Berg", Email: "karin.berg@example.se",
		Events: []DemoQuestionEvent{{Kind: "answer", Body: "Vilken period gäller projektet och hur många klasser är med?", By: anna, DaysAfter: 1},
			{Kind: "waiting", By: anna, DaysAfter: 1}}},
	{Key: "q6", Topic: "natverk", ArtForm: "litteratur", Municipality: "norrtalje", State: "besvarad", Assignee: johan, DaysAgo: 9,
		Body: "Finns det något nätverk för författare i Norrtälje?", Name: "Eva Nord", Email: "eva.nord@example.se",
		Events: []DemoQuestionEvent{{Kind: "answer", Body: "Ja, biblioteket samlar ett skrivarnätverk en gång i månaden. Jag har skickat dina uppgifter till samordnaren.", By: johan, DaysAfter: 2}}},
	{Key: "q7", Topic: "kompetens", ArtForm: "cirkus", State: "besvarad", Assignee: anna, DaysAgo: 12,
		Body: "Finns det kurser i riskbedömning för luftakrobatik?", Name: "Nils Ahl", Email: "nils.ahl@example.se",
		Events: []DemoQuestionEvent{{Kind: "note", Body: "Frågade kollegorna i nätverket om kurser.", By: anna, DaysAfter: 1},
			{Kind: "answer", Body: "Cirkusnätverket ordnar en kurs i vår. Jag skickar inbjudan när den kommer.", By: anna, DaysAfter: 2}}},
	{Key: "q8", Topic: "finansiering", ArtForm: "teater", Municipality: "vallentuna", State: "hanvisad", Assignee: johan, DaysAgo: 10,
		Body: "Vi vill turnera med en föreställning i hela landet. Vem kan stödja det?", Name: "Maja Sten", Email: "maja.sten@example.se",
		Organisation: "Teater Exempel", ForOrg: true,
		Events: []DemoQuestionEvent{{Kind: "referral", Body: "Turnéstöd för hela landet söks hos Kulturrådet.", By: johan, Referral: "kulturradet-exempel", DaysAfter: 1}}},
	{Key: "q9", Topic: "lokaler", ArtForm: "dans", Municipality: "ekero", State: "stangd", Assignee: anna, DaysAgo: 20,
		Body: "Kan vi låna en gymnastiksal för dansträning på helger?", Name: "Ida Lööf", Email: "ida.loof@example.se",
		Events: []DemoQuestionEvent{{Kind: "answer", Body: "Kommunens fritidsförvaltning bokar salarna. Du kan boka på kommunens webbplats.", By: anna, DaysAfter: 1},
			{Kind: "followup", Body: "Tack, det gick bra!", DaysAfter: 3}, {Kind: "closed", By: anna, DaysAfter: 4}}},
	{Key: "q10", Topic: "annat", ArtForm: "musik", Municipality: "vaxholm", State: "stangd", Assignee: johan, DaysAgo: 25,
		Body: "Hur gör jag med försäkring när jag spelar på kommunala evenemang?", Name: "Tor Vik", Email: "tor.vik@example.se",
		Events: []DemoQuestionEvent{{Kind: "answer", Body: "Fråga arrangören om deras försäkring täcker dig, och se över din egen ansvarsförsäkring.", By: johan, DaysAfter: 2},
			{Kind: "closed", DaysAfter: 5}}},
}

// workingDaysBack is the day n working days (Monday to Friday) before now,
// at 10.00 Stockholm time.
func workingDaysBack(now time.Time, n int) time.Time {
	d := openingDay(civil.Today(now), -n, nil)
	return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, civil.Stockholm)
}

// upsertQuestions makes the demo's questions that are not there yet, each
// registered (through pending) when it came in; a question once made is
// left as the demo's visitors move it on.
func upsertQuestions(ctx context.Context, tx pgx.Tx, pending *[]pendingRegistration, now time.Time, people map[string]int64) error {
	for _, q := range DemoQuestions {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM questions WHERE demo_key = $1)`, q.Key).Scan(&exists); err != nil {
			return fmt.Errorf("seed: question %s: %w", q.Key, err)
		}
		if exists {
			continue
		}
		received := workingDaysBack(now, q.DaysAgo)
		org := ""
		if q.ForOrg {
			org = q.Organisation
		}
		*pending = append(*pending, pendingRegistration{
			entry: registry.Entry{Kind: registry.KindQuestion, Description: "Fråga om " + demoTopicLabels[q.Topic],
				SenderName: q.Name, SenderIsPerson: !q.ForOrg, SenderOrg: org, SenderEmail: q.Email, ReceivedAt: received},
			apply: func(regID int64) error { return insertDemoQuestion(ctx, tx, q, regID, received, people) },
		})
	}
	return nil
}

var demoTopicLabels = map[string]string{
	"kulturaktor": "hitta kulturaktör", "kontakt": "kontakt i kommun eller region", "finansiering": "finansiering",
	"lokaler": "lokaler", "avtal": "avtal och samverkan", "natverk": "nätverk och sammanhang",
	"kompetens": "kompetensutveckling", "annat": "annat",
}

func insertDemoQuestion(ctx context.Context, tx pgx.Tx, q DemoQuestion, regID int64, received time.Time, people map[string]int64) error {
	var id int64
	err := tx.QueryRow(ctx, `
		INSERT INTO questions (registration_id, topic, art_form_id, municipality_id, body, name, email, organisation,
			for_organisation, state, assignee_id, received_at, awaiting_since, updated_at, demo_key)
		VALUES ($1, $2, (SELECT id FROM art_forms WHERE slug = nullif($3, '')),
			(SELECT id FROM municipalities WHERE slug = nullif($4, '')), $5, $6, $7, $8, $9, $10, $11, $12, $12, $12, $13)
		RETURNING id`,
		regID, q.Topic, q.ArtForm, q.Municipality, q.Body, q.Name, q.Email, q.Organisation, q.ForOrg, q.State,
		people[q.Assignee], received, q.Key).Scan(&id)
	if err != nil {
		return fmt.Errorf("seed: question %s: %w", q.Key, err)
	}
	hash := sha256.Sum256([]byte(rand.Text()))
	if _, err := tx.Exec(ctx, `INSERT INTO question_links (token_hash, question_id, created_at) VALUES ($1, $2, $3)`,
		hash[:], id, received); err != nil {
		return fmt.Errorf("seed: question %s: link: %w", q.Key, err)
	}
	last := received
	for _, e := range q.Events {
		at := received.AddDate(0, 0, e.DaysAfter)
		contact := ""
		var orgID *int64
		if e.Referral != "" {
			var name, email, phone, address, url string
			var oid int64
			if err := tx.QueryRow(ctx, `SELECT id, name, email, phone, address, url FROM support_organisations WHERE slug = $1`,
				e.Referral).Scan(&oid, &name, &email, &phone, &address, &url); err != nil {
				return fmt.Errorf("seed: question %s: referral: %w", q.Key, err)
			}
			orgID, contact = &oid, name+"\n"+email+"\n"+phone+"\n"+address+"\n"+url
		}
		var author *int64
		if e.By != "" {
			a := people[e.By]
			author = &a
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO question_events (question_id, registration_id, kind, body, contact, organisation_id, author_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, regID, e.Kind, e.Body, contact, orgID, author, at); err != nil {
			return fmt.Errorf("seed: question %s: event: %w", q.Key, err)
		}
		last = at
	}
	if _, err := tx.Exec(ctx, `UPDATE questions SET updated_at = $2 WHERE id = $1`, id, last); err != nil {
		return fmt.Errorf("seed: question %s: %w", q.Key, err)
	}
	return nil
}
