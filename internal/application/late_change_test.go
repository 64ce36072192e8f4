package application_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"residens/internal/testutil"
)

// TestChangeToSubmittedAfterClosing: an upload or a file removal sent from a
// stale form for an application already sent in, after the call closed, is
// refused as a change to a sent-in application (409), not with the closed
// call's message that the application "has not been sent in".
func TestChangeToSubmittedAfterClosing(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	openCall(t, s, "nacka-2027")
	ada := s.artist(t, "Ada Dansare")
	const form = "/utlysningar/nacka-2027/ansokan"
	id := submitComplete(t, s, ada, form)
	file := testutil.Scalar[int64](t, s.pool, `SELECT id FROM application_files WHERE application_id = $1`, id)

	s.clock.Set(testutil.Now.AddDate(0, 1, 1))
	ada = s.signIn(t, ada)
	for name, r := range map[string]*testutil.Response{
		"upload": s.upload(t, form+"/bilagor", ada, with(complete(), "typ", "cv"), "cv2.pdf", pdf(3000)),
		"remove": s.post(t, form+"/bilagor/"+strconv.FormatInt(file, 10)+"/ta-bort", ada, complete()),
	} {
		if r.Status != http.StatusConflict || strings.Contains(r.Body, "har inte skickats in") {
			t.Errorf("%s: status %d, want 409; page says %q", name, r.Status, r.Text("problem"))
		}
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM application_files WHERE application_id = $1`, id); n != 1 {
		t.Errorf("%d files after the refused changes, want 1", n)
	}
}
