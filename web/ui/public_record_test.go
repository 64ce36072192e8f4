package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestPublicRecordNotice(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := PublicRecordNotice().Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	n := doc.Find(`[data-testid="public-record-notice"]`)
	if n.Length() != 1 || !n.HasClass("public-record") {
		t.Fatalf("want one element with data-testid public-record-notice and class public-record in %s", b.String())
	}
	text := strings.Join(strings.Fields(n.Text()), " ")
	for _, want := range []string{"allmän handling", "diarium", "sekretess"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice %q does not mention %q", text, want)
		}
	}
}
