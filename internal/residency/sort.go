package residency

import (
	"sort"

	"golang.org/x/text/collate"
)

func sortByName(terms []Term, c *collate.Collator) {
	sort.SliceStable(terms, func(i, j int) bool { return c.CompareString(terms[i].Name, terms[j].Name) < 0 })
}
