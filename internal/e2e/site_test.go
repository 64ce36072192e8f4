package e2e

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"residens/internal/app"
	"residens/internal/civil"
	"residens/internal/db/dbtest"
	"residens/internal/seed"
)

// now is the site's fixed clock. The seed dates the demo residencies from
// it and the handler derives each status from it, so the two must agree for
// the first five to be ongoing; fixed, it also keeps the year filter and the
// synthetic rows the same from run to run.
var now = time.Date(2026, time.November, 26, 10, 0, 0, 0, civil.Stockholm)

// newSite serves the whole portal from an in-process server over a fresh
// database with the demo content and, when synthetic > 0, that many
// generated residencies more.
func newSite(t *testing.T, synthetic int) string {
	t.Helper()
	ctx := t.Context()
	pool := dbtest.New(t)
	if err := seed.Demo(ctx, pool, now); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	if err := seed.Calls(ctx, pool, now); err != nil {
		t.Fatalf("seed calls: %v", err)
	}
	if err := seed.Synthetic(ctx, pool, synthetic, now); err != nil {
		t.Fatalf("seed synthetic: %v", err)
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
	return srv.URL
}

// visit loads url in the tab and checks the HTTP status of the document.
func visit(t *testing.T, ctx context.Context, url string, wantStatus int) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("visit %s: %v", url, err)
	}
	if resp.Status != int64(wantStatus) {
		t.Fatalf("visit %s: status %d, want %d", url, resp.Status, wantStatus)
	}
}

// follow clicks the element that sel finds, as a person would, waits for
// the page the click leads to, and checks that it answered 200.
func follow(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	mustCount(t, ctx, sel, 1)
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("click %s: %s answered %d", sel, resp.URL, resp.Status)
	}
}

// The page helpers below read the DOM with one script each instead of
// chromedp's query actions, which wait for a missing element until the tab's
// timeout: a wrong page fails at once, with what was found.

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// texts returns the text of each element that sel finds, with white space
// collapsed as a reader sees it.
func texts(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(`+js(sel)+`), e => e.textContent)`))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	for i, s := range got {
		got[i] = strings.Join(strings.Fields(s), " ")
	}
	return got
}

// mustCount fails the test unless sel finds exactly n elements.
func mustCount(t *testing.T, ctx context.Context, sel string, n int) {
	t.Helper()
	if got := texts(t, ctx, sel); len(got) != n {
		t.Fatalf("%s on %s: found %d elements %q, want %d", sel, location(t, ctx), len(got), got, n)
	}
}

// text returns the text of the one element that sel finds.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	mustCount(t, ctx, sel, 1)
	return texts(t, ctx, sel)[0]
}

// attr returns an attribute of the one element that sel finds.
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	mustCount(t, ctx, sel, 1)
	v, err := chromedp.Run(ctx, chromedp.Evaluate[*string](
		`document.querySelector(`+js(sel)+`).getAttribute(`+js(name)+`)`))
	if err != nil {
		t.Fatalf("read %s[%s]: %v", sel, name, err)
	}
	if v == nil {
		return ""
	}
	return *v
}

// value returns the current value of the form control that sel finds.
func value(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	mustCount(t, ctx, sel, 1)
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+js(sel)+`).value`))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return v
}

// location returns the URL of the page in the tab.
func location(t *testing.T, ctx context.Context) *url.URL {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("location %q: %v", s, err)
	}
	return u
}

// testid is the CSS selector of the elements marked data-testid=id.
func testid(id string) string { return `[data-testid="` + id + `"]` }
