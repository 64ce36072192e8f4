package httpx

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
)

// Query reads a request's query parameters defensively: odd values fall back
// to something sensible, and each fallback leaves a Swedish notice that the
// page shows, so the visitor knows what was ignored.
type Query struct {
	Values  url.Values
	Notices []string
}

// NewQuery parses raw (the URL's RawQuery). Invalid percent-escapes and
// invalid UTF-8 do not fail the request: what can be read is kept.
func NewQuery(raw string) *Query {
	q := &Query{}
	v, err := url.ParseQuery(raw)
	if err != nil {
		q.Notices = append(q.Notices, "En del av adressen kunde inte läsas och har hoppats över.")
	}
	q.Values = v
	return q
}

// Notef records a notice for the page.
func (q *Query) Notef(msg string) { q.Notices = append(q.Notices, msg) }

// String returns the trimmed value of key, made valid UTF-8 and cut to at most
// max characters (noting either).
func (q *Query) String(key string, max int) string {
	s := strings.TrimSpace(q.Values.Get(key))
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
		q.Notef("Sökningen innehöll tecken som inte kunde läsas; de har tagits bort.")
	}
	// PostgreSQL refuses NUL in text, and no other control character
	// belongs in a search either.
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:max]))
		q.Notef("Söktexten var för lång och har kortats till " + strconv.Itoa(max) + " tecken.")
	}
	return s
}

// Page returns the page number in key, or 1 (with a notice) when it is not a
// positive whole number.
func (q *Query) Page(key string) int {
	s := strings.TrimSpace(q.Values.Get(key))
	if s == "" {
		return 1
	}
	n, err := strconv.Atoi(s)
	if err != nil && errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-") {
		n, err = MaxPage, nil
	}
	if err != nil || n < 1 {
		q.Notef("Sidnumret ”" + Clip(s, 20) + "” finns inte; du ser första sidan.")
		return 1
	}
	// No list has this many pages; the cap keeps page × page size far from
	// overflowing into a negative offset. Handlers show their last page.
	return min(n, MaxPage)
}

// MaxPage is the highest page number a list is asked for.
const MaxPage = 100_000

// Clip shortens s for quoting in a notice.
func Clip(s string, max int) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

// ValidSlug reports whether s has the shape of a slug (lower-case ASCII
// letters and digits in hyphen-separated words, at most 200 bytes). Handlers
// check it before a lookup, so odd bytes in a path answer 404 without a query.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 200 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	prevHyphen := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			prevHyphen = false
		case c == '-' && !prevHyphen:
			prevHyphen = true
		default:
			return false
		}
	}
	return true
}

// PathID is the positive whole number in the route's {key}; anything else
// answers 404 (what names the thing in the log), so that a mistyped or
// forged address never reaches a store.
func PathID(r *http.Request, key, what string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, key), 10, 64)
	if err != nil || id <= 0 {
		return 0, NotFound("%s %q", what, chi.URLParam(r, key))
	}
	return id, nil
}
