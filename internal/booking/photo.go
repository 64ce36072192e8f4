package booking

import (
	"context"
	"errors"
	"fmt"
	stdimage "image"
	"net/http"
	"strings"

	"residens/internal/db"
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

// currentPhoto is the photo the consultant's profile has now, nil for none
// (or no profile yet): saving the form keeps it unless a new one is sent
// or the remove box is ticked.
func currentPhoto(ctx context.Context, q db.Querier, userID int64) (*int64, error) {
	var id *int64
	err := q.QueryRow(ctx, `SELECT photo_image_id FROM consultant_profiles WHERE user_id = $1`, userID).Scan(&id)
	if err != nil && !db.IsNoRows(err) {
		return nil, fmt.Errorf("booking: photo of %d: %w", userID, err)
	}
	return id, nil
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
