package auth

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	h, err := HashPassword("korrekt häst batteri")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q does not record the documented parameters", h)
	}
	h2, _ := HashPassword("korrekt häst batteri")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		name string
		pw   string
		want bool
	}{
		{"right password", "korrekt häst batteri", true},
		{"wrong password", "korrekt häst batteri!", false},
		{"case matters", "Korrekt häst batteri", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := VerifyPassword(h, tt.pw)
			if err != nil || ok != tt.want {
				t.Fatalf("VerifyPassword = %v, %v; want %v", ok, err, tt.want)
			}
		})
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=18$m=1,t=1,p=1$c2FsdA$a2V5",
		"$argon2id$v=19$m=0,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=1,t=1,p=1$!!$a2V5"} {
		if ok, err := VerifyPassword(h, "x"); ok || err == nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want false and an error", h, ok, err)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name, pw, email string
		ok              bool
	}{
		{"long passphrase", "tre glada grodor hoppar", "", true},
		{"exactly ten", "tio tecken", "", true},
		{"nine is too short", "kortkortk", "", false},
		{"ten runes with å counts runes not bytes", "åäöåäöåäöx", "", true},
		{"128 allowed", strings.Repeat("ab", 64), "", true},
		{"129 refused", strings.Repeat("ab", 64) + "c", "", false},
		{"common password", "password123", "", false},
		{"common Swedish password, any case", "Sommar2024", "", false},
		{"keyboard walk", "qwertyuiop", "", false},
		{"the e-mail address", "anna@example.se", "anna@example.se", false},
		{"one repeated character", "zzzzzzzzzzzz", "", false},
		{"no composition rules", "allasmåbokstäver", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := CheckPassword(tt.pw, tt.email)
			if (msg == "") != tt.ok {
				t.Fatalf("CheckPassword(%q) = %q, want ok=%v", tt.pw, msg, tt.ok)
			}
		})
	}
}

func TestParseKeys(t *testing.T) {
	hex32 := strings.Repeat("ab", 32)
	tests := []struct {
		name  string
		value string
		n     int
		ok    bool
	}{
		{"one hex key", hex32, 1, true},
		{"rotation list, newest first", hex32 + "," + strings.Repeat("cd", 32), 2, true},
		{"file with comments and newlines", "# ny\n" + hex32 + "\n\n" + strings.Repeat("01", 40) + "\n", 2, true},
		{"base64", "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=", 1, true},
		{"too short", "abcd", 0, false},
		{"not a key", "det här är ingen nyckel alls men väldigt lång ändå", 0, false},
		{"empty", " , ", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := ParseKeys(tt.value)
			if (err == nil) != tt.ok || len(keys) != tt.n {
				t.Fatalf("ParseKeys = %d keys, %v; want %d, ok=%v", len(keys), err, tt.n, tt.ok)
			}
		})
	}
}

func TestSafeNext(t *testing.T) {
	tests := map[string]string{
		"/konto":                  "/konto",
		"/admin/anvandare?sida=2": "/admin/anvandare?sida=2",
		"":                        "/",
		"//evil.example":          "/",
		"/\\evil.example":         "/",
		"https://evil.example/":   "/",
		"javascript:alert(1)":     "/",
		"konto":                   "/",
		"/%2F%2Fevil.example":     "/%2F%2Fevil.example",
		"http:/evil.example":      "/",
	}
	for in, want := range tests {
		if got := SafeNext(in); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
