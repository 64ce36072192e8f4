package booking

import (
	"errors"
	stdimage "image"
	"net/http"
	"strings"

	"residens/internal/httpx"
	"residens/internal/image"
)

// readForm reads the availability form. The browser sends it as multipart
// with the photo field, bounded by image.MaxFormBytes, and the photo is
// decoded here; a form sent without a file part (a script, a test) is read
// as an ordinary form with no photo. photoErr is the Swedish reason a photo
// was refused.
func readForm(w http.ResponseWriter, r *http.Request) (f *httpx.Form, photo stdimage.Image, photoErr string, err error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, err = httpx.ParseForm(w, r, 0)
		return f, nil, "", err
	}
	r.Body = http.MaxBytesReader(w, r.Body, image.MaxFormBytes)
	photo, err = image.FromRequest(r, fPhoto)
	var up *image.UploadError
	switch {
	case errors.As(err, &up) && r.MultipartForm == nil:
		// Over the limit before the other fields were read: nothing to
		// show again.
		return nil, nil, "", &httpx.Error{Code: httpx.CodeTooLarge, Message: "för stort"}
	case errors.As(err, &up):
		photoErr = up.Message
	case err != nil:
		return nil, nil, "", err
	}
	f, err = httpx.ParseForm(w, r, image.MaxFormBytes)
	return f, photo, photoErr, err
}

// photoChange names what happened to the photo, for the audit log.
func photoChange(before, after *int64) string {
	switch {
	case before == nil && after == nil:
		return "none"
	case after == nil:
		return "removed"
	case before == nil || *before != *after:
		return "new"
	}
	return "kept"
}
