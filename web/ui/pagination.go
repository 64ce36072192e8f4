package ui

import (
	"net/url"
	"strconv"
)

// Pager describes paging for a list: which page is shown, how many there are,
// and how to build a link to another page that keeps every other filter.
type Pager struct {
	Page, Pages int
	// Base is the path and Query the filters; the page number goes in the
	// parameter named Param ("sida").
	Base  string
	Query url.Values
	Param string
}

// PageLink is one numbered link in the pager; Gap marks an ellipsis.
type PageLink struct {
	Number  int
	Href    string
	Current bool
	Gap     bool
}

// Href returns the URL of page n with all other parameters kept. Page 1 has
// no parameter, so a list's first page has one canonical URL.
func (p Pager) Href(n int) string {
	q := url.Values{}
	for k, v := range p.Query {
		if k != p.Param {
			q[k] = v
		}
	}
	if n > 1 {
		q.Set(p.Param, strconv.Itoa(n))
	}
	if enc := q.Encode(); enc != "" {
		return p.Base + "?" + enc
	}
	return p.Base
}

// Links returns the numbered links: the first and last pages, and two on each
// side of the current one, with gaps between.
func (p Pager) Links() []PageLink {
	var out []PageLink
	last := 0
	for n := 1; n <= p.Pages; n++ {
		if n != 1 && n != p.Pages && (n < p.Page-2 || n > p.Page+2) {
			continue
		}
		switch {
		case last != 0 && n == last+2:
			// An ellipsis standing for one page hides it for nothing.
			out = append(out, PageLink{Number: last + 1, Href: p.Href(last + 1)})
		case last != 0 && n > last+2:
			out = append(out, PageLink{Gap: true})
		}
		out = append(out, PageLink{Number: n, Href: p.Href(n), Current: n == p.Page})
		last = n
	}
	return out
}
