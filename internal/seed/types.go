// Package seed fills a database with the demo content (seed --demo) and with
// generated residencies and actors for benchmarks (seed --synthetic N).
package seed

// Vocab is one entry of a small vocabulary (art form, target group, venue
// type): a URL slug and a Swedish display name.
type Vocab struct {
	Slug, Name string
}

// Municipality is a municipality with its official four-digit kommunkod.
type Municipality struct {
	Code, Name, Slug, County string
}

// DemoActor is a cultural actor of the demo content.
type DemoActor struct {
	Slug        string
	Name        string
	Kind        string   // artist, group, company, association, organisation
	ArtForms    []string // art form slugs
	Home        string   // municipality slug, or "" when unknown
	Description string   // Swedish, a few sentences, may use Markdown paragraphs
	Website     string   // "" when none is known
}

// DemoRole links an actor to a residency with the role it played.
type DemoRole struct {
	Actor string // actor slug
	Role  string // Swedish, e.g. "Koreograf", "Cirkusartist", "Dansare"
}

// DemoResidency is a residency of the demo content. Dates are offsets in days
// from the day the seed runs, so the ongoing ones stay ongoing.
type DemoResidency struct {
	Slug         string
	Title        string
	Kind         string // kommunresidens, kommunkoreograf, other
	Municipality string // municipality slug
	District     string // e.g. "Rågsved", or ""
	VenueName    string
	VenueTypes   []string // venue type slugs
	TargetGroups []string // target group slugs
	ArtForms     []string // art form slugs
	StartDays    int      // starts_on = today + StartDays (negative: in the past)
	EndDays      int      // ends_on = today + EndDays
	Summary      string   // one or two sentences
	Body         string   // Markdown, several paragraphs, may have ## headings
	Participants int      // 0 when not known
	Sessions     int      // 0 when not known
	Outcome      string   // short outcome text, "" for ongoing ones
	Actors       []DemoRole
	ImageAlt     string // alt text of the generated demo image
}
