package booking

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/consultant"
	"residens/internal/db"
)

// Consultant is an active consultant as the public sees them.
type Consultant = consultant.Consultant

// Photo is a stored image with the size of its original.
type Photo = consultant.Photo

// Option is one choice of a select.
type Option struct {
	ID   int64
	Name string
}

// activeConsultants lists the active consultants by the rules that route
// every question (package consultant).
func activeConsultants(ctx context.Context, q db.Querier, artFormID, municipalityID int64) ([]Consultant, error) {
	return consultant.Active(ctx, q, artFormID, municipalityID)
}

func options(ctx context.Context, q db.Querier, sql string) ([]Option, error) {
	rows, err := q.Query(ctx, sql)
	if err != nil {
		return nil, fmt.Errorf("booking: options: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Option, error) {
		var o Option
		err := r.Scan(&o.ID, &o.Name)
		return o, err
	})
}

func artForms(ctx context.Context, q db.Querier) ([]Option, error) {
	return options(ctx, q, `SELECT id, name FROM art_forms ORDER BY position, name`)
}

func municipalities(ctx context.Context, q db.Querier) ([]Option, error) {
	return options(ctx, q, `SELECT id, name FROM municipalities ORDER BY name`)
}

// Offer is a free slot of one consultant.
type Offer struct {
	Slot       Slot
	Consultant Consultant
}

// Value is the radio value: consultant id and start as Unix seconds.
func (o Offer) Value() string { return fmt.Sprintf("%d-%d", o.Consultant.ID, o.Slot.Start.Unix()) }

// Label is the slot's full label with the consultant's name.
func (o Offer) Label() string { return o.Slot.Label() + " med " + o.Consultant.Name }

// freeSlots lists a consultant's free slots at now.
func freeSlots(ctx context.Context, q db.Querier, consultantID int64, now time.Time) ([]Slot, error) {
	a, err := LoadAvailability(ctx, q, consultantID)
	if err != nil {
		return nil, err
	}
	if !a.Profile.Active {
		return nil, nil
	}
	from, to := Window(a, now)
	busy, err := Holding(ctx, q, consultantID, from, to)
	if err != nil {
		return nil, err
	}
	return FreeSlots(a, busy, now), nil
}
