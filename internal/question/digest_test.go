package question_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"residens/internal/app"
	"residens/internal/audit"
	"residens/internal/jobs"
	"residens/internal/question"
	"residens/internal/registry"
	"residens/internal/throttle"
)

// TestDigest: on a working morning each consultant gets one mail listing
// their overdue questions (not others', not answered ones), once a day.
func TestDigest(t *testing.T) {
	// Monday 16 November 2026, 10.00: questions asked then are overdue
	// from Friday 20 November.
	s := newSiteAt(t, stockholm(2026, 11, 16, 10), nil)
	ctx := context.Background()
	anna := s.consultant(t, "Anna Dans", []string{"dans"}, nil, true)
	johan := s.consultant(t, "Johan Musik", []string{"musik"}, nil, true)
	dans, musik := s.termID(t, "art_forms", "dans"), s.termID(t, "art_forms", "musik")
	late1, _ := s.ask(t, question.Ask{ArtFormID: dans})
	late2, _ := s.ask(t, question.Ask{ArtFormID: dans})
	answered, _ := s.ask(t, question.Ask{ArtFormID: dans})
	johans, _ := s.ask(t, question.Ask{ArtFormID: musik})
	if err := s.store.Do(ctx, audit.Entry{ActorID: &anna}, answered.ID, question.Step{Kind: question.EventAnswer, Body: "Svar."}); err != nil {
		t.Fatal(err)
	}
	if err := s.store.Do(ctx, audit.Entry{ActorID: &johan}, johans.ID, question.Step{Kind: question.EventAnswer, Body: "Svar."}); err != nil {
		t.Fatal(err)
	}
	*s.now = stockholm(2026, 11, 18, 10) // Wednesday: nothing overdue yet
	// The digest as serve wires it: its own store without a queue, which
	// the jobs runner hands it (UseMail) when it registers the extension.
	log := slog.New(slog.DiscardHandler)
	d := question.NewDigest(question.NewStore(s.pool, registry.New("TEST"), nil, "http://127.0.0.1:8080", throttle.Form{}, 3,
		func() time.Time { return *s.now }), log)
	if _, err := d.Send(ctx); err == nil {
		t.Fatal("the digest sent without a mail queue")
	}
	cfg, err := app.LoadConfig(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.New(s.pool, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom, Extensions: []jobs.Extension{d}}, log); err != nil {
		t.Fatal(err)
	}
	digests := func() []queued {
		var out []queued
		for _, m := range s.mails(t) {
			if strings.HasPrefix(m.Subject, "Frågor som väntar") {
				out = append(out, m)
			}
		}
		return out
	}
	send := func(at time.Time) int {
		t.Helper()
		*s.now = at
		n, err := d.Send(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := send(stockholm(2026, 11, 18, 10)); n != 0 || len(digests()) != 0 {
		t.Fatalf("Wednesday: %d digests", n)
	}
	if n := send(stockholm(2026, 11, 20, 6)); n != 0 {
		t.Errorf("before %d o'clock: %d digests", question.DigestHour, n)
	}
	if n := send(stockholm(2026, 11, 20, 8)); n != 1 {
		t.Fatalf("Friday morning: %d digests, want Anna's", n)
	}
	got := digests()
	if len(got) != 1 || got[0].To != "anna.dans@region.example.se" {
		t.Fatalf("digests: %+v", got)
	}
	for _, num := range []string{late1.Number, late2.Number} {
		if !strings.Contains(got[0].Text, num) {
			t.Errorf("the digest lacks %s", num)
		}
	}
	if strings.Contains(got[0].Text, answered.Number) || strings.Contains(got[0].Text, johans.Number) {
		t.Error("the digest lists an answered question")
	}
	// Later the same day: no second mail. The weekend: none.
	send(stockholm(2026, 11, 20, 15))
	if n := send(stockholm(2026, 11, 21, 9)); n != 0 {
		t.Errorf("Saturday: %d digests", n)
	}
	if len(digests()) != 1 {
		t.Errorf("%d digests queued on Friday and Saturday, want 1", len(digests()))
	}
	send(stockholm(2026, 11, 23, 9))
	if len(digests()) != 2 {
		t.Errorf("Monday's digest is missing: %d in all", len(digests()))
	}
}
