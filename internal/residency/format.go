package residency

import (
	"residens/web/ui"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Hits says how many residencies were found, in Swedish.
func Hits(n int) string {
	switch n {
	case 0:
		return "Inga residens hittades"
	case 1:
		return "1 residens hittades"
	}
	return ui.Thousands(n) + " residens hittades"
}
