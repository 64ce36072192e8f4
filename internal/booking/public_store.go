package booking

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// Consultant is an active consultant as the public sees them.
type Consultant struct {
	ID             int64
	Name           string
	Email          string
	Title          string
	Text           string
	ArtForms       []string
	Municipalities []string
	All            bool
	// Photo is the consultant's portrait (ID 0: none); its alt text is the
	// name.
	Photo Photo
}

// Photo is a stored image with the size of its original, for the width and
// height attributes that keep the page from jumping as it loads.
type Photo struct {
	ID, Width, Height int64
}

// Option is one choice of a select.
type Option struct {
	ID   int64
	Name string
}

// activeConsultants lists the active consultants; with artFormID and
// municipalityID above zero only those who advise on that art form and
// cover that municipality.
func activeConsultants(ctx context.Context, q db.Querier, artFormID, municipalityID int64) ([]Consultant, error) {
	rows, err := q.Query(ctx, `
		SELECT u.id, u.name, u.email, p.title, p.text, p.all_municipalities,
			coalesce(i.id, 0), coalesce(i.width, 0), coalesce(i.height, 0),
			ARRAY(SELECT a.name FROM consultant_art_forms ca JOIN art_forms a ON a.id = ca.art_form_id
				WHERE ca.user_id = u.id ORDER BY a.position, a.name),
			ARRAY(SELECT m.name FROM consultant_municipalities cm JOIN municipalities m ON m.id = cm.municipality_id
				WHERE cm.user_id = u.id ORDER BY m.name)
		FROM consultant_profiles p JOIN users u ON u.id = p.user_id
		LEFT JOIN images i ON i.id = p.photo_image_id
		WHERE p.active AND u.disabled_at IS NULL
			AND ($1 = 0 OR EXISTS (SELECT 1 FROM consultant_art_forms ca WHERE ca.user_id = u.id AND ca.art_form_id = $1))
			AND ($2 = 0 OR p.all_municipalities
				OR EXISTS (SELECT 1 FROM consultant_municipalities cm WHERE cm.user_id = u.id AND cm.municipality_id = $2))
		ORDER BY u.name, u.id`, artFormID, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("booking: consultants: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Consultant, error) {
		var c Consultant
		err := r.Scan(&c.ID, &c.Name, &c.Email, &c.Title, &c.Text, &c.All, &c.Photo.ID, &c.Photo.Width,
			&c.Photo.Height, &c.ArtForms, &c.Municipalities)
		return c, err
	})
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
