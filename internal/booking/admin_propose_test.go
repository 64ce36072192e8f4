package booking_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"residens/internal/booking"
	"residens/internal/ical"
	"residens/internal/ical/icaltest"
	"residens/internal/testutil"
)

// icsOf parses the calendar files of the e-mails queued to addr, in order.
func (s *adminSite) icsOf(t *testing.T, addr string) []icaltest.Event {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT args->'attachments'->0->>'data' FROM river_job
		WHERE kind = 'mail.send' AND args->>'to' = $1 AND args ? 'attachments' ORDER BY id`, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []icaltest.Event
	for rows.Next() {
		var b64 string
		if err := rows.Scan(&b64); err != nil {
			t.Fatal(err)
		}
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatal(err)
		}
		_, evs, err := icaltest.Parse(bytes.NewReader(data))
		if err != nil || len(evs) != 1 {
			t.Fatalf("ics: %v (%d events)", err, len(evs))
		}
		out = append(out, evs[0])
	}
	return out
}

// radios is what the propose page offers: radio value by label.
func radios(r *testutil.Response) (values, labels []string) {
	r.TestID("propose-form").Find(`input[type="radio"]`).Each(func(_ int, e *goquery.Selection) {
		v, _ := e.Attr("value")
		id, _ := e.Attr("id")
		values = append(values, v)
		labels = append(labels, strings.TrimSpace(r.Doc.Find(`label[for="`+id+`"]`).Text()))
	})
	return values, labels
}

func TestProposeAnotherTime(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.consultant(t, "Klara Konsulent")
	other := s.consultant(t, "Olle Annan")
	id := s.hold(t, c, monday(9), "Nora")
	const booker = "nora@skola.example.se"
	wantRedirect(t, s.post(t, "/konsulent/bokningar/"+id+"/bekrafta", c, nil), "/konsulent/bokningar/"+id)

	show := s.get(t, "/konsulent/bokningar/"+id, c)
	if href, _ := show.TestID("propose-link").Attr("href"); href != "/konsulent/bokningar/"+id+"/ny-tid" {
		t.Fatalf("propose link %q", href)
	}
	page := s.get(t, "/konsulent/bokningar/"+id+"/ny-tid", c)
	values, labels := radios(page)
	if page.Status != http.StatusOK || len(values) == 0 {
		t.Fatalf("propose page: %d with %d times", page.Status, len(values))
	}
	if slices.Contains(labels, "måndag 30 november kl. 09.00–09.45") {
		t.Errorf("the booked time itself is offered")
	}
	if !slices.Contains(labels, "måndag 30 november kl. 10.00–10.45") {
		t.Errorf("the next slot of the day is not offered (the booking's own buffer blocks it?): %v", labels[:min(8, len(labels))])
	}

	t.Run("another consultant cannot see it", func(t *testing.T) {
		if r := s.get(t, "/konsulent/bokningar/"+id+"/ny-tid", other); r.Status != http.StatusNotFound {
			t.Errorf("GET: %d, want 404", r.Status)
		}
		if r := s.post(t, "/konsulent/bokningar/"+id+"/ny-tid", other, url.Values{"tid": {values[0]}}); r.Status != http.StatusNotFound {
			t.Errorf("POST: %d, want 404", r.Status)
		}
	})

	t.Run("a time must be chosen", func(t *testing.T) {
		r := s.post(t, "/konsulent/bokningar/"+id+"/ny-tid", c, url.Values{"meddelande": {"Jag är bortrest."}})
		if r.Status != http.StatusUnprocessableEntity || r.TestID("error-tid").Length() != 1 || r.TestID("error-summary").Length() != 1 {
			t.Fatalf("status %d, want 422 with the error", r.Status)
		}
		if got := strings.TrimSpace(r.Doc.Find("textarea#meddelande").Text()); got != "Jag är bortrest." {
			t.Errorf("message kept = %q", got)
		}
	})

	t.Run("a time taken meanwhile", func(t *testing.T) {
		// Someone books the first offered time after the page was shown.
		taken := time.Unix(parseInt(t, values[0]), 0)
		s.hold(t, c, taken, "Snabb")
		r := s.post(t, "/konsulent/bokningar/"+id+"/ny-tid", c, url.Values{"tid": {values[0]}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Text("problem"), "inte längre ledig") {
			t.Fatalf("status %d, problem %q; want 409 with a clear message", r.Status, r.Text("problem"))
		}
		if fresh, _ := radios(r); len(fresh) == 0 || slices.Contains(fresh, values[0]) {
			t.Errorf("fresh times %d, taken one offered: %v", len(fresh), slices.Contains(fresh, values[0]))
		}
		if got := testutil.Scalar[string](t, s.pool, `SELECT state FROM bookings WHERE id = $1::bigint`, id); got != "confirmed" {
			t.Errorf("state %s after the lost race, want it unchanged", got)
		}
	})

	newTime := values[1]
	r := s.post(t, "/konsulent/bokningar/"+id+"/ny-tid", c, url.Values{"tid": {newTime}, "meddelande": {"Jag är bortrest på måndag."}})
	wantRedirect(t, r, "/konsulent/bokningar/"+id+"?klart=ny-tid")
	var state string
	var start time.Time
	var seq int
	if err := s.pool.QueryRow(context.Background(), `SELECT state, lower(during), sequence FROM bookings WHERE id = $1::bigint`,
		id).Scan(&state, &start, &seq); err != nil {
		t.Fatal(err)
	}
	// Confirmed (1), moved (2) and confirmed at the new time (3): the
	// consultant chose it.
	if state != "confirmed" || start.Unix() != parseInt(t, newTime) || seq != 3 {
		t.Errorf("after proposing: state %s start %s sequence %d; want confirmed at the new time, sequence 3", state, start, seq)
	}
	if n := testutil.Scalar[int](t, s.pool, `SELECT count(*) FROM audit_log WHERE action = 'booking_state_changed'
		AND detail->>'booking' = $1 AND (detail->>'proposed')::boolean`, id); n != 1 {
		t.Errorf("%d audit entries of the proposal, want 1", n)
	}

	mails := s.mails(t, booker)
	last := mails[len(mails)-1]
	if last.Subject != "Nytt förslag på tid för ditt rådgivningsmöte" || !strings.Contains(last.Text, "Jag är bortrest på måndag.") {
		t.Fatalf("proposal mail %q: %s", last.Subject, last.Text)
	}
	link := regexp.MustCompile(`/radgivning/bokning/[A-Za-z0-9_-]{43}`).FindString(last.Text)
	if link == "" {
		t.Fatalf("proposal mail without a manage link: %s", last.Text)
	}
	evs := s.icsOf(t, booker)
	if e := evs[len(evs)-1]; e.Sequence != 3 || e.Start.Unix() != parseInt(t, newTime) || e.Status != ical.StatusConfirmed {
		t.Errorf("proposal ics: sequence %d start %s status %s", e.Sequence, e.Start, e.Status)
	}

	t.Run("the booker's link shows the new time", func(t *testing.T) {
		m := s.get(t, link, user{})
		if m.Status != http.StatusOK || m.Text("booking-time") != labelAt(parseInt(t, newTime)) {
			t.Errorf("manage page %d shows %q", m.Status, m.Text("booking-time"))
		}
	})

	t.Run("sequence grows with each change", func(t *testing.T) {
		wantRedirect(t, s.post(t, "/konsulent/bokningar/"+id+"/avboka", c, url.Values{"avboka-skal": {"Sjuk."}}), "/konsulent/bokningar/"+id)
		var got []int
		for _, e := range s.icsOf(t, booker) {
			got = append(got, e.Sequence)
		}
		if !slices.Equal(got, []int{1, 3, 4}) {
			t.Errorf("sequences of confirm, propose (a move and a confirmation), cancel = %v, want [1 3 4]", got)
		}
	})

	t.Run("a cancelled booking gets no new time", func(t *testing.T) {
		r := s.post(t, "/konsulent/bokningar/"+id+"/ny-tid", c, url.Values{"tid": {values[2]}})
		if r.Status != http.StatusConflict {
			t.Errorf("status %d, want 409", r.Status)
		}
	})
}

func parseInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// labelAt labels the 45-minute meeting starting at unix seconds.
func labelAt(unix int64) string {
	start := time.Unix(unix, 0)
	return booking.Slot{Start: start, End: start.Add(45 * time.Minute)}.Label()
}
