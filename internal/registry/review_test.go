package registry_test

import (
	"net/http"
	"testing"
	"time"

	"residens/internal/registry"
	"residens/internal/testutil"
)

// A page number so large that (page-1)*PageSize overflows must not reach
// PostgreSQL as a negative OFFSET (a 500): it is a page past the end.
func TestReviewDiariumHugePageIsNotAServerError(t *testing.T) {
	t.Parallel()
	h, _ := site(t, registry.Entry{Kind: registry.KindQuestion, Description: "Fråga om dans",
		SenderOrg: "Nacka kommun", ReceivedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)})
	r := testutil.Get(t, h, "/diarium?sida=368934881474191034")
	if r.Status != http.StatusOK {
		t.Fatalf("status %d, want 200 (the last page with a notice)", r.Status)
	}
}
