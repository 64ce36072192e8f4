package image_test

import (
	"bytes"
	"context"
	stdimage "image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/db/dbtest"
	"residens/internal/httpx"
	"residens/internal/image"
)

// picture is a w×h image with a gradient, so that scaling has something to
// do.
func picture(w, h int) stdimage.Image {
	img := stdimage.NewRGBA(stdimage.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	return img
}

// decode decodes a JPEG and returns its size.
func decode(t *testing.T, data []byte) (w, h int) {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("variant is not a JPEG: %v", err)
	}
	return img.Bounds().Dx(), img.Bounds().Dy()
}

func TestEncode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		w, h   int
		widths []int
	}{
		{"smaller than every width", 300, 200, []int{300}},
		{"exactly the smallest width", 480, 320, []int{480}},
		{"between widths", 1000, 500, []int{480, 960, 1000}},
		{"exactly the largest width", 1440, 810, []int{480, 960, 1440}},
		{"larger than every width", 2400, 1600, []int{480, 960, 1440}},
		{"portrait", 600, 1200, []int{480, 600}},
		{"very wide", 2000, 10, []int{480, 960, 1440}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			vs, err := image.Encode(picture(tt.w, tt.h))
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if len(vs) != len(tt.widths) {
				t.Fatalf("got %d variants, want widths %v", len(vs), tt.widths)
			}
			for i, v := range vs {
				if v.Width != tt.widths[i] {
					t.Errorf("variant %d: width %d, want %d", i, v.Width, tt.widths[i])
				}
				if v.Width > tt.w {
					t.Errorf("variant %d: %dpx wide, larger than the %dpx original", i, v.Width, tt.w)
				}
				// The height follows the original's aspect ratio, to the
				// pixel (and never reaches 0).
				want := max(1, tt.h*v.Width/tt.w)
				if v.Height != want {
					t.Errorf("variant %d: %dx%d, want height %d", i, v.Width, v.Height, want)
				}
				if v.ContentType != "image/jpeg" {
					t.Errorf("variant %d: content type %q", i, v.ContentType)
				}
				if w, h := decode(t, v.Data); w != v.Width || h != v.Height {
					t.Errorf("variant %d decodes as %dx%d, says %dx%d", i, w, h, v.Width, v.Height)
				}
			}
		})
	}
}

func TestURLAndSrcset(t *testing.T) {
	t.Parallel()
	if got := image.URL(7, 960); got != "/bilder/7/960" {
		t.Errorf("URL = %q", got)
	}
	tests := []struct {
		original int
		want     string
	}{
		{300, "/bilder/7/480 300w"},
		{1000, "/bilder/7/480 480w, /bilder/7/960 960w, /bilder/7/1440 1000w"},
		{1440, "/bilder/7/480 480w, /bilder/7/960 960w, /bilder/7/1440 1440w"},
		{3000, "/bilder/7/480 480w, /bilder/7/960 960w, /bilder/7/1440 1440w"},
	}
	for _, tt := range tests {
		if got := image.Srcset(7, tt.original); got != tt.want {
			t.Errorf("Srcset(7, %d) = %q, want %q", tt.original, got, tt.want)
		}
	}
}

func TestServe(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	variants, err := image.Encode(picture(1000, 500))
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		id, err = image.Insert(ctx, tx, 1000, 500, variants)
		return err
	}); err != nil {
		t.Fatalf("Insert: %v", err)
	}
	r := chi.NewRouter()
	r.Get("/bilder/{id}/{width}", httpx.Handle(image.NewHandler(pool).Show))
	sid := strconv.FormatInt(id, 10)

	t.Run("an image no published content shows is not public", func(t *testing.T) {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/bilder/"+sid+"/480", nil))
		if rec.Code != http.StatusNotFound {
			t.Fatalf("draft image: status %d, want 404", rec.Code)
		}
		staff := httptest.NewRequest(http.MethodGet, "/bilder/"+sid+"/480", nil)
		staff = staff.WithContext(auth.WithUser(staff.Context(), &auth.User{ID: 1, Role: auth.RoleConsultant}))
		rec = httptest.NewRecorder()
		r.ServeHTTP(rec, staff)
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "private, no-store" {
			t.Fatalf("draft image for a consultant: status %d, Cache-Control %q; want 200, private", rec.Code, rec.Header().Get("Cache-Control"))
		}
	})
	mustPublish(t, pool, id)

	t.Run("picks a variant", func(t *testing.T) {
		tests := []struct {
			asked, want int
		}{
			{1, 480},     // smaller than all: the smallest
			{479, 480},   // likewise
			{480, 480},   // exact
			{959, 480},   // the largest that fits
			{960, 960},   // exact
			{999, 960},   // the largest that fits
			{1000, 1000}, // the original's own width
			{1440, 1000}, // wider than the original: the original's width
			{9999, 1000},
		}
		for _, tt := range tests {
			t.Run(strconv.Itoa(tt.asked), func(t *testing.T) {
				t.Parallel()
				rec := httptest.NewRecorder()
				r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, image.URL(id, tt.asked), nil))
				if rec.Code != http.StatusOK {
					t.Fatalf("status = %d, want 200", rec.Code)
				}
				if w, _ := decode(t, rec.Body.Bytes()); w != tt.want {
					t.Errorf("served %dpx, want %dpx", w, tt.want)
				}
				h := rec.Header()
				if h.Get("Content-Type") != "image/jpeg" {
					t.Errorf("Content-Type = %q", h.Get("Content-Type"))
				}
				if h.Get("Cache-Control") != "public, max-age=31536000, immutable" {
					t.Errorf("Cache-Control = %q", h.Get("Cache-Control"))
				}
				if h.Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
					t.Errorf("Content-Length = %q for %d bytes", h.Get("Content-Length"), rec.Body.Len())
				}
			})
		}
	})
	t.Run("bad addresses", func(t *testing.T) {
		for _, path := range []string{
			"/bilder/abc/480", "/bilder/0/480", "/bilder/-1/480", "/bilder/" + sid + "0000/480",
			"/bilder/99999999999999999999/480", "/bilder/" + sid + "/0", "/bilder/" + sid + "/-5",
			"/bilder/" + sid + "/abc", "/bilder/" + sid + "/20000", "/bilder/" + sid + "/480.jpg",
			"/bilder/" + sid + "/480/extra",
		} {
			t.Run(path, func(t *testing.T) {
				t.Parallel()
				rec := httptest.NewRecorder()
				r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != http.StatusNotFound {
					t.Errorf("status = %d, want 404", rec.Code)
				}
				if rec.Header().Get("Cache-Control") == "public, max-age=31536000, immutable" {
					t.Error("a 404 is cached for a year")
				}
			})
		}
	})
}

func TestInsertIsAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.New(t)
	bad := []image.Variant{
		{Width: 480, Height: 240, ContentType: "image/jpeg", Data: []byte{1}},
		{Width: 960, Height: 480, ContentType: "image/gif", Data: []byte{1}}, // not allowed
	}
	err := db.InTx(ctx, pool, func(tx pgx.Tx) error {
		_, err := image.Insert(ctx, tx, 960, 480, bad)
		return err
	})
	if err == nil {
		t.Fatal("Insert of a GIF variant = nil, want an error")
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM images) + (SELECT count(*) FROM image_variants)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d rows left by a failed insert, want 0", n)
	}
}

// mustPublish makes image id public by giving it to a published residency.
func mustPublish(t *testing.T, pool *pgxpool.Pool, id int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `INSERT INTO municipalities (code, name, slug, county) VALUES ('9999', 'Provkommun', 'provkommun', 'Provlän')
		ON CONFLICT (code) DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO residencies (slug, title, kind, municipality_id, starts_on, ends_on, published, image_id, image_alt)
		VALUES ('bild-' || $1::bigint::text, 'Bild', 'other', (SELECT id FROM municipalities WHERE code = '9999'), '2026-01-01', '2026-02-01', true, $1::bigint, 'Provbild')`, id); err != nil {
		t.Fatal(err)
	}
}
