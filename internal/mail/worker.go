package mail

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
)

// Worker is the River worker for SendArgs: it sends each Key once.
//
// River's unique insert already keeps a second job for a key out of the queue
// while the first is queued, running or recently done. The worker adds a
// lasting record: it records the key in mail_sent once the SMTP server has
// taken the message, and a job whose key is recorded sends nothing. That
// covers a key queued again after River has cleaned the finished job away, and
// a job run again because River lost its completion. A record that fails (the
// database restarting just then) is tried again for up to a minute. What
// remains is a crash between the server's acceptance and the record, after
// which the retry sends a second copy (with the same Message-ID, so mail
// systems can tell).
//
// No transaction is held open during the send: that would keep a database
// connection from the pool, which the web requests share, for as long as an
// SMTP server takes to answer.
type Worker struct {
	river.WorkerDefaults[SendArgs]
	pool   *pgxpool.Pool
	sender *Sender
	log    *slog.Logger
}

// NewWorker returns the worker that sends through sender and records sent
// keys in pool's mail_sent table.
func NewWorker(pool *pgxpool.Pool, sender *Sender, log *slog.Logger) *Worker {
	return &Worker{pool: pool, sender: sender, log: log}
}

// recordTimeout bounds the retries of the record after a send, which must
// not be cut short by the job's own context ending (a shutdown) once the
// message is out: long enough to outlast a database restart.
const recordTimeout = time.Minute

// Work sends the job's message unless its key was sent before. Logs name the
// key's kind and the masked recipient, never the key itself or the bodies.
func (w *Worker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	a := job.Args
	logArgs := []any{"job_id", job.ID, "attempt", job.Attempt, "kind", keyKind(a.Key), "to", MaskAddress(a.To)}
	var sent bool
	if err := w.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM mail_sent WHERE key = $1)`, a.Key).Scan(&sent); err != nil {
		return fmt.Errorf("mail: look up key: %w", err)
	}
	if sent {
		w.log.Info("mail: already sent; not sending again", logArgs...)
		return nil
	}
	if err := w.sender.Send(ctx, a.message()); err != nil {
		if job.MaxAttempts > 0 && job.Attempt >= job.MaxAttempts {
			w.log.Error("mail: send failed for the last time; the message is given up", append(logArgs, "err", err)...)
		} else {
			w.log.Warn("mail: send failed; River retries it", append(logArgs, "err", err)...)
		}
		return err
	}
	if err := w.record(ctx, a, logArgs); err != nil {
		// The message is out, so the job has done its work: failing it would
		// have River send it again at once. Only a later job for this key
		// could now send a second copy.
		w.log.Error("mail: sent, but recording it failed", append(logArgs, "err", err)...)
		return nil
	}
	w.log.Info("mail: sent", logArgs...)
	return nil
}

// record writes the key to mail_sent, trying again with a growing pause
// until it lands or recordTimeout has passed: a send that went out during a
// database restart is still recorded once the database is back.
func (w *Worker) record(ctx context.Context, a SendArgs, logArgs []any) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	pause := 100 * time.Millisecond
	for try := 1; ; try++ {
		_, err := w.pool.Exec(rctx, `INSERT INTO mail_sent (key, message_id) VALUES ($1, nullif($2, ''))
			ON CONFLICT (key) DO NOTHING`, a.Key, a.MessageID)
		if err == nil {
			return nil
		}
		if try == 1 {
			w.log.Warn("mail: sent, but recording it failed; trying again", append(logArgs, "err", err)...)
		}
		select {
		case <-rctx.Done():
			return fmt.Errorf("after %d tries: %w", try, err)
		case <-time.After(pause):
		}
		pause = min(2*pause, 2*time.Second)
	}
}
