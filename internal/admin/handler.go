package admin

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/mail"
)

// Handler serves the admin pages, the consultants' invitation page and the
// page an invitation link opens.
type Handler struct {
	store    *Store
	sessions *auth.Manager
	mail     *mail.Queue
	baseURL  string
	now      func() time.Time
}

// NewHandler returns the handler. sessions signs in an invitee who has set a
// password; queue sends the invitations; baseURL is the site's public origin
// for the links in them.
func NewHandler(pool *pgxpool.Pool, sessions *auth.Manager, queue *mail.Queue, baseURL *url.URL, now func() time.Time) *Handler {
	if now == nil {
		now = time.Now
	}
	base := ""
	if baseURL != nil {
		base = strings.TrimSuffix(baseURL.String(), "/")
	}
	return &Handler{store: NewStore(pool, now), sessions: sessions, mail: queue, baseURL: base, now: now}
}

// notify returns the Notify that queues the invitation e-mail, naming
// inviter as the one who invited.
func (h *Handler) notify(inviter string) Notify {
	return func(ctx context.Context, tx pgx.Tx, u *User, token string, expires time.Time) error {
		if h.mail == nil {
			return errors.New("admin: no mail queue configured")
		}
		msg, err := InvitationMessage(ctx, InvitationMail{
			To: u.Email, Name: u.Name, Inviter: inviter, Role: u.Role, Municipality: u.MunicipalityName,
			Link: h.baseURL + "/inbjudan/" + token, Expires: expires,
		}, token)
		if err != nil {
			return err
		}
		return h.mail.Enqueue(ctx, tx, msg)
	}
}

// InvitationMail is what the invitation e-mail says.
type InvitationMail struct {
	To, Name, Inviter string
	Role              auth.Role
	Municipality      string
	Link              string
	Expires           time.Time
}

// InvitationMessage builds the invitation e-mail. Its key is derived from the
// token's hash, so a retried transaction never sends the same link twice and
// the key itself opens nothing.
func InvitationMessage(ctx context.Context, m InvitationMail, token string) (mail.Message, error) {
	text, html, err := mail.Render(ctx, "Du är inbjuden till Residens", invitationMailBody(m))
	if err != nil {
		return mail.Message{}, err
	}
	return mail.Message{To: m.To, Subject: "Inbjudan till Residens", Text: text, HTML: html, Key: "invite:" + tokenKey(token)}, nil
}

// tokenKey is the hex of the token's stored hash.
func tokenKey(token string) string {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		h := sha256.Sum256([]byte(token))
		return hex.EncodeToString(h[:])
	}
	return hex.EncodeToString(auth.HashID(b))
}
