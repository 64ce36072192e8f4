package admin_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/admin"
	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/testutil"
)

func TestDetailText(t *testing.T) {
	tests := []struct {
		name   string
		detail map[string]any
		want   string
	}{
		{"empty", nil, ""},
		{"role change in reading order", map[string]any{"to_municipality": "Nacka", "to": "municipality", "from": "admin"},
			"Från roll: Administratör; Till roll: Kommunhandläggare; Till kommun: Nacka"},
		{"resend", map[string]any{"role": "consultant", "resend": true}, "Roll: Kulturkonsulent; Ny inbjudan: ja"},
		{"unknown keys last, by key", map[string]any{"zeta": "z", "alpha": 2.0, "via": "cli"}, "Via: cli; alpha: 2; zeta: z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := admin.DetailText(tt.detail); got != tt.want {
				t.Errorf("DetailText = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLastAdminGuardConcurrent has two admins demote each other at the same
// moment: one change must be refused, whichever comes second.
func TestLastAdminGuardConcurrent(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	store := admin.NewStore(s.pool, testutil.Clock)
	for round := range 5 {
		a := s.addUser(t, auth.RoleAdmin, "a"+string(rune('0'+round))+"@region.se", "A", "")
		b := s.addUser(t, auth.RoleAdmin, "b"+string(rune('0'+round))+"@region.se", "B", "")
		if round > 0 {
			// Only the two of this round are admins who can sign in.
			if _, err := s.pool.Exec(context.Background(), `UPDATE users SET role = 'artist' WHERE role = 'admin' AND id NOT IN ($1, $2)`, a.ID, b.ID); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, pair := range [][2]user{{a, b}, {b, a}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				by := audit.Entry{ActorID: &pair[0].ID, ActorName: pair[0].Name}
				if i == 0 {
					_, errs[i] = store.ChangeRole(context.Background(), by, pair[1].ID, auth.RoleConsultant, nil, nil)
				} else {
					_, errs[i] = store.SetDisabled(context.Background(), by, pair[1].ID, true, nil)
				}
			}()
		}
		wg.Wait()
		refused := 0
		for _, err := range errs {
			switch {
			case errors.Is(err, admin.ErrLastAdmin):
				refused++
			case err != nil:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if refused != 1 {
			t.Fatalf("round %d: %d changes refused, want exactly 1 (errors %v)", round, refused, errs)
		}
		if n := s.count(t, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL`); n != 1 {
			t.Fatalf("round %d: %d enabled admins left, want 1", round, n)
		}
	}
}

// TestInviteIsOneTransaction checks that a failure to queue the e-mail
// leaves no account, token or audit entry behind.
func TestInviteIsOneTransaction(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	store := admin.NewStore(s.pool, testutil.Clock)
	boom := errors.New("queue down")
	_, err := store.Invite(context.Background(), audit.Entry{}, admin.Invitation{Email: "ny@region.se", Name: "Ny", Role: auth.RoleConsultant},
		func(context.Context, pgx.Tx, *admin.User, string, time.Time) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Invite = %v, want the queue's error", err)
	}
	for _, table := range []string{"users", "tokens", "audit_log"} {
		if n := s.count(t, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
	}
}
