package opencall_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"residens/internal/auth"
	"residens/internal/civil"
	"residens/internal/testutil"
)

// TestClosedCallKeepsItsTimes: once a published call has closed, its
// opening and closing times cannot be moved (reopening it would take
// applications and withdrawals after the reviewers started reading), while
// the rest of the call can still be edited with the times as they are.
func TestClosedCallKeepsItsTimes(t *testing.T) {
	s := newSite(t)
	c, _ := s.signIn(t, auth.RoleConsultant, "Karin Konsulent")
	id := s.create(t, c, s.validForm(t, "Kommunkoreograf i Nacka 2027"))
	wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+id+"/publicera", c, nil), "/konsulent/utlysningar/"+id)
	// The call ran from 20 November to 25 November 12:00 and has closed.
	closed := time.Date(2026, 11, 25, 12, 0, 0, 0, civil.Stockholm)
	if _, err := s.pool.Exec(context.Background(), `UPDATE calls SET closes_at = $2 WHERE id = $1`, id, closed); err != nil {
		t.Fatal(err)
	}
	version := func() string {
		return strconv.Itoa(testutil.Scalar[int](t, s.pool, `SELECT version FROM calls WHERE id = $1`, id))
	}

	form := s.validForm(t, "Kommunkoreograf i Nacka 2027")
	form.Set("version", version())
	form.Set("stanger-datum", "2026-12-31")
	r := s.post(t, "/konsulent/utlysningar/"+id+"/andra", c, form)
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-summary").Length() != 1 {
		t.Fatalf("reopening a closed call: status %d, summary %q", r.Status, r.Text("error-summary"))
	}
	if got := testutil.Scalar[time.Time](t, s.pool, `SELECT closes_at FROM calls WHERE id = $1`, id); !got.Equal(closed) {
		t.Errorf("closes_at moved to %v", got)
	}

	// The same times with another change save.
	form.Set("stanger-datum", "2026-11-25")
	form.Set("period", "hela 2028")
	wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+id+"/andra", c, form), "/konsulent/utlysningar/"+id+"?klart=sparad")
	if got := testutil.Scalar[string](t, s.pool, `SELECT period FROM calls WHERE id = $1`, id); got != "hela 2028" {
		t.Errorf("period %q after saving with the times unchanged", got)
	}
}
