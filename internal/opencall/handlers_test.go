package opencall_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"residens/internal/auth"
	"residens/internal/httpx"
	"residens/internal/testutil"
)

func TestCreateRefusesBadInputKeepingIt(t *testing.T) {
	s := newSite(t)
	c, _ := s.signIn(t, auth.RoleConsultant, "Karin Konsulent")
	form := s.validForm(t, "")
	form.Set("stanger-datum", "2026-11-01") // before it opens
	form["kriterium-namn"] = []string{"Konstnärlig kvalitet", "", ""}
	form["kriterium-beskrivning"] = []string{"Verkens kvalitet.", "Saknar namn", ""}
	form["kriterium-vikt"] = []string{"0", "1", ""}
	form.Set("arvode", "mycket")
	form.Set("gallring", "500")
	form.Set("beskrivning", "Texten jag skrev å ä ö.")
	r := s.post(t, "/konsulent/utlysningar/ny", c, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	testutil.CheckPage(t, "/konsulent/utlysningar/ny", r)
	for _, field := range []string{"titel", "stanger-datum", "kriterium-vikt-0", "kriterium-namn-1", "arvode", "gallring"} {
		if r.TestID("error-"+field).Length() == 0 {
			t.Errorf("no error on %s; summary: %s", field, r.Text("error-summary"))
		}
		if r.Doc.Find(`[data-testid="error-summary"] a[href="#`+field+`"]`).Length() == 0 {
			t.Errorf("the error summary does not link to #%s", field)
		}
		if r.Doc.Find("#"+field).Length() == 0 {
			t.Errorf("no element #%s for the summary's link", field)
		}
	}
	if got := r.Doc.Find("#beskrivning").Text(); got != "Texten jag skrev å ä ö." {
		t.Errorf("description came back as %q", got)
	}
	if got, _ := r.Doc.Find("#kriterium-beskrivning-1").Attr("value"); got != "Saknar namn" {
		t.Errorf("criterion description came back as %q", got)
	}
	if got, _ := r.Doc.Find("#arvode").Attr("value"); got != "mycket" {
		t.Errorf("fee came back as %q", got)
	}
	if _, checked := r.Doc.Find(`input[name=kommun][value="` + s.municipalityID(t, "nacka") + `"]`).Attr("checked"); !checked {
		t.Error("Nacka's checkbox came back unchecked")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM calls`); n != 0 {
		t.Errorf("%d calls saved from an invalid form", n)
	}

	t.Run("no criterion", func(t *testing.T) {
		form := s.validForm(t, "Utan kriterier")
		form["kriterium-namn"], form["kriterium-beskrivning"], form["kriterium-vikt"] = nil, nil, nil
		r := s.post(t, "/konsulent/utlysningar/ny", c, form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-summary"), "minst ett bedömningskriterium") {
			t.Errorf("status %d, summary %q", r.Status, r.Text("error-summary"))
		}
	})
	t.Run("a time the clock skips", func(t *testing.T) {
		form := s.validForm(t, "Sommartid")
		form.Set("stanger-tid", "02:30") // 2027-03-28: the clocks go from 02.00 to 03.00
		r := s.post(t, "/konsulent/utlysningar/ny", c, form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-stanger-tid"), "sommartid") {
			t.Errorf("status %d, error %q", r.Status, r.Text("error-stanger-tid"))
		}
	})
}

func TestCreateStoresStockholmTimesAcrossDST(t *testing.T) {
	s := newSite(t)
	c, _ := s.signIn(t, auth.RoleConsultant, "Karin Konsulent")
	form := s.validForm(t, "Kommunkoreograf i Nacka 2027")
	form.Set("oppnar-datum", "2027-01-10")
	form.Set("oppnar-tid", "10:00")
	id := s.create(t, c, form)

	opens := testutil.Scalar[time.Time](t, s.pool, `SELECT opens_at FROM calls WHERE id = $1`, id)
	closes := testutil.Scalar[time.Time](t, s.pool, `SELECT closes_at FROM calls WHERE id = $1`, id)
	// Winter time (UTC+1) when it opens, summer time (UTC+2) when it closes:
	// the closing day is the day the clocks go forward.
	if want := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC); !opens.Equal(want) {
		t.Errorf("opens_at %v, want %v", opens.UTC(), want)
	}
	if want := time.Date(2027, 3, 28, 10, 0, 0, 0, time.UTC); !closes.Equal(want) {
		t.Errorf("closes_at %v, want %v", closes.UTC(), want)
	}
	r := s.get(t, "/konsulent/utlysningar/"+id, c)
	if got := r.Text("closes"); got != "28 mars 2027 kl. 12.00" {
		t.Errorf("closing shown as %q", got)
	}
	edit := s.get(t, "/konsulent/utlysningar/"+id+"/andra", c)
	if d, _ := edit.Doc.Find("#stanger-datum").Attr("value"); d != "2027-03-28" {
		t.Errorf("edit form's closing date %q", d)
	}
	if tm, _ := edit.Doc.Find("#stanger-tid").Attr("value"); tm != "12:00" {
		t.Errorf("edit form's closing time %q", tm)
	}
}

func TestCreateListAndUniqueSlugs(t *testing.T) {
	s := newSite(t)
	c, me := s.signIn(t, auth.RoleConsultant, "Karin Konsulent")

	empty := s.get(t, "/konsulent/utlysningar", c)
	testutil.CheckPage(t, "/konsulent/utlysningar", empty)
	if empty.TestID("empty-state").Length() != 1 {
		t.Error("no empty state on the empty list")
	}

	first := s.create(t, c, s.validForm(t, "Kommunkoreograf i Nacka 2027"))
	second := s.create(t, c, s.validForm(t, "Kommunkoreograf i Nacka 2027"))
	slugs := []string{
		testutil.Scalar[string](t, s.pool, `SELECT slug FROM calls WHERE id = $1`, first),
		testutil.Scalar[string](t, s.pool, `SELECT slug FROM calls WHERE id = $1`, second),
	}
	if !slices.Equal(slugs, []string{"kommunkoreograf-i-nacka-2027", "kommunkoreograf-i-nacka-2027-2"}) {
		t.Errorf("slugs %q", slugs)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'call_created' AND actor_id = $1`, me); n != 2 {
		t.Errorf("%d audit entries for two creations", n)
	}
	show := s.get(t, "/konsulent/utlysningar/"+first+"?klart=skapad", c)
	testutil.CheckPage(t, "/konsulent/utlysningar/"+first, show)
	if show.TestID("flash").Length() != 1 || show.Text("status") != "Utkast" {
		t.Errorf("flash %q, state %q", show.Text("flash"), show.Text("status"))
	}
	if got := show.Text("criteria"); !strings.Contains(got, "Konstnärlig kvalitet, vikt 2 (67 %)") {
		t.Errorf("criteria %q", got)
	}

	list := s.get(t, "/konsulent/utlysningar", c)
	if n := list.TestID("row").Length(); n != 2 {
		t.Errorf("%d rows, want 2", n)
	}
	if got := testutil.Texts(list.TestID("row-state")); !slices.Equal(got, []string{"Utkast", "Utkast"}) {
		t.Errorf("states %q", got)
	}

	// A draft is nobody's business but the consultants'.
	if r := s.get(t, "/utlysningar/kommunkoreograf-i-nacka-2027", nil); r.Status != http.StatusNotFound {
		t.Errorf("a draft's public page: status %d, want 404", r.Status)
	}
	if r := s.get(t, "/utlysningar", nil); r.TestID("call").Length() != 0 {
		t.Error("a draft is listed on /utlysningar")
	}

	// Renaming a draft moves its address; a published call keeps its own.
	form := s.validForm(t, "Kommunkoreograf i Värmdö 2027")
	form.Set("version", "1")
	wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+first+"/andra", c, form), "/konsulent/utlysningar/"+first+"?klart=sparad")
	if got := testutil.Scalar[string](t, s.pool, `SELECT slug FROM calls WHERE id = $1`, first); got != "kommunkoreograf-i-varmdo-2027" {
		t.Errorf("renamed draft's slug %q", got)
	}
	wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+first+"/publicera", c, nil), "/konsulent/utlysningar/")
	form = s.validForm(t, "Kommunkoreograf i Värmdö 2027–2028")
	form.Set("version", "3")
	wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+first+"/andra", c, form), "/konsulent/utlysningar/")
	if got := testutil.Scalar[string](t, s.pool, `SELECT slug FROM calls WHERE id = $1`, first); got != "kommunkoreograf-i-varmdo-2027" {
		t.Errorf("published call's slug changed to %q", got)
	}
}

func TestPublish(t *testing.T) {
	s := newSite(t)
	c, _ := s.signIn(t, auth.RoleConsultant, "Karin Konsulent")
	form := s.validForm(t, "Kommunkoreograf i Nacka 2027")
	form.Del("kommun")
	form.Set("krav", "")
	id := s.create(t, c, form)

	show := s.get(t, "/konsulent/utlysningar/"+id, c)
	if got := testutil.Texts(show.TestID("missing").Find("li")); !slices.Equal(got, []string{"kraven på den sökande", "minst en samarbetskommun"}) {
		t.Errorf("missing %q", got)
	}
	r := s.post(t, "/konsulent/utlysningar/"+id+"/publicera", c, nil)
	if r.Status != http.StatusUnprocessableEntity || r.TestID("refused").Length() != 1 {
		t.Fatalf("publishing an incomplete call: status %d", r.Status)
	}
	if testutil.Scalar[bool](t, s.pool, `SELECT published_at IS NOT NULL FROM calls WHERE id = $1`, id) {
		t.Fatal("an incomplete call was published")
	}

	form = s.validForm(t, "Kommunkoreograf i Nacka 2027")
	form.Set("version", "1")
	wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+id+"/andra", c, form), "/konsulent/utlysningar/")
	wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+id+"/publicera", c, nil), "/konsulent/utlysningar/"+id+"?klart=publicerad")
	if !testutil.Scalar[time.Time](t, s.pool, `SELECT published_at FROM calls WHERE id = $1`, id).Equal(testutil.Now) {
		t.Error("published_at is not the time of publishing")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'call_published' AND detail->>'call_id' = $1`, id); n != 1 {
		t.Errorf("%d publish entries in the audit log", n)
	}
	// Publishing again changes nothing.
	wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+id+"/publicera", c, nil), "/konsulent/utlysningar/")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'call_published'`); n != 1 {
		t.Errorf("%d publish entries after publishing twice", n)
	}

	pub := s.get(t, "/utlysningar/kommunkoreograf-i-nacka-2027", nil)
	if pub.Status != http.StatusOK {
		t.Fatalf("public page: status %d", pub.Status)
	}
	testutil.CheckPage(t, "/utlysningar/kommunkoreograf-i-nacka-2027", pub)
	if cc := pub.Header.Get("Cache-Control"); cc != httpx.ClockBoundCacheControl {
		t.Errorf("Cache-Control %q, want %q", cc, httpx.ClockBoundCacheControl)
	}
	if href, _ := pub.TestID("apply-link").Attr("href"); href != "/utlysningar/kommunkoreograf-i-nacka-2027/ansokan" {
		t.Errorf("apply link %q", href)
	}
	if got := pub.Text("kind"); got != "Kommunkoreograf" {
		t.Errorf("kind %q", got)
	}
	if got := pub.Text("time-left"); got != "122 dagar kvar" {
		t.Errorf("time left %q", got)
	}
	if href, _ := pub.TestID("municipality-link").Attr("href"); href != "/kommuner/nacka" {
		t.Errorf("municipality link %q", href)
	}
	if got := pub.Doc.Find(`[data-testid="description"] strong`).Text(); got != "dans" {
		t.Errorf("description's Markdown not rendered: %q", pub.Text("description"))
	}
	if got := pub.Text("fee"); got != "350 000 kr" {
		t.Errorf("fee %q", got)
	}
	if got := testutil.Texts(pub.TestID("criterion-weight")); !slices.Equal(got, []string{"vikt 2 (67 %)", "vikt 1 (33 %)"}) {
		t.Errorf("criterion weights %q", got)
	}
	if got := testutil.Texts(pub.TestID("attachment")); !slices.Equal(got, []string{"CV (krävs)", "Arbetsplan (frivillig)"}) {
		t.Errorf("attachments %q", got)
	}
}

func TestUpdateConflictAndLockedCriteria(t *testing.T) {
	s := newSite(t)
	c, _ := s.signIn(t, auth.RoleConsultant, "Karin Konsulent")
	id := s.create(t, c, s.validForm(t, "Kommunkoreograf i Nacka 2027"))

	t.Run("stale version", func(t *testing.T) {
		form := s.validForm(t, "Min rubrik")
		form.Set("version", "1")
		wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+id+"/andra", c, form), "/konsulent/utlysningar/")
		form.Set("titel", "Någon annans rubrik")
		r := s.post(t, "/konsulent/utlysningar/"+id+"/andra", c, form) // still version 1
		if r.Status != http.StatusConflict || r.TestID("conflict").Length() != 1 {
			t.Fatalf("stale save: status %d", r.Status)
		}
		if got, _ := r.Doc.Find("#titel").Attr("value"); got != "Någon annans rubrik" {
			t.Errorf("typed title came back as %q", got)
		}
		if got, _ := r.Doc.Find(`input[name="version"]`).Attr("value"); got != "2" {
			t.Errorf("the form now carries version %q, want 2", got)
		}
		if got := testutil.Scalar[string](t, s.pool, `SELECT title FROM calls WHERE id = $1`, id); got != "Min rubrik" {
			t.Errorf("stale save overwrote the title: %q", got)
		}
	})

	t.Run("criteria frozen by a submitted application", func(t *testing.T) {
		artist := s.addUser(t, auth.RoleArtist, "dansare@example.se", "Dana Dansare")
		testutil.InsertApplication(t, s.pool, testutil.Application{CallID: testutil.Scalar[int64](t, s.pool, `SELECT $1::bigint`, id),
			ApplicantID: artist, Name: "Dana Dansare", Email: "dansare@example.se"})
		edit := s.get(t, "/konsulent/utlysningar/"+id+"/andra", c)
		if edit.TestID("criteria-locked").Length() != 1 {
			t.Error("the form does not say the criteria are locked")
		}
		if n := edit.TestID("criterion-row").Length(); n != 2 {
			t.Errorf("%d criterion rows on a locked form, want the 2 stored", n)
		}
		form := s.validForm(t, "Min rubrik")
		form.Set("version", "2")
		form["kriterium-vikt"] = []string{"3", "1", "", ""}
		r := s.post(t, "/konsulent/utlysningar/"+id+"/andra", c, form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Text("error-summary"), "kan inte ändras") {
			t.Fatalf("changing locked criteria: status %d, summary %q", r.Status, r.Text("error-summary"))
		}
		if w := testutil.Scalar[int](t, s.pool, `SELECT weight FROM call_criteria WHERE call_id = $1 AND position = 1`, id); w != 2 {
			t.Errorf("weight changed to %d", w)
		}
		// The same criteria with other changes save, and keep their ids.
		before := testutil.Scalar[[]int64](t, s.pool, `SELECT array_agg(id ORDER BY position) FROM call_criteria WHERE call_id = $1`, id)
		form["kriterium-vikt"] = []string{"2", "1", "", ""}
		form.Set("period", "hela 2028")
		wantRedirect(t, s.post(t, "/konsulent/utlysningar/"+id+"/andra", c, form), "/konsulent/utlysningar/")
		after := testutil.Scalar[[]int64](t, s.pool, `SELECT array_agg(id ORDER BY position) FROM call_criteria WHERE call_id = $1`, id)
		if !slices.Equal(before, after) {
			t.Errorf("criteria ids %v became %v", before, after)
		}
	})
}

func TestOnlyConsultantsManageCalls(t *testing.T) {
	s := newSite(t)
	artist, _ := s.signIn(t, auth.RoleArtist, "Ada Artist")
	juror, _ := s.signIn(t, auth.RoleJuror, "Jens Jury")
	for _, c := range []*http.Cookie{artist, juror} {
		if r := s.get(t, "/konsulent/utlysningar", c); r.Status != http.StatusForbidden {
			t.Errorf("status %d, want 403", r.Status)
		}
		if r := s.post(t, "/konsulent/utlysningar/ny", c, s.validForm(t, "Smyg")); r.Status != http.StatusForbidden {
			t.Errorf("create: status %d, want 403", r.Status)
		}
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM calls`); n != 0 {
		t.Errorf("%d calls created by others", n)
	}
}
