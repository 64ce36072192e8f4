package booking_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"residens/internal/testutil"
)

func TestTransitions(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.consultant(t, "Klara Konsulent")
	type step struct {
		action string
		form   url.Values
		status int // 303 for success
		state  string
	}
	reason := url.Values{"avboj-skal": {"Jag är sjuk den dagen."}, "avboka-skal": {"Jag är sjuk den dagen."}}
	held := url.Values{"genomford-utfall": {"Vi gick igenom ansökan."}, "genomford-amne": {"ansokan"}}
	tests := []struct {
		name       string
		steps      []step
		subjects   []string
		attachment bool
	}{
		{"confirm then held", []step{{"bekrafta", nil, 303, "confirmed"}, {"genomford", held, 303, "held"}},
			[]string{"Ditt rådgivningsmöte är bekräftat", "Tack för mötet"}, true},
		{"confirm then no-show", []step{{"bekrafta", nil, 303, "confirmed"}, {"uteblev", nil, 303, "no_show"}},
			[]string{"Ditt rådgivningsmöte är bekräftat", "Vi saknade dig på rådgivningsmötet"}, true},
		{"decline needs a reason", []step{{"avboj", url.Values{"avboj-skal": {" "}}, 422, "requested"}, {"avboj", reason, 303, "declined"}},
			[]string{"Ditt rådgivningsmöte kunde inte bokas"}, true},
		{"cancel a confirmed booking", []step{{"bekrafta", nil, 303, "confirmed"}, {"avboka", reason, 303, "cancelled"}},
			[]string{"Ditt rådgivningsmöte är bekräftat", "Ditt rådgivningsmöte är avbokat"}, true},
		{"a cancelled booking cannot be confirmed", []step{{"avboka", reason, 303, "cancelled"}, {"bekrafta", nil, 409, "cancelled"}},
			[]string{"Ditt rådgivningsmöte är avbokat"}, true},
		{"a requested booking cannot be held", []step{{"genomford", held, 409, "requested"}}, nil, false},
		{"held needs an outcome", []step{{"bekrafta", nil, 303, "confirmed"}, {"genomford", url.Values{"genomford-amne": {"ansokan"}}, 422, "confirmed"}},
			[]string{"Ditt rådgivningsmöte är bekräftat"}, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			booker := "Bokare" + string(rune('A'+i))
			// Past meetings (a week apart): only a meeting that has begun
			// can be marked held or no-show.
			id := s.hold(t, c, monday(9).AddDate(0, 0, -7*(i+1)), booker)
			for _, st := range tt.steps {
				r := s.post(t, "/konsulent/bokningar/"+id+"/"+st.action, c, st.form)
				if st.status == http.StatusSeeOther {
					wantRedirect(t, r, "/konsulent/bokningar/"+id+"?klart=")
				} else if r.Status != st.status {
					t.Fatalf("%s: status %d, want %d", st.action, r.Status, st.status)
				}
				if st.status == http.StatusConflict && !strings.Contains(r.Text("problem"), "kan inte") {
					t.Errorf("%s: no clear message: %q", st.action, r.Text("problem"))
				}
				if got := testutil.Scalar[string](t, s.pool, `SELECT state FROM bookings WHERE id = $1::bigint`, id); got != st.state {
					t.Fatalf("after %s: state %s, want %s", st.action, got, st.state)
				}
			}
			mails := s.mails(t, strings.ToLower(booker)+"@skola.example.se")
			var subjects []string
			for _, m := range mails {
				subjects = append(subjects, m.Subject)
			}
			if !slices.Equal(subjects, tt.subjects) {
				t.Errorf("mails %q, want %q", subjects, tt.subjects)
			}
			if tt.attachment && (len(mails) == 0 || !slices.Equal(mails[0].Attachments, []string{"radgivningsmote.ics"})) {
				t.Errorf("first mail has attachments %v, want the .ics", mails[0].Attachments)
			}
			changes := 0
			for _, st := range tt.steps {
				if st.status == http.StatusSeeOther {
					changes++
				}
			}
			if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'booking_state_changed'
				AND detail->>'booking' = $1`, id); n != changes {
				t.Errorf("audit entries %d, want %d", n, changes)
			}
		})
	}
}

func TestInternalNotesStayInternal(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.consultant(t, "Klara Konsulent")
	id := s.hold(t, c, monday(9), "Nora")
	const secret = "Ringde kommunen om budgeten"

	if r := s.post(t, "/konsulent/bokningar/"+id+"/anteckning", c, url.Values{"anteckning": {""}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("empty note: %d, want 422", r.Status)
	}
	wantRedirect(t, s.post(t, "/konsulent/bokningar/"+id+"/anteckning", c, url.Values{"anteckning": {secret}}),
		"/konsulent/bokningar/"+id+"?klart=anteckning")
	r := s.get(t, "/konsulent/bokningar/"+id, c)
	if got := r.Text("note"); !strings.Contains(got, secret) {
		t.Errorf("note not listed: %q", got)
	}
	wantRedirect(t, s.post(t, "/konsulent/bokningar/"+id+"/bekrafta", c, nil), "/konsulent/bokningar/"+id)
	wantRedirect(t, s.post(t, "/konsulent/bokningar/"+id+"/avboka", c, url.Values{"avboka-skal": {"Sjuk."}}), "/konsulent/bokningar/"+id)
	mails := s.mails(t, "nora@skola.example.se")
	if len(mails) != 2 {
		t.Fatalf("%d mails queued, want 2", len(mails))
	}
	for _, m := range mails {
		if strings.Contains(m.Text, secret) {
			t.Errorf("mail %q carries the internal note", m.Subject)
		}
	}
	if !strings.Contains(mails[1].Text, "Sjuk.") {
		t.Errorf("cancel mail lacks the reason: %q", mails[1].Text)
	}
}

// TestNotHeldBeforeItBegins: a confirmed meeting of next week cannot be
// marked held or no-show yet (the booker would be thanked for a meeting
// not had); the page offers neither and says when it can.
func TestNotHeldBeforeItBegins(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.consultant(t, "Klara Konsulent")
	id := s.hold(t, c, monday(9), "Bokaren")
	wantRedirect(t, s.post(t, "/konsulent/bokningar/"+id+"/bekrafta", c, nil), "/konsulent/bokningar/"+id+"?klart=")
	page := s.get(t, "/konsulent/bokningar/"+id, c)
	if page.TestID("held").Length() != 0 || page.TestID("no-show").Length() != 0 || page.TestID("not-started").Length() != 1 {
		t.Errorf("before the meeting: held form %d, no-show form %d, note %d; want 0, 0, 1",
			page.TestID("held").Length(), page.TestID("no-show").Length(), page.TestID("not-started").Length())
	}
	for _, action := range []string{"genomford", "uteblev"} {
		r := s.post(t, "/konsulent/bokningar/"+id+"/"+action, c, url.Values{"genomford-utfall": {"Bra."}, "genomford-amne": {"ansokan"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Text("problem"), "inte har börjat") {
			t.Errorf("%s before the meeting: %d %q, want 409 with a clear message", action, r.Status, r.Text("problem"))
		}
	}
	if got := testutil.Scalar[string](t, s.pool, `SELECT state FROM bookings WHERE id = $1::bigint`, id); got != "confirmed" {
		t.Errorf("state %s, want confirmed", got)
	}
}
