package dbtest

import (
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Proxy stands between a test's server and PostgreSQL on a loopback port of
// its own, so that a test can take the database away from that server (and
// only from it: the other tests share the real one) and give it back. Stop
// does what stopping PostgreSQL does to its clients: open connections are
// cut and new ones refused; Start listens on the same port again.
type Proxy struct {
	tb      testing.TB
	addr    string // 127.0.0.1:port, kept across Stop and Start
	network string // of the real server: "unix" or "tcp"
	target  string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

// NewProxy starts a Proxy to the database that dbURL (one of this package's
// URLs) names, and returns it with the URL that reaches that database
// through it. The proxy stops when the test ends.
func NewProxy(tb testing.TB, dbURL string) (*Proxy, string) {
	tb.Helper()
	cc, err := pgx.ParseConfig(dbURL)
	if err != nil {
		tb.Fatalf("dbtest: proxy: %v", err)
	}
	p := &Proxy{tb: tb, conns: map[net.Conn]bool{}, network: "tcp",
		target: net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port)))}
	if strings.HasPrefix(cc.Host, "/") {
		p.network, p.target = "unix", cc.Host+"/.s.PGSQL."+strconv.Itoa(int(cc.Port))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("dbtest: proxy: %v", err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	tb.Cleanup(p.Stop)

	u := &url.URL{Scheme: "postgres", Host: p.addr, Path: "/" + cc.Database,
		RawQuery: "sslmode=disable"}
	if cc.Password != "" {
		u.User = url.UserPassword(cc.User, cc.Password)
	} else {
		u.User = url.User(cc.User)
	}
	return p, u.String()
}

func (p *Proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *Proxy) pipe(client net.Conn) {
	server, err := net.Dial(p.network, p.target)
	if err != nil {
		_ = client.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil {
		p.mu.Unlock()
		_ = client.Close()
		_ = server.Close()
		return
	}
	p.conns[client], p.conns[server] = true, true
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(server, client); done <- struct{}{} }()
	go func() { _, _ = io.Copy(client, server); done <- struct{}{} }()
	<-done
	_ = client.Close()
	_ = server.Close()
	p.mu.Lock()
	delete(p.conns, client)
	delete(p.conns, server)
	p.mu.Unlock()
}

// Stop takes the database away: the port refuses connections and every
// connection through the proxy is cut.
func (p *Proxy) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		_ = p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		_ = c.Close()
		delete(p.conns, c)
	}
}

// Start gives the database back on the same port.
func (p *Proxy) Start() {
	p.tb.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.tb.Fatalf("dbtest: proxy: listen again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}
