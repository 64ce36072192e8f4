package booking_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"residens/internal/booking"
	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/secret"
)

// TestMove moves a confirmed booking: it takes the new time, becomes a
// request, counts one more change and forgets the reminder of the old time;
// a time another booking holds is refused without a trace, and a booking
// that holds no time cannot be moved.
func TestMove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	consultant := mustConsultant(t, pool, "konsult@example.se")
	id, err := hold(t, pool, consultant, "2026-03-03 09.00", "2026-03-03 09.45")
	if err != nil {
		t.Fatal(err)
	}
	other, err := hold(t, pool, consultant, "2026-03-03 11.00", "2026-03-03 11.45")
	if err != nil {
		t.Fatal(err)
	}
	move := func(id int64, start, end string) error {
		return db.InTx(ctx, pool, func(tx pgx.Tx) error {
			return booking.Move(ctx, tx, id, consultant, localAt(t, start), localAt(t, end), now)
		})
	}
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if err := booking.SetState(ctx, tx, id, booking.StateRequested, booking.StateConfirmed, now); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE bookings SET reminder_sent_at = $2 WHERE id = $1`, id, now)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	if err := move(id, "2026-03-03 11.30", "2026-03-03 12.15"); !errors.Is(err, booking.ErrSlotTaken) {
		t.Fatalf("move over another booking = %v, want ErrSlotTaken", err)
	}
	if n := count(t, pool, `SELECT sequence FROM bookings WHERE id = $1 AND state = 'confirmed'
		AND lower(during) = $2 AND reminder_sent_at IS NOT NULL`, id, localAt(t, "2026-03-03 09.00")); n != 1 {
		t.Errorf("a refused move changed the booking (sequence %d)", n)
	}
	// Overlapping its own old time is no conflict: the booking gives it up.
	if err := move(id, "2026-03-03 09.30", "2026-03-03 10.15"); err != nil {
		t.Fatalf("move: %v", err)
	}
	if n := count(t, pool, `SELECT count(*) FROM bookings WHERE id = $1 AND state = 'requested' AND sequence = 2
		AND lower(during) = $2 AND reminder_sent_at IS NULL`, id, localAt(t, "2026-03-03 09.30")); n != 1 {
		t.Errorf("after the move the booking is not a request at 09.30 with sequence 2 and no reminder")
	}

	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		return booking.SetState(ctx, tx, other, booking.StateRequested, booking.StateCancelled, now)
	}); err != nil {
		t.Fatal(err)
	}
	if err := move(other, "2026-03-04 09.00", "2026-03-04 09.45"); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("moving a cancelled booking = %v, want ErrNotFound", err)
	}
}

// TestLinks: a further link finds the same booking as the first, and a
// token that NewToken could not have made has no hash to look up.
func TestLinks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	consultant := mustConsultant(t, pool, "konsult@example.se")
	id, err := hold(t, pool, consultant, "2026-03-03 09.00", "2026-03-03 09.45")
	if err != nil {
		t.Fatal(err)
	}
	var token string
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		var err error
		token, err = booking.AddLink(ctx, tx, id, now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	hash := secret.Hash(token)
	if hash == nil || count(t, pool, `SELECT count(*) FROM booking_links WHERE token_hash = $1 AND booking_id = $2`, hash, id) != 1 {
		t.Errorf("the link's hash is not stored for the booking")
	}
	for _, bad := range []string{"", "kort", token + "A", token[:42] + "!"} {
		if secret.Hash(bad) != nil {
			t.Errorf("secret.Hash(%q) is not nil", bad)
		}
	}
	if a, _ := secret.New(); a == token {
		t.Errorf("two tokens alike")
	}
}
