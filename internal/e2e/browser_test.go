package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Time limits: a hung browser fails the test instead of hanging the run.
const (
	// startTimeout bounds the start of Chromium.
	startTimeout = 30 * time.Second
	// tabTimeout bounds everything one test does in its tab.
	tabTimeout = 90 * time.Second
)

// browser is the one Chromium of the package. Each test opens its own tab in
// it, which is much cheaper than a browser per test.
var browser struct {
	once   sync.Once
	ctx    context.Context // the chromedp context of the browser's first tab
	cancel context.CancelFunc
	dir    string // the fresh profile, removed after the run
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		// Waits for the browser process to exit.
		browser.cancel()
	}
	if browser.dir != "" {
		_ = os.RemoveAll(browser.dir)
	}
	os.Exit(code)
}

// missing skips the test for want of a prerequisite, or fails it when CI is
// set: in CI a missing browser is a broken set-up, never a reason to pass.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (CI is set, so a missing prerequisite is a failure)", msg)
	}
	t.Skipf("%s; skipping the browser test", msg)
}

// chromePath finds Chromium: CHROME_PATH, or Debian's /usr/bin/chromium.
func chromePath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("CHROME_PATH")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	exe, err := exec.LookPath(p)
	if err != nil {
		missing(t, "Chromium not found at %s (install Debian's chromium or set CHROME_PATH): %v", p, err)
	}
	return exe
}

// newTab returns a chromedp context for a new tab in the package's browser,
// closed when the test ends and bounded by tabTimeout. opts go to the tab's
// chromedp.NewContext, such as chromedp.WithNewBrowserContext for a tab with
// a cookie jar of its own.
func newTab(t *testing.T, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	exe := chromePath(t)
	browser.once.Do(func() { browser.err = startBrowser(exe) })
	if browser.err != nil {
		t.Fatalf("start Chromium: %v", browser.err)
	}
	// The timeout sits above the tab's context, so when it fires the tab
	// closes and the browser stays for the other tests.
	tctx, cancelTimeout := context.WithTimeout(browser.ctx, tabTimeout)
	ctx, cancelTab := chromedp.NewContext(tctx, opts...)
	t.Cleanup(func() {
		cancelTab()
		cancelTimeout()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return ctx
}

// startBrowser launches Chromium headless with a fresh profile and no
// traffic of its own (no component updates, sync or QUIC), so the only
// requests it makes are the test's.
func startBrowser(exe string) error {
	dir, err := os.MkdirTemp("", "residens-e2e-chromium-")
	if err != nil {
		return err
	}
	browser.dir = dir
	// The defaults already run headless, with no first-run dialog, no
	// background networking and no sync.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		// The tests run as root in a container, where Chromium's sandbox
		// cannot start.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		// A proxy from the environment must not stand between the
		// browser and the test server on loopback.
		chromedp.Flag("no-proxy-server", true),
		// Without the back/forward cache, the back button makes the
		// browser load the page again from its URL, which is what the
		// journey means to test: every filter lives in the URL. The
		// other two features are chromedp's defaults.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	browser.ctx = ctx
	browser.cancel = func() {
		cancelCtx()
		cancelAlloc()
	}
	// The first Run starts the process and binds its life to ctx, so it
	// cannot carry the timeout itself; a timer stops a start that hangs.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(startTimeout):
		browser.cancel()
		return errors.New("Chromium did not start within " + startTimeout.String())
	}
}

// repoRoot is the folder holding go.mod, found upwards from the test's
// working directory (the package folder under go test).
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}
