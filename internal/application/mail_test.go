package application_test

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
	"residens/internal/testutil"
)

// TestReceiptThroughSMTP works the receipt job of a submission through a
// real SMTP server (Mailpit): one e-mail to the account's address with the
// registration number and the link to the application.
func TestReceiptThroughSMTP(t *testing.T) {
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
	openCall(t, s, "nacka-2027")
	ada := s.artist(t, "Ada Dansare")
	id := submitComplete(t, s, ada, "/utlysningar/nacka-2027/ansokan")
	number := testutil.Scalar[string](t, s.pool, `SELECT rg.number FROM applications a JOIN registrations rg ON rg.id = a.registration_id WHERE a.id = $1`, id)

	m := mp.WaitFor(t, ada.Email, "Kvitto", 20*time.Second)
	if !strings.Contains(m.Subject, number) || !strings.Contains(m.Text, number) {
		t.Errorf("receipt %q lacks the number %s: %q", m.Subject, number, m.Text)
	}
	if !strings.Contains(m.Text, "Kommunkoreograf i nacka-2027") || !strings.Contains(m.Text, "allmän handling") {
		t.Errorf("receipt text %q", m.Text)
	}
	if link := mp.Link(t, m, "http"); !strings.HasSuffix(link, "/mina-ansokningar/"+strconv.FormatInt(id, 10)) {
		t.Errorf("receipt links to %q", link)
	}
	// A second submission (a double click) sends nothing more.
	s.post(t, "/utlysningar/nacka-2027/ansokan", ada, action(complete(), "skicka"))
	time.Sleep(500 * time.Millisecond)
	n := 0
	for _, msg := range mp.Messages(t) {
		if strings.Contains(msg.Subject, "Kvitto") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d receipts, want 1", n)
	}
}
