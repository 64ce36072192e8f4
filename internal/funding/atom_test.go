package funding_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"residens/internal/audit"
	"residens/internal/funding"
	"residens/internal/testutil"
)

// feed is what a reader takes from the Atom feed.
type feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Type string `xml:"type,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

func getFeed(t *testing.T, s site) feed {
	t.Helper()
	r := testutil.Get(t, s.H, "/finansiering.atom")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d", r.Status)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := r.Header.Get("Cache-Control"); cc == "" {
		t.Error("no Cache-Control")
	}
	var f feed
	if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, r.Body)
	}
	return f
}

func TestAtomFeed(t *testing.T) {
	s := newSite(t)
	page := testutil.GetOK(t, s.H, "/finansiering")
	if href, _ := page.TestID("atom-link").Attr("href"); href != "/finansiering.atom" {
		t.Errorf("the finder links to the feed as %q", href)
	}
	if href, _ := page.Doc.Find(`head link[rel="alternate"][type="application/atom+xml"]`).Attr("href"); href != "/finansiering.atom" {
		t.Errorf("the finder's head names the feed as %q", href)
	}

	f := getFeed(t, s)
	if f.Lang != "sv" || f.Title == "" || f.Author.Name == "" || !strings.HasPrefix(f.ID, "tag:") {
		t.Errorf("feed head: lang %q, title %q, author %q, id %q", f.Lang, f.Title, f.Author.Name, f.ID)
	}
	self := ""
	for _, l := range f.Links {
		if l.Rel == "self" {
			self = l.Href
		}
	}
	if !strings.HasPrefix(self, "http") || !strings.HasSuffix(self, "/finansiering.atom") {
		t.Errorf("self link %q", self)
	}
	if len(f.Entries) != 15 {
		t.Fatalf("%d entries, want the 15 demo sources", len(f.Entries))
	}
	if f.Updated != f.Entries[0].Updated {
		t.Errorf("feed updated %s, newest entry %s", f.Updated, f.Entries[0].Updated)
	}
	seen := map[string]bool{}
	for i, e := range f.Entries {
		if seen[e.ID] || !strings.HasPrefix(e.ID, "tag:") {
			t.Errorf("entry id %q repeated or not a tag URI", e.ID)
		}
		seen[e.ID] = true
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("%s: updated %q: %v", e.ID, e.Updated, err)
		}
		if i > 0 && e.Updated > f.Entries[i-1].Updated {
			t.Errorf("entry %d (%s) is newer than the one before it", i, e.Updated)
		}
		if !strings.HasPrefix(e.Link.Href, "http") || !strings.Contains(e.Link.Href, "/finansiering/") || e.Title == "" || e.Summary == "" {
			t.Errorf("entry %s: link %q, title %q, summary %q", e.ID, e.Link.Href, e.Title, e.Summary)
		}
	}

	// A change moves the source to the top, under the same id.
	id := testutil.Scalar[int64](t, s.Pool, `SELECT id FROM funding_sources WHERE slug = 'ekero-foreningsbidrag'`)
	// An hour after the newest change so far, whenever the demo was written.
	newest := testutil.Scalar[time.Time](t, s.Pool, `SELECT max(updated_at) FROM funding_sources`)
	later := funding.NewStore(s.Pool, func() time.Time { return newest.Add(time.Hour) })
	src, err := later.Source(context.Background(), id, testutil.Today())
	if err != nil {
		t.Fatal(err)
	}
	src.Funds = "Verksamhetsbidrag, nu även till nystartade föreningar."
	if err := later.UpdateSource(context.Background(), audit.Entry{}, id, *src); err != nil {
		t.Fatal(err)
	}
	after := getFeed(t, s)
	top := after.Entries[0]
	if !strings.HasSuffix(top.Link.Href, "/finansiering/ekero-foreningsbidrag") || !strings.Contains(top.Summary, "nystartade") {
		t.Fatalf("top entry %s %q after the change", top.Link.Href, top.Summary)
	}
	if !seen[top.ID] {
		t.Errorf("the changed source's id %s is not the one it had", top.ID)
	}
	if after.Updated != top.Updated || after.Updated <= f.Updated {
		t.Errorf("feed updated %s after the change, was %s", after.Updated, f.Updated)
	}
	for i := range f.Entries {
		if !seen[after.Entries[i].ID] {
			t.Errorf("entry id %s is new after a change", after.Entries[i].ID)
		}
	}
}

func TestAtomFeedIsBounded(t *testing.T) {
	s := newSite(t)
	if _, err := s.Pool.Exec(context.Background(), `
		INSERT INTO funding_sources (slug, name, funder_id, deadline_kind, updated_at)
		SELECT 'extra-' || n, 'Extra ' || n, (SELECT min(id) FROM support_organisations), 'rolling', now() + n * interval '1 minute'
		FROM generate_series(1, 60) n`); err != nil {
		t.Fatal(err)
	}
	f := getFeed(t, s)
	if len(f.Entries) != funding.FeedSize {
		t.Fatalf("%d entries, want %d", len(f.Entries), funding.FeedSize)
	}
	if !strings.HasSuffix(f.Entries[0].Link.Href, "/finansiering/extra-60") {
		t.Errorf("first entry %s, want the newest", f.Entries[0].Link.Href)
	}
}

func TestEntryIDStable(t *testing.T) {
	if got := funding.EntryID("residens.example.se", 42); got != "tag:residens.example.se,2026:finansiering/42" {
		t.Errorf("EntryID = %q", got)
	}
}
