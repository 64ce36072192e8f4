package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"residens/internal/civil"
	"residens/internal/ical"
	"residens/internal/mail"
)

// ReminderInterval is how often the job looks for meetings to remind of. A
// meeting is reminded of on the day before it, so a quarter of an hour late
// at worst is early enough, and a restart never costs a reminder.
const ReminderInterval = 15 * time.Minute

// ReminderArgs is the periodic job that e-mails a reminder the day before
// each confirmed advisory meeting.
type ReminderArgs struct{}

// Kind names the job in river_job.kind.
func (ReminderArgs) Kind() string { return "booking.reminders" }

// InsertOpts makes the job unique per interval, as the clean-up is.
func (ReminderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: 3,
		UniqueOpts:  river.UniqueOpts{ByPeriod: ReminderInterval},
	}
}

// reminderWorker reads the bookings table itself rather than calling
// package booking: infrastructure never imports an area. What it needs of a
// booking is a handful of columns, and the rule it keeps (one reminder per
// confirmed meeting, sent in the same transaction that records it) lives in
// the migration's reminder_sent_at column.
type reminderWorker struct {
	river.WorkerDefaults[ReminderArgs]
	pool  *pgxpool.Pool
	queue *mail.Queue // set once the River client exists (see New)
	now   func() time.Time
	log   *slog.Logger
}

// Work queues the reminders that are due.
func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[ReminderArgs]) error {
	n, err := w.remind(ctx)
	if n > 0 {
		w.log.Info("reminders: queued", "bookings", n)
	}
	return err
}

// tomorrow is the span of the next calendar day in Europe/Stockholm after
// the one holding now: 23, 24 or 25 hours long.
func tomorrow(now time.Time) (from, to time.Time) {
	y, m, d := now.In(civil.Stockholm).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, civil.Stockholm), time.Date(y, m, d+2, 0, 0, 0, 0, civil.Stockholm)
}

// remind queues a reminder to the booker and the consultant of each
// confirmed booking that starts tomorrow and has had none, and returns how
// many bookings it reminded of. Each booking has its own transaction: the
// two messages and reminder_sent_at commit together, and a row another run
// holds is skipped rather than waited for, so it is reminded of once.
func (w *reminderWorker) remind(ctx context.Context) (int, error) {
	if w.queue == nil {
		return 0, errors.New("jobs: reminders: no mail queue")
	}
	now := w.now()
	from, to := tomorrow(now)
	rows, err := w.pool.Query(ctx, `
		SELECT id FROM bookings
		WHERE state = 'confirmed' AND reminder_sent_at IS NULL AND lower(during) >= $1 AND lower(during) < $2
		ORDER BY lower(during), id`, from, to)
	if err != nil {
		return 0, fmt.Errorf("jobs: reminders: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("jobs: reminders: %w", err)
	}
	n := 0
	var errs []error
	for _, id := range ids {
		sent, err := w.remindOne(ctx, id, from, to, now)
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

// reminder is what the reminder e-mails tell of a booking.
type reminder struct {
	ID                    int64
	Start, End            time.Time
	Name, Email           string
	Consultant, ConsEmail string
	Topic, Form, Number   string
	Sequence              int
}

// Swedish labels of the topics and meeting forms, as package booking names
// them; the reminder is the only mail this package writes about bookings.
var (
	reminderTopics = map[string]string{"ansokan": "Ansökan om residens", "projektide": "Projektidé och upplägg",
		"samarbete": "Samarbete och partner", "finansiering": "Finansiering och budget",
		"avtal": "Avtal och ersättning", "ovrigt": "Övrigt"}
	reminderForms = map[string]string{"video": "Videomöte", "phone": "Telefon", "on_site": "På plats"}
)

func (w *reminderWorker) remindOne(ctx context.Context, id int64, from, to, now time.Time) (bool, error) {
	tx, err := w.pool.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("jobs: reminder %d: %w", id, err)
	}
	defer tx.Rollback(ctx)
	var b reminder
	err = tx.QueryRow(ctx, `
		SELECT b.id, lower(b.during), upper(b.during), b.name, b.email, u.name, u.email, b.topic, b.meeting_form,
			coalesce(r.number, ''), b.sequence
		FROM bookings b JOIN users u ON u.id = b.consultant_id
		LEFT JOIN registrations r ON r.id = b.registration_id
		WHERE b.id = $1 AND b.state = 'confirmed' AND b.reminder_sent_at IS NULL
			AND lower(b.during) >= $2 AND lower(b.during) < $3
		FOR UPDATE OF b SKIP LOCKED`, id, from, to).Scan(&b.ID, &b.Start, &b.End, &b.Name, &b.Email,
		&b.Consultant, &b.ConsEmail, &b.Topic, &b.Form, &b.Number, &b.Sequence)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil // changed, reminded or being reminded meanwhile
	}
	if err != nil {
		return false, fmt.Errorf("jobs: reminder %d: %w", id, err)
	}
	mails, err := reminderMails(b, now)
	if err != nil {
		return false, err
	}
	for _, m := range mails {
		if err := w.queue.Enqueue(ctx, tx, m); err != nil {
			return false, fmt.Errorf("jobs: reminder %d: %w", id, err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE bookings SET reminder_sent_at = $2 WHERE id = $1`, id, now); err != nil {
		return false, fmt.Errorf("jobs: reminder %d: %w", id, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("jobs: reminder %d: %w", id, err)
	}
	return true, nil
}

// reminderMails are the booker's and the consultant's reminders of b, each
// with the meeting's calendar file.
func reminderMails(b reminder, now time.Time) ([]mail.Message, error) {
	a, e := b.Start.In(civil.Stockholm), b.End.In(civil.Stockholm)
	slot := fmt.Sprintf("%s %d %s kl. %02d.%02d–%02d.%02d", civil.Weekday(a), a.Day(), civil.Month(a.Month()),
		a.Hour(), a.Minute(), e.Hour(), e.Minute())
	topic, form := reminderTopics[b.Topic], reminderForms[b.Form]
	// The same calendar event as every other e-mail about the booking: the
	// UID is package booking's CalendarUID, and the sequence is unchanged,
	// since a reminder changes nothing about the meeting.
	ics, err := ical.Bytes(ical.MethodRequest, ical.Event{UID: fmt.Sprintf("booking-%d@residens", b.ID),
		Sequence: b.Sequence, Start: b.Start, End: b.End, Summary: "Rådgivningsmöte: " + topic,
		Description: "Rådgivningsmöte med " + b.Consultant + " (" + form + ").", Location: form,
		Organizer: b.ConsEmail, Attendee: b.Email, Status: ical.StatusConfirmed, AlarmBefore: time.Hour, Stamp: now})
	if err != nil {
		return nil, fmt.Errorf("jobs: reminder %d: ics: %w", b.ID, err)
	}
	att := []mail.Attachment{{Name: "radgivningsmote.ics", ContentType: ical.ContentType + ical.MethodRequest, Data: ics}}
	facts := fmt.Sprintf("Tid: %s\nKonsulent: %s\nMötesform: %s\nGäller: %s\n", slot, b.Consultant, form, topic)
	if b.Number != "" {
		facts += "Diarienummer: " + b.Number + "\n"
	}
	key := fmt.Sprintf("booking:%d:reminder:%d:", b.ID, b.Sequence)
	suffix := ""
	if b.Number != "" {
		suffix = " – " + b.Number
	}
	return []mail.Message{
		{To: b.Email, Subject: "Påminnelse: ditt rådgivningsmöte i morgon" + suffix, Key: key + "bokare", Attachments: att,
			Text: fmt.Sprintf("Hej %s!\n\nVi påminner om ditt rådgivningsmöte i morgon.\n\n%s\n"+
				"Behöver du avboka eller flytta mötet gör du det med länken i e-postmeddelandet om din bokning.\n\n"+
				"Vänliga hälsningar\nResidens\n", b.Name, facts)},
		{To: b.ConsEmail, Subject: "Påminnelse: rådgivningsmöte i morgon med " + b.Name + suffix, Key: key + "konsult",
			Attachments: att,
			Text: fmt.Sprintf("Hej %s!\n\nDu har ett bekräftat rådgivningsmöte i morgon.\n\n%sBokad av: %s <%s>\n\n"+
				"Vänliga hälsningar\nResidens\n", b.Consultant, facts, b.Name, b.Email)},
	}, nil
}
