// Package admin is the administration of user accounts: the list of users
// with search and filters, each user's page where an admin changes role and
// municipality, disables, enables and ends sessions, invitations (by admins,
// and by consultants for municipality officers) with the page where an
// invitee sets a password, the audit log, and the store behind the
// `residens user` command.
package admin

import (
	"context"
	"errors"
	"fmt"
	"residens/internal/mail"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/db"
)

// PageSize is the number of users on one page of the list.
const PageSize = 25

// Limits on what the forms take; the database checks the same.
const (
	MaxEmailLength = mail.MaxAddressLength
	MaxNameLength  = 200
)

// Why a change was refused; the handlers turn each into a clear message.
var (
	// ErrLastAdmin refuses a change that would leave no enabled admin able
	// to sign in.
	ErrLastAdmin = errors.New("admin: the last enabled admin")
	// ErrEmailTaken says an account with the address exists already.
	ErrEmailTaken = errors.New("admin: e-mail address taken")
	// ErrAccepted refuses to re-send an invitation that has been taken.
	ErrAccepted = errors.New("admin: invitation already accepted")
	// ErrDisabled refuses to invite to a disabled account.
	ErrDisabled = errors.New("admin: account disabled")
	// ErrUnknownMunicipality says no municipality has the slug given.
	ErrUnknownMunicipality = errors.New("admin: unknown municipality")
)

// Municipality is one choice in the municipality menus.
type Municipality struct {
	ID   int64
	Slug string
	Name string
}

// User is an account as the admin pages show it.
type User struct {
	ID               int64
	Email            string
	Name             string
	Role             auth.Role
	MunicipalityID   *int64
	MunicipalitySlug string
	MunicipalityName string
	HasPassword      bool
	VerifiedAt       *time.Time
	DisabledAt       *time.Time
	CreatedAt        time.Time
}

// The states of an account, as State returns them.
const (
	StateActive     = "aktiv"
	StateDisabled   = "sparrad"
	StateInvited    = "inbjuden"
	StateUnverified = "obekraftad"
)

// State is what the account can do now: disabled, invited but not yet
// accepted (no password), registered but not verified, or active.
func (u *User) State() string {
	switch {
	case u.DisabledAt != nil:
		return StateDisabled
	case !u.HasPassword:
		return StateInvited
	case u.VerifiedAt == nil:
		return StateUnverified
	}
	return StateActive
}

// StateLabel is State in Swedish.
func (u *User) StateLabel() string {
	switch u.State() {
	case StateDisabled:
		return "Spärrat"
	case StateInvited:
		return "Inbjuden, ej antagen"
	case StateUnverified:
		return "E-post ej bekräftad"
	}
	return "Aktivt"
}

// Store reads and changes accounts and reads the audit log. Every change runs
// in one transaction with its audit entry.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

// NewStore returns a store over pool; now tells the time (time.Now in
// production).
func NewStore(pool *pgxpool.Pool, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{pool: pool, now: now}
}

// userColumns are the columns scanUser reads, from users u left-joined to
// municipalities m.
const userColumns = `u.id, u.email, u.name, u.role, u.municipality_id, coalesce(m.slug, ''), coalesce(m.name, ''),
	u.password_hash IS NOT NULL, u.email_verified_at, u.disabled_at, u.created_at`

const userFrom = ` FROM users u LEFT JOIN municipalities m ON m.id = u.municipality_id `

func scanUser(row pgx.Row) (*User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.MunicipalityID, &u.MunicipalitySlug, &u.MunicipalityName,
		&u.HasPassword, &u.VerifiedAt, &u.DisabledAt, &u.CreatedAt)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// Municipalities returns every municipality, by name, for the menus.
func (s *Store) Municipalities(ctx context.Context) ([]Municipality, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, slug, name FROM municipalities ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("admin: municipalities: %w", err)
	}
	ms, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Municipality, error) {
		var m Municipality
		err := row.Scan(&m.ID, &m.Slug, &m.Name)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("admin: municipalities: %w", err)
	}
	return ms, nil
}

// MunicipalityBySlug returns the municipality with slug, or
// ErrUnknownMunicipality.
func (s *Store) MunicipalityBySlug(ctx context.Context, slug string) (*Municipality, error) {
	var m Municipality
	err := s.pool.QueryRow(ctx, `SELECT id, slug, name FROM municipalities WHERE slug = $1`, slug).Scan(&m.ID, &m.Slug, &m.Name)
	if db.IsNoRows(err) {
		return nil, ErrUnknownMunicipality
	}
	if err != nil {
		return nil, fmt.Errorf("admin: municipality %q: %w", slug, err)
	}
	return &m, nil
}

// Filter is a parsed request for the list of users.
type Filter struct {
	// Query matches part of the name or e-mail address, without regard to
	// case; % and _ match themselves.
	Query        string
	Role         auth.Role
	Municipality *Municipality
	Page         int
}

func (f Filter) where(args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return "$" + strconv.Itoa(len(*args))
	}
	conds := []string{"true"}
	if f.Query != "" {
		p := arg("%" + db.LikeEscape(f.Query) + "%")
		conds = append(conds, "(u.name ILIKE "+p+" OR u.email ILIKE "+p+")")
	}
	if f.Role != "" {
		conds = append(conds, "u.role = "+arg(string(f.Role)))
	}
	if f.Municipality != nil {
		conds = append(conds, "u.municipality_id = "+arg(f.Municipality.ID))
	}
	return strings.Join(conds, " AND ")
}

// CountUsers returns how many users match f.
func (s *Store) CountUsers(ctx context.Context, f Filter) (int, error) {
	var args []any
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM users u WHERE `+f.where(&args), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("admin: count users: %w", err)
	}
	return n, nil
}

// ListUsers returns page f.Page of the users matching f, by name.
func (s *Store) ListUsers(ctx context.Context, f Filter) ([]*User, error) {
	var args []any
	where := f.where(&args)
	page := max(f.Page, 1)
	args = append(args, PageSize, (page-1)*PageSize)
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+userFrom+`WHERE `+where+`
		ORDER BY lower(u.name), u.id
		LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("admin: list users: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*User, error) { return scanUser(row) })
}

// AllUsers returns every account, oldest first, for the command line.
func (s *Store) AllUsers(ctx context.Context) ([]*User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+userFrom+`ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("admin: all users: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*User, error) { return scanUser(row) })
}

// User returns the user with id, or a not-found error.
func (s *Store) User(ctx context.Context, id int64) (*User, error) {
	return s.user(ctx, s.pool, id, false)
}

// UserByEmail returns the user with the address (in any case), or a
// not-found error.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+userFrom+`WHERE lower(u.email) = lower($1)`, email))
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("user with that address: %w", db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("admin: user by e-mail: %w", err)
	}
	return u, nil
}

func (s *Store) user(ctx context.Context, q db.Querier, id int64, lock bool) (*User, error) {
	sql := `SELECT ` + userColumns + userFrom + `WHERE u.id = $1`
	if lock {
		sql += ` FOR UPDATE OF u`
	}
	u, err := scanUser(q.QueryRow(ctx, sql, id))
	if db.IsNoRows(err) {
		return nil, fmt.Errorf("user %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("admin: user %d: %w", id, err)
	}
	return u, nil
}

// ActiveSessions counts the user's live sessions.
func (s *Store) ActiveSessions(ctx context.Context, id int64) (int, error) {
	now := s.now()
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM sessions WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3`,
		id, now, now.Add(-auth.IdleTimeout)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("admin: sessions of %d: %w", id, err)
	}
	return n, nil
}

// adminsLock is the transaction-level advisory lock that serialises every
// change that can take an admin away (a demotion, a disabling). It is taken
// before any row lock, so two admins demoting each other at the same moment
// neither deadlock nor both pass the guard.
const adminsLock = auth.AdminsLock

func lockAdmins(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, adminsLock); err != nil {
		return fmt.Errorf("admin: lock admins: %w", err)
	}
	return nil
}

// guardLastAdmin returns ErrLastAdmin when u is an enabled admin and no
// other enabled admin who can sign in (has a password) would be left if u
// stopped being one. The caller holds lockAdmins.
func guardLastAdmin(ctx context.Context, tx pgx.Tx, u *User) error {
	if u.Role != auth.RoleAdmin || u.DisabledAt != nil {
		return nil
	}
	var others bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users
		WHERE role = 'admin' AND disabled_at IS NULL AND password_hash IS NOT NULL AND id <> $1)`, u.ID).Scan(&others); err != nil {
		return fmt.Errorf("admin: count admins: %w", err)
	}
	if !others {
		return ErrLastAdmin
	}
	return nil
}

func entry(by audit.Entry, action string, u *User, detail map[string]any) audit.Entry {
	e := by
	e.Action = action
	id := u.ID
	e.TargetUserID = &id
	e.Target = u.Name
	e.Detail = detail
	return e
}

// ChangeRole gives the user role and municipalityID (required for
// municipality officers, nil for everybody else) and ends all their
// sessions, so that no session carries the old role. It reports false when
// nothing changed. signIn, when not nil, is called in the transaction after
// the sessions have ended: an admin who changes their own role gets a new
// session at once.
func (s *Store) ChangeRole(ctx context.Context, by audit.Entry, id int64, role auth.Role, municipalityID *int64,
	signIn func(tx pgx.Tx) error) (bool, error) {
	if !role.Valid() {
		return false, fmt.Errorf("admin: role %q", role)
	}
	if (role == auth.RoleMunicipality) != (municipalityID != nil) {
		return false, errors.New("admin: a municipality goes with the municipality role, and only with it")
	}
	changed := false
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockAdmins(ctx, tx); err != nil {
			return err
		}
		u, err := s.user(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if u.Role == role && equalID(u.MunicipalityID, municipalityID) {
			return nil
		}
		if role != auth.RoleAdmin {
			if err := guardLastAdmin(ctx, tx, u); err != nil {
				return err
			}
		}
		var name string
		if municipalityID != nil {
			if err := tx.QueryRow(ctx, `SELECT name FROM municipalities WHERE id = $1`, *municipalityID).Scan(&name); err != nil {
				if db.IsNoRows(err) {
					return ErrUnknownMunicipality
				}
				return fmt.Errorf("admin: municipality: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET role = $2, municipality_id = $3, updated_at = $4 WHERE id = $1`,
			id, string(role), municipalityID, s.now()); err != nil {
			return fmt.Errorf("admin: change role of %d: %w", id, err)
		}
		if err := auth.EndSessions(ctx, tx, id, nil); err != nil {
			return err
		}
		detail := map[string]any{"from": string(u.Role), "to": string(role)}
		// Names, not slugs: the log is read by people.
		if u.MunicipalityName != "" {
			detail["from_municipality"] = u.MunicipalityName
		}
		if name != "" {
			detail["to_municipality"] = name
		}
		if err := audit.Record(ctx, tx, entry(by, audit.RoleChanged, u, detail)); err != nil {
			return err
		}
		if signIn != nil {
			if err := signIn(tx); err != nil {
				return err
			}
		}
		changed = true
		return nil
	})
	return changed, err
}

func equalID(a, b *int64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// SetDisabled disables the user (ending all their sessions) or enables them
// again, with the audit entry Disabled or Enabled. detail is added to the
// entry (the command line notes {"via": "cli"}). It reports false when the
// account was already in that state.
func (s *Store) SetDisabled(ctx context.Context, by audit.Entry, id int64, disabled bool, detail map[string]any) (bool, error) {
	changed := false
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockAdmins(ctx, tx); err != nil {
			return err
		}
		u, err := s.user(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if (u.DisabledAt != nil) == disabled {
			return nil
		}
		action := audit.Enabled
		if disabled {
			action = audit.Disabled
			if err := guardLastAdmin(ctx, tx, u); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE users SET disabled_at = $2, updated_at = $2 WHERE id = $1`, id, s.now()); err != nil {
				return fmt.Errorf("admin: disable %d: %w", id, err)
			}
			if err := auth.EndSessions(ctx, tx, id, nil); err != nil {
				return err
			}
			// Links already sent (a reset, an address change) must not
			// outlive the account's disabling.
			if err := auth.RetireTokens(ctx, tx, id, s.now(), auth.PurposeReset, auth.PurposeEmailChange); err != nil {
				return err
			}
		} else if _, err := tx.Exec(ctx, `UPDATE users SET disabled_at = NULL, updated_at = $2 WHERE id = $1`, id, s.now()); err != nil {
			return fmt.Errorf("admin: enable %d: %w", id, err)
		}
		changed = true
		return audit.Record(ctx, tx, entry(by, action, u, detail))
	})
	return changed, err
}

// EndSessions ends every session of the user and records how many.
func (s *Store) EndSessions(ctx context.Context, by audit.Entry, id int64) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		u, err := s.user(ctx, tx, id, true)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
		if err != nil {
			return fmt.Errorf("admin: end sessions of %d: %w", id, err)
		}
		n = int(tag.RowsAffected())
		return audit.Record(ctx, tx, entry(by, audit.SessionsEnded, u, map[string]any{"count": n}))
	})
	return n, err
}

// NewUser is an account made from the command line, ready to sign in.
type NewUser struct {
	Email string
	Name  string
	Role  auth.Role
	// MunicipalityID is required for the municipality role.
	MunicipalityID *int64
	// PasswordHash is auth.HashPassword's result.
	PasswordHash string
}

// CreateUser makes an enabled account with a verified address and a
// password, and records UserCreated with detail. An address in use is
// ErrEmailTaken.
func (s *Store) CreateUser(ctx context.Context, by audit.Entry, nu NewUser, detail map[string]any) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		err := tx.QueryRow(ctx, `
			INSERT INTO users (email, name, role, municipality_id, password_hash, email_verified_at, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id`,
			nu.Email, nu.Name, string(nu.Role), nu.MunicipalityID, nu.PasswordHash, now).Scan(&id)
		if err != nil {
			return insertError(err)
		}
		e := by
		e.Action, e.TargetUserID, e.Target, e.Detail = audit.UserCreated, &id, nu.Name, detail
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

func insertError(err error) error {
	if db.IsUniqueViolation(err, "users_email_idx") {
		return ErrEmailTaken
	}
	return fmt.Errorf("admin: insert user: %w", err)
}

// EmailTaken reports whether an account has the address, in any case.
func (s *Store) EmailTaken(ctx context.Context, email string) (bool, error) {
	var taken bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1))`, email).Scan(&taken); err != nil {
		return false, fmt.Errorf("admin: e-mail taken: %w", err)
	}
	return taken, nil
}
