package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// handWritten are the form controls an area may still write itself, each
// with why the kit does not draw it.
var handWritten = map[string]string{
	// The free times as a day-by-day grid of large buttons: radios, one
	// group across several day boxes, with labels that name the day and
	// the consultant for screen readers.
	"internal/booking/public_views.templ: radio { name }": "the booking's time grid",
	// A hidden user name beside a password form, so that password managers
	// know whose password changes (no one sees or fills it).
	"internal/admin/views.templ: text username": "the password manager's hidden user name",
}

var control = regexp.MustCompile(`<(input|select|textarea)\b[^>]*`)
var formTag = regexp.MustCompile(`<form\b[^>]*>`)
var typeAttr = regexp.MustCompile(`type="([a-z]+)"`)
var nameAttr = regexp.MustCompile(`name=(?:"([^"]*)"|(\{[^}]*\}))`)

// TestFormsFromTheKit reads every template outside the kit: every form has
// novalidate, and a form control there must be a hidden input or one of
// handWritten. Every other field
// comes from the kit, which ties its label, hint and error to it and marks
// it invalid; a hand-written field forgets one of these (five consultant
// forms once did).
func TestFormsFromTheKit(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
	n := 0
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".templ") || strings.Contains(path, "devui") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		// The server validates every form; the browser's own bubbles
		// would stand in for the site's accessible errors.
		for _, f := range formTag.FindAllString(string(b), -1) {
			if !strings.Contains(f, "novalidate") {
				t.Errorf("%s: %s lacks novalidate", rel, f)
			}
		}
		for _, m := range control.FindAllStringSubmatch(string(b), -1) {
			n++
			kind := m[1]
			if kind == "input" {
				typ := "text"
				if tm := typeAttr.FindStringSubmatch(m[0]); tm != nil {
					typ = tm[1]
				}
				if typ == "hidden" {
					continue
				}
				kind = typ
			}
			name := ""
			if nm := nameAttr.FindStringSubmatch(m[0]); nm != nil {
				name = nm[1] + nm[2]
			}
			key := rel + ": " + kind + " " + name
			if _, ok := handWritten[key]; ok {
				seen[key] = true
				continue
			}
			t.Errorf("%s: a hand-written %s %s; use the kit (ui.Input, ui.Select, ui.Textarea, ui.Radios, ui.Checkboxes, ui.Checkbox)", rel, kind, name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d form controls found in the templates: the walk is broken", n)
	}
	for key, why := range handWritten {
		if !seen[key] {
			t.Errorf("%s (%s) is allowed but no longer there: remove it from handWritten", key, why)
		}
	}
}
