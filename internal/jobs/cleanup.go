package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"residens/internal/throttle"
)

// CleanupInterval is how often the clean-up runs (and once at each start of
// the leading instance).
const CleanupInterval = time.Hour

// CleanupArgs is the periodic job that deletes expired rows.
type CleanupArgs struct{}

// Kind names the job in river_job.kind.
func (CleanupArgs) Kind() string { return "cleanup" }

// InsertOpts makes the job unique per interval: an instance that starts
// (RunOnStart) soon after another ran it adds nothing.
func (CleanupArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: 3,
		UniqueOpts:  river.UniqueOpts{ByPeriod: CleanupInterval},
	}
}

// cleanups are the deletions, each with the reason its rows may go.
var cleanups = []struct{ name, sql string }{
	// A session past its absolute limit can never be used again.
	{"sessions", `DELETE FROM sessions WHERE expires_at < now()`},
	// Tokens are kept a month past their expiry, so that a late click can
	// still be told "this link has expired" rather than "unknown link".
	{"tokens", `DELETE FROM tokens WHERE expires_at < now() - interval '30 days'`},
	// Failed sign-ins and uses of the anonymous forms: no rule of the
	// throttle looks back further than throttle.Keep (a day).
	{"throttle_events", `DELETE FROM throttle_events WHERE at < now() - interval '` +
		strconv.Itoa(int(throttle.Keep/time.Second)) + ` seconds'`},
	// mail_sent stops a change's message going out twice. Keys name
	// tokens and changes that are long settled after 90 days.
	{"mail_sent", `DELETE FROM mail_sent WHERE sent_at < now() - interval '90 days'`},
	// A booking's manage links answer 404 from 30 days after the meeting
	// on; the further links the e-mails made (a proposed time, reminders)
	// go then.
	{"booking_links", `DELETE FROM booking_links l USING bookings b
		WHERE l.booking_id = b.id AND upper(b.during) < now() - interval '30 days'`},
}

// cleanupWorker runs the deletions.
type cleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	pool *pgxpool.Pool
	log  *slog.Logger
}

// Work deletes what has expired, one statement at a time: each stands alone,
// and short statements hold their locks briefly.
func (w *cleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	attrs := make([]any, 0, 2*len(cleanups))
	for _, c := range cleanups {
		tag, err := w.pool.Exec(ctx, c.sql)
		if err != nil {
			return fmt.Errorf("jobs: cleanup %s: %w", c.name, err)
		}
		attrs = append(attrs, c.name, tag.RowsAffected())
	}
	w.log.Info("cleanup: expired rows deleted", attrs...)
	// Applications are not deleted but emptied of personal data once
	// their call's retention period has passed.
	n, err := PurgeApplications(ctx, w.pool, time.Now())
	if err != nil {
		return err
	}
	if n > 0 {
		w.log.Info("cleanup: applications purged of personal data", "applications", n)
	}
	return nil
}
