package vocab

import (
	"strconv"

	"residens/web/ui"
)

// SlugOptions are terms as the options of a filter (the value is the slug,
// which is what a filter's address carries).
func SlugOptions(terms []Term) []ui.Option {
	out := make([]ui.Option, len(terms))
	for i, t := range terms {
		out[i] = ui.Option{Value: t.Slug, Label: t.Name}
	}
	return out
}

// IDOptions are terms as the options of an editing form (the value is the
// id, which is what is stored).
func IDOptions(terms []Term) []ui.Option {
	out := make([]ui.Option, len(terms))
	for i, t := range terms {
		out[i] = ui.Option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name}
	}
	return out
}

// Chosen is the slug of a filter's term as a Choice's selection: none
// when t is nil.
func Chosen(t *Term) []string {
	if t == nil {
		return nil
	}
	return []string{t.Slug}
}

// ChosenIDs are ids as a Choice's selection.
func ChosenIDs(ids ...int64) []string {
	var out []string
	for _, id := range ids {
		if id != 0 {
			out = append(out, strconv.FormatInt(id, 10))
		}
	}
	return out
}

// Topics are the support desk's topics: what a question is about, what an
// organisation of the contact guide helps with. The values are stored (in
// support_organisations.topics and in questions) and are the forms' amne.
var Topics = []ui.Option{
	{Value: "kulturaktor", Label: "Hitta kulturaktör"},
	{Value: "kontakt", Label: "Kontakt i kommun eller region"},
	{Value: "finansiering", Label: "Finansiering"},
	{Value: "lokaler", Label: "Lokaler"},
	{Value: "avtal", Label: "Avtal och samverkan"},
	{Value: "natverk", Label: "Nätverk och sammanhang"},
	{Value: "kompetens", Label: "Kompetensutveckling"},
	{Value: "annat", Label: "Annat"},
}
