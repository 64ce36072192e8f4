package event

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/jobs"
	"residens/internal/mail"
)

// How often the jobs run: an offer lapses within a minute of its time, a
// reminder goes within a quarter of an hour of two days before the start,
// and the purge runs hourly (a day late at worst would do).
const (
	ExpiryInterval   = time.Minute
	ReminderInterval = 15 * time.Minute
	PurgeInterval    = time.Hour
)

// ReminderBefore is how long before the start the reminder goes.
const ReminderBefore = 48 * time.Hour

// NeedsKept is how long after the event the needs (food, access) are kept.
const NeedsKept = 30 * 24 * time.Hour

// DefaultRetentionMonths is how many months after the event names and
// e-mail addresses are kept when EVENT_RETENTION sets nothing.
const DefaultRetentionMonths = 12

// ExpiryArgs is the periodic job that lapses unanswered offers.
type ExpiryArgs struct{}

// Kind names the job in river_job.kind.
func (ExpiryArgs) Kind() string { return "event.offer_expiry" }

// InsertOpts makes the job unique per interval.
func (ExpiryArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByPeriod: ExpiryInterval}}
}

// ReminderArgs is the periodic job that reminds participants two days
// before the start.
type ReminderArgs struct{}

// Kind names the job in river_job.kind.
func (ReminderArgs) Kind() string { return "event.reminders" }

// InsertOpts makes the job unique per interval.
func (ReminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByPeriod: ReminderInterval}}
}

// PurgeArgs is the periodic job that blanks the sign-ups' personal data.
type PurgeArgs struct{}

// Kind names the job in river_job.kind.
func (PurgeArgs) Kind() string { return "event.purge" }

// InsertOpts makes the job unique per interval.
func (PurgeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByPeriod: PurgeInterval}}
}

// Jobs are the events' background work (offer expiry, reminders, purge),
// plugged into package jobs as an Extension; its store gets the mail queue
// once the River client exists.
type Jobs struct {
	store  *Store
	months int
	log    *slog.Logger
}

var _ jobs.Extension = (*Jobs)(nil)

// NewJobs returns the jobs over pool with links under baseURL; months is
// how long after an event names and addresses are kept (EVENT_RETENTION;
// 0 is DefaultRetentionMonths).
func NewJobs(pool *pgxpool.Pool, baseURL string, months int, now func() time.Time, log *slog.Logger) *Jobs {
	if months <= 0 {
		months = DefaultRetentionMonths
	}
	return &Jobs{store: NewStore(pool, nil, baseURL, now), months: months, log: log}
}

// Store is the jobs' store, for tests that call the work directly.
func (j *Jobs) Store() *Store { return j.store }

// Register adds the workers.
func (j *Jobs) Register(w *river.Workers) error {
	return errors.Join(river.AddWorkerSafely(w, &expiryWorker{j: j}),
		river.AddWorkerSafely(w, &reminderWorker{j: j}), river.AddWorkerSafely(w, &purgeWorker{j: j}))
}

// Periodic schedules the three jobs, each once at Start too.
func (j *Jobs) Periodic() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		jobs.Every("event-offer-expiry", ExpiryInterval, ExpiryArgs{}),
		jobs.Every("event-reminders", ReminderInterval, ReminderArgs{}),
		jobs.Every("event-purge", PurgeInterval, PurgeArgs{}),
	}
}

// UseMail sets the queue the jobs' e-mails go on.
func (j *Jobs) UseMail(q *mail.Queue) { j.store.mail = q }

type expiryWorker struct {
	river.WorkerDefaults[ExpiryArgs]
	j *Jobs
}

// Work lapses the due offers and passes their seats on.
func (w *expiryWorker) Work(ctx context.Context, _ *river.Job[ExpiryArgs]) error {
	n, err := w.j.store.ExpireOffers(ctx)
	if n > 0 {
		w.j.log.Info("events: offers expired", "offers", n)
	}
	return err
}

type reminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	j *Jobs
}

// Work queues the reminders that are due.
func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[ReminderArgs]) error {
	n, err := w.j.store.Remind(ctx)
	if n > 0 {
		w.j.log.Info("events: reminders queued", "signups", n)
	}
	return err
}

type purgeWorker struct {
	river.WorkerDefaults[PurgeArgs]
	j *Jobs
}

// Work blanks what is due.
func (w *purgeWorker) Work(ctx context.Context, _ *river.Job[PurgeArgs]) error {
	needs, personal, err := w.j.store.Purge(ctx, w.j.months)
	if needs+personal > 0 {
		w.j.log.Info("events: personal data purged", "needs", needs, "personal", personal)
	}
	return err
}

// Remind queues the reminder to every seated sign-up of a published event
// that starts within ReminderBefore and has not begun, and that has had
// none, and returns how many it reminded. Those seated within the last
// ReminderBefore got their confirmation (with the calendar file) then, so
// a reminder would only repeat it at once: they get none. Each sign-up has its own
// transaction; a row another run holds is skipped, so each is reminded
// once.
func (s *Store) Remind(ctx context.Context) (int, error) {
	if s.mail == nil {
		return 0, errors.New("event: reminders: no mail queue")
	}
	now := s.now()
	rows, err := s.pool.Query(ctx, `
		SELECT s.id FROM event_signups s JOIN events e ON e.id = s.event_id
		WHERE s.state = 'seated' AND s.reminded_at IS NULL AND e.status = 'published'
			AND e.starts_at > $1 AND e.starts_at <= $2 AND s.personal_purged_at IS NULL
			AND (s.seated_at IS NULL OR s.seated_at < e.starts_at - make_interval(secs => $3))
		ORDER BY s.id`, now, now.Add(ReminderBefore), ReminderBefore.Seconds())
	if err != nil {
		return 0, fmt.Errorf("event: due reminders: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("event: due reminders: %w", err)
	}
	n := 0
	var errs []error
	for _, id := range ids {
		err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
			var ok bool
			if err := tx.QueryRow(ctx, `
				SELECT true FROM event_signups WHERE id = $1 AND state = 'seated' AND reminded_at IS NULL
				FOR UPDATE SKIP LOCKED`, id).Scan(&ok); err != nil {
				if db.IsNoRows(err) {
					return nil
				}
				return err
			}
			su, err := loadSignup(ctx, tx, signupLookup{id: id})
			if err != nil {
				return err
			}
			if err := s.mailReminder(ctx, tx, su); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE event_signups SET reminded_at = $2 WHERE id = $1`, id, now); err != nil {
				return err
			}
			n++
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("event: reminder %d: %w", id, err))
		}
	}
	return n, errors.Join(errs...)
}

// Purge blanks the needs of sign-ups to events that ended NeedsKept ago,
// and the names, e-mail addresses, organisations and free texts of those
// that ended months ago, and returns how many of each it blanked. The
// rows stay, with their states, so the counts (signed up, attended,
// waiting) are kept for statistics; a purged sign-up's manage link no
// longer opens.
func (s *Store) Purge(ctx context.Context, months int) (needs, personal int64, err error) {
	now := s.now()
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE event_signups s SET needs = '', needs_purged_at = $1
			FROM events e WHERE e.id = s.event_id AND s.needs_purged_at IS NULL AND e.ends_at <= $2`,
			now, now.Add(-NeedsKept))
		if err != nil {
			return fmt.Errorf("event: purge needs: %w", err)
		}
		needs = tag.RowsAffected()
		tag, err = tx.Exec(ctx, `
			UPDATE event_signups s SET name = '', email = '', organisation = '', looking_for = '', needs = '',
				public_consent = false, needs_purged_at = coalesce(needs_purged_at, $1), personal_purged_at = $1
			FROM events e WHERE e.id = s.event_id AND s.personal_purged_at IS NULL AND e.ends_at <= $2`,
			now, now.AddDate(0, -months, 0))
		if err != nil {
			return fmt.Errorf("event: purge personal data: %w", err)
		}
		personal = tag.RowsAffected()
		if needs+personal == 0 {
			return nil
		}
		return audit.Record(ctx, tx, audit.Entry{Action: audit.EventSignupsPurged, ActorName: "Systemet",
			Target: "anmälningar till evenemang", Detail: map[string]any{"needs": needs, "personal": personal}})
	})
	return needs, personal, err
}
