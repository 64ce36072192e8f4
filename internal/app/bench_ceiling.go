//go:build bench

package app

// The benchmark's ceiling (make bench, scripts/bench.sh): a static file of
// the same size as the list page, served by the same binary, so that each
// page's rate can be read as a share of what this server does when it only
// sends bytes. It is built only with -tags bench: a production binary has no
// such route.

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"

	"residens/web/static"
)

// BenchCeilingPath is where the ceiling is served. It sits under the static
// prefix so that it takes exactly the path a real asset takes through the
// middleware (the page cache, for one, leaves /static/ alone); chi prefers
// this fixed route to the static handler's wildcard.
const BenchCeilingPath = static.Prefix + "__bench/ceiling"

func init() {
	extraRoutes = append(extraRoutes, func(r chi.Router) {
		r.Get(BenchCeilingPath, serveBenchCeiling)
	})
}

// benchFile is the ceiling, prepared once the way web/static prepares its
// assets at start: a hash for the ETag and a gzipped copy.
type benchFile struct {
	etag    string
	body    []byte
	gzipped []byte
}

var benchCeiling struct {
	mu   sync.Mutex
	file atomic.Pointer[benchFile]
}

// loadBenchCeiling reads the file named by BENCH_CEILING_FILE on first use,
// not at start: the benchmark fetches the list page from this very server to
// make the file, so it cannot exist before the server runs. A failed read is
// retried on the next request.
func loadBenchCeiling() (*benchFile, error) {
	if f := benchCeiling.file.Load(); f != nil {
		return f, nil
	}
	benchCeiling.mu.Lock()
	defer benchCeiling.mu.Unlock()
	if f := benchCeiling.file.Load(); f != nil {
		return f, nil
	}
	// Read straight from the environment rather than Config: this is a
	// benchmark fixture, not a setting of the portal.
	name := os.Getenv("BENCH_CEILING_FILE")
	if name == "" {
		return nil, errors.New("BENCH_CEILING_FILE is not set")
	}
	body, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, fmt.Errorf("%s is empty", name)
	}
	sum := sha256.Sum256(body)
	f := &benchFile{etag: `"` + hex.EncodeToString(sum[:])[:12] + `"`, body: body}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(body)
	_ = zw.Close()
	if buf.Len() < len(body) {
		f.gzipped = buf.Bytes()
	}
	benchCeiling.file.Store(f)
	return f, nil
}

// serveBenchCeiling handles GET /static/__bench/ceiling with the same headers
// and the same http.ServeContent call as static.Handler uses for an asset
// under its plain name.
func serveBenchCeiling(w http.ResponseWriter, r *http.Request) {
	f, err := loadBenchCeiling()
	if err != nil {
		http.Error(w, "bench ceiling: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("ETag", f.etag)
	h.Set("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "public, no-cache")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, f.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.body
	if f.gzipped != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		body = f.gzipped
		h.Set("Content-Encoding", "gzip")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}
