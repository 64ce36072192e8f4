// Package secret makes the unguessable secrets behind the links that stand
// in for an account: a booking's, a sign-up's and a question's manage links.
// The secret travels only in an e-mail (and the form that made it); the
// database keeps its SHA-256, so a copy of the database opens nothing.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// size is the secret's length in bytes: 256 bits.
const size = 32

// New returns a fresh secret (32 random bytes, base64url without padding)
// and the hash under which the database knows it.
func New() (token string, hash []byte) {
	b := make([]byte, size)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b), sum(b)
}

// Hash is the SHA-256 of a secret, or nil when token is not one New could
// have made, so that a malformed link is never looked up.
func Hash(token string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != size {
		return nil
	}
	return sum(b)
}

func sum(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}
