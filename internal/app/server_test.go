package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/app"
	"residens/internal/db"
	"residens/internal/db/dbtest"
)

// addrCatcher passes log records on and reports the address from Serve's
// "serving" line, which is how a test learns the port of ADDR=…:0.
type addrCatcher struct {
	slog.Handler
	addr chan<- string
}

func (h addrCatcher) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == "serving" {
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "addr" {
				select {
				case h.addr <- a.Value.String():
				default:
				}
			}
			return true
		})
	}
	return h.Handler.Handle(ctx, r)
}

func (h addrCatcher) WithAttrs(as []slog.Attr) slog.Handler {
	return addrCatcher{h.Handler.WithAttrs(as), h.addr}
}

func (h addrCatcher) WithGroup(name string) slog.Handler {
	return addrCatcher{h.Handler.WithGroup(name), h.addr}
}

// instance is one running Serve.
type instance struct {
	url  string // http://host:port
	stop context.CancelFunc
	done <-chan error // Serve's result
}

// serveTimeout bounds how long a test waits for Serve to come up or return;
// it only turns a hang into a failure.
const serveTimeout = 60 * time.Second

// startServe runs app.Serve on a free loopback port with env added to the
// configuration, and waits until it listens.
func startServe(t *testing.T, env map[string]string) *instance {
	t.Helper()
	// No drain unless a test asks for one: the shutdown tests time the
	// steps after it.
	full := map[string]string{"ADDR": "127.0.0.1:0", "LOG_LEVEL": "warn", "DRAIN_TIME": "0"}
	for k, v := range env {
		full[k] = v
	}
	cfg := mustConfig(t, full)
	addr := make(chan string, 1)
	log := slog.New(addrCatcher{slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}), addr})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- app.Serve(ctx, cfg, log)
		close(done)
	}()
	in := &instance{stop: cancel, done: done}
	t.Cleanup(func() {
		cancel()
		in.wait(t)
	})
	select {
	case a := <-addr:
		in.url = "http://" + a
	case err := <-done:
		t.Fatalf("Serve returned before listening: %v", err)
	case <-time.After(serveTimeout):
		t.Fatal("Serve did not start listening")
	}
	return in
}

// wait returns Serve's result, failing the test if it does not return.
func (in *instance) wait(t *testing.T) error {
	t.Helper()
	select {
	case err, ok := <-in.done:
		if !ok {
			return nil
		}
		return err
	case <-time.After(serveTimeout):
		t.Fatal("Serve did not return")
		return nil
	}
}

// mustGet fetches path with a fresh connection and returns the status.
func mustGet(t *testing.T, url string) int {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	res, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// lockResidencies holds an exclusive lock on the residencies table until the
// returned function is called, so that a request reading it waits in the
// database: a slow request without a slow route.
func lockResidencies(t *testing.T, url string) (release func()) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE residencies IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			_ = tx.Rollback(ctx)
			_ = conn.Close(ctx)
		})
	}
	t.Cleanup(release)
	return release
}

// waitForBlockedQuery waits until a session of the portal waits for a lock,
// which says that the request is in flight.
func waitForBlockedQuery(t *testing.T, url string) {
	t.Helper()
	pool, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	deadline := time.Now().Add(serveTimeout)
	for time.Now().Before(deadline) {
		var n int
		if err := pool.QueryRow(context.Background(), `
			SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the request never reached the database")
}

// asyncGet starts a GET and delivers its status, or its error.
func asyncGet(url string) <-chan error {
	out := make(chan error, 1)
	go func() {
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		res, err := c.Get(url)
		if err != nil {
			out <- err
			return
		}
		defer res.Body.Close()
		if _, err := io.ReadAll(res.Body); err != nil {
			out <- err
			return
		}
		if res.StatusCode != http.StatusOK {
			out <- errors.New(res.Status)
			return
		}
		out <- nil
	}()
	return out
}

func TestServeLifecycle(t *testing.T) {
	t.Parallel()
	url := dbtest.EmptyURL(t)
	in := startServe(t, map[string]string{"DATABASE_URL": url})

	// Serve migrated the empty database before it listened.
	mig, err := db.NewMigrator(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mig.Close()
	if ok, err := mig.Current(context.Background()); err != nil || !ok {
		t.Fatalf("migrations current after start = %v, %v; want true", ok, err)
	}
	if got := mustGet(t, in.url+"/healthz"); got != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", got)
	}
	if got := mustGet(t, in.url+"/readyz"); got != http.StatusOK {
		t.Errorf("/readyz = %d, want 200", got)
	}
	if got := mustGet(t, in.url+"/residens"); got != http.StatusOK {
		t.Errorf("/residens = %d, want 200", got)
	}

	// A request that is still running when the shutdown begins finishes.
	release := lockResidencies(t, url)
	inFlight := asyncGet(in.url + "/residens?status=avslutade")
	waitForBlockedQuery(t, url)
	in.stop()
	// Once the listener is closed the shutdown is under way.
	closed := false
	for deadline := time.Now().Add(serveTimeout); !closed && time.Now().Before(deadline); {
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
		res, err := c.Get(in.url + "/healthz")
		if err != nil {
			closed = true
			break
		}
		res.Body.Close()
		time.Sleep(10 * time.Millisecond)
	}
	if !closed {
		t.Fatal("still accepting connections after the shutdown began")
	}
	select {
	case err := <-in.done:
		t.Fatalf("Serve returned (%v) while a request was in flight", err)
	default:
	}
	release()
	select {
	case err := <-inFlight:
		if err != nil {
			t.Errorf("in-flight request: %v, want 200", err)
		}
	case <-time.After(serveTimeout):
		t.Fatal("in-flight request did not finish")
	}
	if err := in.wait(t); err != nil {
		t.Errorf("Serve after shutdown = %v, want nil", err)
	}
}

// TestServeShutdownIsBounded: a request stuck past SHUTDOWN_TIMEOUT does not
// keep the process from ending.
func TestServeShutdownIsBounded(t *testing.T) {
	t.Parallel()
	url := dbtest.EmptyURL(t)
	in := startServe(t, map[string]string{"DATABASE_URL": url, "SHUTDOWN_TIMEOUT": "200ms", "PAGE_CACHE": "off"})
	_ = lockResidencies(t, url) // held until the test ends
	stuck := asyncGet(in.url + "/residens")
	waitForBlockedQuery(t, url)
	in.stop()
	if err := in.wait(t); err == nil {
		t.Error("Serve = nil although a request was cut off, want the shutdown error")
	}
	// Serve's return means nothing of it runs any more: the stuck request
	// has been cut off (its query cancelled, its connection closed), not
	// left waiting in the database.
	select {
	case err := <-stuck:
		if err == nil {
			t.Error("the cut-off request got a whole answer")
		}
	case <-time.After(serveTimeout):
		t.Error("the stuck request was still running after Serve returned")
	}
}

// TestServeInstancesStartingTogether: two instances started at the same
// moment on one empty database both migrate (one waits for the other) and
// both serve.
func TestServeInstancesStartingTogether(t *testing.T) {
	t.Parallel()
	url := dbtest.EmptyURL(t)
	var (
		wg  sync.WaitGroup
		ins [2]*instance
	)
	for i := range ins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ins[i] = startServeAsync(t, url)
		}()
	}
	wg.Wait()
	for i, in := range ins {
		if in == nil {
			t.Fatalf("instance %d did not start", i)
		}
		if got := mustGet(t, in.url+"/readyz"); got != http.StatusOK {
			t.Errorf("instance %d: /readyz = %d, want 200", i, got)
		}
	}
}

// startServeAsync is startServe for use from a goroutine: it reports
// failures with t.Error and returns nil.
func startServeAsync(t *testing.T, url string) *instance {
	cfg, err := app.LoadConfig(func(k string) string {
		return map[string]string{"DATABASE_URL": url, "ADDR": "127.0.0.1:0"}[k]
	})
	if err != nil {
		t.Error(err)
		return nil
	}
	addr := make(chan string, 1)
	log := slog.New(addrCatcher{slog.NewTextHandler(io.Discard, nil), addr})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- app.Serve(ctx, cfg, log)
		close(done)
	}()
	in := &instance{stop: cancel, done: done}
	t.Cleanup(func() {
		cancel()
		if err := in.wait(t); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	select {
	case a := <-addr:
		in.url = "http://" + a
		return in
	case err := <-done:
		t.Errorf("Serve returned before listening: %v", err)
	case <-time.After(serveTimeout):
		t.Error("Serve did not start listening")
	}
	return nil
}

// TestServeDrainsBeforeStopping plays a load balancer in front of one
// instance under load when SIGTERM comes (here: Serve's context ends, as
// main's signal handler does): /readyz must answer 503 at once while pages
// are still served, so the balancer takes the instance out before the
// listener closes; no request the balancer sent, nor the one in flight,
// may fail.
func TestServeDrainsBeforeStopping(t *testing.T) {
	t.Parallel()
	url := dbtest.EmptyURL(t)
	const drain = 1500 * time.Millisecond
	in := startServe(t, map[string]string{"DATABASE_URL": url, "DRAIN_TIME": drain.String(), "PAGE_CACHE": "off"})
	if got := mustGet(t, in.url+"/readyz"); got != http.StatusOK {
		t.Fatalf("/readyz = %d before the shutdown", got)
	}

	// The load: four clients asking for pages until the balancer has taken
	// the instance out.
	var out atomic.Bool
	var sent, failed atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &http.Client{Timeout: 30 * time.Second}
			for !out.Load() {
				sent.Add(1)
				res, err := c.Get(in.url + "/om-residens")
				if err != nil {
					failed.Add(1)
					t.Errorf("request during the drain: %v", err)
					return
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != http.StatusOK {
					failed.Add(1)
					t.Errorf("request during the drain: status %d, body %v", res.StatusCode, err)
				}
			}
		}()
	}
	// And one slow request in flight, waiting for a lock in the database.
	release := lockResidencies(t, url)
	slow := asyncGet(in.url + "/residens")
	waitForBlockedQuery(t, url)

	stopped := time.Now()
	in.stop()
	// The balancer's health check: 503 comes at once.
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	var notReady time.Duration
	for deadline := time.Now().Add(drain); ; {
		res, err := c.Get(in.url + "/readyz")
		if err != nil {
			t.Fatalf("/readyz unreachable %s after the signal: the listener closed before /readyz said 503", time.Since(stopped))
		}
		res.Body.Close()
		if res.StatusCode == http.StatusServiceUnavailable {
			notReady = time.Since(stopped)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d after %s", res.StatusCode, drain)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Pages are still served after /readyz has said 503.
	if got := mustGet(t, in.url+"/om-residens"); got != http.StatusOK {
		t.Errorf("a page during the drain: %d", got)
	}
	out.Store(true)
	wg.Wait()
	release()
	select {
	case err := <-slow:
		if err != nil {
			t.Errorf("the request in flight at the signal: %v", err)
		}
	case <-time.After(serveTimeout):
		t.Fatal("the request in flight did not finish")
	}
	if err := in.wait(t); err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
	if took := time.Since(stopped); took < drain {
		t.Errorf("Serve returned %s after the signal, before the drain time %s", took, drain)
	}
	t.Logf("/readyz 503 %s after the signal; %d requests during the drain, %d failed", notReady, sent.Load(), failed.Load())
}
