package secret_test

import (
	"bytes"
	"strings"
	"testing"

	"residens/internal/secret"
)

func TestNewAndHash(t *testing.T) {
	token, hash := secret.New()
	if len(token) != 43 || strings.ContainsAny(token, "+/=") {
		t.Errorf("token %q: want 43 base64url characters", token)
	}
	if len(hash) != 32 || !bytes.Equal(secret.Hash(token), hash) {
		t.Errorf("Hash(token) does not give New's hash")
	}
	other, _ := secret.New()
	if other == token {
		t.Error("two secrets alike")
	}
	for _, bad := range []string{"", "kort", token + "A", strings.Repeat("!", 43)} {
		if secret.Hash(bad) != nil {
			t.Errorf("Hash(%q) is not nil", bad)
		}
	}
}
