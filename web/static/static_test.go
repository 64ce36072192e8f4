package static_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"testing"

	"residens/web/static"
)

// files are the assets on disk, by name, as the package embeds them.
func files(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(os.DirFS("files"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path.Join("files", p))
		out[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no assets")
	}
	return out
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

func serve(t *testing.T, target string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	static.Handler().ServeHTTP(rec, req)
	return rec.Result()
}

// body reads a response body, un-gzipping it when it says so.
func body(t *testing.T, res *http.Response) []byte {
	t.Helper()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPathIsContentHashed(t *testing.T) {
	t.Parallel()
	for name, content := range files(t) {
		ext := path.Ext(name)
		want := static.Prefix + strings.TrimSuffix(name, ext) + "." + hashOf(content) + ext
		if got := static.Path(name); got != want {
			t.Errorf("Path(%q) = %q, want %q: the name must change with the content", name, got, want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Path of an unknown asset did not panic")
		}
	}()
	static.Path("missing.css")
}

func TestHashedNameIsImmutable(t *testing.T) {
	t.Parallel()
	for name, content := range files(t) {
		for _, accept := range []string{"", "gzip", "gzip, deflate, br"} {
			t.Run(name+" "+accept, func(t *testing.T) {
				t.Parallel()
				res := serve(t, static.Path(name), "Accept-Encoding", accept)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("status = %d", res.StatusCode)
				}
				h := res.Header
				if got := h.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
					t.Errorf("Cache-Control = %q", got)
				}
				if got, want := h.Get("ETag"), `"`+hashOf(content)+`"`; got != want {
					t.Errorf("ETag = %q, want %q", got, want)
				}
				if !strings.Contains(h.Get("Vary"), "Accept-Encoding") {
					t.Errorf("Vary = %q, want Accept-Encoding", h.Get("Vary"))
				}
				if accept == "" && h.Get("Content-Encoding") != "" {
					t.Errorf("Content-Encoding %q although not accepted", h.Get("Content-Encoding"))
				}
				if got := body(t, res); !bytes.Equal(got, content) {
					t.Errorf("body differs from the file (%d bytes, want %d)", len(got), len(content))
				}
			})
		}
	}
	t.Run("CSS is gzipped when accepted", func(t *testing.T) {
		t.Parallel()
		res := serve(t, static.Path("app.css"), "Accept-Encoding", "gzip")
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("Content-Encoding = %q, want gzip", res.Header.Get("Content-Encoding"))
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
			t.Errorf("Content-Type = %q, want text/css", ct)
		}
	})
}

func TestPlainNameIsRevalidated(t *testing.T) {
	t.Parallel()
	for name := range files(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res := serve(t, static.Prefix+name)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d", res.StatusCode)
			}
			if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-cache") || strings.Contains(cc, "immutable") {
				t.Errorf("Cache-Control = %q, want no-cache", cc)
			}
			etag := res.Header.Get("ETag")
			for _, match := range []string{etag, `"aaaaaaaaaaaa", ` + etag} {
				for _, accept := range []string{"", "gzip"} {
					again := serve(t, static.Prefix+name, "If-None-Match", match, "Accept-Encoding", accept)
					if again.StatusCode != http.StatusNotModified {
						t.Errorf("If-None-Match %s, Accept-Encoding %q: status = %d, want 304", match, accept, again.StatusCode)
					}
					if b := body(t, again); len(b) != 0 {
						t.Errorf("304 with %d bytes of body", len(b))
					}
				}
			}
			if res := serve(t, static.Prefix+name, "If-None-Match", `"aaaaaaaaaaaa"`); res.StatusCode != http.StatusOK {
				t.Errorf("stale ETag: status = %d, want 200", res.StatusCode)
			}
		})
	}
}

func TestUnknownAsset(t *testing.T) {
	t.Parallel()
	for _, p := range []string{
		static.Prefix + "nope.css",
		static.Prefix + "app.000000000000.css",
		static.Prefix,
		static.Prefix + "files/app.css",
		static.Prefix + "../static.go",
		static.Prefix + "APP.CSS",
	} {
		if res := serve(t, p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, res.StatusCode)
		}
	}
}
