package residency

import (
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Thousands formats n with a space between groups of three digits, as
// Swedish does: 1 650.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(c)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// Hits says how many residencies were found, in Swedish.
func Hits(n int) string {
	switch n {
	case 0:
		return "Inga residens hittades"
	case 1:
		return "1 residens hittades"
	}
	return Thousands(n) + " residens hittades"
}
