package db

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Unavailable reports whether err says the database cannot be reached or is
// not taking work just now (stopped, restarting, connections cut), as
// opposed to a query that is wrong or a row that is missing: the portal
// answers such a request "try again shortly" rather than with an error page.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true // a connect timeout included: the server does not answer
	}
	// A query cut off by its own deadline, or a request that went away, is
	// not the database being down: a deadline is a slow query (a 500 to
	// look into), a cancellation nobody's page.
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08 is "connection exception"; 57P01–57P03 are the server
		// shutting down, crashing, or not yet accepting connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	// pgx says so of an error that happened before anything was sent: the
	// connection was gone when the query was to go out.
	return pgconn.SafeToRetry(err)
}

// Outage follows the database's availability as the requests see it, so that
// an outage is logged twice (when it begins and when it ends, with how many
// requests it failed) instead of once per failed request: a 20-second outage
// under load once wrote 156,018 lines. While it lasts, one failed request in
// every SampleEvery is logged as an example.
type Outage struct {
	log   *slog.Logger
	probe func(context.Context) error
	now   func() time.Time

	mu     sync.Mutex
	down   bool
	since  time.Time
	failed int64
}

// SampleEvery is how often, in failed requests, one is logged during an
// outage.
const SampleEvery = 500

// probeInterval is how often an outage checks whether the database is back.
const probeInterval = 250 * time.Millisecond

// NewOutage returns an Outage that logs to log and, during an outage, calls
// probe (the pool's Ping) until it succeeds.
func NewOutage(log *slog.Logger, probe func(context.Context) error) *Outage {
	return &Outage{log: log, probe: probe, now: time.Now}
}

// Report records a request that failed because the database is unavailable
// (Unavailable(err)). The first one of an outage logs its beginning and starts
// watching for its end.
func (o *Outage) Report(ctx context.Context, err error, attrs ...any) {
	if o == nil {
		slog.WarnContext(ctx, "request failed: database unavailable", append(attrs, "err", err)...)
		return
	}
	o.mu.Lock()
	o.failed++
	n, began := o.failed, !o.down
	if began {
		o.down, o.since = true, o.now()
	}
	o.mu.Unlock()
	switch {
	case began:
		o.log.ErrorContext(ctx, "database unavailable: outage began; requests answer 503 until it is back", "err", err)
		go o.watch()
	case n%SampleEvery == 0:
		o.log.WarnContext(ctx, "database still unavailable", append(attrs, "failed_requests", n, "err", err)...)
	}
}

// Down reports whether an outage is under way.
func (o *Outage) Down() bool {
	if o == nil {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.down
}

// watch probes until the database answers, then logs the outage's end.
func (o *Outage) watch() {
	for {
		time.Sleep(probeInterval)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := o.probe(ctx)
		cancel()
		if err == nil {
			break
		}
		if !Unavailable(err) {
			// The pool is closed (the process is stopping): nobody is
			// left to tell.
			return
		}
	}
	o.mu.Lock()
	n, took := o.failed, o.now().Sub(o.since)
	o.down, o.failed = false, 0
	o.mu.Unlock()
	o.log.Warn("database available again: outage ended", "failed_requests", n, "duration", took.Round(time.Millisecond))
}

type outageKey struct{}

// WithOutage returns ctx carrying o, for the error pages of the requests
// that run on it.
func WithOutage(ctx context.Context, o *Outage) context.Context {
	return context.WithValue(ctx, outageKey{}, o)
}

// OutageFrom is the Outage in ctx, or nil (which logs each report).
func OutageFrom(ctx context.Context) *Outage {
	o, _ := ctx.Value(outageKey{}).(*Outage)
	return o
}
