package booking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"residens/internal/civil"
	"residens/internal/jobs"
	"residens/internal/mail"
)

// ReminderInterval is how often the job looks for meetings to remind of. A
// meeting is reminded of on the day before it, so a quarter of an hour late
// at worst is early enough, and a restart never costs a reminder.
const ReminderInterval = 15 * time.Minute

// ReminderArgs is the periodic job that e-mails a reminder the day before
// each confirmed advisory meeting.
type ReminderArgs struct{}

// Kind names the job in river_job.kind; it is the name the job had before
// it moved here, so rows already queued are still worked.
func (ReminderArgs) Kind() string { return "booking.reminders" }

// InsertOpts makes the job unique per interval, as the clean-up is.
func (ReminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: 3,
		UniqueOpts:  river.UniqueOpts{ByPeriod: ReminderInterval},
	}
}

// Reminders is the day-before reminder of advisory meetings, plugged into
// the background jobs as a jobs.Extension. It lives here rather than in
// package jobs because it writes about bookings in the booking area's own
// words and gives the booker a fresh manage link, which needs the site's
// base URL.
type Reminders struct {
	pool *pgxpool.Pool
	now  func() time.Time
	log  *slog.Logger
	mail mailer // its queue is set by UseMail once the River client exists
}

var _ jobs.Extension = (*Reminders)(nil)

// NewReminders returns the reminder job over pool, with manage links under
// baseURL, from (MAIL_FROM's address) as the calendar files' organizer and
// now telling the time.
func NewReminders(pool *pgxpool.Pool, baseURL *url.URL, from string, now func() time.Time, log *slog.Logger) *Reminders {
	return &Reminders{pool: pool, now: now, log: log, mail: newMailer(nil, baseURL, from)}
}

// Register adds the reminder worker.
func (r *Reminders) Register(w *river.Workers) error {
	return river.AddWorkerSafely(w, &reminderWorker{r: r})
}

// Periodic schedules the reminders every ReminderInterval, and once at
// Start so that a restart never delays one.
func (r *Reminders) Periodic() []*river.PeriodicJob {
	return []*river.PeriodicJob{jobs.Every("booking-reminders", ReminderInterval, ReminderArgs{})}
}

// UseMail sets the queue the reminders are put on.
func (r *Reminders) UseMail(q *mail.Queue) { r.mail.queue = q }

// reminderWorker is River's handle on Reminders.
type reminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	r *Reminders
}

// Work queues the reminders that are due.
func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[ReminderArgs]) error {
	n, err := w.r.Remind(ctx)
	if n > 0 {
		w.r.log.Info("reminders: queued", "bookings", n)
	}
	return err
}

// tomorrow is the span of the next calendar day in Europe/Stockholm after
// the one holding now: 23, 24 or 25 hours long.
func tomorrow(now time.Time) (from, to time.Time) {
	y, m, d := now.In(civil.Stockholm).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, civil.Stockholm), time.Date(y, m, d+2, 0, 0, 0, 0, civil.Stockholm)
}

// Remind queues a reminder to the booker and the consultant of each
// confirmed booking that starts tomorrow and has had none, and returns how
// many bookings it reminded of; the periodic job calls it. Each booking has
// its own transaction: the two messages, the booker's new manage link and
// reminder_sent_at commit together, and a row another run holds is skipped
// rather than waited for, so it is reminded of once.
func (r *Reminders) Remind(ctx context.Context) (int, error) {
	if !r.mail.enabled() {
		return 0, errors.New("booking: reminders: no mail queue")
	}
	now := r.now()
	from, to := tomorrow(now)
	ids, err := dueReminders(ctx, r.pool, from, to)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, id := range ids {
		sent, err := r.remindOne(ctx, id, from, to, now)
		if err != nil {
			// One broken booking must not hold up the others' reminders;
			// the job fails and River runs it again.
			errs = append(errs, err)
			continue
		}
		if sent {
			n++
		}
	}
	return n, errors.Join(errs...)
}

// remindOne reminds of booking id if it is still a confirmed meeting
// between from and to without a reminder, and reports whether it did.
func (r *Reminders) remindOne(ctx context.Context, id int64, from, to, now time.Time) (bool, error) {
	tx, err := r.pool.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("booking: reminder %d: %w", id, err)
	}
	defer tx.Rollback(ctx)
	b, err := Load(ctx, tx, Lookup{ID: id, DueFrom: from, DueTo: to})
	if errors.Is(err, ErrNotFound) {
		return false, nil // changed, reminded or being reminded meanwhile
	}
	if err != nil {
		return false, err
	}
	token, err := AddLink(ctx, tx, b.ID, now)
	if err != nil {
		return false, err
	}
	if err := r.mail.reminders(ctx, tx, b, token, now); err != nil {
		return false, fmt.Errorf("booking: reminder %d: %w", id, err)
	}
	if err := markReminded(ctx, tx, id, now); err != nil {
		return false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("booking: reminder %d: %w", id, err)
	}
	return true, nil
}
