package jobs_test

import (
	"context"
	"testing"
	"time"

	"residens/internal/audit"
	"residens/internal/jobs"
	"residens/internal/testutil"
)

// TestPurgeScrubsAuditTexts: the audit log's copies of what the retention
// removes (a reviewer's reason for a conflict, the decision's reason, the
// names of the attached files) go with it, while the entries themselves
// stay, and entries about applications still kept are left as they are.
func TestPurgeScrubsAuditTexts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testutil.DemoDB(t)
	sent := time.Date(2025, time.March, 31, 15, 0, 0, 0, time.UTC)
	var artist int64
	if err := pool.QueryRow(ctx, `INSERT INTO users (email, name, role) VALUES ('ada@example.se', 'Ada', 'artist') RETURNING id`).Scan(&artist); err != nil {
		t.Fatal(err)
	}
	apps := map[string]int64{}
	for _, slug := range []string{"gammal", "oavgjord"} {
		c := testutil.InsertCall(t, pool, testutil.Call{Slug: slug, Title: slug,
			OpensAt: sent.AddDate(0, -3, 0), ClosesAt: sent.AddDate(0, -1, 0)})
		if slug == "gammal" {
			if _, err := pool.Exec(ctx, `UPDATE calls SET outcome_sent_at = $2 WHERE id = $1`, c, sent); err != nil {
				t.Fatal(err)
			}
		} else if _, err := pool.Exec(ctx, `UPDATE calls SET retention_months = 60 WHERE id = $1`, c); err != nil {
			// Undecided, its period counts from closing: long enough here.
			t.Fatal(err)
		}
		app := testutil.InsertApplication(t, pool, testutil.Application{CallID: c, ApplicantID: artist,
			Name: "Ada Dansare", Email: "ada@example.se", SubmittedAt: sent.AddDate(0, -2, 0)})
		apps[slug] = app
		// The entries as packages review and application write them.
		for _, e := range []audit.Entry{
			{Action: audit.ReviewDeclared, Detail: map[string]any{"call_id": c, "application_id": app, "conflict": true,
				"reason": "Ada är min syster"}},
			{Action: audit.ReviewDecided, Detail: map[string]any{"call_id": c, "application_id": app, "decision": "selected",
				"previous": "", "reason": "Ada har en stark idé"}},
			{Action: audit.ApplicationFileAdded, Detail: map[string]any{"application": app, "call": c, "file": 1,
				"kind": "cv", "filename": "Ada Dansare CV.pdf", "size": 5}},
		} {
			if err := audit.Record(ctx, pool, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := jobs.PurgeApplications(ctx, pool, sent.AddDate(2, 0, 0)); err != nil {
		t.Fatal(err)
	}
	count := func(app int64) (entries, texts int) {
		t.Helper()
		if err := pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE detail ? 'reason' OR detail ? 'filename')
			FROM audit_log WHERE coalesce(detail->>'application_id', detail->>'application') = $1::bigint::text`, app).Scan(&entries, &texts); err != nil {
			t.Fatal(err)
		}
		return entries, texts
	}
	if entries, texts := count(apps["gammal"]); entries != 3 || texts != 0 {
		t.Errorf("purged application: %d entries, %d with texts; want 3 and 0", entries, texts)
	}
	if entries, texts := count(apps["oavgjord"]); entries != 3 || texts != 3 {
		t.Errorf("kept application: %d entries, %d with texts; want 3 and 3", entries, texts)
	}
}
