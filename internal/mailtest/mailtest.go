// Package mailtest starts Mailpit (github.com/axllent/mailpit, a Go tool
// pinned in tools/go.mod) for tests, so that mail is sent through a real SMTP server and
// read back through Mailpit's HTTP API.
//
// Start builds Mailpit once per test binary (go tool -modfile=tools/go.mod -n mailpit: the first
// build takes a while, later ones come from the build cache) and runs one
// Mailpit per call, on free loopback ports, with its database in the test's
// temporary directory, stopped when the test ends. Where it cannot be
// started the test is skipped, except under CI (the CI environment variable
// set), where it fails.
package mailtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is one running Mailpit.
type Server struct {
	smtpAddr string
	apiURL   string
	client   *http.Client
}

// Address is a name and address as Mailpit reports them.
type Address struct {
	Name    string
	Address string
}

// Message is one message Mailpit received.
type Message struct {
	// ID is Mailpit's own identifier.
	ID string
	// MessageID is the Message-ID header, without angle brackets.
	MessageID string
	From      Address
	To        []Address
	Subject   string
	// Text and HTML are the decoded bodies; Text has its line ends
	// turned from the wire's CRLF into "\n".
	Text string
	HTML string
	// Username is the name the sender authenticated with, if it did.
	Username string
}

// startTimeout bounds how long Start waits for Mailpit's HTTP API to answer.
const startTimeout = 30 * time.Second

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// mailpitBinary finds (building when needed) the Mailpit the module pins.
func mailpitBinary() (string, error) {
	buildOnce.Do(func() {
		// Mailpit is pinned in tools/go.mod beside the module's go.mod, not
		// in the module itself: its many dependencies stay out of the
		// application's version selection. The test's directory is its
		// package's, so the module root comes from go env.
		gomod, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil || strings.TrimSpace(string(gomod)) == "" || strings.TrimSpace(string(gomod)) == os.DevNull {
			buildErr = fmt.Errorf("go env GOMOD: no module found (%v)", err)
			return
		}
		modfile := filepath.Join(filepath.Dir(strings.TrimSpace(string(gomod))), "tools", "go.mod")
		cmd := exec.Command("go", "tool", "-modfile="+modfile, "-n", "mailpit")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			buildErr = fmt.Errorf("go tool -modfile=tools/go.mod -n mailpit: %v: %s", err, strings.TrimSpace(stderr.String()))
			return
		}
		binary = strings.TrimSpace(string(out))
	})
	return binary, buildErr
}

// unavailable fails the test under CI, where Mailpit must run, and skips it
// elsewhere.
func unavailable(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("mailtest: "+format, args...)
	}
	tb.Skipf("mailtest: "+format+" (skipped; with CI set this fails)", args...)
}

// Start runs a Mailpit for this test and stops it when the test ends. args
// are extra Mailpit flags, such as "--smtp-tls-cert", file.
func Start(tb testing.TB, args ...string) *Server {
	tb.Helper()
	bin, err := mailpitBinary()
	if err != nil {
		unavailable(tb, "build Mailpit: %v", err)
	}
	dir := tb.TempDir()
	// The ports are found by listening and letting go, so another process
	// may take one in between: then Mailpit exits and we try again.
	var lastErr error
	for attempt := range 3 {
		s, err := start(tb, bin, filepath.Join(dir, fmt.Sprintf("mailpit-%d.db", attempt)), args)
		if err == nil {
			return s
		}
		lastErr = err
	}
	unavailable(tb, "start Mailpit: %v", lastErr)
	return nil
}

func start(tb testing.TB, bin, dbPath string, args []string) (*Server, error) {
	tb.Helper()
	smtpAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	httpAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	var output bytes.Buffer
	cmd := exec.Command(bin, append([]string{
		"--smtp", smtpAddr,
		"--listen", httpAddr,
		"--database", dbPath,
		// Nothing may reach the internet: no update check, no reverse DNS
		// of the (loopback) client.
		"--disable-version-check",
		"--smtp-disable-rdns",
		"--quiet",
	}, args...)...)
	cmd.Stdout, cmd.Stderr = &output, &output
	dieWithParent(cmd)
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}

	s := &Server{
		smtpAddr: smtpAddr,
		apiURL:   "http://" + httpAddr,
		client:   &http.Client{Timeout: 10 * time.Second},
	}
	deadline := time.Now().Add(startTimeout)
	for {
		resp, err := s.client.Get(s.apiURL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case err := <-exited:
			return nil, fmt.Errorf("mailpit exited (%v): %s", err, strings.TrimSpace(output.String()))
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("mailpit did not answer on %s within %s: %s", s.apiURL, startTimeout, strings.TrimSpace(output.String()))
		}
	}
	// A port taken between freeAddr and Mailpit's start could mean another
	// test's Mailpit answered: its database tells.
	var info struct{ Database string }
	if err := s.getJSON(context.Background(), "/api/v1/info", &info); err != nil || info.Database != dbPath {
		stop()
		return nil, fmt.Errorf("the Mailpit on %s is not the one started (database %q, err %v): %s",
			s.apiURL, info.Database, err, strings.TrimSpace(output.String()))
	}
	tb.Cleanup(stop)
	return s, nil
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// SMTPURL is the SMTP_URL that sends to this Mailpit (smtp://127.0.0.1:port).
func (s *Server) SMTPURL() string { return "smtp://" + s.smtpAddr }

// APIURL is the base of Mailpit's web UI and HTTP API.
func (s *Server) APIURL() string { return s.apiURL }

// Messages returns every message received so far, newest first, with their
// bodies.
func (s *Server) Messages(tb testing.TB) []Message {
	tb.Helper()
	msgs, err := s.messages(tb.Context())
	if err != nil {
		tb.Fatalf("mailtest: %v", err)
	}
	return msgs
}

func (s *Server) messages(ctx context.Context) ([]Message, error) {
	var list struct {
		Messages []struct{ ID, Username string }
	}
	// Mailpit keeps 500 messages by default; ask for them all at once.
	if err := s.getJSON(ctx, "/api/v1/messages?limit=1000", &list); err != nil {
		return nil, err
	}
	msgs := make([]Message, 0, len(list.Messages))
	for _, m := range list.Messages {
		var full struct {
			ID        string
			MessageID string
			From      *Address
			To        []Address
			Subject   string
			Text      string
			HTML      string
		}
		if err := s.getJSON(ctx, "/api/v1/message/"+url.PathEscape(m.ID), &full); err != nil {
			return nil, err
		}
		msg := Message{ID: full.ID, MessageID: full.MessageID, To: full.To, Subject: full.Subject,
			Text: strings.ReplaceAll(full.Text, "\r\n", "\n"), HTML: full.HTML, Username: m.Username}
		if full.From != nil {
			msg.From = *full.From
		}
		msgs = append(msgs, msg)
	}
	return msgs, nil
}

func (s *Server) getJSON(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.apiURL+path, nil)
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("mailpit api %s: %w", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("mailpit api %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("mailpit api %s: %w", path, err)
	}
	return nil
}

// WaitFor polls Mailpit until a message to the address to (in any case) with
// a subject containing subjectContains has arrived, and returns it (the
// newest, if several have). The test fails when none has after timeout.
func (s *Server) WaitFor(tb testing.TB, to, subjectContains string, timeout time.Duration) Message {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		msgs, err := s.messages(tb.Context())
		if err != nil {
			tb.Fatalf("mailtest: %v", err)
		}
		for _, m := range msgs {
			if m.SentTo(to) && strings.Contains(m.Subject, subjectContains) {
				return m
			}
		}
		if time.Now().After(deadline) {
			tb.Fatalf("mailtest: no message to %s with a subject containing %q after %s; received: %s",
				to, subjectContains, timeout, summary(msgs))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// SentTo reports whether addr (in any case) is among the message's
// recipients.
func (m Message) SentTo(addr string) bool {
	for _, a := range m.To {
		if strings.EqualFold(a.Address, addr) {
			return true
		}
	}
	return false
}

func summary(msgs []Message) string {
	if len(msgs) == 0 {
		return "nothing"
	}
	parts := make([]string, len(msgs))
	for i, m := range msgs {
		to := make([]string, len(m.To))
		for j, a := range m.To {
			to[j] = a.Address
		}
		parts[i] = fmt.Sprintf("%q to %s", m.Subject, strings.Join(to, ","))
	}
	return strings.Join(parts, "; ")
}

// urlInText is a URL as it stands in a text body: up to white space or the
// angle bracket that closes "<URL>".
var urlInText = regexp.MustCompile(`https?://[^\s<>"]+`)

// Link returns the first URL in the message's text body that starts with
// prefix (such as "http://127.0.0.1:8080/verifiera/"), without trailing
// punctuation. The test fails when there is none.
func (s *Server) Link(tb testing.TB, msg Message, prefix string) string {
	tb.Helper()
	for _, u := range urlInText.FindAllString(msg.Text, -1) {
		u = strings.TrimRight(u, ".,;:!?)]'")
		if strings.HasPrefix(u, prefix) {
			return u
		}
	}
	tb.Fatalf("mailtest: no link starting with %q in the text of %q:\n%s", prefix, msg.Subject, msg.Text)
	return ""
}
