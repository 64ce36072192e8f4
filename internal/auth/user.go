package auth

import (
	"context"
	"net/http"
	"net/url"

	"residens/internal/httpx"
)

// Role is what a user may do; each user has exactly one.
type Role string

// The roles of DESIGN.md.
const (
	RoleAdmin        Role = "admin"
	RoleConsultant   Role = "consultant"
	RoleMunicipality Role = "municipality"
	RoleArtist       Role = "artist"
	// RoleJuror is a jury member: invited to review the calls they are
	// assigned to, and nothing else.
	RoleJuror Role = "juror"
)

// Roles lists every role, for forms and validation.
var Roles = []Role{RoleAdmin, RoleConsultant, RoleMunicipality, RoleArtist, RoleJuror}

// Label is the role's Swedish name.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Administratör"
	case RoleConsultant:
		return "Kulturkonsulent"
	case RoleMunicipality:
		return "Kommunhandläggare"
	case RoleArtist:
		return "Konstnär"
	case RoleJuror:
		return "Jurymedlem"
	}
	return string(r)
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is the signed-in visitor.
type User struct {
	ID    int64
	Email string
	Name  string
	Role  Role
	// MunicipalityID is set for a municipality officer only: every query
	// such a user makes is scoped to it.
	MunicipalityID *int64
	// SessionHash identifies the session the request came with.
	SessionHash []byte
}

// Is reports whether the user has one of the roles.
func (u *User) Is(roles ...Role) bool {
	if u == nil {
		return false
	}
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

type ctxKey int

const userKey ctxKey = 0

// WithUser stores u as the request's user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// UserFrom returns the signed-in user, or nil for an anonymous visitor.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey).(*User)
	return u
}

// SignInPath is where a visitor who must sign in is sent, with the page to
// come back to.
func SignInPath(next string) string {
	return "/logga-in?nasta=" + url.QueryEscape(next)
}

// Require lets through only signed-in users with one of the roles: an
// anonymous visitor is sent to sign in (303), a signed-in one without the
// role gets the 403 page.
func Require(roles ...Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := UserFrom(r.Context())
			if u == nil {
				http.Redirect(w, r, SignInPath(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if len(roles) > 0 && !u.Is(roles...) {
				httpx.Fail(w, r, &httpx.Error{Code: httpx.CodeForbidden, Message: "role"})
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// SafeNext returns next when it is a path on this site, else "/": the
// sign-in page must not become a redirector to other sites.
func SafeNext(next string) string {
	if next == "" || next[0] != '/' || len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

// AdminsLock is the key of the transaction-level advisory lock taken before
// any change that can take an admin away (a demotion, a disabling, a
// deletion), so such changes queue on one lock and the last enabled admin
// always stays. The number spells "resadmin" in ASCII, apart from the
// migration lock's "residens".
const AdminsLock int64 = 0x72657361646d696e
