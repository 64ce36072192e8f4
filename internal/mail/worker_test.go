package mail

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"residens/internal/db/dbtest"
	"residens/internal/mailtest"
)

// syncBuffer is a log sink that several goroutines may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func sentKeys(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	var keys []string
	if err := pool.QueryRow(context.Background(), `SELECT coalesce(array_agg(key ORDER BY key), '{}') FROM mail_sent`).Scan(&keys); err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestWorkerRetriesAndSendsOnce runs the worker by hand, as River would on
// successive attempts of one job: first with the SMTP server down, then up,
// then once more as if River had lost the completion.
func TestWorkerRetriesAndSendsOnce(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	mp := mailtest.Start(t)
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	from := mustFrom(t, DefaultFrom)
	down := NewWorker(pool, NewSender(closedSMTP(t), from), log)
	up := NewWorker(pool, NewSender(mustSMTP(t, mp.SMTPURL()), from), log)

	msg := testMessage("verify:feedface")
	job := func(attempt int) *river.Job[SendArgs] {
		return &river.Job[SendArgs]{
			JobRow: &rivertype.JobRow{ID: 7, Attempt: attempt, State: rivertype.JobStateRunning},
			Args:   SendArgs{To: msg.To, Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML, Key: msg.Key},
		}
	}
	ctx := context.Background()

	err := down.Work(ctx, job(1))
	if err == nil {
		t.Fatal("attempt 1, SMTP down: Work succeeded")
	}
	if keys := sentKeys(t, pool); len(keys) != 0 {
		t.Fatalf("attempt 1 failed but recorded %v as sent", keys)
	}

	if err := up.Work(ctx, job(2)); err != nil {
		t.Fatalf("attempt 2, SMTP up: %v", err)
	}
	if keys := sentKeys(t, pool); len(keys) != 1 || keys[0] != "verify:feedface" {
		t.Fatalf("after sending, mail_sent = %v", keys)
	}
	mp.WaitFor(t, msg.To, "Välkommen", 10*time.Second)

	// The send is synchronous: had this run sent, Mailpit would have the
	// message by the time Work returns.
	if err := up.Work(ctx, job(3)); err != nil {
		t.Fatalf("attempt 3, already sent: %v", err)
	}
	if n := len(mp.Messages(t)); n != 1 {
		t.Errorf("%d messages in Mailpit, want 1", n)
	}

	last := job(MaxAttempts)
	last.MaxAttempts = MaxAttempts
	last.Args.Key = "verify:lastattempt"
	if err := down.Work(ctx, last); err == nil {
		t.Fatal("last attempt, SMTP down: Work succeeded")
	}

	out := logs.String()
	for _, leak := range []string{"asa.oberg", "Hej Åsa", "t0k3n", "feedface", "lastattempt"} {
		if strings.Contains(out, leak) {
			t.Errorf("the log contains %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{"River retries it", "given up", "mail: sent", "already sent", "a***@example.se", "kind=verify"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
}

// TestWorkerRetriesTheRecordOfASentMail makes the record of a sent mail fail,
// as it did once during a database restart ("sent, but recording it
// failed"), and the database come back a little later: the record must land
// then, with the Message-ID, so that a later job for the key sends nothing.
func TestWorkerRetriesTheRecordOfASentMail(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	mp := mailtest.Start(t)
	ctx := context.Background()
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	w := NewWorker(pool, NewSender(mustSMTP(t, mp.SMTPURL()), mustFrom(t, DefaultFrom)), log)

	// Until the flag row goes, every insert into mail_sent fails.
	if _, err := pool.Exec(ctx, `
		CREATE TABLE record_blocked (x int);
		INSERT INTO record_blocked VALUES (1);
		CREATE FUNCTION block_record() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF EXISTS (SELECT 1 FROM record_blocked) THEN
				RAISE EXCEPTION 'the database is restarting';
			END IF;
			RETURN NEW;
		END $$;
		CREATE TRIGGER block_record BEFORE INSERT ON mail_sent FOR EACH ROW EXECUTE FUNCTION block_record();`); err != nil {
		t.Fatal(err)
	}
	msg := testMessage("verify:recordlater")
	msg.MessageID = NewMessageID("portal.example.se")
	done := make(chan error, 1)
	go func() {
		done <- w.Work(ctx, &river.Job[SendArgs]{JobRow: &rivertype.JobRow{ID: 8, Attempt: 1}, Args: SendArgs(msg)})
	}()
	mp.WaitFor(t, msg.To, "Välkommen", 10*time.Second)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "trying again") {
		if time.Now().After(deadline) {
			t.Fatalf("no retry of the record logged:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM record_blocked`); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Work: %v", err)
	}
	var id string
	if err := pool.QueryRow(ctx, `SELECT message_id FROM mail_sent WHERE key = $1`, msg.Key).Scan(&id); err != nil {
		t.Fatalf("the sent mail was never recorded: %v\n%s", err, logs.String())
	}
	if id != msg.MessageID {
		t.Errorf("recorded Message-ID %q, want %q", id, msg.MessageID)
	}
	if strings.Contains(logs.String(), "recording it failed\"") || strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("an error was logged although the record landed:\n%s", logs.String())
	}
	if got := mp.Messages(t); len(got) != 1 || got[0].MessageID != msg.MessageID {
		t.Errorf("Mailpit has %d messages; want one with Message-ID %s", len(got), msg.MessageID)
	}
}
