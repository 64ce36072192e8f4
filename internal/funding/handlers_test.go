package funding_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

type site struct {
	*testutil.TestSite
}

func newSite(t *testing.T) site { return site{testutil.NewSite(t, testutil.SiteOptions{})} }

func (s site) consultant(t *testing.T) *http.Cookie {
	t.Helper()
	id := testutil.Scalar[int64](t, s.Pool, `INSERT INTO users (email, name, role, email_verified_at)
		VALUES ('kim.konsulent@example.se', 'Kim Konsulent', $1, now()) RETURNING id`, string(auth.RoleConsultant))
	return testutil.SessionCookie(t, s.Pool, s.Sessions, id)
}

func (s site) do(t *testing.T, method, target string, c *http.Cookie, form url.Values) *testutil.Response {
	t.Helper()
	return testutil.Serve(t, s.H, testutil.Request(method, target, form, c))
}

func TestFinderList(t *testing.T) {
	s := newSite(t)
	r := testutil.GetOK(t, s.H, "/finansiering")
	cards := r.TestID("source")
	if cards.Length() != 15 {
		t.Fatalf("%d cards, want the 15 demo sources", cards.Length())
	}
	// The soonest deadline first: the work grant closes in 5 days.
	first := cards.First()
	if got := testutil.Squash(first.Find(`[data-testid="source-link"]`).Text()); got != "Arbetsstipendium för konstnärer" {
		t.Errorf("first card %q", got)
	}
	if got := testutil.Squash(first.Find(`[data-testid="countdown"]`).Text()); got != "(5 dagar kvar)" {
		t.Errorf("countdown %q", got)
	}
	if got := testutil.Squash(first.Find(`[data-testid="source-funder"]`).Text()); got != "Konstnärsnämnden (exempel)" {
		t.Errorf("funder %q", got)
	}
	if got := testutil.Squash(first.Find(`[data-testid="source-amount"]`).Text()); got != "Belopp: 120 000–240 000 kr" {
		t.Errorf("amount %q", got)
	}
	// Löpande after every dated one, the passed ones last.
	slugs := testutil.Attrs(cards, "data-slug")
	if slugs[len(slugs)-1] != "film-i-skolan" && slugs[len(slugs)-1] != "ekero-foreningsbidrag" {
		t.Errorf("last card %s, want a source whose rounds have passed", slugs[len(slugs)-1])
	}
	if slugs[len(slugs)-3] != "kulturstod-arrangorer" {
		t.Errorf("order %v: the löpande source should come just before the two passed ones", slugs)
	}
}

func TestFinderFilters(t *testing.T) {
	s := newSite(t)
	tests := []struct {
		query string
		want  []string
	}{
		// Skapande skola is for every art form.
		{"vem=skola&konstform=film", []string{"skapande-skola", "film-i-skolan"}},
		{"vad=kortfilm", []string{"filmstod-kortfilm"}},
		{"vem=konstnar&oppet=30-dagar", []string{"arbetsstipendium", "dans-residensstod", "filmstod-kortfilm", "internationellt-utbyte"}},
		{"belopp=1000000&vem=kommun", []string{"skapande-skola"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := testutil.GetOK(t, s.H, "/finansiering?"+tt.query)
			got := testutil.Attrs(r.TestID("source"), "data-slug")
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	// The form shows what was chosen, so it can be changed.
	r := testutil.GetOK(t, s.H, "/finansiering?vem=skola&belopp=5000&oppet=nu")
	if v, _ := r.Doc.Find(`select[name="vem"] option[selected]`).Attr("value"); v != "skola" {
		t.Errorf("vem selected %q", v)
	}
	if v, _ := r.Doc.Find(`input[name="belopp"]`).Attr("value"); v != "5000" {
		t.Errorf("belopp %q", v)
	}
}

func TestFinderEmptyAndBadInput(t *testing.T) {
	s := newSite(t)
	r := testutil.GetOK(t, s.H, "/finansiering?vad=zzxqyzz")
	if r.TestID("empty-state").Length() != 1 || r.TestID("source").Length() != 0 {
		t.Errorf("no empty state for a search that finds nothing")
	}
	r = testutil.GetOK(t, s.H, "/finansiering?vem=drake&belopp=mycket&oppet=kanske&konstform=jonglering&sida=99")
	if r.TestID("source").Length() == 0 {
		t.Errorf("unknown filters should be dropped, not match nothing")
	}
	if n := len(r.Notices()); n != 5 {
		t.Errorf("%d notices, want one for each dropped filter and the page: %v", n, r.Notices())
	}
}

func TestSourcePage(t *testing.T) {
	s := newSite(t)
	r := testutil.GetOK(t, s.H, "/finansiering/filmstod-kortfilm")
	if got := r.Text("source-name"); got != "Produktionsstöd till kortfilm" {
		t.Errorf("name %q", got)
	}
	if got := r.Text("fact-next"); !strings.Contains(got, "21 december 2026") || !strings.Contains(got, "25 dagar kvar") {
		t.Errorf("next deadline %q", got)
	}
	if got := r.Text("fact-checked"); got != "16 november 2026" {
		t.Errorf("checked %q", got)
	}
	if href, _ := r.TestID("source-url").Attr("href"); href != "https://film.example.se/stod/kortfilm" {
		t.Errorf("link out %q", href)
	}
	if n := r.TestID("deadlines").Find("li").Length(); n != 3 {
		t.Errorf("%d rounds listed, want 3", n)
	}
	r = testutil.GetOK(t, s.H, "/finansiering/kulturstod-arrangorer")
	if got := r.Text("fact-next"); got != "Löpande" {
		t.Errorf("löpande source: next %q", got)
	}
	for _, bad := range []string{"/finansiering/finns-inte", "/finansiering/%C3%A5%20x"} {
		if r := testutil.Get(t, s.H, bad); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, r.Status)
		}
	}
}

func TestConsultantSources(t *testing.T) {
	s := newSite(t)
	c := s.consultant(t)
	ctx := context.Background()

	r := s.do(t, http.MethodGet, "/konsulent/finansiering", c, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("list: %d", r.Status)
	}
	review := testutil.Texts(r.TestID("review-rows").Find(`[data-testid="row-name"]`))
	want := map[string]bool{"Stöd till slöjd och kulturarv": true, "Filmpedagogiska projekt i skolan": true, "Ekerös bidrag till kulturföreningar": true}
	if len(review) != len(want) {
		t.Errorf("to review %v, want %v", review, want)
	}
	for _, n := range review {
		if !want[n] {
			t.Errorf("%q is listed for review", n)
		}
	}

	// An empty form is refused with every error, nothing saved.
	before := testutil.Scalar[int](t, s.Pool, `SELECT count(*) FROM funding_sources`)
	r = s.do(t, http.MethodPost, "/konsulent/finansiering/ny", c, url.Values{})
	if r.Status != http.StatusUnprocessableEntity || r.TestID("error-summary").Length() != 1 {
		t.Fatalf("empty form: %d", r.Status)
	}
	// A bad one keeps what was typed.
	funder := testutil.Scalar[string](t, s.Pool, `SELECT id::text FROM support_organisations WHERE slug = 'kulturradet-exempel'`)
	form := url.Values{"namn": {"Nytt stöd"}, "finansiar": {funder}, "vem": {"konstnar", "grupp"}, "vad": {"Turné."},
		"belopp-min": {"90000"}, "belopp-max": {"50000"}, "sista-dag": {"dated"}, "datum": {"2027-02-30"}, "lank": {"ftp://x"}}
	r = s.do(t, http.MethodPost, "/konsulent/finansiering/ny", c, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", r.Status)
	}
	if got := strings.Join(testutil.Attrs(r.TestID("error-summary").Find("a"), "href"), " "); got != "#belopp-max #datum #lank" {
		t.Errorf("errors for %s, want the amount, the dates and the link: %s", got, r.Text("error-summary"))
	}
	if v, _ := r.Doc.Find(`input[name="namn"]`).Attr("value"); v != "Nytt stöd" {
		t.Errorf("typed name lost: %q", v)
	}
	if n := testutil.Scalar[int](t, s.Pool, `SELECT count(*) FROM funding_sources`); n != before {
		t.Errorf("refused forms saved something: %d sources, were %d", n, before)
	}

	// A good one is saved, audited and on the public finder.
	form.Set("belopp-max", "150 000")
	form.Set("datum", "2026-12-10\n2027-04-01")
	form.Set("lank", "https://kulturradet.example.se/turne")
	r = s.do(t, http.MethodPost, "/konsulent/finansiering/ny", c, form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.Text("error-summary"))
	}
	loc := r.Header.Get("Location")
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/konsulent/finansiering/")
	pub := testutil.GetOK(t, s.H, "/finansiering/nytt-stod")
	if got := pub.Text("fact-next"); !strings.Contains(got, "10 december 2026") || !strings.Contains(got, "14 dagar kvar") {
		t.Errorf("new source's next deadline %q", got)
	}
	if got := pub.Text("fact-amount"); got != "90 000–150 000 kr" {
		t.Errorf("amount %q", got)
	}

	// Edit: the form comes filled; a change is saved.
	r = s.do(t, http.MethodGet, "/konsulent/finansiering/"+id, c, nil)
	if v := r.Doc.Find(`textarea[name="datum"]`).Text(); v != "2026-12-10\n2027-04-01" {
		t.Errorf("rounds in the edit form %q", v)
	}
	form.Set("namn", "Nytt stöd till turné")
	form.Set("sista-dag", "rolling")
	if r = s.do(t, http.MethodPost, "/konsulent/finansiering/"+id, c, form); r.Status != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.Status, r.Text("error-summary"))
	}
	if got := testutil.GetOK(t, s.H, "/finansiering/nytt-stod").Text("fact-next"); got != "Löpande" {
		t.Errorf("after update: %q", got)
	}

	// Delete, after the confirm page.
	r = s.do(t, http.MethodGet, "/konsulent/finansiering/"+id+"/radera", c, nil)
	if r.TestID("confirm-delete").Length() != 1 {
		t.Fatalf("no confirm button (%d)", r.Status)
	}
	if r = s.do(t, http.MethodPost, "/konsulent/finansiering/"+id+"/radera", c, url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.Status)
	}
	if r := testutil.Get(t, s.H, "/finansiering/nytt-stod"); r.Status != http.StatusNotFound {
		t.Errorf("deleted source answers %d", r.Status)
	}
	var actions []string
	rows, err := s.Pool.Query(ctx, `SELECT action FROM audit_log WHERE action LIKE 'funding_source_%' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		_ = rows.Scan(&a)
		actions = append(actions, a)
	}
	if strings.Join(actions, " ") != "funding_source_created funding_source_updated funding_source_deleted" {
		t.Errorf("audit %v", actions)
	}
	for _, bad := range []string{"/konsulent/finansiering/999999", "/konsulent/finansiering/abc", "/konsulent/organisationer/999999/radera"} {
		if r := s.do(t, http.MethodGet, bad, c, nil); r.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", bad, r.Status)
		}
	}
}

func TestConsultantOrganisations(t *testing.T) {
	s := newSite(t)
	c := s.consultant(t)
	r := s.do(t, http.MethodGet, "/konsulent/organisationer", c, nil)
	if n := r.TestID("organisation-rows").Find(`[data-testid="row"]`).Length(); n != 12 {
		t.Errorf("%d organisations, want 12", n)
	}
	r = s.do(t, http.MethodPost, "/konsulent/organisationer/ny", c, url.Values{"namn": {"Ny förening"}, "omrade": {"municipalities"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", r.Status)
	}
	if got := r.Text("error-summary"); !strings.Contains(got, "minst en kommun") || !strings.Contains(got, "minst ett område") {
		t.Errorf("summary %q", got)
	}
	nacka := testutil.Scalar[string](t, s.Pool, `SELECT id::text FROM municipalities WHERE slug = 'nacka'`)
	r = s.do(t, http.MethodPost, "/konsulent/organisationer/ny", c, url.Values{"namn": {"Ny förening"}, "omrade": {"municipalities"},
		"kommun": {nacka}, "amne": {"lokaler"}, "epost": {"info@forening.example.se"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.Status, r.Text("error-summary"))
	}
	id := strings.TrimPrefix(strings.SplitN(r.Header.Get("Location"), "?", 2)[0], "/konsulent/organisationer/")
	if r = s.do(t, http.MethodPost, "/konsulent/organisationer/"+id+"/radera", c, url.Values{}); r.Status != http.StatusSeeOther {
		t.Errorf("delete: %d", r.Status)
	}
	// A funder cannot be deleted from under its sources.
	funder := testutil.Scalar[string](t, s.Pool, `SELECT id::text FROM support_organisations WHERE slug = 'kulturradet-exempel'`)
	r = s.do(t, http.MethodGet, "/konsulent/organisationer/"+funder+"/radera", c, nil)
	if r.TestID("delete-blocked").Length() != 1 || r.TestID("confirm-delete").Length() != 0 {
		t.Errorf("a funder's delete page offers to delete it")
	}
	if r = s.do(t, http.MethodPost, "/konsulent/organisationer/"+funder+"/radera", c, url.Values{}); r.Status != http.StatusConflict {
		t.Errorf("delete of a funder: %d, want 409", r.Status)
	}
}
