package funding_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/funding"
	"residens/internal/testutil"
	"residens/internal/vocab"
)

func d(y int, m time.Month, day int) time.Time { return testutil.Date(y, m, day) }

// emptyStore is a store over a demo database without the demo's sources
// and organisations, so a test counts only its own.
func emptyStore(t *testing.T) (*funding.Store, *pgxpool.Pool) {
	t.Helper()
	pool := testutil.DemoDB(t)
	if _, err := pool.Exec(context.Background(), `DELETE FROM funding_sources; DELETE FROM support_organisations`); err != nil {
		t.Fatal(err)
	}
	return funding.NewStore(pool, testutil.Clock), pool
}

func mustOrg(t *testing.T, s *funding.Store, name string) int64 {
	t.Helper()
	id, err := s.CreateOrganisation(context.Background(), audit.Entry{}, funding.Organisation{Name: name, Topics: []string{"finansiering"},
		Area: funding.AreaCountry, Email: "info@example.se"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mustSource(t *testing.T, s *funding.Store, src funding.Source) int64 {
	t.Helper()
	if src.Applicants == nil {
		src.Applicants = []string{"konstnar"}
	}
	if src.Funds == "" {
		src.Funds = "Konstnärligt arbete."
	}
	id, err := s.CreateSource(context.Background(), audit.Entry{}, src)
	if err != nil {
		t.Fatalf("source %s: %v", src.Name, err)
	}
	return id
}

func names(ss []funding.Source) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Name
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func ptr(n int) *int { return &n }

func TestNextDeadline(t *testing.T) {
	rounds := []time.Time{d(2026, 3, 1), d(2026, 12, 31), d(2027, 2, 1)}
	tests := []struct {
		name       string
		kind       string
		month, day int
		today      time.Time
		want       *time.Time
	}{
		{"yearly later this year", funding.Yearly, 12, 20, d(2026, 12, 1), new(d(2026, 12, 20))},
		{"yearly on the day", funding.Yearly, 12, 20, d(2026, 12, 20), new(d(2026, 12, 20))},
		{"yearly passed: across New Year", funding.Yearly, 1, 15, d(2026, 12, 20), new(d(2027, 1, 15))},
		{"yearly on New Year's Eve", funding.Yearly, 12, 31, d(2026, 12, 31), new(d(2026, 12, 31))},
		{"yearly the day after New Year's Eve", funding.Yearly, 12, 31, d(2027, 1, 1), new(d(2027, 12, 31))},
		{"dated: first ahead", funding.Dated, 0, 0, d(2026, 11, 26), new(d(2026, 12, 31))},
		{"dated: across New Year", funding.Dated, 0, 0, d(2027, 1, 1), new(d(2027, 2, 1))},
		{"dated: all passed", funding.Dated, 0, 0, d(2027, 2, 2), nil},
		{"rolling", funding.Rolling, 0, 0, d(2026, 11, 26), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := funding.NextDeadline(tt.kind, tt.month, tt.day, rounds, tt.today)
			if (got == nil) != (tt.want == nil) || got != nil && !got.Equal(*tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestStoreNextDeadline checks that the SQL computes what NextDeadline
// does, for every kind, across New Year.
func TestStoreNextDeadline(t *testing.T) {
	s, _ := emptyStore(t)
	ctx := context.Background()
	org := mustOrg(t, s, "Fonden")
	sources := []funding.Source{
		{Name: "Årlig januari", FunderID: org, Kind: funding.Yearly, YearlyMonth: 1, YearlyDay: 15},
		{Name: "Årlig december", FunderID: org, Kind: funding.Yearly, YearlyMonth: 12, YearlyDay: 31},
		{Name: "Omgångar", FunderID: org, Kind: funding.Dated, Deadlines: []time.Time{d(2026, 12, 1), d(2027, 2, 1)}},
		{Name: "Löpande", FunderID: org, Kind: funding.Rolling},
	}
	for _, src := range sources {
		mustSource(t, s, src)
	}
	for _, today := range []time.Time{d(2026, 11, 26), d(2026, 12, 20), d(2026, 12, 31), d(2027, 1, 1), d(2027, 1, 16), d(2027, 2, 2)} {
		got, _, err := s.Find(ctx, funding.Filter{}, today)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			want := funding.NextDeadline(g.Kind, g.YearlyMonth, g.YearlyDay, g.Deadlines, today)
			if (g.Next == nil) != (want == nil) || want != nil && !g.Next.Equal(*want) {
				t.Errorf("%s at %s: next %v, want %v", g.Name, today.Format(time.DateOnly), g.Next, want)
			}
		}
	}
	// At 20 December: the dated source's next round is after New Year,
	// and so is the January one.
	got, _, err := s.Find(ctx, funding.Filter{}, d(2026, 12, 20))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Årlig december", "Årlig januari", "Omgångar", "Löpande"}; !equal(names(got), want) {
		t.Errorf("order at 20 Dec: %v, want %v", names(got), want)
	}
}

func TestFind(t *testing.T) {
	s, pool := emptyStore(t)
	ctx := context.Background()
	today := testutil.Today() // 26 November 2026
	org := mustOrg(t, s, "Fonden")
	dans := vocab.Term{ID: testutil.Scalar[int64](t, pool, `SELECT id FROM art_forms WHERE slug = 'dans'`), Slug: "dans"}
	film := vocab.Term{ID: testutil.Scalar[int64](t, pool, `SELECT id FROM art_forms WHERE slug = 'film'`), Slug: "film"}
	mustSource(t, s, funding.Source{Name: "Dansstöd", FunderID: org, Applicants: []string{"konstnar", "grupp"}, ArtForms: []vocab.Term{dans},
		Funds: "Koreografi och residens.", AmountMin: ptr(10000), AmountMax: ptr(50000), Kind: funding.Dated, Deadlines: []time.Time{today.AddDate(0, 0, 10)}})
	mustSource(t, s, funding.Source{Name: "Filmstöd", FunderID: org, Applicants: []string{"foretag"}, ArtForms: []vocab.Term{film},
		Funds: "Kortfilm.", AmountMin: ptr(100000), AmountMax: ptr(500000), Kind: funding.Dated, Deadlines: []time.Time{today.AddDate(0, 0, 31)}})
	mustSource(t, s, funding.Source{Name: "Allmänt stöd", FunderID: org, Applicants: []string{"forening", "konstnar"},
		Funds: "Allt möjligt.", Kind: funding.Rolling})
	mustSource(t, s, funding.Source{Name: "Passerat", FunderID: org, Applicants: []string{"skola"},
		Funds: "Skolprojekt.", AmountMax: ptr(20000), Kind: funding.Dated, Deadlines: []time.Time{today.AddDate(0, 0, -1)}})
	mustSource(t, s, funding.Source{Name: "Varje år", FunderID: org, Applicants: []string{"kommun"},
		Funds: "Kommunala projekt.", Kind: funding.Yearly, YearlyMonth: 12, YearlyDay: 26})
	mustSource(t, s, funding.Source{Name: "I dag", FunderID: org, Applicants: []string{"konstnar"},
		Funds: "Sista dagen.", Kind: funding.Dated, Deadlines: []time.Time{today}})

	tests := []struct {
		name string
		f    funding.Filter
		want []string
	}{
		{"all, by next deadline, löpande after the dated, passed last", funding.Filter{},
			[]string{"I dag", "Dansstöd", "Varje år", "Filmstöd", "Allmänt stöd", "Passerat"}},
		{"who: artist", funding.Filter{Applicant: "konstnar"}, []string{"I dag", "Dansstöd", "Allmänt stöd"}},
		{"art form: dance keeps those for every art form", funding.Filter{ArtForm: &dans},
			[]string{"I dag", "Dansstöd", "Varje år", "Allmänt stöd", "Passerat"}},
		{"what: in the text", funding.Filter{Query: "kortfilm"}, []string{"Filmstöd"}},
		{"what: in the name, any case", funding.Filter{Query: "DANS"}, []string{"Dansstöd"}},
		{"what: a LIKE wildcard is literal", funding.Filter{Query: "%"}, nil},
		{"amount inside a range, and the open-ended ones", funding.Filter{Amount: 15000},
			[]string{"I dag", "Dansstöd", "Varje år", "Allmänt stöd", "Passerat"}},
		{"amount above every max", funding.Filter{Amount: 600000}, []string{"I dag", "Varje år", "Allmänt stöd"}},
		{"amount at the lower bound", funding.Filter{Amount: 100000}, []string{"I dag", "Varje år", "Filmstöd", "Allmänt stöd"}},
		{"open now", funding.Filter{Open: funding.OpenNow},
			[]string{"I dag", "Dansstöd", "Varje år", "Filmstöd", "Allmänt stöd"}},
		{"within 30 days: today and day 30 in, day 31 out", funding.Filter{Open: funding.Within30},
			[]string{"I dag", "Dansstöd", "Varje år"}},
		{"combined", funding.Filter{Applicant: "konstnar", Open: funding.Within30, Amount: 40000}, []string{"I dag", "Dansstöd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := s.Find(ctx, tt.f, today)
			if err != nil {
				t.Fatal(err)
			}
			if !equal(names(got), tt.want) {
				t.Errorf("got %v, want %v", names(got), tt.want)
			}
			if total != len(tt.want) {
				t.Errorf("total %d, want %d", total, len(tt.want))
			}
		})
	}
}

func TestToReview(t *testing.T) {
	s, _ := emptyStore(t)
	ctx := context.Background()
	today := testutil.Today()
	org := mustOrg(t, s, "Fonden")
	checked := func(daysAgo int) *time.Time { x := today.AddDate(0, 0, -daysAgo); return &x }
	mustSource(t, s, funding.Source{Name: "Färsk", FunderID: org, Kind: funding.Rolling, CheckedOn: checked(10)})
	mustSource(t, s, funding.Source{Name: "Nästan ett år", FunderID: org, Kind: funding.Rolling, CheckedOn: checked(364)})
	mustSource(t, s, funding.Source{Name: "Över ett år", FunderID: org, Kind: funding.Rolling, CheckedOn: checked(366)})
	mustSource(t, s, funding.Source{Name: "Aldrig kontrollerad", FunderID: org, Kind: funding.Yearly, YearlyMonth: 3, YearlyDay: 1})
	mustSource(t, s, funding.Source{Name: "Omgångarna passerade", FunderID: org, Kind: funding.Dated, CheckedOn: checked(5),
		Deadlines: []time.Time{today.AddDate(0, 0, -30), today.AddDate(0, 0, -1)}})
	mustSource(t, s, funding.Source{Name: "Ny omgång finns", FunderID: org, Kind: funding.Dated, CheckedOn: checked(5),
		Deadlines: []time.Time{today.AddDate(0, 0, -30), today.AddDate(0, 0, 60)}})
	got, err := s.ToReview(ctx, today)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Aldrig kontrollerad", "Över ett år", "Omgångarna passerade"}; !equal(names(got), want) {
		t.Errorf("to review: %v, want %v", names(got), want)
	}
}

func TestStoreChanges(t *testing.T) {
	s, pool := emptyStore(t)
	ctx := context.Background()
	org := mustOrg(t, s, "Fonden")
	id := mustSource(t, s, funding.Source{Name: "Stöd till dans", FunderID: org, Kind: funding.Dated, Deadlines: []time.Time{d(2027, 1, 1)}})
	other := mustSource(t, s, funding.Source{Name: "Stöd till dans", FunderID: org, Kind: funding.Rolling})
	a, err := s.Source(ctx, id, testutil.Today())
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Source(ctx, other, testutil.Today())
	if err != nil {
		t.Fatal(err)
	}
	if a.Slug != "stod-till-dans" || b.Slug != "stod-till-dans-2" {
		t.Errorf("slugs %q, %q", a.Slug, b.Slug)
	}
	// Changing the kind drops the rounds.
	a.Kind, a.YearlyMonth, a.YearlyDay = funding.Yearly, 5, 1
	if err := s.UpdateSource(ctx, audit.Entry{}, id, *a); err != nil {
		t.Fatal(err)
	}
	if n := testutil.Scalar[int](t, pool, `SELECT count(*) FROM funding_deadlines WHERE source_id = $1`, id); n != 0 {
		t.Errorf("%d rounds left after the change to yearly", n)
	}
	if err := s.DeleteOrganisation(ctx, audit.Entry{}, org); !errors.Is(err, funding.ErrInUse) {
		t.Errorf("delete of a funder: %v, want ErrInUse", err)
	}
	if err := s.DeleteSource(ctx, audit.Entry{}, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Source(ctx, id, testutil.Today()); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("deleted source: %v, want ErrNotFound", err)
	}
	if err := s.DeleteSource(ctx, audit.Entry{}, id); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("second delete: %v, want ErrNotFound", err)
	}
	if err := s.UpdateOrganisation(ctx, audit.Entry{}, 999999, funding.Organisation{Name: "X", Area: funding.AreaCounty}); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("update of no organisation: %v", err)
	}
	if n := testutil.Scalar[int](t, pool, `SELECT count(*) FROM audit_log WHERE action LIKE 'funding_source_%' OR action LIKE 'organisation_%'`); n != 5 {
		t.Errorf("%d audit entries, want 5 (one organisation and two sources created, one changed, one deleted)", n)
	}
}
