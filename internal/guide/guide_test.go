package guide_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"residens/internal/testutil"
)

func newSite(t *testing.T) *testutil.TestSite {
	t.Helper()
	return testutil.NewSite(t, testutil.SiteOptions{})
}

// consultants adds the demo's three consultants (the demo database has
// content but no people): dance and circus everywhere, the other art forms
// split between the north and the south of the county.
func consultants(t *testing.T, s *testutil.TestSite) {
	t.Helper()
	for _, c := range []struct {
		name, arts, munis string
		all               bool
	}{
		{"Anna Lindqvist", "dans cirkus", "", true},
		{"Johan Berg", "musik film textil", "solna danderyd", false},
		{"Leila Haddad", "musik film textil", "nykvarn nacka", false},
	} {
		id := testutil.Scalar[int64](t, s.Pool, `INSERT INTO users (email, name, role, email_verified_at)
			VALUES (lower(replace($1, ' ', '.')) || '@region.example.se', $1, 'consultant', now()) RETURNING id`, c.name)
		exec(t, s, `INSERT INTO consultant_profiles (user_id, title, active, all_municipalities) VALUES ($1, 'Kulturkonsulent', true, $2)`, id, c.all)
		exec(t, s, `INSERT INTO consultant_art_forms (user_id, art_form_id) SELECT $1, id FROM art_forms WHERE slug = ANY($2)`, id, strings.Fields(c.arts))
		exec(t, s, `INSERT INTO consultant_municipalities (user_id, municipality_id) SELECT $1, id FROM municipalities WHERE slug = ANY($2)`, id, strings.Fields(c.munis))
	}
}

func exec(t *testing.T, s *testutil.TestSite, sql string, args ...any) {
	t.Helper()
	if _, err := s.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatal(err)
	}
}

func slugs(r *testutil.Response, group string) string {
	return strings.Join(testutil.Attrs(r.TestID(group).Find(`[data-testid="organisation"]`), "data-slug"), " ")
}

func TestEmptyChoiceShowsTheForm(t *testing.T) {
	s := newSite(t)
	for _, target := range []string{"/vem-kontaktar-jag", "/vem-kontaktar-jag?amne=&konstform=&kommun="} {
		r := testutil.GetOK(t, s.H, target)
		if r.TestID("guide-form").Length() != 1 {
			t.Errorf("%s: no form", target)
		}
		if r.TestID("answer").Length() != 0 || r.TestID("ask-link").Length() != 0 {
			t.Errorf("%s: an answer to nothing", target)
		}
		if r.TestID("guide-form").Find("select").Length() != 3 {
			t.Errorf("%s: want three choices", target)
		}
	}
}

// The brief's example: a textile artist in Nykvarn who needs premises.
func TestTextileArtistInNykvarnNeedsPremises(t *testing.T) {
	s := newSite(t)
	consultants(t, s)
	exec(t, s, `UPDATE municipalities SET contact_name = 'Nina Nykvist', contact_title = 'Kultursamordnare',
		contact_email = 'kultur@nykvarn.example.se', contact_phone = '08-555 000 00' WHERE slug = 'nykvarn'`)
	r := testutil.GetOK(t, s.H, "/vem-kontaktar-jag?amne=lokaler&konstform=textil&kommun=nykvarn")

	if got := r.Text("contact-name"); got != "Nina Nykvist, Kultursamordnare" {
		t.Errorf("contact %q", got)
	}
	if got, _ := r.TestID("contact-email").Attr("href"); got != "mailto:kultur@nykvarn.example.se" {
		t.Errorf("contact e-mail %q", got)
	}
	// Textile in the south of the county is Leila Haddad's.
	if got := r.Text("consultant-name"); got != "Leila Haddad" {
		t.Errorf("consultants %q, want Leila Haddad", got)
	}
	// The county museum helps with premises for textile; the culture
	// houses' council works in other municipalities, the region's culture
	// unit does not list premises.
	if got := slugs(r, "organisations"); got != "lansmuseet-exempel" {
		t.Errorf("organisations %q, want lansmuseet-exempel", got)
	}
	if got, _ := r.TestID("ask-link").Attr("href"); got != "/fraga?amne=lokaler&kommun=nykvarn&konstform=textil" {
		t.Errorf("ask link %q", got)
	}
	if got := r.Text("answer-summary"); got != "Kontakter för textil i Nykvarn. Ämne: Lokaler." {
		t.Errorf("summary %q", got)
	}
	if title := r.Doc.Find("title").Text(); !strings.Contains(title, "Textil · Nykvarn · Lokaler") {
		t.Errorf("title %q does not say what was asked", title)
	}
}

// An organisation serves the municipalities it lists, or the whole county,
// or the whole country.
func TestMatchingByArea(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		query                  string
		local, county, country string
	}{
		// Listed municipalities: the culture houses' council in Huddinge,
		// not in Nykvarn; Värmdö's own office only in Värmdö.
		{"amne=lokaler&kommun=huddinge", "kulturhuset-lokaler", "lansmuseet-exempel", ""},
		{"amne=lokaler&kommun=nykvarn", "", "lansmuseet-exempel", ""},
		{"amne=lokaler&kommun=varmdo", "varmdo-kultur", "lansmuseet-exempel", ""},
		// No municipality chosen: no local office.
		{"amne=lokaler", "", "lansmuseet-exempel", ""},
		// The country's and the county's for funding, with Nacka's own.
		{"amne=finansiering&kommun=nacka", "nacka-kultur", "filmcentrum-exempel regionens-kulturenhet",
			"konstnarsnamnden-exempel kulturradet-exempel litteraturstiftelsen-exempel"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := testutil.GetOK(t, s.H, "/vem-kontaktar-jag?"+tt.query)
			for group, want := range map[string]string{"organisations-local": tt.local, "organisations-county": tt.county, "organisations-country": tt.country} {
				if got := slugs(r, group); got != want {
					t.Errorf("%s: %q, want %q", group, got, want)
				}
			}
		})
	}
}

// An organisation that names art
// forms helps only those, one that names none helps every art form.
func TestMatchingByArtFormAndTopic(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		query string
		want  []string
		not   []string
	}{
		// Film: the film centre (film) and those naming no art form; not
		// the reading foundation (literature only).
		{"amne=finansiering&konstform=film", []string{"filmcentrum-exempel", "regionens-kulturenhet", "kulturradet-exempel", "konstnarsnamnden-exempel"},
			[]string{"litteraturstiftelsen-exempel", "lansmuseet-exempel"}},
		{"amne=finansiering&konstform=litteratur", []string{"litteraturstiftelsen-exempel", "kulturradet-exempel"}, []string{"filmcentrum-exempel"}},
		// The topic decides: networks for dance.
		{"amne=natverk&konstform=dans", []string{"dansalliansen-exempel", "regionens-kulturenhet"},
			[]string{"kulturradet-exempel", "filmcentrum-exempel", "lansmuseet-exempel"}},
		// Art form alone: every topic.
		{"konstform=film", []string{"filmcentrum-exempel", "kulturradet-exempel"}, []string{"dansalliansen-exempel"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := testutil.GetOK(t, s.H, "/vem-kontaktar-jag?"+tt.query)
			got := " " + slugs(r, "organisations") + " "
			for _, w := range tt.want {
				if !strings.Contains(got, " "+w+" ") {
					t.Errorf("%s missing from %q", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, " "+n+" ") {
					t.Errorf("%s listed in %q", n, got)
				}
			}
		})
	}
}

func TestConsultantsByArtFormAndMunicipality(t *testing.T) {
	s := newSite(t)
	consultants(t, s)
	tests := map[string]string{
		"konstform=dans&kommun=nykvarn":    "Anna Lindqvist",
		"konstform=textil&kommun=nykvarn":  "Leila Haddad",
		"konstform=textil&kommun=solna":    "Johan Berg",
		"amne=kontakt":                     "Anna Lindqvist Johan Berg Leila Haddad",
		"konstform=cirkus&kommun=danderyd": "Anna Lindqvist",
	}
	for query, want := range tests {
		t.Run(query, func(t *testing.T) {
			r := testutil.GetOK(t, s.H, "/vem-kontaktar-jag?"+query)
			var names []string
			for _, n := range r.TestID("consultant-name").Nodes {
				names = append(names, testutil.Squash(n.FirstChild.Data))
			}
			if got := strings.Join(names, " "); got != want {
				t.Errorf("consultants %q, want %q", got, want)
			}
		})
	}
}

func TestAskLinkCarriesOnlyTheChoices(t *testing.T) {
	s := newSite(t)
	tests := map[string]string{
		"amne=natverk":                      "/fraga?amne=natverk",
		"kommun=nacka":                      "/fraga?kommun=nacka",
		"konstform=dans&kommun=nacka":       "/fraga?kommun=nacka&konstform=dans",
		"amne=annat&konstform=dans&kommun=": "/fraga?amne=annat&konstform=dans",
	}
	for query, want := range tests {
		r := testutil.GetOK(t, s.H, "/vem-kontaktar-jag?"+query)
		if got, _ := r.TestID("ask-link").Attr("href"); got != want {
			t.Errorf("%s: ask link %q, want %q", query, got, want)
		}
		if got := r.Text("ask"); !strings.Contains(got, "Hittade du inte rätt?") || !strings.Contains(got, "Fråga oss") {
			t.Errorf("%s: ask section %q", query, got)
		}
	}
}

func TestEmptyResultsSaySo(t *testing.T) {
	s := newSite(t)
	// No organisation helps with premises for literature in Salem, and
	// Salem keeps no culture contact in the demo.
	r := testutil.GetOK(t, s.H, "/vem-kontaktar-jag?amne=lokaler&konstform=litteratur&kommun=salem")
	if r.TestID("no-organisations").Length() != 1 || r.TestID("organisation").Length() != 0 {
		t.Errorf("want the empty directory message, got %q", slugs(r, "answer"))
	}
	if r.TestID("no-municipality-contact").Length() != 1 || r.TestID("municipality-contact").Length() != 0 {
		t.Error("want the message that Salem has no contact")
	}
	if r.TestID("ask-link").Length() != 1 {
		t.Error("an empty answer must still offer to ask")
	}

	consultants(t, s)
	if testutil.GetOK(t, s.H, "/vem-kontaktar-jag?konstform=dans").TestID("consultant").Length() != 1 {
		t.Fatal("want Anna Lindqvist before she is made inactive")
	}
	exec(t, s, `UPDATE consultant_profiles SET active = false`)
	r = testutil.GetOK(t, s.H, "/vem-kontaktar-jag?konstform=dans")
	if r.TestID("no-consultants").Length() != 1 || r.TestID("consultant").Length() != 0 {
		t.Error("want the message that no consultant covers it")
	}
	if r.TestID("no-municipality-chosen").Length() != 1 {
		t.Error("without a municipality the page should ask for one")
	}
}

func TestUnknownValues(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		query  string
		fields []string
	}{
		{"kommun=atlantis", []string{"#kommun"}},
		{"amne=allt&konstform=opera&kommun=nacka", []string{"#amne", "#konstform"}},
		{"amne=%3Cscript%3E", []string{"#amne"}},
		{"konstform=" + strings.Repeat("x", 500), []string{"#konstform"}},
	}
	for _, tt := range tests {
		t.Run(tt.query[:min(len(tt.query), 30)], func(t *testing.T) {
			r := testutil.Get(t, s.H, "/vem-kontaktar-jag?"+tt.query)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			links := testutil.Attrs(r.TestID("error-summary").Find("a"), "href")
			if strings.Join(links, " ") != strings.Join(tt.fields, " ") {
				t.Errorf("error summary links %v, want %v", links, tt.fields)
			}
			if r.TestID("answer").Length() != 0 {
				t.Error("an answer built on an unknown value")
			}
			if !strings.HasPrefix(r.Doc.Find("title").Text(), "Fel: ") {
				t.Errorf("title %q", r.Doc.Find("title").Text())
			}
			// What was valid stays chosen.
			if strings.Contains(tt.query, "kommun=nacka") {
				if v, _ := r.Doc.Find(`#kommun option[selected]`).Attr("value"); v != "nacka" {
					t.Errorf("kommun lost: %q", v)
				}
			}
		})
	}
}

func TestStartPageLinksTheGuide(t *testing.T) {
	s := newSite(t)
	r := testutil.GetOK(t, s.H, "/")
	if got, _ := r.TestID("guide-link").Attr("href"); got != "/vem-kontaktar-jag" {
		t.Errorf("start page guide link %q", got)
	}
}

// The guide names the consultants the support desk would route the same
// question to: a topic a profile does not list leaves that consultant out.
func TestConsultantsByTopic(t *testing.T) {
	s := newSite(t)
	consultants(t, s)
	exec(t, s, `INSERT INTO consultant_topics (user_id, topic)
		SELECT id, 'finansiering' FROM users WHERE name = 'Leila Haddad'`)
	exec(t, s, `INSERT INTO consultant_topics (user_id, topic)
		SELECT id, 'ansokan' FROM users WHERE name = 'Johan Berg'`)
	for query, want := range map[string]string{
		"amne=finansiering&konstform=textil":              "Leila Haddad",
		"amne=finansiering&konstform=textil&kommun=solna": "",
		"amne=lokaler&konstform=textil":                   "Johan Berg Leila Haddad",
	} {
		r := testutil.GetOK(t, s.H, "/vem-kontaktar-jag?"+query)
		var names []string
		for _, n := range r.TestID("consultant-name").Nodes {
			names = append(names, testutil.Squash(n.FirstChild.Data))
		}
		if got := strings.Join(names, " "); got != want {
			t.Errorf("%s: consultants %q, want %q", query, got, want)
		}
	}
}
