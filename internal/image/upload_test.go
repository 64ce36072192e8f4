package image_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	stdimage "image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/httpx"
	"residens/internal/image"
)

// encodeJPEG returns img as a JPEG file.
func encodeJPEG(t *testing.T, img stdimage.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// encodePNG returns img as a PNG file.
func encodePNG(t *testing.T, img stdimage.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// encodeGIF returns img as a GIF file.
func encodeGIF(t *testing.T, img stdimage.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testdata reads a committed test file.
func testdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// gpsMarker is a GPS map datum written into the crafted EXIF block, so a test
// can look for any trace of the GPS IFD in the output.
const gpsMarker = "RESIDENS-GPS-59.3293N-18.0686E"

// withExif returns jpg with an APP1 Exif segment inserted after SOI: IFD0
// holds the Orientation tag (when orientation > 0) and a pointer to a GPS IFD
// with a latitude (59°19'45"N) and gpsMarker as the map datum, as a phone
// writes them.
func withExif(t *testing.T, jpg []byte, orientation int) []byte {
	t.Helper()
	if !bytes.HasPrefix(jpg, []byte{0xFF, 0xD8}) {
		t.Fatal("not a JPEG")
	}
	bo := binary.BigEndian
	var tiff bytes.Buffer
	tiff.WriteString("MM")
	w16 := func(v uint16) { _ = binary.Write(&tiff, bo, v) }
	w32 := func(v uint32) { _ = binary.Write(&tiff, bo, v) }
	entry := func(tag, typ uint16, count, value uint32) { w16(tag); w16(typ); w32(count); w32(value) }
	w16(42)
	w32(8) // IFD0 right after the header

	var ifd0 [][4]uint32
	if orientation > 0 {
		// A SHORT sits left-aligned in the value field.
		ifd0 = append(ifd0, [4]uint32{0x0112, 3, 1, uint32(orientation) << 16})
	}
	gpsIFD := uint32(8 + 2 + 12*(len(ifd0)+1) + 4)
	ifd0 = append(ifd0, [4]uint32{0x8825, 4, 1, gpsIFD})
	w16(uint16(len(ifd0)))
	for _, e := range ifd0 {
		entry(uint16(e[0]), uint16(e[1]), e[2], e[3])
	}
	w32(0) // no IFD1

	const gpsEntries = 3
	dataAt := gpsIFD + 2 + 12*gpsEntries + 4
	latAt, datumAt := dataAt, dataAt+24
	w16(gpsEntries)
	entry(0x0001, 2, 2, uint32('N')<<24) // GPSLatitudeRef "N\0"
	entry(0x0002, 5, 3, latAt)           // GPSLatitude, three rationals
	entry(0x0012, 2, uint32(len(gpsMarker)+1), datumAt)
	w32(0)
	for _, r := range [][2]uint32{{59, 1}, {19, 1}, {45, 1}} {
		w32(r[0])
		w32(r[1])
	}
	tiff.WriteString(gpsMarker + "\x00")

	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	bo.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// pngChunk appends a PNG chunk with its CRC.
func pngChunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	body := append([]byte(typ), data...)
	out = append(out, body...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(body))
}

// craftedPNG is a well-formed PNG whose header claims w×h pixels of the given
// bit depth and colour type, followed by a small valid compressed IDAT (the
// first rows of zeros): a decompression bomb when w×h is large, since zeros
// compress about a thousandfold.
func craftedPNG(t *testing.T, w, h uint32, depth, colorType byte) []byte {
	t.Helper()
	out := []byte("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colorType, 0, 0, 0)
	out = pngChunk(out, "IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out = pngChunk(out, "IDAT", z.Bytes())
	return pngChunk(out, "IEND", nil)
}

// craftedWebP is a VP8X header claiming a w×h canvas, with nothing after it.
func craftedWebP(w, h uint32) []byte {
	vp8x := []byte{0, 0, 0, 0}
	vp8x = append(vp8x, byte(w-1), byte((w-1)>>8), byte((w-1)>>16), byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
	chunk := append([]byte("VP8X"), binary.LittleEndian.AppendUint32(nil, uint32(len(vp8x)))...)
	chunk = append(chunk, vp8x...)
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(chunk)))...)
	out = append(out, "WEBP"...)
	return append(out, chunk...)
}

// withJPEGSize returns jpg with the size in its SOF0 header replaced.
func withJPEGSize(t *testing.T, jpg []byte, w, h uint16) []byte {
	t.Helper()
	out := bytes.Clone(jpg)
	i := bytes.Index(out, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no SOF0 marker")
	}
	// FF C0, length (2), precision (1), height (2), width (2).
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// app1Segments counts the APP1 segments (where EXIF lives) before the image
// data of a JPEG.
func app1Segments(t *testing.T, data []byte) int {
	t.Helper()
	n := 0
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			t.Fatalf("malformed JPEG at byte %d", i)
		}
		marker := data[i+1]
		if marker == 0xDA {
			return n
		}
		if marker == 0xE1 {
			n++
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	t.Fatal("no start of scan")
	return 0
}

// solid is a w×h image of one colour.
func solid(w, h int, c color.Color) *stdimage.NRGBA {
	img := stdimage.NewNRGBA(stdimage.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	return img
}

// near reports whether two colours are the same give or take JPEG's loss.
func near(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return max(x, y)-min(x, y) <= 40<<8 }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

func TestDecodeStoreServe(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	router := chi.NewRouter()
	router.Get("/bilder/{id}/{width}", httpx.Handle(image.NewHandler(pool).Show))

	photo := picture(1200, 800)
	tests := []struct {
		name   string
		data   []byte
		format image.Format
		w, h   int
		widths []int
	}{
		{"jpeg", encodeJPEG(t, photo), image.JPEG, 1200, 800, []int{480, 960, 1200}},
		{"png", encodePNG(t, picture(500, 300)), image.PNG, 500, 300, []int{480, 500}},
		{"webp lossy", testdata(t, "blue-purple-pink.lossy.webp"), image.WebP, 150, 100, []int{150}},
		{"webp lossless with alpha", testdata(t, "gopher-doc.with-alpha.lossless.webp"), image.WebP, 75, 100, []int{75}},
		{"jpeg with gps exif", withExif(t, encodeJPEG(t, photo), 1), image.JPEG, 1200, 800, []int{480, 960, 1200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			img, format, err := image.Decode(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if format != tt.format {
				t.Errorf("format = %q, want %q", format, tt.format)
			}
			if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
				t.Fatalf("decoded %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.w, tt.h)
			}
			var id int64
			if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
				id, err = image.Store(ctx, tx, img)
				return err
			}); err != nil {
				t.Fatalf("Store: %v", err)
			}
			mustPublish(t, pool, id)
			var w, h int
			if err := pool.QueryRow(ctx, `SELECT width, height FROM images WHERE id = $1`, id).Scan(&w, &h); err != nil {
				t.Fatal(err)
			}
			if w != tt.w || h != tt.h {
				t.Errorf("images row says %dx%d, want %dx%d", w, h, tt.w, tt.h)
			}
			for _, width := range tt.widths {
				rec := httptest.NewRecorder()
				router.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, image.URL(id, width), nil))
				if rec.Code != http.StatusOK {
					t.Fatalf("GET %s: status %d", image.URL(id, width), rec.Code)
				}
				if got, _ := decode(t, rec.Body.Bytes()); got != width {
					t.Errorf("GET %s served %dpx", image.URL(id, width), got)
				}
			}
		})
	}
}

func TestStoreDropsEXIFAndGPS(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	original := withExif(t, encodeJPEG(t, picture(1600, 900)), 1)
	// The crafted file must really carry what the test says is dropped.
	if app1Segments(t, original) != 1 || !bytes.Contains(original, []byte("Exif\x00\x00")) || !bytes.Contains(original, []byte(gpsMarker)) {
		t.Fatal("test JPEG carries no EXIF/GPS block")
	}
	img, _, err := image.Decode(bytes.NewReader(original))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	var id int64
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		id, err = image.Store(ctx, tx, img)
		return err
	}); err != nil {
		t.Fatalf("Store: %v", err)
	}
	rows, err := pool.Query(ctx, `SELECT width, data FROM image_variants WHERE image_id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	type variant struct {
		Width int
		Data  []byte
	}
	vs, err := pgx.CollectRows(rows, pgx.RowToStructByName[variant])
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 {
		t.Fatalf("%d variants stored, want 3", len(vs))
	}
	for _, v := range vs {
		if n := app1Segments(t, v.Data); n != 0 {
			t.Errorf("%dpx variant has %d APP1 segments", v.Width, n)
		}
		for _, s := range []string{"Exif\x00\x00", gpsMarker} {
			if bytes.Contains(v.Data, []byte(s)) {
				t.Errorf("%dpx variant contains %q", v.Width, s)
			}
		}
	}
}

func TestDecodeAppliesOrientation(t *testing.T) {
	t.Parallel()
	// A 64×32 picture, blue but for a red top-left and a green top-right
	// corner; after turning, the corners tell where it went.
	red, green, blue := color.RGBA{220, 0, 0, 255}, color.RGBA{0, 200, 0, 255}, color.RGBA{0, 0, 220, 255}
	src := solid(64, 32, blue)
	for y := range 16 {
		for x := range 16 {
			src.Set(x, y, red)
			src.Set(63-x, y, green)
		}
	}
	jpg := encodeJPEG(t, src)
	const (
		tl = iota
		tr
		bl
		br
	)
	tests := []struct {
		orientation    int
		w, h           int
		redAt, greenAt int
	}{
		{0, 64, 32, tl, tr}, // no Orientation tag
		{1, 64, 32, tl, tr},
		{2, 64, 32, tr, tl},
		{3, 64, 32, br, bl},
		{4, 64, 32, bl, br},
		{5, 32, 64, tl, bl},
		{6, 32, 64, tr, br},
		{7, 32, 64, br, tr},
		{8, 32, 64, bl, tl},
	}
	for _, tt := range tests {
		t.Run("orientation "+string(rune('0'+tt.orientation)), func(t *testing.T) {
			t.Parallel()
			img, _, err := image.Decode(bytes.NewReader(withExif(t, jpg, tt.orientation)))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			b := img.Bounds()
			if b.Dx() != tt.w || b.Dy() != tt.h {
				t.Fatalf("decoded %dx%d, want %dx%d", b.Dx(), b.Dy(), tt.w, tt.h)
			}
			corner := func(c int) color.Color {
				x, y := b.Min.X+4, b.Min.Y+4
				if c == tr || c == br {
					x = b.Max.X - 5
				}
				if c == bl || c == br {
					y = b.Max.Y - 5
				}
				return img.At(x, y)
			}
			if !near(corner(tt.redAt), red) {
				t.Errorf("red corner not where expected: %v", corner(tt.redAt))
			}
			if !near(corner(tt.greenAt), green) {
				t.Errorf("green corner not where expected: %v", corner(tt.greenAt))
			}
		})
	}
}

func TestStoreFlattensTransparencyOnWhite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	// Left half see-through, right half opaque blue.
	src := solid(200, 100, color.NRGBA{0, 0, 200, 255})
	for y := range 100 {
		for x := range 100 {
			src.Set(x, y, color.NRGBA{0, 0, 0, 0})
		}
	}
	img, format, err := image.Decode(bytes.NewReader(encodePNG(t, src)))
	if err != nil || format != image.PNG {
		t.Fatalf("Decode = %q, %v", format, err)
	}
	var id int64
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		id, err = image.Store(ctx, tx, img)
		return err
	}); err != nil {
		t.Fatalf("Store: %v", err)
	}
	var data []byte
	if err := pool.QueryRow(ctx, `SELECT data FROM image_variants WHERE image_id = $1`, id).Scan(&data); err != nil {
		t.Fatal(err)
	}
	out, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if c := out.At(20, 50); !near(c, color.White) {
		t.Errorf("transparent part became %v, want white", c)
	}
	if c := out.At(180, 50); !near(c, color.RGBA{0, 0, 200, 255}) {
		t.Errorf("opaque part became %v, want blue", c)
	}
}

func TestDecodeRefuses(t *testing.T) {
	t.Parallel()
	jpg := encodeJPEG(t, picture(300, 200))
	pngData := encodePNG(t, picture(300, 200))
	// A JPEG padded with bytes after its end marker to exactly the limit is
	// still a valid JPEG; one byte more is too large.
	padded := append(bytes.Clone(jpg), make([]byte, image.MaxUploadBytes-len(jpg))...)
	tests := []struct {
		name string
		data []byte
		want *image.UploadError // nil: accepted
	}{
		{"empty", nil, image.ErrEmpty},
		{"text file", []byte("Hej! Det här är ett brev, inte en bild.\n"), image.ErrWrongKind},
		{"gif", encodeGIF(t, picture(40, 30)), image.ErrWrongKind},
		{"pdf", []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< >>\nendobj\n"), image.ErrWrongKind},
		{"bmp", append([]byte("BM"), make([]byte, 60)...), image.ErrWrongKind},
		{"jpeg cut in half", jpg[:len(jpg)/2], image.ErrCorrupt},
		{"jpeg cut inside the header", jpg[:40], image.ErrCorrupt},
		{"jpeg magic only", jpg[:3], image.ErrCorrupt},
		{"png cut in half", pngData[:len(pngData)/2], image.ErrCorrupt},
		{"png signature only", pngData[:8], image.ErrCorrupt},
		{"webp cut short", testdata(t, "blue-purple-pink.lossy.webp")[:200], image.ErrCorrupt},
		{"png bomb 50000×50000", craftedPNG(t, 50000, 50000, 8, 2), image.ErrTooManyPixels},
		{"png 7000×7000", craftedPNG(t, 7000, 7000, 8, 2), image.ErrTooManyPixels},
		{"png side over 12000", craftedPNG(t, 12001, 10, 8, 2), image.ErrTooManyPixels},
		{"16-bit png of 30 megapixels", craftedPNG(t, 6000, 5000, 16, 6), image.ErrTooManyPixels},
		{"jpeg header claiming 60000×60000", withJPEGSize(t, jpg, 60000, 60000), image.ErrTooManyPixels},
		{"webp canvas 16000×16000", craftedWebP(16000, 16000), image.ErrTooManyPixels},
		{"exactly 10 MB", padded, nil},
		{"10 MB and 1 byte", append(padded, 0), image.ErrTooLarge},
		{"gif of 20 MB", append(encodeGIF(t, picture(4, 4)), make([]byte, 20<<20)...), image.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			img, _, err := image.Decode(bytes.NewReader(tt.data))
			if tt.want == nil {
				if err != nil || img == nil {
					t.Fatalf("Decode = %v, %v; want an image", img, err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode error = %v, want %q", err, tt.want.Message)
			}
			var ue *image.UploadError
			if !errors.As(err, &ue) || ue.Message != tt.want.Message {
				t.Errorf("error is not the *UploadError with the message to show: %#v", err)
			}
			if img != nil {
				t.Error("an image came back with the error")
			}
		})
	}
}

func TestUploadErrorMessages(t *testing.T) {
	t.Parallel()
	// Each message names what went wrong and what the visitor can do, in
	// Swedish; these are the facts each must carry.
	tests := []struct {
		err  *image.UploadError
		want []string
	}{
		{image.ErrWrongKind, []string{"inte en bild", "JPEG, PNG eller WebP"}},
		{image.ErrTooLarge, []string{"för stor", "10 MB"}},
		{image.ErrCorrupt, []string{"kunde inte läsas", "skadad eller ofullständig"}},
		{image.ErrTooManyPixels, []string{"för många bildpunkter", "40 miljoner", "12 000"}},
		{image.ErrEmpty, []string{"tom"}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.err.Message, func(t *testing.T) {
			for _, w := range tt.want {
				if !strings.Contains(tt.err.Message, w) {
					t.Errorf("message lacks %q", w)
				}
			}
			if tt.err.Error() != tt.err.Message {
				t.Errorf("Error() = %q, want the message", tt.err.Error())
			}
		})
		if seen[tt.err.Message] {
			t.Errorf("two errors share the message %q", tt.err.Message)
		}
		seen[tt.err.Message] = true
	}
}

// part is one part of a multipart body: a file when filename is set (even
// to "", which is what browsers send when no file was chosen).
type part struct {
	field, filename, contentType string
	data                         []byte
	file                         bool
}

// uploadRequest builds a POST with a real multipart body, its body limited
// as a handler would limit it.
func uploadRequest(t *testing.T, parts ...part) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, p := range parts {
		if !p.file {
			if err := mw.WriteField(p.field, string(p.data)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="` + p.field + `"; filename="` + p.filename + `"`}
		h["Content-Type"] = []string{p.contentType}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/konsulent/residens/1", &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, image.MaxFormBytes)
	return r
}

func TestFromRequest(t *testing.T) {
	t.Parallel()
	jpg := encodeJPEG(t, picture(640, 480))
	pngData := encodePNG(t, picture(320, 240))
	alt := part{field: "alt", data: []byte("Tre personer målar en vägg")}
	file := func(name, ct string, data []byte) part {
		return part{field: "bild", filename: name, contentType: ct, data: data, file: true}
	}
	tests := []struct {
		name    string
		parts   []part
		w, h    int // 0: no image
		wantErr *image.UploadError
	}{
		{"jpeg", []part{alt, file("foto.jpg", "image/jpeg", jpg)}, 640, 480, nil},
		{"png called .jpg and sent as image/jpeg", []part{file("foto.jpg", "image/jpeg", pngData), alt}, 320, 240, nil},
		{"no file chosen", []part{alt, file("", "application/octet-stream", nil)}, 0, 0, nil},
		{"no file field at all", []part{alt}, 0, 0, nil},
		{"an empty file", []part{alt, file("tom.jpg", "image/jpeg", nil)}, 0, 0, nil},
		{"text called .jpg", []part{alt, file("bild.jpg", "image/jpeg", []byte("bara text\n"))}, 0, 0, image.ErrWrongKind},
		{"gif", []part{alt, file("anim.gif", "image/gif", encodeGIF(t, picture(20, 20)))}, 0, 0, image.ErrWrongKind},
		{"truncated jpeg", []part{alt, file("halv.jpg", "image/jpeg", jpg[:len(jpg)/2])}, 0, 0, image.ErrCorrupt},
		{"png bomb", []part{alt, file("bomb.png", "image/png", craftedPNG(t, 50000, 50000, 8, 2))}, 0, 0, image.ErrTooManyPixels},
		{"10 MB and 1 byte", []part{alt, file("stor.jpg", "image/jpeg", append(bytes.Clone(jpg), make([]byte, image.MaxUploadBytes+1-len(jpg))...))}, 0, 0, image.ErrTooLarge},
		{"body over the form limit", []part{alt, file("enorm.jpg", "image/jpeg", make([]byte, image.MaxFormBytes+1))}, 0, 0, image.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := uploadRequest(t, tt.parts...)
			img, err := image.FromRequest(r, "bild")
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("FromRequest error = %v, want %q", err, tt.wantErr.Message)
				}
				return
			}
			if err != nil {
				t.Fatalf("FromRequest: %v", err)
			}
			if tt.w == 0 {
				if img != nil {
					t.Fatalf("got a %v image, want none", img.Bounds())
				}
			} else if img == nil || img.Bounds().Dx() != tt.w || img.Bounds().Dy() != tt.h {
				t.Fatalf("got %v, want a %dx%d image", img, tt.w, tt.h)
			}
			// The other fields stay readable, through httpx.ParseForm too.
			f, err := httpx.ParseForm(httptest.NewRecorder(), r, image.MaxFormBytes)
			if err != nil {
				t.Fatalf("ParseForm after FromRequest: %v", err)
			}
			if got := f.Get("alt", 200, false); got != string(alt.data) {
				t.Errorf("alt = %q after FromRequest", got)
			}
		})
	}

	t.Run("form read first", func(t *testing.T) {
		t.Parallel()
		r := uploadRequest(t, alt, file("foto.jpg", "image/jpeg", jpg))
		f, err := httpx.ParseForm(httptest.NewRecorder(), r, image.MaxFormBytes)
		if err != nil {
			t.Fatal(err)
		}
		img, err := image.FromRequest(r, "bild")
		if err != nil || img == nil {
			t.Fatalf("FromRequest = %v, %v", img, err)
		}
		if got := f.Get("alt", 200, false); got != string(alt.data) {
			t.Errorf("alt = %q", got)
		}
	})

	t.Run("not a multipart form", func(t *testing.T) {
		t.Parallel()
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(url.Values{"alt": {"x"}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		_, err := image.FromRequest(r, "bild")
		if httpx.ErrorCode(err) != httpx.CodeInvalid {
			t.Errorf("FromRequest error = %v, want a CodeInvalid error (400, not 500)", err)
		}
	})
}
