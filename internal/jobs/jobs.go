package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"residens/internal/mail"
)

// Config is what the background work needs from the portal's configuration.
type Config struct {
	// SMTP is where mail is handed over (SMTP_URL).
	SMTP mail.SMTPConfig
	// From is the sender of every message (MAIL_FROM).
	From netmail.Address
	// Host is the site's host name (from BASE_URL), the right-hand side of
	// every Message-ID; empty takes the domain of From.
	Host string
	// Extensions are the areas' own jobs; none is fine (tests that only
	// queue mail).
	Extensions []Extension
}

// Extension is an area's background work: its workers and periodic jobs,
// registered on the portal's one River client. An area that sends mail from
// a job gets the queue through UseMail, since the queue needs the client
// that needs the workers.
type Extension interface {
	// Register adds the extension's workers.
	Register(*river.Workers) error
	// Periodic lists the jobs River's leader inserts on a schedule.
	Periodic() []*river.PeriodicJob
	// UseMail hands over the mail queue once the client exists, before
	// any job runs.
	UseMail(*mail.Queue)
}

// Every is the periodic job that River's leader inserts with args every
// interval, and once at start so that a restart never delays it. Each
// periodic job's args say, in InsertOpts, that one is unique per interval,
// so several instances starting at once insert it once.
func Every(id string, interval time.Duration, args river.JobArgs) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args, nil },
		&river.PeriodicJobOpts{ID: id, RunOnStart: true})
}

// Runner is the River client with the portal's workers and periodic jobs.
type Runner struct {
	client *river.Client[pgx.Tx]
	queue  *mail.Queue
	log    *slog.Logger
}

// completedJobRetention is how long a finished job stays in river_job. A mail
// job's arguments hold the message, links with live tokens included, so they
// are kept briefly; what prevents a second sending later is mail_sent, not the
// finished job.
const completedJobRetention = time.Hour

// JobTimeout is the longest any job may run before its context is cancelled.
// One mail is cut off after 30 seconds (the SMTP timeout) and the clean-up
// deletes in small batches, so two minutes is ample.
const JobTimeout = 2 * time.Minute

// RescueStuckJobsAfter is how long a job may stay running before River's
// leader takes it for abandoned (its instance died mid-job, kill -9 say) and
// schedules it again. River's default is an hour, which kept confirmation
// mails waiting that long. It must exceed the longest a live job can run, or
// a slow job still running would be run twice: JobTimeout, plus the minute a
// sent mail's record may be retried after the send (which does not heed the
// job's cancellation), plus a margin.
const RescueStuckJobsAfter = JobTimeout + 2*time.Minute

// hardStopGrace is how long Stop waits, after its own deadline, for jobs whose
// context it has cancelled to return.
const hardStopGrace = 5 * time.Second

// New builds the River client over pool with the mail and clean-up workers
// registered, the clean-up scheduled hourly, and cfg.Extensions' workers and
// periodic jobs added. Nothing runs until Start;
// Mail's Queue may insert jobs before that (they wait in the database).
func New(pool *pgxpool.Pool, cfg Config, log *slog.Logger) (*Runner, error) {
	if cfg.From.Address == "" {
		return nil, errors.New("jobs: no sender address (MAIL_FROM)")
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, mail.NewWorker(pool, mail.NewSender(cfg.SMTP, cfg.From), log)); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if err := river.AddWorkerSafely(workers, &cleanupWorker{pool: pool, log: log}); err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	periodic := []*river.PeriodicJob{
		Every("cleanup", CleanupInterval, CleanupArgs{}),
	}
	for _, ext := range cfg.Extensions {
		if err := ext.Register(workers); err != nil {
			return nil, fmt.Errorf("jobs: %w", err)
		}
		periodic = append(periodic, ext.Periodic()...)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues: map[string]river.QueueConfig{
			mail.QueueName:     {MaxWorkers: 4},
			river.QueueDefault: {MaxWorkers: 2},
		},
		Workers:                     workers,
		MaxAttempts:                 mail.MaxAttempts,
		JobTimeout:                  JobTimeout,
		RescueStuckJobsAfter:        RescueStuckJobsAfter,
		CompletedJobRetentionPeriod: completedJobRetention,
		// A mail that failed for good or was cancelled still holds its link
		// (a live token) in the job's arguments: keep it no longer than a
		// sent one, not River's default week.
		DiscardedJobRetentionPeriod: completedJobRetention,
		CancelledJobRetentionPeriod: completedJobRetention,
		PeriodicJobs:                periodic,
		Logger:                      riverLogger(log),
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: river client: %w", err)
	}
	host := cfg.Host
	if host == "" {
		host = cfg.From.Address[strings.LastIndexByte(cfg.From.Address, '@')+1:]
	}
	queue := mail.NewQueue(client, host)
	for _, ext := range cfg.Extensions {
		ext.UseMail(queue)
	}
	return &Runner{client: client, queue: queue, log: log}, nil
}

// Mail is the queue that handlers put their messages on.
func (r *Runner) Mail() *mail.Queue { return r.queue }

// Start starts fetching and working jobs in the background. Cancelling ctx is
// a hard stop that cancels running jobs too; for a graceful one, pass a
// context that outlives the work and call Stop.
func (r *Runner) Start(ctx context.Context) error {
	if err := r.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop stops fetching new jobs and waits for running ones to finish. When ctx
// ends first, it cancels what still runs (a cancelled mail is retried later,
// here or on another instance), waits a few seconds more for it to return,
// and reports ctx's error.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.client.Stop(ctx)
	if err == nil {
		return nil
	}
	r.log.Warn("jobs: running jobs did not finish in time; cancelling them")
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), hardStopGrace)
	defer cancel()
	if herr := r.client.StopAndCancel(hctx); herr != nil {
		err = errors.Join(err, herr)
	}
	return fmt.Errorf("jobs: stop: %w", err)
}

// riverLogger passes River's own messages on from warnings up: at info it
// narrates every leader election and maintenance pass.
func riverLogger(log *slog.Logger) *slog.Logger {
	return slog.New(minLevel{log.Handler(), slog.LevelWarn}).With("component", "river")
}

// minLevel drops records below level.
type minLevel struct {
	slog.Handler
	level slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(as []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(as), h.level}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.level}
}
