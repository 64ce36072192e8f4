package opencall_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"residens/internal/auth"
	"residens/internal/civil"
	"residens/internal/httpx"
	"residens/internal/opencall"
	"residens/internal/testutil"
)

// at is a clock time in Stockholm on the day testutil.Now falls on, days
// later.
func at(days, hour, minute int) time.Time {
	y, m, d := testutil.Now.In(civil.Stockholm).Date()
	return time.Date(y, m, d+days, hour, minute, 0, 0, civil.Stockholm)
}

func TestPublicListOrderAndTimeLeft(t *testing.T) {
	s := newSite(t)
	empty := s.get(t, "/utlysningar", nil)
	testutil.CheckPage(t, "/utlysningar", empty)
	if empty.TestID("empty-state").Length() != 1 {
		t.Error("no empty state without calls")
	}
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "oppen-tio-dagar", Title: "Öppen tio dagar", Municipalities: []string{"nacka"},
		OpensAt: at(-5, 9, 0), ClosesAt: at(10, 12, 0)})
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "stanger-i-kvall", Title: "Stänger i kväll", Municipalities: []string{"varmdo"},
		OpensAt: at(-30, 9, 0), ClosesAt: at(0, 23, 59)})
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "stanger-i-morgon", Title: "Stänger i morgon", OpensAt: at(-30, 9, 0), ClosesAt: at(1, 8, 0)})
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "kommande", Title: "Kommande", OpensAt: at(20, 9, 0), ClosesAt: at(60, 12, 0)})
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "stangd-nyss", Title: "Stängd nyss", OpensAt: at(-60, 9, 0), ClosesAt: at(0, 11, 59)})
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "stangd-for-lange-sedan", Title: "Stängd för länge sedan", OpensAt: at(-400, 9, 0), ClosesAt: at(-300, 12, 0)})
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "utkast", Title: "Utkast", OpensAt: at(-1, 9, 0), ClosesAt: at(10, 12, 0), Draft: true})

	r := s.get(t, "/utlysningar", nil)
	testutil.CheckPage(t, "/utlysningar", r)
	if cc := r.Header.Get("Cache-Control"); cc != httpx.ClockBoundCacheControl {
		t.Errorf("Cache-Control %q, want %q", cc, httpx.ClockBoundCacheControl)
	}
	got := testutil.Attrs(r.TestID("call"), "data-slug")
	want := []string{"stanger-i-kvall", "stanger-i-morgon", "oppen-tio-dagar", "kommande", "stangd-nyss", "stangd-for-lange-sedan"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
	left := testutil.Texts(r.TestID("time-left"))
	wantLeft := []string{"Stänger i dag kl. 23.59", "Stänger i morgon kl. 08.00", "10 dagar kvar",
		"Öppnar 16 december 2026 kl. 09.00", "Stängd sedan 26 november 2026 kl. 11.59", "Stängd sedan 30 januari 2026 kl. 12.00"}
	if !slices.Equal(left, wantLeft) {
		t.Errorf("time left %q, want %q", left, wantLeft)
	}
	if got := r.Text("hits"); got != "6 utlysningar" {
		t.Errorf("hits %q", got)
	}
	if r := s.get(t, "/utlysningar/utkast", nil); r.Status != http.StatusNotFound {
		t.Errorf("draft: status %d, want 404", r.Status)
	}
	if r := s.get(t, "/utlysningar/finns-inte", nil); r.Status != http.StatusNotFound {
		t.Errorf("unknown call: status %d, want 404", r.Status)
	}

	t.Run("states of the call page", func(t *testing.T) {
		for _, tc := range []struct {
			slug, state string
			apply       bool
		}{
			{"stanger-i-kvall", "Stänger i dag kl. 23.59", true},
			{"kommande", "Ansökan har inte öppnat ännu", false},
			{"stangd-nyss", "Utlysningen är stängd", false},
		} {
			r := testutil.GetOK(t, s.h, "/utlysningar/"+tc.slug)
			if !strings.Contains(r.Text("call-state"), tc.state) {
				t.Errorf("%s: state %q, want %q in it", tc.slug, r.Text("call-state"), tc.state)
			}
			if got := r.TestID("apply-link").Length() == 1; got != tc.apply {
				t.Errorf("%s: apply link shown %v, want %v", tc.slug, got, tc.apply)
			}
			if tc.apply && !strings.Contains(r.Text("account-note"), "konto som konstnär") {
				t.Errorf("%s: no note that an artist account is needed", tc.slug)
			}
			if cc := r.Header.Get("Cache-Control"); cc != httpx.ClockBoundCacheControl {
				t.Errorf("%s: Cache-Control %q", tc.slug, cc)
			}
		}
	})

	t.Run("a signed-in artist is not told to get an account", func(t *testing.T) {
		c, _ := s.signIn(t, auth.RoleArtist, "Ada Artist")
		r := s.get(t, "/utlysningar/stanger-i-kvall", c)
		if r.TestID("account-note").Length() != 0 || r.TestID("draft-note").Length() != 1 || r.TestID("apply-link").Length() != 1 {
			t.Errorf("artist: account note %d, draft note %d, apply link %d; want 0, 1, 1",
				r.TestID("account-note").Length(), r.TestID("draft-note").Length(), r.TestID("apply-link").Length())
		}
	})

	t.Run("paging", func(t *testing.T) {
		for i := range opencall.PublicPageSize {
			slug := "extra-" + string(rune('a'+i%26)) + string(rune('a'+i/26))
			testutil.InsertCall(t, s.pool, testutil.Call{Slug: slug, Title: slug, OpensAt: at(-400, 9, 0), ClosesAt: at(-200, 12, 0)})
		}
		first := testutil.GetOK(t, s.h, "/utlysningar")
		if n := first.TestID("call").Length(); n != opencall.PublicPageSize {
			t.Errorf("%d calls on page 1", n)
		}
		second := testutil.GetOK(t, s.h, "/utlysningar?sida=2")
		if n := second.TestID("call").Length(); n != 6 {
			t.Errorf("%d calls on page 2, want 6", n)
		}
		if got := testutil.Attrs(first.TestID("call"), "data-slug")[0]; got != "stanger-i-kvall" {
			t.Errorf("page 1 starts with %q", got)
		}
	})
}

func TestTimeLeftAcrossDST(t *testing.T) {
	// On the evening before the clocks go forward, a call closing at noon
	// the day after tomorrow has two days left, although 47 hours remain.
	now := time.Date(2027, 3, 26, 20, 0, 0, 0, civil.Stockholm)
	c := &opencall.Call{OpensAt: now.Add(-time.Hour), ClosesAt: time.Date(2027, 3, 28, 12, 0, 0, 0, civil.Stockholm)}
	if got := c.TimeLeft(now); got != "2 dagar kvar" {
		t.Errorf("TimeLeft = %q", got)
	}
	if got := c.TimeLeft(time.Date(2027, 3, 28, 0, 30, 0, 0, civil.Stockholm)); got != "Stänger i dag kl. 12.00" {
		t.Errorf("TimeLeft on the day = %q", got)
	}
	for _, tc := range []struct {
		in   opencall.StockholmTime
		want time.Time
		err  bool
	}{
		{opencall.StockholmTime{Date: "2027-03-28", Time: "12:00"}, time.Date(2027, 3, 28, 10, 0, 0, 0, time.UTC), false},
		{opencall.StockholmTime{Date: "2027-03-28", Time: "01:59"}, time.Date(2027, 3, 28, 0, 59, 0, 0, time.UTC), false},
		{opencall.StockholmTime{Date: "2027-03-28", Time: "02:30"}, time.Time{}, true},
		{opencall.StockholmTime{Date: "2027-10-31", Time: "12:00"}, time.Date(2027, 10, 31, 11, 0, 0, 0, time.UTC), false},
		{opencall.StockholmTime{Date: "2027-02-30", Time: "12:00"}, time.Time{}, true},
		{opencall.StockholmTime{Date: "2027-03-01", Time: "25:00"}, time.Time{}, true},
	} {
		got, err := tc.in.Instant()
		if (err != nil) != tc.err || !got.Equal(tc.want) {
			t.Errorf("%+v.Instant() = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestKommunkoreografAndHomePage(t *testing.T) {
	s := newSite(t)
	none := testutil.GetOK(t, s.h, "/kommunkoreograf")
	if none.TestID("none-open").Length() != 1 {
		t.Error("no word that no call is open")
	}
	// The start page lists coming events too, which also follow the
	// clock: without them it has nothing clock-bound left.
	if _, err := s.pool.Exec(t.Context(), `DELETE FROM events`); err != nil {
		t.Fatal(err)
	}
	home := testutil.GetOK(t, s.h, "/")
	if home.TestID("no-open-calls").Length() != 1 {
		t.Error("the start page does not say no call is open")
	}
	if cc := home.Header.Get("Cache-Control"); strings.Contains(cc, "s-maxage") {
		t.Errorf("the start page without pending calls: Cache-Control %q, want no s-maxage with neither calls nor events pending (kept until a change or midnight)", cc)
	}

	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "kommunkoreograf-i-nacka-2027", Title: "Kommunkoreograf i Nacka 2027",
		Municipalities: []string{"nacka"}, OpensAt: at(-5, 9, 0), ClosesAt: at(3, 23, 59)})
	testutil.InsertCall(t, s.pool, testutil.Call{Slug: "residens-i-salem", Title: "Residens i Salem", Kind: "residency",
		OpensAt: at(-5, 9, 0), ClosesAt: at(5, 23, 59)})

	r := testutil.GetOK(t, s.h, "/kommunkoreograf")
	if got := testutil.Attrs(r.TestID("kommunkoreograf-calls").Find(`[data-testid="call"]`), "data-slug"); !slices.Equal(got, []string{"kommunkoreograf-i-nacka-2027"}) {
		t.Errorf("kommunkoreograf calls %q", got)
	}
	if cc := r.Header.Get("Cache-Control"); cc != httpx.ClockBoundCacheControl {
		t.Errorf("Cache-Control %q", cc)
	}

	home = testutil.GetOK(t, s.h, "/")
	if got := testutil.Attrs(home.TestID("open-calls").Find(`[data-testid="call"]`), "data-slug"); !slices.Equal(got, []string{"kommunkoreograf-i-nacka-2027", "residens-i-salem"}) {
		t.Errorf("open calls on the start page %q", got)
	}
	if got := home.TestID("open-calls").Find(`[data-testid="time-left"]`).First().Text(); testutil.Squash(got) != "3 dagar kvar" {
		t.Errorf("time left on the start page %q", got)
	}
	if cc := home.Header.Get("Cache-Control"); cc != httpx.ClockBoundCacheControl {
		t.Errorf("the start page with an open call: Cache-Control %q, want %q", cc, httpx.ClockBoundCacheControl)
	}
}
