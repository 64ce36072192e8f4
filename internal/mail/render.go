package mail

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Render builds both bodies of a message from one templ component: html is
// body inside Layout(heading), and text is the same document as plain text
// (the heading, paragraphs separated by blank lines, list items as "- …",
// links as "label <URL>" or the bare URL when the label is the URL). One
// source keeps the two bodies from drifting apart; write body with plain
// elements (p, ul, ol, li, a, strong, br) so that both read well.
func Render(ctx context.Context, heading string, body templ.Component) (text, htmlBody string, err error) {
	var b strings.Builder
	if err := Layout(heading).Render(templ.WithChildren(ctx, body), &b); err != nil {
		return "", "", fmt.Errorf("mail: render %q: %w", heading, err)
	}
	htmlBody = b.String()
	text, err = HTMLToText(htmlBody)
	if err != nil {
		return "", "", fmt.Errorf("mail: render %q: %w", heading, err)
	}
	return text, htmlBody, nil
}

// HTMLToText turns an HTML document or fragment into the plain text of a
// mail body, as Render describes.
func HTMLToText(doc string) (string, error) {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return "", err
	}
	t := &textWriter{}
	t.node(root)
	return t.String(), nil
}

// textWriter collects text and the breaks between blocks. Breaks are kept as
// a pending count and written only before the next text, so that nested
// blocks never stack up blank lines.
type textWriter struct {
	b        strings.Builder
	breaks   int    // newlines owed before the next text: 1 line, 2 paragraph
	space    bool   // a space is owed before the next word
	prefix   string // indentation of the current list item's lines
	lists    []int  // per open list: -1 for ul, else the next number of ol
	inPre    bool
	hasBlock bool // something has been written (no breaks before the start)
}

func (t *textWriter) brk(n int) {
	t.breaks = max(t.breaks, n)
	t.space = false
}

func (t *textWriter) write(s string) {
	if s == "" {
		return
	}
	if t.hasBlock && t.breaks > 0 {
		t.b.WriteString(strings.Repeat("\n", t.breaks))
		t.b.WriteString(t.prefix)
	} else if t.space && t.hasBlock && !strings.HasSuffix(t.b.String(), " ") {
		t.b.WriteByte(' ')
	}
	t.breaks, t.space, t.hasBlock = 0, false, true
	t.b.WriteString(s)
}

// words writes text the way a browser shows it: runs of white space become
// one space.
func (t *textWriter) words(s string) {
	if t.inPre {
		t.write(s)
		return
	}
	if s != "" && isSpace(s[0]) {
		t.space = true
	}
	fields := strings.Fields(s)
	for i, f := range fields {
		if i > 0 {
			t.space = true
		}
		t.write(f)
	}
	if len(fields) > 0 && isSpace(s[len(s)-1]) {
		t.space = true
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func (t *textWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t.node(c)
	}
}

func (t *textWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		t.words(n.Data)
		return
	case html.DocumentNode:
		t.children(n)
		return
	case html.ElementNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Head, atom.Script, atom.Style, atom.Template:
		return
	case atom.Br:
		t.brk(1)
	case atom.Hr:
		t.brk(2)
		t.write("--")
		t.brk(2)
	case atom.Img:
		t.words(attr(n, "alt"))
	case atom.A:
		t.link(n)
	case atom.Ul, atom.Ol:
		next := -1
		if n.DataAtom == atom.Ol {
			next = 1
			if s, err := strconv.Atoi(attr(n, "start")); err == nil {
				next = s
			}
		}
		if len(t.lists) == 0 {
			t.brk(2)
		}
		t.lists = append(t.lists, next)
		t.children(n)
		t.lists = t.lists[:len(t.lists)-1]
		if len(t.lists) == 0 {
			t.brk(2)
		} else {
			t.brk(1)
		}
	case atom.Li:
		t.item(n)
	case atom.Pre:
		t.brk(2)
		t.inPre = true
		t.children(n)
		t.inPre = false
		t.brk(2)
	case atom.Tr:
		t.brk(1)
		t.children(n)
		t.brk(1)
	case atom.Td, atom.Th:
		t.space = true
		t.children(n)
		t.space = true
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote,
		atom.Table, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Main, atom.Dl, atom.Address:
		t.brk(2)
		t.children(n)
		t.brk(2)
	case atom.Dt, atom.Dd:
		t.brk(1)
		t.children(n)
		t.brk(1)
	default:
		t.children(n)
	}
}

// item writes one list item as "- text" (or "3. text"), its further lines
// (and nested lists) indented under the text.
func (t *textWriter) item(n *html.Node) {
	marker := "- "
	if d := len(t.lists); d > 0 && t.lists[d-1] >= 0 {
		marker = strconv.Itoa(t.lists[d-1]) + ". "
		t.lists[d-1]++
	}
	outer := t.prefix
	t.brk(1)
	t.write(marker)
	t.prefix = outer + strings.Repeat(" ", len(marker))
	t.children(n)
	t.prefix = outer
	t.brk(1)
}

// link writes a link's text followed by its address in angle brackets, the
// plain-text convention for marking where a URL ends (RFC 3986, appendix C).
func (t *textWriter) link(n *html.Node) {
	href := strings.TrimSpace(attr(n, "href"))
	label := strings.Join(strings.Fields(textContent(n)), " ")
	switch {
	case href == "" || strings.HasPrefix(href, "#"):
		t.children(n)
	case label == "" || label == href:
		t.write(href)
	default:
		t.children(n)
		t.space = true
		t.write("<" + href + ">")
	}
}

func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// String is the text with trailing spaces trimmed from each line and one
// final newline.
func (t *textWriter) String() string {
	lines := strings.Split(t.b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimSpace(strings.Join(lines, "\n")) + "\n"
}
