package jobs

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"residens/internal/db/dbtest"
	"residens/internal/mailtest"
)

// TestMessageIDsUniqueAcrossInstallations sends the same change's mail from
// two fresh installations, as a reset or a staging copy would: the keys and
// job ids are the same, and once the Message-IDs were too (built from them),
// so mail providers dropped the second as a repeat.
func TestMessageIDsUniqueAcrossInstallations(t *testing.T) {
	t.Parallel()
	mp := mailtest.Start(t)
	var ids []string
	for i := range 2 {
		pool := dbtest.New(t)
		cfg := testConfig(t, mp.SMTPURL())
		cfg.Host = "portal.example.se"
		r := startRunner(t, pool, cfg)
		enqueue(t, pool, r.Mail(), message(t, "kvitto@example.se", "booking-receipt:1", "Din bokning är mottagen"))
		waitJobsDone(t, pool, "booking-receipt:1")
		var recorded string
		if err := pool.QueryRow(context.Background(), `SELECT message_id FROM mail_sent WHERE key = 'booking-receipt:1'`).Scan(&recorded); err != nil {
			t.Fatalf("installation %d: %v", i, err)
		}
		ids = append(ids, recorded)
	}
	if ids[0] == ids[1] {
		t.Fatalf("both installations sent Message-ID %s", ids[0])
	}
	msgs := mp.Messages(t)
	if len(msgs) != 2 {
		t.Fatalf("%d messages in Mailpit, want 2", len(msgs))
	}
	for _, m := range msgs {
		if !strings.HasSuffix(m.MessageID, "@portal.example.se") || len(m.MessageID) < 32 {
			t.Errorf("Message-ID %q: want a random part at the site's host name", m.MessageID)
		}
		if m.MessageID != ids[0] && m.MessageID != ids[1] {
			t.Errorf("Message-ID %q is not the one recorded in mail_sent (%q)", m.MessageID, ids)
		}
	}
}

// TestAbandonedJobSentBySurvivor leaves a mail job as an instance killed
// mid-send leaves it (running, attempted by a client that no longer exists)
// and starts another instance: its River leader must rescue the job and send
// the mail within RescueStuckJobsAfter of the abandonment, plus one turn of
// River's rescuer, which runs every 30 seconds.
func TestAbandonedJobSentBySurvivor(t *testing.T) {
	t.Parallel()
	if RescueStuckJobsAfter > 5*time.Minute || RescueStuckJobsAfter <= JobTimeout {
		t.Fatalf("RescueStuckJobsAfter %s: want a few minutes, above JobTimeout %s", RescueStuckJobsAfter, JobTimeout)
	}
	pool := dbtest.New(t)
	mp := mailtest.Start(t)
	ctx := context.Background()

	// The dead instance: it queued the mail and fetched it, and was killed
	// before it could send or record anything. Its job has been running
	// for as long as the rescuer waits.
	dead, err := New(pool, testConfig(t, mp.SMTPURL()), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	enqueue(t, pool, dead.Mail(), message(t, "bekraftelse@example.se", "booking-confirmed:9", "Din bokning är bekräftad"))
	abandoned := time.Now().Add(-RescueStuckJobsAfter)
	if _, err := pool.Exec(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = $1,
		attempted_by = ARRAY['killed-instance'] WHERE kind = 'mail.send'`, abandoned); err != nil {
		t.Fatal(err)
	}

	startRunner(t, pool, testConfig(t, mp.SMTPURL()))
	const rescuerInterval = 30 * time.Second
	// The rescued attempt waits out River's backoff for one failure (about
	// a second) and the scheduler's turn (five seconds) before it runs.
	within := time.Until(abandoned.Add(RescueStuckJobsAfter+rescuerInterval)) + 10*time.Second
	got := mp.WaitFor(t, "bekraftelse@example.se", "bekräftad", within)
	t.Logf("sent %s after the job became stuck", time.Since(abandoned.Add(RescueStuckJobsAfter)).Round(time.Millisecond))
	if got.Subject != "Din bokning är bekräftad" {
		t.Errorf("subject %q", got.Subject)
	}
	waitJobsDone(t, pool, "booking-confirmed:9")
	if n := len(mp.Messages(t)); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}
