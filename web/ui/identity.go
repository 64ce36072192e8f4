package ui

import (
	"context"
	"errors"
	"html/template"
	"regexp"
	"strings"
)

// Identity is who runs the site: the organisation named in the header and
// the footer, its logotype and how to reach it, so that a region runs the
// portal as its own (ORG_* in the configuration). The zero value shows the
// portal's own name only.
type Identity struct {
	// Name is the organisation, e.g. "Region Exempel, kulturförvaltningen".
	Name string
	// URL is the organisation's own site.
	URL string
	// Logo is the logotype as inline SVG (checked by ParseLogo).
	Logo template.HTML
	// Address, Phone, Email and OrgNumber end every page.
	Address, Phone, Email, OrgNumber string
}

// ParseLogo checks that svg is an SVG image fit to inline in every page: an
// <svg> element with no script, event handler, foreign object or external
// reference (the site's Content-Security-Policy would block them anyway),
// and at most 50 kB.
func ParseLogo(svg string) (template.HTML, error) {
	s := strings.TrimSpace(svg)
	if i := strings.Index(s, "<svg"); i > 0 && strings.HasPrefix(s, "<?xml") {
		s = s[i:]
	}
	switch {
	case len(s) > 50<<10:
		return "", errors.New("the logotype is larger than 50 kB")
	case !strings.HasPrefix(s, "<svg") || !strings.HasSuffix(s, "</svg>"):
		return "", errors.New("the logotype is not an <svg> element")
	case unsafeSVG.MatchString(s):
		return "", errors.New("the logotype has a script, an event handler, a foreign object or an external reference")
	}
	return template.HTML(s), nil
}

var unsafeSVG = regexp.MustCompile(`(?i)<script|<foreignobject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["']?\s*(?:https?:|//|data:)|<!entity|<!doctype`)

type identityKey struct{}

// WithIdentity stores the site's identity for the layout.
func WithIdentity(ctx context.Context, id *Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFrom returns the site's identity, or the zero one.
func IdentityFrom(ctx context.Context) *Identity {
	if id, ok := ctx.Value(identityKey{}).(*Identity); ok && id != nil {
		return id
	}
	return &Identity{}
}

// TelHref is a phone number as a tel: link wants it: digits and a leading
// plus only.
func TelHref(phone string) string {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return "tel:" + b.String()
}
