package markdown

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// xssVectors are the classic ways of smuggling script through Markdown. The
// first is GO-2026-5320: goldmark before v1.7.17 decoded the entity after its
// URL check and wrote a javascript: link.
var xssVectors = []struct{ name, src string }{
	{"entity-encoded javascript link", "[x](&#106;avascript:alert(1))"},
	{"hex entities and colon entity", "[x](&#x6A;avascript&#58;alert(1))"},
	{"mixed-case scheme", "[x](JaVaScRiPt:alert(1))"},
	{"leading spaces", "[x](  javascript:alert(1))"},
	{"angle-bracket destination", "[x](<javascript:alert(1)>)"},
	{"reference definition", "[x]: javascript:alert(1)\n\n[y][x]"},
	{"autolink", "<javascript:alert(1)>"},
	{"linkify of a bare scheme", "javascript:alert(1) och www.example.se"},
	{"vbscript link", "[x](vbscript:msgbox(1))"},
	{"image source", "![x](javascript:alert(1))"},
	{"data URL link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"},
	{"data URL image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"},
	{"HTML in a link title", `[x](https://example.se "<script>alert(1)</script>")`},
	{"quote breaking out of a title", `[x](https://example.se "a\" onmouseover=\"alert(1)")`},
	{"raw anchor", `<a href="javascript:alert(1)">x</a>`},
	{"raw image with handler", `<img src=x onerror=alert(1)>`},
	{"raw script", "<script>alert(1)</script>"},
}

// dangerousURL reports whether an attribute value (as a browser reads it,
// entities already decoded by the parser) would run or embed code.
func dangerousURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1 // browsers drop whitespace and control characters in a scheme
		}
		return r
	}, strings.ToLower(v))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(v, scheme) {
			return true
		}
	}
	return false
}

// unsafeParts lists what in html could run script: script and frame
// elements, event-handler attributes, and dangerous URLs in any attribute.
func unsafeParts(t *testing.T, html string) []string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatalf("parse %q: %v", html, err)
	}
	var bad []string
	doc.Find("script, iframe, object, embed, style, svg").Each(func(_ int, s *goquery.Selection) {
		bad = append(bad, "<"+goquery.NodeName(s)+">")
	})
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				bad = append(bad, a.Key+"="+a.Val)
			}
			if dangerousURL(a.Val) {
				bad = append(bad, a.Key+"="+a.Val)
			}
		}
	})
	return bad
}

// TestXSSVectors feeds each vector to goldmark alone and to the whole
// pipeline: goldmark must not produce anything that runs (so bluemonday is a
// second line, not the only one), and the sanitised result must not either.
func TestXSSVectors(t *testing.T) {
	for _, v := range xssVectors {
		t.Run(v.name, func(t *testing.T) {
			raw, err := convert(v.src)
			if err != nil {
				t.Fatal(err)
			}
			if bad := unsafeParts(t, string(raw)); len(bad) > 0 {
				t.Errorf("goldmark alone rendered %q as %q: unsafe %q", v.src, raw, bad)
			}
			out, err := Render(v.src, 1)
			if err != nil {
				t.Fatal(err)
			}
			if bad := unsafeParts(t, out); len(bad) > 0 {
				t.Errorf("Render(%q) = %q: unsafe %q", v.src, out, bad)
			}
			if strings.Contains(strings.ToLower(out), "<script") {
				t.Errorf("Render(%q) = %q keeps a script tag", v.src, out)
			}
		})
	}
}

// TestUnsafePartsCatches makes sure the checker itself sees what it must, so
// that the test above cannot pass by seeing nothing.
func TestUnsafePartsCatches(t *testing.T) {
	for _, html := range []string{
		`<a href="&#106;avascript:alert(1)">x</a>`,
		`<a href="java	script:alert(1)">x</a>`,
		`<img src="data:image/svg+xml,x">`,
		`<p onclick="x">y</p>`,
		`<script>alert(1)</script>`,
	} {
		if len(unsafeParts(t, html)) == 0 {
			t.Errorf("unsafeParts(%q) found nothing", html)
		}
	}
	if bad := unsafeParts(t, `<p><a href="https://example.se" rel="nofollow">x</a></p>`); len(bad) > 0 {
		t.Errorf("a safe link was flagged: %q", bad)
	}
}
