package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/registry"
)

// Activity writes the demo's people and what they have been doing, so that
// every area of the portal has something to show: the consultants with
// their profiles and opening hours (the booking journey offers free times at
// once), the municipality officers and a proposal in each state, artists'
// applications to the demo calls and the jury's review of the closed one,
// and booked meetings in each state. Every item that comes in from outside
// is numbered by reg, as it would have been when it came in.
//
// It runs after Demo and Calls (it needs their vocabularies and calls), in
// one transaction, and can run again: the accounts, profiles, opening hours
// and bookings are brought back to the demo's (bookings moved to their days
// counted from now), while proposals, applications and reviews are made
// once and then left as the demo's visitors have moved them on.
func Activity(ctx context.Context, pool *pgxpool.Pool, reg *registry.Registry, now time.Time) error {
	return db.InTx(ctx, pool, func(tx pgx.Tx) error {
		people := map[string]int64{}
		names := map[string]string{}
		for _, c := range DemoConsultants {
			id, err := upsertConsultant(ctx, tx, c, now)
			if err != nil {
				return err
			}
			people[c.Email], names[c.Email] = id, c.Name
		}
		for _, group := range [][]DemoPerson{DemoOfficers, DemoArtists, DemoJurors} {
			for _, p := range group {
				id, err := upsertPerson(ctx, tx, p, now)
				if err != nil {
					return err
				}
				people[p.Email], names[p.Email] = id, p.Name
			}
		}
		var pending []pendingRegistration
		if err := upsertProposals(ctx, tx, &pending, now, people, names); err != nil {
			return err
		}
		if err := upsertApplications(ctx, tx, &pending, people, names); err != nil {
			return err
		}
		if err := upsertBookings(ctx, tx, &pending, now, people); err != nil {
			return err
		}
		if err := upsertQuestions(ctx, tx, &pending, now, people); err != nil {
			return err
		}
		// Numbered in the order the items came in, as the register would
		// have numbered them.
		slices.SortStableFunc(pending, func(a, b pendingRegistration) int {
			return a.entry.ReceivedAt.Compare(b.entry.ReceivedAt)
		})
		for _, p := range pending {
			r, err := reg.Register(ctx, tx, p.entry)
			if err != nil {
				return fmt.Errorf("seed: register %s: %w", p.entry.Description, err)
			}
			if err := p.apply(r.ID); err != nil {
				return fmt.Errorf("seed: register %s: %w", p.entry.Description, err)
			}
		}
		return upsertReviews(ctx, tx, people)
	})
}

// pendingRegistration is an item of the demo that came in from outside: its
// entry for the register, and apply, which records the number's id on the
// item (and moves it to the state that needs one).
type pendingRegistration struct {
	entry registry.Entry
	apply func(regID int64) error
}
