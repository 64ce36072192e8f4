// Package vocab holds the shared vocabularies of the portal: municipalities,
// art forms, target groups and venue types, as the terms that filters,
// forms and pages use. It sits below the areas, so that each of them (the
// residencies, the cultural actors, the proposals, the bookings, and the
// areas to come) reads and checks terms the same way.
package vocab

import (
	"slices"
	"strconv"

	"residens/internal/httpx"
)

// Term is an entry of a vocabulary (art form, target group, venue type,
// municipality) as the pages show it.
type Term struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Find returns the term with the given slug, if any.
func Find(terms []Term, slug string) (Term, bool) {
	for _, t := range terms {
		if t.Slug == slug {
			return t, true
		}
	}
	return Term{}, false
}

// Param reads the slug in parameter key of q and returns its term, or nil:
// for an empty value, and for an unknown one with a notice naming what
// ("Kommunen") so the visitor sees that the filter was dropped.
func Param(q *httpx.Query, key string, terms []Term, what string) *Term {
	s := q.String(key, 80)
	if s == "" {
		return nil
	}
	t, ok := Find(terms, s)
	if !ok {
		q.Notef(what + " ”" + httpx.Clip(s, 40) + "” finns inte och filtret har tagits bort.")
		return nil
	}
	return &t
}

// ID parses s as the id of one of terms (a form's select or checkbox value).
func ID(s string, terms []Term) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return id, slices.ContainsFunc(terms, func(t Term) bool { return t.ID == id })
}

// IDs keeps the known ids of ss (checkbox values), sorted and without
// repeats; an unknown value is dropped.
func IDs(ss []string, terms []Term) []int64 {
	var out []int64
	for _, s := range ss {
		if id, ok := ID(s, terms); ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
