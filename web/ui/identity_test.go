package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

func TestParseLogo(t *testing.T) {
	ok := `<?xml version="1.0"?>` + "\n" + `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`
	if got, err := ParseLogo(ok); err != nil || !strings.HasPrefix(string(got), "<svg") {
		t.Errorf("a plain SVG: %q, %v", got, err)
	}
	for name, bad := range map[string]string{
		"not svg":        `<img src="x.png">`,
		"script":         `<svg><script>alert(1)</script></svg>`,
		"event handler":  `<svg onload="alert(1)"></svg>`,
		"foreign object": `<svg><foreignObject><p>x</p></foreignObject></svg>`,
		"external href":  `<svg><image href="https://example.com/x.png"/></svg>`,
		"data href":      `<svg><use xlink:href="data:image/svg+xml;base64,AAAA"/></svg>`,
		"javascript":     `<svg><a href="javascript:alert(1)"></a></svg>`,
		"entity":         `<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>`,
		"too large":      `<svg>` + strings.Repeat(" ", 51<<10) + `</svg>`,
	} {
		if _, err := ParseLogo(bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestLayoutNamesTheOrganisation(t *testing.T) {
	render := func(id *Identity) string {
		var b strings.Builder
		ctx := templ.WithChildren(WithIdentity(context.Background(), id), templ.Raw("<h1>x</h1>"))
		if err := Layout(Page{Title: "Sida"}).Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	logo, _ := ParseLogo(`<svg viewBox="0 0 1 1"><rect width="1" height="1"/></svg>`)
	html := render(&Identity{Name: "Region Exempel", URL: "https://www.region.example.se", Logo: logo,
		Address: "Box 100, 100 00 Exempelstad", Phone: "010-000 00 00", Email: "kultur@region.example.se", OrgNumber: "000000-0000"})
	for _, want := range []string{`<span class="site-logo" aria-hidden="true"><svg`, `href="https://www.region.example.se"`,
		"Region Exempel", "Box 100, 100 00 Exempelstad", `href="tel:0100000000"`, `href="mailto:kultur@region.example.se"`,
		"Organisationsnummer 000000-0000"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if plain := render(&Identity{}); strings.Contains(plain, "org-contact") || strings.Contains(plain, "site-logo") {
		t.Error("without an identity the page shows an empty contact block or logo")
	}
}
