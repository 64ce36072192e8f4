package account_test

import (
	"context"
	"net/http"
	netmail "net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"residens/internal/db/dbtest"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/mailtest"
)

// TestMailThroughSMTP runs registration and the forgotten password end to
// end: the jobs are worked and the messages go through a real SMTP server
// (Mailpit), whose links the test then follows.
func TestMailThroughSMTP(t *testing.T) {
	t.Parallel()
	mp := mailtest.Start(t)
	smtp, err := mail.ParseSMTPURL(mp.SMTPURL())
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvWith(t, dbtest.New(t), jobs.Config{SMTP: smtp, From: netmail.Address{Name: "Residens", Address: "noreply@example.se"}})
	ctx, cancel := context.WithCancel(context.Background())
	if err := e.runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = e.runner.Stop(stop)
		cancel()
	})

	wantRedirect(t, e.browser().post("/registrera", registration("Cora", "cora@example.se", goodPassword, goodPassword, true)), "/registrera/skickat")
	m := mp.WaitFor(t, "cora@example.se", "Bekräfta din e-postadress", 20*time.Second)
	if strings.Contains(m.Text, goodPassword) || !strings.Contains(m.HTML, "<html") {
		t.Errorf("message: text %q", m.Text)
	}
	link := mp.Link(t, m, base+"/registrera/bekrafta/")
	path := strings.TrimPrefix(link, base)
	wantStatus(t, e.browser().get(path), http.StatusOK)
	wantRedirect(t, e.browser().post(path, nil), "/logga-in?klart=bekraftad")
	e.browser().signIn("cora@example.se", goodPassword)

	wantRedirect(t, e.browser().post("/glomt-losenord", url.Values{"epost": {"cora@example.se"}}), "/glomt-losenord/skickat")
	m = mp.WaitFor(t, "cora@example.se", "Välj ett nytt lösenord", 20*time.Second)
	path = strings.TrimPrefix(mp.Link(t, m, base+"/aterstall/"), base)
	wantRedirect(t, e.browser().post(path, url.Values{"losenord": {"höst i skogen nu"}, "losenord2": {"höst i skogen nu"}}), "/logga-in?klart=losenord")
	e.browser().signIn("cora@example.se", "höst i skogen nu")
}
