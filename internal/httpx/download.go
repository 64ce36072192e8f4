package httpx

import (
	"mime"
	"net/http"
	"strconv"
)

// Download writes data as a file to save, not a page to show: Content-Type
// contentType, a Content-Disposition that names the file name (non-ASCII
// names encoded as RFC 2231 asks), never sniffed as anything else, never
// stored by a cache (a download holds personal data).
func Download(w http.ResponseWriter, contentType, name string, data []byte) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}
