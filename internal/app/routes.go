package app

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/account"
	"residens/internal/actor"
	"residens/internal/actoredit"
	"residens/internal/admin"
	"residens/internal/application"
	"residens/internal/auth"
	"residens/internal/bookingadmin"
	"residens/internal/bookingweb"
	"residens/internal/content"
	"residens/internal/db"
	"residens/internal/httpx"
	"residens/internal/image"
	"residens/internal/mail"
	"residens/internal/municipality"
	"residens/internal/opencall"
	"residens/internal/pagecache"
	"residens/internal/proposal"
	"residens/internal/registry"
	"residens/internal/residency"
	"residens/internal/residencyedit"
	"residens/internal/review"
	"residens/web/static"
	"residens/web/ui"
)

// Deps are what the route table needs to build every area's handler.
type Deps struct {
	Pool   *pgxpool.Pool
	Log    *slog.Logger
	Config Config
	// Now tells the time; time.Now in production.
	Now func() time.Time
	// Ready reports whether the database is reachable and migrated, for
	// /readyz.
	Ready func(context.Context) error
	// Cache, when not nil, serves anonymous public pages from memory.
	Cache *pagecache.Cache
	// Sessions knows who is signed in.
	Sessions *auth.Manager
	// Mail queues e-mail in the transaction of the change it reports (from
	// jobs.Runner.Mail); nil refuses to send, which only tests that send
	// nothing may leave it.
	Mail *mail.Queue
	// Registry gives incoming items their registration numbers; nil gets
	// one with Config.RegistryPrefix (or the default prefix).
	Registry *registry.Registry
}

// extraRoutes are registered by files built only with certain tags (the
// benchmark's ceiling route, in bench_ceiling.go); empty in a normal build.
var extraRoutes []func(chi.Router)

// NewHandler returns the whole site: middleware and the route table. This
// function is the one place where every URL of the portal can be read.
func NewHandler(d Deps) http.Handler {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Sessions == nil {
		// Tests that do not care about sessions get a working manager with
		// a key of its own.
		d.Sessions = auth.EphemeralManager(d.Pool, d.Now)
	}
	if d.Registry == nil {
		d.Registry = registry.New(d.Config.RegistryPrefix)
	}
	r := chi.NewRouter()
	// First, so that everything after sees the client's address rather
	// than a proxy's.
	r.Use(d.Config.TrustedProxies.Middleware)
	// cacheHeaders sits outside everything that answers (the recoverer's
	// error page and the page cache's hits included), so no response
	// leaves without its caching headers decided from who asked.
	r.Use(requestID, requestLog(d.Log), cacheHeaders, recoverer,
		securityHeaders(d.Config.BaseURL != nil && d.Config.BaseURL.Scheme == "https"))
	if d.Pool != nil {
		// One Outage for the site: the error pages of requests that fail
		// because the database is down report to it, and it logs the
		// outage once, not every request.
		outage := db.NewOutage(d.Log, d.Pool.Ping)
		r.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r.WithContext(db.WithOutage(r.Context(), outage)))
			})
		})
	}
	// Cross-origin protection refuses state-changing requests that a browser
	// marks as coming from another site; GET and HEAD pass.
	r.Use(http.NewCrossOriginProtection().Handler)
	if d.Cache != nil {
		r.Use(d.Cache.Middleware)
	}
	// After the cache, which never serves a request that carries a session
	// cookie: those come here to learn who is signed in.
	r.Use(d.Sessions.Middleware)
	r.Use(compress)
	// HEAD is answered by the GET handler (without the body), as HTTP asks.
	r.Use(middleware.GetHead)

	r.Get("/healthz", healthz)
	r.Get("/readyz", readyz(d.Ready))
	r.Get(static.Prefix+"*", static.Handler().ServeHTTP)
	// Browsers ask for /favicon.ico whatever the page says.
	r.Get("/favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, static.Path("favicon.svg"), http.StatusMovedPermanently)
	})

	residencies := residency.NewStore(d.Pool)
	content.NewHandler(residencies, opencall.NewStore(d.Pool), d.Now).Routes(r)
	residency.NewHandler(residencies, d.Now).Routes(r)
	municipality.NewHandler(municipality.NewStore(d.Pool), residencies, d.Now).Routes(r)
	actor.NewHandler(actor.NewStore(d.Pool), residencies, d.Now).Routes(r)
	image.NewHandler(d.Pool).Routes(r)
	admin.NewHandler(d.Pool, d.Sessions, d.Mail, d.Config.BaseURL, d.Now).Routes(r)
	account.NewHandler(d.Pool, d.Sessions, d.Mail, d.Config.BaseURL, d.Config.Limits, d.Now).Routes(r)
	residencyedit.NewHandler(d.Pool, d.Now).Routes(r)
	actoredit.NewHandler(d.Pool, d.Mail, d.Config.BaseURL, d.Now).Routes(r)
	registry.NewHandler(d.Pool).Routes(r)
	proposal.NewHandler(d.Pool, d.Registry, d.Mail, d.Config.BaseURL, d.Now).Routes(r)
	opencall.NewHandler(d.Pool, d.Mail, d.Config.BaseURL, d.Now).Routes(r)
	application.NewHandler(d.Pool, d.Registry, d.Mail, d.Config.BaseURL, d.Now).Routes(r)
	bookingadmin.NewHandler(d.Pool, d.Mail, d.Config.BaseURL, d.Now).Routes(r)
	bookingweb.NewHandler(d.Pool, d.Registry, d.Mail, d.Config.BaseURL, d.Config.Limits, d.Now).Routes(r)
	review.NewHandler(d.Pool, d.Mail, d.Config.BaseURL, d.Now).Routes(r)
	for _, add := range extraRoutes {
		add(r)
	}

	r.NotFound(httpx.NotFoundPage)
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		httpx.Render(w, r, http.StatusMethodNotAllowed, ui.Page{Title: "Otillåten metod"},
			ui.ErrorPage(http.StatusMethodNotAllowed, "Det går inte att göra så här",
				"Sidan finns, men inte för den här sortens anrop."))
	})
	return r
}

// healthz handles GET /healthz: the process is up and serving.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz handles GET /readyz: 200 when the database answers and every
// migration is applied, 503 otherwise, so a load balancer sends no traffic to
// an instance that cannot serve it.
func readyz(ready func(context.Context) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if ready == nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready: no readiness check\n"))
			return
		}
		if err := ready(ctx); err != nil {
			slog.WarnContext(r.Context(), "not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	}
}
