package app_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/actoredit"
	"residens/internal/app"
	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/booking"
	"residens/internal/db"
	"residens/internal/jobs"
	"residens/internal/proposal"
	"residens/internal/question"
	"residens/internal/registry"
	"residens/internal/secret"
	"residens/internal/testutil"
	"residens/internal/throttle"
)

// staffPrefixes are where the signed-in staff's forms live, and the
// account forms every role has.
var staffPrefixes = []string{"/konsulent/", "/admin/", "/kommun/", "/jury/", "/konto/"}

// isStaffPost reports whether rt ("METHOD pattern") is a form a signed-in
// user sends in one of the staff areas or their account.
func isStaffPost(rt string) bool {
	method, pattern, _ := strings.Cut(rt, " ")
	if method != http.MethodPost || access[rt] == app.Public {
		return false
	}
	for _, p := range staffPrefixes {
		if strings.HasPrefix(pattern, p) {
			return true
		}
	}
	return false
}

// emptyPost is how one staff route is sent an empty form.
type emptyPost struct {
	// as is who posts it: a key of staffFixture.users.
	as string
	// path is the route with real objects of the right kind and state
	// filled in, so the handler gets past its look-ups to the form.
	path string
	// form is only what the mechanics need (the version an edit form was
	// opened with), never a field a person fills in.
	form url.Values
	// button, when set, says why an empty post is this route's whole form
	// (a button, or one with only optional fields): the post may then
	// change things, and the test checks instead that the page that shows
	// the form (page) asks for nothing in it.
	button string
	page   string
}

// staffFixture is the demo site with one object of every kind a staff form
// acts on, and a signed-in user of every staff role.
type staffFixture struct {
	h        http.Handler
	pool     *pgxpool.Pool
	sessions *auth.Manager
	users    map[string]int64
	// ids are the objects by name, as they go into paths.
	ids map[string]string
	// event is a draft event with a programme item and a participant.
	event eventFixture
}

func newStaffFixture(t *testing.T) *staffFixture {
	t.Helper()
	pool := testutil.DemoDB(t)
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	runner, err := jobs.New(pool, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom}, log)
	if err != nil {
		t.Fatal(err)
	}
	reg := registry.New("TEST")
	sessions := auth.EphemeralManager(pool, testutil.Clock)
	fx := &staffFixture{
		h: app.NewHandler(app.Deps{Pool: pool, Log: log, Config: cfg, Now: testutil.Clock, Sessions: sessions,
			Mail: runner.Mail(), Registry: reg, Ready: func(context.Context) error { return nil }}),
		pool: pool, sessions: sessions, users: map[string]int64{}, ids: map[string]string{},
	}
	ctx := context.Background()
	for _, v := range []visitor{
		{name: "admin", role: auth.RoleAdmin},
		{name: "consultant", role: auth.RoleConsultant},
		{name: "officer", role: auth.RoleMunicipality, muni: "nacka"},
		{name: "juror", role: auth.RoleJuror},
		{name: "artist", role: auth.RoleArtist},
		// target is the account the admin's user routes act on; it has
		// not accepted its invitation (no password), so it can be invited
		// again.
		{name: "target", role: auth.RoleArtist},
		{name: "disabled", role: auth.RoleArtist, disabled: true},
		{name: "applicant", role: auth.RoleArtist},
		{name: "submitter", role: auth.RoleArtist},
	} {
		fx.users[v.name] = mustAccount(t, pool, v)
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	fx.ids["target"] = id(fx.users["target"])
	fx.ids["disabled"] = id(fx.users["disabled"])
	fx.ids["juror"] = id(fx.users["juror"])
	fx.ids["residency"] = testutil.Scalar[string](t, pool, `SELECT id::text FROM residencies WHERE slug = 'kommunkoreograf-i-nacka-2024'`)
	fx.ids["actor"] = testutil.Scalar[string](t, pool, `SELECT id::text FROM cultural_actors WHERE slug = 'jelnek'`)
	fx.event = mustEvent(t, pool)
	fx.ids["source"] = testutil.Scalar[string](t, pool, `SELECT id::text FROM funding_sources WHERE slug = 'filmstod-kortfilm'`)
	fx.ids["organisation"] = testutil.Scalar[string](t, pool, `SELECT id::text FROM support_organisations WHERE slug = 'regionens-kulturenhet'`)
	// An organisation that funds nothing, so that it can be deleted.
	fx.ids["lone-organisation"] = testutil.Scalar[string](t, pool, `SELECT id::text FROM support_organisations WHERE slug = 'kulturhuset-lokaler'`)
	// A question in the shared inbox, a closed one and a common question.
	questions := question.NewStore(pool, reg, nil, "", throttle.Form{}, 3, testutil.Clock)
	for _, name := range []string{"question", "closed-question"} {
		key, _ := secret.New()
		q, err := questions.Ask(ctx, audit.Entry{IP: "192.0.2.1"}, question.Ask{Topic: "lokaler", Body: "Var finns en lokal?",
			Name: "Sara Ek", Email: "sara@example.se", Key: key})
		if err != nil {
			t.Fatal(err)
		}
		fx.ids[name] = id(q.ID)
	}
	closed, _ := strconv.ParseInt(fx.ids["closed-question"], 10, 64)
	if err := questions.Do(ctx, audit.Entry{}, closed, question.Step{Kind: question.EventClosed}); err != nil {
		t.Fatal(err)
	}
	fx.ids["faq"] = testutil.Scalar[string](t, pool, `SELECT min(id)::text FROM faq_entries`)

	// A municipality with its contact, as every one has in production: an
	// empty form must not blank it.
	if _, err := pool.Exec(ctx, `UPDATE municipalities SET contact_name = 'Lena Lind', contact_email = 'lena.lind@nacka.se',
		description = 'Nacka har många scener.' WHERE slug = 'nacka'`); err != nil {
		t.Fatal(err)
	}

	// Another session of the consultant's, to end from the account page.
	fx.ids["session"] = testutil.Scalar[string](t, pool, `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at)
		VALUES (sha256('annan enhet'::bytea), $1, $2, $2, $3) RETURNING encode(id_hash, 'hex')`,
		fx.users["consultant"], testutil.Now, testutil.Now.Add(24*time.Hour))

	// An artist's new profile waiting in the moderation queue.
	if err := actoredit.NewStore(pool, testutil.Clock).CreateProfile(ctx, audit.Entry{}, fx.users["submitter"],
		actoredit.Profile{Kind: "artist", Name: "Väntande Konstnär"}, nil); err != nil {
		t.Fatal(err)
	}
	fx.ids["change"] = testutil.Scalar[string](t, pool, `SELECT id::text FROM actor_profile_changes WHERE state = 'pending'`)

	// A draft and two submitted proposals of the officer's municipality
	// (one to accept, so that the other stays open for the rest).
	props := proposal.NewStore(pool, reg, runner.Mail(), cfg.BaseURL.String(), testutil.Clock)
	officer := proposal.Actor{ID: fx.users["officer"], Name: "officer", Email: "officer@example.se",
		MunicipalityID: testutil.Scalar[int64](t, pool, `SELECT id FROM municipalities WHERE slug = 'nacka'`)}
	for name, submit := range map[string]bool{"draft": false, "proposal": true, "toaccept": true} {
		res, err := props.Create(ctx, officer, "", fx.proposalValues(t, name), submit)
		if err != nil {
			t.Fatalf("proposal %s: %v", name, err)
		}
		fx.ids[name] = id(res.ID)
	}

	// A call that closed yesterday with the consultant and the juror as
	// reviewers and one application; a draft call to publish.
	call := testutil.InsertCall(t, pool, testutil.Call{Slug: "tom-post", Title: "Tom post",
		Municipalities: []string{"nacka"}, OpensAt: testutil.Now.Add(-30 * 24 * time.Hour), ClosesAt: testutil.Now.Add(-24 * time.Hour),
		Reviewers: []int64{fx.users["consultant"], fx.users["juror"]}})
	fx.ids["call"] = id(call)
	fx.ids["app"] = id(testutil.InsertApplication(t, pool, testutil.Application{CallID: call, ApplicantID: fx.users["applicant"],
		Name: "applicant", Email: "applicant@example.se", SubmittedAt: testutil.Now.Add(-72 * time.Hour)}))
	draft := testutil.InsertCall(t, pool, testutil.Call{Slug: "tom-post-utkast", Title: "Tom post, utkast",
		Municipalities: []string{"nacka"}, OpensAt: testutil.Now.Add(24 * time.Hour), ClosesAt: testutil.Now.Add(60 * 24 * time.Hour), Draft: true})
	if _, err := pool.Exec(ctx, `UPDATE calls SET requirements = 'Erfarenhet.', eligibility = 'Alla.' WHERE id = $1`, draft); err != nil {
		t.Fatal(err)
	}
	fx.ids["draftcall"] = id(draft)

	// The consultant's availability, a requested booking next week and a
	// confirmed one that has begun.
	a := booking.Availability{Profile: booking.DefaultProfile(fx.users["consultant"])}
	a.Profile.Active = true
	for d := 1; d <= 5; d++ {
		a.Hours = append(a.Hours, booking.Hours{Weekday: d, Starts: booking.At(9, 0), Ends: booking.At(12, 0)})
	}
	next := time.Date(2026, time.November, 30, 9, 0, 0, 0, testutil.Now.Location())
	begun := testutil.Now.Add(-time.Hour)
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if err := booking.SaveAvailability(ctx, tx, a, testutil.Now); err != nil {
			return err
		}
		for name, start := range map[string]time.Time{"booking": next, "begun": begun} {
			n, err := booking.Hold(ctx, tx, fx.users["consultant"], start, start.Add(45*time.Minute), booking.Booker{
				Name: "Bo Bokare", Email: "bo@skola.example.se", Question: "Hur söker vi?",
				MeetingForm: booking.FormVideo, Topic: booking.TopicApplication}, testutil.Now)
			if err != nil {
				return err
			}
			fx.ids[name] = id(n)
		}
		b, _ := strconv.ParseInt(fx.ids["begun"], 10, 64)
		return booking.SetState(ctx, tx, b, booking.StateRequested, booking.StateConfirmed, testutil.Now)
	}); err != nil {
		t.Fatal(err)
	}
	return fx
}

// proposalValues are a complete proposal of Nacka's.
func (fx *staffFixture) proposalValues(t *testing.T, title string) proposal.Values {
	t.Helper()
	ref := func(table, slug string) int64 {
		return testutil.Scalar[int64](t, fx.pool, `SELECT id FROM `+table+` WHERE slug = $1`, slug)
	}
	return proposal.Values{Title: title, Kind: "kommunresidens", ArtForms: []int64{ref("art_forms", "dans")},
		TargetGroups: []int64{ref("target_groups", "barn")}, Participants: "40", Venues: "Fisksätra bibliotek",
		VenueTypes: []int64{ref("venue_types", "bibliotek")}, District: "Fisksätra", StartsOn: "2027-03-01",
		EndsOn: "2027-05-31", Purposes: []string{"group"}, PurposeText: "Dans med barn.", Staff: "En bibliotekarie.",
		Premises: "Hörsalen.", Cofunding: "50000", ContactName: "Nora Nacka", ContactEmail: "nora@nacka.se",
		ContactPhone: "08-123 456 78"}
}

// version is the stored version of row id of table, as an edit form
// carries it.
func (fx *staffFixture) version(t *testing.T, table, id string) url.Values {
	t.Helper()
	return url.Values{"version": {testutil.Scalar[string](t, fx.pool, `SELECT version::text FROM `+table+` WHERE id = $1::bigint`, id)}}
}

// cases are the empty posts of every staff route, by "POST pattern".
func (fx *staffFixture) cases(t *testing.T) map[string]emptyPost {
	t.Helper()
	x := fx.ids
	user := "/admin/anvandare/" + x["target"]
	res := "/konsulent/residens/" + x["residency"]
	prop := "/konsulent/forslag/" + x["proposal"]
	accept := "/konsulent/forslag/" + x["toaccept"]
	call := "/konsulent/utlysningar/" + x["call"]
	app := call + "/ansokningar/" + x["app"]
	book := "/konsulent/bokningar/" + x["booking"]
	source := "/konsulent/finansiering/" + x["source"]
	org := "/konsulent/organisationer/" + x["organisation"]
	lone := "/konsulent/organisationer/" + x["lone-organisation"]
	qn := "/konsulent/fragor/" + x["question"]
	ev := fx.event.path("/konsulent/evenemang/{id}")
	item := fx.event.path("/konsulent/evenemang/{id}/program/{item}")
	speed := fx.event.path("/konsulent/evenemang/{id}/speed-dejting")
	return map[string]emptyPost{
		"POST /konsulent/fragor/vanliga/ny":                             {as: "consultant", path: "/konsulent/fragor/vanliga/ny"},
		"POST /konsulent/fragor/vanliga/{id}":                           {as: "consultant", path: "/konsulent/fragor/vanliga/" + x["faq"]},
		"POST /konsulent/fragor/{id}/svar":                              {as: "consultant", path: qn + "/svar"},
		"POST /konsulent/fragor/{id}/anteckning":                        {as: "consultant", path: qn + "/anteckning"},
		"POST /konsulent/fragor/{id}/hanvisning":                        {as: "consultant", path: qn + "/hanvisning"},
		"POST /konsulent/fragor/{id}/overlamna":                         {as: "consultant", path: qn + "/overlamna"},
		"POST /konsulent/fragor/{id}/vanta":                             {as: "consultant", path: qn + "/vanta"},
		"POST /konsulent/fragor/{id}/stang":                             {as: "consultant", path: qn + "/stang"},
		"POST /konsulent/fragor/{id}/oppna":                             {as: "consultant", path: "/konsulent/fragor/" + x["closed-question"] + "/oppna"},
		"POST /konsulent/evenemang/ny":                                  {as: "consultant", path: "/konsulent/evenemang/ny"},
		"POST /konsulent/evenemang/{id}":                                {as: "consultant", path: ev},
		"POST /konsulent/evenemang/{id}/publicera":                      {as: "consultant", path: ev + "/publicera", button: "publishes the draft", page: ev},
		"POST /konsulent/evenemang/{id}/kopiera":                        {as: "consultant", path: ev + "/kopiera", button: "copies the event to a new draft a month later", page: ev},
		"POST /konsulent/evenemang/{id}/stall-in":                       {as: "consultant", path: ev + "/stall-in"},
		"POST /konsulent/evenemang/{id}/program":                        {as: "consultant", path: ev + "/program"},
		"POST /konsulent/evenemang/{id}/program/{item}":                 {as: "consultant", path: item},
		"POST /konsulent/evenemang/{id}/program/{item}/ta-bort":         {as: "consultant", path: item + "/ta-bort", button: "removes the programme item", page: ev},
		"POST /konsulent/evenemang/{id}/incheckning":                    {as: "consultant", path: ev + "/incheckning"},
		"POST /konsulent/evenemang/{id}/deltagare/{signup}/incheckning": {as: "consultant", path: fx.event.path("/konsulent/evenemang/{id}/deltagare/{signup}/incheckning"), button: "checks the participant in from their row", page: ev + "/deltagare"},
		"POST /konsulent/evenemang/{id}/speed-dejting/onskemal":         {as: "consultant", path: speed + "/onskemal", button: "saves the ticked wishes (none ticked: none)", page: speed},
		"POST /konsulent/evenemang/{id}/speed-dejting/schema":           {as: "consultant", path: speed + "/schema"},
		"POST /konsulent/evenemang/{id}/speed-dejting/skicka":           {as: "consultant", path: speed + "/skicka"},
		"POST /konsulent/evenemang/{id}/meddelande":                     {as: "consultant", path: ev + "/meddelande"},

		"POST /konto/namn":                    {as: "consultant", path: "/konto/namn"},
		"POST /konto/epost":                   {as: "consultant", path: "/konto/epost"},
		"POST /konto/losenord":                {as: "consultant", path: "/konto/losenord"},
		"POST /konto/sessioner/{ref}/avsluta": {as: "consultant", path: "/konto/sessioner/" + x["session"] + "/avsluta", button: "ends the session the row names", page: "/konto"},
		"POST /konto/radera":                  {as: "consultant", path: "/konto/radera"},
		"POST /konto/profil":                  {as: "artist", path: "/konto/profil"},
		"POST /konto/profil/ansprak":          {as: "artist", path: "/konto/profil/ansprak"},

		"POST /admin/anvandare/bjud-in":                {as: "admin", path: "/admin/anvandare/bjud-in"},
		"POST /admin/anvandare/{id}/roll":              {as: "admin", path: user + "/roll"},
		"POST /admin/anvandare/{id}/sparra":            {as: "admin", path: user + "/sparra", button: "disables the account", page: user},
		"POST /admin/anvandare/{id}/oppna":             {as: "admin", path: "/admin/anvandare/" + x["disabled"] + "/oppna", button: "enables the disabled account", page: "/admin/anvandare/" + x["disabled"]},
		"POST /admin/anvandare/{id}/avsluta-sessioner": {as: "admin", path: user + "/avsluta-sessioner", button: "ends the account's sessions", page: user},
		"POST /admin/anvandare/{id}/bjud-in-igen":      {as: "admin", path: user + "/bjud-in-igen", button: "sends a new invitation", page: user},
		"POST /konsulent/inbjudan":                     {as: "consultant", path: "/konsulent/inbjudan"},

		"POST /konsulent/finansiering/ny":            {as: "consultant", path: "/konsulent/finansiering/ny"},
		"POST /konsulent/finansiering/{id}":          {as: "consultant", path: source},
		"POST /konsulent/finansiering/{id}/radera":   {as: "consultant", path: source + "/radera", button: "deletes the source from the page that asks to confirm it", page: source + "/radera"},
		"POST /konsulent/organisationer/ny":          {as: "consultant", path: "/konsulent/organisationer/ny"},
		"POST /konsulent/organisationer/{id}":        {as: "consultant", path: org},
		"POST /konsulent/organisationer/{id}/radera": {as: "consultant", path: lone + "/radera", button: "deletes the organisation from the page that asks to confirm it", page: lone + "/radera"},

		"POST /konsulent/residens/ny":               {as: "consultant", path: "/konsulent/residens/ny"},
		"POST /konsulent/residens/{id}":             {as: "consultant", path: res, form: fx.version(t, "residencies", x["residency"])},
		"POST /konsulent/residens/{id}/avpublicera": {as: "consultant", path: res + "/avpublicera", button: "unpublishes the residency", page: res},
		"POST /konsulent/residens/{id}/radera":      {as: "admin", path: res + "/radera", button: "deletes the residency from the page that asks to confirm it", page: res + "/radera"},

		"POST /konsulent/kulturaktorer/ny":                {as: "consultant", path: "/konsulent/kulturaktorer/ny"},
		"POST /konsulent/kulturaktorer/{id}":              {as: "consultant", path: "/konsulent/kulturaktorer/" + x["actor"], form: fx.version(t, "cultural_actors", x["actor"])},
		"POST /konsulent/granskning/{id}/godkann":         {as: "consultant", path: "/konsulent/granskning/" + x["change"] + "/godkann", button: "approves the artist's change", page: "/konsulent/granskning"},
		"POST /konsulent/granskning/{id}/skicka-tillbaka": {as: "consultant", path: "/konsulent/granskning/" + x["change"] + "/skicka-tillbaka"},
		"POST /konsulent/kommuner/{slug}":                 {as: "consultant", path: "/konsulent/kommuner/nacka"},

		"POST /kommun/forslag/nytt":            {as: "officer", path: "/kommun/forslag/nytt"},
		"POST /kommun/forslag/{id}/andra":      {as: "officer", path: "/kommun/forslag/" + x["draft"] + "/andra", form: fx.version(t, "proposals", x["draft"])},
		"POST /kommun/forslag/{id}/meddelande": {as: "officer", path: "/kommun/forslag/" + x["proposal"] + "/meddelande"},
		"POST /kommun/forslag/{id}/aterkalla":  {as: "officer", path: "/kommun/forslag/" + x["draft"] + "/aterkalla", button: "withdraws the proposal", page: "/kommun/forslag/" + x["draft"]},

		"POST /konsulent/forslag/{id}/ta":            {as: "consultant", path: prop + "/ta", button: "takes the proposal on (the handler is optional)", page: prop},
		"POST /konsulent/forslag/{id}/meddelande":    {as: "consultant", path: prop + "/meddelande"},
		"POST /konsulent/forslag/{id}/anteckning":    {as: "consultant", path: prop + "/anteckning"},
		"POST /konsulent/forslag/{id}/komplettering": {as: "consultant", path: prop + "/komplettering"},
		"POST /konsulent/forslag/{id}/godkann":       {as: "consultant", path: accept + "/godkann", button: "accepts the proposal (the message is optional)", page: accept},
		"POST /konsulent/forslag/{id}/avsla":         {as: "consultant", path: prop + "/avsla"},

		"POST /konsulent/utlysningar/ny":                            {as: "consultant", path: "/konsulent/utlysningar/ny"},
		"POST /konsulent/utlysningar/{id}/andra":                    {as: "consultant", path: call + "/andra", form: fx.version(t, "calls", x["call"])},
		"POST /konsulent/utlysningar/{id}/publicera":                {as: "consultant", path: "/konsulent/utlysningar/" + x["draftcall"] + "/publicera", button: "publishes the call", page: "/konsulent/utlysningar/" + x["draftcall"]},
		"POST /konsulent/utlysningar/{id}/granskare":                {as: "consultant", path: call + "/granskare"},
		"POST /konsulent/utlysningar/{id}/granskare/{user}/ta-bort": {as: "consultant", path: call + "/granskare/" + x["juror"] + "/ta-bort", button: "removes the reviewer", page: call},

		"POST /konsulent/utlysningar/{id}/ansokningar/{app}/jav":       {as: "juror", path: app + "/jav"},
		"POST /konsulent/utlysningar/{id}/ansokningar/{app}/poang":     {as: "juror", path: app + "/poang"},
		"POST /konsulent/utlysningar/{id}/ansokningar/{app}/kortlista": {as: "consultant", path: app + "/kortlista", button: "puts the application on the shortlist", page: call + "/rangordning"},
		"POST /konsulent/utlysningar/{id}/ansokningar/{app}/beslut":    {as: "consultant", path: app + "/beslut"},
		"POST /konsulent/utlysningar/{id}/besked":                      {as: "consultant", path: call + "/besked"},
		"POST /konsulent/utlysningar/{id}/besked/skicka":               {as: "consultant", path: call + "/besked/skicka", button: "sends the decided outcomes", page: call + "/besked"},

		"POST /konsulent/tillganglighet":            {as: "consultant", path: "/konsulent/tillganglighet"},
		"POST /konsulent/bokningar/{id}/bekrafta":   {as: "consultant", path: book + "/bekrafta", button: "confirms the booking", page: book},
		"POST /konsulent/bokningar/{id}/avboj":      {as: "consultant", path: book + "/avboj"},
		"POST /konsulent/bokningar/{id}/avboka":     {as: "consultant", path: book + "/avboka"},
		"POST /konsulent/bokningar/{id}/genomford":  {as: "consultant", path: "/konsulent/bokningar/" + x["begun"] + "/genomford"},
		"POST /konsulent/bokningar/{id}/uteblev":    {as: "consultant", path: "/konsulent/bokningar/" + x["begun"] + "/uteblev", button: "marks the booker as absent", page: "/konsulent/bokningar/" + x["begun"]},
		"POST /konsulent/bokningar/{id}/anteckning": {as: "consultant", path: book + "/anteckning"},
		"POST /konsulent/bokningar/{id}/ny-tid":     {as: "consultant", path: book + "/ny-tid"},
	}
}

// TestEmptyStaffFormsChangeNothing sends every staff form (every POST route
// of the consultants, admins, officers and jurors, and the account forms)
// an empty body as a signed-in user of the right role, with real objects in
// its path: the answer is a refusal with a page that says why (422, or 400,
// 404 or 409), or a redirect that changed nothing. The database's tables are
// compared before and after each post. A route that is a button is posted
// too, after the forms, and its page must ask for nothing in it.
func TestEmptyStaffFormsChangeNothing(t *testing.T) {
	fx := newStaffFixture(t)
	cases := fx.cases(t)
	var routes []string
	for _, rt := range walk(t, fx.h) {
		if !isStaffPost(rt) {
			continue
		}
		routes = append(routes, rt)
		if _, ok := cases[rt]; !ok {
			t.Errorf("%s has no empty-post case: add one to staffFixture.cases", rt)
		}
	}
	for rt := range cases {
		if !isStaffPost(rt) {
			t.Errorf("case %q names no staff POST route the router has", rt)
		}
	}
	if len(routes) < 40 {
		t.Fatalf("only %d staff POST routes found; the walk is broken", len(routes))
	}
	// The forms first: each must leave the database as it was, so every
	// one meets the objects in the state the fixture made.
	sort.SliceStable(routes, func(i, j int) bool { return cases[routes[i]].button == "" && cases[routes[j]].button != "" })
	cookies := map[string]*http.Cookie{}
	for name, id := range fx.users {
		cookies[name] = sessionCookie(t, fx.pool, fx.sessions, id)
	}
	for _, rt := range routes {
		c, ok := cases[rt]
		if !ok {
			continue
		}
		t.Run(rt, func(t *testing.T) {
			if c.button != "" {
				fx.checkButton(t, c, cookies[c.as])
			}
			before := snapshot(t, fx.pool)
			r := testutil.Serve(t, fx.h, testutil.Request(http.MethodPost, c.path, c.form, cookies[c.as]))
			changed := changedTables(before, snapshot(t, fx.pool))
			if r.Status >= 500 {
				t.Fatalf("POST %s empty as %s: status %d", c.path, c.as, r.Status)
			}
			if c.button != "" {
				return
			}
			switch r.Status {
			case http.StatusUnprocessableEntity, http.StatusConflict:
				if strings.TrimSpace(r.Doc.Find(`[role="alert"]`).Text()) == "" {
					t.Errorf("POST %s empty: %d without a message that says what is wrong", c.path, r.Status)
				}
				checkInvalidPage(t, "POST "+c.path+" empty", r.Doc)
			case http.StatusBadRequest, http.StatusNotFound:
				if r.Doc.Find("h1").Length() != 1 {
					t.Errorf("POST %s empty: %d without an error page", c.path, r.Status)
				}
			case http.StatusSeeOther, http.StatusOK:
			default:
				t.Errorf("POST %s empty: status %d, want 422 or a redirect that changes nothing", c.path, r.Status)
			}
			if len(changed) > 0 {
				t.Errorf("POST %s empty as %s: status %d (Location %q) and changed %v; an empty form must be refused or change nothing",
					c.path, c.as, r.Status, r.Header.Get("Location"), changed)
			}
		})
	}
}

// checkButton fails unless the page that shows c's form has it, and the
// form asks for nothing a person must fill in: an empty post is then what
// the browser sends.
func (fx *staffFixture) checkButton(t *testing.T, c emptyPost, cookie *http.Cookie) {
	t.Helper()
	r := testutil.Serve(t, fx.h, testutil.Request(http.MethodGet, c.page, nil, cookie))
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: status %d", c.page, r.Status)
	}
	form := r.Doc.Find(fmt.Sprintf(`form[action=%q]`, c.path))
	if form.Length() == 0 {
		t.Fatalf("%s has no form that posts to %s", c.page, c.path)
	}
	form.Find("input, textarea, select").Each(func(_ int, f *goquery.Selection) {
		name, _ := f.Attr("name")
		if _, req := f.Attr("required"); req || f.AttrOr("aria-required", "") == "true" {
			t.Errorf("the form of %s (%s) requires %q: it is a form, not a button", c.path, c.button, name)
		}
	})
}

// snapshot is a checksum of every table's contents (the schema's
// migration bookkeeping aside), by table.
func snapshot(t *testing.T, pool *pgxpool.Pool) map[string]string {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version' ORDER BY tablename`)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	parts := make([]string, len(tables))
	for i, name := range tables {
		q := pgx.Identifier{name}.Sanitize()
		parts[i] = fmt.Sprintf(`SELECT '%s', (SELECT md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) FROM %s t)`, name, q)
	}
	rows, err = pool.Query(ctx, strings.Join(parts, " UNION ALL "))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for rows.Next() {
		var name, sum string
		if err := rows.Scan(&name, &sum); err != nil {
			t.Fatal(err)
		}
		out[name] = sum
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// changedTables are the tables whose checksum differs, by name.
func changedTables(before, after map[string]string) []string {
	var out []string
	for name, sum := range after {
		if before[name] != sum {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
