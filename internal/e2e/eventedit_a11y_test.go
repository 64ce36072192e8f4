package e2e

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	auditlog "residens/internal/audit"
	"residens/internal/event"
	"residens/internal/eventedit"
)

// auditEventDesk signs a consultant in and audits the consultants' event
// pages (TestAccessibility's signed-in part): the list, the editor, its
// form in the error state, cancelling, the participants with check-in in
// the error state, the name badges, and the speed-dating pages with a
// schedule.
func auditEventDesk(t *testing.T, axe string) {
	base, pool := newEditorSite(t)
	const email, password = "eva.evenemang@example.se", "frukost i kulturhuset klockan åtta"
	addConsultant(t, pool, "Eva Evenemang", email, password)
	start := now.AddDate(0, 0, 10)
	var speed int64
	if err := pool.QueryRow(t.Context(), `INSERT INTO events (slug, title, format, starts_at, ends_at, signup_closes_at,
		attendance, place_name, status, published_at, speed_rounds, speed_minutes, seats_taken)
		VALUES ('speed-dejting-i-nacka', 'Speed-dejting i Nacka', 'speed-dejting', $1, $2, $1, 'on_site', 'Kulturhuset',
		'published', $1, 3, 8, 3) RETURNING id`, start, start.Add(time.Hour)).Scan(&speed); err != nil {
		t.Fatal(err)
	}
	for i, p := range []struct{ name, side string }{{"Anna Ask", "actor"}, {"Bo Björk", "actor"}, {"Nacka kommun", "host"}} {
		if _, err := pool.Exec(t.Context(), `INSERT INTO event_signups (event_id, state, name, email, role, code, manage_token_hash,
			speed_side, looking_for, seated_at) VALUES ($1, 'seated', $2, $3, 'kulturaktor', $4, sha256(convert_to($2, 'UTF8')), $5,
			'Samarbete med en skola', $6)`, speed, p.name, strconv.Itoa(i)+"@example.se", []string{"AAAAAA", "BBBBBB", "CCCCCC"}[i], p.side, now); err != nil {
			t.Fatal(err)
		}
	}
	desk := eventedit.NewStore(pool, event.NewStore(pool, nil, base, func() time.Time { return now }), nil, func() time.Time { return now })
	if err := desk.Generate(t.Context(), auditlog.Entry{}, speed); err != nil {
		t.Fatal(err)
	}
	ctx := newTab(t, chromedp.WithNewBrowserContext())
	visit(t, ctx, base+"/logga-in?nasta=/konsulent/evenemang", http.StatusOK)
	typeIn(t, ctx, "E-postadress", email)
	typeIn(t, ctx, "Lösenord", password)
	follow(t, ctx, testid("sign-in-submit"))

	ev := "/konsulent/evenemang/" + strconv.FormatInt(speed, 10)
	pages := []struct{ name, path, want string }{
		{"event desk list", "/konsulent/evenemang", testid("event-rows")},
		{"event desk drafts empty", "/konsulent/evenemang?visa=utkast", testid("empty-state")},
		{"event desk new", "/konsulent/evenemang/ny", testid("event-form")},
		{"event desk edit", ev, testid("event-actions")},
		{"event desk cancel", ev + "/stall-in", testid("cancel-form")},
		{"event desk participants", ev + "/deltagare", testid("participant-rows")},
		{"event desk badges", ev + "/namnbrickor", testid("badges")},
		{"event desk speed-dating", ev + "/speed-dejting", testid("wishes-form")},
		{"event desk table plan", ev + "/speed-dejting/bordsplan", testid("round")},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			visit(t, ctx, base+p.path, http.StatusOK)
			if n := len(texts(t, ctx, p.want)); n == 0 {
				t.Fatalf("%s: no %s on the page", p.path, p.want)
			}
			mustCount(t, ctx, "h1", 1)
			audit(t, ctx, axe)
			screenshot(t, ctx, "page-"+p.name)
		})
	}
	// The forms in their error state.
	for _, f := range []struct{ name, path, submit string }{
		{"event desk new invalid", "/konsulent/evenemang/ny", testid("save")},
		{"event desk check-in invalid", ev + "/deltagare", testid("checkin")},
	} {
		t.Run(f.name, func(t *testing.T) {
			visit(t, ctx, base+f.path, http.StatusOK)
			press(t, ctx, f.submit, http.StatusUnprocessableEntity)
			mustCount(t, ctx, testid("error-summary"), 1)
			audit(t, ctx, axe)
			screenshot(t, ctx, "page-"+f.name)
		})
	}
}
