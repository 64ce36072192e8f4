package proposal_test

import (
	"context"
	netmail "net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/mailtest"
)

// TestMailThroughSMTP works the mail jobs of a submission and a completion
// request through a real SMTP server (Mailpit): the officer's receipt
// carries the number and the link to the proposal, the consultant's notice
// the link to the inbox page, and the request the consultant's words.
func TestMailThroughSMTP(t *testing.T) {
	t.Parallel()
	mp := mailtest.Start(t)
	smtp, err := mail.ParseSMTPURL(mp.SMTPURL())
	if err != nil {
		t.Fatal(err)
	}
	s, runner := newSiteWith(t, &jobs.Config{SMTP: smtp, From: netmail.Address{Name: "Residens", Address: "noreply@example.se"}})
	ctx, cancel := context.WithCancel(context.Background())
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = runner.Stop(stop)
		cancel()
	})
	p := s.people(t)
	res, err := s.store.Create(ctx, p.officer.Actor, "", s.validValues(t, "Koreograf i Nacka"), true)
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(res.ID, 10)

	m := mp.WaitFor(t, p.officer.Email, "Kvitto", 20*time.Second)
	if !strings.Contains(m.Subject, res.Number) || !strings.Contains(m.Text, res.Number) {
		t.Errorf("receipt %q lacks the number %s: %q", m.Subject, res.Number, m.Text)
	}
	if link := mp.Link(t, m, "http"); !strings.HasSuffix(link, "/kommun/forslag/"+id) {
		t.Errorf("receipt links to %q", link)
	}
	m = mp.WaitFor(t, p.consultant.Email, "Nytt förslag", 20*time.Second)
	if link := mp.Link(t, m, "http"); !strings.HasSuffix(link, "/konsulent/forslag/"+id) {
		t.Errorf("notice links to %q", link)
	}

	if err := s.store.RequestCompletion(ctx, p.consultant.Actor, res.ID, "Hur stor är hörsalen?"); err != nil {
		t.Fatal(err)
	}
	m = mp.WaitFor(t, p.officer.Email, "Komplettering", 20*time.Second)
	if !strings.Contains(m.Text, "Hur stor är hörsalen?") {
		t.Errorf("the request lacks the consultant's words: %q", m.Text)
	}
}
