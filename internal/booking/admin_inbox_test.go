package booking_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

func TestInboxOwnBookingsOnly(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	anna := s.consultant(t, "Anna Konsulent")
	bo := s.consultant(t, "Bo Konsulent")
	admin := s.account(t, auth.RoleAdmin, "Ada Admin")
	annas := s.hold(t, anna, monday(9), "Alva")
	bos := s.hold(t, bo, monday(10), "Berit")

	r := s.get(t, "/konsulent/bokningar", anna)
	if r.Status != http.StatusOK {
		t.Fatalf("inbox: %d", r.Status)
	}
	if ids := testutil.Attrs(r.TestID("row"), "data-id"); !slices.Equal(ids, []string{annas}) {
		t.Errorf("Anna's inbox lists %v, want only %s", ids, annas)
	}
	if got := r.Text("waiting"); !strings.Contains(got, "1 förfrågan") {
		t.Errorf("waiting = %q", got)
	}
	if got := r.Text("result-count"); got != "1 bokning" {
		t.Errorf("result count = %q, want 1 bokning", got)
	}
	if got := r.Text("row-time"); got != "måndag 30 november kl. 09.00–09.45" {
		t.Errorf("row time = %q", got)
	}
	if got := r.Text("row-booker"); !strings.Contains(got, "Alva") || !strings.Contains(got, "Skolan") {
		t.Errorf("row booker = %q", got)
	}
	if got := r.Text("row-booker"); got != "Alva, Skolan" {
		t.Errorf("row booker = %q, want the name and organisation joined by a comma and no stray space", got)
	}
	tabs := r.TestID("state-tabs")
	if got := tabs.Find(`a[aria-current="page"]`).Length(); got != 1 {
		t.Errorf("%d current tabs, want 1", got)
	}
	if got := strings.Join(strings.Fields(tabs.Find(`[data-testid="tab-requested"]`).Text()), " "); got != "Förfrågan: 1" {
		t.Errorf("requested tab = %q, want the state and its count", got)
	}
	if got := testutil.Texts(tabs.Find(`[data-testid="tab-count"]`)); len(got) != 6 || !slices.Equal(got[1:], []string{": 0", ": 0", ": 0", ": 0", ": 0"}) {
		t.Errorf("tab counts = %q, want one per state, Anna's own", got)
	}

	t.Run("another consultant's booking answers 404", func(t *testing.T) {
		if r := s.get(t, "/konsulent/bokningar/"+bos, anna); r.Status != http.StatusNotFound {
			t.Errorf("GET: %d, want 404", r.Status)
		}
		for _, action := range []string{"bekrafta", "avboj", "avboka", "genomford", "uteblev", "anteckning"} {
			r := s.post(t, "/konsulent/bokningar/"+bos+"/"+action, anna, url.Values{"avboj-skal": {"x"}, "avboka-skal": {"x"}, "anteckning": {"x"}})
			if r.Status != http.StatusNotFound {
				t.Errorf("POST %s: %d, want 404", action, r.Status)
			}
		}
		if st := testutil.Scalar[string](t, s.pool, `SELECT state FROM bookings WHERE id = $1::bigint`, bos); st != "requested" {
			t.Errorf("Bo's booking is %s after Anna's tries", st)
		}
		if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM booking_notes`); n != 0 {
			t.Errorf("%d notes written", n)
		}
	})

	t.Run("admin sees all and filters by consultant", func(t *testing.T) {
		r := s.get(t, "/konsulent/bokningar", admin)
		if ids := testutil.Attrs(r.TestID("row"), "data-id"); !slices.Equal(ids, []string{annas, bos}) {
			t.Errorf("admin's inbox lists %v, want %s and %s", ids, annas, bos)
		}
		r = s.get(t, "/konsulent/bokningar?konsulent="+testutil.Scalar[string](t, s.pool, `SELECT $1::bigint::text`, bo.ID), admin)
		if ids := testutil.Attrs(r.TestID("row"), "data-id"); !slices.Equal(ids, []string{bos}) {
			t.Errorf("filtered on Bo: %v, want %s", ids, bos)
		}
		if r := s.get(t, "/konsulent/bokningar/"+bos, admin); r.Status != http.StatusOK {
			t.Errorf("admin GET Bo's booking: %d", r.Status)
		}
	})

	t.Run("state tabs", func(t *testing.T) {
		r := s.get(t, "/konsulent/bokningar?tillstand=confirmed", anna)
		if r.TestID("row").Length() != 0 || r.TestID("empty-state").Length() != 1 {
			t.Errorf("confirmed tab lists %d rows, want none", r.TestID("row").Length())
		}
		r = s.get(t, "/konsulent/bokningar?tillstand=bogus", anna)
		if len(r.Notices()) == 0 || r.TestID("row").Length() != 1 {
			t.Errorf("unknown state: notices %q, %d rows", r.Notices(), r.TestID("row").Length())
		}
	})
}

func TestInboxPaging(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.consultant(t, "Klara Konsulent")
	for i := range 26 {
		s.hold(t, c, monday(9).AddDate(0, 0, i), "Bokare"+strconv.Itoa(i))
	}
	tests := []struct {
		target string
		rows   int
	}{
		{"/konsulent/bokningar", 25},
		{"/konsulent/bokningar?tillstand=requested&sida=2", 1},
		{"/konsulent/bokningar?sida=9", 1}, // past the end: the last page, with a notice
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			r := s.get(t, tt.target, c)
			if got := r.TestID("row").Length(); got != tt.rows {
				t.Errorf("%d rows, want %d", got, tt.rows)
			}
			if got := r.Text("waiting"); !strings.Contains(got, "26 förfrågningar") {
				t.Errorf("waiting = %q", got)
			}
		})
	}
}
