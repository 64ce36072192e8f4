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
