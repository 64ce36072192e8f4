package seed

import (
	"context"
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
		if err := upsertProposals(ctx, tx, reg, now, people, names); err != nil {
			return err
		}
		if err := upsertApplications(ctx, tx, reg, people, names); err != nil {
			return err
		}
		return upsertBookings(ctx, tx, reg, now, people)
	})
}
