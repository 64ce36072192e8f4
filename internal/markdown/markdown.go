// Package markdown turns the Markdown bodies that editors write into HTML that
// is safe to put in a page: goldmark renders, bluemonday removes anything a
// body should not carry (scripts, styles, event handlers, foreign frames).
package markdown

import (
	"bytes"

	"github.com/a-h/templ"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md     = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Strikethrough, extension.Table))
	policy = newPolicy()
)

func newPolicy() *bluemonday.Policy {
	// Built up from nothing rather than trimmed down from a general policy,
	// so that only what a body needs gets through. Images are left out: they
	// would load from anywhere without an enforced text alternative, and
	// belong in the image field instead.
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote",
		"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "hr", "table", "thead", "tbody", "tr")
	p.AllowAttrs("align").Matching(bluemonday.Paragraph).OnElements("th", "td")
	p.AllowElements("th", "td")
	p.AllowAttrs("href").OnElements("a")
	p.AllowStandardURLs()
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	// Links an editor writes say nothing about the portal to the site they
	// point to.
	p.RequireNoReferrerOnLinks(true)
	return p
}

// Render converts src to sanitised HTML. shift moves every heading down by
// that many levels, so a body's "#" never competes with the page's h1.
func Render(src string, shift int) (string, error) {
	raw, err := convert(src)
	if err != nil {
		return "", err
	}
	out := policy.SanitizeBytes(raw)
	if shift > 0 {
		out = shiftHeadings(out, shift)
	}
	return string(out), nil
}

// convert is goldmark's half of Render, before sanitising. goldmark itself
// runs without WithUnsafe, so it already drops raw HTML and dangerous link
// destinations; bluemonday is the second line, not the only one.
func convert(src string) ([]byte, error) {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// HTML renders src for a templ page; a body that cannot be rendered shows as
// escaped text rather than failing the page.
func HTML(src string) templ.Component {
	html, err := Render(src, 1)
	if err != nil {
		return templ.Raw(templ.EscapeString(src))
	}
	return templ.Raw(html)
}

// shiftHeadings rewrites <hN> and </hN> to a level lower, capped at h6. The
// input is bluemonday's output, so tags are in a known, normalised form.
func shiftHeadings(b []byte, shift int) []byte {
	for level := 6; level >= 1; level-- {
		to := min(level+shift, 6)
		if to == level {
			continue
		}
		b = bytes.ReplaceAll(b, []byte{'<', 'h', byte('0' + level)}, []byte{'<', 'h', byte('0' + to)})
		b = bytes.ReplaceAll(b, []byte{'<', '/', 'h', byte('0' + level), '>'}, []byte{'<', '/', 'h', byte('0' + to), '>'})
	}
	return b
}
