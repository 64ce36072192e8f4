package httpx

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
)

func TestPathID(t *testing.T) {
	for v, want := range map[string]int64{"42": 42, "0": 0, "-3": 0, "x": 0, "": 0, "99999999999999999999": 0} {
		rc := chi.NewRouteContext()
		rc.URLParams.Add("id", v)
		r := httptest.NewRequest("GET", "/", nil).WithContext(context.WithValue(context.Background(), chi.RouteCtxKey, rc))
		got, err := PathID(r, "id", "thing")
		if got != want || (want == 0) != (err != nil) || (err != nil && ErrorCode(err) != CodeNotFound) {
			t.Errorf("PathID(%q) = %d, %v", v, got, err)
		}
	}
}
