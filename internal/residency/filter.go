package residency

import (
	"net/url"
	"strconv"

	"residens/internal/httpx"
	"residens/internal/vocab"
	"residens/web/ui"
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
	f.Municipality = vocab.Param(q, "kommun", v.Municipalities, "Kommunen")
	f.ArtForm = vocab.Param(q, "konstform", v.ArtForms, "Konstformen")
	f.TargetGroup = vocab.Param(q, "malgrupp", v.TargetGroups, "Målgruppen")
	f.VenueType = vocab.Param(q, "plats", v.VenueTypes, "Platsen")
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

// Chip is one active filter, shown above the list with a link that removes
// it.
type Chip struct {
	// Label says what is filtered on ("Kommun: Nacka").
	Label string
	// Remove is the list's address without this filter.
	Remove string
}

// Chips are the active filters other than the status, in the form's order.
func (f Filter) Chips() []Chip {
	var out []Chip
	add := func(key, label string) { out = append(out, Chip{Label: label, Remove: f.Without(key)}) }
	if f.Query != "" {
		add("q", "Sökning: ”"+f.Query+"”")
	}
	if f.Municipality != nil {
		add("kommun", "Kommun: "+f.Municipality.Name)
	}
	if f.ArtForm != nil {
		add("konstform", "Konstform: "+f.ArtForm.Name)
	}
	if f.TargetGroup != nil {
		add("malgrupp", "Målgrupp: "+f.TargetGroup.Name)
	}
	if f.VenueType != nil {
		add("plats", "Plats: "+f.VenueType.Name)
	}
	if f.Year != 0 {
		add("ar", "År: "+strconv.Itoa(f.Year))
	}
	return out
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

// yearOptions are the filter's years, newest first.
func yearOptions(first, last int) []ui.Option {
	var out []ui.Option
	for y := last; y >= first && y > 0; y-- {
		out = append(out, ui.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	return out
}

// yearValue is a chosen year as the filter's value: "" for none.
func yearValue(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
