package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/booking"
	"residens/internal/db"
	"residens/internal/event"
	"residens/internal/jobs"
	"residens/internal/pagecache"
	"residens/internal/registry"
)

// Serve migrates the database, then serves HTTP and works background jobs
// until ctx is cancelled (by SIGINT or SIGTERM in main), and then shuts down
// gracefully, in order: /readyz answers 503 at once while everything else is
// still served for cfg.DrainTime, so that a load balancer takes the instance
// out before it leaves; then the listener closes and requests in flight
// finish, for at most cfg.ShutdownTimeout; then the background jobs stop,
// running ones finishing within their own timeout.
func Serve(ctx context.Context, cfg Config, log *slog.Logger) error {
	mig, err := db.NewMigrator(cfg.DatabaseURL, log)
	if err != nil {
		return err
	}
	defer mig.Close()
	// Several instances may start together: goose's session lock lets one
	// migrate while the others wait, then find nothing left to do.
	n, err := mig.Up(ctx)
	if err != nil {
		return err
	}
	log.Info("migrations applied", "count", n)

	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()

	// The areas' own background work plugs in here: package jobs, below the
	// areas, cannot import them.
	reminders := booking.NewReminders(pool, cfg.BaseURL, cfg.MailFrom.Address, time.Now, log)
	eventJobs := event.NewJobs(pool, cfg.BaseURL.String(), cfg.EventRetentionMonths, time.Now, log)
	runner, err := jobs.New(pool, jobs.Config{SMTP: cfg.SMTP, From: cfg.MailFrom, Host: cfg.BaseURL.Hostname(),
		Extensions: []jobs.Extension{reminders, eventJobs}}, log)
	if err != nil {
		return err
	}
	// Jobs, like requests, run on a context the signal does not cancel: the
	// shutdown below goes through Stop, which lets running jobs finish.
	if err := runner.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	jobsStopped := false
	defer func() {
		// On an early return this stops the jobs before the pool closes.
		// After the shutdown below has stopped them (or given up), it does
		// nothing: a second Stop would wait the job timeout again.
		if jobsStopped {
			return
		}
		sctx, cancel := context.WithTimeout(context.Background(), jobs.JobTimeout)
		defer cancel()
		_ = runner.Stop(sctx)
	}()
	log.Info("background jobs started", "smtp", cfg.SMTP.String(), "mail_from", cfg.MailFrom.Address)

	if cfg.SessionKeyEphemeral {
		log.Warn("SESSION_KEY is not set: a key was made up for this process, so sessions end when it stops and are not shared with other instances; set SESSION_KEY in production")
	}
	sessions, err := auth.NewManager(pool, cfg.SessionKeys, cfg.BaseURL.Scheme == "https", time.Now)
	if err != nil {
		return err
	}
	// Draining is set when the shutdown begins: from then on /readyz says
	// the instance is leaving, whatever the database says.
	var draining atomic.Bool
	ready := ReadyCheck(pool, mig)
	deps := Deps{Pool: pool, Log: log, Config: cfg, Now: time.Now, Sessions: sessions,
		Ready: func(ctx context.Context) error {
			if draining.Load() {
				return errDraining
			}
			return ready(ctx)
		}}
	deps.Mail = runner.Mail()
	deps.Registry = registry.New(cfg.RegistryPrefix)
	// Requests run on a context of their own, so that a shutdown lets them
	// finish; it is cancelled only when they overrun the shutdown timeout,
	// or when Serve returns.
	reqCtx, cancelRequests := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRequests()
	if cfg.PageCache {
		v, err := pagecache.NewVersioner(ctx, pool)
		if err != nil {
			return fmt.Errorf("pagecache: %w", err)
		}
		// Polled until the requests' own context ends (after the
		// shutdown), not at the signal: the pages served while draining
		// must still follow changes and outages.
		go v.Run(reqCtx, log)
		deps.Cache = pagecache.New(v, 64<<20)
	}

	srv := &http.Server{
		Handler:           NewHandler(deps),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return reqCtx },
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("ADDR=%s: %w", cfg.Addr, err)
	}
	log.Info("serving", "addr", ln.Addr().String(), "url", cfg.BaseURL.String(), "page_cache", cfg.PageCache)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http: %w", err)
	case <-ctx.Done():
	}
	draining.Store(true)
	if cfg.DrainTime > 0 {
		// Answers now say "Connection: close", so that clients come back on
		// a new connection, which the load balancer sends elsewhere.
		srv.SetKeepAlivesEnabled(false)
		log.Info("draining: /readyz answers 503, requests are still served", "drain_time", cfg.DrainTime)
		select {
		case <-time.After(cfg.DrainTime):
		case err := <-errc:
			return fmt.Errorf("http: %w", err)
		}
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	httpErr := srv.Shutdown(sctx)
	if httpErr != nil {
		// Cut off what still runs, so that nothing of this server outlives
		// Serve: closing the connections first means a handler that gives
		// up cannot pass for a complete answer, and cancelling the requests'
		// context ends their queries before the pool closes.
		_ = srv.Close()
		cancelRequests()
		httpErr = fmt.Errorf("http: shutdown: %w", httpErr)
	}
	// The jobs stop last, so that a mail queued by the last requests is
	// still sent here if it can be; a running job has its own timeout to
	// finish in, and what is left waits in the database for another
	// instance.
	jctx, jcancel := context.WithTimeout(context.Background(), jobs.JobTimeout)
	defer jcancel()
	jobsErr := runner.Stop(jctx)
	jobsStopped = true
	if err := errors.Join(httpErr, jobsErr); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// errDraining is /readyz's reason while the instance shuts down.
var errDraining = errors.New("shutting down")

// ReadyCheck is the check behind /readyz: the database answers and every
// migration that mig knows of is applied. It takes no migration lock, so it
// stays cheap while another instance migrates.
func ReadyCheck(pool *pgxpool.Pool, mig *db.Migrator) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := pool.Ping(ctx); err != nil {
			return fmt.Errorf("database: %w", err)
		}
		ok, err := mig.Current(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("migrations pending")
		}
		return nil
	}
}
