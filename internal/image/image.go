package image

import (
	"bytes"
	"context"
	"fmt"
	stdimage "image"
	"image/jpeg"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/image/draw"

	"residens/internal/auth"
	"residens/internal/db"
	"residens/internal/httpx"
)

// Widths are the variant widths kept of each image. An image narrower than
// one of them is not enlarged; its own width is kept instead.
var Widths = []int{480, 960, 1440}

// Variant is one encoded size of an image.
type Variant struct {
	Width, Height int
	ContentType   string
	Data          []byte
}

// Encode scales src to each of Widths (never up) and encodes each as JPEG,
// transparent parts flattened onto white. Encoding from decoded pixels is also
// what drops any EXIF or GPS data the original carried.
func Encode(src stdimage.Image) ([]Variant, error) {
	b := src.Bounds()
	o, ok := src.(interface{ Opaque() bool })
	opaque := ok && o.Opaque()
	var out []Variant
	for _, w := range Widths {
		if w > b.Dx() {
			w = b.Dx()
		}
		if len(out) > 0 && out[len(out)-1].Width == w {
			break
		}
		h := max(1, b.Dy()*w/b.Dx())
		dst := stdimage.NewRGBA(stdimage.Rect(0, 0, w, h))
		op := draw.Src
		if !opaque {
			// JPEG has no transparency: what is see-through is shown on
			// white, as on the page, rather than on black.
			draw.Draw(dst, dst.Bounds(), stdimage.White, stdimage.Point{}, draw.Src)
			op = draw.Over
		}
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, op, nil)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 82}); err != nil {
			return nil, fmt.Errorf("image: encode %dpx: %w", w, err)
		}
		out = append(out, Variant{Width: w, Height: h, ContentType: "image/jpeg", Data: buf.Bytes()})
	}
	return out, nil
}

// Insert stores an image's variants in tx and returns its ID. width and
// height are the original's.
func Insert(ctx context.Context, tx pgx.Tx, width, height int, variants []Variant) (int64, error) {
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO images (width, height) VALUES ($1, $2) RETURNING id`, width, height).Scan(&id); err != nil {
		return 0, fmt.Errorf("image: insert: %w", err)
	}
	for _, v := range variants {
		if _, err := tx.Exec(ctx, `INSERT INTO image_variants (image_id, width, height, content_type, data) VALUES ($1, $2, $3, $4, $5)`,
			id, v.Width, v.Height, v.ContentType, v.Data); err != nil {
			return 0, fmt.Errorf("image: insert variant %d: %w", v.Width, err)
		}
	}
	return id, nil
}

// URL is the address of image id at (about) width pixels.
func URL(id int64, width int) string {
	return "/bilder/" + strconv.FormatInt(id, 10) + "/" + strconv.Itoa(width)
}

// Srcset lists the variant URLs of image id for a srcset attribute. An
// original narrower than a width is offered at its own width (Encode keeps
// that variant), and no wider.
func Srcset(id int64, original int) string {
	var parts []string
	for _, w := range Widths {
		parts = append(parts, URL(id, w)+" "+strconv.Itoa(min(w, original))+"w")
		if w >= original {
			break
		}
	}
	return strings.Join(parts, ", ")
}

// Reader reads stored images for the handler (writing them is Store's, in
// the transaction of the content that uses them).
type Reader struct {
	pool *pgxpool.Pool
}

// Served is the stored rendition of an image that a request gets, and
// whether published content shows the image (then anyone may see it).
type Served struct {
	ContentType string
	Data        []byte
	Public      bool
}

// Served returns the largest variant of image id no wider than width, or
// the smallest there is; db.ErrNotFound when there is no such image.
func (s *Reader) Served(ctx context.Context, id int64, width int) (Served, error) {
	var v Served
	err := s.pool.QueryRow(ctx, `
		SELECT content_type, data,
			EXISTS (SELECT 1 FROM residencies WHERE image_id = $1 AND published)
			OR EXISTS (SELECT 1 FROM cultural_actors WHERE image_id = $1 AND published)
			OR EXISTS (SELECT 1 FROM consultant_profiles WHERE photo_image_id = $1 AND active)
		FROM image_variants
		WHERE image_id = $1
		ORDER BY (width <= $2) DESC, CASE WHEN width <= $2 THEN -width ELSE width END
		LIMIT 1`, id, width).Scan(&v.ContentType, &v.Data, &v.Public)
	if db.IsNoRows(err) {
		return v, fmt.Errorf("image %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return v, fmt.Errorf("image: show %d: %w", id, err)
	}
	return v, nil
}

// OwnsDraft reports whether artist user uses image id in their profile or in
// a change to it waiting for review.
func (s *Reader) OwnsDraft(ctx context.Context, id, user int64) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM cultural_actors WHERE image_id = $1 AND owner_user_id = $2)
			OR EXISTS (SELECT 1 FROM actor_profile_changes WHERE submitted_by = $2 AND data->>'image_id' = $1::text)`,
		id, user).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("image: may see %d: %w", id, err)
	}
	return ok, nil
}

// Handler serves stored images.
type Handler struct {
	store *Reader
}

// NewHandler returns a handler over pool.
func NewHandler(pool *pgxpool.Pool) *Handler { return &Handler{store: &Reader{pool: pool}} }

// Show handles GET /bilder/{id}/{width}: the largest variant no wider than
// width, or the smallest there is. An image that published content shows is
// public (as is an active consultant's photo on /radgivning) and, since variants never change once written, cached for a year.
// Any other image (a draft's, one waiting for review) is shown only to
// those who may see the draft: consultants and admins, and the artist whose
// profile or pending change uses it; everyone else gets 404.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) error {
	id, err1 := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	width, err2 := strconv.Atoi(chi.URLParam(r, "width"))
	if err1 != nil || err2 != nil || id < 1 || width < 1 || width > 10000 {
		return httpx.NotFound("image %q", r.URL.Path)
	}
	v, err := h.store.Served(r.Context(), id, width)
	if err != nil {
		return err
	}
	ct, data, public := v.ContentType, v.Data, v.Public
	if !public {
		ok, err := h.maySeeDraft(r, id)
		if err != nil {
			return err
		}
		if !ok {
			return httpx.NotFound("image %d", id)
		}
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	if public {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	_, _ = w.Write(data)
	return nil
}

// maySeeDraft reports whether the signed-in visitor may see image id that
// no published content shows.
func (h *Handler) maySeeDraft(r *http.Request, id int64) (bool, error) {
	u := auth.UserFrom(r.Context())
	switch {
	case u == nil:
		return false, nil
	case u.Is(auth.RoleConsultant, auth.RoleAdmin):
		return true, nil
	case !u.Is(auth.RoleArtist):
		return false, nil
	}
	return h.store.OwnsDraft(r.Context(), id, u.ID)
}
