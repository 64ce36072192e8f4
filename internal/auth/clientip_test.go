package auth_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"residens/internal/auth"
)

func TestParseProxies(t *testing.T) {
	t.Parallel()
	p, err := auth.ParseProxies(" 10.0.0.0/8, 192.0.2.10 ,fd00::/8,, ")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p); got != 3 {
		t.Fatalf("%d prefixes, want 3: %v", got, p)
	}
	if p[1].String() != "192.0.2.10/32" {
		t.Errorf("a bare address reads as %s, want 192.0.2.10/32", p[1])
	}
	if p, err := auth.ParseProxies(""); err != nil || len(p) != 0 {
		t.Errorf("empty: %v, %v; want no proxies", p, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example.se", "10.0.0.0/8;192.0.2.1", "10.0.0"} {
		if _, err := auth.ParseProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestProxiesClient(t *testing.T) {
	t.Parallel()
	trusted, err := auth.ParseProxies("10.0.0.0/8, 2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		proxies   auth.Proxies
		peer      string
		forwarded []string
		want      string
	}{
		{"no header", trusted, "10.0.0.5:4000", nil, "10.0.0.5"},
		{"forged header from an untrusted peer is ignored", trusted, "198.51.100.9:4000", []string{"203.0.113.1"}, "198.51.100.9"},
		{"no proxies configured: header ignored", nil, "10.0.0.5:4000", []string{"203.0.113.1"}, "10.0.0.5"},
		{"trusted peer: the client it names", trusted, "10.0.0.5:4000", []string{"203.0.113.1"}, "203.0.113.1"},
		{"right to left: what the client wrote itself is not believed", trusted, "10.0.0.5:4000",
			[]string{"192.0.2.66, 203.0.113.1"}, "203.0.113.1"},
		{"trusted hops skipped", trusted, "10.0.0.5:4000", []string{"192.0.2.66, 203.0.113.1, 10.1.2.3"}, "203.0.113.1"},
		{"several headers read as one list", trusted, "10.0.0.5:4000", []string{"192.0.2.66", "203.0.113.1, 10.1.2.3"}, "203.0.113.1"},
		{"IPv6 peer and client", trusted, "[2001:db8:ffff::1]:443", []string{"2001:db8:1::7"}, "2001:db8:1::7"},
		{"IPv4-mapped client unmapped", trusted, "10.0.0.5:4000", []string{"::ffff:203.0.113.1"}, "203.0.113.1"},
		{"a port after the client is dropped", trusted, "10.0.0.5:4000", []string{"203.0.113.1:5555"}, "203.0.113.1"},
		{"malformed: the peer", trusted, "10.0.0.5:4000", []string{"203.0.113.1, unknown"}, "10.0.0.5"},
		{"empty entry: the peer", trusted, "10.0.0.5:4000", []string{"203.0.113.1, "}, "10.0.0.5"},
		{"malformed left of the client is never read", trusted, "10.0.0.5:4000", []string{"junk, 203.0.113.1"}, "203.0.113.1"},
		{"only proxies: the leftmost", trusted, "10.0.0.5:4000", []string{"10.9.9.9, 10.1.2.3"}, "10.9.9.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.proxies.Client(tt.peer, tt.forwarded); got != tt.want {
				t.Errorf("Client(%q, %q) = %q, want %q", tt.peer, tt.forwarded, got, tt.want)
			}
		})
	}
}

func TestClientIPMiddleware(t *testing.T) {
	t.Parallel()
	trusted, err := auth.ParseProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	var got string
	h := trusted.Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = auth.ClientIP(r) }))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.RemoteAddr = "10.0.0.5:4000"
	req.Header.Set("X-Forwarded-For", "203.0.113.1")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got != "203.0.113.1" {
		t.Errorf("behind a trusted proxy ClientIP = %q, want 203.0.113.1", got)
	}
	// Without the middleware only the peer counts.
	if ip := auth.ClientIP(req); ip != "10.0.0.5" {
		t.Errorf("without the middleware ClientIP = %q, want the peer", ip)
	}
}
