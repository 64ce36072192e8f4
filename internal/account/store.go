package account

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/throttle"
)

// ErrNoAccount says no (enabled, where that is asked) account matched.
var ErrNoAccount = errors.New("account: no such account")

// ErrEmailTaken says another account already has the address.
var ErrEmailTaken = errors.New("account: address taken")

// Store reads and writes users rows for the account pages. Each exported
// change (store_changes.go) runs in one transaction with its audit entry, its
// throttle count and its e-mail; the unexported helpers take the Querier
// they run on.
type Store struct {
	pool *pgxpool.Pool
	mail *mail.Queue
	base *url.URL
	now  func() time.Time
	// The limits on the three anonymous forms that send e-mail.
	registerLimit, resendLimit, forgotLimit throttle.Form
}

// NewStore returns a store over pool. queue takes the e-mail; base is the
// site's public origin, for the links in it; limits bound how often the
// forms that send e-mail may be used; now tells the time.
func NewStore(pool *pgxpool.Pool, queue *mail.Queue, base *url.URL, limits throttle.Limits, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, mail: queue, base: base, now: now,
		registerLimit: limits.Form("registrera", limits.FormsPerIP),
		resendLimit:   limits.Form("registrera-ny-lank", limits.FormsPerIP),
		forgotLimit:   limits.Form("glomt-losenord", limits.FormsPerIP)}
}

// Pool is the pool, for reads outside a transaction.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Account is a user as its owner sees it: everything but the password hash.
// It is also the "account" part of the data export, hence the JSON names.
type Account struct {
	ID              int64      `json:"id"`
	Email           string     `json:"email"`
	Name            string     `json:"name"`
	Role            auth.Role  `json:"role"`
	MunicipalityID  *int64     `json:"municipality_id"`
	EmailVerifiedAt *time.Time `json:"email_verified_at"`
	DisabledAt      *time.Time `json:"disabled_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// credentials is an account with its password hash, for checking a
// password; it never leaves the package.
type credentials struct {
	Account
	PasswordHash *string
}

const accountColumns = `id, email, name, role, municipality_id, email_verified_at, disabled_at, created_at, updated_at, password_hash`

func scanCredentials(row pgx.Row) (*credentials, error) {
	var c credentials
	err := row.Scan(&c.ID, &c.Email, &c.Name, &c.Role, &c.MunicipalityID, &c.EmailVerifiedAt, &c.DisabledAt,
		&c.CreatedAt, &c.UpdatedAt, &c.PasswordHash)
	if db.IsNoRows(err) {
		return nil, ErrNoAccount
	}
	if err != nil {
		return nil, fmt.Errorf("account: read: %w", err)
	}
	return &c, nil
}

// byEmail returns the account with email, compared without regard to case.
func (s *Store) byEmail(ctx context.Context, q db.Querier, email string) (*credentials, error) {
	return scanCredentials(q.QueryRow(ctx, `SELECT `+accountColumns+` FROM users WHERE lower(email) = lower($1)`, email))
}

// byID returns account id.
func (s *Store) byID(ctx context.Context, q db.Querier, id int64) (*credentials, error) {
	return scanCredentials(q.QueryRow(ctx, `SELECT `+accountColumns+` FROM users WHERE id = $1`, id))
}

// Account returns account id without its password hash.
func (s *Store) Account(ctx context.Context, id int64) (*Account, error) {
	c, err := s.byID(ctx, s.pool, id)
	if err != nil {
		return nil, err
	}
	return &c.Account, nil
}

// createArtist adds an unverified artist account unless the address has an
// account already. It returns the ID of the new account or of the one that
// had the address, and whether it created one.
func (s *Store) createArtist(ctx context.Context, q db.Querier, name, email, hash string, now time.Time) (int64, bool, error) {
	var id int64
	err := q.QueryRow(ctx, `
		INSERT INTO users (email, name, role, password_hash, created_at, updated_at)
		VALUES ($1, $2, 'artist', $3, $4, $4)
		ON CONFLICT ((lower(email))) DO NOTHING
		RETURNING id`, email, name, hash, now).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !db.IsNoRows(err) {
		return 0, false, fmt.Errorf("account: create: %w", err)
	}
	c, err := s.byEmail(ctx, q, email)
	if err != nil {
		return 0, false, err
	}
	return c.ID, false, nil
}

// markVerified records that id's address is verified (keeping the first
// time it was) and returns the account.
func (s *Store) markVerified(ctx context.Context, q db.Querier, id int64, now time.Time) (*credentials, error) {
	return scanCredentials(q.QueryRow(ctx, `
		UPDATE users SET email_verified_at = coalesce(email_verified_at, $2), updated_at = $2
		WHERE id = $1
		RETURNING `+accountColumns, id, now))
}

// setPassword stores a new password hash for an enabled account. verify
// also marks the address verified: a reset link opened from the mailbox
// proves the address as well as a verification link does.
func (s *Store) setPassword(ctx context.Context, q db.Querier, id int64, hash string, verify bool, now time.Time) (*credentials, error) {
	return scanCredentials(q.QueryRow(ctx, `
		UPDATE users SET password_hash = $2, updated_at = $3,
			email_verified_at = CASE WHEN $4 THEN coalesce(email_verified_at, $3) ELSE email_verified_at END
		WHERE id = $1 AND disabled_at IS NULL
		RETURNING `+accountColumns, id, hash, now, verify))
}

// setName changes id's name.
func (s *Store) setName(ctx context.Context, q db.Querier, id int64, name string, now time.Time) error {
	tag, err := q.Exec(ctx, `UPDATE users SET name = $2, updated_at = $3 WHERE id = $1`, id, name, now)
	if err != nil {
		return fmt.Errorf("account: set name: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return ErrNoAccount
	}
	return nil
}

// emailTaken reports whether an account other than id has email.
func (s *Store) emailTaken(ctx context.Context, q db.Querier, email string, id int64) (bool, error) {
	var taken bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2)`, email, id).Scan(&taken)
	if err != nil {
		return false, fmt.Errorf("account: address taken: %w", err)
	}
	return taken, nil
}

// setEmail changes an enabled account's address to one just verified by a
// link sent to it; ErrEmailTaken when another account took it meanwhile.
func (s *Store) setEmail(ctx context.Context, q db.Querier, id int64, email string, now time.Time) error {
	tag, err := q.Exec(ctx, `UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1 AND disabled_at IS NULL`,
		id, email, now)
	if db.IsUniqueViolation(err, "users_email_idx") {
		return ErrEmailTaken
	}
	if err != nil {
		return fmt.Errorf("account: set address: %w", err)
	}
	if tag.RowsAffected() != 1 {
		return ErrNoAccount
	}
	return nil
}

// otherEnabledAdmins counts the enabled admins other than id. lock takes
// their rows FOR UPDATE, so two admins deleting themselves at once cannot
// both see the other one as the admin who stays.
func (s *Store) otherEnabledAdmins(ctx context.Context, q db.Querier, id int64, lock bool) (int, error) {
	// Only admins who can sign in (have a password) count, as in the admin
	// area's guard; an invitation not yet taken leaves nobody in charge.
	sql := `SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL AND password_hash IS NOT NULL AND id <> $1`
	if lock {
		// The same advisory lock the admin area takes before demoting or
		// disabling an admin, so every change to who is admin queues on one
		// lock instead of deadlocking on row locks.
		if _, err := q.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, auth.AdminsLock); err != nil {
			return 0, fmt.Errorf("account: lock admins: %w", err)
		}
	}
	rows, err := q.Query(ctx, sql, id)
	if err != nil {
		return 0, fmt.Errorf("account: count admins: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("account: count admins: %w", err)
	}
	return len(ids), nil
}

// hasReviews reports whether user id has scored or declared a conflict in
// the review of a call.
func (s *Store) hasReviews(ctx context.Context, q db.Querier, id int64) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM review_scores WHERE reviewer_id = $1)
		OR EXISTS (SELECT 1 FROM review_declarations WHERE reviewer_id = $1)`, id).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("account: reviews of %d: %w", id, err)
	}
	return ok, nil
}

// Delete removes account id; its sessions and tokens go with it (ON DELETE
// CASCADE). The audit log keeps its entries: they name the account by a
// plain number and a copied name, not a foreign key. Drafts of applications
// never sent in are no public record and go too, with their files; an
// application sent in stays, without its applicant (ON DELETE SET NULL).
func (s *Store) delete(ctx context.Context, q db.Querier, id int64) error {
	if _, err := q.Exec(ctx, `DELETE FROM applications WHERE applicant_id = $1 AND state = 'draft'`, id); err != nil {
		return fmt.Errorf("account: delete drafts of %d: %w", id, err)
	}
	tag, err := q.Exec(ctx, `DELETE FROM users WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("account: delete %d: %w", id, err)
	}
	if tag.RowsAffected() != 1 {
		return ErrNoAccount
	}
	return nil
}

// Export is everything the portal keeps about a user's account, as the
// JSON download of /konto/data: the account without the password hash, its
// sessions (without their IDs) and the audit entries about it or by it.
type Export struct {
	ExportedAt time.Time       `json:"exported_at"`
	About      string          `json:"about"`
	Account    Account         `json:"account"`
	Sessions   []ExportSession `json:"sessions"`
	AuditLog   []ExportAudit   `json:"audit_log"`
	// Applications are the artist's applications to open calls.
	Applications []ExportApplication `json:"applications"`
}

// ExportApplication is one application to an open call in the export:
// what the artist wrote, its state and number, the files' names and sizes
// (not their content, which the artist downloads from the application's
// page) and the outcome once it has been sent.
type ExportApplication struct {
	Call               string          `json:"call"`
	State              string          `json:"state"`
	RegistrationNumber string          `json:"registration_number"`
	ApplicantKind      string          `json:"applicant_kind"`
	GroupName          string          `json:"group_name"`
	Members            string          `json:"members"`
	ContactName        string          `json:"contact_name"`
	ContactEmail       string          `json:"contact_email"`
	ContactPhone       string          `json:"contact_phone"`
	Practice           string          `json:"practice"`
	Experience         string          `json:"experience"`
	Idea               string          `json:"idea"`
	Languages          string          `json:"languages"`
	VideoURL           string          `json:"video_url"`
	PortfolioURL       string          `json:"portfolio_url"`
	Declaration        bool            `json:"declaration"`
	CreatedAt          time.Time       `json:"created_at"`
	UpdatedAt          time.Time       `json:"updated_at"`
	SubmittedAt        *time.Time      `json:"submitted_at"`
	WithdrawnAt        *time.Time      `json:"withdrawn_at"`
	Files              json.RawMessage `json:"files"`
	// The outcome, null until it has been sent to the artist.
	Decision       *string    `json:"decision"`
	DecisionReason *string    `json:"decision_reason"`
	OutcomeSentAt  *time.Time `json:"outcome_sent_at"`
	// PurgedAt is when the personal details were removed at the end of
	// the retention period.
	PurgedAt *time.Time `json:"purged_at"`
}

// ExportSession is one session in the export.
type ExportSession struct {
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	UserAgent  string    `json:"user_agent"`
	IP         string    `json:"ip"`
}

// ExportAudit is one audit entry in the export.
type ExportAudit struct {
	At        time.Time       `json:"at"`
	Action    string          `json:"action"`
	ActorName string          `json:"actor_name"`
	Target    string          `json:"target"`
	Detail    json.RawMessage `json:"detail"`
	IP        string          `json:"ip"`
}

// exportAbout heads the export, so that the file explains itself.
const exportAbout = "Dina uppgifter i Residens: ditt konto (utan lösenordet, som bara finns lagrat som en kontrollsumma), " +
	"dina inloggningar (sessioner), loggposterna om ditt konto och dina ansökningar till utlysningar (bilagorna med namn och storlek; " +
	"själva filerna hämtar du på ansökans sida). Tider anges enligt RFC 3339, med tidszon."

// Export collects the data of account id.
func (s *Store) export(ctx context.Context, q db.Querier, id int64, now time.Time) (*Export, error) {
	c, err := s.byID(ctx, q, id)
	if err != nil {
		return nil, err
	}
	e := &Export{ExportedAt: now, About: exportAbout, Account: c.Account}
	rows, err := q.Query(ctx, `
		SELECT created_at, last_seen_at, expires_at, user_agent, ip FROM sessions
		WHERE user_id = $1 ORDER BY created_at`, id)
	if err != nil {
		return nil, fmt.Errorf("account: export sessions: %w", err)
	}
	if e.Sessions, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportSession, error) {
		var x ExportSession
		err := row.Scan(&x.CreatedAt, &x.LastSeenAt, &x.ExpiresAt, &x.UserAgent, &x.IP)
		return x, err
	}); err != nil {
		return nil, fmt.Errorf("account: export sessions: %w", err)
	}
	rows, err = q.Query(ctx, `
		SELECT at, action, actor_name, target, detail,
			-- The address is the user's own only when they acted; a staff
			-- member's address is theirs, not the user's data.
			CASE WHEN actor_id IS NULL OR actor_id = $1 THEN ip ELSE '' END
		FROM audit_log
		WHERE target_user_id = $1 OR actor_id = $1 ORDER BY at, id`, id)
	if err != nil {
		return nil, fmt.Errorf("account: export audit: %w", err)
	}
	if e.AuditLog, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportAudit, error) {
		var x ExportAudit
		err := row.Scan(&x.At, &x.Action, &x.ActorName, &x.Target, &x.Detail, &x.IP)
		return x, err
	}); err != nil {
		return nil, fmt.Errorf("account: export audit: %w", err)
	}
	rows, err = q.Query(ctx, `
		SELECT c.title, a.state, coalesce(rg.number, ''), a.applicant_kind, a.group_name, a.members,
			a.contact_name, a.contact_email, a.contact_phone, a.practice, a.experience, a.idea, a.languages,
			a.video_url, a.portfolio_url, a.declaration, a.created_at, a.updated_at, a.submitted_at, a.withdrawn_at,
			coalesce((SELECT json_agg(json_build_object('kind', f.kind, 'filename', f.filename, 'size', f.size,
				'uploaded_at', f.created_at) ORDER BY f.created_at, f.id)
				FROM application_files f WHERE f.application_id = a.id), '[]'),
			-- The decision is the artist's to know only once it is sent.
			CASE WHEN a.outcome_sent_at IS NOT NULL THEN a.decision END,
			CASE WHEN a.outcome_sent_at IS NOT NULL THEN a.decision_reason END,
			a.outcome_sent_at, a.purged_at
		FROM applications a
		JOIN calls c ON c.id = a.call_id
		LEFT JOIN registrations rg ON rg.id = a.registration_id
		WHERE a.applicant_id = $1 ORDER BY a.created_at, a.id`, id)
	if err != nil {
		return nil, fmt.Errorf("account: export applications: %w", err)
	}
	if e.Applications, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (ExportApplication, error) {
		var x ExportApplication
		err := row.Scan(&x.Call, &x.State, &x.RegistrationNumber, &x.ApplicantKind, &x.GroupName, &x.Members,
			&x.ContactName, &x.ContactEmail, &x.ContactPhone, &x.Practice, &x.Experience, &x.Idea, &x.Languages,
			&x.VideoURL, &x.PortfolioURL, &x.Declaration, &x.CreatedAt, &x.UpdatedAt, &x.SubmittedAt, &x.WithdrawnAt,
			&x.Files, &x.Decision, &x.DecisionReason, &x.OutcomeSentAt, &x.PurgedAt)
		return x, err
	}); err != nil {
		return nil, fmt.Errorf("account: export applications: %w", err)
	}
	return e, nil
}
