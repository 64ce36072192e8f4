package auth

import "testing"

// The "one and the same character" rule compares a rune count with a byte
// count, so it misses any character outside ASCII: "ääääääääää" (ten runes,
// twenty bytes) is accepted while "aaaaaaaaaa" is refused.
func TestReviewCheckPasswordRepeatedNonASCII(t *testing.T) {
	t.Parallel()
	for _, pw := range []string{"aaaaaaaaaa", "ääääääääää", "€€€€€€€€€€"} {
		if CheckPassword(pw, "") == "" {
			t.Errorf("CheckPassword(%q) accepts a password of one repeated character", pw)
		}
	}
}
