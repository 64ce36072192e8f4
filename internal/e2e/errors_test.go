package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestErrorSummaryTakesFocus sends forms back with errors in Chromium: the
// page's title must start with "Fel: " and the keyboard focus must be on the
// error summary (the site's one script puts it there), so that a keyboard or
// screen-reader user learns at once that the form was not sent and what to
// fix. Before, focus stayed on the body.
func TestErrorSummaryTakesFocus(t *testing.T) {
	t.Parallel()
	prerequisites(t)
	base := newSite(t, 0)
	ctx := newTab(t)
	for _, form := range []string{"/glomt-losenord", "/registrera", "/logga-in"} {
		t.Run(form, func(t *testing.T) {
			visit(t, ctx, base+form, http.StatusOK)
			press(t, ctx, `main form button[type="submit"]`, http.StatusUnprocessableEntity)
			title, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(title, "Fel: ") {
				t.Errorf("title %q after the error, want it to start with Fel:", title)
			}
			focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](
				`document.activeElement ? document.activeElement.className : ""`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(focused, "error-summary") {
				t.Errorf("focus on %q after the error, want the error summary", focused)
			}
		})
	}
}
