package jobs

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"residens/internal/db/dbtest"
	"residens/internal/mail"
)

// probeArgs is the periodic job of probeExtension.
type probeArgs struct{}

func (probeArgs) Kind() string { return "test.probe" }

// probeExtension is an area's extension in miniature: its worker reports,
// on ran, whether it had the mail queue when it ran.
type probeExtension struct {
	queue *mail.Queue
	ran   chan bool
}

func (p *probeExtension) Register(w *river.Workers) error {
	return river.AddWorkerSafely(w, river.WorkFunc(func(context.Context, *river.Job[probeArgs]) error {
		p.ran <- p.queue != nil
		return nil
	}))
}

func (p *probeExtension) Periodic() []*river.PeriodicJob {
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return probeArgs{}, nil },
		&river.PeriodicJobOpts{ID: "test-probe", RunOnStart: true})}
}

func (p *probeExtension) UseMail(q *mail.Queue) { p.queue = q }

// TestExtensionRunsWithTheQueue: an extension's periodic job is scheduled
// and worked by the runner, and the extension has the runner's own mail
// queue by then.
func TestExtensionRunsWithTheQueue(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	probe := &probeExtension{ran: make(chan bool, 1)}
	cfg := testConfig(t, "smtp://"+closedAddr(t))
	cfg.Extensions = []Extension{probe}
	r := startRunner(t, pool, cfg)
	if probe.queue != r.Mail() {
		t.Errorf("extension's queue %p, want the runner's %p", probe.queue, r.Mail())
	}
	select {
	case hadQueue := <-probe.ran:
		if !hadQueue {
			t.Error("the extension's job ran without the mail queue")
		}
	case <-time.After(waitTimeout):
		t.Fatalf("the extension's periodic job did not run within %s", waitTimeout)
	}
}

// TestExtensionRegisterErrorStopsNew: a worker that cannot be registered
// (here: the same kind twice) is an error at start, not a job never worked.
func TestExtensionRegisterErrorStopsNew(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	cfg := testConfig(t, "smtp://"+closedAddr(t))
	cfg.Extensions = []Extension{&probeExtension{}, &probeExtension{}}
	if _, err := New(pool, cfg, slog.New(slog.DiscardHandler)); err == nil {
		t.Error("New with a kind registered twice: no error")
	}
}
