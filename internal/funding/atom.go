package funding

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"residens/internal/civil"
	"residens/web/ui"
)

// FeedSize bounds the Atom feed: the sources changed last. A reader that
// polls now and then sees every change; one that comes back after a long
// time sees the newest.
const FeedSize = 50

// tagDate is the date of the feed's tag URIs (RFC 4151): fixed, so that an
// entry's id never changes; the authority is the site's host.
const tagDate = "2026"

// atomFeed is an Atom 1.0 feed (RFC 4287) as encoding/xml writes it.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary atomText `xml:"summary"`
}

// atomTime writes t as an Atom date (RFC 3339, in UTC).
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// EntryID is the Atom id of source id on the site at host: a tag URI
// naming the source's number, which no rename or change of its address
// alters.
func EntryID(host string, id int64) string {
	return "tag:" + host + "," + tagDate + ":finansiering/" + strconv.FormatInt(id, 10)
}

// summary is an entry's text: the funder, what it funds, the amount and
// the next deadline, as the finder's card tells them.
func summary(s Source) string {
	out := s.FunderName + ". "
	if s.Funds != "" {
		out += s.Funds + " "
	}
	if a := s.AmountText(); a != "" {
		out += "Belopp: " + a + ". "
	}
	return out + "Sista ansökningsdag: " + s.DeadlineText() + "."
}

// atom builds the feed of sources (newest change first) for the site at
// base, updated now when there is no source to date it by.
func atom(sources []Source, base *url.URL, publisher string, now time.Time) atomFeed {
	host := base.Hostname()
	if host == "" {
		host = "localhost"
	}
	updated := now
	if len(sources) > 0 {
		updated = sources[0].UpdatedAt
	}
	f := atomFeed{
		Lang:    "sv",
		ID:      "tag:" + host + "," + tagDate + ":finansiering",
		Title:   "Finansiering – nya och ändrade finansieringskällor",
		Updated: atomTime(updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base.JoinPath("/finansiering.atom").String()},
			{Rel: "alternate", Type: "text/html", Href: base.JoinPath("/finansiering").String()},
		},
		Author: atomAuthor{Name: publisher, URI: base.String()},
	}
	for _, s := range sources {
		f.Entries = append(f.Entries, atomEntry{
			ID:      EntryID(host, s.ID),
			Title:   s.Name,
			Updated: atomTime(s.UpdatedAt),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: base.JoinPath("/finansiering", s.Slug).String()},
			Summary: atomText{Type: "text", Text: summary(s)},
		})
	}
	return f
}

// Atom handles GET /finansiering.atom: the sources added or changed last,
// newest first, as an Atom feed one can follow in a feed reader.
func (h *Handler) Atom(w http.ResponseWriter, r *http.Request) error {
	now := h.now()
	sources, err := h.store.Changed(r.Context(), civil.Today(now), FeedSize)
	if err != nil {
		return err
	}
	base := h.base
	if base == nil {
		// Only a site built without configuration (the route listing)
		// lacks a base; answer for the host asked.
		base = &url.URL{Scheme: "http", Host: r.Host}
	}
	publisher := ui.SiteName
	if id := ui.IdentityFrom(r.Context()); id != nil && id.Name != "" {
		publisher = id.Name
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if err := xml.NewEncoder(&b).Encode(atom(sources, base, publisher, now)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write(b.Bytes())
	return nil
}
