package auth_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/db/dbtest"
)

// clock is a settable time for the session manager.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func mustUser(t *testing.T, pool *pgxpool.Pool, email string, role auth.Role) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(), `INSERT INTO users (email, name, role, email_verified_at) VALUES ($1, $2, $3, now()) RETURNING id`,
		email, "Namn "+email, role).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// signIn runs Manager.SignIn and returns the cookie it set.
func signIn(t *testing.T, pool *pgxpool.Pool, m *auth.Manager, userID int64, with *http.Cookie) *http.Cookie {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/logga-in", nil)
	req.Header.Set("User-Agent", "testbrowser/1.0")
	if with != nil {
		req.AddCookie(with)
	}
	err := db.InTx(context.Background(), pool, func(tx pgx.Tx) error { return m.SignIn(rec, req, tx, userID) })
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == auth.CookieName {
			return c
		}
	}
	t.Fatal("SignIn set no session cookie")
	return nil
}

// whoami serves one request through the middleware and tells who it saw.
func whoami(m *auth.Manager, c *http.Cookie) (*auth.User, *httptest.ResponseRecorder) {
	var seen *auth.User
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = auth.UserFrom(r.Context()) }))
	req := httptest.NewRequest("GET", "/konto", nil)
	if c != nil {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return seen, rec
}

func key(b byte) []byte { return []byte(strings.Repeat(string(rune('a'+b)), 32)) }

func TestSessions(t *testing.T) {
	pool := dbtest.New(t)
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	m, err := auth.NewManager(pool, [][]byte{key(1)}, true, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	uid := mustUser(t, pool, "anna@example.se", auth.RoleConsultant)

	t.Run("cookie attributes", func(t *testing.T) {
		c := signIn(t, pool, m, uid, nil)
		if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
			t.Fatalf("cookie %+v: want HttpOnly, Secure, SameSite=Lax, Path=/", c)
		}
		if strings.Contains(c.Value, "anna") {
			t.Fatal("cookie carries user data")
		}
	})

	// Whether the answer may be cached is decided in package app, for
	// every response: TestRoleRouteTable checks it over every route.
	t.Run("signed-in request sees the user", func(t *testing.T) {
		c := signIn(t, pool, m, uid, nil)
		u, _ := whoami(m, c)
		if u == nil || u.ID != uid || u.Role != auth.RoleConsultant || len(u.SessionHash) != 32 {
			t.Fatalf("user %+v", u)
		}
	})

	t.Run("only a hash of the ID is stored", func(t *testing.T) {
		c := signIn(t, pool, m, uid, nil)
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM sessions WHERE position($1::bytea IN id_hash) > 0`, []byte(c.Value)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatal("the cookie value is stored")
		}
	})

	t.Run("a forged or foreign cookie signs nobody in and is cleared", func(t *testing.T) {
		c := signIn(t, pool, m, uid, nil)
		other, _ := auth.NewManager(pool, [][]byte{key(2)}, true, clk.now)
		if u, _ := whoami(other, c); u != nil {
			t.Fatal("a manager with another key accepted the cookie")
		}
		u, rec := whoami(m, &http.Cookie{Name: auth.CookieName, Value: "forged"})
		if u != nil {
			t.Fatal("forged cookie accepted")
		}
		if sc := rec.Header().Get("Set-Cookie"); !strings.Contains(sc, "Max-Age=0") && !strings.Contains(sc, "Max-Age=-1") && !strings.Contains(sc, "Expires=Thu, 01 Jan 1970") {
			t.Fatalf("cookie not cleared: %q", sc)
		}
	})

	t.Run("key rotation: an old key still reads, the new one writes", func(t *testing.T) {
		c := signIn(t, pool, m, uid, nil)
		rotated, _ := auth.NewManager(pool, [][]byte{key(3), key(1)}, true, clk.now)
		if u, _ := whoami(rotated, c); u == nil {
			t.Fatal("rotated manager refused a cookie written with the old key")
		}
		fresh := signIn(t, pool, rotated, uid, nil)
		if u, _ := whoami(m, fresh); u != nil {
			t.Fatal("a cookie written after rotation is readable with the old key alone: the new key is not the writer")
		}
	})

	t.Run("sign-in replaces the session the request came with", func(t *testing.T) {
		planted := signIn(t, pool, m, uid, nil)
		after := signIn(t, pool, m, uid, planted)
		if after.Value == planted.Value {
			t.Fatal("same cookie after sign-in")
		}
		if u, _ := whoami(m, planted); u != nil {
			t.Fatal("the session from before sign-in still works (fixation)")
		}
		if u, _ := whoami(m, after); u == nil {
			t.Fatal("new session does not work")
		}
	})

	t.Run("idle and absolute timeouts", func(t *testing.T) {
		start := clk.t
		defer func() { clk.t = start }()
		c := signIn(t, pool, m, uid, nil)
		clk.t = start.Add(auth.IdleTimeout - time.Minute)
		if u, _ := whoami(m, c); u == nil {
			t.Fatal("ended before the idle timeout")
		}
		// That request counted as activity: the idle clock starts again.
		clk.t = clk.t.Add(auth.IdleTimeout - time.Minute)
		if u, _ := whoami(m, c); u == nil {
			t.Fatal("activity did not extend the session")
		}
		clk.t = clk.t.Add(auth.IdleTimeout + time.Second)
		if u, _ := whoami(m, c); u != nil {
			t.Fatal("alive after the idle timeout")
		}
		clk.t = start
		c = signIn(t, pool, m, uid, nil)
		for clk.t.Before(start.Add(auth.AbsoluteTimeout - time.Hour)) {
			clk.t = clk.t.Add(time.Hour)
			if u, _ := whoami(m, c); u == nil {
				t.Fatalf("ended at %v, before the absolute timeout", clk.t.Sub(start))
			}
		}
		clk.t = start.Add(auth.AbsoluteTimeout + time.Second)
		if u, _ := whoami(m, c); u != nil {
			t.Fatal("alive after the absolute timeout")
		}
	})

	t.Run("a disabled user is signed out", func(t *testing.T) {
		other := mustUser(t, pool, "bertil@example.se", auth.RoleArtist)
		c := signIn(t, pool, m, other, nil)
		if _, err := pool.Exec(ctx, `UPDATE users SET disabled_at = now() WHERE id = $1`, other); err != nil {
			t.Fatal(err)
		}
		if u, _ := whoami(m, c); u != nil {
			t.Fatal("disabled user still signed in")
		}
	})

	t.Run("sign-out deletes the row", func(t *testing.T) {
		c := signIn(t, pool, m, uid, nil)
		req := httptest.NewRequest("POST", "/logga-ut", nil)
		req.AddCookie(c)
		if err := m.SignOut(httptest.NewRecorder(), req); err != nil {
			t.Fatal(err)
		}
		if u, _ := whoami(m, c); u != nil {
			t.Fatal("signed in after sign-out")
		}
	})

	t.Run("ending sessions: all but one, and one by reference", func(t *testing.T) {
		u3 := mustUser(t, pool, "cecilia@example.se", auth.RoleAdmin)
		a, b, c := signIn(t, pool, m, u3, nil), signIn(t, pool, m, u3, nil), signIn(t, pool, m, u3, nil)
		ua, _ := whoami(m, a)
		list, err := m.ListSessions(ctx, u3, ua.SessionHash)
		if err != nil || len(list) != 3 {
			t.Fatalf("ListSessions = %d, %v", len(list), err)
		}
		current := 0
		for _, s := range list {
			if s.Current {
				current++
			}
			if s.UserAgent != "testbrowser/1.0" {
				t.Errorf("user agent %q", s.UserAgent)
			}
		}
		if current != 1 {
			t.Fatalf("%d sessions marked current", current)
		}
		ub, _ := whoami(m, b)
		ok, err := auth.EndSession(ctx, pool, uid, refOf(t, m, u3, ub.SessionHash))
		if err != nil || ok {
			t.Fatal("another user could end the session")
		}
		ok, err = auth.EndSession(ctx, pool, u3, refOf(t, m, u3, ub.SessionHash))
		if err != nil || !ok {
			t.Fatalf("EndSession = %v, %v", ok, err)
		}
		if u, _ := whoami(m, b); u != nil {
			t.Fatal("ended session still works")
		}
		if err := auth.EndSessions(ctx, pool, u3, ua.SessionHash); err != nil {
			t.Fatal(err)
		}
		if u, _ := whoami(m, c); u != nil {
			t.Fatal("other session survived EndSessions")
		}
		if u, _ := whoami(m, a); u == nil {
			t.Fatal("the kept session was ended")
		}
	})
}

func refOf(t *testing.T, m *auth.Manager, userID int64, hash []byte) string {
	t.Helper()
	list, err := m.ListSessions(context.Background(), userID, hash)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.Current {
			return s.Ref
		}
	}
	t.Fatal("session not listed")
	return ""
}

func TestRequire(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	h := auth.Require(auth.RoleAdmin)(ok)
	tests := []struct {
		name   string
		user   *auth.User
		status int
	}{
		{"anonymous is sent to sign in", nil, http.StatusSeeOther},
		{"wrong role is forbidden", &auth.User{ID: 1, Role: auth.RoleArtist}, http.StatusForbidden},
		{"right role passes", &auth.User{ID: 2, Role: auth.RoleAdmin}, http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/admin/anvandare?sida=2", nil)
			if tt.user != nil {
				req = req.WithContext(auth.WithUser(req.Context(), tt.user))
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.status == http.StatusSeeOther {
				if loc := rec.Header().Get("Location"); loc != "/logga-in?nasta=%2Fadmin%2Fanvandare%3Fsida%3D2" {
					t.Fatalf("Location %q", loc)
				}
			}
		})
	}
}
