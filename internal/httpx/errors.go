// Package httpx is the HTTP plumbing shared by every area: rendering a page
// whole or not at all, mapping errors to the Swedish error pages, and reading
// query parameters defensively.
package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"residens/internal/db"
)

// Code classifies an application error by what the visitor should be told.
type Code int

// The error codes; anything that is not an *Error is internal.
const (
	CodeInternal Code = iota
	CodeNotFound
	CodeInvalid
	CodeForbidden
)

// Error is an error meant for people: Message is safe to show.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

// NotFound returns an error that renders the 404 page.
func NotFound(format string, args ...any) error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: CodeNotFound for a store's
// db.ErrNotFound, and CodeInternal unless err wraps an *Error.
func ErrorCode(err error) Code {
	if errors.Is(err, db.ErrNotFound) {
		return CodeNotFound
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// LogPath is the request's path as logs may show it: where the route takes a
// secret in the path (a {token} from an e-mail link), the route pattern
// stands in for the path, so no log ever holds a working link.
func LogPath(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		if p := rc.RoutePattern(); strings.Contains(p, "{token}") {
			return p
		}
	}
	for _, prefix := range secretPathPrefixes {
		if strings.HasPrefix(r.URL.Path, prefix) {
			return prefix + "…"
		}
	}
	return r.URL.Path
}

// secretPathPrefixes catch token paths that no route matched (a 404 for a
// mistyped link still holds most of a secret).
var secretPathPrefixes = []string{"/registrera/bekrafta/", "/aterstall/", "/inbjudan/", "/konto/epost/bekrafta/", "/radgivning/bokning/", "/fraga/"}

// SecretPath reports whether r's path carries a secret from an e-mail link,
// so the page can ask browsers not to pass its address on.
func SecretPath(r *http.Request) bool {
	for _, prefix := range secretPathPrefixes {
		if strings.HasPrefix(r.URL.Path, prefix) {
			return true
		}
	}
	return false
}
