package municipality

import (
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// sortMunicipalities orders by name the Swedish way, so Österåker comes last
// rather than among the O's.
func sortMunicipalities(ms []Municipality) {
	c := collate.New(language.Swedish)
	sort.SliceStable(ms, func(i, j int) bool { return c.CompareString(ms[i].Name, ms[j].Name) < 0 })
}
