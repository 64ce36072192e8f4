package booking_test

import (
	"bytes"
	"net/http"
	"net/url"
	"testing"

	"residens/internal/ical"
	"residens/internal/ical/icaltest"
)

// TestSequenceGrowsWithEachChange follows one booking through two moves and
// a cancellation: each change's calendar file must carry a higher SEQUENCE
// than the last, or calendars ignore the update, and each change must get
// its own e-mail (the keys differ), even at the same instant.
func TestSequenceGrowsWithEachChange(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	s.consultant(t, "Dana Dansare", "dans")
	path := s.book(t)
	for range 2 {
		page := s.do(t, http.MethodGet, path+"/flytta", nil)
		if r := s.do(t, http.MethodPost, path+"/flytta", formOf(t, page, "move-form")); r.Status != http.StatusSeeOther {
			t.Fatalf("move: %d %s", r.Status, r.Text("slot-message"))
		}
	}
	if r := s.do(t, http.MethodPost, path+"/avboka", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.Status)
	}
	var got []int
	var methods []string
	for _, m := range s.mails(t) {
		if m.To != "britt@example.se" {
			continue
		}
		method, evs, err := icaltest.Parse(bytes.NewReader(m.Attachments[0].Data))
		if err != nil || len(evs) != 1 {
			t.Fatalf("ics of %q: %v", m.Subject, err)
		}
		got = append(got, evs[0].Sequence)
		methods = append(methods, method)
	}
	want := []int{0, 1, 2, 3}
	if len(got) != len(want) {
		t.Fatalf("sequences %v, want %v (one mail per change)", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("sequences %v, want %v", got, want)
			break
		}
	}
	if methods[3] != ical.MethodCancel {
		t.Errorf("last method %q, want CANCEL", methods[3])
	}
	if n := scalarInt(t, s, `SELECT sequence FROM bookings`); n != 3 {
		t.Errorf("bookings.sequence = %d, want 3", n)
	}
}

func scalarInt(t *testing.T, s *site, sql string) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(t.Context(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
