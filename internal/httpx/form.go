package httpx

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"residens/web/ui"
)

// MaxFormBytes bounds an ordinary form's body; routes that take uploads set
// their own, larger limit.
const MaxFormBytes = 64 << 10

// CodeTooLarge marks a request body over its limit (413).
const CodeTooLarge Code = 100

// Form is a submitted form with the errors found in it, kept in field order
// so the error summary lists them as the page does.
type Form struct {
	Values url.Values
	errs   []ui.FieldError
}

// ParseForm reads the POST form of r, at most maxBytes of it (MaxFormBytes
// when 0). A body over the limit is a CodeTooLarge error: Fail renders the
// 413 page.
func ParseForm(w http.ResponseWriter, r *http.Request, maxBytes int64) (*Form, error) {
	if maxBytes <= 0 {
		maxBytes = MaxFormBytes
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, &Error{Code: CodeTooLarge, Message: "för stort"}
		}
		return nil, &Error{Code: CodeInvalid, Message: "formuläret kunde inte läsas"}
	}
	return &Form{Values: r.PostForm}, nil
}

// NewForm wraps already known values, for tests and for pages that show a
// form filled from stored data.
func NewForm(v url.Values) *Form { return &Form{Values: v} }

// Get returns the trimmed value of key, as valid UTF-8 without control
// characters (newlines are kept when multiline). A value over max characters
// records an error on the field and is returned whole, so the visitor sees
// and can shorten what they typed.
func (f *Form) Get(key string, max int, multiline bool) string {
	s := strings.ToValidUTF8(f.Values.Get(key), "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' && multiline || r == '\t' {
			return r
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		f.Add(key, "Högst "+itoa(max)+" tecken.")
	}
	return s
}

// MaxRawBytes bounds a value read with Raw: far above any password the
// site accepts, far below what would make hashing it costly.
const MaxRawBytes = 1024

// Raw returns the value of key exactly as sent (for passwords, which are
// neither trimmed nor changed). A value over MaxRawBytes records an error on
// the field and reads as empty.
func (f *Form) Raw(key string) string {
	v := f.Values.Get(key)
	if len(v) > MaxRawBytes {
		f.Add(key, "För långt.")
		return ""
	}
	return v
}

// Check records msg as the error of field key when ok is false. Only the
// first error of a field is kept.
func (f *Form) Check(ok bool, key, msg string) {
	if !ok {
		f.Add(key, msg)
	}
}

// Add records msg as the error of field key, unless it has one already.
func (f *Form) Add(key, msg string) {
	for _, e := range f.errs {
		if e.Field == key {
			return
		}
	}
	f.errs = append(f.errs, ui.FieldError{Field: key, Message: msg})
}

// Valid reports whether no error was recorded.
func (f *Form) Valid() bool { return len(f.errs) == 0 }

// Errors returns the recorded errors in the order they were found.
func (f *Form) Errors() []ui.FieldError { return f.errs }

// Error returns the message of field key, or "".
func (f *Form) Error(key string) string {
	for _, e := range f.errs {
		if e.Field == key {
			return e.Message
		}
	}
	return ""
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// WebAddress reports whether s is an absolute http or https address with a
// host: what a form's link field takes, and all a page may link to.
func WebAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
