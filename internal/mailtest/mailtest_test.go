package mailtest

import (
	"net/smtp"
	"strings"
	"testing"
	"time"
)

// send hands a raw message to the server with the standard library's
// client, so that these tests do not depend on package mail.
func send(t *testing.T, s *Server, from, to, raw string) {
	t.Helper()
	addr := strings.TrimPrefix(s.SMTPURL(), "smtp://")
	if err := smtp.SendMail(addr, nil, from, []string{to}, []byte(strings.ReplaceAll(raw, "\n", "\r\n"))); err != nil {
		t.Fatalf("send: %v", err)
	}
}

func TestServerReceivesAndReports(t *testing.T) {
	t.Parallel()
	s := Start(t)
	if !strings.HasPrefix(s.SMTPURL(), "smtp://127.0.0.1:") {
		t.Errorf("SMTPURL = %q, want a loopback smtp:// URL", s.SMTPURL())
	}
	if got := s.Messages(t); len(got) != 0 {
		t.Fatalf("a new Mailpit has %d messages", len(got))
	}
	send(t, s, "noreply@residens.invalid", "Anna@Example.se", `From: Residens <noreply@residens.invalid>
To: Anna <Anna@Example.se>
Subject: =?utf-8?q?V=C3=A4lkommen?=
Message-ID: <abc@residens.invalid>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hej!
Bekräfta här: <http://127.0.0.1:8080/verifiera/t0k3n>.
Eller här: http://127.0.0.1:8080/annat
`)

	m := s.WaitFor(t, "anna@example.se", "Välk", 10*time.Second)
	if m.Subject != "Välkommen" {
		t.Errorf("subject = %q", m.Subject)
	}
	if m.From.Address != "noreply@residens.invalid" || m.From.Name != "Residens" {
		t.Errorf("from = %+v", m.From)
	}
	if len(m.To) != 1 || m.To[0].Name != "Anna" || !m.SentTo("ANNA@example.se") || m.SentTo("bo@example.se") {
		t.Errorf("to = %+v", m.To)
	}
	if m.MessageID != "abc@residens.invalid" {
		t.Errorf("Message-ID = %q", m.MessageID)
	}
	if strings.Contains(m.Text, "\r") || !strings.Contains(m.Text, "Hej!\nBekräfta") {
		t.Errorf("text = %q, want its lines ended by \\n", m.Text)
	}

	links := []struct{ prefix, want string }{
		{"http://127.0.0.1:8080/verifiera/", "http://127.0.0.1:8080/verifiera/t0k3n"},
		{"http://127.0.0.1:8080/annat", "http://127.0.0.1:8080/annat"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/verifiera/t0k3n"}, // the first one
	}
	for _, l := range links {
		if got := s.Link(t, m, l.prefix); got != l.want {
			t.Errorf("Link(%q) = %q, want %q", l.prefix, got, l.want)
		}
	}
	if n := len(s.Messages(t)); n != 1 {
		t.Errorf("Messages has %d, want 1", n)
	}
}

// TestServersAreSeparate: each test's Mailpit sees only its own mail.
func TestServersAreSeparate(t *testing.T) {
	t.Parallel()
	a, b := Start(t), Start(t)
	if a.SMTPURL() == b.SMTPURL() {
		t.Fatalf("both on %s", a.SMTPURL())
	}
	send(t, a, "x@residens.invalid", "a@example.se", "To: a@example.se\nSubject: till a\n\nhej\n")
	a.WaitFor(t, "a@example.se", "till a", 10*time.Second)
	if n := len(b.Messages(t)); n != 0 {
		t.Errorf("the other Mailpit has %d messages", n)
	}
}
