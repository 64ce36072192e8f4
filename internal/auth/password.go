package auth

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (RFC 9106 and OWASP's guidance): 19 MiB of memory, two
// passes, one lane, a 16-byte salt and a 32-byte key. A hash records its own
// parameters, so raising them later leaves old hashes verifiable.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonSaltLen   = 16
	argonKeyLen    = 32
)

// Password length limits. No composition rules: length and the refusal of
// common passwords do more for security than forced symbols.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 128
)

// HashPassword returns the encoded argon2id hash of pw
// ($argon2id$v=19$m=19456,t=2,p=1$salt$key).
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// ErrBadHash says a stored hash could not be read.
var ErrBadHash = errors.New("auth: malformed password hash")

// VerifyPassword reports whether pw matches the encoded hash, in constant
// time with respect to the key.
func VerifyPassword(encoded, pw string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	var mem, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil || mem == 0 || t == 0 || p == 0 {
		return false, ErrBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, ErrBadHash
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) == 0 {
		return false, ErrBadHash
	}
	got := argon2.IDKey([]byte(pw), salt, t, mem, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// dummyHash is verified against when an address has no account, so that a
// failed sign-in takes as long whether or not the account exists.
var dummyHash = func() string {
	h, err := HashPassword("no account has this password")
	if err != nil {
		panic(err)
	}
	return h
}()

// VerifyDummy spends the time of one password verification and fails.
func VerifyDummy(pw string) { _, _ = VerifyPassword(dummyHash, pw) }

//go:embed common-passwords.txt
var commonPasswordList string

var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonPasswordList, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[strings.ToLower(line)] = true
		}
	}
	return m
}()

// CheckPassword returns a Swedish message saying what is wrong with pw as a
// new password, or "" when it is acceptable. email, when given, is refused as
// a password too.
func CheckPassword(pw, email string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return fmt.Sprintf("Lösenordet måste ha minst %d tecken.", MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("Lösenordet får ha högst %d tecken.", MaxPasswordLength)
	case commonPasswords[strings.ToLower(pw)]:
		return "Lösenordet är ett av de vanligaste och lätt att gissa. Välj ett annat, gärna några ord i en följd."
	case email != "" && strings.EqualFold(strings.TrimSpace(pw), strings.TrimSpace(email)):
		return "Lösenordet får inte vara din e-postadress."
	case strings.Count(pw, string([]rune(pw)[0])) == n:
		return "Lösenordet får inte bestå av ett och samma tecken."
	}
	return ""
}
