package testutil

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/residency"
)

// Residency is a residency a test adds beyond the demo content. Vocabulary
// entries and actors are named by slug; the zero value of Unpublished
// publishes it, and Kind defaults to kommunresidens.
type Residency struct {
	Slug, Title  string
	Kind         string
	Municipality string // slug
	District     string
	VenueName    string
	Summary      string
	Body         string
	Outcome      string
	StartsOn     time.Time
	EndsOn       time.Time
	ArtForms     []string
	TargetGroups []string
	VenueTypes   []string
	Actors       []string // actor slugs, in credit order
	Participants *int
	Unpublished  bool
}

// InsertResidency writes r, with its links and search terms, the way the
// editing screens will, and returns its ID.
func InsertResidency(tb testing.TB, pool *pgxpool.Pool, r Residency) int64 {
	tb.Helper()
	if r.Kind == "" {
		r.Kind = "kommunresidens"
	}
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `
			INSERT INTO residencies (slug, title, kind, municipality_id, district, venue_name, starts_on, ends_on,
				summary, body, outcome, participants, published)
			VALUES ($1, $2, $3, (SELECT id FROM municipalities WHERE slug = $4), $5, $6, $7, $8, $9, $10, $11, $12, $13)
			RETURNING id`,
			r.Slug, r.Title, r.Kind, r.Municipality, r.District, r.VenueName, r.StartsOn, r.EndsOn,
			r.Summary, r.Body, r.Outcome, r.Participants, !r.Unpublished).Scan(&id); err != nil {
			return err
		}
		links := []struct {
			table, col, vocab string
			slugs             []string
		}{
			{"residency_art_forms", "art_form_id", "art_forms", r.ArtForms},
			{"residency_target_groups", "target_group_id", "target_groups", r.TargetGroups},
			{"residency_venue_types", "venue_type_id", "venue_types", r.VenueTypes},
		}
		for _, l := range links {
			tag, err := tx.Exec(ctx, `INSERT INTO `+l.table+` (residency_id, `+l.col+`) SELECT $1, id FROM `+l.vocab+` WHERE slug = ANY($2)`, id, l.slugs)
			if err != nil {
				return err
			}
			if int(tag.RowsAffected()) != len(l.slugs) {
				tb.Fatalf("testutil: residency %s: some of %s %q do not exist", r.Slug, l.vocab, l.slugs)
			}
		}
		for i, a := range r.Actors {
			tag, err := tx.Exec(ctx, `INSERT INTO residency_actors (residency_id, actor_id, role, position)
				SELECT $1, id, 'Medverkande', $3 FROM cultural_actors WHERE slug = $2`, id, a, i)
			if err != nil {
				return err
			}
			if tag.RowsAffected() != 1 {
				tb.Fatalf("testutil: residency %s: no actor %q", r.Slug, a)
			}
		}
		return residency.RefreshSearchTerms(ctx, tx, []int64{id})
	})
	if err != nil {
		tb.Fatalf("testutil: insert residency %s: %v", r.Slug, err)
	}
	return id
}

// Actor is a cultural actor a test adds beyond the demo content.
type Actor struct {
	Slug, Name  string
	Kind        string // defaults to artist
	Home        string // municipality slug, or ""
	ArtForms    []string
	Unpublished bool
}

// InsertActor writes a and returns its ID.
func InsertActor(tb testing.TB, pool *pgxpool.Pool, a Actor) int64 {
	tb.Helper()
	if a.Kind == "" {
		a.Kind = "artist"
	}
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `
			INSERT INTO cultural_actors (slug, name, kind, home_municipality_id, published)
			VALUES ($1, $2, $3, (SELECT id FROM municipalities WHERE slug = nullif($4, '')), $5)
			RETURNING id`, a.Slug, a.Name, a.Kind, a.Home, !a.Unpublished).Scan(&id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO actor_art_forms (actor_id, art_form_id) SELECT $1, id FROM art_forms WHERE slug = ANY($2)`, id, a.ArtForms)
		return err
	})
	if err != nil {
		tb.Fatalf("testutil: insert actor %s: %v", a.Slug, err)
	}
	return id
}

// Date is a calendar date as the stores take it.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Days is Today moved by n days.
func Days(n int) time.Time { return Today().AddDate(0, 0, n) }

// Call is an open call a test adds. Municipalities are slugs; the zero
// Criteria gets two (Konstnärlig kvalitet weight 2, Erfarenhet av barn och
// unga weight 1); the zero Attachments asks for a required CV and an
// optional work plan. Draft leaves it unpublished.
type Call struct {
	Slug, Title    string
	Kind           string // kommunkoreograf (default) or residency
	Municipalities []string
	OpensAt        time.Time
	ClosesAt       time.Time
	Criteria       []CallCriterion
	Attachments    map[string]bool // kind -> required
	Reviewers      []int64         // user IDs
	Draft          bool
}

// CallCriterion is one assessment criterion of a test call.
type CallCriterion struct {
	Name   string
	Weight int
}

// InsertCall writes c with its parts and returns its ID.
func InsertCall(tb testing.TB, pool *pgxpool.Pool, c Call) int64 {
	tb.Helper()
	if c.Kind == "" {
		c.Kind = "kommunkoreograf"
	}
	if c.Criteria == nil {
		c.Criteria = []CallCriterion{{"Konstnärlig kvalitet", 2}, {"Erfarenhet av barn och unga", 1}}
	}
	if c.Attachments == nil {
		c.Attachments = map[string]bool{"cv": true, "work_plan": false}
	}
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		var published *time.Time
		if !c.Draft {
			published = &c.OpensAt
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO calls (slug, title, kind, description, opens_at, closes_at, published_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			c.Slug, c.Title, c.Kind, "Utlysningen "+c.Title+".", c.OpensAt, c.ClosesAt, published).Scan(&id); err != nil {
			return err
		}
		for _, m := range c.Municipalities {
			if _, err := tx.Exec(ctx, `INSERT INTO call_municipalities (call_id, municipality_id)
				SELECT $1, id FROM municipalities WHERE slug = $2`, id, m); err != nil {
				return err
			}
		}
		for i, cr := range c.Criteria {
			if _, err := tx.Exec(ctx, `INSERT INTO call_criteria (call_id, position, name, weight) VALUES ($1, $2, $3, $4)`,
				id, i+1, cr.Name, cr.Weight); err != nil {
				return err
			}
		}
		for kind, required := range c.Attachments {
			if _, err := tx.Exec(ctx, `INSERT INTO call_attachments (call_id, kind, required) VALUES ($1, $2, $3)`,
				id, kind, required); err != nil {
				return err
			}
		}
		for _, u := range c.Reviewers {
			if _, err := tx.Exec(ctx, `INSERT INTO call_reviewers (call_id, user_id) VALUES ($1, $2)`, id, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("insert call %s: %v", c.Slug, err)
	}
	return id
}

// Application is a submitted application a test adds to a call (the
// review tests need some without going through the artists' pages).
type Application struct {
	CallID      int64
	ApplicantID int64 // an artist user
	Name        string
	Email       string
	SubmittedAt time.Time
}

// InsertApplication writes a complete, submitted application with a
// registration number and returns its ID.
func InsertApplication(tb testing.TB, pool *pgxpool.Pool, a Application) int64 {
	tb.Helper()
	if a.SubmittedAt.IsZero() {
		a.SubmittedAt = Now
	}
	ctx := context.Background()
	var id int64
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		year := a.SubmittedAt.In(civil.Stockholm).Year()
		var regID int64
		if err := tx.QueryRow(ctx, `
			WITH n AS (
				INSERT INTO registration_counters (year, last) VALUES ($1, 1)
				ON CONFLICT (year) DO UPDATE SET last = registration_counters.last + 1 RETURNING last)
			INSERT INTO registrations (year, seq, number, kind, description, sender_name, sender_is_person, sender_email, received_at)
			SELECT $1, n.last, 'TEST-' || $1 || '-' || lpad(n.last::text, 4, '0'), 'application', 'Ansökan', $2, true, $3, $4
			FROM n RETURNING id`, year, a.Name, a.Email, a.SubmittedAt).Scan(&regID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `
			INSERT INTO applications (call_id, applicant_id, state, contact_name, contact_email, practice, experience,
				idea, languages, declaration, registration_id, submitted_at)
			VALUES ($1, $2, 'submitted', $3, $4, 'Samtida dans.', 'Tio år med skolor.', 'Ett år av dans i skolan.',
				'svenska', true, $5, $6) RETURNING id`,
			a.CallID, a.ApplicantID, a.Name, a.Email, regID, a.SubmittedAt).Scan(&id)
	})
	if err != nil {
		tb.Fatalf("insert application of %s: %v", a.Name, err)
	}
	return id
}
