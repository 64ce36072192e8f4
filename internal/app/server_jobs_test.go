package app_test

import (
	"context"
	"log/slog"
	netmail "net/mail"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/internal/mailtest"
)

// TestServeWorksMailJobs: serve runs the background jobs, so a message
// queued in the database (here by a second, insert-only runner, as a request
// would) goes out through SMTP_URL from MAIL_FROM; and serve still stops
// cleanly with the job client running.
func TestServeWorksMailJobs(t *testing.T) {
	t.Parallel()
	url := dbtest.URL(t)
	mp := mailtest.Start(t)
	in := startServe(t, map[string]string{
		"DATABASE_URL": url,
		"SMTP_URL":     mp.SMTPURL(),
		"MAIL_FROM":    "Residens test <residens@test.example.se>",
	})

	ctx := context.Background()
	pool, err := db.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	// Never started: it only inserts, and the server's runner does the work.
	queuer, err := jobs.New(pool, jobs.Config{From: defaultFrom(t)}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	msg := mail.Message{To: "serve@example.se", Subject: "Hälsning från servern", Text: "Hej!", Key: "test:serve"}
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error { return queuer.Mail().Enqueue(ctx, tx, msg) }); err != nil {
		t.Fatal(err)
	}
	got := mp.WaitFor(t, "serve@example.se", "Hälsning", 30*time.Second)
	if got.From.Address != "residens@test.example.se" {
		t.Errorf("from = %+v, want MAIL_FROM", got.From)
	}

	in.stop()
	if err := in.wait(t); err != nil {
		t.Fatalf("Serve after the signal: %v", err)
	}
}

// defaultFrom is MAIL_FROM's default, parsed.
func defaultFrom(t *testing.T) netmail.Address {
	t.Helper()
	a, err := mail.ParseFrom(mail.DefaultFrom)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
