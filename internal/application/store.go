package application

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/opencall"
	"residens/internal/registry"
	"residens/web/ui"
)

// Store reads and changes applications. Every change runs in one
// transaction with its audit entry (and, for a submission, its
// registration number and receipt e-mail), so it happens whole or not at
// all. Whether a call is open is decided inside that transaction, by the
// server's clock against the call row read there.
type Store struct {
	pool     *pgxpool.Pool
	registry *registry.Registry
	mail     *mail.Queue
	baseURL  string
	now      func() time.Time
}

// NewStore returns a store over pool that numbers submissions with reg,
// queues receipts on queue (nil sends none) with links to baseURL, and
// tells the time with now.
func NewStore(pool *pgxpool.Pool, reg *registry.Registry, queue *mail.Queue, baseURL string, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	if reg == nil {
		reg = registry.New("")
	}
	return &Store{pool: pool, registry: reg, mail: queue, baseURL: strings.TrimSuffix(baseURL, "/"), now: now}
}

const appSQL = `
	SELECT a.id, a.call_id, coalesce(a.applicant_id, 0), a.state, a.applicant_kind, a.group_name, a.members,
		a.contact_name, a.contact_email, a.contact_phone, a.practice, a.experience, a.idea, a.languages,
		a.video_url, a.portfolio_url, a.declaration, coalesce(rg.number, ''), a.submitted_at, a.withdrawn_at,
		coalesce(a.decision, ''), a.decision_reason, a.outcome_sent_at, a.purged_at, a.version, a.created_at,
		a.updated_at
	FROM applications a LEFT JOIN registrations rg ON rg.id = a.registration_id`

// load reads one application matching where (over a and its arguments)
// with its files; nil when there is none. lock takes the row FOR UPDATE.
func load(ctx context.Context, q db.Querier, where string, lock bool, args ...any) (*Application, error) {
	sql := appSQL + ` WHERE ` + where
	if lock {
		sql += ` FOR UPDATE OF a`
	}
	var x Application
	v := &x.Values
	err := q.QueryRow(ctx, sql, args...).Scan(&x.ID, &x.CallID, &x.ApplicantID, &x.State, &v.Kind, &v.GroupName,
		&v.Members, &v.ContactName, &v.ContactEmail, &v.ContactPhone, &v.Practice, &v.Experience, &v.Idea,
		&v.Languages, &v.VideoURL, &v.PortfolioURL, &v.Declaration, &x.Number, &x.SubmittedAt, &x.WithdrawnAt,
		&x.Decision, &x.DecisionReason, &x.OutcomeSentAt, &x.PurgedAt, &x.Version, &x.CreatedAt, &x.UpdatedAt)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("application: load: %w", err)
	}
	rows, err := q.Query(ctx, `SELECT id, kind, filename, size, created_at FROM application_files
		WHERE application_id = $1 ORDER BY created_at, id`, x.ID)
	if err != nil {
		return nil, fmt.Errorf("application: files of %d: %w", x.ID, err)
	}
	x.Files, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (File, error) {
		var f File
		return f, r.Scan(&f.ID, &f.Kind, &f.Name, &f.Size, &f.CreatedAt)
	})
	if err != nil {
		return nil, fmt.Errorf("application: files of %d: %w", x.ID, err)
	}
	return &x, nil
}

// Get returns the artist's application id, or a not-found error: another
// artist's application answers as one that does not exist.
func (s *Store) Get(ctx context.Context, applicantID, id int64) (*Application, error) {
	x, err := load(ctx, s.pool, `a.id = $1 AND a.applicant_id = $2`, false, id, applicantID)
	if err == nil && x == nil {
		return nil, fmt.Errorf("application %d: %w", id, db.ErrNotFound)
	}
	return x, err
}

// ForCall returns the artist's application to call, or nil when they have
// none.
func (s *Store) ForCall(ctx context.Context, applicantID, callID int64) (*Application, error) {
	return load(ctx, s.pool, `a.call_id = $1 AND a.applicant_id = $2`, false, callID, applicantID)
}

// List returns the artist's applications, those of the latest calls first.
func (s *Store) List(ctx context.Context, applicantID int64) ([]Row, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT a.id, c.slug, c.title, c.closes_at, a.state, coalesce(rg.number, ''), a.submitted_at, a.updated_at,
			coalesce(a.decision, ''), a.decision_reason, a.outcome_sent_at
		FROM applications a
		JOIN calls c ON c.id = a.call_id
		LEFT JOIN registrations rg ON rg.id = a.registration_id
		WHERE a.applicant_id = $1
		ORDER BY c.closes_at DESC, a.id DESC`, applicantID)
	if err != nil {
		return nil, fmt.Errorf("application: list: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Row, error) {
		var x Row
		return x, r.Scan(&x.ID, &x.CallSlug, &x.CallTitle, &x.ClosesAt, &x.State, &x.Number, &x.SubmittedAt,
			&x.UpdatedAt, &x.Decision, &x.DecisionReason, &x.OutcomeSentAt)
	})
	if err != nil {
		return nil, fmt.Errorf("application: list: %w", err)
	}
	return out, nil
}

// FileData returns file fileID of the artist's application appID with its
// content, or a not-found error for anyone else's.
func (s *Store) FileData(ctx context.Context, applicantID, appID, fileID int64) (File, []byte, error) {
	var f File
	var data []byte
	err := s.pool.QueryRow(ctx, `
		SELECT f.id, f.kind, f.filename, f.size, f.created_at, f.data
		FROM application_files f JOIN applications a ON a.id = f.application_id
		WHERE f.id = $1 AND f.application_id = $2 AND a.applicant_id = $3`, fileID, appID, applicantID).
		Scan(&f.ID, &f.Kind, &f.Name, &f.Size, &f.CreatedAt, &data)
	if db.IsNoRows(err) {
		return File{}, nil, fmt.Errorf("application file %d: %w", fileID, db.ErrNotFound)
	}
	if err != nil {
		return File{}, nil, fmt.Errorf("application: file %d: %w", fileID, err)
	}
	return f, data, nil
}

// Result reports what a change did.
type Result struct {
	// ID is the application's; 0 when none exists.
	ID     int64
	State  State
	Number string
	// Missing lists what an incomplete submission lacks (with
	// ErrIncomplete).
	Missing []ui.FieldError
	// Saved is true when the typed values were written.
	Saved bool
}

// draft is the artist's application to a call, locked in a transaction,
// with the call's phase at the server's time read after the lock.
type draft struct {
	app   *Application
	phase opencall.Phase
	now   time.Time
}

// openDraft locks a's application to callID in tx and reads the call's
// times there; while the call is open, an artist without an application
// gets a new draft when create is set (one per artist and call: a
// concurrent first save finds the other's row). The time is taken after the locks, so a request that
// waited for another cannot slip in after the closing time.
func (s *Store) openDraft(ctx context.Context, tx pgx.Tx, a Actor, callID int64, create bool) (draft, error) {
	const mine = `a.call_id = $1 AND a.applicant_id = $2`
	app, err := load(ctx, tx, mine, true, callID, a.ID)
	if err != nil {
		return draft{}, err
	}
	var c opencall.Call
	err = tx.QueryRow(ctx, `SELECT opens_at, closes_at FROM calls WHERE id = $1 AND published_at IS NOT NULL`, callID).
		Scan(&c.OpensAt, &c.ClosesAt)
	if db.IsNoRows(err) {
		return draft{}, fmt.Errorf("call %d: %w", callID, db.ErrNotFound)
	}
	if err != nil {
		return draft{}, fmt.Errorf("application: call %d: %w", callID, err)
	}
	d := draft{app: app, now: s.now()}
	d.phase = c.PhaseAt(d.now)
	if app != nil || d.phase != opencall.Open || !create {
		return d, nil
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO applications (call_id, applicant_id, created_at, updated_at) VALUES ($1, $2, $3, $3)
		ON CONFLICT (applicant_id, call_id) WHERE applicant_id IS NOT NULL DO NOTHING RETURNING id`,
		callID, a.ID, d.now).Scan(&id)
	created := err == nil
	if err != nil && !db.IsNoRows(err) {
		return draft{}, fmt.Errorf("application: create: %w", err)
	}
	if d.app, err = load(ctx, tx, mine, true, callID, a.ID); err != nil {
		return draft{}, err
	}
	if d.app == nil {
		return draft{}, fmt.Errorf("application: create for call %d: no row", callID)
	}
	if created {
		if err := s.audit(ctx, tx, a, audit.ApplicationCreated, d.app, nil); err != nil {
			return draft{}, err
		}
	}
	return d, nil
}

// phaseErr is the refusal for a call that is not open.
func phaseErr(p opencall.Phase) error {
	if p == opencall.Upcoming {
		return ErrNotOpen
	}
	return ErrClosed
}

// writeValues stores v as app's values, when they differ, with an audit
// entry.
func (s *Store) writeValues(ctx context.Context, tx pgx.Tx, a Actor, app *Application, v Values, now time.Time) (bool, error) {
	if app.Values == v {
		return false, nil
	}
	_, err := tx.Exec(ctx, `
		UPDATE applications SET applicant_kind = $2, group_name = $3, members = $4, contact_name = $5,
			contact_email = $6, contact_phone = $7, practice = $8, experience = $9, idea = $10, languages = $11,
			video_url = $12, portfolio_url = $13, declaration = $14, version = version + 1, updated_at = $15
		WHERE id = $1`, app.ID, string(v.Kind), v.GroupName, v.Members, v.ContactName, v.ContactEmail, v.ContactPhone,
		v.Practice, v.Experience, v.Idea, v.Languages, v.VideoURL, v.PortfolioURL, v.Declaration, now)
	if err != nil {
		return false, fmt.Errorf("application: save %d: %w", app.ID, err)
	}
	app.Values = v
	return true, s.audit(ctx, tx, a, audit.ApplicationUpdated, app, nil)
}

// Save writes v into a's draft application to call (making the draft on
// the first save while the call is open) and, when submit is set, sends it
// in. Refusals that keep what was typed, committed: ErrClosed (the call
// closed; the draft holds v) and ErrIncomplete (Result.Missing says what
// lacks). Refusals that change nothing: ErrNotOpen, ErrClosed without a
// draft, ErrAlreadySubmitted (a submission of an application sent in
// already: Result has its number) and ErrReadOnly.
func (s *Store) Save(ctx context.Context, a Actor, call *opencall.Call, v Values, submit bool) (Result, error) {
	var res Result
	var refusal error
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := s.openDraft(ctx, tx, a, call.ID, true)
		if err != nil {
			return err
		}
		if d.app == nil {
			return phaseErr(d.phase)
		}
		res = Result{ID: d.app.ID, State: d.app.State, Number: d.app.Number}
		switch {
		case d.app.State == Submitted && submit:
			return ErrAlreadySubmitted
		case d.app.State != Draft:
			return ErrReadOnly
		case d.phase == opencall.Upcoming:
			return ErrNotOpen
		}
		if res.Saved, err = s.writeValues(ctx, tx, a, d.app, v, d.now); err != nil {
			return err
		}
		if d.phase == opencall.Closed {
			// One second late: nothing is sent in, and nothing typed is
			// lost.
			refusal = ErrClosed
			return nil
		}
		if !submit {
			return nil
		}
		if res.Missing = missing(v, d.app.Files, call); len(res.Missing) > 0 {
			refusal = ErrIncomplete
			return nil
		}
		res.Number, err = s.submit(ctx, tx, a, d.app, call, d.now)
		res.State = Submitted
		return err
	})
	if err != nil {
		return res, err
	}
	return res, refusal
}

// submit sends in the locked, complete draft app: its registration number
// is taken last but for the state change, so the register's lock is held
// briefly, and the receipt is queued in the same transaction.
func (s *Store) submit(ctx context.Context, tx pgx.Tx, a Actor, app *Application, call *opencall.Call, now time.Time) (string, error) {
	v := app.Values
	e := registry.Entry{
		Kind:           registry.KindApplication,
		Description:    "Ansökan till utlysningen ”" + call.Title + "”",
		SenderName:     v.ContactName,
		SenderIsPerson: true,
		SenderEmail:    v.ContactEmail,
		ReceivedAt:     now,
	}
	if v.Kind == Group {
		e.SenderOrg = v.GroupName
	}
	reg, err := s.registry.Register(ctx, tx, e)
	if err != nil {
		return "", fmt.Errorf("application: register %d: %w", app.ID, err)
	}
	if _, err := tx.Exec(ctx, `
		UPDATE applications SET state = 'submitted', registration_id = $2, submitted_at = $3, updated_at = $3,
			version = version + 1
		WHERE id = $1 AND state = 'draft'`, app.ID, reg.ID, now); err != nil {
		return "", fmt.Errorf("application: submit %d: %w", app.ID, err)
	}
	app.State, app.Number = Submitted, reg.Number
	if err := s.audit(ctx, tx, a, audit.ApplicationSubmitted, app, map[string]any{"number": reg.Number}); err != nil {
		return "", err
	}
	return reg.Number, s.sendReceipt(ctx, tx, a, app, call)
}

// Withdraw withdraws a's application to call, which must be sent in, until
// the call closes (ErrClosed after, ErrNotSubmitted for a draft). Asking
// again for one already withdrawn changes nothing and is no error.
func (s *Store) Withdraw(ctx context.Context, a Actor, call *opencall.Call) (Result, error) {
	var res Result
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := s.openDraft(ctx, tx, a, call.ID, false)
		if err != nil {
			return err
		}
		if d.app == nil {
			return fmt.Errorf("application to call %d: %w", call.ID, db.ErrNotFound)
		}
		res = Result{ID: d.app.ID, State: d.app.State, Number: d.app.Number}
		switch {
		case d.app.State == Withdrawn:
			return nil
		case d.app.State != Submitted:
			return ErrNotSubmitted
		case d.phase != opencall.Open:
			return ErrClosed
		}
		if _, err := tx.Exec(ctx, `
			UPDATE applications SET state = 'withdrawn', withdrawn_at = $2, updated_at = $2, version = version + 1
			WHERE id = $1`, d.app.ID, d.now); err != nil {
			return fmt.Errorf("application: withdraw %d: %w", d.app.ID, err)
		}
		res.State = Withdrawn
		return s.audit(ctx, tx, a, audit.ApplicationWithdrawn, d.app, map[string]any{"number": d.app.Number})
	})
	return res, err
}

// Upload is one attachment as sent.
type Upload struct {
	Kind opencall.AttachmentKind
	Name string
	Data []byte
}

// AddFile attaches the PDF in u to a's draft application to call
// (making the draft when there is none), writing the typed values v too
// when v is not nil. The file must be a PDF of a kind the call asks for
// (a *FileError or ErrKindNotAsked otherwise) and the application may hold
// at most MaxFiles (ErrTooManyFiles); the call must be open (ErrNotOpen,
// ErrClosed) and the application a draft (ErrReadOnly). A refusal changes
// nothing.
func (s *Store) AddFile(ctx context.Context, a Actor, call *opencall.Call, v *Values, u Upload) (Result, error) {
	if _, ok := call.Asks(u.Kind); !ok {
		return Result{}, ErrKindNotAsked
	}
	if err := checkPDF(u.Data); err != nil {
		return Result{}, err
	}
	var res Result
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := s.changeableDraft(ctx, tx, a, call, true)
		if d.app != nil {
			res = Result{ID: d.app.ID, State: d.app.State}
		}
		if err != nil {
			return err
		}
		if v != nil {
			if res.Saved, err = s.writeValues(ctx, tx, a, d.app, *v, d.now); err != nil {
				return err
			}
		}
		if len(d.app.Files) >= MaxFiles {
			return ErrTooManyFiles
		}
		sum := sha256.Sum256(u.Data)
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO application_files (application_id, kind, filename, size, sha256, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			d.app.ID, string(u.Kind), u.Name, len(u.Data), sum[:], u.Data, d.now).Scan(&id); err != nil {
			return fmt.Errorf("application: add file to %d: %w", d.app.ID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET updated_at = $2 WHERE id = $1`, d.app.ID, d.now); err != nil {
			return fmt.Errorf("application: add file to %d: %w", d.app.ID, err)
		}
		return s.audit(ctx, tx, a, audit.ApplicationFileAdded, d.app,
			map[string]any{"file": id, "kind": string(u.Kind), "filename": u.Name, "size": len(u.Data)})
	})
	return res, err
}

// RemoveFile removes file fileID from a's draft application to call,
// writing the typed values v too when v is not nil. A file that is not
// there (removed by an earlier click) is no error; the call must be open
// and the application a draft, as for AddFile.
func (s *Store) RemoveFile(ctx context.Context, a Actor, call *opencall.Call, v *Values, fileID int64) (Result, error) {
	var res Result
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := s.changeableDraft(ctx, tx, a, call, false)
		if d.app != nil {
			res = Result{ID: d.app.ID, State: d.app.State}
		}
		if err != nil {
			return err
		}
		if v != nil {
			if res.Saved, err = s.writeValues(ctx, tx, a, d.app, *v, d.now); err != nil {
				return err
			}
		}
		var kind, name string
		err = tx.QueryRow(ctx, `DELETE FROM application_files WHERE id = $1 AND application_id = $2
			RETURNING kind, filename`, fileID, d.app.ID).Scan(&kind, &name)
		if db.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("application: remove file %d: %w", fileID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET updated_at = $2 WHERE id = $1`, d.app.ID, d.now); err != nil {
			return fmt.Errorf("application: remove file %d: %w", fileID, err)
		}
		return s.audit(ctx, tx, a, audit.ApplicationFileRemoved, d.app, map[string]any{"file": fileID, "kind": kind, "filename": name})
	})
	return res, err
}

// changeableDraft is openDraft for the changes only an open call's draft
// takes.
func (s *Store) changeableDraft(ctx context.Context, tx pgx.Tx, a Actor, call *opencall.Call, create bool) (draft, error) {
	d, err := s.openDraft(ctx, tx, a, call.ID, create)
	switch {
	case err != nil:
		return d, err
	case d.app == nil && d.phase == opencall.Open:
		return d, fmt.Errorf("application to call %d: %w", call.ID, db.ErrNotFound)
	case d.app != nil && d.app.State != Draft:
		// Sent in (or withdrawn) says more than the call's phase: the
		// closed call's message would tell the artist it was never sent.
		return d, ErrReadOnly
	case d.app == nil || d.phase != opencall.Open:
		return d, phaseErr(d.phase)
	}
	return d, nil
}

// audit records action on app by a, in tx.
func (s *Store) audit(ctx context.Context, tx pgx.Tx, a Actor, action string, app *Application, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["application"] = app.ID
	detail["call"] = app.CallID
	id := a.ID
	return audit.Record(ctx, tx, audit.Entry{Action: action, ActorID: &id, ActorName: a.Name, TargetUserID: &id,
		Target: "Ansökan " + ui.ID(app.ID), Detail: detail, IP: a.IP})
}
