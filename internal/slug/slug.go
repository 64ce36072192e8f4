// Package slug makes the URL words of residencies and actors from their
// names, the Swedish way: "Slöjd på Ekerö kulturhus" becomes
// "slojd-pa-ekero-kulturhus".
package slug

import "strings"

// MaxLength bounds a slug; a longer one is cut at a word boundary's hyphen.
const MaxLength = 80

// Make turns s into a slug: lower case, å and ä to a, ö to o, other accented
// Latin letters to their base letter, every other run of characters that is
// not a letter a–z or a digit to one hyphen, no hyphen at either end, at most
// MaxLength bytes. It returns "" when s has no letter or digit.
func Make(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if m, ok := fold[r]; ok {
			r = m
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	out := b.String()
	if len(out) > MaxLength {
		out = strings.TrimRight(out[:MaxLength], "-")
	}
	return out
}

// fold maps the accented letters met in names here to their base letter.
var fold = map[rune]rune{
	'å': 'a', 'ä': 'a', 'á': 'a', 'à': 'a', 'â': 'a', 'ã': 'a', 'æ': 'a',
	'ö': 'o', 'ø': 'o', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'õ': 'o',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y', 'ç': 'c', 'ñ': 'n', 'ß': 's',
}
