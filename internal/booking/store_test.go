package booking_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/booking"
	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/db/dbtest"
)

var now = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// mustConsultant creates a consultant account with a default profile and
// weekday mornings, and returns its id.
func mustConsultant(t *testing.T, pool *pgxpool.Pool, email string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := pool.QueryRow(ctx, `INSERT INTO users (email, name, role) VALUES ($1, 'Konsult', 'consultant') RETURNING id`,
		email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	a := booking.Availability{Profile: booking.DefaultProfile(id)}
	for d := 1; d <= 5; d++ {
		a.Hours = append(a.Hours, booking.Hours{Weekday: d, Starts: booking.At(9, 0), Ends: booking.At(12, 0)})
	}
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error { return booking.SaveAvailability(ctx, tx, a, now) }); err != nil {
		t.Fatal(err)
	}
	return id
}

func localAt(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15.04", s, civil.Stockholm)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func booker(name string) booking.Booker {
	return booking.Booker{Name: name, Email: "bokare@example.se", MeetingForm: booking.FormVideo,
		Topic: booking.TopicApplication}
}

// hold books [start, end) in a transaction of its own.
func hold(t *testing.T, pool *pgxpool.Pool, consultant int64, start, end string) (int64, error) {
	t.Helper()
	var id int64
	err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error {
		var err error
		id, err = booking.Hold(context.Background(), tx, consultant, localAt(t, start), localAt(t, end), booker("Ada"), now)
		return err
	})
	return id, err
}

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHoldConcurrent sends 200 requests for one slot at once, from many
// goroutines over two pools (as two instances would): exactly one holds it,
// every other gets ErrSlotTaken, and the losers leave nothing behind, not
// even the audit entry their transaction wrote before the booking.
func TestHoldConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	poolA := dbtest.New(t)
	poolB, err := db.Open(ctx, poolA.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(poolB.Close)
	consultant := mustConsultant(t, poolA, "konsult@example.se")
	start, end := localAt(t, "2026-03-03 10.00"), localAt(t, "2026-03-03 10.45")

	const requests = 200
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		won     []int64
		taken   int
		others  []error
		release = make(chan struct{})
	)
	for i := range requests {
		pool := poolA
		if i%2 == 1 {
			pool = poolB
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-release
			var id int64
			err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `INSERT INTO audit_log (action, target) VALUES ('booking.test', $1)`,
					fmt.Sprint(i)); err != nil {
					return err
				}
				var err error
				id, err = booking.Hold(ctx, tx, consultant, start, end, booker(fmt.Sprintf("Bokare %d", i)), now)
				return err
			})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won = append(won, id)
			case errors.Is(err, booking.ErrSlotTaken):
				taken++
			default:
				others = append(others, err)
			}
		}()
	}
	close(release)
	wg.Wait()

	if len(others) > 0 {
		t.Fatalf("%d requests failed otherwise, first: %v", len(others), others[0])
	}
	if len(won) != 1 || taken != requests-1 {
		t.Fatalf("held %d, taken %d; want 1 and %d", len(won), taken, requests-1)
	}
	if n := count(t, poolA, `SELECT count(*) FROM bookings`); n != 1 {
		t.Errorf("bookings = %d, want 1", n)
	}
	if n := count(t, poolA, `SELECT count(*) FROM audit_log WHERE action = 'booking.test'`); n != 1 {
		t.Errorf("audit entries = %d, want 1 (the losers' rolled back)", n)
	}
	if n := count(t, poolA, `SELECT count(*) FROM bookings WHERE id = $1 AND state = 'requested'
		AND during = tstzrange($2, $3)`, won[0], start, end); n != 1 {
		t.Errorf("the winner's booking is not requested [%v, %v)", start, end)
	}
}

// TestHoldOverlap checks which times a held booking refuses.
func TestHoldOverlap(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	consultant := mustConsultant(t, pool, "konsult@example.se")
	other := mustConsultant(t, pool, "annan@example.se")
	if _, err := hold(t, pool, consultant, "2026-03-03 10.00", "2026-03-03 10.45"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		consultant int64
		start, end string
		want       error
	}{
		{"same time", consultant, "2026-03-03 10.00", "2026-03-03 10.45", booking.ErrSlotTaken},
		{"overlapping the end", consultant, "2026-03-03 10.30", "2026-03-03 11.15", booking.ErrSlotTaken},
		{"overlapping the start", consultant, "2026-03-03 09.30", "2026-03-03 10.15", booking.ErrSlotTaken},
		{"inside", consultant, "2026-03-03 10.10", "2026-03-03 10.20", booking.ErrSlotTaken},
		{"around", consultant, "2026-03-03 09.00", "2026-03-03 11.00", booking.ErrSlotTaken},
		{"other consultant, same time", other, "2026-03-03 10.00", "2026-03-03 10.45", nil},
		{"right after (half-open)", consultant, "2026-03-03 10.45", "2026-03-03 11.30", nil},
		{"right before", consultant, "2026-03-03 09.15", "2026-03-03 10.00", nil},
		{"no such consultant", other + 1000, "2026-03-03 12.00", "2026-03-03 12.45", booking.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Not parallel: the cases that succeed change what the later
			// ones may overlap; none of the refused ones touch them.
			_, err := hold(t, pool, tt.consultant, tt.start, tt.end)
			if !errors.Is(err, tt.want) {
				t.Errorf("Hold = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestReleasedSlot checks that a declined or cancelled booking frees its
// time and a confirmed one keeps it.
func TestReleasedSlot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	consultant := mustConsultant(t, pool, "konsult@example.se")
	const start, end = "2026-03-03 10.00", "2026-03-03 10.45"
	move := func(t *testing.T, id int64, from, to booking.State) {
		t.Helper()
		if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
			return booking.SetState(ctx, tx, id, from, to, now)
		}); err != nil {
			t.Fatalf("SetState %s → %s: %v", from, to, err)
		}
	}
	for _, to := range []booking.State{booking.StateDeclined, booking.StateCancelled} {
		id, err := hold(t, pool, consultant, start, end)
		if err != nil {
			t.Fatalf("before %s: %v", to, err)
		}
		move(t, id, booking.StateRequested, to)
	}
	id, err := hold(t, pool, consultant, start, end)
	if err != nil {
		t.Fatalf("after declined and cancelled: %v", err)
	}
	move(t, id, booking.StateRequested, booking.StateConfirmed)
	if _, err := hold(t, pool, consultant, "2026-03-03 10.30", "2026-03-03 11.15"); !errors.Is(err, booking.ErrSlotTaken) {
		t.Errorf("Hold over a confirmed booking = %v, want ErrSlotTaken", err)
	}
	// A stale move (the booking is no longer requested) changes nothing.
	err = db.InTx(ctx, pool, func(tx pgx.Tx) error {
		return booking.SetState(ctx, tx, id, booking.StateRequested, booking.StateDeclined, now)
	})
	if !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("stale SetState = %v, want ErrNotFound", err)
	}
	busy, err := booking.Holding(ctx, pool, consultant, localAt(t, "2026-03-03 00.00"), localAt(t, "2026-03-04 00.00"))
	if err != nil {
		t.Fatal(err)
	}
	if len(busy) != 1 || !busy[0].Start.Equal(localAt(t, start)) || !busy[0].End.Equal(localAt(t, end)) {
		t.Errorf("Holding = %v, want the confirmed %s–%s only", busy, start, end)
	}
}

// TestAvailabilityRoundTrip saves a full availability, replaces it, and
// reads back exactly what was saved last.
func TestAvailabilityRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	id := mustConsultant(t, pool, "konsult@example.se")
	var artForm, municipality int64
	if err := pool.QueryRow(ctx, `INSERT INTO art_forms (slug, name) VALUES ('dans', 'Dans') RETURNING id`).
		Scan(&artForm); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `INSERT INTO municipalities (code, name, slug, county)
		VALUES ('0180', 'Stockholm', 'stockholm', 'Stockholms län') RETURNING id`).Scan(&municipality); err != nil {
		t.Fatal(err)
	}
	want := booking.Availability{
		Profile: booking.Profile{UserID: id, Title: "Konsulent", Text: "Om mig", MeetingMinutes: 60,
			BufferMinutes: 15, MinNoticeDays: 2, HorizonWeeks: 4, AllMunicipalities: false, Active: true,
			ArtFormIDs: []int64{artForm}, MunicipalityIDs: []int64{municipality},
			Topics: []booking.Topic{booking.TopicFunding, booking.TopicIdea}},
		Hours: []booking.Hours{
			{Weekday: 2, Starts: booking.At(9, 0), Ends: booking.At(11, 30)},
			{Weekday: 2, Starts: booking.At(13, 0), Ends: booking.EndOfDay},
			{Weekday: 7, Starts: booking.At(10, 15), Ends: booking.At(12, 0)},
		},
		Exceptions: []booking.Exception{
			{Day: time.Date(2026, 4, 3, 0, 0, 0, 0, time.UTC), Kind: booking.Closed},
			{Day: time.Date(2026, 4, 4, 0, 0, 0, 0, time.UTC), Kind: booking.Extra, Starts: booking.At(14, 0),
				Ends: booking.At(14, 45)},
		},
	}
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error { return booking.SaveAvailability(ctx, tx, want, now) }); err != nil {
		t.Fatal(err)
	}
	got, err := booking.LoadAvailability(ctx, pool, id)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(want.Profile.Topics) // loaded in value order
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("LoadAvailability:\n got %+v\nwant %+v", got, want)
	}
	if _, err := booking.LoadAvailability(ctx, pool, id+1000); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("LoadAvailability(unknown) = %v, want ErrNotFound", err)
	}
	bad := want
	bad.Profile.MeetingMinutes = 5
	err = db.InTx(ctx, pool, func(tx pgx.Tx) error { return booking.SaveAvailability(ctx, tx, bad, now) })
	var invalid booking.ErrInvalid
	if !errors.As(err, &invalid) {
		t.Errorf("SaveAvailability(5-minute meetings) = %v, want ErrInvalid", err)
	}
}

// TestFreeSlotsFromStore runs the engine on what the store holds: a booking
// off the slot grid takes both slots it overlaps.
func TestFreeSlotsFromStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	consultant := mustConsultant(t, pool, "konsult@example.se")
	if _, err := hold(t, pool, consultant, "2026-03-03 10.00", "2026-03-03 10.45"); err != nil {
		t.Fatal(err)
	}
	a, err := booking.LoadAvailability(ctx, pool, consultant)
	if err != nil {
		t.Fatal(err)
	}
	from, to := booking.Window(a, now)
	busy, err := booking.Holding(ctx, pool, consultant, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var tuesday []string
	for _, s := range booking.FreeSlots(a, busy, now) {
		if civil.ISODate(civil.Today(s.Start)) == "2026-03-03" {
			tuesday = append(tuesday, s.Label())
		}
	}
	want := []string{"tisdag 3 mars kl. 09.00–09.45", "tisdag 3 mars kl. 11.15–12.00"}
	if !slices.Equal(tuesday, want) {
		t.Errorf("free on Tuesday = %q, want %q", tuesday, want)
	}
}
