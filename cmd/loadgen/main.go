// Command loadgen is the load generator of the benchmark (make bench,
// scripts/bench.sh). It drives GET requests at a Residens server on loopback
// from a fixed number of keep-alive connections, one target at a time in
// short slices taken in turn, and prints each target's rate, latency
// percentiles and share of the ceiling (a static file of the same size served
// by the same server), with the server's CPU and memory.
//
// It refuses any host that is not loopback: load is only ever aimed at a
// server on this machine.
//
// With -explain it sends no load: it serves the given paths in process from
// the real route table over a traced pool, and runs EXPLAIN (ANALYZE,
// BUFFERS) on every query those pages made, flagging sequential scans of the
// big tables.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/app"
)

type urlList []string

func (l *urlList) String() string     { return strings.Join(*l, ",") }
func (l *urlList) Set(v string) error { *l = append(*l, v); return nil }

type options struct {
	urls     urlList
	ceiling  string
	conns    int
	dur      time.Duration
	rounds   int
	warmup   time.Duration
	timeout  time.Duration
	pid      int
	run      string
	tsv      string
	aimShare float64
	aimP99   time.Duration
	aimOnly  string

	explain    bool
	explainOut string
}

func main() {
	var o options
	flag.Var(&o.urls, "url", "a page to load (repeatable; a comma-separated list works too)")
	flag.StringVar(&o.ceiling, "ceiling", "", "the ceiling: a static file as large as the list page, served by the same server")
	flag.IntVar(&o.conns, "c", 64, "concurrent keep-alive connections")
	flag.DurationVar(&o.dur, "d", 15*time.Second, "measured time per target")
	flag.IntVar(&o.rounds, "rounds", 5, "slices each target's measured time is cut into, taken in turn with the others")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured load before each target's first slice")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Second, "per-request timeout")
	flag.IntVar(&o.pid, "pid", 0, "the server's process ID, to sample its memory and CPU")
	flag.StringVar(&o.run, "run", "", "a name for this run (first column of -tsv)")
	flag.StringVar(&o.tsv, "tsv", "", "append one tab-separated line per target to this file")
	flag.Float64Var(&o.aimShare, "aim-share", 1.0/3, "aim: a page's rate as a share of the ceiling (0: no aim)")
	flag.DurationVar(&o.aimP99, "aim-p99", 50*time.Millisecond, "aim: p99 latency below this (0: no aim)")
	flag.StringVar(&o.aimOnly, "aim-only", "", "comma-separated paths the aims apply to (default: every page)")
	// Hidden from the usage text on purpose: a tool for the benchmark
	// script, not for people.
	flag.BoolVar(&o.explain, "explain", false, "")
	flag.StringVar(&o.explainOut, "explain-out", "", "")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: loadgen [flags] -ceiling URL -url URL [-url URL ...]")
		flag.VisitAll(func(f *flag.Flag) {
			if f.Usage != "" {
				fmt.Fprintf(os.Stderr, "  -%s\t%s (default %q)\n", f.Name, f.Usage, f.DefValue)
			}
		})
	}
	flag.Parse()
	var urls []string
	for _, u := range o.urls {
		for _, p := range strings.Split(u, ",") {
			if p = strings.TrimSpace(p); p != "" {
				urls = append(urls, p)
			}
		}
	}
	o.urls = urls
	var err error
	if o.explain {
		err = explain(context.Background(), o)
	} else {
		err = load(o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// checkLoopback refuses a URL whose host is not this machine.
func checkLoopback(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%s: want an http URL", raw)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); (ip == nil || !ip.IsLoopback()) && host != "localhost" {
		return nil, fmt.Errorf("%s: refusing a host that is not loopback (127.0.0.0/8, ::1, localhost)", raw)
	}
	return u, nil
}

// loopbackOnly is the dialer's last word: whatever a name resolved to, the
// connection goes to a loopback address or nowhere.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to connect to %s: not loopback", address)
	}
	return nil
}

type target struct {
	u       *url.URL
	label   string // path and query
	ceiling bool
}

// result is what a target gathered over all its slices.
type result struct {
	target
	probe            string
	errs, gzipped    int
	firstErr         string
	bytes            int64
	lat              []time.Duration // sorted once all slices ran
	secs             float64         // measured time
	rates            []float64       // per slice, to show how steady it was
	srvCPU, selfCPU  float64         // CPU seconds of the server and of loadgen
	irqCPU, otherCPU float64         // interrupt handling; everything else
	peakRSS          int64           // kB, the server's largest sampled VmRSS
}

func (r *result) rate() float64 {
	if r.secs == 0 {
		return 0
	}
	return float64(len(r.lat)) / r.secs
}

func load(o options) error {
	if o.ceiling == "" || len(o.urls) == 0 {
		flag.Usage()
		return errors.New("need -ceiling and at least one -url")
	}
	if o.conns < 1 || o.dur <= 0 || o.rounds < 1 {
		return errors.New("-c, -d and -rounds must be positive")
	}
	var results []*result
	for i, raw := range append([]string{o.ceiling}, o.urls...) {
		u, err := checkLoopback(raw)
		if err != nil {
			return err
		}
		t := target{u: u, label: u.RequestURI(), ceiling: i == 0}
		if t.ceiling {
			t.label = "ceiling " + u.Path
		}
		results = append(results, &result{target: t})
	}

	var dials atomic.Int64
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: loopbackOnly}
	tr := &http.Transport{
		Proxy: nil, // never through a proxy from the environment
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return dialer.DialContext(ctx, network, addr)
		},
		// Exactly o.conns connections, all kept alive and shared by the
		// targets in turn.
		MaxConnsPerHost:     o.conns,
		MaxIdleConnsPerHost: o.conns,
		MaxIdleConns:        o.conns,
		IdleConnTimeout:     time.Minute,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport: tr,
		Timeout:   o.timeout,
		// A redirect is counted as an error, and never followed elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	slice := o.dur / time.Duration(o.rounds)
	fmt.Printf("loadgen: %d connections; per target %s of warm-up, then %s measured in %d slices of %s taken in turn\n"+
		"with the other targets (so that whatever else the machine does falls on all alike); GOMAXPROCS %d on %d CPUs,\n"+
		"shared with the server\n", o.conns, o.warmup, o.dur, o.rounds, slice, runtime.GOMAXPROCS(0), runtime.NumCPU())
	for _, r := range results {
		if err := probe(client, r); err != nil {
			return fmt.Errorf("%s: %w", r.label, err)
		}
		fmt.Printf("  %-40s %s\n", r.label, r.probe)
	}
	for round := range o.rounds {
		for _, r := range results {
			// A full warm-up before a target's first slice (connections,
			// the page cache, the pool's prepared statements); a short
			// settling time before later ones.
			warm := o.warmup
			if round > 0 {
				warm = min(o.warmup, 500*time.Millisecond)
			}
			runSlice(o, client, r, warm, slice)
		}
	}
	for _, r := range results {
		slices.Sort(r.lat)
	}
	return report(o, results, dials.Load())
}

func newRequest(u *url.URL) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, u.String(), nil)
	// Set by hand, as a browser does, so that the transport hands over the
	// body as it came over the wire (it decompresses only what it asked for
	// itself): bytes/req counts compressed bytes.
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("User-Agent", "residens-loadgen")
	return req
}

// probe makes one request and decompresses it, to show what is measured.
func probe(client *http.Client, r *result) error {
	resp, err := client.Do(newRequest(r.u))
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("probe: status %d", resp.StatusCode)
	}
	plain := len(raw)
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return fmt.Errorf("probe: %w", err)
		}
		n, err := io.Copy(io.Discard, zr)
		if err != nil {
			return fmt.Errorf("probe: %w", err)
		}
		plain = int(n)
	}
	r.probe = fmt.Sprintf("probe: %d, %s, %d bytes on the wire, %d uncompressed, Content-Encoding %q, X-Cache %q",
		resp.StatusCode, resp.Header.Get("Content-Type"), len(raw), plain,
		resp.Header.Get("Content-Encoding"), resp.Header.Get("X-Cache"))
	return nil
}

// runSlice loads one target for warm, unmeasured, and then for d, measured:
// o.conns workers, each looping GET on a connection of its own in effect.
// A request counts when it starts within the measured time.
func runSlice(o options, client *http.Client, r *result, warm, d time.Duration) {
	measureFrom := time.Now().Add(warm)
	end := measureFrom.Add(d)

	type tally struct {
		lat      []time.Duration
		errs, gz int
		bytes    int64
		firstErr string
	}
	tallies := make([]tally, o.conns)
	var wg sync.WaitGroup
	for w := range o.conns {
		wg.Add(1)
		go func(tl *tally) {
			defer wg.Done()
			req := newRequest(r.u)
			tl.lat = make([]time.Duration, 0, 1024)
			for {
				t0 := time.Now()
				if !t0.Before(end) {
					return
				}
				measured := !t0.Before(measureFrom)
				resp, err := client.Do(req)
				var n int64
				gz := false
				if err == nil {
					n, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					gz = resp.Header.Get("Content-Encoding") == "gzip"
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				lat := time.Since(t0)
				if !measured {
					continue
				}
				if err != nil {
					tl.errs++
					if tl.firstErr == "" {
						tl.firstErr = err.Error()
					}
					continue
				}
				if gz {
					tl.gz++
				}
				tl.bytes += n
				tl.lat = append(tl.lat, lat)
			}
		}(&tallies[w])
	}

	// Sample the server and the machine over the measured time.
	var srv0, self0, irq0, all0 float64
	var peak int64
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		time.Sleep(time.Until(measureFrom))
		srv0, self0 = procCPU(o.pid), selfCPU()
		irq0, all0 = machineCPU()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for now := range tick.C {
			if rss := procStatus(o.pid, "VmRSS"); rss > peak {
				peak = rss
			}
			if !now.Before(end) {
				break
			}
		}
		srv, self := procCPU(o.pid)-srv0, selfCPU()-self0
		irq1, all1 := machineCPU()
		r.srvCPU += srv
		r.selfCPU += self
		r.irqCPU += irq1 - irq0
		r.otherCPU += max(0, (all1-all0)-(irq1-irq0)-srv-self)
		r.peakRSS = max(r.peakRSS, peak)
	}()
	wg.Wait()
	<-sampled

	n := 0
	for i := range tallies {
		tl := &tallies[i]
		n += len(tl.lat)
		r.lat = append(r.lat, tl.lat...)
		r.errs += tl.errs
		r.gzipped += tl.gz
		r.bytes += tl.bytes
		if r.firstErr == "" {
			r.firstErr = tl.firstErr
		}
	}
	r.secs += d.Seconds()
	r.rates = append(r.rates, float64(n)/d.Seconds())
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return strconv.FormatFloat(d.Seconds()*1000, 'f', 2, 64) }

func report(o options, results []*result, conns int64) error {
	ceiling := results[0].rate()
	aimed := map[string]bool{}
	for _, p := range strings.Split(o.aimOnly, ",") {
		if p = strings.TrimSpace(p); p != "" {
			aimed[p] = true
		}
	}
	var tsv io.Writer = io.Discard
	if o.tsv != "" {
		f, err := os.OpenFile(o.tsv, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		tsv = f
	}
	pct := func(cpuSecs float64, r *result) string {
		if r.secs == 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f%%", cpuSecs/r.secs*100)
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\trequests\treq/s\t±\tp50 ms\tp99 ms\terrors\tgzip\tbytes/req\tshare\tsrv CPU\tgen CPU\tirq CPU\tother CPU\tsrv RSS\taims\t")
	failed := false
	for _, r := range results {
		rate := r.rate()
		p50, p99 := percentile(r.lat, 0.50), percentile(r.lat, 0.99)
		share := 0.0
		if ceiling > 0 {
			share = rate / ceiling
		}
		verdict := "-"
		if !r.ceiling && (len(aimed) == 0 || aimed[r.u.RequestURI()]) {
			var miss []string
			if o.aimShare > 0 && share < o.aimShare {
				miss = append(miss, fmt.Sprintf("share<%.0f%%", o.aimShare*100))
			}
			if o.aimP99 > 0 && p99 >= o.aimP99 {
				miss = append(miss, "p99>="+o.aimP99.String())
			}
			if r.errs > 0 {
				miss = append(miss, "errors")
			}
			verdict = "ok"
			if len(miss) > 0 {
				verdict = "MISS " + strings.Join(miss, ",")
			}
		}
		n := len(r.lat)
		bpr, gz := 0.0, 0.0
		if n > 0 {
			bpr = float64(r.bytes) / float64(n)
			gz = float64(r.gzipped) / float64(n)
		}
		spread := 0.0
		if rate > 0 {
			spread = (slices.Max(r.rates) - slices.Min(r.rates)) / 2 / rate
		}
		rss := "-"
		if r.peakRSS > 0 {
			rss = fmt.Sprintf("%.0f MiB", float64(r.peakRSS)/1024)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.0f%%\t%s\t%s\t%d\t%.0f%%\t%.0f\t%.1f%%\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			r.label, n, rate, spread*100, ms(p50), ms(p99), r.errs, gz*100, bpr, share*100,
			pct(r.srvCPU, r), pct(r.selfCPU, r), pct(r.irqCPU, r), pct(r.otherCPU, r), rss, verdict)
		fmt.Fprintf(tsv, "%s\t%s\t%d\t%.0f\t%s\t%s\t%d\t%.0f\t%.1f%%\t%.0f\t%s\n",
			o.run, r.label, n, rate, ms(p50), ms(p99), r.errs, bpr, share*100, float64(r.peakRSS)/1024, verdict)
		if r.errs > 0 {
			failed = true
			fmt.Fprintf(os.Stderr, "loadgen: %s: %d errors, the first: %s\n", r.label, r.errs, r.firstErr)
		}
	}
	tw.Flush()
	fmt.Printf("%d connections opened in all (%d asked for)\n", conns, o.conns)
	if o.pid > 0 {
		fmt.Printf("server pid %d: peak RSS since start (VmHWM) %.0f MiB, RSS now %.0f MiB\n",
			o.pid, float64(procStatus(o.pid, "VmHWM"))/1024, float64(procStatus(o.pid, "VmRSS"))/1024)
	}
	fmt.Println("± = half the range of the per-slice rates, as a share of the rate; share = req/s as a share of the ceiling's;")
	fmt.Println("CPU columns = share of one core used by the server / loadgen / interrupt handling (the loopback network)")
	fmt.Println("/ everything else on the machine (PostgreSQL, other processes); srv RSS = largest sampled VmRSS of the server;")
	fmt.Println("bytes/req = body bytes on the wire.")
	if failed {
		return errors.New("some requests failed")
	}
	return nil
}

// procStatus reads a kB figure such as VmRSS from /proc/<pid>/status; 0 when
// it cannot.
func procStatus(pid int, field string) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if ok && name == field {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// clockTicks is the unit of /proc's CPU times, USER_HZ: 100 on Linux.
const clockTicks = 100

// procCPU is the CPU time, in seconds, that pid has used; 0 when unknown.
func procCPU(pid int) float64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields that follow it are plain.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / clockTicks
}

// machineCPU returns, in seconds summed over all CPUs, the time spent
// handling interrupts (irq and softirq: on loopback, most of the network
// stack) and the whole busy time (everything but idle and iowait), from the
// first line of /proc/stat.
func machineCPU() (irq, busy float64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0
	}
	// user nice system idle iowait irq softirq steal (guest time is
	// already counted in user)
	for i, v := range f[1:9] {
		n, _ := strconv.ParseFloat(v, 64)
		switch i {
		case 3, 4:
		case 5, 6:
			irq += n
			busy += n
		default:
			busy += n
		}
	}
	return irq / clockTicks, busy / clockTicks
}

func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// ---------------------------------------------------------------------------
// -explain
// ---------------------------------------------------------------------------

// query is one statement a page made, as the store sent it.
type query struct {
	page, caller, sql string
	args              []any
}

// tracer records every query with the store method that made it.
type tracer struct {
	mu      sync.Mutex
	page    string
	queries []query
}

func (t *tracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	caller := "?"
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	for {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "residens/internal/") && !strings.HasPrefix(f.Function, "residens/internal/db.") {
			caller = strings.TrimPrefix(f.Function, "residens/internal/")
			break
		}
		if !more {
			break
		}
	}
	t.mu.Lock()
	t.queries = append(t.queries, query{page: t.page, caller: caller, sql: d.SQL, args: d.Args})
	t.mu.Unlock()
	return ctx
}

func (t *tracer) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// bigRows is where a table counts as big: a sequential scan of one on a
// public page is what "no query without an index" forbids, while scanning
// a table of a few dozen rows (municipalities, art forms) is the right plan.
const bigRows = 1000

var seqScanRE = regexp.MustCompile(`Seq Scan on (\w+)`)

// explain serves each path in process, as the real route table does (without
// the page cache, so every page reaches the database), over a pool that
// records the queries, then explains each distinct query twice: as the first
// execution plans it (a custom plan for those values) and as a pooled
// connection plans it once the statement has run five times (when PostgreSQL
// may switch to a generic plan).
func explain(ctx context.Context, o options) error {
	if len(o.urls) == 0 {
		return errors.New("-explain needs -url paths")
	}
	cfg, err := app.LoadConfig(os.Getenv)
	if err != nil {
		return err
	}
	pcfg, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	// The same session settings as db.Open gives the server's pool.
	params := map[string]string{"timezone": "UTC", "application_name": "residens-explain",
		"pg_trgm.word_similarity_threshold": "0.45"}
	for k, v := range params {
		pcfg.ConnConfig.RuntimeParams[k] = v
	}
	tr := &tracer{}
	pcfg.ConnConfig.Tracer = tr
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	h := app.NewHandler(app.Deps{Pool: pool, Log: slog.New(slog.DiscardHandler), Config: cfg, Now: time.Now,
		Ready: func(context.Context) error { return nil }})
	for _, raw := range o.urls {
		u, err := url.Parse(raw)
		if err != nil {
			return err
		}
		page := u.RequestURI()
		tr.mu.Lock()
		tr.page = page
		tr.mu.Unlock()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, page, nil))
		if rec.Code != http.StatusOK {
			return fmt.Errorf("%s: status %d", page, rec.Code)
		}
	}

	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	pg := conn.Conn()
	// The EXPLAINs below pass through the tracer too; they are not page
	// queries, so work on what the pages made.
	tr.mu.Lock()
	queries := slices.Clone(tr.queries)
	tr.mu.Unlock()

	rows, err := pg.Query(ctx, `SELECT c.relname FROM pg_class c
		WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.reltuples >= $1
		ORDER BY c.reltuples DESC`, bigRows)
	if err != nil {
		return err
	}
	bigTables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	fmt.Printf("big tables (%d rows or more, from the planner's statistics): %s\n", bigRows, strings.Join(bigTables, ", "))

	var out io.Writer = io.Discard
	if o.explainOut != "" {
		f, err := os.Create(o.explainOut)
		if err != nil {
			return err
		}
		defer f.Close()
		out = f
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "page\tquery (store method)\tfirst run ms\tsteady ms\tsteady plan\tseq scans of big tables")
	seen := map[string]bool{}
	flagged := 0
	for i, q := range queries {
		up := strings.ToUpper(strings.TrimSpace(q.sql))
		if !strings.HasPrefix(up, "SELECT") && !strings.HasPrefix(up, "WITH") {
			continue
		}
		key := q.sql + fmt.Sprint(q.args)
		if seen[key] {
			continue
		}
		seen[key] = true
		first, steady, generic, err := explainQuery(ctx, pg, fmt.Sprintf("bench_q%d", i), q)
		if err != nil {
			return fmt.Errorf("%s %s: %w", q.page, q.caller, err)
		}
		var scans []string
		for _, plan := range []string{first, steady} {
			for _, m := range seqScanRE.FindAllStringSubmatch(plan, -1) {
				if slices.Contains(bigTables, m[1]) && !slices.Contains(scans, m[1]) {
					scans = append(scans, m[1])
				}
			}
		}
		verdict := "none"
		if len(scans) > 0 {
			verdict = "SEQ SCAN " + strings.Join(scans, ", ")
			flagged++
		}
		kind := "custom"
		if generic {
			kind = "generic"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", q.page, q.caller, execTime(first), execTime(steady), kind, verdict)
		fmt.Fprintf(out, "==== %s — %s\n%s\nargs: %s\n\n-- first execution:\n%s\n-- steady state (%s plan):\n%s\n\n",
			q.page, q.caller, strings.TrimSpace(q.sql), literals(q.args), first, kind, steady)
	}
	tw.Flush()
	if flagged > 0 {
		fmt.Printf("%d queries scan a big table sequentially (see the plans", flagged)
	} else {
		fmt.Printf("no query scans a big table sequentially (plans")
	}
	if o.explainOut != "" {
		fmt.Printf(" in %s)\n", o.explainOut)
	} else {
		fmt.Println(": -explain-out FILE)")
	}
	return nil
}

var execTimeRE = regexp.MustCompile(`Execution Time: ([0-9.]+) ms`)

func execTime(plan string) string {
	if m := execTimeRE.FindStringSubmatch(plan); m != nil {
		return m[1]
	}
	return "?"
}

// explainQuery prepares q under name and explains its execution with the
// recorded values, first at once and then after five plain executions, the
// point from which PostgreSQL's plan cache may prefer a generic plan.
func explainQuery(ctx context.Context, c *pgx.Conn, name string, q query) (first, steady string, generic bool, err error) {
	if _, err = c.Exec(ctx, "PREPARE "+name+" AS "+q.sql, pgx.QueryExecModeSimpleProtocol); err != nil {
		return
	}
	defer c.Exec(context.Background(), "DEALLOCATE "+name, pgx.QueryExecModeSimpleProtocol)
	exec := "EXECUTE " + name
	if len(q.args) > 0 {
		exec += "(" + literals(q.args) + ")"
	}
	plan := func() (string, error) {
		rows, err := c.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+exec, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			return "", err
		}
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		return strings.Join(lines, "\n"), err
	}
	if first, err = plan(); err != nil {
		return
	}
	for range 5 {
		if _, err = c.Exec(ctx, exec, pgx.QueryExecModeSimpleProtocol); err != nil {
			return
		}
	}
	if steady, err = plan(); err != nil {
		return
	}
	var gp int64
	err = c.QueryRow(ctx, "SELECT generic_plans FROM pg_prepared_statements WHERE name = $1", name).Scan(&gp)
	return first, steady, gp > 0, err
}

// literals writes args as SQL string literals, which EXECUTE converts to the
// prepared statement's parameter types.
func literals(args []any) string {
	parts := make([]string, len(args))
	for i, a := range args {
		var s string
		switch v := a.(type) {
		case time.Time:
			s = v.UTC().Format("2006-01-02 15:04:05.999999Z07:00")
		case []int64:
			ns := make([]string, len(v))
			for j, n := range v {
				ns[j] = strconv.FormatInt(n, 10)
			}
			s = "{" + strings.Join(ns, ",") + "}"
		case nil:
			parts[i] = "NULL"
			continue
		default:
			s = fmt.Sprint(v)
		}
		parts[i] = "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return strings.Join(parts, ", ")
}
