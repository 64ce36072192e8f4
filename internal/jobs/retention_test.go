package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/jobs"
	"residens/internal/testutil"
)

// TestPurgeApplications runs the retention at fixed times around the end
// of a call's period (24 months by default, 6 for the other call, sent on
// 31 March so that the month's end counts): the
// personal details and files of its applications go at the end and not a
// second before, the registration entry stays, the call is marked purged,
// and a call whose outcome was never sent is left alone.
func TestPurgeApplications(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testutil.DemoDB(t)
	sent := time.Date(2025, time.March, 31, 15, 0, 0, 0, time.UTC)

	var artist int64
	if err := pool.QueryRow(ctx, `INSERT INTO users (email, name, role) VALUES ('ada@example.se', 'Ada', 'artist') RETURNING id`).Scan(&artist); err != nil {
		t.Fatal(err)
	}
	call := func(slug string) int64 {
		return testutil.InsertCall(t, pool, testutil.Call{Slug: slug, Title: slug,
			OpensAt: sent.AddDate(0, -3, 0), ClosesAt: sent.AddDate(0, -1, 0)})
	}
	old, short, undecided := call("gammal"), call("kort"), call("oavgjord")
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(`UPDATE calls SET outcome_sent_at = $1 WHERE id = ANY($2)`, sent, []int64{old, short})
	exec(`UPDATE calls SET retention_months = 6 WHERE id = $1`, short)
	// The undecided call never sends an outcome: its period counts from its
	// closing time.
	exec(`UPDATE calls SET retention_months = 60 WHERE id = $1`, undecided)
	undecidedDue := sent.AddDate(0, -1, 0).AddDate(5, 0, 0)

	apps := map[int64]int64{}
	for _, c := range []int64{old, short, undecided} {
		apps[c] = testutil.InsertApplication(t, pool, testutil.Application{CallID: c, ApplicantID: artist,
			Name: "Ada Dansare", Email: "ada@example.se", SubmittedAt: sent.AddDate(0, -2, 0)})
		exec(`UPDATE applications SET group_name = 'Kompani A', members = 'Ada, Bo', contact_phone = '070-1',
			video_url = 'https://vimeo.com/1', outcome_sent_at = $2 WHERE id = $1`, apps[c], sent)
		exec(`INSERT INTO application_files (application_id, kind, filename, size, sha256, data)
			VALUES ($1, 'cv', 'cv.pdf', 5, sha256('%PDF-'), '%PDF-')`, apps[c])
		// What the review wrote about the applicant is theirs too.
		exec(`UPDATE applications SET decision = 'selected', decision_reason = 'Stark idé' WHERE id = $1`, apps[c])
		exec(`INSERT INTO review_declarations (application_id, reviewer_id, conflict, reason) VALUES ($1, $2, false, 'Känner ej Ada')`, apps[c], artist)
		exec(`INSERT INTO review_scores (application_id, reviewer_id, criterion_id, score, comment)
			SELECT $1, $2, id, 4, 'Ada är bra' FROM call_criteria WHERE call_id = $3`, apps[c], artist, c)
	}

	state := func(c int64) string {
		t.Helper()
		var s string
		if err := pool.QueryRow(ctx, `
			SELECT a.contact_name || '|' || a.contact_email || '|' || a.group_name || '|' || a.practice || '|' ||
				a.video_url || '|' || (SELECT count(*) FROM application_files WHERE application_id = a.id) || '|' ||
				(a.purged_at IS NOT NULL) || '|' || (c.purged_at IS NOT NULL) || '|' || a.decision_reason || '|' ||
				(SELECT string_agg(comment || score, ',') FROM review_scores WHERE application_id = a.id) || '|' ||
				(SELECT string_agg(reason, ',') FROM review_declarations WHERE application_id = a.id) || '|' ||
				rg.number || ':' || rg.sender_name
			FROM applications a JOIN calls c ON c.id = a.call_id JOIN registrations rg ON rg.id = a.registration_id
			WHERE a.id = $1`, apps[c]).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	kept := func(c int64) string {
		return "Ada Dansare|ada@example.se|Kompani A|Samtida dans.|https://vimeo.com/1|1|false|false|Stark idé|Ada är bra4,Ada är bra4|Känner ej Ada|" + number(t, pool, apps[c])
	}
	purged := func(c int64) string { return "|||||0|true|true||4,4||" + number(t, pool, apps[c]) }
	// Calendar months, ending at the month's last day when it is shorter:
	// six months after 31 March is 30 September.
	sixMonths := time.Date(2025, time.September, 30, 15, 0, 0, 0, time.UTC)
	twoYears := time.Date(2027, time.March, 31, 15, 0, 0, 0, time.UTC)

	steps := []struct {
		at   time.Time
		n    int64
		want map[int64]string
	}{
		{sixMonths.Add(-time.Second), 0, map[int64]string{old: kept(old), short: kept(short), undecided: kept(undecided)}},
		{sixMonths, 1, map[int64]string{old: kept(old), short: purged(short), undecided: kept(undecided)}},
		{twoYears.Add(-time.Second), 0, map[int64]string{old: kept(old), short: purged(short), undecided: kept(undecided)}},
		{twoYears, 1, map[int64]string{old: purged(old), short: purged(short), undecided: kept(undecided)}},
		{undecidedDue.Add(-time.Second), 0, map[int64]string{old: purged(old), short: purged(short), undecided: kept(undecided)}},
		{undecidedDue, 1, map[int64]string{old: purged(old), short: purged(short), undecided: purged(undecided)}},
		{sent.AddDate(6, 0, 0), 0, map[int64]string{old: purged(old), short: purged(short), undecided: purged(undecided)}},
	}
	for _, st := range steps {
		n, err := jobs.PurgeApplications(ctx, pool, st.at)
		if err != nil {
			t.Fatal(err)
		}
		if n != st.n {
			t.Errorf("at %s: purged %d applications, want %d", st.at.Format(time.RFC3339), n, st.n)
		}
		for c, want := range st.want {
			if got := state(c); got != want {
				t.Errorf("at %s: call %d's application is %q, want %q", st.at.Format(time.RFC3339), c, got, want)
			}
		}
	}
	var entries int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'applications_purged'`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if entries != 3 {
		t.Errorf("%d audit entries, want one per purged call", entries)
	}
}

// number is the registration number and sender of application id, which
// the retention must leave.
func number(t *testing.T, pool *pgxpool.Pool, id int64) string {
	t.Helper()
	var s string
	if err := pool.QueryRow(context.Background(), `SELECT rg.number || ':' || rg.sender_name
		FROM applications a JOIN registrations rg ON rg.id = a.registration_id WHERE a.id = $1`, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
