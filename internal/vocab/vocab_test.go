package vocab

import (
	"slices"
	"strings"
	"testing"

	"residens/internal/httpx"
)

var terms = []Term{{ID: 3, Slug: "dans", Name: "Dans"}, {ID: 7, Slug: "musik", Name: "Musik"}}

func TestIDs(t *testing.T) {
	if got := IDs([]string{"7", "x", "3", "7", "99", "-1"}, terms); !slices.Equal(got, []int64{3, 7}) {
		t.Errorf("IDs = %v, want [3 7]: known ids, sorted, once each", got)
	}
	if _, ok := ID("99", terms); ok {
		t.Error("ID accepted an id that names no term")
	}
}

func TestParam(t *testing.T) {
	q := httpx.NewQuery("konstform=musik&kommun=atlantis")
	if got := Param(q, "konstform", terms, "Konstformen"); got == nil || got.ID != 7 {
		t.Errorf("Param(musik) = %v", got)
	}
	if got := Param(q, "kommun", terms, "Kommunen"); got != nil {
		t.Errorf("Param(atlantis) = %v, want nil", got)
	}
	if notes := strings.Join(q.Notices, " "); !strings.Contains(notes, "Kommunen ”atlantis” finns inte") {
		t.Errorf("notes %q: want one naming the dropped filter", notes)
	}
}

func TestOptions(t *testing.T) {
	if got := SlugOptions(terms); len(got) != 2 || got[1].Value != "musik" || got[1].Label != "Musik" {
		t.Errorf("SlugOptions = %v", got)
	}
	if got := IDOptions(terms); len(got) != 2 || got[0].Value != "3" || got[0].Label != "Dans" {
		t.Errorf("IDOptions = %v", got)
	}
	if got := Chosen(nil); got != nil {
		t.Errorf("Chosen(nil) = %v, want none", got)
	}
	if got := Chosen(&terms[1]); len(got) != 1 || got[0] != "musik" {
		t.Errorf("Chosen = %v", got)
	}
	if got := ChosenIDs(0, 7); len(got) != 1 || got[0] != "7" {
		t.Errorf("ChosenIDs(0, 7) = %v, want [7]", got)
	}
}
