package ui

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
)

func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var b strings.Builder
	if err := c.Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// describedByResolves checks that every id an aria-describedby names is on
// the page, and that no aria-describedby is empty (the Nu HTML Checker
// rejects both).
func describedByResolves(t *testing.T, doc *goquery.Document) {
	t.Helper()
	doc.Find("[aria-describedby]").Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr("aria-describedby")
		if strings.TrimSpace(v) == "" {
			t.Errorf("empty aria-describedby on %s", goquery.NodeName(s))
		}
		for _, id := range strings.Fields(v) {
			if doc.Find("#"+id).Length() != 1 {
				t.Errorf("aria-describedby names %q, which is not on the page once", id)
			}
		}
	})
}

func TestFieldErrors(t *testing.T) {
	t.Parallel()
	var e FieldErrors
	if e.Any() || e.For("namn") != "" {
		t.Fatal("a new FieldErrors has messages")
	}
	if e.Check(true, "namn", "x") != true || e.Any() {
		t.Fatal("Check(true) added a message")
	}
	if e.Check(false, "namn", "Skriv ditt namn.") {
		t.Fatal("Check(false) reported true")
	}
	e.Add("namn", "second message")
	e.Add("epost", "Skriv din e-postadress.")
	if got := e.For("namn"); got != "Skriv ditt namn." {
		t.Errorf("For(namn) = %q, want the first message", got)
	}
	if len(e) != 2 || e[0].Field != "namn" || e[1].Field != "epost" {
		t.Errorf("errors = %v, want namn then epost", e)
	}
}

func TestInputStates(t *testing.T) {
	t.Parallel()
	t.Run("plain", func(t *testing.T) {
		doc := render(t, Input(Field{Name: "namn", Label: "Namn", Required: true}))
		in := doc.Find("input#namn")
		if _, ok := in.Attr("aria-describedby"); ok {
			t.Error("aria-describedby without hint or error")
		}
		if doc.Find(".optional").Length() != 0 {
			t.Error("a required field is marked optional")
		}
	})
	t.Run("optional with hint and error", func(t *testing.T) {
		doc := render(t, Input(Field{Name: "org", Label: "Organisation", Hint: "Om du har en.", Error: "För långt."}))
		in := doc.Find("input#org")
		if v, _ := in.Attr("aria-describedby"); v != "org-hint org-error" {
			t.Errorf("aria-describedby = %q", v)
		}
		if v, _ := in.Attr("aria-invalid"); v != "true" {
			t.Error("no aria-invalid on a field in error")
		}
		if got := strings.Count(doc.Text(), "(frivilligt)"); got != 1 {
			t.Errorf("(frivilligt) %d times", got)
		}
		describedByResolves(t, doc)
	})
}

func TestDateInput(t *testing.T) {
	t.Parallel()
	doc := render(t, DateInput(Field{Name: "start", Label: "Start", Value: "2027-03-15", Required: true}))
	in := doc.Find("input#start")
	if v, _ := in.Attr("type"); v != "text" {
		t.Errorf("type = %q: a browser date picker follows the browser's locale, not the hint", v)
	}
	if v, _ := in.Attr("value"); v != "2027-03-15" {
		t.Errorf("value = %q", v)
	}
	if !strings.Contains(doc.Find("#start-hint").Text(), "ÅÅÅÅ-MM-DD") {
		t.Error("no format hint")
	}
	describedByResolves(t, doc)
}

func TestTextarea(t *testing.T) {
	t.Parallel()
	doc := render(t, Textarea(Field{Name: "fraga", Label: "Fråga", Value: "<b>hej</b>", MaxLength: 4000, Rows: 8, Error: "Skriv din fråga."}))
	ta := doc.Find("textarea#fraga")
	if ta.Text() != "<b>hej</b>" {
		t.Errorf("text = %q, want the value kept as text", ta.Text())
	}
	if v, _ := ta.Attr("rows"); v != "8" {
		t.Errorf("rows = %q", v)
	}
	if v, _ := ta.Attr("maxlength"); v != "4000" {
		t.Errorf("maxlength = %q", v)
	}
	if doc.Find(`[data-testid="error-fraga"]`).Length() != 1 {
		t.Error("no error message")
	}
	describedByResolves(t, doc)
}

func TestSelect(t *testing.T) {
	t.Parallel()
	opts := []Option{{Value: "nacka", Label: "Nacka"}, {Value: "solna", Label: "Solna"}}
	t.Run("required without empty option gets one", func(t *testing.T) {
		doc := render(t, Select(Choice{Name: "kommun", Label: "Kommun", Options: opts, Required: true}))
		first := doc.Find("select#kommun option").First()
		if v, _ := first.Attr("value"); v != "" {
			// A required select whose first option has a value is invalid
			// HTML, and chooses for the person.
			t.Errorf("first option value = %q, want empty", v)
		}
		if _, ok := doc.Find("select#kommun").Attr("aria-describedby"); ok {
			t.Error("aria-describedby without hint or error")
		}
	})
	t.Run("filter with empty label and selection", func(t *testing.T) {
		doc := render(t, Select(Choice{Name: "kommun", Label: "Kommun", Options: opts, Empty: "Alla kommuner",
			Selected: []string{"solna"}, Hint: "Välj en.", Error: "Okänd kommun."}))
		if got := doc.Find("option").First().Text(); got != "Alla kommuner" {
			t.Errorf("first option %q", got)
		}
		if v, _ := doc.Find("option[selected]").Attr("value"); v != "solna" {
			t.Errorf("selected %q", v)
		}
		if doc.Find("option").Length() != 3 {
			t.Errorf("%d options", doc.Find("option").Length())
		}
		describedByResolves(t, doc)
	})
}

func TestChoiceGroups(t *testing.T) {
	t.Parallel()
	opts := []Option{{Value: "1", Label: "Dans"}, {Value: "2", Label: "Cirkus", Hint: "Även nycirkus."}, {Value: "3", Label: "Film"}}
	t.Run("checkboxes", func(t *testing.T) {
		doc := render(t, Checkboxes(Choice{Name: "konstform", Label: "Konstformer", Options: opts, Selected: []string{"1", "3"},
			Error: "Välj minst en."}))
		fs := doc.Find("fieldset#konstform")
		if fs.Length() != 1 || strings.TrimSpace(fs.Find("legend").First().Contents().First().Text()) != "Konstformer" {
			t.Fatalf("no fieldset with legend: %s", doc.Text())
		}
		if got := doc.Find(`input[type="checkbox"][checked]`).Length(); got != 2 {
			t.Errorf("%d checked, want 2", got)
		}
		doc.Find(`input[type="checkbox"]`).Each(func(_ int, s *goquery.Selection) {
			id, _ := s.Attr("id")
			if doc.Find(`label[for="`+id+`"]`).Length() != 1 {
				t.Errorf("checkbox %s has no label", id)
			}
		})
		describedByResolves(t, doc)
	})
	t.Run("radios", func(t *testing.T) {
		doc := render(t, Radios(Choice{Name: "typ", Label: "Typ", Options: opts, Selected: []string{"2"}, Required: true, Inline: true}))
		if got := doc.Find(`input[type="radio"][checked]`).Length(); got != 1 {
			t.Errorf("%d checked, want 1", got)
		}
		if doc.Find(".optional").Length() != 0 {
			t.Error("a required group is marked optional")
		}
		if !doc.Find("fieldset").HasClass("inline") {
			t.Error("Inline not applied")
		}
		describedByResolves(t, doc)
	})
}

func TestFieldset(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	ctx := templ.WithChildren(context.Background(), Input(Field{Name: "epost", Label: "E-post", Required: true}))
	if err := Fieldset("Kontakt", "Hur vi når dig.").Render(ctx, &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Find("fieldset.fieldset > legend").Text(); got != "Kontakt" {
		t.Errorf("legend %q", got)
	}
	if doc.Find("fieldset.fieldset input#epost").Length() != 1 {
		t.Error("children not inside the fieldset")
	}
}

func TestFullTitle(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		p    Page
		want string
	}{
		{Page{}, SiteName},
		{Page{Title: SiteName}, SiteName},
		{Page{Title: "Kommuner"}, "Kommuner – " + SiteName},
		{Page{Title: "Boka", Invalid: true}, "Fel: Boka – " + SiteName},
	} {
		if got := tt.p.FullTitle(); got != tt.want {
			t.Errorf("%+v: FullTitle() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestLayoutFlash(t *testing.T) {
	t.Parallel()
	doc := render(t, Layout(Page{Title: "X", Flash: "Sparat."}))
	if got := doc.Find(`main [data-testid="flash"]`).Text(); got != "Sparat." {
		t.Errorf("flash %q", got)
	}
	if render(t, Layout(Page{Title: "X"})).Find(`[data-testid="flash"]`).Length() != 0 {
		t.Error("an empty flash is shown")
	}
}

func TestLayoutAlternates(t *testing.T) {
	t.Parallel()
	doc := render(t, Layout(Page{Title: "X", Alternates: []Alternate{{Href: "/x.atom", Type: "application/atom+xml", Title: "Nytt"}}}))
	l := doc.Find(`head link[rel="alternate"]`)
	if l.Length() != 1 || l.AttrOr("href", "") != "/x.atom" || l.AttrOr("type", "") != "application/atom+xml" || l.AttrOr("title", "") != "Nytt" {
		t.Errorf("alternate link %v", l.Nodes)
	}
	if render(t, Layout(Page{Title: "X"})).Find(`link[rel="alternate"]`).Length() != 0 {
		t.Error("an alternate link without one")
	}
}

func TestKonsulentArea(t *testing.T) {
	for path, want := range map[string]string{
		"/konsulent/residens":             "residens",
		"/konsulent/residens/12":          "residens",
		"/konsulent/utlysningar/3/besked": "utlysningar",
		"/konsulent/tillganglighet":       "tillganglighet",
		"/konsulent/residensx":            "",
		"/konsulent/okant":                "",
	} {
		if got := KonsulentArea(path); got != want {
			t.Errorf("KonsulentArea(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestUnmarkedControlsAreNotMarkedOptional(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]templ.Component{
		"input":      Input(Field{Name: "q", Label: "Sök", Type: "search", Unmarked: true}),
		"date":       DateInput(Field{Name: "fran", Label: "Från", Unmarked: true}),
		"select":     Select(Choice{Name: "kommun", Label: "Kommun", Empty: "Alla kommuner", Unmarked: true, Options: []Option{{Value: "nacka", Label: "Nacka"}}}),
		"radios":     Radios(Choice{Name: "r", Label: "R", Unmarked: true, Options: []Option{{Value: "a", Label: "A"}}}),
		"unfiltered": Input(Field{Name: "q", Label: "Sök"}),
	} {
		doc := render(t, c)
		marked := doc.Find(".optional").Length() != 0
		if want := name == "unfiltered"; marked != want {
			t.Errorf("%s: marked optional = %v, want %v", name, marked, want)
		}
	}
}

func TestCheckbox(t *testing.T) {
	t.Parallel()
	t.Run("plain", func(t *testing.T) {
		doc := render(t, Checkbox(Field{Name: "publicerad", Label: "Publicerad"}, false, nil))
		in := doc.Find("input#publicerad[type=checkbox]")
		if v, _ := in.Attr("value"); v != "ja" {
			t.Errorf("value %q, want ja", v)
		}
		if _, ok := in.Attr("aria-describedby"); ok {
			t.Error("aria-describedby without hint or error")
		}
		if _, ok := in.Attr("checked"); ok {
			t.Error("checked when not asked")
		}
		if doc.Find(`label[for="publicerad"]`).Text() != "Publicerad" {
			t.Error("no label for the box")
		}
	})
	t.Run("required, ticked, rich hint and error", func(t *testing.T) {
		hint := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
			_, err := io.WriteString(w, `Läs <a href="/personuppgifter">hur</a>.`)
			return err
		})
		doc := render(t, Checkbox(Field{Name: "samtycke", Label: "Jag har läst", Value: "1", Required: true, Error: "Kryssa i rutan."}, true, hint))
		in := doc.Find("input#samtycke")
		if v, _ := in.Attr("aria-describedby"); v != "samtycke-hint samtycke-error" {
			t.Errorf("aria-describedby %q", v)
		}
		if v, _ := in.Attr("value"); v != "1" {
			t.Errorf("value %q, want 1", v)
		}
		for _, a := range []string{"checked", "required", "aria-invalid"} {
			if _, ok := in.Attr(a); !ok {
				t.Errorf("no %s", a)
			}
		}
		if doc.Find("#samtycke-hint a[href='/personuppgifter']").Length() != 1 {
			t.Error("the hint's link is missing")
		}
		if doc.Find("[data-testid=error-samtycke]").Length() != 1 {
			t.Error("no error message")
		}
		describedByResolves(t, doc)
	})
}

func TestIDDiffersFromName(t *testing.T) {
	t.Parallel()
	doc := render(t, Select(Choice{Name: "aktor", ID: "aktor-2", Label: "Kulturaktör 3", Empty: "Ingen", Error: "Välj en aktör.",
		Options: []Option{{Value: "1", Label: "Jelnek"}}}))
	sel := doc.Find("select#aktor-2")
	if v, _ := sel.Attr("name"); v != "aktor" {
		t.Errorf("name %q, want aktor", v)
	}
	if doc.Find(`label[for="aktor-2"]`).Length() != 1 || doc.Find("#aktor-2-error").Length() != 1 {
		t.Error("the label or the error does not use the id")
	}
	describedByResolves(t, doc)
	doc = render(t, Input(Field{Name: "roll", ID: "roll-2", Label: "Roll 3", Hint: "Till exempel dansare."}))
	if v, _ := doc.Find("input#roll-2").Attr("name"); v != "roll" {
		t.Errorf("input name %q, want roll", v)
	}
	describedByResolves(t, doc)
}

func TestTextareaCounter(t *testing.T) {
	t.Parallel()
	doc := render(t, Textarea(Field{Name: "syfte", Label: "Syfte", Counter: 2000}))
	if got := squash(doc.Find("[data-testid=limit-syfte]").Text()); got != "Högst 2 000 tecken." {
		t.Errorf("limit %q", got)
	}
	if doc.Find("[data-testid=count-syfte]").Length() != 0 {
		t.Error("a count for an empty box")
	}
	if _, ok := doc.Find("textarea").Attr("maxlength"); ok {
		t.Error("a counted box has maxlength, which cuts a pasted text unseen")
	}
	if v, _ := doc.Find("textarea").Attr("aria-describedby"); v != "syfte-hint" {
		t.Errorf("aria-describedby %q", v)
	}
	doc = render(t, Textarea(Field{Name: "syfte", Label: "Syfte", Hint: "Vad och för vem?", Counter: 10, Value: "åäö och mer text", Error: "För lång."}))
	if got := squash(doc.Find("[data-testid=count-syfte]").Text()); got != "Du har skrivit 16 av 10 tecken." {
		t.Errorf("count %q", got)
	}
	if !strings.Contains(doc.Find("#syfte-hint").Text(), "Vad och för vem?") {
		t.Error("the hint's own words are missing")
	}
	describedByResolves(t, doc)
}

func squash(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

func TestInputReadOnlyAndNumeric(t *testing.T) {
	t.Parallel()
	doc := render(t, Input(Field{Name: "vikt", Label: "Vikt", Value: "10", ReadOnly: true, Numeric: true}))
	in := doc.Find("input#vikt")
	if _, ok := in.Attr("readonly"); !ok {
		t.Error("no readonly")
	}
	if v, _ := in.Attr("inputmode"); v != "numeric" {
		t.Errorf("inputmode %q", v)
	}
	if v, _ := in.Attr("type"); v != "text" {
		t.Errorf("type %q, want text", v)
	}
	doc = render(t, Input(Field{Name: "namn", Label: "Namn"}))
	for _, a := range []string{"readonly", "inputmode"} {
		if _, ok := doc.Find("input#namn").Attr(a); ok {
			t.Errorf("%s on a plain input", a)
		}
	}
}
