package residencyedit_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	form := s.validForm(t, "")
	form.Set("slutar", "2031-02-01") // before borjar
	form.Set("deltagare", "-3")
	form.Set("omrade", "Fisksätra centrum")
	form.Set("ny-aktor-roll", "Musiker") // a role without a name
	r := s.post(t, "/konsulent/residens/ny", c, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", r.Status)
	}
	testutil.CheckPage(t, "/konsulent/residens/ny", r)
	for _, field := range []string{"titel", "slutar", "deltagare", "ny-aktor-namn"} {
		if r.TestID("error-"+field).Length() != 1 {
			t.Errorf("no error shown for %s", field)
		}
		if r.Doc.Find(`[data-testid="error-summary"] a[href="#`+field+`"]`).Length() != 1 {
			t.Errorf("error summary does not link to #%s: %s", field, r.Text("error-summary"))
		}
	}
	kept := map[string]string{"omrade": "Fisksätra centrum", "deltagare": "-3", "slutar": "2031-02-01",
		"plats": "Fisksätra bibliotek", "ny-aktor-roll": "Musiker", "sammanfattning": "Dans med barn på biblioteket."}
	for name, want := range kept {
		if got := inputValue(r, name); got != want {
			t.Errorf("field %s = %q after 422, want what was typed, %q", name, got, want)
		}
	}
	if _, on := r.Doc.Find(`input[name="konstform"][value="` + s.id(t, "art_forms", "dans") + `"]`).Attr("checked"); !on {
		t.Error("the checked art form is not checked after 422")
	}
	if got, _ := r.Doc.Find(`#aktor-0 option[selected]`).Attr("value"); got != s.id(t, "cultural_actors", "jelnek") {
		t.Errorf("actor row 0 = %q after 422, want the chosen actor", got)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM residencies WHERE district = 'Fisksätra centrum'`); n != 0 {
		t.Errorf("an invalid form saved %d residencies", n)
	}
}

func TestCreateShowsOnPublicPagesWhenPublished(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	tests := []struct {
		title     string
		slug      string
		published bool
	}{
		{"Dans på Fisksätra bibliotek", "dans-pa-fisksatra-bibliotek", true},
		{"Hemligt utkast i Nacka", "hemligt-utkast-i-nacka", false},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			form := s.validForm(t, tc.title)
			if !tc.published {
				form.Del("publicerad")
			}
			form.Set("ny-aktor-namn", "Trumgruppen Åska")
			form.Set("ny-aktor-typ", "group")
			form.Set("ny-aktor-roll", "Musiker")
			loc := wantRedirect(t, s.post(t, "/konsulent/residens/ny", c, form), "/konsulent/residens/")
			if !strings.HasSuffix(loc, "?klart=skapad") {
				t.Errorf("redirect to %q, want the flash code", loc)
			}
			edit := s.get(t, loc, c)
			if edit.Status != http.StatusOK || edit.Text("flash") != "Residenset är skapat." {
				t.Errorf("edit page after create: %d, flash %q", edit.Status, edit.Text("flash"))
			}
			if got := testutil.Scalar[string](t, s.pool, `SELECT slug FROM residencies WHERE title = $1`, tc.title); got != tc.slug {
				t.Errorf("slug %q, want %q", got, tc.slug)
			}
			for _, page := range []string{"/residens", "/kommuner/nacka", "/residens?q=" + strings.Fields(tc.title)[0] + "+Fisksätra"} {
				listed := slices.Contains(cardSlugs(s.get(t, page, nil)), tc.slug)
				if listed != tc.published {
					t.Errorf("%s lists %s: %v, want %v", page, tc.slug, listed, tc.published)
				}
			}
			show := s.get(t, "/residens/"+tc.slug, nil)
			if tc.published {
				if show.Status != http.StatusOK {
					t.Fatalf("public page: %d", show.Status)
				}
				body := show.Body
				for _, want := range []string{"Jelnek", "Koreograf", "Trumgruppen Åska", "Musiker", "Om residenset"} {
					if !strings.Contains(body, want) {
						t.Errorf("public page lacks %q", want)
					}
				}
			} else if show.Status != http.StatusNotFound {
				t.Errorf("public page of a draft: %d, want 404", show.Status)
			}
			actions := testutil.Scalar[[]string](t, s.pool, `SELECT coalesce(array_agg(action ORDER BY id), '{}') FROM audit_log WHERE target = $1`, tc.title)
			want := []string{"residency_created"}
			if tc.published {
				want = append(want, "residency_published")
			}
			if !slices.Equal(actions, want) {
				t.Errorf("audit %v, want %v", actions, want)
			}
		})
	}
}

func TestPreview(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	form := s.validForm(t, "Förhandsgranskat residens")
	form.Set("text", "# Rubrik\n\nDet här är **fett**.\n\n<script>alert(1)</script><a href=\"javascript:alert(1)\">länk</a>")
	form.Set("forhandsgranska", "1")
	r := s.post(t, "/konsulent/residens/ny", c, form)
	if r.Status != http.StatusOK {
		t.Fatalf("preview: status %d, want 200", r.Status)
	}
	testutil.CheckPage(t, "preview", r)
	p := r.TestID("preview-body")
	if got := testutil.Squash(p.Find("h2").Text()); got != "Rubrik" {
		t.Errorf("preview heading %q, want Rubrik as h2 (shifted below the page's h1)", got)
	}
	if got := p.Find("strong").Text(); got != "fett" {
		t.Errorf("preview bold %q, want fett", got)
	}
	if p.Find("script").Length() != 0 || strings.Contains(mustHTML(t, p), "javascript:") {
		t.Error("preview is not sanitised")
	}
	if got := inputValue(r, "text"); !strings.Contains(got, "# Rubrik") {
		t.Errorf("body textarea after preview = %q, want the typed Markdown", got)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM residencies WHERE title = 'Förhandsgranskat residens'`); n != 0 {
		t.Error("preview saved the residency")
	}
}

func mustHTML(t *testing.T, sel interface{ Html() (string, error) }) string {
	t.Helper()
	h, err := sel.Html()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestEditAndHistory(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	loc := wantRedirect(t, s.post(t, "/konsulent/residens/ny", c, s.validForm(t, "Residens att redigera")), "/konsulent/residens/")
	path := strings.TrimSuffix(loc, "?klart=skapad")

	page := s.get(t, path, c)
	form := formOf(t, page)
	if form.Get("titel") != "Residens att redigera" || form.Get("version") != "1" || form.Get("deltagare") != "120" {
		t.Fatalf("edit form holds %v", form)
	}
	form.Set("titel", "Redigerat residens")
	form["konstform"] = []string{s.id(t, "art_forms", "musik")}
	form.Set("tillfallen", "")
	page = s.get(t, wantRedirect(t, s.post(t, path, c, form), path+"?klart=sparad"), c)
	if got := page.Text("flash"); got != "Ändringarna är sparade." {
		t.Errorf("flash %q", got)
	}
	rows := page.TestID("history-row")
	if rows.Length() != 2 {
		t.Fatalf("%d history rows, want 2", rows.Length())
	}
	newest := rows.First()
	if v, _ := newest.Attr("data-version"); v != "2" {
		t.Errorf("newest history row is version %s, want 2", v)
	}
	if got := testutil.Squash(newest.Find(`[data-testid="history-fields"]`).Text()); got != "Titel, Konstformer, Antal tillfällen" {
		t.Errorf("changed fields %q", got)
	}
	if got := testutil.Squash(newest.Find(`[data-testid="history-who"]`).Text()); got != "Karin Konsult" {
		t.Errorf("who %q", got)
	}
	if !strings.Contains(testutil.Squash(newest.Text()), "26 november 2026 kl. 12.00") {
		t.Errorf("history time: %q", testutil.Squash(newest.Text()))
	}
	// Published: the address stays, the public page shows the new title.
	show := s.get(t, "/residens/residens-att-redigera", nil)
	if show.Status != http.StatusOK || !strings.Contains(show.Body, "Redigerat residens") || !strings.Contains(show.Body, "Musik") {
		t.Errorf("public page after edit: %d", show.Status)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'residency_updated'`); n != 1 {
		t.Errorf("%d residency_updated audit entries, want 1", n)
	}
}

func TestConflict(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	anna := s.signIn(t, auth.RoleConsultant, "Anna Först")
	bo := s.signIn(t, auth.RoleAdmin, "Bo Sen")
	path := "/konsulent/residens/" + s.id(t, "residencies", "kommunkoreograf-i-nacka-2024")

	formA := formOf(t, s.get(t, path, anna))
	formB := formOf(t, s.get(t, path, bo))
	if formA.Get("version") != "1" || formB.Get("version") != "1" {
		t.Fatalf("versions %q and %q, want 1", formA.Get("version"), formB.Get("version"))
	}
	original := formA.Get("titel")
	formA.Set("titel", "Annas titel")
	wantRedirect(t, s.post(t, path, anna, formA), path+"?klart=sparad")

	formB.Set("sammanfattning", "Bos sammanfattning")
	r := s.post(t, path, bo, formB)
	if r.Status != http.StatusConflict {
		t.Fatalf("second save: status %d, want 409", r.Status)
	}
	testutil.CheckPage(t, "conflict", r)
	if !strings.Contains(r.Text("conflict"), "Någon annan har sparat") {
		t.Errorf("conflict message: %q", r.Text("conflict"))
	}
	fields := testutil.Attrs(r.TestID("conflict-row"), "data-field")
	if !slices.Equal(fields, []string{"title"}) {
		t.Errorf("conflict lists %v, want only the title Anna changed", fields)
	}
	if got := r.Text("conflict-current"); got != "Annas titel" {
		t.Errorf("stored value shown %q, want Annas titel", got)
	}
	if got := r.Text("conflict-mine"); got != original {
		t.Errorf("own value shown %q, want %q", got, original)
	}
	again := formOf(t, r)
	if again.Get("sammanfattning") != "Bos sammanfattning" || again.Get("titel") != original {
		t.Errorf("Bo's values not kept: titel %q, sammanfattning %q", again.Get("titel"), again.Get("sammanfattning"))
	}
	if again.Get("version") != "2" {
		t.Errorf("the conflict form carries version %q, want 2", again.Get("version"))
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT summary FROM residencies WHERE slug = 'kommunkoreograf-i-nacka-2024'`); got == "Bos sammanfattning" {
		t.Error("the refused save was stored")
	}

	// Bo saves on top of Anna's version.
	wantRedirect(t, s.post(t, path, bo, again), path+"?klart=sparad")
	var version int
	var title, summary string
	if err := s.pool.QueryRow(t.Context(), `SELECT version, title, summary FROM residencies WHERE slug = 'kommunkoreograf-i-nacka-2024'`).
		Scan(&version, &title, &summary); err != nil {
		t.Fatal(err)
	}
	if version != 3 || title != original || summary != "Bos sammanfattning" {
		t.Errorf("after saving again: version %d, title %q, summary %q", version, title, summary)
	}
	hist := s.get(t, path, anna).TestID("history-row")
	if hist.Length() != 3 {
		t.Errorf("%d history rows, want 3 (before editing, Anna, Bo)", hist.Length())
	}
}

func TestUnpublish(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	const slug = "kommunkoreograf-i-nacka-2024"
	path := "/konsulent/residens/" + s.id(t, "residencies", slug)
	pages := []string{"/residens", "/residens?kommun=nacka", "/kommuner/nacka"}
	for _, p := range pages {
		if !slices.Contains(cardSlugs(s.get(t, p, nil)), slug) {
			t.Fatalf("before: %s does not list %s", p, slug)
		}
	}
	if s.get(t, path, c).TestID("unpublish").Length() != 1 {
		t.Error("no unpublish button on a published residency")
	}
	wantRedirect(t, s.post(t, path+"/avpublicera", c, nil), path+"?klart=avpublicerad")
	for _, p := range pages {
		if slices.Contains(cardSlugs(s.get(t, p, nil)), slug) {
			t.Errorf("after unpublishing: %s still lists %s", p, slug)
		}
	}
	if r := s.get(t, "/residens/"+slug, nil); r.Status != http.StatusNotFound {
		t.Errorf("public page after unpublishing: %d, want 404", r.Status)
	}
	list := s.get(t, "/konsulent/residens?publicerad=nej", c)
	if got := list.Text("row-state"); got != "Utkast" {
		t.Errorf("editors' list of drafts shows %q, want the one unpublished residency", got)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'residency_unpublished'`); n != 1 {
		t.Errorf("%d unpublish audit entries, want 1", n)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	consultant := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	admin := s.signIn(t, auth.RoleAdmin, "Ada Admin")
	id := s.id(t, "residencies", "kommunkoreograf-i-nacka-2024")
	path := "/konsulent/residens/" + id + "/radera"

	if r := s.get(t, path, consultant); r.Status != http.StatusForbidden {
		t.Errorf("consultant GET: %d, want 403", r.Status)
	}
	if r := s.post(t, path, consultant, nil); r.Status != http.StatusForbidden {
		t.Errorf("consultant POST: %d, want 403", r.Status)
	}
	if s.get(t, "/konsulent/residens/"+id, consultant).TestID("delete-link").Length() != 0 {
		t.Error("a consultant is offered the delete link")
	}
	confirm := s.get(t, path, admin)
	if confirm.Status != http.StatusOK || confirm.TestID("confirm-delete").Length() != 1 {
		t.Fatalf("admin confirmation page: %d", confirm.Status)
	}
	testutil.CheckPage(t, path, confirm)
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM residencies WHERE id = $1`, id); n != 1 {
		t.Fatal("the GET deleted the residency")
	}
	wantRedirect(t, s.post(t, path, admin, nil), "/konsulent/residens?klart=raderad")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM residencies WHERE id = $1`, id); n != 0 {
		t.Error("residency still there")
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'residency_deleted' AND target = 'Kommunkoreograf i Nacka 2024'`); n != 1 {
		t.Errorf("%d delete audit entries, want 1", n)
	}
	if r := s.get(t, "/residens/kommunkoreograf-i-nacka-2024", nil); r.Status != http.StatusNotFound {
		t.Errorf("public page after delete: %d", r.Status)
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	draft := s.validForm(t, "Utkast om dans i Nacka")
	draft.Del("publicerad")
	wantRedirect(t, s.post(t, "/konsulent/residens/ny", c, draft), "/konsulent/residens/")
	count := func(where string, args ...any) int {
		return testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM residencies r WHERE `+where, args...)
	}
	total := count("true")

	tests := []struct {
		query string
		want  int
		first string // title of the first row, when set
	}{
		{"", total, ""},
		{"publicerad=nej", 1, "Utkast om dans i Nacka"},
		{"publicerad=ja", total - 1, ""},
		{"status=kommande", count("starts_on > $1", testutil.Today()), ""},
		{"status=avslutade", count("ends_on < $1", testutil.Today()), ""},
		{"kommun=vaxholm", 1, "Musik för de yngsta i Vaxholm"},
		{"konstform=dans&kommun=nacka", count(`municipality_id = (SELECT id FROM municipalities WHERE slug = 'nacka')
			AND id IN (SELECT residency_id FROM residency_art_forms WHERE art_form_id = (SELECT id FROM art_forms WHERE slug = 'dans'))`),
			""},
		{"q=yngsta", 1, "Musik för de yngsta i Vaxholm"},
		// Wildcards are searched for as characters: no title has them.
		{"q=%25", 0, ""},
		{"q=_", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			r := s.get(t, "/konsulent/residens?"+tc.query, c)
			if r.Status != http.StatusOK {
				t.Fatalf("status %d", r.Status)
			}
			testutil.CheckPage(t, tc.query, r)
			rows := r.TestID("row")
			if rows.Length() != tc.want {
				t.Errorf("%d rows, want %d: %v", rows.Length(), tc.want, testutil.Texts(r.TestID("row-title")))
			}
			if tc.want == 0 && r.TestID("empty-state").Length() != 1 {
				t.Error("no empty state")
			}
			if tc.first != "" && rows.Length() > 0 {
				if got := testutil.Squash(rows.First().Find(`[data-testid="row-title"]`).Text()); got != tc.first {
					t.Errorf("first row %q, want %q", got, tc.first)
				}
			}
		})
	}
}

func TestImage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	pic := pngFile(t)
	imageOf := func(title string) (id *int64, alt string) {
		t.Helper()
		if err := s.pool.QueryRow(t.Context(), `SELECT image_id, image_alt FROM residencies WHERE title = $1`, title).Scan(&id, &alt); err != nil {
			t.Fatal(err)
		}
		return id, alt
	}

	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name, filename string
			file           []byte
			alt            string
			field, msg     string
		}{
			{"no alt text", "bild.png", pic, "", "bildtext", "alternativtext"},
			{"not a picture", "bild.jpg", []byte("det här är ingen bild"), "Text", "bild", "inte en bild"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				form := s.validForm(t, "Refuserad bild "+tc.name)
				form.Set("bildtext", tc.alt)
				r := s.postMultipart(t, "/konsulent/residens/ny", c, form, tc.filename, tc.file)
				if r.Status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 422", r.Status)
				}
				if got := r.Text("error-" + tc.field); !strings.Contains(got, tc.msg) {
					t.Errorf("error on %s: %q, want it to mention %q", tc.field, got, tc.msg)
				}
				if inputValue(r, "titel") != "Refuserad bild "+tc.name {
					t.Error("the title was not kept")
				}
			})
		}
	})

	t.Run("body over the limit", func(t *testing.T) {
		form := s.validForm(t, "För stor bild")
		form.Set("bildtext", "Stor")
		r := s.postMultipart(t, "/konsulent/residens/ny", c, form, "stor.png", append(bytes.Clone(pic), make([]byte, 12<<20)...))
		if r.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", r.Status)
		}
	})

	const title = "Residens med bild"
	form := s.validForm(t, title)
	form.Set("bildtext", "Färgfält i rött och grönt")
	loc := wantRedirect(t, s.postMultipart(t, "/konsulent/residens/ny", c, form, "foto.png", pic), "/konsulent/residens/")
	path := strings.TrimSuffix(loc, "?klart=skapad")
	id, alt := imageOf(title)
	if id == nil || alt != "Färgfält i rött och grönt" {
		t.Fatalf("stored image %v with alt %q", id, alt)
	}
	show := s.get(t, "/residens/residens-med-bild", nil)
	if show.Doc.Find(`img[alt="Färgfält i rött och grönt"]`).Length() == 0 {
		t.Error("the public page does not show the image with its alt text")
	}

	// Saving without choosing a file keeps the image.
	page := s.get(t, path, c)
	if page.TestID("upload-current").Length() != 1 {
		t.Error("the edit page does not show the current image")
	}
	edit := formOf(t, page)
	edit.Set("sammanfattning", "Ny sammanfattning")
	wantRedirect(t, s.post(t, path, c, edit), path)
	if kept, _ := imageOf(title); kept == nil || *kept != *id {
		t.Errorf("image after a save without a file: %v, want %d", kept, *id)
	}

	// Removing the alt text of a kept image is refused.
	edit = formOf(t, s.get(t, path, c))
	edit.Set("bildtext", "")
	if r := s.post(t, path, c, edit); r.Status != http.StatusUnprocessableEntity || r.TestID("error-bildtext").Length() != 1 {
		t.Errorf("empty alt text with an image: %d, want 422 with an error on the alt text", r.Status)
	}

	// The remove box removes it.
	edit = formOf(t, s.get(t, path, c))
	edit.Set("ta-bort-bild", "1")
	wantRedirect(t, s.post(t, path, c, edit), path)
	if gone, alt := imageOf(title); gone != nil || alt != "" {
		t.Errorf("after removing: image %v, alt %q", gone, alt)
	}
}

func TestListPaging(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	c := s.signIn(t, auth.RoleConsultant, "Karin Konsult")
	if _, err := s.pool.Exec(t.Context(), `
		INSERT INTO residencies (slug, title, kind, municipality_id, starts_on, ends_on)
		SELECT 'extra-' || g, 'Extra ' || g, 'other', (SELECT id FROM municipalities WHERE slug = 'nacka'), '2030-01-01', '2030-02-01'
		FROM generate_series(1, 30) g`); err != nil {
		t.Fatal(err)
	}
	total := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM residencies`)
	first := s.get(t, "/konsulent/residens", c)
	if n := first.TestID("row").Length(); n != 25 {
		t.Errorf("page 1: %d rows, want 25", n)
	}
	next, ok := first.TestID("page-next").Attr("href")
	if !ok || next != "/konsulent/residens?sida=2" {
		t.Fatalf("next page link %q", next)
	}
	second := s.get(t, next, c)
	if n := second.TestID("row").Length(); n != total-25 {
		t.Errorf("page 2: %d rows, want %d", n, total-25)
	}
	past := s.get(t, "/konsulent/residens?sida=9", c)
	if n := past.TestID("row").Length(); n != total-25 || len(past.Notices()) != 1 {
		t.Errorf("page past the end: %d rows, notices %v; want the last page with a notice", n, past.Notices())
	}
}
