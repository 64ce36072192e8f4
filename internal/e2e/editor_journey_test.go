package e2e

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
	"residens/internal/auth"
	"residens/internal/db/dbtest"
	"residens/internal/seed"
)

// TestEditorJourney follows a consultant through the residency editor in the
// browser: sign in (the editor's address sends an anonymous visitor to the
// sign-in page and back), create a residency with the form, preview its
// Markdown, attach a picture with its alternative text, publish it, find it
// on the public list, its own page and its municipality's page, then
// unpublish it and see its page go. Every field is found by its label, every
// form is sent with its button, and every page on the way, the editing pages
// included, is audited with axe-core.
func TestEditorJourney(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	base, pool := newEditorSite(t)
	const (
		name     = "Karin Lind"
		email    = "karin.lind@example.se"
		password = "lövsprickning vid järlasjön"

		title    = "Ljudvandringar i Fisksätra"
		district = "Fisksätra"
		venue    = "Fisksätra bibliotek"
		summary  = "Unga spelar in ljudet av Fisksätra och gör vandringar att lyssna på."
		heading  = "Så går det till"
		body     = "Ljudkonstnären leder workshoppar på biblioteket.\n\n## " + heading + "\n\nVarje vecka spelar gruppen in en ny plats."
		alt      = "Ett rött och blått mönster som föreställer ljudvågor"
	)
	addConsultant(t, pool, name, email, password)
	// The period holds the site's clock, so the residency is ongoing.
	startsOn := now.AddDate(0, 0, -14).Format(time.DateOnly)
	endsOn := now.AddDate(0, 2, 0).Format(time.DateOnly)
	picture := writePNG(t)

	// A cookie jar of its own, for the same reason as the account
	// journey's: the other tests' sites share the host.
	ctx := newTab(t, chromedp.WithNewBrowserContext())

	// 1. The editor asks an anonymous visitor to sign in and returns there.
	visit(t, ctx, base+"/konsulent/residens", http.StatusOK)
	checkPage(t, ctx, axe, "editor-1-sign-in")
	if u := location(t, ctx); u.Path != "/logga-in" || u.Query().Get("nasta") != "/konsulent/residens" {
		t.Fatalf("the editor signed out: at %s, want /logga-in?nasta=/konsulent/residens", u)
	}
	typeIn(t, ctx, "E-postadress", email)
	typeIn(t, ctx, "Lösenord", password)
	follow(t, ctx, testid("sign-in-submit"))
	checkPage(t, ctx, axe, "editor-2-list")
	if got := location(t, ctx).Path; got != "/konsulent/residens" {
		t.Fatalf("after signing in: at %s, want /konsulent/residens", got)
	}
	if got := text(t, ctx, testid("account-link")); got != name {
		t.Errorf("after signing in: the header's account link reads %q, want %q", got, name)
	}
	mustCount(t, ctx, testid("konsulent-nav"), 1)

	// 2. Fill in a new residency and preview its text.
	follow(t, ctx, testid("new-residency"))
	checkPage(t, ctx, axe, "editor-3-new")
	if got := location(t, ctx).Path; got != "/konsulent/residens/ny" {
		t.Fatalf("after the link to a new residency: at %s, want /konsulent/residens/ny", got)
	}
	typeIn(t, ctx, "Titel", title)
	choose(t, ctx, "Typ av residens", "Kommunresidens")
	choose(t, ctx, "Kommun", "Nacka")
	typeIn(t, ctx, "Stadsdel eller ort (frivilligt)", district)
	typeIn(t, ctx, "Plats (till exempel bibliotekets namn) (frivilligt)", venue)
	tick(t, ctx, "Musik")
	tick(t, ctx, "Unga")
	// Typing into a date input depends on the browser's locale, so the
	// dates are set as values, in the ISO form every browser submits.
	setDate(t, ctx, "Börjar", startsOn)
	setDate(t, ctx, "Slutar", endsOn)
	typeIn(t, ctx, "Sammanfattning (frivilligt)", summary)
	typeIn(t, ctx, "Beskrivning (frivilligt)", body)
	follow(t, ctx, testid("preview-button"))
	checkPage(t, ctx, axe, "editor-4-preview")
	if got := location(t, ctx).Path; got != "/konsulent/residens/ny" {
		t.Fatalf("after previewing: at %s, want /konsulent/residens/ny", got)
	}
	mustCount(t, ctx, testid("error-summary"), 0)
	if got := texts(t, ctx, testid("preview-body")+" :is(h2, h3, h4)"); len(got) != 1 || got[0] != heading {
		t.Errorf("preview: headings %q, want just %q", got, heading)
	}
	// The preview saves nothing and keeps what was typed.
	for sel, want := range map[string]string{
		fieldFor(t, ctx, "Titel"):                    title,
		fieldFor(t, ctx, "Beskrivning (frivilligt)"): body,
		fieldFor(t, ctx, "Börjar"):                   startsOn,
	} {
		if got := value(t, ctx, sel); got != want {
			t.Errorf("after previewing: %s holds %q, want %q", sel, got, want)
		}
	}

	// 3. Attach a picture with its text, publish and save.
	file := fieldFor(t, ctx, "Bildfil (frivilligt)")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(file), []string{picture})); err != nil {
		t.Fatalf("choose the picture: %v", err)
	}
	typeIn(t, ctx, "Alternativtext för bilden", alt)
	tick(t, ctx, "Publicerad (syns för besökare)")
	follow(t, ctx, testid("save"))
	checkPage(t, ctx, axe, "editor-5-created")
	if u := location(t, ctx); !strings.HasPrefix(u.Path, "/konsulent/residens/") || u.Query().Get("klart") != "skapad" {
		t.Fatalf("after saving: at %s, want the residency's edit page with klart=skapad", u)
	}
	editPage := location(t, ctx).Path
	if got, want := text(t, ctx, testid("flash")), "Residenset är skapat."; got != want {
		t.Errorf("after saving: confirmation %q, want %q", got, want)
	}
	if got := text(t, ctx, testid("state")); !strings.HasPrefix(got, "Publicerad") {
		t.Errorf("after saving: state %q, want it published", got)
	}
	mustCount(t, ctx, testid("upload-current"), 1)
	publicPath := attr(t, ctx, testid("public-link"), "href")
	if !strings.HasPrefix(publicPath, "/residens/") {
		t.Fatalf("after saving: the public link goes to %q, want /residens/<slug>", publicPath)
	}
	card := testid("residency-link") + `[href="` + publicPath + `"]`

	// 4. The public list finds it by its title.
	visit(t, ctx, base+"/residens", http.StatusOK)
	checkPage(t, ctx, axe, "editor-6-public-list")
	typeIn(t, ctx, "Sök", title)
	follow(t, ctx, testid("filter-submit"))
	checkPage(t, ctx, axe, "editor-7-public-search")
	if got := location(t, ctx).Query().Get("q"); got != title {
		t.Errorf("after searching: q=%q in the address, want %q", got, title)
	}
	if got := text(t, ctx, card); got != title {
		t.Errorf("search result: the card's link reads %q, want %q", got, title)
	}

	// 5. Its public page shows what was typed and the picture.
	follow(t, ctx, card)
	checkPage(t, ctx, axe, "editor-8-public-page")
	if got := location(t, ctx).Path; got != publicPath {
		t.Fatalf("after clicking the card: at %s, want %s", got, publicPath)
	}
	if got := text(t, ctx, testid("residency-title")); got != title {
		t.Errorf("public page: h1 %q, want %q", got, title)
	}
	if got := text(t, ctx, testid("municipality-link")); got != "Nacka" {
		t.Errorf("public page: municipality %q, want Nacka", got)
	}
	if got := text(t, ctx, testid("residency")+" "+testid("status")); got != "Pågående" {
		t.Errorf("public page: status %q, want Pågående", got)
	}
	if got := attr(t, ctx, testid("residency-image"), "alt"); got != alt {
		t.Errorf("public page: image alt %q, want %q", got, alt)
	}
	// The picture was stored and is served: the browser decoded it.
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`(i => i.complete && i.naturalWidth > 0)(document.querySelector(`+js(testid("residency-image"))+`))`))
	if err != nil {
		t.Fatalf("public page: read the image: %v", err)
	}
	if !loaded {
		t.Errorf("public page: the image did not load")
	}
	if got := texts(t, ctx, testid("residency-body")+" :is(h2, h3, h4)"); len(got) != 1 || got[0] != heading {
		t.Errorf("public page: body headings %q, want just %q", got, heading)
	}

	// 6. Its municipality lists it among the ongoing residencies.
	follow(t, ctx, testid("municipality-link"))
	checkPage(t, ctx, axe, "editor-9-municipality")
	if got := location(t, ctx).Path; got != "/kommuner/nacka" {
		t.Fatalf("after the municipality link: at %s, want /kommuner/nacka", got)
	}
	if got := text(t, ctx, testid("group-pagaende")+" "+card); got != title {
		t.Errorf("/kommuner/nacka: the ongoing card reads %q, want %q", got, title)
	}

	// 7. Back in the editor, find it and unpublish it.
	visit(t, ctx, base+"/konsulent/residens", http.StatusOK)
	typeIn(t, ctx, "Sök", title)
	follow(t, ctx, testid("filters")+` button[type="submit"]`)
	checkPage(t, ctx, axe, "editor-10-list-searched")
	row := testid("row-title") + `[href="` + editPage + `"]`
	if got := text(t, ctx, row); got != title {
		t.Errorf("editor's list: the row reads %q, want %q", got, title)
	}
	follow(t, ctx, row)
	checkPage(t, ctx, axe, "editor-11-edit")
	mustCount(t, ctx, testid("history-row"), 1)
	follow(t, ctx, testid("unpublish"))
	checkPage(t, ctx, axe, "editor-12-unpublished")
	if u := location(t, ctx); u.Path != editPage || u.Query().Get("klart") != "avpublicerad" {
		t.Fatalf("after unpublishing: at %s, want %s?klart=avpublicerad", u, editPage)
	}
	if got, want := text(t, ctx, testid("flash")), "Residenset är avpublicerat och syns inte längre för besökare."; got != want {
		t.Errorf("after unpublishing: confirmation %q, want %q", got, want)
	}
	if got := text(t, ctx, testid("state")); !strings.HasPrefix(got, "Utkast") {
		t.Errorf("after unpublishing: state %q, want a draft", got)
	}
	mustCount(t, ctx, testid("unpublish"), 0)

	// 8. The public page is gone, and so is the municipality's card.
	visit(t, ctx, base+publicPath, http.StatusNotFound)
	checkPage(t, ctx, axe, "editor-13-gone")
	mustCount(t, ctx, testid("error-heading"), 1)
	visit(t, ctx, base+"/kommuner/nacka", http.StatusOK)
	mustCount(t, ctx, card, 0)
}

// newEditorSite serves the whole portal like newSite, on the same fixed
// clock and demo content, and also returns the pool so the test can add an
// account.
func newEditorSite(t *testing.T) (string, *pgxpool.Pool) {
	t.Helper()
	pool := dbtest.New(t)
	if err := seed.Demo(t.Context(), pool, now); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	srv := httptest.NewServer(app.NewHandler(app.Deps{
		Pool: pool,
		// Warnings and errors only: a 500 shows in the test's output.
		Log:    slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		Config: cfg,
		Now:    func() time.Time { return now },
		Ready:  func(context.Context) error { return nil },
	}))
	t.Cleanup(srv.Close)
	return srv.URL, pool
}

// addConsultant adds a verified consultant who signs in with password.
func addConsultant(t *testing.T, pool *pgxpool.Pool, name, email, password string) {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatalf("hash the password: %v", err)
	}
	if _, err := pool.Exec(t.Context(), `INSERT INTO users (email, name, role, password_hash, email_verified_at)
		VALUES ($1, $2, $3, $4, $5)`, email, name, string(auth.RoleConsultant), hash, now); err != nil {
		t.Fatalf("add the consultant: %v", err)
	}
}

// writePNG writes a small picture, a real PNG with some colour in it, into
// the test's temporary folder and returns its path.
func writePNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for y := range 200 {
		for x := range 320 {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / 320), G: 40, B: uint8(y * 255 / 200), A: 255})
		}
	}
	p := filepath.Join(t.TempDir(), "ljudvagor.png")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// choose picks, in the select labelled label, the option that reads option,
// and checks that it is selected. The site has no script, so setting the
// value is what a person's pick does to the form.
func choose(t *testing.T, ctx context.Context, label, option string) {
	t.Helper()
	sel := fieldFor(t, ctx, label)
	values, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelector(`+js(sel)+`).options)
		.filter(o => o.textContent.replace(/\s+/g, ' ').trim() === `+js(option)+`).map(o => o.value)`))
	if err != nil {
		t.Fatalf("read the options of %q: %v", label, err)
	}
	if len(values) != 1 {
		t.Fatalf("%s: %d options %q in %q, want 1", location(t, ctx), len(values), option, label)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), values[0])); err != nil {
		t.Fatalf("choose %q in %q: %v", option, label, err)
	}
	if got := value(t, ctx, sel); got != values[0] {
		t.Fatalf("%s: %q holds %q after choosing %q, want %q", location(t, ctx), label, got, option, values[0])
	}
}

// setDate sets the date field labelled label to date (YYYY-MM-DD). Dates are
// the kit's DateInput: a text field with the ÅÅÅÅ-MM-DD hint, not the
// browser's picker, which follows the browser's locale and not the hint.
func setDate(t *testing.T, ctx context.Context, label, date string) {
	t.Helper()
	sel := fieldFor(t, ctx, label)
	if got := attr(t, ctx, sel, "type"); got != "text" || attr(t, ctx, sel, "inputmode") != "numeric" {
		t.Fatalf("%s: %q is a %q input, want the kit's date field (text, numeric)", location(t, ctx), label, got)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), date)); err != nil {
		t.Fatalf("set %q: %v", label, err)
	}
	if got := value(t, ctx, sel); got != date {
		t.Fatalf("%s: %q holds %q, want %q", location(t, ctx), label, got, date)
	}
}
