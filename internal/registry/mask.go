package registry

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// emailRE matches anything that looks like an e-mail address: text without
// spaces on both sides of an @. It is deliberately greedy; the public register
// would rather hide a harmless "a@b" than show an address.
var emailRE = regexp.MustCompile(`[^\s@<>()\[\]{},;:"']+@[^\s@<>()\[\]{},;:"']+`)

// MaskedEmail stands in for an e-mail address in the public register.
const MaskedEmail = "[e-postadress]"

// MaskedName stands in for a private person's name in the public register.
const MaskedName = "[namn]"

// PrivatePerson is what the public register shows as the sender when a
// private person sent something in without an organisation.
const PrivatePerson = "Privatperson"

// MaskEmails replaces everything in s that looks like an e-mail address.
func MaskEmails(s string) string { return emailRE.ReplaceAllString(s, MaskedEmail) }

// maskName replaces name, and each of its words of two letters or more, where
// they stand as whole words in s, ignoring case. It is a safety net for a
// description that names its private sender.
func maskName(s, name string) string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return s
	}
	alts := []string{strings.Join(words, " ")}
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 2 {
			alts = append(alts, w)
		}
	}
	// The whole name first, so that it is masked as one.
	sort.SliceStable(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
	for i, a := range alts {
		alts[i] = regexp.QuoteMeta(a)
	}
	// Go's \b knows only ASCII letters, so word edges are spelt out: a
	// name "Åsa" must not match inside "Klåsa", nor miss at "Åsa,".
	re, err := regexp.Compile(`(?i)(^|[^\p{L}\p{N}])(` + strings.Join(alts, "|") + `)([^\p{L}\p{N}]|$)`)
	if err != nil {
		return s
	}
	// A match takes the character after the name with it, so two names
	// separated by one space need a second pass.
	for range 4 {
		next := re.ReplaceAllString(s, "${1}"+MaskedName+"${3}")
		if next == s {
			break
		}
		s = next
	}
	return s
}
