// Package ui is the portal's UI kit: the page layout and the small pieces that
// every area shares (pagination, notices, badges). It holds no data access.
package ui

import (
	"residens/web/static"
)

// Page is what the layout needs to know about the screen it wraps. A handler
// builds one per request.
type Page struct {
	// Title is the page's own title; the layout appends the site name.
	Title string
	// Description is the meta description for search engines and link
	// previews.
	Description string
	// Nav names the main-menu entry to mark as current (a Key of
	// MainNav).
	Nav string
	// Notices are messages about how the request was understood, such as an
	// unknown filter value that was ignored.
	Notices []string
	// Flash is the confirmation of what was just done ("Ändringarna är
	// sparade."), shown at the top of the content. Handlers take it from
	// httpx.Flash; no view model carries its own.
	Flash string
	// Invalid says the page is a form that came back with errors: the
	// title then starts with "Fel: ", so a screen reader user hears at once
	// that the form was not sent. httpx.Render sets it for every 422.
	Invalid bool
	// Alternates are other forms of the page for the head's
	// <link rel="alternate">, such as its Atom feed, so that a browser or a
	// feed reader finds them from the page's address.
	Alternates []Alternate
}

// Alternate is another form of a page: its address, media type and title.
type Alternate struct {
	Href, Type, Title string
}

// NavItem is one entry of the main menu.
type NavItem struct {
	Key, Label, Href string
}

// MainNav is the site's main menu, in order.
var MainNav = []NavItem{
	{Key: "residens", Label: "Residens", Href: "/residens"},
	{Key: "kommuner", Label: "Kommuner", Href: "/kommuner"},
	{Key: "kulturaktorer", Label: "Kulturaktörer", Href: "/kulturaktorer"},
	{Key: "utlysningar", Label: "Utlysningar", Href: "/utlysningar"},
	{Key: "evenemang", Label: "Evenemang", Href: "/evenemang"},
	{Key: "radgivning", Label: "Rådgivning", Href: "/radgivning"},
	{Key: "om", Label: "Om residens", Href: "/om-residens"},
}

// Asset returns the cache-safe URL of a static file.
func Asset(name string) string { return static.Path(name) }

// FullTitle is the text of the document's title element.
func (p Page) FullTitle() string {
	t := p.Title + " – " + SiteName
	if p.Title == "" || p.Title == SiteName {
		t = SiteName
	}
	if p.Invalid {
		t = "Fel: " + t
	}
	return t
}

// SiteName is the portal's name as shown in titles and the header.
const SiteName = "Residens"

// SiteTagline is shown under the name in the header.
const SiteTagline = "Konstnärliga residens i Stockholms län"
