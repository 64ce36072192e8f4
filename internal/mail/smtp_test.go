package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"residens/internal/mailtest"
)

// mustSMTP parses an SMTP_URL or fails the test.
func mustSMTP(t *testing.T, raw string) SMTPConfig {
	t.Helper()
	c, err := ParseSMTPURL(raw)
	if err != nil {
		t.Fatalf("ParseSMTPURL(%q): %v", raw, err)
	}
	return c
}

func mustFrom(t *testing.T, raw string) netmail.Address {
	t.Helper()
	a, err := ParseFrom(raw)
	if err != nil {
		t.Fatalf("ParseFrom(%q): %v", raw, err)
	}
	return a
}

// closedSMTP is an SMTP_URL where nothing listens: a port that was free a
// moment ago.
func closedSMTP(t *testing.T) SMTPConfig {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return mustSMTP(t, "smtp://"+addr)
}

func testMessage(key string) Message {
	text, html, err := Render(context.Background(), "Välkommen till Residens", testBody("Åsa", "https://residens.example.se/verifiera/t0k3n"))
	if err != nil {
		panic(err)
	}
	return Message{To: "asa.oberg@example.se", Subject: "Välkommen till Residens – bekräfta din adress", Text: text, HTML: html, Key: key}
}

func TestSenderDelivers(t *testing.T) {
	t.Parallel()
	mp := mailtest.Start(t)
	from := mustFrom(t, "Region Stockholm – Residens <residens@region.example.se>")
	s := NewSender(mustSMTP(t, mp.SMTPURL()), from)
	msg := testMessage("verify:0123abcd")
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}

	got := mp.WaitFor(t, "asa.oberg@example.se", "Välkommen", 10*time.Second)
	if got.Subject != msg.Subject {
		t.Errorf("subject = %q, want %q", got.Subject, msg.Subject)
	}
	if got.From.Address != "residens@region.example.se" || got.From.Name != "Region Stockholm – Residens" {
		t.Errorf("from = %+v", got.From)
	}
	if len(got.To) != 1 || got.To[0].Address != "asa.oberg@example.se" {
		t.Errorf("to = %+v, want the one recipient", got.To)
	}
	if strings.TrimSpace(got.Text) != strings.TrimSpace(msg.Text) {
		t.Errorf("text =\n%s\nwant\n%s", got.Text, msg.Text)
	}
	if !strings.Contains(got.HTML, `<html lang="sv">`) || !strings.Contains(got.HTML, "Hej Åsa!") {
		t.Errorf("html body lacks the Swedish document: %s", got.HTML)
	}
	if link := mp.Link(t, got, "https://residens.example.se/verifiera/"); link != "https://residens.example.se/verifiera/t0k3n" {
		t.Errorf("link = %q", link)
	}
	sum := sha256.Sum256([]byte("verify:0123abcd"))
	if want := hex.EncodeToString(sum[:16]) + "@region.example.se"; got.MessageID != want {
		t.Errorf("Message-ID = %q, want %q (derived from the key)", got.MessageID, want)
	}
}

func TestSenderErrorsNameNoAddress(t *testing.T) {
	t.Parallel()
	s := NewSender(closedSMTP(t), mustFrom(t, DefaultFrom))
	err := s.Send(context.Background(), testMessage("k"))
	if err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
	if strings.Contains(err.Error(), "asa.oberg") || !strings.Contains(err.Error(), "a***@example.se") {
		t.Errorf("error = %q, want the recipient masked", err)
	}
}

// TestSenderStopsWithContext: a server that accepts but never answers must
// not hold a send (and so a shutdown) for the whole SMTP timeout.
func TestSenderStopsWithContext(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// The server keeps each connection open and silent until the test ends.
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	s := NewSender(mustSMTP(t, "smtp://"+ln.Addr().String()), mustFrom(t, DefaultFrom))
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = s.Send(ctx, testMessage("k"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send = %v, want the context's deadline", err)
	}
}

// TestSenderTLS sends with a password over implicit TLS and over STARTTLS,
// to a Mailpit that requires each and accepts any login.
func TestSenderTLS(t *testing.T) {
	t.Parallel()
	certFile, keyFile, roots := testCert(t)
	tests := []struct {
		name, scheme, flag string
	}{
		{"implicit TLS", "smtps", "--smtp-require-tls"},
		{"STARTTLS", "smtp+starttls", "--smtp-require-starttls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mp := mailtest.Start(t, "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, tt.flag, "--smtp-auth-accept-any")
			addr := strings.TrimPrefix(mp.SMTPURL(), "smtp://")
			s := NewSender(mustSMTP(t, tt.scheme+"://residens:hemligt@"+addr), mustFrom(t, DefaultFrom))
			s.tlsConfig = &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
			if err := s.Send(context.Background(), testMessage("k")); err != nil {
				t.Fatalf("Send: %v", err)
			}
			got := mp.WaitFor(t, "asa.oberg@example.se", "Välkommen", 10*time.Second)
			if got.Username != "residens" {
				t.Errorf("authenticated as %q, want residens", got.Username)
			}
		})
	}

	t.Run("unknown certificate refused", func(t *testing.T) {
		t.Parallel()
		mp := mailtest.Start(t, "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile, "--smtp-require-tls", "--smtp-auth-accept-any")
		addr := strings.TrimPrefix(mp.SMTPURL(), "smtp://")
		s := NewSender(mustSMTP(t, "smtps://residens:hemligt@"+addr), mustFrom(t, DefaultFrom))
		if err := s.Send(context.Background(), testMessage("k")); err == nil {
			t.Fatal("Send trusted a self-signed certificate")
		}
		if n := len(mp.Messages(t)); n != 0 {
			t.Errorf("%d messages arrived", n)
		}
	})
}

// testCert writes a self-signed certificate for 127.0.0.1 and returns its
// files and a pool that trusts it.
func testCert(t *testing.T) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return certFile, keyFile, roots
}
