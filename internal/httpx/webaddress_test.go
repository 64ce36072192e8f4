package httpx

import "testing"

func TestWebAddress(t *testing.T) {
	for s, want := range map[string]bool{
		"https://kultur.example.se/stod": true, "http://example.se": true,
		"": false, "kultur.example.se": false, "javascript:alert(1)": false, "ftp://example.se": false, "https://": false,
	} {
		if got := WebAddress(s); got != want {
			t.Errorf("WebAddress(%q) = %v", s, got)
		}
	}
}
