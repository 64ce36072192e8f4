package booking_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"residens/internal/testutil"
)

// TestPastMeetingCannotBeChangedByLink: once a confirmed meeting has begun,
// the manage page offers neither move nor cancel, and the link's POSTs must
// refuse them too; otherwise a booker could cancel a meeting after it was
// held (the consultant could then never mark it held) or turn it back into
// a request for a new time.
func TestPastMeetingCannotBeChangedByLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	path := s.book(t)
	id := bookingID(t, s)
	move := formOf(t, s.do(t, http.MethodGet, path+"/flytta", nil), "move-form")
	ctx := context.Background()
	// The meeting was confirmed and began an hour ago.
	if _, err := s.pool.Exec(ctx, `UPDATE bookings SET state = 'confirmed',
		during = tstzrange($1::timestamptz - interval '1 hour', $1::timestamptz - interval '15 minutes')
		WHERE id = $2`, testutil.Now, id); err != nil {
		t.Fatal(err)
	}
	if r := s.do(t, http.MethodGet, path, nil); r.TestID("cancel").Length() != 0 || r.TestID("move-link").Length() != 0 {
		t.Fatalf("the page of a past meeting offers a change")
	}
	mails := len(s.mails(t))
	for _, p := range []struct {
		path string
		form url.Values
	}{{path + "/flytta", move}, {path + "/avboka", url.Values{}}} {
		r := s.do(t, http.MethodPost, p.path, p.form)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != path {
			t.Errorf("POST %s: %d to %q, want 303 back to the booking", p.path, r.Status, r.Header.Get("Location"))
		}
	}
	var state string
	var moved bool
	if err := s.pool.QueryRow(ctx, `SELECT state, lower(during) <> $1::timestamptz - interval '1 hour'
		FROM bookings WHERE id = $2`, testutil.Now, id).Scan(&state, &moved); err != nil {
		t.Fatal(err)
	}
	if state != "confirmed" || moved {
		t.Errorf("past meeting is now %s, moved %v; want it confirmed at its time", state, moved)
	}
	if n := len(s.mails(t)); n != mails {
		t.Errorf("%d e-mails sent about a refused change", n-mails)
	}
	if r := s.do(t, http.MethodGet, path+"/flytta", nil); r.Status != http.StatusSeeOther || r.Header.Get("Location") != path {
		t.Errorf("the move page of a past meeting: %d to %q, want 303 back to the booking", r.Status, r.Header.Get("Location"))
	}
}

// TestHugeWeekIsAnEmptyPage: the week of the times list comes from the
// address; a number so large that counting its days overflows must give
// the empty page, not a failed request.
func TestHugeWeekIsAnEmptyPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	for _, week := range []string{"1317624576693539402", "9223372036854775807"} {
		r := s.do(t, http.MethodGet, s.timesURL(t, "dans", "taby")+"&vecka="+week, nil)
		if r.Status != http.StatusOK || r.TestID("empty-state").Length() != 1 {
			t.Errorf("week %s: status %d, want 200 with the empty state", week, r.Status)
		}
	}
}

// TestUnknownMunicipalityIs422: the municipality comes from a select, but a
// value not in the list (a stale page, a crafted request) must be a field
// error with what was typed kept, not a failed insert (a 500).
func TestUnknownMunicipalityIs422(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	form := s.bookForm(t, "britt@example.se")
	form.Set("kommun", "999999")
	r := s.do(t, http.MethodPost, "/radgivning/boka", form)
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-summary").Length() != 1 {
		t.Fatalf("status %d, want 422 with the error summary", r.Status)
	}
	if v, _ := r.Doc.Find(`input[name="namn"]`).Attr("value"); v != "Britt Bokare" {
		t.Errorf("name kept = %q", v)
	}
	if n := scalarInt(t, s, `SELECT count(*) FROM bookings`); n != 0 {
		t.Errorf("%d bookings, want none", n)
	}
}

// TestUnknownArtFormIs422: an art form outside the list in the hidden
// field is the start page's field error, not a failed insert.
func TestUnknownArtFormIs422(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	form := s.bookForm(t, "britt@example.se")
	form.Set("konstform", "999999")
	r := s.do(t, http.MethodPost, "/radgivning/boka", form)
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-summary").Length() != 1 {
		t.Fatalf("status %d, want 422 with the error summary", r.Status)
	}
	if n := scalarInt(t, s, `SELECT count(*) FROM bookings`); n != 0 {
		t.Errorf("%d bookings, want none", n)
	}
}
