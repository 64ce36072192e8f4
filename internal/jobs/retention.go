package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
)

// dueCalls is the condition on calls c whose applications' personal data
// have been kept long enough at $1: the call's retention period has passed
// since the outcome was sent or, for a call that closed and never sent one,
// since it closed (so that an abandoned call's applications do not stay
// for ever). The period counts in calendar months, so 24 months after 31
// March is 31 March two years on.
const dueCalls = `coalesce(c.outcome_sent_at, c.closes_at) + make_interval(months => c.retention_months) <= $1`

// PurgeApplications removes, at now, the personal details and attachments
// of the applications to calls whose retention period after the outcome
// has passed: the texts (the reviewers' comments and reasons and the
// decision's reason included, and their copies and the files' names in the
// audit log) are emptied, the files deleted and purged_at set,
// and a call whose applications are all purged gets purged_at too. The
// registration entries stay, as the register must. It is SQL over the
// tables only (infra does not import the areas) and runs in one
// transaction with an audit entry per call; it returns how many
// applications it purged.
func PurgeApplications(ctx context.Context, pool *pgxpool.Pool, now time.Time) (int64, error) {
	var n int64
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `
			DELETE FROM application_files f USING applications a, calls c
			WHERE f.application_id = a.id AND c.id = a.call_id AND `+dueCalls, now); err != nil {
			return fmt.Errorf("jobs: purge application files: %w", err)
		}
		// What reviewers wrote about an applicant is personal data about them
		// too; the scores themselves stay, as figures of the decision.
		for _, q := range []string{
			`UPDATE review_scores s SET comment = '' FROM applications a, calls c
			WHERE s.application_id = a.id AND c.id = a.call_id AND a.purged_at IS NULL AND s.comment <> '' AND ` + dueCalls,
			`UPDATE review_declarations d SET reason = '' FROM applications a, calls c
			WHERE d.application_id = a.id AND c.id = a.call_id AND a.purged_at IS NULL AND d.reason <> '' AND ` + dueCalls,
		} {
			if _, err := tx.Exec(ctx, q, now); err != nil {
				return fmt.Errorf("jobs: purge review texts: %w", err)
			}
		}
		// The audit log copies those texts and the files' names into its
		// entries (reviews name the application as application_id, the
		// artist's own changes as application): they go too, the entries
		// stay.
		if _, err := tx.Exec(ctx, `
			UPDATE audit_log l SET detail = l.detail - 'reason' - 'filename'
			FROM applications a, calls c
			WHERE c.id = a.call_id AND a.purged_at IS NULL AND `+dueCalls+`
				AND l.action IN ('review_declared', 'review_decided', 'application_file_added', 'application_file_removed')
				AND (l.detail ? 'reason' OR l.detail ? 'filename')
				AND coalesce(l.detail->>'application_id', l.detail->>'application') = a.id::text`, now); err != nil {
			return fmt.Errorf("jobs: purge audit texts: %w", err)
		}
		rows, err := tx.Query(ctx, `
			WITH purged AS (
				UPDATE applications a SET group_name = '', members = '', contact_name = '', contact_email = '',
					contact_phone = '', practice = '', experience = '', idea = '', languages = '', video_url = '',
					portfolio_url = '', decision_reason = '', purged_at = $1, updated_at = $1, version = a.version + 1
				FROM calls c
				WHERE c.id = a.call_id AND a.purged_at IS NULL AND `+dueCalls+`
				RETURNING a.call_id
			)
			SELECT call_id, count(*) FROM purged GROUP BY call_id ORDER BY call_id`, now)
		if err != nil {
			return fmt.Errorf("jobs: purge applications: %w", err)
		}
		type perCall struct{ call, count int64 }
		done, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (perCall, error) {
			var p perCall
			return p, r.Scan(&p.call, &p.count)
		})
		if err != nil {
			return fmt.Errorf("jobs: purge applications: %w", err)
		}
		for _, p := range done {
			n += p.count
			if err := audit.Record(ctx, tx, audit.Entry{Action: audit.ApplicationsPurged, ActorName: "Systemet",
				Target: fmt.Sprintf("Utlysning %d", p.call),
				Detail: map[string]any{"call": p.call, "applications": p.count}}); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `
			UPDATE calls c SET purged_at = $1
			WHERE c.purged_at IS NULL AND `+dueCalls+`
				AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.call_id = c.id AND a.purged_at IS NULL)`, now); err != nil {
			return fmt.Errorf("jobs: purge calls: %w", err)
		}
		return nil
	})
	return n, err
}
