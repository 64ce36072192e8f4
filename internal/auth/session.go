package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/db"
	"residens/internal/httpx"
	"residens/web/ui"
)

// CookieName is the session cookie, the only cookie the site sets.
const CookieName = "residens_session"

// Session lifetimes: a session ends after IdleTimeout without a request, and
// in any case AbsoluteTimeout after sign-in.
const (
	IdleTimeout     = 2 * time.Hour
	AbsoluteTimeout = 12 * time.Hour
)

// touchEvery limits how often a request writes last_seen_at: a busy user
// costs one write a minute, not one a request.
const touchEvery = time.Minute

// SessionIDBytes is the length of a session ID: 256 bits of randomness.
const SessionIDBytes = 32

// Manager keeps sessions: an opaque random ID in a signed and encrypted
// cookie (gorilla/sessions), the session itself as a row in PostgreSQL,
// stored by the ID's SHA-256. Any number of instances share the rows.
type Manager struct {
	pool  *pgxpool.Pool
	store *sessions.CookieStore
	now   func() time.Time
}

// NewManager returns a manager. keys are the session keys, newest first: the
// newest encodes cookies, all of them decode, so a key can be rotated
// without signing everybody out. secure marks the cookie Secure (for https).
func NewManager(pool *pgxpool.Pool, keys [][]byte, secure bool, now func() time.Time) (*Manager, error) {
	if len(keys) == 0 {
		return nil, errors.New("auth: no session key")
	}
	var pairs [][]byte
	for _, k := range keys {
		// Separate keys for signing and encryption, derived from one secret.
		pairs = append(pairs, derive(k, "residens session hash"), derive(k, "residens session block")[:32])
	}
	store := sessions.NewCookieStore(pairs...)
	store.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(AbsoluteTimeout / time.Second),
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteLaxMode,
	}
	if now == nil {
		now = time.Now
	}
	return &Manager{pool: pool, store: store, now: now}, nil
}

// EphemeralManager returns a manager with a random key, for tests and
// development: its cookies are readable by this process only.
func EphemeralManager(pool *pgxpool.Pool, now func() time.Time) *Manager {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic(err)
	}
	m, err := NewManager(pool, [][]byte{k}, false, now)
	if err != nil {
		panic(err)
	}
	return m
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// ParseKeys reads session keys from a SESSION_KEY value: one or more keys
// separated by commas or newlines, newest first, each at least 32 bytes of
// secret written as hex or base64 (e.g. `openssl rand -hex 32`).
func ParseKeys(value string) ([][]byte, error) {
	var keys [][]byte
	for _, f := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
		f = strings.TrimSpace(f)
		if f == "" || strings.HasPrefix(f, "#") {
			continue
		}
		var k []byte
		var err error
		if k, err = hex.DecodeString(f); err != nil {
			if k, err = base64.StdEncoding.DecodeString(f); err != nil {
				if k, err = base64.RawURLEncoding.DecodeString(f); err != nil {
					return nil, fmt.Errorf("a key is neither hex nor base64")
				}
			}
		}
		if len(k) < 32 {
			return nil, fmt.Errorf("a key has %d bytes; at least 32 are needed", len(k))
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, errors.New("no key given")
	}
	return keys, nil
}

// HashID is how a session ID is stored.
func HashID(id []byte) []byte {
	h := sha256.Sum256(id)
	return h[:]
}

// Middleware loads the session the request carries, if it is valid, and puts
// its user in the context. An expired, ended or unreadable session clears the
// cookie; a database that cannot be asked gets the request its error page.
func (m *Manager) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie(CookieName); err != nil {
			next.ServeHTTP(w, r)
			return
		}
		u, err := m.load(r)
		if db.Unavailable(err) {
			// The database cannot say who this is: answer that, and keep
			// the cookie, rather than sign the visitor out or show them
			// the site as if they were not signed in.
			httpx.Fail(w, r, err)
			return
		}
		if err != nil {
			slog.WarnContext(r.Context(), "session: load failed", "err", err)
		}
		if u == nil {
			m.clearCookie(w, r)
			next.ServeHTTP(w, r)
			return
		}
		ctx := ui.WithAccount(WithUser(r.Context(), u), AccountFor(u))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// AccountFor is what the layout's header offers u: the areas of u's role.
func AccountFor(u *User) *ui.Account {
	a := &ui.Account{Name: u.Name}
	switch u.Role {
	case RoleAdmin:
		// One way into the consultants' pages: their own menu (ui.KonsulentNav)
		// lists them, so the header does not repeat it.
		a.Links = []ui.NavItem{{Key: "konsulent", Label: "Konsulentsidor", Href: "/konsulent/residens"},
			{Key: "admin-users", Label: "Användare", Href: "/admin/anvandare"}, {Key: "admin-log", Label: "Logg", Href: "/admin/logg"}}
	case RoleConsultant:
		a.Links = []ui.NavItem{{Key: "konsulent", Label: "Konsulentsidor", Href: "/konsulent/residens"}}
	case RoleArtist:
		a.Links = []ui.NavItem{{Key: "profile", Label: "Min profil", Href: "/konto/profil"},
			{Key: "applications", Label: "Mina ansökningar", Href: "/mina-ansokningar"}}
	case RoleJuror:
		a.Links = []ui.NavItem{{Key: "jury", Label: "Granska ansökningar", Href: "/jury"}}
	case RoleMunicipality:
		a.Links = []ui.NavItem{{Key: "kommun", Label: "Förslag", Href: "/kommun"}}
	}
	return a
}

func (m *Manager) sessionID(r *http.Request) []byte {
	s, err := m.store.Get(r, CookieName)
	if err != nil || s.IsNew {
		return nil
	}
	enc, _ := s.Values["id"].(string)
	id, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil || len(id) != SessionIDBytes {
		return nil
	}
	return id
}

func (m *Manager) load(r *http.Request) (*User, error) {
	id := m.sessionID(r)
	if id == nil {
		return nil, nil
	}
	hash := HashID(id)
	now := m.now()
	var u User
	var lastSeen time.Time
	err := m.pool.QueryRow(r.Context(), `
		SELECT u.id, u.email, u.name, u.role, u.municipality_id, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled_at IS NULL`,
		hash, now, now.Add(-IdleTimeout)).Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.MunicipalityID, &lastSeen)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	if now.Sub(lastSeen) > touchEvery {
		if _, err := m.pool.Exec(r.Context(), `UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1`, hash, now); err != nil {
			return nil, fmt.Errorf("session: touch: %w", err)
		}
	}
	u.SessionHash = hash
	return &u, nil
}

// SignIn starts a new session for userID in tx and sets its cookie. Any
// session the request came with is ended first, so an ID planted before
// sign-in (session fixation) is worth nothing after it.
func (m *Manager) SignIn(w http.ResponseWriter, r *http.Request, tx pgx.Tx, userID int64) error {
	if old := m.sessionID(r); old != nil {
		if _, err := tx.Exec(r.Context(), `DELETE FROM sessions WHERE id_hash = $1`, HashID(old)); err != nil {
			return fmt.Errorf("session: end old: %w", err)
		}
	}
	id := make([]byte, SessionIDBytes)
	if _, err := rand.Read(id); err != nil {
		return fmt.Errorf("session: id: %w", err)
	}
	now := m.now()
	if _, err := tx.Exec(r.Context(), `
		INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
		VALUES ($1, $2, $3, $3, $4, $5, $6)`,
		HashID(id), userID, now, now.Add(AbsoluteTimeout), clip(r.UserAgent(), 300), ClientIP(r)); err != nil {
		return fmt.Errorf("session: insert: %w", err)
	}
	s, _ := m.store.New(r, CookieName)
	s.Values = map[any]any{"id": base64.RawURLEncoding.EncodeToString(id)}
	if err := m.store.Save(r, w, s); err != nil {
		return fmt.Errorf("session: cookie: %w", err)
	}
	return nil
}

// SignOut ends the request's session, if any, and clears the cookie.
func (m *Manager) SignOut(w http.ResponseWriter, r *http.Request) error {
	if id := m.sessionID(r); id != nil {
		if _, err := m.pool.Exec(r.Context(), `DELETE FROM sessions WHERE id_hash = $1`, HashID(id)); err != nil {
			return fmt.Errorf("session: sign out: %w", err)
		}
	}
	m.clearCookie(w, r)
	return nil
}

func (m *Manager) clearCookie(w http.ResponseWriter, r *http.Request) {
	opts := *m.store.Options
	opts.MaxAge = -1
	http.SetCookie(w, sessions.NewCookie(CookieName, "", &opts))
}

// EndSessions ends every session of userID except the one whose hash is
// keep (nil ends them all): after a password change, when an account is
// disabled, or when an admin ends them.
func EndSessions(ctx context.Context, q db.Querier, userID int64, keep []byte) error {
	if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND ($2::bytea IS NULL OR id_hash <> $2)`, userID, keep); err != nil {
		return fmt.Errorf("session: end sessions of %d: %w", userID, err)
	}
	return nil
}

// SessionInfo describes one active session, for the account page.
type SessionInfo struct {
	// Ref is the hex of the stored hash: it names the session in forms
	// without revealing the ID.
	Ref        string
	CreatedAt  time.Time
	LastSeenAt time.Time
	UserAgent  string
	IP         string
	Current    bool
}

// ListSessions returns userID's live sessions, newest first; current marks
// the one with that hash.
func (m *Manager) ListSessions(ctx context.Context, userID int64, current []byte) ([]SessionInfo, error) {
	now := m.now()
	rows, err := m.pool.Query(ctx, `
		SELECT id_hash, created_at, last_seen_at, user_agent, ip FROM sessions
		WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3
		ORDER BY last_seen_at DESC`, userID, now, now.Add(-IdleTimeout))
	if err != nil {
		return nil, fmt.Errorf("session: list: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (SessionInfo, error) {
		var s SessionInfo
		var h []byte
		err := row.Scan(&h, &s.CreatedAt, &s.LastSeenAt, &s.UserAgent, &s.IP)
		s.Ref = hex.EncodeToString(h)
		s.Current = hmac.Equal(h, current)
		return s, err
	})
}

// EndSession ends the session named by ref, if it belongs to userID.
func EndSession(ctx context.Context, q db.Querier, userID int64, ref string) (bool, error) {
	h, err := hex.DecodeString(ref)
	if err != nil || len(h) != sha256.Size {
		return false, nil
	}
	tag, err := q.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1 AND user_id = $2`, h, userID)
	if err != nil {
		return false, fmt.Errorf("session: end %s: %w", ref, err)
	}
	return tag.RowsAffected() == 1, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
