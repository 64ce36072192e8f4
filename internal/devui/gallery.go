// Package devui is the development gallery of the UI kit: every form
// component of web/ui in its states, the notices, buttons and the table,
// panel and chip classes of app.css, on one page. It is mounted only when
// the configuration asks for development pages (DEV_PAGES=on), so that a
// change to the kit can be seen (and checked with a validator or axe) in
// one place.
package devui

import (
	"net/http"

	"residens/internal/httpx"
	"residens/web/ui"
)

// Gallery handles GET /dev/ui.
func Gallery(w http.ResponseWriter, r *http.Request) {
	page := ui.Page{
		Title:   "UI-komponenter",
		Flash:   "Så här ser en bekräftelse ut (ui.Page.Flash).",
		Notices: []string{"Så här ser en notis om förfrågan ut (ui.Page.Notices)."},
	}
	httpx.Render(w, r, http.StatusOK, page, GalleryPage(sampleErrors))
}

// sampleErrors are the errors shown by the fields in their error state,
// in page order, as a form's validation would give them.
var sampleErrors = ui.FieldErrors{
	{Field: "input-fel", Message: "Skriv ditt namn."},
	{Field: "datum-fel", Message: "Skriv datumet som ÅÅÅÅ-MM-DD."},
	{Field: "text-fel", Message: "Beskrivningen får vara högst 2000 tecken."},
	{Field: "val-fel", Message: "Välj en kommun."},
	{Field: "kryss-fel", Message: "Välj minst en konstform."},
	{Field: "radio-fel", Message: "Svara ja eller nej."},
}

var municipalities = []ui.Option{
	{Value: "nacka", Label: "Nacka"},
	{Value: "varmdo", Label: "Värmdö"},
	{Value: "tyreso", Label: "Tyresö"},
}

var artForms = []ui.Option{
	{Value: "dans", Label: "Dans"},
	{Value: "musik", Label: "Musik", Hint: "Även ljudkonst."},
	{Value: "bild", Label: "Bild och form"},
}

var yesNo = []ui.Option{{Value: "ja", Label: "Ja"}, {Value: "nej", Label: "Nej"}}
