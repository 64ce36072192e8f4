package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/mail"
	"residens/internal/mailtest"
)

// waitTimeout bounds every wait for the queue to get something done; it only
// turns a hang into a failure, it never decides a pass.
const waitTimeout = 30 * time.Second

// testConfig sends to smtpURL as the default sender.
func testConfig(t *testing.T, smtpURL string) Config {
	t.Helper()
	smtp, err := mail.ParseSMTPURL(smtpURL)
	if err != nil {
		t.Fatal(err)
	}
	from, err := mail.ParseFrom("Residens <noreply@residens.invalid>")
	if err != nil {
		t.Fatal(err)
	}
	return Config{SMTP: smtp, From: from}
}

// startRunner starts a Runner over pool and stops it when the test ends.
func startRunner(t *testing.T, pool *pgxpool.Pool, cfg Config) *Runner {
	t.Helper()
	r, err := New(pool, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return r
}

// message renders a Swedish message as the areas will.
func message(t *testing.T, to, key, subject string) mail.Message {
	t.Helper()
	body := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<p>Hej!</p><p>Du har bjudits in till Residens. Välj ditt lösenord här: <a href="http://127.0.0.1:8080/inbjudan/abc">välj lösenord</a>.</p>`)
		return err
	})
	text, html, err := mail.Render(context.Background(), subject, body)
	if err != nil {
		t.Fatal(err)
	}
	return mail.Message{To: to, Subject: subject, Text: text, HTML: html, Key: key}
}

// enqueue queues msg in a transaction of its own that commits.
func enqueue(t *testing.T, pool *pgxpool.Pool, q *mail.Queue, msg mail.Message) {
	t.Helper()
	err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error { return q.Enqueue(context.Background(), tx, msg) })
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
}

// jobStates lists the states of the mail jobs for key.
func jobStates(t *testing.T, pool *pgxpool.Pool, key string) []string {
	t.Helper()
	var states []string
	err := pool.QueryRow(context.Background(),
		`SELECT coalesce(array_agg(state::text ORDER BY id), '{}') FROM river_job WHERE kind = 'mail.send' AND args->>'key' = $1`, key).Scan(&states)
	if err != nil {
		t.Fatal(err)
	}
	return states
}

// waitJobsDone waits until every mail job for key has completed.
func waitJobsDone(t *testing.T, pool *pgxpool.Pool, key string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		states := jobStates(t, pool, key)
		done := len(states) > 0
		for _, s := range states {
			done = done && s == "completed"
		}
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("mail jobs for %s: %v after %s, want all completed", key, states, waitTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestMailSentOnlyWhenCommitted(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	mp := mailtest.Start(t)
	r := startRunner(t, pool, testConfig(t, mp.SMTPURL()))
	ctx := context.Background()

	t.Run("rolled back: nothing queued", func(t *testing.T) {
		err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
			if err := r.Mail().Enqueue(ctx, tx, message(t, "rulle@example.se", "invite:rolledback", "Inbjudan till Residens")); err != nil {
				return err
			}
			return errors.New("the change fails")
		})
		if err == nil || err.Error() != "the change fails" {
			t.Fatalf("InTx = %v", err)
		}
		if states := jobStates(t, pool, "invite:rolledback"); len(states) != 0 {
			t.Fatalf("jobs %v exist for a rolled-back change", states)
		}
	})

	t.Run("committed: sent", func(t *testing.T) {
		enqueue(t, pool, r.Mail(), message(t, "Kim.Larsson@example.se", "invite:committed", "Inbjudan till Residens – välj lösenord"))
		got := mp.WaitFor(t, "kim.larsson@example.se", "Inbjudan till Residens", waitTimeout)
		if got.Subject != "Inbjudan till Residens – välj lösenord" {
			t.Errorf("subject = %q", got.Subject)
		}
		if got.From.Address != "noreply@residens.invalid" || got.From.Name != "Residens" {
			t.Errorf("from = %+v", got.From)
		}
		if len(got.To) != 1 || got.To[0].Address != "Kim.Larsson@example.se" {
			t.Errorf("to = %+v", got.To)
		}
		if !strings.Contains(got.Text, "Välj ditt lösenord här: välj lösenord <http://127.0.0.1:8080/inbjudan/abc>") {
			t.Errorf("text body:\n%s", got.Text)
		}
		if !strings.Contains(got.HTML, `lang="sv"`) || !strings.Contains(got.HTML, `<h1`) || !strings.Contains(got.HTML, "Du har bjudits in") {
			t.Errorf("html body:\n%s", got.HTML)
		}
		if link := mp.Link(t, got, "http://127.0.0.1:8080/inbjudan/"); link != "http://127.0.0.1:8080/inbjudan/abc" {
			t.Errorf("link = %q", link)
		}
	})

	t.Run("only the committed one went out", func(t *testing.T) {
		waitJobsDone(t, pool, "invite:committed")
		msgs := mp.Messages(t)
		if len(msgs) != 1 || !msgs[0].SentTo("kim.larsson@example.se") {
			t.Errorf("Mailpit has %d messages, want only the committed one", len(msgs))
		}
	})
}

func TestMailSameKeySentOnce(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	mp := mailtest.Start(t)
	r := startRunner(t, pool, testConfig(t, mp.SMTPURL()))
	const key = "verify:0a1b2c"

	// Two transactions report the same change (say a double submit that
	// both committed): one job.
	enqueue(t, pool, r.Mail(), message(t, "dubbel@example.se", key, "Bekräfta din e-postadress"))
	enqueue(t, pool, r.Mail(), message(t, "dubbel@example.se", key, "Bekräfta din e-postadress (igen)"))
	if states := jobStates(t, pool, key); len(states) != 1 {
		t.Fatalf("%d jobs for one key, want 1", len(states))
	}
	waitJobsDone(t, pool, key)

	// Once River has cleaned the finished job away, the same key can be
	// queued again; the worker finds it in mail_sent and sends nothing.
	if _, err := pool.Exec(context.Background(), `DELETE FROM river_job WHERE kind = 'mail.send'`); err != nil {
		t.Fatal(err)
	}
	enqueue(t, pool, r.Mail(), message(t, "dubbel@example.se", key, "Bekräfta din e-postadress (tredje)"))
	waitJobsDone(t, pool, key)

	msgs := mp.Messages(t)
	if len(msgs) != 1 || msgs[0].Subject != "Bekräfta din e-postadress" {
		var subjects []string
		for _, m := range msgs {
			subjects = append(subjects, m.Subject)
		}
		t.Errorf("Mailpit has %q, want the first message once", subjects)
	}
}

func TestMailRetriedUntilSMTPAnswers(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	mp := mailtest.Start(t)
	ctx := context.Background()
	// The SMTP server is down (a port nobody listens on): the first attempt
	// fails and the job waits for its retry.
	r := startRunner(t, pool, testConfig(t, "smtp://"+closedAddr(t)))
	enqueue(t, pool, r.Mail(), message(t, "retry.person@example.se", "reset:77", "Återställ ditt lösenord"))
	deadline := time.Now().Add(waitTimeout)
	for {
		var state string
		err := pool.QueryRow(ctx, `SELECT state::text FROM river_job WHERE kind = 'mail.send'`).Scan(&state)
		if err != nil {
			t.Fatal(err)
		}
		if state == "retryable" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job state %s after %s; want retryable after a failed attempt", state, waitTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := r.Stop(stopCtx); err != nil {
		t.Fatal(err)
	}
	// River may have retried once more before it stopped; count what failed.
	var failed int
	var firstErr string
	err := pool.QueryRow(ctx, `SELECT attempt, errors[1]->>'error' FROM river_job WHERE kind = 'mail.send'`).Scan(&failed, &firstErr)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(firstErr, "retry.person") || !strings.Contains(firstErr, "r***@example.se") {
		t.Errorf("the recorded error %q should name the recipient masked", firstErr)
	}

	// The server is back (here: another instance, configured right, takes
	// over), and the retry is made due now rather than after the backoff.
	if _, err := pool.Exec(ctx, `UPDATE river_job SET state = 'available', scheduled_at = now() WHERE kind = 'mail.send'`); err != nil {
		t.Fatal(err)
	}
	startRunner(t, pool, testConfig(t, mp.SMTPURL()))
	got := mp.WaitFor(t, "retry.person@example.se", "Återställ", waitTimeout)
	if got.Subject != "Återställ ditt lösenord" {
		t.Errorf("subject = %q", got.Subject)
	}
	waitJobsDone(t, pool, "reset:77")
	var attempt, errs int
	if err := pool.QueryRow(ctx, `SELECT attempt, coalesce(array_length(errors, 1), 0) FROM river_job WHERE kind = 'mail.send'`).Scan(&attempt, &errs); err != nil {
		t.Fatal(err)
	}
	if attempt != failed+1 || errs != failed {
		t.Errorf("sent on attempt %d with %d errors recorded, want attempt %d after %d failures", attempt, errs, failed+1, failed)
	}
	if n := len(mp.Messages(t)); n != 1 {
		t.Errorf("%d messages in Mailpit, want 1", n)
	}
}

func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// gate is an SMTP proxy to Mailpit that holds each connection until opened:
// a send through it is a job that runs until the test lets it finish.
type gate struct {
	ln      net.Listener
	target  string
	open    chan struct{}
	arrived chan struct{}
	once    sync.Once
}

func newGate(t *testing.T, target string) *gate {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{ln: ln, target: target, open: make(chan struct{}), arrived: make(chan struct{})}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go g.serve(c)
		}
	}()
	return g
}

func (g *gate) serve(c net.Conn) {
	defer c.Close()
	g.once.Do(func() { close(g.arrived) })
	<-g.open
	up, err := net.Dial("tcp", g.target)
	if err != nil {
		return
	}
	defer up.Close()
	go func() { _, _ = io.Copy(up, c) }()
	_, _ = io.Copy(c, up)
}

func (g *gate) smtpURL() string { return "smtp://" + g.ln.Addr().String() }

// TestStopLetsRunningMailFinish: Stop stops fetching but waits for a send in
// progress, when it finishes within Stop's deadline.
func TestStopLetsRunningMailFinish(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	mp := mailtest.Start(t)
	g := newGate(t, strings.TrimPrefix(mp.SMTPURL(), "smtp://"))
	r, err := New(pool, testConfig(t, g.smtpURL()), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	enqueue(t, pool, r.Mail(), message(t, "stopp@example.se", "invite:stop", "Inbjudan"))
	select {
	case <-g.arrived: // the job is running, held at the gate
	case <-time.After(waitTimeout):
		t.Fatal("the mail job never connected")
	}

	stopped := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		stopped <- r.Stop(ctx)
	}()
	close(g.open)
	if err := <-stopped; err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if states := jobStates(t, pool, "invite:stop"); len(states) != 1 || states[0] != "completed" {
		t.Errorf("job states %v after Stop, want completed", states)
	}
	if msgs := mp.Messages(t); len(msgs) != 1 {
		t.Errorf("%d messages in Mailpit, want 1", len(msgs))
	}
}

// TestStopCancelsMailPastDeadline: a send still running when Stop's deadline
// passes is cancelled, recorded as not sent, and left for a retry.
func TestStopCancelsMailPastDeadline(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	mp := mailtest.Start(t)
	g := newGate(t, strings.TrimPrefix(mp.SMTPURL(), "smtp://")) // never opened
	r, err := New(pool, testConfig(t, g.smtpURL()), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	enqueue(t, pool, r.Mail(), message(t, "stopp@example.se", "invite:hard", "Inbjudan"))
	select {
	case <-g.arrived:
	case <-time.After(waitTimeout):
		t.Fatal("the mail job never connected")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = r.Stop(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stop = %v, want the deadline", err)
	}
	// River puts a job cut off by its client's stop back as available (or
	// retryable, had the error been recorded first): either way it runs again.
	if states := jobStates(t, pool, "invite:hard"); len(states) != 1 || (states[0] != "available" && states[0] != "retryable") {
		t.Errorf("job states %v after a hard stop, want available or retryable", states)
	}
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM mail_sent`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("mail_sent has %d rows for a send that was cut off", n)
	}
}

func TestNewRefusesMissingSender(t *testing.T) {
	t.Parallel()
	if _, err := New(nil, Config{}, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "MAIL_FROM") {
		t.Errorf("New without a sender = %v, want an error naming MAIL_FROM", err)
	}
}
