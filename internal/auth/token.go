package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"residens/internal/db"
)

// Token purposes and how long each link is valid.
const (
	PurposeVerify      = "verify"
	PurposeInvite      = "invite"
	PurposeReset       = "reset"
	PurposeEmailChange = "email_change"
)

// TokenTTL is how long a link of each purpose works.
var TokenTTL = map[string]time.Duration{
	PurposeVerify:      48 * time.Hour,
	PurposeInvite:      7 * 24 * time.Hour,
	PurposeReset:       time.Hour,
	PurposeEmailChange: 48 * time.Hour,
}

// Why a token cannot be used; each gets its own clear page.
var (
	ErrTokenUnknown = errors.New("auth: unknown token")
	ErrTokenExpired = errors.New("auth: token expired")
	ErrTokenUsed    = errors.New("auth: token already used")
)

// Token is a stored single-use link.
type Token struct {
	UserID    int64
	NewEmail  string
	ExpiresAt time.Time
}

// NewToken makes a single-use token of purpose for userID, valid for the
// purpose's TokenTTL from now, and returns the secret to put in the link
// (only its hash is stored). Earlier unused tokens of the same purpose for the
// user stop working, so only the newest link is live.
func NewToken(ctx context.Context, q db.Querier, userID int64, purpose, newEmail string, now time.Time) (string, error) {
	ttl, ok := TokenTTL[purpose]
	if !ok {
		return "", fmt.Errorf("auth: token purpose %q", purpose)
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	if _, err := q.Exec(ctx, `UPDATE tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
		userID, purpose, now); err != nil {
		return "", fmt.Errorf("auth: retire tokens: %w", err)
	}
	var ne *string
	if purpose == PurposeEmailChange {
		ne = &newEmail
	}
	if _, err := q.Exec(ctx, `INSERT INTO tokens (hash, user_id, purpose, new_email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		HashID(secret), userID, purpose, ne, now, now.Add(ttl)); err != nil {
		return "", fmt.Errorf("auth: token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(secret), nil
}

// PeekToken checks a token without using it, for the page a link opens
// (which must not change anything: the change happens on the form's POST).
func PeekToken(ctx context.Context, q db.Querier, token, purpose string, now time.Time) (*Token, error) {
	return lookupToken(ctx, q, token, purpose, now, false)
}

// UseToken checks a token and marks it used, in the transaction of the
// change it allows; a second use fails with ErrTokenUsed.
func UseToken(ctx context.Context, q db.Querier, token, purpose string, now time.Time) (*Token, error) {
	return lookupToken(ctx, q, token, purpose, now, true)
}

func lookupToken(ctx context.Context, q db.Querier, token, purpose string, now time.Time, use bool) (*Token, error) {
	secret, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(secret) != 32 {
		return nil, ErrTokenUnknown
	}
	sql := `SELECT user_id, coalesce(new_email, ''), expires_at, used_at IS NOT NULL FROM tokens WHERE hash = $1 AND purpose = $2`
	if use {
		sql += ` FOR UPDATE`
	}
	var t Token
	var used bool
	err = q.QueryRow(ctx, sql, HashID(secret), purpose).Scan(&t.UserID, &t.NewEmail, &t.ExpiresAt, &used)
	if db.IsNoRows(err) {
		return nil, ErrTokenUnknown
	}
	if err != nil {
		return nil, fmt.Errorf("auth: token: %w", err)
	}
	switch {
	case used:
		return nil, ErrTokenUsed
	case !now.Before(t.ExpiresAt):
		return nil, ErrTokenExpired
	}
	if use {
		if _, err := q.Exec(ctx, `UPDATE tokens SET used_at = $2 WHERE hash = $1`, HashID(secret), now); err != nil {
			return nil, fmt.Errorf("auth: use token: %w", err)
		}
	}
	return &t, nil
}

// RetireTokens makes userID's unused links of the given purposes stop
// working: after a password reset or change, an address change or a
// disabling, a link sent before must not undo it.
func RetireTokens(ctx context.Context, q db.Querier, userID int64, now time.Time, purposes ...string) error {
	if _, err := q.Exec(ctx, `UPDATE tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL AND purpose = ANY($3)`,
		userID, now, purposes); err != nil {
		return fmt.Errorf("auth: retire tokens: %w", err)
	}
	return nil
}

// LinkResendInterval is how long a live link of a purpose stands before
// another request sends a new one: asking ten times a minute sends one
// message, so nobody can fill a mailbox through the portal.
const LinkResendInterval = 10 * time.Minute

// RecentToken reports whether userID was sent a link of purpose within
// LinkResendInterval before now that still works.
func RecentToken(ctx context.Context, q db.Querier, userID int64, purpose string, now time.Time) (bool, error) {
	var recent bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL
		AND expires_at > $3 AND created_at > $4)`, userID, purpose, now, now.Add(-LinkResendInterval)).Scan(&recent)
	if err != nil {
		return false, fmt.Errorf("auth: recent token: %w", err)
	}
	return recent, nil
}
