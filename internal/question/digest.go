package question

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/jobs"
	"residens/internal/mail"
	"residens/web/ui"
)

// DigestInterval is how often the digest job looks for what to send. Each
// consultant gets one digest a day (the mail's key names the day), so an
// hourly run costs nothing more and a restart never loses a day.
const DigestInterval = time.Hour

// DigestHour is the hour (Europe/Stockholm) from which a day's digest goes.
const DigestHour = 7

// DigestArgs is the periodic job that mails each consultant their overdue
// questions.
type DigestArgs struct{}

// Kind names the job in river_job.kind.
func (DigestArgs) Kind() string { return "question.digest" }

// InsertOpts makes the job unique per interval.
func (DigestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByPeriod: DigestInterval}}
}

// Digest is the daily digest of overdue questions, plugged into the
// background jobs as a jobs.Extension.
type Digest struct {
	store *Store
	log   *slog.Logger
}

var _ jobs.Extension = (*Digest)(nil)

// NewDigest returns the digest over store's database, clock and answer
// days; its mail queue comes with UseMail.
func NewDigest(store *Store, log *slog.Logger) *Digest {
	return &Digest{store: store, log: log}
}

// Register adds the digest worker.
func (d *Digest) Register(w *river.Workers) error {
	return river.AddWorkerSafely(w, &digestWorker{d: d})
}

// Periodic schedules the digest every DigestInterval, and at start.
func (d *Digest) Periodic() []*river.PeriodicJob {
	return []*river.PeriodicJob{jobs.Every("question-digest", DigestInterval, DigestArgs{})}
}

// UseMail sets the queue the digests are put on.
func (d *Digest) UseMail(q *mail.Queue) { d.store.mail = q }

type digestWorker struct {
	river.WorkerDefaults[DigestArgs]
	d *Digest
}

// Work queues the day's digests.
func (w *digestWorker) Work(ctx context.Context, _ *river.Job[DigestArgs]) error {
	n, err := w.d.Send(ctx)
	if n > 0 {
		w.d.log.Info("question digest: queued", "consultants", n)
	}
	return err
}

// digestItem is one overdue question in a digest.
type digestItem struct {
	Number, Topic, Received, Link string
}

// Send queues today's digest to each consultant with overdue questions
// assigned to them and returns to how many consultants it handed one. It
// sends on working days from DigestHour. It is idempotent per consultant and
// day: the mail's key is the consultant and the date, and the queue takes
// and sends a key once, so a later run the same day adds nothing.
func (d *Digest) Send(ctx context.Context) (int, error) {
	s := d.store
	if s.mail == nil {
		return 0, errors.New("question: digest: no mail queue")
	}
	now := s.now()
	today := civil.Today(now)
	if !civil.IsWorkingDay(today) || now.In(civil.Stockholm).Hour() < DigestHour {
		return 0, nil
	}
	rows, err := s.pool.Query(ctx, selectQuestion+`
		WHERE q.state IN ('ny', 'pagar') AND q.assignee_id IS NOT NULL AND u.disabled_at IS NULL
		ORDER BY q.assignee_id, q.awaiting_since, q.id`)
	if err != nil {
		return 0, fmt.Errorf("question: digest: %w", err)
	}
	open, err := pgx.CollectRows(rows, scanQuestion)
	if err != nil {
		return 0, fmt.Errorf("question: digest: %w", err)
	}
	due := map[int64][]digestItem{}
	var order []int64
	for _, q := range open {
		if !Overdue(q.State, q.AwaitingSince, now, s.days) {
			continue
		}
		if _, ok := due[q.AssigneeID]; !ok {
			order = append(order, q.AssigneeID)
		}
		due[q.AssigneeID] = append(due[q.AssigneeID], digestItem{Number: q.Number, Topic: TopicLabel(q.Topic),
			Received: civil.Date(civil.Today(q.ReceivedAt)), Link: s.base + consultantPath(q.ID)})
	}
	n := 0
	for _, uid := range order {
		items := due[uid]
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			var email string
			if err := tx.QueryRow(ctx, `SELECT email FROM users WHERE id = $1`, uid).Scan(&email); err != nil {
				return fmt.Errorf("question: digest to %d: %w", uid, err)
			}
			subject := "Frågor som väntar på svar: " + ui.ID(int64(len(items)))
			text, html, err := mail.Render(ctx, subject, DigestMail(items, s.base+inboxPath))
			if err != nil {
				return fmt.Errorf("question: digest mail: %w", err)
			}
			return s.mail.Enqueue(ctx, tx, mail.Message{To: email, Subject: subject, Text: text, HTML: html,
				Key: "question-digest:" + ui.ID(uid) + ":" + civil.ISODate(today)})
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
