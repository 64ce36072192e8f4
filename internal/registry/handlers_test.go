package registry_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db/dbtest"
	"residens/internal/registry"
	"residens/internal/testutil"
)

// site returns the whole site over a fresh database holding the entries,
// registered in order.
func site(t *testing.T, entries ...registry.Entry) (http.Handler, *pgxpool.Pool) {
	t.Helper()
	pool := dbtest.New(t)
	reg := registry.New("TEST")
	for _, e := range entries {
		mustRegister(t, pool, reg, e)
	}
	return testutil.Site(t, pool), pool
}

// numbers returns the registration numbers the page lists, in order.
func numbers(r *testutil.Response) []string {
	return testutil.Texts(r.TestID("registration-number"))
}

func TestDiariumMasksPersonalData(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 20, 9, 15, 0, 0, time.UTC)
	h, _ := site(t,
		registry.Entry{Kind: registry.KindQuestion, Description: "Fråga från Anna Berg (anna.berg@example.se) om dans",
			SenderName: "Anna Berg", SenderIsPerson: true, SenderEmail: "anna.berg@example.se", ReceivedAt: at},
		registry.Entry{Kind: registry.KindProposal, Description: "Intresseanmälan: Dans i Fisksätra",
			SenderName: "Karin Ek", SenderOrg: "Nacka kommun", SenderEmail: "karin.ek@nacka.se", ReceivedAt: at.Add(time.Hour)},
		registry.Entry{Kind: registry.KindApplication, Description: "Ansökan till kommunkoreograf",
			SenderName: "Bo Lind", SenderIsPerson: true, SenderOrg: "Kompani Lind", SenderEmail: "bo@lind.se", ReceivedAt: at.Add(2 * time.Hour)},
	)
	r := testutil.GetOK(t, h, "/diarium")

	rows := r.TestID("registration")
	if rows.Length() != 3 {
		t.Fatalf("%d rows, want 3", rows.Length())
	}
	want := []struct{ number, kind, description, sender string }{
		{"TEST-2026-0003", "Ansökan", "Ansökan till kommunkoreograf", "Kompani Lind"},
		{"TEST-2026-0002", "Intresseanmälan", "Intresseanmälan: Dans i Fisksätra", "Nacka kommun"},
		{"TEST-2026-0001", "Fråga", "Fråga från [namn] ([e-postadress]) om dans", "Privatperson"},
	}
	for i, w := range want {
		row := rows.Eq(i)
		got := []string{
			testutil.Squash(row.Find(`[data-testid="registration-number"]`).Text()),
			testutil.Squash(row.Find(`[data-testid="registration-kind"]`).Text()),
			testutil.Squash(row.Find(`[data-testid="registration-description"]`).Text()),
			testutil.Squash(row.Find(`[data-testid="registration-sender"]`).Text()),
		}
		if fmt.Sprint(got) != fmt.Sprint([]string{w.number, w.kind, w.description, w.sender}) {
			t.Errorf("row %d = %q, want %q", i+1, got, w)
		}
	}
	if got := testutil.Squash(rows.Eq(2).Find(`[data-testid="registration-received"]`).Text()); got != "20 november 2026 kl. 10.15" {
		t.Errorf("received %q, want Stockholm time 20 november 2026 kl. 10.15", got)
	}
	// Nowhere on the page, not in an attribute either.
	for _, secret := range []string{"Anna", "Berg", "Bo Lind", "Karin", "@example.se", "@nacka.se", "bo@lind.se", "mailto:"} {
		if strings.Contains(r.Body, secret) {
			t.Errorf("the page shows %q", secret)
		}
	}
	if !strings.Contains(r.Text("diarium-intro"), "allmänna handlingar") {
		t.Errorf("intro %q does not say what the register is", r.Text("diarium-intro"))
	}
}

func TestDiariumFilters(t *testing.T) {
	t.Parallel()
	d := func(y int, m time.Month) time.Time { return time.Date(y, m, 10, 12, 0, 0, 0, time.UTC) }
	e := func(kind string, at time.Time) registry.Entry {
		return registry.Entry{Kind: kind, Description: "Beskrivning", SenderName: "Nacka kommun", ReceivedAt: at}
	}
	h, _ := site(t,
		e(registry.KindProposal, d(2025, 3)),    // TEST-2025-0001
		e(registry.KindApplication, d(2025, 4)), // TEST-2025-0002
		e(registry.KindProposal, d(2026, 1)),    // TEST-2026-0001
		e(registry.KindBooking, d(2026, 2)),     // TEST-2026-0002
		e(registry.KindProposal, d(2026, 3)),    // TEST-2026-0003
	)
	tests := []struct {
		name, target string
		want         []string
		notice       string // a part of the one notice expected, "" for none
	}{
		{"all, newest first", "/diarium", []string{"TEST-2026-0003", "TEST-2026-0002", "TEST-2026-0001", "TEST-2025-0002", "TEST-2025-0001"}, ""},
		{"kind", "/diarium?typ=intresseanmalan", []string{"TEST-2026-0003", "TEST-2026-0001", "TEST-2025-0001"}, ""},
		{"year", "/diarium?ar=2025", []string{"TEST-2025-0002", "TEST-2025-0001"}, ""},
		{"kind and year", "/diarium?typ=intresseanmalan&ar=2026", []string{"TEST-2026-0003", "TEST-2026-0001"}, ""},
		{"unknown kind is dropped", "/diarium?typ=klagomal&ar=2025", []string{"TEST-2025-0002", "TEST-2025-0001"}, "Typen ”klagomal” finns inte"},
		{"kind given by its code is dropped", "/diarium?typ=proposal", []string{"TEST-2026-0003", "TEST-2026-0002", "TEST-2026-0001", "TEST-2025-0002", "TEST-2025-0001"}, "Typen ”proposal” finns inte"},
		{"year not a number", "/diarium?ar=i%C3%A5r&typ=bokning", []string{"TEST-2026-0002"}, "Året ”iår” går inte att visa"},
		{"year out of range", "/diarium?ar=99999999999999999999", []string{"TEST-2026-0003", "TEST-2026-0002", "TEST-2026-0001", "TEST-2025-0002", "TEST-2025-0001"}, "går inte att visa"},
		{"year too early", "/diarium?ar=1066", []string{"TEST-2026-0003", "TEST-2026-0002", "TEST-2026-0001", "TEST-2025-0002", "TEST-2025-0001"}, "Året ”1066”"},
		{"bad escape", "/diarium?ar=%zz", []string{"TEST-2026-0003", "TEST-2026-0002", "TEST-2026-0001", "TEST-2025-0002", "TEST-2025-0001"}, "kunde inte läsas"},
		{"bad page", "/diarium?sida=-1&ar=2025", []string{"TEST-2025-0002", "TEST-2025-0001"}, "Sidnumret ”-1” finns inte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := testutil.GetOK(t, h, tt.target)
			if got := numbers(r); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("numbers %q, want %q", got, tt.want)
			}
			notices := r.Notices()
			switch {
			case tt.notice == "" && len(notices) != 0:
				t.Errorf("notices %q, want none", notices)
			case tt.notice != "" && (len(notices) != 1 || !strings.Contains(notices[0], tt.notice)):
				t.Errorf("notices %q, want one containing %q", notices, tt.notice)
			}
		})
	}

	t.Run("the form keeps the filter and offers the years there are", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, h, "/diarium?typ=bokning&ar=2026")
		if v, _ := r.Doc.Find(`#typ option[selected]`).Attr("value"); v != "bokning" {
			t.Errorf("selected kind %q, want bokning", v)
		}
		if v, _ := r.Doc.Find(`#ar option[selected]`).Attr("value"); v != "2026" {
			t.Errorf("selected year %q, want 2026", v)
		}
		if got := testutil.Attrs(r.Doc.Find(`#ar option`), "value"); fmt.Sprint(got) != fmt.Sprint([]string{"", "2026", "2025"}) {
			t.Errorf("year options %q, want all, 2026, 2025", got)
		}
		if r.TestID("filter-clear").Length() != 1 {
			t.Error("no link to clear the filter")
		}
	})
}

func TestDiariumEmpty(t *testing.T) {
	t.Parallel()
	h, _ := site(t, registry.Entry{Kind: registry.KindBooking, Description: "Bokning", SenderName: "X",
		ReceivedAt: time.Date(2026, 2, 2, 12, 0, 0, 0, time.UTC)})
	empty, _ := site(t)

	t.Run("nothing registered", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, empty, "/diarium")
		if !strings.Contains(r.Text("empty-state"), "Ingenting har registrerats") || r.TestID("register").Length() != 0 {
			t.Errorf("empty state %q, want the empty register and no table", r.Text("empty-state"))
		}
	})
	t.Run("nothing matches the filter", func(t *testing.T) {
		t.Parallel()
		r := testutil.GetOK(t, h, "/diarium?typ=ansokan&ar=2019")
		if r.TestID("registration").Length() != 0 {
			t.Fatal("rows shown for a filter nothing matches")
		}
		links := testutil.Attrs(r.TestID("empty-state").Find("a"), "href")
		if fmt.Sprint(links) != fmt.Sprint([]string{"/diarium?ar=2019", "/diarium?typ=ansokan"}) {
			t.Errorf("links out of the empty state %q, want one without each filter", links)
		}
		if v, _ := r.Doc.Find(`#ar option[selected]`).Attr("value"); v != "2019" {
			t.Errorf("selected year %q, want 2019 kept in the form though nothing came in then", v)
		}
	})
}

func TestDiariumPages(t *testing.T) {
	t.Parallel()
	const n = registry.PageSize + 5
	var entries []registry.Entry
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	for i := range n {
		entries = append(entries, registry.Entry{Kind: registry.KindQuestion, Description: fmt.Sprintf("Fråga %d", i+1),
			SenderIsPerson: true, SenderName: "Privat Person", ReceivedAt: start.Add(time.Duration(i) * time.Hour)})
	}
	h, _ := site(t, entries...)

	tests := []struct {
		name, target string
		first, last  string
		count        int
		notice       bool
	}{
		{"first page", "/diarium", "TEST-2026-0030", "TEST-2026-0006", registry.PageSize, false},
		{"second page", "/diarium?sida=2", "TEST-2026-0005", "TEST-2026-0001", 5, false},
		{"past the end shows the last page", "/diarium?sida=9", "TEST-2026-0005", "TEST-2026-0001", 5, true},
		{"past the end of a filter", "/diarium?typ=fraga&sida=3", "TEST-2026-0005", "TEST-2026-0001", 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := testutil.GetOK(t, h, tt.target)
			got := numbers(r)
			if len(got) != tt.count || got[0] != tt.first || got[len(got)-1] != tt.last {
				t.Errorf("%d rows %s…%s, want %d rows %s…%s", len(got), first(got), last(got), tt.count, tt.first, tt.last)
			}
			if (len(r.Notices()) > 0) != tt.notice {
				t.Errorf("notices %q, want a notice: %v", r.Notices(), tt.notice)
			}
			if !strings.Contains(r.Text("hits"), "30 handlingar") {
				t.Errorf("hits %q, want 30 handlingar", r.Text("hits"))
			}
			if r.TestID("pagination").Length() != 1 {
				t.Error("no pagination")
			}
		})
	}
	r := testutil.GetOK(t, h, "/diarium?typ=fraga")
	if href, _ := r.TestID("page-next").Attr("href"); href != "/diarium?sida=2&typ=fraga" {
		t.Errorf("next page link %q, want it to keep the filter", href)
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}
