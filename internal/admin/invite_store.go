package admin

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/auth"
	"residens/internal/db"
)

// Invitation is an account someone is invited to: it has no password until
// the invitee sets one through the link in the e-mail.
type Invitation struct {
	Email string
	Name  string
	Role  auth.Role
	// MunicipalityID is required for the municipality role.
	MunicipalityID *int64
}

// Notify queues the invitation e-mail to u, inside tx, with the token's
// secret for the link and when the link stops working.
type Notify func(ctx context.Context, tx pgx.Tx, u *User, token string, expires time.Time) error

// Invite creates the invited account (no password, address not yet
// verified), a single-use invitation token, the e-mail (through notify) and
// the audit entry Invited, all in one transaction. An address in use is
// ErrEmailTaken.
func (s *Store) Invite(ctx context.Context, by audit.Entry, inv Invitation, notify Notify) (int64, error) {
	if !inv.Role.Valid() || (inv.Role == auth.RoleMunicipality) != (inv.MunicipalityID != nil) {
		return 0, fmt.Errorf("admin: invite as %q with municipality %v", inv.Role, inv.MunicipalityID)
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		if err := tx.QueryRow(ctx, `
			INSERT INTO users (email, name, role, municipality_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
			inv.Email, inv.Name, string(inv.Role), inv.MunicipalityID, now).Scan(&id); err != nil {
			return insertError(err)
		}
		u, err := s.user(ctx, tx, id, false)
		if err != nil {
			return err
		}
		return s.sendInvite(ctx, tx, by, u, notify, nil)
	})
	return id, err
}

// Reinvite sends a new invitation to a user who has not accepted one yet;
// the earlier link stops working. A user with a password is ErrAccepted, a
// disabled one ErrDisabled.
func (s *Store) Reinvite(ctx context.Context, by audit.Entry, id int64, notify Notify) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		u, err := s.user(ctx, tx, id, true)
		if err != nil {
			return err
		}
		switch {
		case u.HasPassword:
			return ErrAccepted
		case u.DisabledAt != nil:
			return ErrDisabled
		}
		return s.sendInvite(ctx, tx, by, u, notify, map[string]any{"resend": true})
	})
}

func (s *Store) sendInvite(ctx context.Context, tx pgx.Tx, by audit.Entry, u *User, notify Notify, extra map[string]any) error {
	now := s.now()
	token, err := auth.NewToken(ctx, tx, u.ID, auth.PurposeInvite, "", now)
	if err != nil {
		return err
	}
	if err := notify(ctx, tx, u, token, now.Add(auth.TokenTTL[auth.PurposeInvite])); err != nil {
		return err
	}
	detail := map[string]any{"role": string(u.Role)}
	if u.MunicipalityName != "" {
		detail["municipality"] = u.MunicipalityName
	}
	for k, v := range extra {
		detail[k] = v
	}
	return audit.Record(ctx, tx, entry(by, audit.Invited, u, detail))
}

// Invitee returns the user an invitation token is for, without using the
// token, for the page the link opens. The errors are auth's:
// ErrTokenUnknown (also for a disabled account), ErrTokenExpired, and
// ErrTokenUsed (also when the account has a password by now), and
// ErrReplaced for a link that a newer invitation replaced.
func (s *Store) Invitee(ctx context.Context, token string) (*User, error) {
	t, err := auth.PeekToken(ctx, s.pool, token, auth.PurposeInvite, s.now())
	if err != nil {
		return nil, s.usedWhy(ctx, token, err)
	}
	u, err := s.user(ctx, s.pool, t.UserID, false)
	if err != nil {
		return nil, err
	}
	return u, inviteeError(u)
}

func inviteeError(u *User) error {
	switch {
	case u.DisabledAt != nil:
		return auth.ErrTokenUnknown
	case u.HasPassword:
		return auth.ErrTokenUsed
	}
	return nil
}

// ErrReplaced says an invitation link was replaced by a newer one (sent
// again): used, in auth's terms, though nobody accepted it.
var ErrReplaced = errors.New("admin: invitation replaced by a newer one")

// usedWhy tells a replaced invitation from an accepted one: a used token
// whose account still has no password was retired by a newer invitation.
func (s *Store) usedWhy(ctx context.Context, token string, err error) error {
	if !errors.Is(err, auth.ErrTokenUsed) {
		return err
	}
	secret, derr := base64.RawURLEncoding.DecodeString(token)
	if derr != nil {
		return err
	}
	var waiting bool
	qerr := s.pool.QueryRow(ctx, `
		SELECT u.password_hash IS NULL AND u.disabled_at IS NULL
		FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1 AND t.purpose = $2`,
		auth.HashID(secret), auth.PurposeInvite).Scan(&waiting)
	if qerr == nil && waiting {
		return ErrReplaced
	}
	return err
}

// AcceptInvite uses the invitation token (once), gives the account its name
// and password hash, marks the address verified (the invitee has shown they
// read mail sent to it), records InviteAccepted, and calls signIn, all in
// one transaction. The errors are Invitee's.
func (s *Store) AcceptInvite(ctx context.Context, token, name, passwordHash, ip string, signIn func(tx pgx.Tx, userID int64) error) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		t, err := auth.UseToken(ctx, tx, token, auth.PurposeInvite, now)
		if err != nil {
			return err
		}
		u, err := s.user(ctx, tx, t.UserID, true)
		if err != nil {
			return err
		}
		if err := inviteeError(u); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET name = $2, password_hash = $3, email_verified_at = $4, updated_at = $4 WHERE id = $1`,
			u.ID, name, passwordHash, now); err != nil {
			return fmt.Errorf("admin: accept invitation of %d: %w", u.ID, err)
		}
		id = u.ID
		u.Name = name
		if err := audit.Record(ctx, tx, entry(audit.Entry{ActorID: &id, ActorName: name, IP: ip}, audit.InviteAccepted, u, nil)); err != nil {
			return err
		}
		return signIn(tx, u.ID)
	})
	return id, s.usedWhy(ctx, token, err)
}
