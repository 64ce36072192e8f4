// Package static embeds the site's CSS, icons and images and serves them under
// content-hashed names, so a deploy never leaves a browser with a stale file
// and every asset can be cached for a year.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed files
var embedded embed.FS

// Prefix is the URL path under which the assets are served.
const Prefix = "/static/"

type asset struct {
	name        string
	contentType string
	etag        string
	body        []byte
	gzipped     []byte // nil when compression does not pay
}

var (
	byURL    = map[string]*asset{} // hashed and plain names alike
	hashedOf = map[string]string{} // plain name -> hashed URL path
)

func init() {
	files, err := fs.Sub(embedded, "files")
	if err != nil {
		panic(err)
	}
	err = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:12]
		ext := path.Ext(p)
		a := &asset{
			name:        p,
			contentType: mime.TypeByExtension(ext),
			etag:        `"` + hash + `"`,
			body:        body,
		}
		if a.contentType == "" {
			a.contentType = "application/octet-stream"
		}
		if compressible(a.contentType) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			if buf.Len() < len(body) {
				a.gzipped = buf.Bytes()
			}
		}
		hashed := strings.TrimSuffix(p, ext) + "." + hash + ext
		byURL[p] = a
		byURL[hashed] = a
		hashedOf[p] = Prefix + hashed
		return nil
	})
	if err != nil {
		panic(err)
	}
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") ||
		strings.Contains(ct, "svg") || strings.Contains(ct, "json")
}

// Path returns the content-hashed URL of the named asset ("app.css" gives
// "/static/app.1a2b3c4d5e6f.css"). An unknown name panics: it is a programming
// error that tests catch at once.
func Path(name string) string {
	p, ok := hashedOf[name]
	if !ok {
		panic("static: no asset " + name)
	}
	return p
}

// Handler serves the assets. A hashed name is immutable and cached for a year;
// a plain name (for the odd bookmark or crawler) is revalidated by ETag.
func Handler() http.Handler {
	modTime := time.Time{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, Prefix)
		a, ok := byURL[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("ETag", a.etag)
		h.Set("Vary", "Accept-Encoding")
		if name != a.name {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, no-cache")
		}
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body := a.body
		if a.gzipped != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			body = a.gzipped
			h.Set("Content-Encoding", "gzip")
		}
		http.ServeContent(w, r, "", modTime, bytes.NewReader(body))
	})
}
