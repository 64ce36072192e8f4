package httpx

import (
	"net/http"
	"strings"
)

// FlashParam is the query parameter that names, after a redirect, the
// confirmation the page shows ("?klart=sparad").
const FlashParam = "klart"

// SeeOther answers a successful form with a redirect to path (303, so the
// browser GETs it and a reload sends nothing again). A non-empty code names
// the confirmation the next page shows; it goes before any #fragment, which
// the browser keeps to itself.
func SeeOther(w http.ResponseWriter, r *http.Request, path, code string) error {
	if code != "" {
		before, fragment, found := strings.Cut(path, "#")
		path = before + "?" + FlashParam + "=" + code
		if found {
			path += "#" + fragment
		}
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
	return nil
}

// Flash is the confirmation that r's code names in messages, or "". The
// page's own fixed list of messages decides the words, so an address cannot
// put text on the page.
func Flash(r *http.Request, messages map[string]string) string {
	return messages[r.URL.Query().Get(FlashParam)]
}
