package image_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/image"
)

// renderUploadField renders the component into a document.
func renderUploadField(t *testing.T, currentID int64, currentWidth int, altValue, altError, fileError string) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := image.UploadField("bild", "Bild", currentID, currentWidth, "bild_alt", altValue, altError, fileError).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// describedBy checks that input's aria-describedby names exactly want, and
// that each named element exists.
func describedBy(t *testing.T, doc *goquery.Document, input *goquery.Selection, want string) {
	t.Helper()
	got, _ := input.Attr("aria-describedby")
	if got != want {
		t.Errorf("aria-describedby = %q, want %q", got, want)
	}
	for _, id := range strings.Fields(got) {
		if doc.Find("#"+id).Length() != 1 {
			t.Errorf("aria-describedby names %q, which is not on the page", id)
		}
	}
}

func TestUploadField(t *testing.T) {
	t.Parallel()

	t.Run("without an image", func(t *testing.T) {
		t.Parallel()
		doc := renderUploadField(t, 0, 0, "", "", "")
		if doc.Find("[data-testid=upload-current]").Length() != 0 {
			t.Error("a current image is shown when there is none")
		}
		file := doc.Find("input#bild")
		if typ, _ := file.Attr("type"); typ != "file" {
			t.Errorf("type = %q", typ)
		}
		if name, _ := file.Attr("name"); name != "bild" {
			t.Errorf("name = %q", name)
		}
		if accept, _ := file.Attr("accept"); accept != "image/jpeg,image/png,image/webp" {
			t.Errorf("accept = %q", accept)
		}
		if got := doc.Find("label[for=bild]").Text(); !strings.Contains(got, "Bild") {
			t.Errorf("file label = %q", got)
		}
		if got := doc.Find("#bild-hint").Text(); got != "JPEG, PNG eller WebP, högst 10 MB." {
			t.Errorf("hint = %q", got)
		}
		describedBy(t, doc, file, "bild-hint")
		alt := doc.Find("input#bild_alt")
		if doc.Find("label[for=bild_alt]").Length() != 1 {
			t.Error("the alt text input has no label")
		}
		if _, required := alt.Attr("required"); required {
			t.Error("alt text required although no image can be there")
		}
		describedBy(t, doc, alt, "bild_alt-hint")
		if doc.Find("[aria-invalid]").Length() != 0 {
			t.Error("a field is marked invalid without an error")
		}
	})

	t.Run("with an image and errors", func(t *testing.T) {
		t.Parallel()
		doc := renderUploadField(t, 42, 1200, "Tre personer <målar>", "Skriv en alternativtext.", image.ErrWrongKind.Message)
		img := doc.Find("[data-testid=upload-current] img")
		if src, _ := img.Attr("src"); src != image.URL(42, 480) {
			t.Errorf("thumbnail src = %q", src)
		}
		if alt, _ := img.Attr("alt"); alt != "Tre personer <målar>" {
			t.Errorf("thumbnail alt = %q", alt)
		}
		if w, _ := img.Attr("width"); w != "240" {
			t.Errorf("thumbnail width = %q", w)
		}
		file := doc.Find("input#bild")
		if got := doc.Find("[data-testid=error-bild]").Text(); !strings.Contains(got, image.ErrWrongKind.Message) {
			t.Errorf("file error = %q", got)
		}
		if v, _ := file.Attr("aria-invalid"); v != "true" {
			t.Error("file input not marked invalid")
		}
		describedBy(t, doc, file, "bild-hint bild-error")
		alt := doc.Find("input#bild_alt")
		if v, _ := alt.Attr("value"); v != "Tre personer <målar>" {
			t.Errorf("alt value = %q, want what was typed", v)
		}
		if _, required := alt.Attr("required"); !required {
			t.Error("alt text not required although there is an image")
		}
		if got := doc.Find("[data-testid=error-bild_alt]").Text(); !strings.Contains(got, "Skriv en alternativtext.") {
			t.Errorf("alt error = %q", got)
		}
		describedBy(t, doc, alt, "bild_alt-hint bild_alt-error")
	})

	t.Run("small image shown at its own width", func(t *testing.T) {
		t.Parallel()
		doc := renderUploadField(t, 7, 150, "Logotyp", "", "")
		if w, _ := doc.Find("[data-testid=upload-current] img").Attr("width"); w != "150" {
			t.Errorf("thumbnail width = %q, want 150", w)
		}
	})
}
