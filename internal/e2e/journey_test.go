package e2e

import (
	"net/http"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestJourney follows a resident from the start page to the ongoing
// residencies, narrows them to one municipality with the filter form, opens
// a residency, goes back to the list and on to the municipality. Everything
// is a real click on a link or a button: the site has no script, so the
// journey only works if its links and its GET form do. Every page on the way
// is audited with axe-core.
func TestJourney(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	base := newSite(t, 0)
	ctx := newTab(t)

	visit(t, ctx, base+"/", http.StatusOK)
	audit(t, ctx, axe)
	screenshot(t, ctx, "journey-1-start")
	if got, want := len(texts(t, ctx, testid("residency-card"))), 5; got != want {
		t.Errorf("start page: %d ongoing residency cards, want %d", got, want)
	}
	if got, want := text(t, ctx, testid("all-ongoing")), "Alla 5 pågående residens"; got != want {
		t.Errorf("start page: link to the ongoing residencies reads %q, want %q", got, want)
	}

	follow(t, ctx, testid("all-ongoing"))
	audit(t, ctx, axe)
	if u := location(t, ctx); u.Path != "/residens" || u.Query().Get("status") != "pagaende" {
		t.Errorf("after the start page's link: at %s, want /residens?status=pagaende", u)
	}
	if got, want := text(t, ctx, testid("hits")), "5 residens hittades"; got != want {
		t.Errorf("ongoing list: hits %q, want %q", got, want)
	}
	if got := attr(t, ctx, testid("tab-pagaende"), "aria-current"); got != "page" {
		t.Errorf("ongoing list: tab Pågående has aria-current=%q, want page", got)
	}

	// Filter with the form as a person does: pick a municipality, press
	// the button. The status travels in a hidden field.
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#kommun"), "norrtalje")); err != nil {
		t.Fatalf("choose a municipality: %v", err)
	}
	follow(t, ctx, testid("filter-submit"))
	audit(t, ctx, axe)
	screenshot(t, ctx, "journey-2-filtered")
	filtered := location(t, ctx)
	if q := filtered.Query(); filtered.Path != "/residens" || q.Get("status") != "pagaende" || q.Get("kommun") != "norrtalje" {
		t.Fatalf("after filtering: at %s, want /residens with status=pagaende and kommun=norrtalje in the query", filtered)
	}
	if got, want := text(t, ctx, testid("hits")), "2 residens hittades"; got != want {
		t.Errorf("filtered list: hits %q, want %q", got, want)
	}
	titles := texts(t, ctx, testid("residency-link"))
	slices.Sort(titles)
	if want := []string{"Cirkus på lekplatser i Norrtälje", "Film med unga i Norrtälje"}; !slices.Equal(titles, want) {
		t.Errorf("filtered list: residencies %q, want %q", titles, want)
	}

	follow(t, ctx, testid("residency-link")+`[href="/residens/film-med-unga-i-norrtalje"]`)
	audit(t, ctx, axe)
	screenshot(t, ctx, "journey-3-residency")
	if got, want := location(t, ctx).Path, "/residens/film-med-unga-i-norrtalje"; got != want {
		t.Errorf("after clicking the card: at %s, want %s", got, want)
	}
	if got, want := text(t, ctx, testid("residency-title")), "Film med unga i Norrtälje"; got != want {
		t.Errorf("residency page: h1 %q, want %q", got, want)
	}
	mustCount(t, ctx, "h1", 1)
	municipality := testid("municipality-link")
	if got, want := text(t, ctx, municipality), "Norrtälje"; got != want {
		t.Errorf("residency page: municipality link reads %q, want %q", got, want)
	}
	if got, want := attr(t, ctx, municipality, "href"), "/kommuner/norrtalje"; got != want {
		t.Errorf("residency page: municipality link goes to %q, want %q", got, want)
	}
	if got, want := text(t, ctx, testid("residency")+" "+testid("status")), "Pågående"; got != want {
		t.Errorf("residency page: status %q, want %q", got, want)
	}

	// The back button returns to the same filtered list, because every
	// filter is in the URL.
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatalf("back: %v", err)
	}
	if got := location(t, ctx); got.String() != filtered.String() {
		t.Errorf("after back: at %s, want %s", got, filtered)
	}
	if got, want := text(t, ctx, testid("hits")), "2 residens hittades"; got != want {
		t.Errorf("after back: hits %q, want %q", got, want)
	}
	if got := value(t, ctx, "#kommun"); got != "norrtalje" {
		t.Errorf("after back: municipality filter shows %q, want norrtalje", got)
	}

	if err := chromedp.Do(ctx, chromedp.NavigateForward()); err != nil {
		t.Fatalf("forward: %v", err)
	}
	follow(t, ctx, municipality)
	audit(t, ctx, axe)
	if got, want := location(t, ctx).Path, "/kommuner/norrtalje"; got != want {
		t.Errorf("after the municipality link: at %s, want %s", got, want)
	}
	if got, want := text(t, ctx, testid("municipality-name")), "Norrtälje"; got != want {
		t.Errorf("municipality page: h1 %q, want %q", got, want)
	}
}
