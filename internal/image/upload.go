package image

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	stdimage "image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"github.com/jackc/pgx/v5"
	"golang.org/x/image/webp"

	"residens/internal/httpx"
)

// Upload limits. A picture is refused by its header, before any pixel is
// decoded, when it is larger than these.
const (
	// MaxUploadBytes bounds the file a visitor may send: 10 MB.
	MaxUploadBytes = 10 << 20

	// MaxFormBytes is the request body limit a form with one upload field
	// should give http.MaxBytesReader: the file plus room for the other
	// fields and the multipart framing.
	MaxFormBytes = MaxUploadBytes + 1<<20

	// MaxPixels bounds width×height. 40 million covers any camera or phone
	// photo people send in practice (a 24 MP camera makes 6000×4000), while a
	// decoded image of that size stays near 160 MB (4 bytes a pixel) — the
	// point being that a 10 MB file cannot claim, say, 50000×50000 pixels and
	// make the server allocate 10 GB.
	MaxPixels = 40_000_000

	// MaxSide bounds each side, so that a long thin strip within MaxPixels
	// (1×40 000 000) is refused too.
	MaxSide = 12_000

	// maxDecodedBytes bounds the memory a decoded picture may take, given the
	// bytes per pixel of its colour model: a 16-bit PNG takes 8 bytes a
	// pixel, so it gets half the pixels of an ordinary one.
	maxDecodedBytes = 4 * MaxPixels
)

// Format is the kind of a decoded upload, found from its content.
type Format string

// The formats accepted for upload.
const (
	JPEG Format = "jpeg"
	PNG  Format = "png"
	WebP Format = "webp"
)

// UploadError is an upload refused for a reason the visitor can act on;
// Message is Swedish and meant to be shown next to the file field. Any other
// error from Decode or FromRequest is the server's fault.
type UploadError struct {
	Message string
}

func (e *UploadError) Error() string { return e.Message }

// The upload errors. Compare with errors.Is.
var (
	// ErrWrongKind: the content is not JPEG, PNG or WebP (whatever the file
	// is called).
	ErrWrongKind = &UploadError{Message: "Filen är inte en bild i formatet JPEG, PNG eller WebP. Välj en annan fil."}
	// ErrTooLarge: the file is over MaxUploadBytes.
	ErrTooLarge = &UploadError{Message: "Filen är för stor. En bild får vara högst 10 MB."}
	// ErrCorrupt: the file starts like an image but cannot be read whole
	// (cut short or damaged).
	ErrCorrupt = &UploadError{Message: "Bilden kunde inte läsas. Filen verkar vara skadad eller ofullständig; spara den på nytt och försök igen."}
	// ErrTooManyPixels: the header claims more than MaxPixels or MaxSide.
	ErrTooManyPixels = &UploadError{Message: "Bilden har för många bildpunkter. Förminska den till högst 40 miljoner bildpunkter och högst 12 000 bildpunkter på längsta sidan och försök igen."}
	// ErrEmpty: the file has no content at all.
	ErrEmpty = &UploadError{Message: "Filen är tom. Välj en annan fil."}
)

// decodeSlots lets at most two pictures be decoded at once, so that a burst
// of uploads cannot add up to more memory than two of the largest allowed.
var decodeSlots = make(chan struct{}, 2)

// Decode reads a picture of at most MaxUploadBytes from r and decodes it. The
// kind is recognised by content (JPEG, PNG or WebP; a GIF, a PDF or a text
// file called .jpg are ErrWrongKind), and the size is checked from the header
// before decoding, so a decompression bomb costs nothing. A JPEG's EXIF
// orientation is applied, so a phone photo stands upright once its metadata
// is gone. Refusals are *UploadError values (ErrWrongKind, ErrTooLarge,
// ErrCorrupt, ErrTooManyPixels, ErrEmpty).
func Decode(r io.Reader) (stdimage.Image, Format, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, "", ErrTooLarge
		}
		return nil, "", fmt.Errorf("image: read upload: %w", err)
	}
	switch {
	case len(data) == 0:
		return nil, "", ErrEmpty
	case len(data) > MaxUploadBytes:
		return nil, "", ErrTooLarge
	}
	format := sniff(data)
	var decodeConfig func(io.Reader) (stdimage.Config, error)
	var decode func(io.Reader) (stdimage.Image, error)
	switch format {
	case JPEG:
		decodeConfig, decode = jpeg.DecodeConfig, jpeg.Decode
	case PNG:
		decodeConfig, decode = png.DecodeConfig, png.Decode
	case WebP:
		decodeConfig, decode = webp.DecodeConfig, webp.Decode
	default:
		return nil, "", ErrWrongKind
	}
	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, "", ErrCorrupt
	}
	if err := checkSize(cfg); err != nil {
		return nil, "", err
	}

	decodeSlots <- struct{}{}
	defer func() { <-decodeSlots }()
	img, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", ErrCorrupt
	}
	// The decoders read the size from the same header DecodeConfig did; this
	// only guards against one of them ever disagreeing.
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, "", ErrCorrupt
	}
	if format == JPEG {
		img = orient(img, jpegOrientation(data))
	}
	return img, format, nil
}

// sniff names the format by the file's magic bytes, or "" for anything else.
func sniff(data []byte) Format {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP
	}
	return ""
}

// checkSize refuses a header that claims too many pixels, too long a side,
// or (for deep colour models) too much memory once decoded.
func checkSize(cfg stdimage.Config) error {
	w, h := int64(cfg.Width), int64(cfg.Height)
	if w < 1 || h < 1 {
		return ErrCorrupt
	}
	if w > MaxSide || h > MaxSide || w*h > MaxPixels || w*h*bytesPerPixel(cfg.ColorModel) > maxDecodedBytes {
		return ErrTooManyPixels
	}
	return nil
}

// bytesPerPixel is what the decoder will allocate per pixel for a colour
// model (YCbCr counted as unsubsampled, the worst case).
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 4
}

// Store re-encodes src into its variants (which keeps no metadata) and
// inserts them in tx, returning the new image's ID for an image_id column.
func Store(ctx context.Context, tx pgx.Tx, src stdimage.Image) (int64, error) {
	variants, err := Encode(src)
	if err != nil {
		return 0, err
	}
	b := src.Bounds()
	return Insert(ctx, tx, b.Dx(), b.Dy(), variants)
}

// FromRequest decodes the file sent in the multipart field of r, or returns
// (nil, nil) when no file was chosen (or an empty one). The caller bounds the
// body first with http.MaxBytesReader(w, r.Body, MaxFormBytes).
//
// FromRequest parses the multipart form, which also fills r.PostForm, so the
// other fields can be read before or after it (httpx.ParseForm works on a
// multipart form either way). A body over the caller's limit is ErrTooLarge,
// and then none of the form could be read. Other refusals are the
// *UploadError values of Decode. A body that is not a readable multipart
// form (a form without enctype="multipart/form-data", or a crafted request)
// is an *httpx.Error with CodeInvalid, which httpx renders as a 400 page.
func FromRequest(r *http.Request, field string) (stdimage.Image, error) {
	// The whole file is kept in memory (MaxFormBytes is small enough), so no
	// temporary files are left to clean up.
	if err := r.ParseMultipartForm(MaxFormBytes); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, ErrTooLarge
		}
		return nil, &httpx.Error{Code: httpx.CodeInvalid, Message: "formuläret kunde inte läsas"}
	}
	f, fh, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("image: form file %q: %w", field, err)
	}
	defer f.Close()
	switch {
	case fh.Size == 0:
		return nil, nil
	case fh.Size > MaxUploadBytes:
		return nil, ErrTooLarge
	}
	img, _, err := Decode(f)
	return img, err
}
