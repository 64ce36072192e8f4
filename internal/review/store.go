package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/opencall"
)

// The store's refusals; handlers turn them into pages.
var (
	// ErrNotReviewer: only the call's reviewers declare and score.
	ErrNotReviewer = errors.New("review: not a reviewer of the call")
	// ErrNotClosed: the call has not closed; nobody reads or decides yet.
	ErrNotClosed = errors.New("review: the call has not closed")
	// ErrAlreadyDeclared: a declaration is final.
	ErrAlreadyDeclared = errors.New("review: already declared")
	// ErrNotDeclared: scoring comes after declaring no conflict.
	ErrNotDeclared = errors.New("review: no declaration")
	// ErrConflictDeclared: a reviewer in conflict neither scores nor
	// decides the application.
	ErrConflictDeclared = errors.New("review: conflict of interest declared")
	// ErrOutcomeSent: the applicant has been told; the review of the
	// application is final.
	ErrOutcomeSent = errors.New("review: outcome already sent")
	// ErrUndecided: the outcome is sent only once every application has a
	// decision.
	ErrUndecided = errors.New("review: applications without a decision")
	// ErrNothingToSend: the call has no submitted application.
	ErrNothingToSend = errors.New("review: no applications")
)

// Store reads and changes the review of calls. Every change runs in one
// transaction with its audit entry (and, for the outcome, its e-mails).
type Store struct {
	pool    *pgxpool.Pool
	mail    *mail.Queue
	baseURL string
	now     func() time.Time
}

// NewStore returns a store over pool that queues the outcome e-mails on
// queue with links to baseURL; now tells the time.
func NewStore(pool *pgxpool.Pool, queue *mail.Queue, baseURL string, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, mail: queue, baseURL: strings.TrimSuffix(baseURL, "/"), now: now}
}

func (s *Store) audit(ctx context.Context, tx pgx.Tx, a Actor, action string, c *opencall.Call, target string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["call_id"] = c.ID
	var actor *int64
	if a.ID != 0 {
		actor = &a.ID
	}
	if target == "" {
		target = c.Title
	} else {
		target = c.Title + ": " + target
	}
	return audit.Record(ctx, tx, audit.Entry{Action: action, ActorID: actor, ActorName: a.Name, Target: target,
		Detail: detail, IP: a.IP})
}

// pair is an application and a reviewer.
type pair = [2]int64

// reviewState is where one reviewer stands with one application.
type reviewState struct {
	declared bool
	conflict bool
	scored   int
}

func (st reviewState) status(criteria int) Status {
	switch {
	case !st.declared:
		return Undeclared
	case st.conflict:
		return Conflict
	case criteria > 0 && st.scored >= criteria:
		return Done
	}
	return Started
}

// states reads every declaration and score count of the call's submitted
// applications, by (application, reviewer).
func (s *Store) states(ctx context.Context, q db.Querier, callID int64) (map[pair]reviewState, error) {
	rows, err := q.Query(ctx, `
		SELECT x.application_id, x.reviewer_id, bool_or(x.declared), bool_or(x.conflict), sum(x.scored)::int
		FROM (
			SELECT d.application_id, d.reviewer_id, true AS declared, d.conflict, 0 AS scored
			FROM review_declarations d JOIN applications a ON a.id = d.application_id
			WHERE a.call_id = $1 AND a.state = 'submitted'
			UNION ALL
			SELECT s.application_id, s.reviewer_id, false, false, 1
			FROM review_scores s JOIN applications a ON a.id = s.application_id
			JOIN call_criteria c ON c.id = s.criterion_id AND c.call_id = a.call_id
			WHERE a.call_id = $1 AND a.state = 'submitted'
		) x GROUP BY x.application_id, x.reviewer_id`, callID)
	if err != nil {
		return nil, fmt.Errorf("review: states of %d: %w", callID, err)
	}
	type rec struct {
		p  pair
		st reviewState
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (rec, error) {
		var x rec
		return x, r.Scan(&x.p[0], &x.p[1], &x.st.declared, &x.st.conflict, &x.st.scored)
	})
	if err != nil {
		return nil, fmt.Errorf("review: states of %d: %w", callID, err)
	}
	out := make(map[pair]reviewState, len(list))
	for _, x := range list {
		out[x.p] = x.st
	}
	return out, nil
}

const rowSQL = `
	SELECT a.id, coalesce(rg.number, ''), a.applicant_kind, a.group_name, a.contact_name, a.shortlisted,
		coalesce(a.decision, ''), a.outcome_sent_at IS NOT NULL
	FROM applications a LEFT JOIN registrations rg ON rg.id = a.registration_id
	WHERE a.call_id = $1 AND a.state = 'submitted'
	ORDER BY rg.year, rg.seq, a.id`

// List returns the call's submitted applications (never drafts or
// withdrawn ones) by registration number, each with reviewer's own status.
func (s *Store) List(ctx context.Context, c *opencall.Call, reviewer int64) ([]Row, error) {
	rows, err := s.pool.Query(ctx, rowSQL, c.ID)
	if err != nil {
		return nil, fmt.Errorf("review: list %d: %w", c.ID, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Row, error) {
		var x Row
		return x, r.Scan(&x.ID, &x.Number, &x.ApplicantKind, &x.GroupName, &x.ContactName, &x.Shortlisted,
			&x.Decision, &x.OutcomeSent)
	})
	if err != nil {
		return nil, fmt.Errorf("review: list %d: %w", c.ID, err)
	}
	states, err := s.states(ctx, s.pool, c.ID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Status = states[pair{list[i].ID, reviewer}].status(len(c.Criteria))
	}
	return list, nil
}

// Progress returns how far each reviewer of the call has come.
func (s *Store) Progress(ctx context.Context, c *opencall.Call, rows []Row) ([]Progress, error) {
	reviewers, err := opencall.Reviewers(ctx, s.pool, c.ID)
	if err != nil {
		return nil, err
	}
	states, err := s.states(ctx, s.pool, c.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Progress, 0, len(reviewers))
	for _, rv := range reviewers {
		p := Progress{Reviewer: rv, Total: len(rows)}
		for _, row := range rows {
			switch states[pair{row.ID, rv.UserID}].status(len(c.Criteria)) {
			case Done:
				p.Done++
			case Started:
				p.Started++
			case Conflict:
				p.Conflicts++
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// Application returns the submitted application app of call c, with its
// files; a draft, a withdrawn application or one of another call is not
// found.
func (s *Store) Application(ctx context.Context, c *opencall.Call, app int64) (*Application, error) {
	return loadApplication(ctx, s.pool, c.ID, app, "")
}

func loadApplication(ctx context.Context, q db.Querier, callID, app int64, lock string) (*Application, error) {
	a := &Application{}
	err := q.QueryRow(ctx, `
		SELECT a.id, a.call_id, coalesce(rg.number, ''), a.applicant_kind, a.group_name, a.members, a.contact_name,
			a.contact_email, a.contact_phone, coalesce(u.email, ''), a.practice, a.experience, a.idea, a.languages,
			a.video_url, a.portfolio_url, a.declaration, a.submitted_at, a.shortlisted, coalesce(a.decision, ''),
			a.decision_reason, a.outcome_sent_at
		FROM applications a
		LEFT JOIN registrations rg ON rg.id = a.registration_id
		LEFT JOIN users u ON u.id = a.applicant_id
		WHERE a.id = $1 AND a.call_id = $2 AND a.state = 'submitted'`+lock, app, callID).Scan(
		&a.ID, &a.CallID, &a.Number, &a.ApplicantKind, &a.GroupName, &a.Members, &a.ContactName,
		&a.ContactEmail, &a.ContactPhone, &a.AccountEmail, &a.Practice, &a.Experience, &a.Idea, &a.Languages,
		&a.VideoURL, &a.PortfolioURL, &a.Declaration, &a.SubmittedAt, &a.Shortlisted, &a.Decision,
		&a.DecisionReason, &a.OutcomeSentAt)
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("application %d of call %d: %w", app, callID, db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("review: application %d: %w", app, err)
	}
	rows, err := q.Query(ctx, `SELECT id, kind, filename, size FROM application_files
		WHERE application_id = $1 ORDER BY array_position(ARRAY['cv', 'portfolio', 'work_plan'], kind), id`, app)
	if err != nil {
		return nil, fmt.Errorf("review: files of %d: %w", app, err)
	}
	a.Files, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (File, error) {
		var f File
		return f, r.Scan(&f.ID, &f.Kind, &f.Filename, &f.Size)
	})
	if err != nil {
		return nil, fmt.Errorf("review: files of %d: %w", app, err)
	}
	return a, nil
}

// Declaration returns reviewer's declaration for app, or nil when they
// have made none.
func (s *Store) Declaration(ctx context.Context, app, reviewer int64) (*Declaration, error) {
	d := &Declaration{}
	err := s.pool.QueryRow(ctx, `SELECT conflict, reason, declared_at FROM review_declarations
		WHERE application_id = $1 AND reviewer_id = $2`, app, reviewer).Scan(&d.Conflict, &d.Reason, &d.DeclaredAt)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("review: declaration %d/%d: %w", app, reviewer, err)
	}
	return d, nil
}

// Scores returns every score given app, by reviewer name and criterion
// position.
func (s *Store) Scores(ctx context.Context, app int64) ([]ReviewerScore, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT s.application_id, s.reviewer_id, s.criterion_id, s.score, s.comment, u.name
		FROM review_scores s JOIN users u ON u.id = s.reviewer_id JOIN call_criteria c ON c.id = s.criterion_id
		WHERE s.application_id = $1 ORDER BY u.name, u.id, c.position`, app)
	if err != nil {
		return nil, fmt.Errorf("review: scores of %d: %w", app, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ReviewerScore, error) {
		var x ReviewerScore
		return x, r.Scan(&x.ApplicationID, &x.ReviewerID, &x.CriterionID, &x.Score.Score, &x.Comment, &x.ReviewerName)
	})
	if err != nil {
		return nil, fmt.Errorf("review: scores of %d: %w", app, err)
	}
	return out, nil
}

// inClosedCall checks, in tx, that a may review the call: it has closed and
// a is one of its reviewers.
func (s *Store) inClosedCall(ctx context.Context, tx pgx.Tx, a Actor, c *opencall.Call) error {
	if c.PhaseAt(s.now()) != opencall.Closed {
		return ErrNotClosed
	}
	ok, err := opencall.IsReviewer(ctx, tx, c.ID, a.ID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotReviewer
	}
	return nil
}

// Declare records a's declaration of conflict of interest for app, once:
// a declaration cannot be changed afterwards (ErrAlreadyDeclared), so a
// reviewer cannot read an application and then take back a conflict.
func (s *Store) Declare(ctx context.Context, a Actor, c *opencall.Call, app int64, conflict bool, reason string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.inClosedCall(ctx, tx, a, c); err != nil {
			return err
		}
		ap, err := loadApplication(ctx, tx, c.ID, app, " FOR SHARE OF a")
		if err != nil {
			return err
		}
		if !conflict {
			reason = ""
		}
		tag, err := tx.Exec(ctx, `INSERT INTO review_declarations (application_id, reviewer_id, conflict, reason, declared_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id, reviewer_id) DO NOTHING`,
			app, a.ID, conflict, reason, s.now())
		if err != nil {
			return fmt.Errorf("review: declare %d: %w", app, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrAlreadyDeclared
		}
		return s.audit(ctx, tx, a, audit.ReviewDeclared, c, ap.Number, map[string]any{
			"application_id": app, "conflict": conflict, "reason": reason})
	})
}

// ScoreInput is a reviewer's score and comment for one criterion.
type ScoreInput struct {
	Score   int
	Comment string
}

// SaveScores saves a's scores of every criterion of app at once, replacing
// earlier ones: re-scoring is allowed until the outcome is sent to the
// applicant. The reviewer must have declared no conflict.
func (s *Store) SaveScores(ctx context.Context, a Actor, c *opencall.Call, app int64, in map[int64]ScoreInput) error {
	for _, cr := range c.Criteria {
		if v, ok := in[cr.ID]; !ok || v.Score < 1 || v.Score > 5 {
			return fmt.Errorf("review: scores of %d: criterion %d missing or out of range", app, cr.ID)
		}
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := s.inClosedCall(ctx, tx, a, c); err != nil {
			return err
		}
		// FOR SHARE waits for a sending of the outcome that holds the row.
		ap, err := loadApplication(ctx, tx, c.ID, app, " FOR SHARE OF a")
		if err != nil {
			return err
		}
		if ap.OutcomeSentAt != nil {
			return ErrOutcomeSent
		}
		var conflict bool
		err = tx.QueryRow(ctx, `SELECT conflict FROM review_declarations WHERE application_id = $1 AND reviewer_id = $2`,
			app, a.ID).Scan(&conflict)
		switch {
		case db.IsNoRows(err):
			return ErrNotDeclared
		case err != nil:
			return fmt.Errorf("review: scores of %d: %w", app, err)
		case conflict:
			return ErrConflictDeclared
		}
		scores := map[string]int{}
		for _, cr := range c.Criteria {
			v := in[cr.ID]
			if _, err := tx.Exec(ctx, `
				INSERT INTO review_scores (application_id, reviewer_id, criterion_id, score, comment, scored_at)
				VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (application_id, reviewer_id, criterion_id)
				DO UPDATE SET score = excluded.score, comment = excluded.comment, scored_at = excluded.scored_at`,
				app, a.ID, cr.ID, v.Score, v.Comment, s.now()); err != nil {
				return fmt.Errorf("review: score %d/%d: %w", app, cr.ID, err)
			}
			scores[cr.Name] = v.Score
		}
		return s.audit(ctx, tx, a, audit.ReviewScored, c, ap.Number, map[string]any{"application_id": app, "scores": scores})
	})
}

// FileData returns the name and content of file of app.
func (s *Store) FileData(ctx context.Context, app, file int64) (string, []byte, error) {
	var name string
	var data []byte
	err := s.pool.QueryRow(ctx, `SELECT filename, data FROM application_files WHERE id = $1 AND application_id = $2`,
		file, app).Scan(&name, &data)
	if db.IsNoRows(err) {
		return "", nil, fmt.Errorf("file %d of application %d: %w", file, app, db.ErrNotFound)
	}
	if err != nil {
		return "", nil, fmt.Errorf("review: file %d: %w", file, err)
	}
	return name, data, nil
}

// RankRow is an application in the ranking, with what the consultants
// Decide on.
type RankRow struct {
	Ranked
	Row
	// Number is the registration number (both embedded types have it).
	Number         string
	DecisionReason string
	// MyConflict: the signed-in consultant declared a conflict with it and
	// takes no part in deciding it.
	MyConflict bool
}

// Ranking is the call's ranking with the reviewers whose scores it shows.
type Ranking struct {
	Rows      []RankRow
	Reviewers []opencall.Reviewer
}

// Ranking ranks the call's submitted applications (see Rank), for the
// consultant me.
func (s *Store) Ranking(ctx context.Context, c *opencall.Call, me int64) (Ranking, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT a.id, coalesce(rg.number, ''), a.applicant_kind, a.group_name, a.contact_name, a.shortlisted,
			coalesce(a.decision, ''), a.outcome_sent_at IS NOT NULL, a.decision_reason
		FROM applications a LEFT JOIN registrations rg ON rg.id = a.registration_id
		WHERE a.call_id = $1 AND a.state = 'submitted'`, c.ID)
	if err != nil {
		return Ranking{}, fmt.Errorf("review: ranking %d: %w", c.ID, err)
	}
	type appRow struct {
		Row
		reason string
	}
	apps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (appRow, error) {
		var x appRow
		return x, r.Scan(&x.ID, &x.Number, &x.ApplicantKind, &x.GroupName, &x.ContactName, &x.Shortlisted,
			&x.Decision, &x.OutcomeSent, &x.reason)
	})
	if err != nil {
		return Ranking{}, fmt.Errorf("review: ranking %d: %w", c.ID, err)
	}
	reviewers, err := opencall.Reviewers(ctx, s.pool, c.ID)
	if err != nil {
		return Ranking{}, err
	}
	rows, err = s.pool.Query(ctx, `
		SELECT s.application_id, s.reviewer_id, s.criterion_id, s.score, s.comment
		FROM review_scores s JOIN applications a ON a.id = s.application_id
		WHERE a.call_id = $1 AND a.state = 'submitted'`, c.ID)
	if err != nil {
		return Ranking{}, fmt.Errorf("review: scores of %d: %w", c.ID, err)
	}
	scores, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Score, error) {
		var x Score
		return x, r.Scan(&x.ApplicationID, &x.ReviewerID, &x.CriterionID, &x.Score, &x.Comment)
	})
	if err != nil {
		return Ranking{}, fmt.Errorf("review: scores of %d: %w", c.ID, err)
	}
	states, err := s.states(ctx, s.pool, c.ID)
	if err != nil {
		return Ranking{}, err
	}
	conflicts := map[pair]bool{}
	for p, st := range states {
		if st.conflict {
			conflicts[p] = true
		}
	}
	in := make([]RankInput, len(apps))
	byID := map[int64]appRow{}
	for i, a := range apps {
		in[i] = RankInput{ApplicationID: a.ID, Number: a.Number}
		byID[a.ID] = a
	}
	weights := make([]Weight, len(c.Criteria))
	for i, cr := range c.Criteria {
		weights[i] = Weight{CriterionID: cr.ID, Weight: cr.Weight}
	}
	ids := make([]int64, len(reviewers))
	for i, rv := range reviewers {
		ids[i] = rv.UserID
	}
	out := Ranking{Reviewers: reviewers}
	for _, rk := range Rank(in, weights, ids, scores, conflicts) {
		a := byID[rk.ApplicationID]
		out.Rows = append(out.Rows, RankRow{Ranked: rk, Row: a.Row, Number: a.Number, DecisionReason: a.reason,
			MyConflict: conflicts[pair{rk.ApplicationID, me}]})
	}
	return out, nil
}

// consultantChange runs fn on the locked application app of the closed
// call c, unless its outcome was sent or a declared a conflict with it.
func (s *Store) consultantChange(ctx context.Context, a Actor, c *opencall.Call, app int64, fn func(tx pgx.Tx, ap *Application) error) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if c.PhaseAt(s.now()) != opencall.Closed {
			return ErrNotClosed
		}
		ap, err := loadApplication(ctx, tx, c.ID, app, " FOR UPDATE OF a")
		if err != nil {
			return err
		}
		if ap.OutcomeSentAt != nil {
			return ErrOutcomeSent
		}
		var conflict bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM review_declarations
			WHERE application_id = $1 AND reviewer_id = $2 AND conflict)`, app, a.ID).Scan(&conflict); err != nil {
			return fmt.Errorf("review: conflict of %d: %w", app, err)
		}
		if conflict {
			return ErrConflictDeclared
		}
		return fn(tx, ap)
	})
}

// Shortlist puts app on the call's shortlist, or takes it off.
func (s *Store) Shortlist(ctx context.Context, a Actor, c *opencall.Call, app int64, on bool) error {
	return s.consultantChange(ctx, a, c, app, func(tx pgx.Tx, ap *Application) error {
		if ap.Shortlisted == on {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET shortlisted = $2, version = version + 1, updated_at = $3
			WHERE id = $1`, app, on, s.now()); err != nil {
			return fmt.Errorf("review: shortlist %d: %w", app, err)
		}
		return s.audit(ctx, tx, a, audit.ReviewShortlisted, c, ap.Number, map[string]any{"application_id": app, "shortlisted": on})
	})
}

// Decide records the consultant's decision on app with its reason, which
// the applicant reads in the outcome e-mail. It may be changed until the
// Outcome is sent.
func (s *Store) Decide(ctx context.Context, a Actor, c *opencall.Call, app int64, d Decision, reason string) error {
	if !d.Valid() {
		return fmt.Errorf("review: decision %q", d)
	}
	return s.consultantChange(ctx, a, c, app, func(tx pgx.Tx, ap *Application) error {
		if _, err := tx.Exec(ctx, `UPDATE applications SET decision = $2, decision_reason = $3, decided_by = $4,
			decided_at = $5, version = version + 1, updated_at = $5 WHERE id = $1`,
			app, string(d), reason, a.ID, s.now()); err != nil {
			return fmt.Errorf("review: decide %d: %w", app, err)
		}
		return s.audit(ctx, tx, a, audit.ReviewDecided, c, ap.Number, map[string]any{"application_id": app,
			"decision": string(d), "previous": string(ap.Decision), "reason": reason})
	})
}

// SaveTexts saves the call's three outcome texts, until the outcome is
// sent. An empty text means the default.
func (s *Store) SaveTexts(ctx context.Context, a Actor, c *opencall.Call, t Texts) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var sent *time.Time
		if err := tx.QueryRow(ctx, `SELECT outcome_sent_at FROM calls WHERE id = $1 FOR UPDATE`, c.ID).Scan(&sent); err != nil {
			return fmt.Errorf("review: texts of %d: %w", c.ID, err)
		}
		if sent != nil {
			return ErrOutcomeSent
		}
		if _, err := tx.Exec(ctx, `UPDATE calls SET outcome_selected = $2, outcome_reserve = $3, outcome_not_selected = $4,
			version = version + 1, updated_at = $5 WHERE id = $1`, c.ID, t.Selected, t.Reserve, t.NotSelected, s.now()); err != nil {
			return fmt.Errorf("review: texts of %d: %w", c.ID, err)
		}
		return s.audit(ctx, tx, a, audit.ReviewOutcomeTexts, c, "", nil)
	})
}

// SendOutcome tells every applicant of the call their own result, once.
// It refuses while a submitted application lacks a decision. In one
// transaction it locks the call's row, so two requests (or two instances)
// queue behind each other; then for each decided application not yet
// told it queues the e-mail (key "application-outcome:<id>", which the
// mail queue also sends once) and sets its outcome_sent_at, which the
// next request sees. It returns how many e-mails it queued.
func (s *Store) SendOutcome(ctx context.Context, a Actor, callID int64) (int, error) {
	if s.mail == nil {
		return 0, errors.New("review: send outcome: no mail queue")
	}
	sent := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM calls WHERE id = $1 FOR UPDATE`, callID); err != nil {
			return fmt.Errorf("review: lock call %d: %w", callID, err)
		}
		c, err := opencall.Load(ctx, tx, callID)
		if err != nil {
			return err
		}
		now := s.now()
		if c.PhaseAt(now) != opencall.Closed {
			return ErrNotClosed
		}
		var total, undecided int
		if err := tx.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE decision IS NULL)
			FROM applications WHERE call_id = $1 AND state = 'submitted'`, callID).Scan(&total, &undecided); err != nil {
			return fmt.Errorf("review: undecided of %d: %w", callID, err)
		}
		if total == 0 {
			return ErrNothingToSend
		}
		if undecided > 0 {
			return ErrUndecided
		}
		rows, err := tx.Query(ctx, `SELECT id FROM applications
			WHERE call_id = $1 AND state = 'submitted' AND decision IS NOT NULL AND outcome_sent_at IS NULL
			ORDER BY id FOR UPDATE`, callID)
		if err != nil {
			return fmt.Errorf("review: to tell of %d: %w", callID, err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("review: to tell of %d: %w", callID, err)
		}
		texts := TextsOf(c)
		for _, id := range ids {
			ap, err := loadApplication(ctx, tx, callID, id, "")
			if err != nil {
				return err
			}
			m := outcomeMail(c, ap, texts, s.baseURL)
			text, html, err := mail.Render(ctx, m.Subject, OutcomeMail(m))
			if err != nil {
				return fmt.Errorf("review: outcome mail %d: %w", id, err)
			}
			if err := s.mail.Enqueue(ctx, tx, mail.Message{To: ap.MailTo(), Subject: m.Subject, Text: text, HTML: html,
				Key: OutcomeKey(id)}); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE applications SET outcome_sent_at = $2, updated_at = $2 WHERE id = $1`, id, now); err != nil {
				return fmt.Errorf("review: outcome sent %d: %w", id, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE calls SET outcome_sent_at = coalesce(outcome_sent_at, $2) WHERE id = $1`,
			callID, now); err != nil {
			return fmt.Errorf("review: outcome sent %d: %w", callID, err)
		}
		sent = len(ids)
		if sent == 0 {
			return nil
		}
		return s.audit(ctx, tx, a, audit.ReviewOutcomeSent, c, "", map[string]any{"applications": ids, "count": sent})
	})
	if err != nil {
		return 0, err
	}
	return sent, nil
}

// OutcomeKey is the mail key of the outcome e-mail to application id.
func OutcomeKey(id int64) string { return fmt.Sprintf("application-outcome:%d", id) }

// JuryCalls lists the calls user reviews, the latest closing first, with
// their own progress.
func (s *Store) JuryCalls(ctx context.Context, user int64) ([]JuryCall, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT c.id, c.title, c.opens_at, c.closes_at,
			(SELECT count(*) FROM applications a WHERE a.call_id = c.id AND a.state = 'submitted'),
			(SELECT count(*) FROM applications a JOIN review_declarations d ON d.application_id = a.id AND d.reviewer_id = $1
				WHERE a.call_id = c.id AND a.state = 'submitted' AND NOT d.conflict
				AND (SELECT count(*) FROM review_scores s JOIN call_criteria cc ON cc.id = s.criterion_id
					WHERE s.application_id = a.id AND s.reviewer_id = $1 AND cc.call_id = c.id)
					>= (SELECT greatest(count(*), 1) FROM call_criteria WHERE call_id = c.id)),
			(SELECT count(*) FROM applications a JOIN review_declarations d ON d.application_id = a.id AND d.reviewer_id = $1
				WHERE a.call_id = c.id AND a.state = 'submitted' AND d.conflict)
		FROM call_reviewers r JOIN calls c ON c.id = r.call_id
		WHERE r.user_id = $1
		ORDER BY c.closes_at DESC, c.id`, user)
	if err != nil {
		return nil, fmt.Errorf("review: calls of %d: %w", user, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (JuryCall, error) {
		var x JuryCall
		return x, r.Scan(&x.ID, &x.Title, &x.OpensAt, &x.ClosesAt, &x.Total, &x.Done, &x.Conflicts)
	})
	if err != nil {
		return nil, fmt.Errorf("review: calls of %d: %w", user, err)
	}
	return out, nil
}

// LogExport records that a exported the call's review.
func (s *Store) LogExport(ctx context.Context, a Actor, c *opencall.Call) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return s.audit(ctx, tx, a, audit.ReviewExported, c, "", map[string]any{"format": "csv"})
	})
}
