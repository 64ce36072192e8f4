package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// prerequisites skips or fails the test (see missing) unless Chromium and
// axe-core are both there, before any slower set-up, and returns axe-core's
// source.
func prerequisites(t *testing.T) string {
	t.Helper()
	chromePath(t)
	return axeScript(t)
}

// axeScript returns the source of axe-core: AXE_CORE_JS, or the copy that
// `make browser-deps` installs under the repository's .cache folder.
func axeScript(t *testing.T) string {
	t.Helper()
	p := os.Getenv("AXE_CORE_JS")
	if p == "" {
		p = filepath.Join(repoRoot(t), ".cache", "node", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(p)
	if err != nil {
		missing(t, "axe-core not found (run `make browser-deps` or set AXE_CORE_JS): %v", err)
	}
	return string(b)
}

// axeRule is one rule of axe-core's result, trimmed to what a report needs.
type axeRule struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		// Target is a list of CSS selectors, one per frame or shadow
		// root on the way to the element (a selector can itself be a
		// list).
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// axeResult is what axeRun returns from the page.
type axeResult struct {
	Version    string    `json:"version"`
	Violations []axeRule `json:"violations"`
	// Incomplete are the checks axe could not decide (such as contrast
	// over an image), for a person to review.
	Incomplete []axeRule `json:"incomplete"`
}

// axeRunScript runs the rules of WCAG 2.1 levels A and AA (the level Swedish
// law asks of public-sector sites) and keeps what a report needs.
const axeRunScript = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
	resultTypes: ['violations'],
}).then(r => {
	const rule = v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target, html: n.html}))});
	return {version: axe.version, violations: r.violations.map(rule), incomplete: r.incomplete.map(rule)};
})`

// axeRun injects axe-core into the page in the tab and audits it against
// WCAG 2.1 A and AA. The injection goes through the DevTools protocol, which
// the page's Content-Security-Policy (script-src 'self') does not govern;
// TestAuditFindsViolations checks that under such a policy.
func axeRun(ctx context.Context, src string) (axeResult, error) {
	// The trailing literal keeps Evaluate from trying to return whatever
	// the script's last statement yields.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+"\n;true")); err != nil {
		return axeResult{}, fmt.Errorf("inject axe-core: %w", err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](axeRunScript, chromedp.EvalAwaitPromise))
	if err != nil {
		return axeResult{}, fmt.Errorf("run axe-core: %w", err)
	}
	return res, nil
}

// audit fails the test with every serious or critical WCAG 2.1 A/AA
// violation on the page in the tab, and logs the moderate and minor ones and
// the checks that need a person.
func audit(t *testing.T, ctx context.Context, src string) {
	t.Helper()
	where, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("audit: location: %v", err)
	}
	res, err := axeRun(ctx, src)
	if err != nil {
		t.Fatalf("audit %s: %v", where, err)
	}
	for _, v := range res.Violations {
		switch v.Impact {
		case "serious", "critical":
			t.Errorf("axe-core %s: %s violation %s", where, v.Impact, describe(v))
		default:
			t.Logf("axe-core %s: %s violation (not failing) %s", where, v.Impact, describe(v))
		}
	}
	for _, v := range res.Incomplete {
		t.Logf("axe-core %s: needs review: %s", where, describe(v))
	}
}

// describe formats a rule with the elements it concerns.
func describe(v axeRule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s)", v.ID, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n\t%v\n\t\t%s", n.Target, n.HTML)
	}
	return b.String()
}

// screenshot saves a full-page PNG of the tab into the folder named by
// E2E_SCREENSHOTS, when set, so a person can look at the layout; the file is
// named after the page.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	p := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(name)+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	t.Logf("screenshot %s", p)
}
