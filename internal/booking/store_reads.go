package booking

import (
	"context"
	"time"

	"residens/internal/residency"
)

// The store's reads, for the pages: each is one of the package's queries
// over the pool, outside any transaction.

// Get returns the booking l looks up; ErrNotFound when there is none (or
// l's owner may not see it).
func (s *Store) Get(ctx context.Context, l Lookup) (*Booking, error) { return Load(ctx, s.pool, l) }

// Vocabulary returns the art forms and municipalities the availability
// form offers.
func (s *Store) Vocabulary(ctx context.Context) (residency.Vocabulary, error) {
	return residency.NewStore(s.pool).Vocabulary(ctx)
}

// Availability returns the saved availability of the consultant userID;
// ErrNotFound when they have saved none.
func (s *Store) Availability(ctx context.Context, userID int64) (Availability, error) {
	return LoadAvailability(ctx, s.pool, userID)
}

// Holding lists the times the bookings of consultantID hold between from
// and to.
func (s *Store) Holding(ctx context.Context, consultantID int64, from, to time.Time) ([]Slot, error) {
	return Holding(ctx, s.pool, consultantID, from, to)
}

// CurrentPhoto returns the portrait of the consultant userID, nil for none.
func (s *Store) CurrentPhoto(ctx context.Context, userID int64) (*int64, error) {
	return currentPhoto(ctx, s.pool, userID)
}

// Consultants lists the accounts with a consultant profile, by name.
func (s *Store) Consultants(ctx context.Context) ([]Person, error) { return consultants(ctx, s.pool) }

// Inbox lists one page of the bookings in state of consultant (nil: all),
// with the total count.
func (s *Store) Inbox(ctx context.Context, consultant *int64, state State, page int) ([]Booking, int, error) {
	return inbox(ctx, s.pool, consultant, state, page)
}

// StateCounts counts the bookings of consultant (nil: all) in each state.
func (s *Store) StateCounts(ctx context.Context, consultant *int64) (map[State]int, error) {
	return stateCounts(ctx, s.pool, consultant)
}

// ActiveConsultants lists the active consultants; with artFormID and
// municipalityID above zero only those who advise on that art form and
// cover that municipality.
func (s *Store) ActiveConsultants(ctx context.Context, artFormID, municipalityID int64) ([]Consultant, error) {
	return activeConsultants(ctx, s.pool, artFormID, municipalityID)
}

// ArtForms lists the art forms in their order.
func (s *Store) ArtForms(ctx context.Context) ([]Option, error) { return artForms(ctx, s.pool) }

// Municipalities lists the municipalities by name.
func (s *Store) Municipalities(ctx context.Context) ([]Option, error) {
	return municipalities(ctx, s.pool)
}

// FreeSlots lists the free times of the consultant consultantID at now.
func (s *Store) FreeSlots(ctx context.Context, consultantID int64, now time.Time) ([]Slot, error) {
	return freeSlots(ctx, s.pool, consultantID, now)
}
