package e2e

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/civil"
	"residens/internal/mailtest"
	"residens/internal/seed"
)

// TestCallJourney follows an open call through the browser from start to
// end: a consultant creates a kommunkoreograf call with the form, publishes
// it and makes herself and a colleague its reviewers; an artist finds it on
// /utlysningar, fills in the application, attaches a PDF, saves a draft with
// nothing missing and sends it in for a registration number. Then the
// site's clock moves past the closing time, a week on, so everyone signs in
// again: both reviewers, each in a browser of their own, declare no
// conflict and score every criterion (the second sees the first's scores
// only once she has scored herself), the consultant ranks, decides and
// sends the outcome, and the artist reads it on /mina-ansokningar. The
// outcome e-mail goes through the site's job runner to a real Mailpit,
// which must hold exactly one for the artist. Every page on the way is
// audited with axe-core.
func TestCallJourney(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	site := newCallSite(t)
	base, pool := site.base, site.pool
	const (
		password = "lövsprickning vid järlasjön"

		leadName    = "Karin Lind"
		leadEmail   = "karin.lind@example.se"
		secondName  = "Maja Ekholm"
		secondEmail = "maja.ekholm@example.se"
		artistName  = "Sara Nilsson"
		artistEmail = "sara.nilsson@example.se"

		title        = "Kommunkoreograf i Nacka 2027–2028"
		description  = "Ett år av dans med barn och unga i **Nacka**.\n\n## Uppdraget\n\nWorkshoppar i förskolor och skolor."
		requirements = "- Yrkesverksam koreograf\n- Erfarenhet av arbete med barn"
		eligibility  = "Koreografer och danskompanier som är verksamma i Sverige."
		period       = "augusti 2027–juni 2028"
		critQuality  = "Konstnärlig kvalitet"
		critChildren = "Arbete med barn och unga"

		phone    = "070-123 45 67"
		practice = "Jag gör koreografi för och med unga, ofta i offentliga rum."
		idea     = "Ett år där varje skola i Nacka får en egen dans."
		reason   = "Ansökan har en tydlig idé och stor erfarenhet av arbete med unga."
	)
	addConsultant(t, pool, leadName, leadEmail, password)
	addConsultant(t, pool, secondName, secondEmail, password)
	addArtist(t, pool, artistName, artistEmail, password)
	leadID, secondID := userID(t, pool, leadEmail), userID(t, pool, secondEmail)
	pdf := writePDF(t)

	// The call opens at the start of today and closes a week later at
	// noon, Stockholm time.
	start := site.clock.Now()
	opensOn := start.Format(time.DateOnly)
	closeDay := civil.Today(start).AddDate(0, 0, 7)
	closesAt := time.Date(closeDay.Year(), closeDay.Month(), closeDay.Day(), 12, 0, 0, 0, civil.Stockholm)
	closesOn := closesAt.Format(time.DateOnly)

	// A browser context, with a cookie jar of its own, per person.
	lead := newTab(t, chromedp.WithNewBrowserContext())
	artist := newTab(t, chromedp.WithNewBrowserContext())
	second := newTab(t, chromedp.WithNewBrowserContext())
	signIn := func(ctx context.Context, name, path, email string) {
		t.Helper()
		visit(t, ctx, base+path, http.StatusOK)
		checkPage(t, ctx, axe, name)
		if u := location(t, ctx); u.Path != "/logga-in" || u.Query().Get("nasta") != path {
			t.Fatalf("%s signed out: at %s, want /logga-in?nasta=%s", path, u, path)
		}
		typeIn(t, ctx, "E-postadress", email)
		typeIn(t, ctx, "Lösenord", password)
		follow(t, ctx, testid("sign-in-submit"))
		if got := location(t, ctx).Path; got != path {
			t.Fatalf("after signing in: at %s, want %s", got, path)
		}
	}
	flashIs := func(ctx context.Context, want string) {
		t.Helper()
		if got := text(t, ctx, testid("flash")); got != want {
			t.Errorf("%s: confirmation %q, want %q", location(t, ctx), got, want)
		}
	}

	// 1. The consultant creates the call, publishes it and assigns the
	// reviewers.
	signIn(lead, "call-1-sign-in", "/konsulent/utlysningar", leadEmail)
	checkPage(t, lead, axe, "call-2-list")
	follow(t, lead, testid("new-call"))
	checkPage(t, lead, axe, "call-3-new")
	if got := location(t, lead).Path; got != "/konsulent/utlysningar/ny" {
		t.Fatalf("after the link to a new call: at %s, want /konsulent/utlysningar/ny", got)
	}
	typeIn(t, lead, "Rubrik", title)
	choose(t, lead, "Typ av residens", "Kommunkoreograf")
	tick(t, lead, "Nacka")
	typeIn(t, lead, "Beskrivning av uppdraget", description)
	typeIn(t, lead, "Krav på den sökande", requirements)
	typeIn(t, lead, "Vem kan söka", eligibility)
	typeIn(t, lead, "Arvode i kronor (frivilligt)", "350000")
	typeIn(t, lead, "Period (frivilligt)", period)
	setDate(t, lead, "Öppnar, datum", opensOn)
	setInput(t, lead, "Öppnar, klockslag", "time", "00:00")
	setDate(t, lead, "Stänger, datum", closesOn)
	setInput(t, lead, "Stänger, klockslag", "time", "12:00")
	typeIn(t, lead, "Kriterium 1, namn", critQuality)
	typeIn(t, lead, "Kriterium 1, beskrivning", "Idéns och det tidigare arbetets konstnärliga höjd.")
	typeIn(t, lead, "Kriterium 1, vikt", "2")
	typeIn(t, lead, "Kriterium 2, namn", critChildren)
	typeIn(t, lead, "Kriterium 2, vikt", "1")
	pick(t, lead, "Bilaga: CV", "Krävs")
	pick(t, lead, "Bilaga: Portfolio", "Efterfrågas inte")
	pick(t, lead, "Bilaga: Arbetsplan", "Efterfrågas inte")
	follow(t, lead, testid("save"))
	checkPage(t, lead, axe, "call-4-created")
	callPath := location(t, lead).Path
	if u := location(t, lead); !regexp.MustCompile(`^/konsulent/utlysningar/\d+$`).MatchString(u.Path) || u.Query().Get("klart") != "skapad" {
		t.Fatalf("after saving: at %s, want the call's page with klart=skapad", u)
	}
	flashIs(lead, "Utlysningen är sparad som utkast. Den syns inte för besökare förrän du publicerar den.")
	mustCount(t, lead, testid("missing"), 0)
	if got := text(t, lead, testid("criteria")); !strings.Contains(got, critQuality) || !strings.Contains(got, critChildren) {
		t.Errorf("the call's criteria read %q, want both criteria", got)
	}
	follow(t, lead, testid("publish"))
	checkPage(t, lead, axe, "call-5-published")
	flashIs(lead, "Utlysningen är publicerad och syns nu på /utlysningar.")
	mustCount(t, lead, testid("publish-section"), 0)
	if got, want := text(t, lead, testid("time-left")), "7 dagar kvar"; got != want {
		t.Errorf("the published call: time left %q, want %q", got, want)
	}
	publicPath := attr(t, lead, testid("public-link"), "href")
	if !strings.HasPrefix(publicPath, "/utlysningar/") {
		t.Fatalf("the public link goes to %q, want /utlysningar/<slug>", publicPath)
	}
	for i, name := range []string{secondName, leadName} {
		choose(t, lead, "Konsulent", name)
		follow(t, lead, testid("add-consultant")+` button[type="submit"]`)
		checkPage(t, lead, axe, "call-6-reviewer-"+strconv.Itoa(i+1))
		flashIs(lead, "Granskaren är tillagd.")
	}
	if got := texts(t, lead, testid("reviewer-name")); !sameSet(got, []string{leadName, secondName}) {
		t.Errorf("reviewers %q, want %s and %s", got, leadName, secondName)
	}
	// Nothing to review while the call is open.
	mustCount(t, lead, testid("review-link"), 0)

	// 2. The artist finds the call and applies.
	signIn(artist, "call-7-sign-in", "/mina-ansokningar", artistEmail)
	checkPage(t, artist, axe, "call-8-mine-empty")
	mustCount(t, artist, testid("empty-state"), 1)
	follow(t, artist, testid("empty-state")+` a[href="/utlysningar"]`)
	checkPage(t, artist, axe, "call-9-calls")
	card := testid("call-link") + `[href="` + publicPath + `"]`
	if got := text(t, artist, card); got != title {
		t.Errorf("/utlysningar: the call's link reads %q, want %q", got, title)
	}
	follow(t, artist, card)
	checkPage(t, artist, axe, "call-10-call")
	if got := text(t, artist, testid("call-title")); got != title {
		t.Errorf("the call's page: h1 %q, want %q", got, title)
	}
	if got, want := text(t, artist, testid("fee")), "350 000 kr"; strings.ReplaceAll(got, "\u00a0", " ") != want {
		t.Errorf("the call's page: fee %q, want %q", got, want)
	}
	if got := texts(t, artist, testid("attachment")); len(got) != 1 || !strings.HasPrefix(got[0], "CV") {
		t.Errorf("the call's page: attachments %q, want the CV alone", got)
	}
	follow(t, artist, testid("apply-link"))
	checkPage(t, artist, axe, "call-11-form")
	formPath := publicPath + "/ansokan"
	if got := location(t, artist).Path; got != formPath {
		t.Fatalf("after the apply link: at %s, want %s", got, formPath)
	}
	// The form starts from the account's name and address.
	for label, want := range map[string]string{"Kontaktpersonens namn": artistName, "E-postadress": artistEmail} {
		if got := value(t, artist, fieldFor(t, artist, label)); got != want {
			t.Errorf("the new form: %q holds %q, want %q", label, got, want)
		}
	}
	typeIn(t, artist, "Telefon", phone)
	typeIn(t, artist, "Din konstnärliga praktik", practice)
	typeIn(t, artist, "Erfarenhet av att arbeta med barn, unga och andra grupper", "Fem år som danspedagog på kulturskolan.")
	typeIn(t, artist, "Din idé för året i kommunen", idea)
	typeIn(t, artist, "Språk du arbetar på", "svenska och engelska")
	typeIn(t, artist, "Länk till video (frivilligt)", "https://video.example.se/sara")
	tick(t, artist, "Jag försäkrar att uppgifterna i ansökan är sanna, och jag vet att ansökan blir en allmän handling när den kommer in.")
	choose(t, artist, "Vilken bilaga är filen?", "CV")
	if err := chromedp.Do(artist, chromedp.SetUploadFiles(chromedp.CSS(fieldFor(t, artist, "PDF-fil")), []string{pdf})); err != nil {
		t.Fatalf("choose the PDF: %v", err)
	}
	follow(t, artist, testid("upload"))
	checkPage(t, artist, axe, "call-12-uploaded")
	if u := location(t, artist); u.Path != formPath || u.Query().Get("klart") != "bilaga" {
		t.Fatalf("after uploading: at %s, want %s?klart=bilaga", u, formPath)
	}
	flashIs(artist, "Filen är uppladdad och utkastet sparat.")
	if got := texts(t, artist, testid("attachment-cv")+" "+testid("file")); len(got) != 1 || !strings.HasPrefix(got[0], filepath.Base(pdf)) {
		t.Errorf("after uploading: the CV's files %q, want %s", got, filepath.Base(pdf))
	}
	// The upload saved what was typed with it.
	if got := value(t, artist, fieldFor(t, artist, "Din idé för året i kommunen")); got != idea {
		t.Errorf("after uploading: the idea holds %q, want %q", got, idea)
	}
	follow(t, artist, testid("save"))
	checkPage(t, artist, axe, "call-13-draft")
	if u := location(t, artist); u.Path != formPath || u.Query().Get("klart") != "sparad" {
		t.Fatalf("after saving the draft: at %s, want %s?klart=sparad", u, formPath)
	}
	flashIs(artist, "Utkastet är sparat. Du kan fortsätta när som helst innan ansökningstiden går ut.")
	mustCount(t, artist, testid("missing"), 0)
	mustCount(t, artist, testid("complete"), 1)
	follow(t, artist, testid("submit"))
	checkPage(t, artist, axe, "call-14-receipt")
	if got := location(t, artist).Path; got != formPath+"/kvitto" {
		t.Fatalf("after sending: at %s, want the receipt", got)
	}
	number := text(t, artist, testid("registration-number"))
	if !regexp.MustCompile(`^RS-\d{4}-\d+$`).MatchString(number) {
		t.Fatalf("the receipt's registration number %q, want RS-<year>-<n>", number)
	}
	site.mail.WaitFor(t, artistEmail, "Kvitto: din ansökan "+number, mailTimeout)

	// 3. The call closes: a week passes, and the sessions with it.
	site.clock.Set(closesAt.Add(time.Minute))
	visit(t, artist, base+publicPath, http.StatusOK)
	checkPage(t, artist, axe, "call-15-closed")
	mustCount(t, artist, testid("apply-link"), 0)
	if got := text(t, artist, testid("call-state")); !strings.HasPrefix(got, "Utlysningen är stängd.") {
		t.Errorf("the closed call's page says %q", got)
	}

	// 4. Both reviewers declare and score: first the consultant who runs
	// the call, from its page.
	signIn(lead, "call-16-sign-in-again", callPath, leadEmail)
	checkPage(t, lead, axe, "call-17-closed-call")
	if got := text(t, lead, testid("application-count")); !strings.HasPrefix(got, "1 ") {
		t.Errorf("the closed call: application count %q, want 1", got)
	}
	follow(t, lead, testid("review-link"))
	checkPage(t, lead, axe, "call-18-applications")
	row := testid("application-number")
	if got := text(t, lead, row); got != number {
		t.Errorf("the applications: %q, want %q", got, number)
	}
	if got, want := text(t, lead, testid("application-status")), "Ej deklarerad"; got != want {
		t.Errorf("the applications: status %q, want %q", got, want)
	}
	follow(t, lead, row)
	checkPage(t, lead, axe, "call-19-declare")
	appPath := location(t, lead).Path
	if got := text(t, lead, testid("applicant-name")); got != artistName {
		t.Errorf("the application: applicant %q, want %q", got, artistName)
	}
	// Nothing of the application shows before the declaration.
	mustCount(t, lead, testid("application-content"), 0)
	pick(t, lead, "Har du jäv mot den sökande?", "Jag har inte jäv")
	follow(t, lead, testid("declare"))
	checkPage(t, lead, axe, "call-20-declared")
	flashIs(lead, "Din jävsdeklaration är sparad.")
	if got := text(t, lead, testid("text-idea")); got != idea {
		t.Errorf("the application's idea reads %q, want %q", got, idea)
	}
	if got := text(t, lead, testid("file-link")); got != filepath.Base(pdf) {
		t.Errorf("the application's file %q, want %s", got, filepath.Base(pdf))
	}
	mustCount(t, lead, testid("scores-hidden"), 1)
	pick(t, lead, critQuality+" (vikt 2)", "4")
	pick(t, lead, critChildren+" (vikt 1)", "5 – utmärkt")
	typeIn(t, lead, "Kommentar om "+critQuality+" (frivilligt)", "Stark och egen.")
	follow(t, lead, testid("save-scores"))
	checkPage(t, lead, axe, "call-21-scored")
	flashIs(lead, "Dina poäng är sparade.")
	if got := len(texts(t, lead, testid("score"))); got != 2 {
		t.Errorf("after scoring first: %d score rows, want her own 2", got)
	}

	// The second reviewer finds the call among hers on /jury.
	signIn(second, "call-22-sign-in-second", "/jury", secondEmail)
	checkPage(t, second, axe, "call-23-jury")
	if got, want := text(t, second, testid("jury-call-progress")), "0 av 1 klara"; got != want {
		t.Errorf("/jury: progress %q, want %q", got, want)
	}
	follow(t, second, testid("jury-call-title"))
	checkPage(t, second, axe, "call-24-applications-second")
	follow(t, second, row)
	checkPage(t, second, axe, "call-25-declare-second")
	if got := location(t, second).Path; got != appPath {
		t.Fatalf("the second reviewer at %s, want %s", got, appPath)
	}
	pick(t, second, "Har du jäv mot den sökande?", "Jag har inte jäv")
	follow(t, second, testid("declare"))
	checkPage(t, second, axe, "call-26-declared-second")
	// The first reviewer's scores stay hidden until she has scored.
	mustCount(t, second, testid("scores-hidden"), 1)
	mustCount(t, second, testid("score"), 0)
	pick(t, second, critQuality+" (vikt 2)", "5 – utmärkt")
	pick(t, second, critChildren+" (vikt 1)", "2")
	follow(t, second, testid("save-scores"))
	checkPage(t, second, axe, "call-27-scored-second")
	mustCount(t, second, testid("scores-hidden"), 0)
	first := testid("score") + `[data-reviewer="` + strconv.FormatInt(leadID, 10) + `"]`
	own := testid("score") + `[data-reviewer="` + strconv.FormatInt(secondID, 10) + `"]`
	if got := texts(t, second, first+" "+testid("score-value")); !sameSet(got, []string{"4", "5"}) {
		t.Errorf("after scoring: the first reviewer's scores %q, want 4 and 5", got)
	}
	if got := texts(t, second, own+" "+testid("score-value")); !sameSet(got, []string{"5", "2"}) {
		t.Errorf("after scoring: her own scores %q, want 5 and 2", got)
	}
	if got := texts(t, second, first+" "+testid("score-comment")); !slices.Contains(got, "Stark och egen.") {
		t.Errorf("after scoring: the first reviewer's comments %q", got)
	}

	// 5. The consultant ranks, decides and sends the outcome.
	follow(t, lead, testid("call-link"))
	checkPage(t, lead, axe, "call-28-call-scored")
	if got := location(t, lead).Path; got != callPath {
		t.Fatalf("after the link to the call: at %s, want %s", got, callPath)
	}
	follow(t, lead, testid("ranking-link"))
	checkPage(t, lead, axe, "call-29-ranking")
	if got := text(t, lead, testid("rank")); got != "1" {
		t.Errorf("ranking: rank %q, want 1", got)
	}
	// (2·4 + 1·5)/3 and (2·5 + 1·2)/3, and their mean 25/6.
	if got, want := text(t, lead, testid("rank-value")), "4,17"; got != want {
		t.Errorf("ranking: value %q, want %q", got, want)
	}
	if got := texts(t, lead, testid("reviewer-average")); !sameSet(got, []string{"4,33", "4,00"}) {
		t.Errorf("ranking: the reviewers' averages %q, want 4,33 and 4,00", got)
	}
	pick(t, lead, "Beslut för "+number, "Antagen")
	typeIn(t, lead, "Motivering för "+number, reason)
	follow(t, lead, testid("decide"))
	checkPage(t, lead, axe, "call-30-decided")
	flashIs(lead, "Beslutet är sparat. Det skickas till den sökande när besked skickas.")
	if got := text(t, lead, testid("rank-decision")); got != "Antagen" {
		t.Errorf("ranking: decision %q, want Antagen", got)
	}
	follow(t, lead, testid("review-nav")+` a[href$="/besked"]`)
	checkPage(t, lead, axe, "call-31-outcome")
	if got, want := text(t, lead, testid("outcome-counts")), "1 av 1 ansökningar har beslut. 0 har fått besked."; got != want {
		t.Errorf("outcome page: %q, want %q", got, want)
	}
	if got := text(t, lead, testid("preview")+`[data-decision="selected"] `+testid("preview-subject")); !strings.HasPrefix(got, "Besked om din ansökan") {
		t.Errorf("outcome page: the preview's subject %q", got)
	}
	follow(t, lead, testid("send"))
	checkPage(t, lead, axe, "call-32-sent")
	flashIs(lead, "Beskeden är skickade till de sökande.")
	mustCount(t, lead, testid("outcome-sent"), 1)
	mustCount(t, lead, testid("send"), 0)

	// 6. The e-mail arrives, once, and the artist reads the outcome.
	subject := "Besked om din ansökan " + number
	msg := site.mail.WaitFor(t, artistEmail, subject, mailTimeout)
	if !strings.Contains(msg.Text, "Antagen") || !strings.Contains(msg.Text, reason) {
		t.Errorf("the outcome e-mail lacks the decision or the reason:\n%s", msg.Text)
	}
	signIn(artist, "call-33-sign-in-artist", "/mina-ansokningar", artistEmail)
	checkPage(t, artist, axe, "call-34-mine")
	if got := text(t, artist, testid("row-outcome")); !strings.HasPrefix(got, "Antagen") || !strings.Contains(got, reason) {
		t.Errorf("/mina-ansokningar: outcome %q, want Antagen with the reason", got)
	}
	follow(t, artist, testid("row-title"))
	checkPage(t, artist, axe, "call-35-application")
	if got := text(t, artist, testid("decision")); got != "Antagen" {
		t.Errorf("the application: decision %q, want Antagen", got)
	}
	if got := text(t, artist, testid("decision-reason")); got != reason {
		t.Errorf("the application: reason %q, want %q", got, reason)
	}
	if got := text(t, artist, testid("registration-number")); got != number {
		t.Errorf("the application: number %q, want %q", got, number)
	}
	var outcomes int
	for _, m := range site.mail.Messages(t) {
		if m.SentTo(artistEmail) && strings.HasPrefix(m.Subject, "Besked om din ansökan") {
			outcomes++
		}
	}
	if outcomes != 1 {
		t.Errorf("Mailpit holds %d outcome e-mails for the artist, want 1", outcomes)
	}
}

// clock is a site's movable clock: every request reads it, and the test
// sets it, so a call can close without the test waiting for it.
type clock struct{ at atomic.Pointer[time.Time] }

// Now is the clock's time.
func (c *clock) Now() time.Time { return *c.at.Load() }

// Set moves the clock to t.
func (c *clock) Set(t time.Time) { c.at.Store(&t) }

// callSite is a site served for a test, with what the test reaches behind
// it.
type callSite struct {
	base  string
	pool  *pgxpool.Pool
	mail  *mailtest.Server
	clock *clock
}

// newCallSite serves the whole portal like newMailSite, with its e-mail
// going through a job runner to a Mailpit of the test's own, but on a
// clock the test moves (newMailSiteAt). The clock starts at the real time (to the second)
// and only moves forward, so the sessions it dates are never older than the
// database's clock, by which the runner's clean-up deletes expired ones.
func newCallSite(t *testing.T) callSite {
	t.Helper()
	clk := &clock{}
	clk.Set(time.Now().In(civil.Stockholm).Truncate(time.Second))
	base, pool, mp := newMailSiteAt(t, clk.Now)
	return callSite{base: base, pool: pool, mail: mp, clock: clk}
}

// addArtist adds a verified artist account that signs in with password.
func addArtist(t *testing.T, pool *pgxpool.Pool, name, email, password string) {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatalf("hash the password: %v", err)
	}
	if _, err := pool.Exec(t.Context(), `INSERT INTO users (email, name, role, password_hash, email_verified_at)
		VALUES ($1, $2, $3, $4, now())`, email, name, string(auth.RoleArtist), hash); err != nil {
		t.Fatalf("add the artist: %v", err)
	}
}

// userID is the id of the account with the address email.
func userID(t *testing.T, pool *pgxpool.Pool, email string) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(t.Context(), `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatalf("the account %s: %v", email, err)
	}
	return id
}

// writePDF writes a small but whole PDF (the demo's one-page CV, with a
// correct cross-reference table) into the test's temporary folder and
// returns its path.
func writePDF(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "cv-sara-nilsson.pdf")
	if err := os.WriteFile(p, seed.PDF("CV – Sara Nilsson", "Koreograf och dansare."), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pick clicks, in the group of radio buttons in the page's main content
// whose legend reads legend, the one labelled label, and checks that it is
// chosen. Several groups share labels ("Krävs", "4"), so the legend tells
// them apart as it does for a person.
func pick(t *testing.T, ctx context.Context, legend, label string) {
	t.Helper()
	sels, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const norm = s => s.replace(/\s+/g, ' ').trim();
		return Array.from(document.querySelectorAll('main fieldset'))
			.filter(f => { const l = f.querySelector(':scope > legend'); return l && norm(l.textContent) === `+js(legend)+`; })
			.flatMap(f => Array.from(f.querySelectorAll('label')))
			.filter(l => norm(l.textContent) === `+js(label)+` && l.control && l.control.type === 'radio' && l.control.id)
			.map(l => '#' + CSS.escape(l.control.id));
	})()`))
	if err != nil {
		t.Fatalf("find %q in %q: %v", label, legend, err)
	}
	if len(sels) != 1 {
		t.Fatalf("%s: %d radio buttons %q in a group %q (%q), want 1", location(t, ctx), len(sels), label, legend, sels)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sels[0]))); err != nil {
		t.Fatalf("pick %q in %q: %v", label, legend, err)
	}
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(`+js(sels[0])+`).checked`))
	if err != nil {
		t.Fatalf("read %q in %q: %v", label, legend, err)
	}
	if !checked {
		t.Fatalf("%s: %q in %q is not chosen after the click", location(t, ctx), label, legend)
	}
}

// setInput sets the input labelled label, of type typ, to v: for the
// inputs (time, date) whose typing depends on the browser's locale, set as
// the value every browser submits.
func setInput(t *testing.T, ctx context.Context, label, typ, v string) {
	t.Helper()
	sel := fieldFor(t, ctx, label)
	if got := attr(t, ctx, sel, "type"); got != typ {
		t.Fatalf("%s: %q is a %q input, want a %s input", location(t, ctx), label, got, typ)
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(sel), v)); err != nil {
		t.Fatalf("set %q: %v", label, err)
	}
	if got := value(t, ctx, sel); got != v {
		t.Fatalf("%s: %q holds %q, want %q", location(t, ctx), label, got, v)
	}
}

// sameSet reports whether got and want hold the same strings, in any order.
func sameSet(got, want []string) bool {
	a, b := slices.Clone(got), slices.Clone(want)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
