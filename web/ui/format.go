package ui

import (
	"strconv"
	"strings"
)

// OrDash is s, or an en dash when s is empty: a table cell or a fact that
// has no value still says so, rather than leaving a gap a screen reader
// skips.
func OrDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// ID formats a database id for a URL or a form value.
func ID(id int64) string { return strconv.FormatInt(id, 10) }

// Thousands formats n with a (non-breaking) space between groups of three
// digits, as Swedish does: 1 650.
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

// Count says how many of something there are, in the singular for one and
// with thousands grouped: Count(1, "fråga", "frågor") is "1 fråga",
// Count(1650, …) "1 650 frågor".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(n) + " " + many
}

// Lines are the non-empty lines of text someone typed, trimmed: a page or
// an e-mail shows each as a paragraph (or a line of an address), so that
// what was written on several lines reads that way without any markup.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
