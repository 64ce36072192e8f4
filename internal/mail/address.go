package mail

import (
	netmail "net/mail"
	"strings"
)

// MaxAddressLength is the longest e-mail address a form accepts: the limit of
// a forward path in SMTP (RFC 5321), so every address stored can be sent to.
const MaxAddressLength = 254

// ValidAddress reports whether s is one plain e-mail address as a person
// types it into a form: no display name, no comment, no angle brackets or
// list separators (nothing a mail header could read as a second recipient),
// at most MaxAddressLength bytes, and a domain with a dot that neither
// starts nor ends it. It is the portal's one address check; every form uses
// it, so an address accepted in one place is accepted in all.
func ValidAddress(s string) bool {
	if s == "" || len(s) > MaxAddressLength || strings.ContainsAny(s, " \t\r\n\"<>,;()") {
		return false
	}
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return false
	}
	domain := s[at+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
