package booking_test

import (
	"net/http"
	"net/url"
	"testing"

	"residens/internal/auth"
	"residens/internal/testutil"
)

// availabilityForm is a valid form: Monday and Wednesday mornings,
// 45-minute meetings, one day's notice, a closed day and an extra time.
func availabilityForm() url.Values {
	return url.Values{
		"titel": {"Länskulturkonsulent dans"}, "text": {"Jag ger råd om dans."},
		"fraga": {"ansokan", "avtal"}, "alla-kommuner": {"1"}, "aktiv": {"1"},
		"motets-langd": {"45"}, "paus": {"15"}, "framforhallning": {"1"}, "veckor": {"8"},
		"dag-1-1-start": {"09:00"}, "dag-1-1-slut": {"12:00"},
		"dag-3-1-start": {"09:00"}, "dag-3-1-slut": {"10:00"}, "dag-3-2-start": {"13:00"}, "dag-3-2-slut": {"14:00"},
		"nytt-datum": {"2026-11-27"}, "nytt-slag": {"extra"}, "nytt-start": {"10:00"}, "nytt-slut": {"10:45"},
	}
}

func TestAvailabilitySaveAndPreview(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.account(t, auth.RoleConsultant, "Klara Konsulent")

	r := s.get(t, "/konsulent/tillganglighet", c)
	if r.Status != http.StatusOK || r.TestID("preview-slot").Length() != 0 {
		t.Fatalf("first visit: status %d, %d preview slots; want 200 and none before saving", r.Status, r.TestID("preview-slot").Length())
	}
	wantRedirect(t, s.post(t, "/konsulent/tillganglighet", c, availabilityForm()), "/konsulent/tillganglighet?klart=sparad")

	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM consultant_weekly_hours WHERE user_id = $1`, c.ID); n != 3 {
		t.Errorf("weekly hours saved: %d, want 3", n)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'booking_availability_saved' AND actor_id = $1`, c.ID); n != 1 {
		t.Errorf("audit entries: %d, want 1", n)
	}
	r = s.get(t, "/konsulent/tillganglighet?klart=sparad", c)
	labels := testutil.Texts(r.TestID("preview-slot"))
	// Friday 27 November is the first working day after Thursday: only
	// the extra time; then Monday's three meetings with 15-minute pauses.
	want := []string{"fredag 27 november kl. 10.00–10.45", "måndag 30 november kl. 09.00–09.45",
		"måndag 30 november kl. 10.00–10.45", "måndag 30 november kl. 11.00–11.45",
		"onsdag 2 december kl. 09.00–09.45", "onsdag 2 december kl. 13.00–13.45"}
	if len(labels) != 10 {
		t.Fatalf("preview shows %d slots, want the first 10: %q", len(labels), labels)
	}
	for i, w := range want {
		if labels[i] != w {
			t.Errorf("preview slot %d = %q, want %q", i, labels[i], w)
		}
	}
	if got := r.TestID("exception").Length(); got != 1 {
		t.Errorf("exceptions listed: %d, want 1", got)
	}
	if v, _ := r.Doc.Find("#dag-3-2-start").Attr("value"); v != "13:00" {
		t.Errorf("saved Wednesday afternoon shows %q, want 13:00", v)
	}

	// Removing the exception by its checkbox keeps the rest.
	form := availabilityForm()
	form.Del("nytt-datum")
	form.Del("nytt-start")
	form.Del("nytt-slut")
	form.Set("undantag-antal", "1")
	form.Set("undantag-0-datum", "2026-11-27")
	form.Set("undantag-0-slag", "extra")
	form.Set("undantag-0-start", "10:00")
	form.Set("undantag-0-slut", "10:45")
	form.Set("undantag-0-ta-bort", "1")
	wantRedirect(t, s.post(t, "/konsulent/tillganglighet", c, form), "/konsulent/tillganglighet")
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM consultant_exceptions WHERE user_id = $1`, c.ID); n != 0 {
		t.Errorf("exceptions after removal: %d, want 0", n)
	}
}

func TestAvailabilityInvalid(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.account(t, auth.RoleConsultant, "Klara Konsulent")
	tests := []struct {
		name, field, value, errorField string
	}{
		{"end before start", "dag-1-1-slut", "08:00", "dag-1-1-start"},
		{"time not a time", "dag-1-1-start", "nio", "dag-1-1-start"},
		{"meeting too short", "motets-langd", "5", "motets-langd"},
		{"horizon too long", "veckor", "52", "veckor"},
		{"exception date broken", "nytt-datum", "27/11", "nytt-datum"},
		{"extra time ends before it starts", "nytt-slut", "09:00", "nytt-datum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := availabilityForm()
			form.Set(tt.field, tt.value)
			r := s.post(t, "/konsulent/tillganglighet", c, form)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", r.Status)
			}
			if r.TestID("error-summary").Length() != 1 || r.Doc.Find(`a[href="#`+tt.errorField+`"]`).Length() == 0 {
				t.Errorf("no error linked to %s; summary: %q", tt.errorField, r.Text("error-summary"))
			}
			if v, _ := r.Doc.Find("#" + tt.field).Attr("value"); v != tt.value {
				t.Errorf("typed %s not kept: %q, want %q", tt.field, v, tt.value)
			}
			if v, _ := r.Doc.Find("#titel").Attr("value"); v != "Länskulturkonsulent dans" {
				t.Errorf("title not kept: %q", v)
			}
			if _, ok := r.Doc.Find(`input[name="fraga"][value="avtal"]`).Attr("checked"); !ok {
				t.Error("checked topic not kept")
			}
			if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM consultant_profiles WHERE user_id = $1`, c.ID); n != 0 {
				t.Errorf("profile saved despite the error")
			}
		})
	}
}
