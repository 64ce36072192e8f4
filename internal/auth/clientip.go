package auth

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the load balancers and reverse proxies in front of the
// portal (TRUSTED_PROXIES). Only a request that comes from one of them has
// its X-Forwarded-For read; anyone else could write anything there.
type Proxies []netip.Prefix

// ParseProxies reads a comma-separated list of CIDR prefixes (a bare
// address is a prefix of one address). The empty list trusts nobody.
func ParseProxies(s string) (Proxies, error) {
	var p Proxies
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, fmt.Errorf("%q is neither a CIDR prefix nor an address", part)
			}
			a = a.Unmap()
			p = append(p, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		pre, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR prefix, such as 10.0.0.0/8 or fd00::/8", part)
		}
		p = append(p, pre.Masked())
	}
	return p, nil
}

func (p Proxies) trusts(a netip.Addr) bool {
	for _, pre := range p {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// Client is the address a request came from, given its connection's peer
// (RemoteAddr, host:port) and its X-Forwarded-For headers. Unless the peer
// is a trusted proxy the peer is the client. From a trusted proxy the
// header's addresses are walked right to left (each proxy appends the
// address it was reached from, so the right end is the one written by ours),
// trusted ones skipped, and the first untrusted one is the client. A
// malformed address in the part walked makes the peer the client: there is
// no telling what was forged.
func (p Proxies) Client(remoteAddr string, forwarded []string) string {
	peer := peerHost(remoteAddr)
	if len(p) == 0 || len(forwarded) == 0 {
		return peer
	}
	pa, err := netip.ParseAddr(peer)
	if err != nil || !p.trusts(pa.Unmap().WithZone("")) {
		return peer
	}
	var list []string
	for _, h := range forwarded {
		list = append(list, strings.Split(h, ",")...)
	}
	client := ""
	for i := len(list) - 1; i >= 0; i-- {
		a, ok := parseForwarded(list[i])
		if !ok {
			return peer
		}
		client = a.String()
		if !p.trusts(a) {
			return client
		}
	}
	if client == "" {
		return peer
	}
	// Every address was a proxy of ours: the leftmost is the client.
	return client
}

// parseForwarded reads one address of X-Forwarded-For: an IP address,
// possibly with a port, as some proxies write it.
func parseForwarded(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a.Unmap().WithZone(""), true
}

func peerHost(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	return host
}

type clientIPKey struct{}

// Middleware puts the client address, as Client finds it, into the
// request's context for ClientIP. Install it first, so that every handler
// and middleware sees the same address.
func (p Proxies) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := p.Client(r.RemoteAddr, r.Header.Values("X-Forwarded-For"))
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientIPKey{}, ip)))
	})
}

// ClientIP is the address the request came from: what Proxies.Middleware
// found, or, without that middleware, the connection's peer (no forwarding
// header is then trusted).
func ClientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientIPKey{}).(string); ok {
		return ip
	}
	return peerHost(r.RemoteAddr)
}
