package residency

import (
	"net/url"
	"slices"
	"strconv"

	"residens/internal/httpx"
)

// MaxQueryLength bounds the free-text search; longer input is cut, with a
// notice, rather than refused.
const MaxQueryLength = 200

// ParseFilter reads the list filters from q, checking each value against the
// vocabulary. An unknown value is dropped with a notice, never an error.
func ParseFilter(q *httpx.Query, v Vocabulary) Filter {
	var f Filter
	switch s := Status(q.String("status", 40)); s {
	case "", Ongoing, Upcoming, Completed:
		f.Status = s
	default:
		q.Notef("Statusen ”" + httpx.Clip(string(s), 40) + "” finns inte. Du ser residens med alla statusar.")
	}
	f.Municipality = TermParam(q, "kommun", v.Municipalities, "Kommunen")
	f.ArtForm = TermParam(q, "konstform", v.ArtForms, "Konstformen")
	f.TargetGroup = TermParam(q, "malgrupp", v.TargetGroups, "Målgruppen")
	f.VenueType = TermParam(q, "plats", v.VenueTypes, "Platsen")
	if s := q.String("ar", 20); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 1900 || y > 2200 {
			q.Notef("Året ”" + httpx.Clip(s, 20) + "” kan inte användas som filter och har tagits bort.")
		} else {
			f.Year = y
		}
	}
	f.Query = q.String("q", MaxQueryLength)
	f.Page = q.Page("sida")
	return f
}

// TermParam reads the slug in parameter key of q and returns its term, or
// nil: for an empty value, and for an unknown one with a notice naming what
// ("Kommunen") so the visitor sees that the filter was dropped.
func TermParam(q *httpx.Query, key string, terms []Term, what string) *Term {
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

// Values returns the filter as URL parameters, leaving out what is unset, so
// links built from it are short and canonical. The page is left out.
func (f Filter) Values() url.Values {
	v := url.Values{}
	if f.Status != "" {
		v.Set("status", string(f.Status))
	}
	if f.Municipality != nil {
		v.Set("kommun", f.Municipality.Slug)
	}
	if f.ArtForm != nil {
		v.Set("konstform", f.ArtForm.Slug)
	}
	if f.TargetGroup != nil {
		v.Set("malgrupp", f.TargetGroup.Slug)
	}
	if f.VenueType != nil {
		v.Set("plats", f.VenueType.Slug)
	}
	if f.Year != 0 {
		v.Set("ar", strconv.Itoa(f.Year))
	}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	return v
}

// Active reports whether any filter other than the status is set.
func (f Filter) Active() bool {
	return f.Municipality != nil || f.ArtForm != nil || f.TargetGroup != nil || f.VenueType != nil ||
		f.Year != 0 || f.Query != ""
}

// Without returns the URL of the list with the named parameter removed.
func (f Filter) Without(key string) string {
	v := f.Values()
	v.Del(key)
	return ListURL(v)
}

// With returns the URL of the list with key set to value (page reset).
func (f Filter) With(key, value string) string {
	v := f.Values()
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	return ListURL(v)
}

// ListURL is /residens with the given parameters.
func ListURL(v url.Values) string {
	if enc := v.Encode(); enc != "" {
		return "/residens?" + enc
	}
	return "/residens"
}

// TermID reads a form value as the id of one of terms; false when it is not
// a number or names no term (only a forged form sends that).
func TermID(s string, terms []Term) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return id, slices.ContainsFunc(terms, func(t Term) bool { return t.ID == id })
}

// TermIDs keeps the known ids of ss (checkbox values), sorted and without
// repeats; an unknown value is dropped.
func TermIDs(ss []string, terms []Term) []int64 {
	var out []int64
	for _, s := range ss {
		if id, ok := TermID(s, terms); ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
