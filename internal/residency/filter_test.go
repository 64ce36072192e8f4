package residency

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"residens/internal/httpx"
	"residens/internal/vocab"
)

var testVocab = Vocabulary{
	Municipalities: []vocab.Term{{ID: 1, Slug: "nacka", Name: "Nacka"}, {ID: 2, Slug: "ekero", Name: "Ekerö"}},
	ArtForms:       []vocab.Term{{ID: 3, Slug: "dans", Name: "Dans"}},
	TargetGroups:   []vocab.Term{{ID: 4, Slug: "barn", Name: "Barn"}},
	VenueTypes:     []vocab.Term{{ID: 5, Slug: "skola", Name: "Skola"}},
	FirstYear:      2022, LastYear: 2027,
}

func TestParseFilter(t *testing.T) {
	tests := []struct {
		name, raw string
		want      url.Values // the filter's canonical parameters
		page      int
		notices   int
	}{
		{"empty", "", url.Values{}, 1, 0},
		{"everything valid", "status=avslutade&kommun=nacka&konstform=dans&malgrupp=barn&plats=skola&ar=2024&q=+koreograf+&sida=3",
			url.Values{"status": {"avslutade"}, "kommun": {"nacka"}, "konstform": {"dans"}, "malgrupp": {"barn"}, "plats": {"skola"}, "ar": {"2024"}, "q": {"koreograf"}}, 3, 0},
		{"unknown values dropped", "status=x&kommun=atlantis&konstform=rock&malgrupp=hundar&plats=rymden&ar=abc", url.Values{}, 1, 6},
		{"year out of range", "ar=1899", url.Values{}, 1, 1},
		{"slugs are matched exactly", "kommun=Nacka", url.Values{}, 1, 1},
		{"bad page", "sida=-3&kommun=ekero", url.Values{"kommun": {"ekero"}}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := httpx.NewQuery(tt.raw)
			f := ParseFilter(q, testVocab)
			if got := f.Values().Encode(); got != tt.want.Encode() {
				t.Errorf("Values = %q, want %q", got, tt.want.Encode())
			}
			if f.Page != tt.page {
				t.Errorf("Page = %d, want %d", f.Page, tt.page)
			}
			if len(q.Notices) != tt.notices {
				t.Errorf("notices %q, want %d", q.Notices, tt.notices)
			}
		})
	}
	t.Run("the query is cut to MaxQueryLength", func(t *testing.T) {
		q := httpx.NewQuery("q=" + strings.Repeat("a", 9000))
		if f := ParseFilter(q, testVocab); len(f.Query) != MaxQueryLength || len(q.Notices) != 1 {
			t.Errorf("query of %d, notices %q", len(f.Query), q.Notices)
		}
	})
	t.Run("terms carry their IDs", func(t *testing.T) {
		f := ParseFilter(httpx.NewQuery("kommun=ekero"), testVocab)
		if f.Municipality == nil || f.Municipality.ID != 2 || f.Municipality.Name != "Ekerö" {
			t.Errorf("municipality %+v", f.Municipality)
		}
	})
}

func TestFilterURLs(t *testing.T) {
	nacka := testVocab.Municipalities[0]
	dans := testVocab.ArtForms[0]
	f := Filter{Status: Ongoing, Municipality: &nacka, ArtForm: &dans, Query: "slöjd & dans", Page: 4}
	tests := []struct {
		name, got, want string
	}{
		{"Without drops one parameter and the page", f.Without("kommun"), "/residens?konstform=dans&q=sl%C3%B6jd+%26+dans&status=pagaende"},
		{"With replaces a parameter", f.With("status", string(Completed)), "/residens?kommun=nacka&konstform=dans&q=sl%C3%B6jd+%26+dans&status=avslutade"},
		{"With an empty value removes it", f.With("status", ""), "/residens?kommun=nacka&konstform=dans&q=sl%C3%B6jd+%26+dans"},
		{"no parameters", Filter{}.Without("q"), "/residens"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if !f.Active() || (Filter{Status: Completed}).Active() {
		t.Errorf("Active: a status alone is not a filter, the others are")
	}
}

func TestStatusOf(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		today int
		want  Status
	}{
		{9, Upcoming},
		{10, Ongoing}, // the first day
		{15, Ongoing},
		{20, Ongoing}, // the last day
		{21, Completed},
	}
	for _, tt := range tests {
		if got := StatusOf(d(10), d(20), d(tt.today)); got != tt.want {
			t.Errorf("StatusOf(10–20 Nov, %d Nov) = %s, want %s", tt.today, got, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	if Ongoing.Label() != "Pågående" || Completed.Label() != "Avslutat" || Completed.TabLabel() != "Avslutade" || Status("").TabLabel() != "Alla" {
		t.Errorf("status labels")
	}
	if KindLabel("kommunkoreograf") != "Kommunkoreograf" || KindLabel("other") != "Residens" {
		t.Errorf("kind labels")
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{Hits(0), "Inga residens hittades"},
		{Hits(1), "1 residens hittades"},
		{Hits(12500), "12\u00a0500 residens hittades"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
