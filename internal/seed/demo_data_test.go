package seed

import (
	"regexp"
	"strings"
	"testing"
)

var demoSlugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// slugSet returns the slugs of vocab as a set and fails on duplicates or
// malformed slugs and empty names.
func slugSet(t *testing.T, what string, vocab []Vocab) map[string]bool {
	t.Helper()
	set := make(map[string]bool, len(vocab))
	for _, v := range vocab {
		if !demoSlugRE.MatchString(v.Slug) {
			t.Errorf("%s: slug %q does not match %s", what, v.Slug, demoSlugRE)
		}
		if set[v.Slug] {
			t.Errorf("%s: duplicate slug %q", what, v.Slug)
		}
		if strings.TrimSpace(v.Name) == "" {
			t.Errorf("%s: slug %q has an empty name", what, v.Slug)
		}
		set[v.Slug] = true
	}
	return set
}

func TestDemoVocabularies(t *testing.T) {
	tests := []struct {
		name  string
		vocab []Vocab
		want  []string // slugs that must be present
	}{
		{"ArtForms", ArtForms, []string{"dans", "cirkus", "film", "musik", "slojd", "textil", "teater", "bild-och-form", "litteratur"}},
		{"TargetGroups", TargetGroups, []string{"barn", "unga", "vuxna", "aldre"}},
		{"VenueTypes", VenueTypes, []string{"bibliotek", "skola", "forskola", "fritidsgard", "kulturhus", "aldreboende"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := slugSet(t, tt.name, tt.vocab)
			for _, s := range tt.want {
				if !set[s] {
					t.Errorf("missing slug %q", s)
				}
			}
		})
	}
	// The art forms keep the order of the design document.
	for i, s := range tests[0].want {
		if i >= len(ArtForms) || ArtForms[i].Slug != s {
			t.Errorf("ArtForms[%d]: want slug %q", i, s)
		}
	}
}

func TestDemoMunicipalities(t *testing.T) {
	// The official kommunkoder of Stockholms län (SCB).
	want := []struct{ code, name, slug string }{
		{"0114", "Upplands Väsby", "upplands-vasby"},
		{"0115", "Vallentuna", "vallentuna"},
		{"0117", "Österåker", "osteraker"},
		{"0120", "Värmdö", "varmdo"},
		{"0123", "Järfälla", "jarfalla"},
		{"0125", "Ekerö", "ekero"},
		{"0126", "Huddinge", "huddinge"},
		{"0127", "Botkyrka", "botkyrka"},
		{"0128", "Salem", "salem"},
		{"0136", "Haninge", "haninge"},
		{"0138", "Tyresö", "tyreso"},
		{"0139", "Upplands-Bro", "upplands-bro"},
		{"0140", "Nykvarn", "nykvarn"},
		{"0160", "Täby", "taby"},
		{"0162", "Danderyd", "danderyd"},
		{"0163", "Sollentuna", "sollentuna"},
		{"0180", "Stockholm", "stockholm"},
		{"0181", "Södertälje", "sodertalje"},
		{"0182", "Nacka", "nacka"},
		{"0183", "Sundbyberg", "sundbyberg"},
		{"0184", "Solna", "solna"},
		{"0186", "Lidingö", "lidingo"},
		{"0187", "Vaxholm", "vaxholm"},
		{"0188", "Norrtälje", "norrtalje"},
		{"0191", "Sigtuna", "sigtuna"},
		{"0192", "Nynäshamn", "nynashamn"},
	}
	if len(StockholmMunicipalities) != 26 {
		t.Fatalf("got %d municipalities, want 26", len(StockholmMunicipalities))
	}
	codeRE := regexp.MustCompile(`^01[0-9]{2}$`)
	codes := map[string]bool{}
	slugs := map[string]bool{}
	for _, m := range StockholmMunicipalities {
		if !codeRE.MatchString(m.Code) {
			t.Errorf("%s: code %q is not a four-digit code of Stockholms län", m.Name, m.Code)
		}
		if codes[m.Code] {
			t.Errorf("duplicate code %q", m.Code)
		}
		codes[m.Code] = true
		if !demoSlugRE.MatchString(m.Slug) {
			t.Errorf("%s: slug %q does not match %s", m.Name, m.Slug, demoSlugRE)
		}
		if slugs[m.Slug] {
			t.Errorf("duplicate slug %q", m.Slug)
		}
		slugs[m.Slug] = true
		if m.County != "Stockholms län" {
			t.Errorf("%s: county %q, want %q", m.Name, m.County, "Stockholms län")
		}
	}
	byCode := map[string]Municipality{}
	for _, m := range StockholmMunicipalities {
		byCode[m.Code] = m
	}
	for _, w := range want {
		t.Run(w.code, func(t *testing.T) {
			m, ok := byCode[w.code]
			if !ok {
				t.Fatalf("no municipality with code %s (%s)", w.code, w.name)
			}
			if m.Name != w.name || m.Slug != w.slug {
				t.Errorf("got %q/%q, want %q/%q", m.Name, m.Slug, w.name, w.slug)
			}
		})
	}
}

func TestDemoActors(t *testing.T) {
	kinds := map[string]bool{"artist": true, "group": true, "company": true, "association": true, "organisation": true}
	arts := slugSet(t, "ArtForms", ArtForms)
	munis := map[string]bool{}
	for _, m := range StockholmMunicipalities {
		munis[m.Slug] = true
	}
	used := map[string]bool{}
	for _, r := range DemoResidencies {
		for _, a := range r.Actors {
			used[a.Actor] = true
		}
	}
	seen := map[string]bool{}
	for _, a := range DemoActors {
		t.Run(a.Slug, func(t *testing.T) {
			if !demoSlugRE.MatchString(a.Slug) {
				t.Errorf("slug does not match %s", demoSlugRE)
			}
			if seen[a.Slug] {
				t.Errorf("duplicate slug")
			}
			seen[a.Slug] = true
			if strings.TrimSpace(a.Name) == "" || strings.TrimSpace(a.Description) == "" {
				t.Errorf("empty name or description")
			}
			if !kinds[a.Kind] {
				t.Errorf("unknown kind %q", a.Kind)
			}
			if len(a.ArtForms) == 0 {
				t.Errorf("no art form")
			}
			for _, s := range a.ArtForms {
				if !arts[s] {
					t.Errorf("unknown art form %q", s)
				}
			}
			if a.Home != "" && !munis[a.Home] {
				t.Errorf("unknown home municipality %q", a.Home)
			}
			if !used[a.Slug] {
				t.Errorf("actor is not used by any residency")
			}
		})
	}
}

func TestDemoResidencies(t *testing.T) {
	const ongoing = 5
	kinds := map[string]bool{"kommunresidens": true, "kommunkoreograf": true, "other": true}
	arts := slugSet(t, "ArtForms", ArtForms)
	groups := slugSet(t, "TargetGroups", TargetGroups)
	venues := slugSet(t, "VenueTypes", VenueTypes)
	munis := map[string]bool{}
	for _, m := range StockholmMunicipalities {
		munis[m.Slug] = true
	}
	actors := map[string]bool{}
	for _, a := range DemoActors {
		actors[a.Slug] = true
	}
	if len(DemoResidencies) <= ongoing {
		t.Fatalf("got %d residencies, want more than %d", len(DemoResidencies), ongoing)
	}

	checkSlugs := func(t *testing.T, what string, got []string, known map[string]bool, min int) {
		t.Helper()
		if len(got) < min {
			t.Errorf("%s: got %d, want at least %d", what, len(got), min)
		}
		dup := map[string]bool{}
		for _, s := range got {
			if !known[s] {
				t.Errorf("%s: unknown slug %q", what, s)
			}
			if dup[s] {
				t.Errorf("%s: duplicate slug %q", what, s)
			}
			dup[s] = true
		}
	}

	seen := map[string]bool{}
	for i, r := range DemoResidencies {
		t.Run(r.Slug, func(t *testing.T) {
			if !demoSlugRE.MatchString(r.Slug) {
				t.Errorf("slug does not match %s", demoSlugRE)
			}
			if seen[r.Slug] {
				t.Errorf("duplicate slug")
			}
			seen[r.Slug] = true
			if !kinds[r.Kind] {
				t.Errorf("unknown kind %q", r.Kind)
			}
			if !munis[r.Municipality] {
				t.Errorf("unknown municipality %q", r.Municipality)
			}
			for field, v := range map[string]string{
				"Title": r.Title, "VenueName": r.VenueName, "Summary": r.Summary, "Body": r.Body, "ImageAlt": r.ImageAlt,
			} {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s is empty", field)
				}
			}
			if !strings.Contains(r.Body, "## ") {
				t.Errorf("Body has no ## heading")
			}
			checkSlugs(t, "ArtForms", r.ArtForms, arts, 1)
			checkSlugs(t, "TargetGroups", r.TargetGroups, groups, 1)
			checkSlugs(t, "VenueTypes", r.VenueTypes, venues, 1)
			if len(r.Actors) < 1 || len(r.Actors) > 3 {
				t.Errorf("got %d actors, want 1-3", len(r.Actors))
			}
			for _, a := range r.Actors {
				if !actors[a.Actor] {
					t.Errorf("unknown actor %q", a.Actor)
				}
				if strings.TrimSpace(a.Role) == "" {
					t.Errorf("actor %q has no role", a.Actor)
				}
			}
			if r.StartDays >= r.EndDays {
				t.Errorf("StartDays %d not before EndDays %d", r.StartDays, r.EndDays)
			}
			if i < ongoing {
				if !(r.StartDays <= 0 && 0 < r.EndDays) {
					t.Errorf("want ongoing, got StartDays %d EndDays %d", r.StartDays, r.EndDays)
				}
				if r.Outcome != "" {
					t.Errorf("ongoing residency has an outcome")
				}
			} else {
				if r.EndDays >= 0 {
					t.Errorf("want completed, got EndDays %d", r.EndDays)
				}
				if strings.TrimSpace(r.Outcome) == "" {
					t.Errorf("completed residency has no outcome")
				}
			}
			if r.Participants < 0 || r.Sessions < 0 {
				t.Errorf("negative figures")
			}
		})
	}
}
