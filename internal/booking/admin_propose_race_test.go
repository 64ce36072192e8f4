package booking_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"residens/internal/testutil"
)

// TestProposeWhileBookerMoves: the consultant proposes a time while the
// booker moves the same booking through the manage link. The booker's move
// (booking.Move) queues on the consultant's row first and then updates the
// booking; the proposal must take the locks in the same order, or the two
// transactions deadlock and PostgreSQL aborts one of them: a 500 for the
// consultant or a lost move for the booker. In order, the booker's move
// wins and the consultant is told the booking changed (409).
func TestProposeWhileBookerMoves(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.consultant(t, "Klara Konsulent")
	id := s.hold(t, c, monday(9), "Nora")
	values, _ := radios(s.get(t, "/konsulent/bokningar/"+id+"/ny-tid", c))
	if len(values) == 0 {
		t.Fatal("no times to propose")
	}
	ctx := context.Background()
	// The booker's move, step by step as booking.Move takes it.
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT 1 FROM consultant_profiles WHERE user_id = $1 FOR NO KEY UPDATE`, c.ID); err != nil {
		t.Fatal(err)
	}
	answer := make(chan *testutil.Response, 1)
	go func() {
		answer <- testutil.Serve(t, s.h, testutil.Request(http.MethodPost, "/konsulent/bokningar/"+id+"/ny-tid",
			url.Values{"tid": {values[0]}}, c.cookie))
	}()
	// Wait until the proposal waits for a lock that tx holds.
	deadline := time.Now().Add(5 * time.Second)
	for testutil.Scalar[int](t, s.pool, `SELECT count(*)::int FROM pg_stat_activity
		WHERE datname = current_database() AND wait_event_type = 'Lock'`) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the proposal never waited for the booker's move")
		}
		time.Sleep(10 * time.Millisecond)
	}
	moved := monday(11)
	if _, err := tx.Exec(ctx, `UPDATE bookings SET during = tstzrange($2, $3, '[)'), sequence = sequence + 1
		WHERE id = $1::bigint`, id, moved, moved.Add(45*time.Minute)); err != nil {
		t.Fatalf("the booker's move failed: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("the booker's move failed: %v", err)
	}
	r := <-answer
	if r.Status != http.StatusConflict {
		t.Errorf("proposal: %d, want 409 (the booking changed meanwhile)", r.Status)
	}
	start := testutil.Scalar[time.Time](t, s.pool, `SELECT lower(during) FROM bookings WHERE id = $1::bigint`, id)
	if !start.Equal(moved) {
		t.Errorf("booking at %s, want the booker's new time %s", start, moved)
	}
}
