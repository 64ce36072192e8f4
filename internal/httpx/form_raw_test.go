package httpx

import (
	"net/url"
	"strings"
	"testing"
)

func TestRawHasALimit(t *testing.T) {
	f := NewForm(url.Values{"losenord": {strings.Repeat("x", MaxRawBytes+1)}, "ok": {" mellanslag kvar "}})
	if got := f.Raw("ok"); got != " mellanslag kvar " {
		t.Errorf("Raw changed the value: %q", got)
	}
	if got := f.Raw("losenord"); got != "" || f.Error("losenord") == "" {
		t.Errorf("an over-long value read as %d bytes with error %q; want empty and an error", len(got), f.Error("losenord"))
	}
}
