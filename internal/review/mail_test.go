package review_test

import (
	"context"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/mailtest"
)

// TestOutcomeMailThroughSMTP sends the outcome twice through a real SMTP
// server (Mailpit) with the jobs running: each applicant receives exactly
// one e-mail, about their own result, with the link to their application.
func TestOutcomeMailThroughSMTP(t *testing.T) {
	t.Parallel()
	mp := mailtest.Start(t)
	smtp, err := mail.ParseSMTPURL(mp.SMTPURL())
	if err != nil {
		t.Fatal(err)
	}
	s := newSiteWith(t, &jobs.Config{SMTP: smtp, From: netmail.Address{Name: "Residens", Address: "noreply@example.se"}})
	ctx, cancel := context.WithCancel(context.Background())
	if err := s.runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = s.runner.Stop(stop)
		cancel()
	})
	f := s.newCall(t, false, "Anna", "Bo")
	c := f.consultant
	wantRedirect(t, s.post(t, f.app(0)+"/beslut", c, decision("selected", "Annas idé bär hela året.")), f.path("/rangordning"))
	wantRedirect(t, s.post(t, f.app(1)+"/beslut", c, decision("not_selected", "Bos plan saknar skolorna.")), f.path("/rangordning"))
	wantRedirect(t, s.post(t, f.path("/besked/skicka"), c, nil), f.path("/besked"))
	wantRedirect(t, s.post(t, f.path("/besked/skicka"), c, nil), f.path("/besked"))

	anna := mp.WaitFor(t, f.artists[0].Email, "Besked om din ansökan", 20*time.Second)
	bo := mp.WaitFor(t, f.artists[1].Email, "Besked om din ansökan", 20*time.Second)
	if !strings.Contains(anna.Text, "Beslut: Antagen") || !strings.Contains(anna.Text, "Annas idé bär hela året.") || strings.Contains(anna.Text, "Bos plan") {
		t.Errorf("Anna's e-mail:\n%s", anna.Text)
	}
	if !strings.Contains(bo.Text, "Beslut: Inte antagen") || !strings.Contains(bo.Text, "Bos plan saknar skolorna.") || strings.Contains(bo.Text, "Annas idé") {
		t.Errorf("Bo's e-mail:\n%s", bo.Text)
	}
	if link := mp.Link(t, anna, "http"); !strings.HasSuffix(link, "/mina-ansokningar/"+itoa(f.apps[0])) {
		t.Errorf("Anna's e-mail links to %q", link)
	}
	// Give a duplicate time to arrive, then count.
	time.Sleep(time.Second)
	count := map[string]int{}
	for _, m := range mp.Messages(t) {
		for _, to := range m.To {
			count[strings.ToLower(to.Address)]++
		}
	}
	for _, a := range f.artists {
		if count[strings.ToLower(a.Email)] != 1 {
			t.Errorf("%s received %d e-mails, want 1", a.Email, count[strings.ToLower(a.Email)])
		}
	}
}
