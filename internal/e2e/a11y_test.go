package e2e

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// TestAccessibility audits every public page of the portal with axe-core in
// Chromium: no serious or critical WCAG 2.1 A/AA violation is allowed. The
// demo content is topped up with generated residencies so that the list has
// a second page.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	axe := prerequisites(t)
	base := newSite(t, 30)
	ctx := newTab(t)

	tests := []struct {
		name, path string
		status     int
		// want is an element that shows the right page was audited,
		// not, say, an error page.
		want string
	}{
		{"start", "/", http.StatusOK, testid("residency-list")},
		{"residencies", "/residens", http.StatusOK, testid("residency-list")},
		{"residencies filtered", "/residens?status=avslutade&konstform=dans&malgrupp=barn", http.StatusOK, testid("residency-list")},
		{"residencies searched", "/residens?q=sl%C3%B6jd", http.StatusOK, testid("residency-list")},
		{"residencies none found", "/residens?q=zzxqy&kommun=salem", http.StatusOK, testid("empty-state")},
		{"residencies page 2", "/residens?sida=2", http.StatusOK, testid("page-next")},
		{"residencies page out of range", "/residens?sida=999", http.StatusOK, testid("notices")},
		{"residency ongoing", "/residens/mobilt-kulturhus-i-ragsved", http.StatusOK, testid("residency-image")},
		{"residency completed", "/residens/kommunkoreograf-i-nacka-2024", http.StatusOK, testid("figures")},
		{"municipalities", "/kommuner", http.StatusOK, testid("municipality-list")},
		{"municipality", "/kommuner/nacka", http.StatusOK, testid("group-avslutade")},
		{"actors", "/kulturaktorer", http.StatusOK, testid("actor-list")},
		{"actors filtered", "/kulturaktorer?konstform=dans", http.StatusOK, testid("actor-list")},
		{"actors none found", "/kulturaktorer?q=zzxqyzzxqy", http.StatusOK, testid("empty-state")},
		{"actor", "/kulturaktorer/jelnek", http.StatusOK, testid("actor-name")},
		{"about", "/om-residens", http.StatusOK, "main h1"},
		{"accessibility statement", "/tillganglighet", http.StatusOK, testid("compliance")},
		{"privacy", "/personuppgifter", http.StatusOK, "main h1"},
		{"cookies", "/kakor", http.StatusOK, testid("no-cookies")},
		{"funding", "/finansiering", http.StatusOK, testid("source-list")},
		{"funding filtered", "/finansiering?vem=konstnar&oppet=30-dagar&belopp=50000", http.StatusOK, testid("source-list")},
		{"funding none found", "/finansiering?vad=zzxqyzz", http.StatusOK, testid("empty-state")},
		{"funding source", "/finansiering/filmstod-kortfilm", http.StatusOK, testid("facts")},
		{"contact guide", "/vem-kontaktar-jag", http.StatusOK, testid("guide-form")},
		{"contact guide answered", "/vem-kontaktar-jag?amne=lokaler&konstform=textil&kommun=huddinge", http.StatusOK, testid("organisations")},
		{"contact guide nothing found", "/vem-kontaktar-jag?amne=lokaler&konstform=litteratur&kommun=nykvarn", http.StatusOK, testid("no-organisations")},
		{"contact guide unknown values", "/vem-kontaktar-jag?amne=allt&kommun=atlantis", http.StatusUnprocessableEntity, testid("error-summary")},
		{"events", "/evenemang", http.StatusOK, testid("event-list")},
		{"events filtered", "/evenemang?format=kulturfrukost&digitalt=platsen", http.StatusOK, testid("event-list")},
		{"events none found", "/evenemang?format=kurs&kommun=nacka", http.StatusOK, testid("empty-state")},
		{"events past", "/evenemang?tid=tidigare", http.StatusOK, testid("event-list")},
		{"event forum", "/evenemang/kulturforum-2027", http.StatusOK, testid("programme")},
		{"event speed-dating", "/evenemang/speed-dejting-kultur-moter-kommun", http.StatusOK, testid("signup-form")},
		{"event full", "/evenemang/kulturfrukost-i-nacka", http.StatusOK, testid("full-notice")},
		{"event cancelled", "/evenemang/workshop-teater-i-botkyrka", http.StatusOK, testid("event-cancelled")},
		{"question form", "/fraga", http.StatusOK, testid("ask-form")},
		{"question form prefilled", "/fraga?amne=lokaler&konstform=textil&kommun=nykvarn", http.StatusOK, testid("ask-form")},
		{"common questions", "/fraga/vanliga-fragor", http.StatusOK, testid("faq-entry")},
		{"common questions searched", "/fraga/vanliga-fragor?q=lokal", http.StatusOK, testid("faq-entry")},
		{"common questions none found", "/fraga/vanliga-fragor?q=zzxqyzz", http.StatusOK, testid("empty-state")},
		{"calls", "/utlysningar", http.StatusOK, testid("call-list")},
		{"call open", "/utlysningar/kommunkoreograf-i-varmdo-2027", http.StatusOK, testid("apply-link")},
		{"call upcoming", "/utlysningar/kommunkoreograf-i-sigtuna-2028", http.StatusOK, "main h1"},
		{"call closed", "/utlysningar/kommunkoreograf-i-nacka-2026", http.StatusOK, "main h1"},
		{"kommunkoreograf", "/kommunkoreograf", http.StatusOK, testid("kommunkoreograf-calls")},
		{"not found", "/finns-inte", http.StatusNotFound, testid("error-heading")},
		{"unknown residency", "/residens/finns-inte", http.StatusNotFound, testid("error-heading")},
	}
	// The subtests share the tab, so they run one after the other.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			visit(t, ctx, base+tt.path, tt.status)
			if n := len(texts(t, ctx, tt.want)); n == 0 {
				t.Fatalf("%s: no %s on the page", tt.path, tt.want)
			}
			mustCount(t, ctx, "h1", 1)
			audit(t, ctx, axe)
			screenshot(t, ctx, "page-"+tt.name)
		})
	}
	// The consultants' event pages, signed in.
	auditEventDesk(t, axe)
}

// TestAuditFindsViolations shows that the audit sees violations, so that a
// clean result on the portal means something, and that a strict
// Content-Security-Policy like the portal's does not keep axe-core out.
func TestAuditFindsViolations(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; object-src 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// No lang, an image without alt text, a field without a label,
		// a link without a name.
		_, _ = w.Write([]byte(`<!DOCTYPE html><html><head><title>Trasig</title></head><body><main>
<h1>Trasig sida</h1><img src="/bild.png"><input type="text" name="q"><a href="/"></a>
</main></body></html>`))
	}))
	t.Cleanup(srv.Close)
	axe := prerequisites(t)
	ctx := newTab(t)

	visit(t, ctx, srv.URL+"/", http.StatusOK)
	res, err := axeRun(ctx, axe)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("axe-core %s", res.Version)
	var found []string
	for _, v := range res.Violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			found = append(found, v.ID)
		}
	}
	for _, want := range []string{"html-has-lang", "image-alt", "label", "link-name"} {
		if !slices.Contains(found, want) {
			t.Errorf("serious or critical violations %q, want %s among them", found, want)
		}
	}
}
