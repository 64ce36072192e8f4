package event_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"residens/internal/ical/icaltest"
)

// checkRFC5545 checks the line rules of RFC 5545: CRLF endings and no line
// longer than 75 octets.
func checkRFC5545(t *testing.T, body string) {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Errorf("does not end in CRLF")
	}
	for i, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
	}
}

func TestCalendarFeeds(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	// A long title with Swedish letters forces folding inside multi-byte runes.
	if _, err := s.pool.Exec(ctx, `UPDATE events SET title = 'Kulturforum för hela länet: samverkan, finansiering, residens och åtta andra ämnen att samtala om' WHERE format = 'forum'`); err != nil {
		t.Fatal(err)
	}
	r := s.get(t, "/evenemang.ics")
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("%d %q", r.Status, r.Header.Get("Content-Type"))
	}
	checkRFC5545(t, r.Body)
	if !strings.Contains(r.Body, "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm") {
		t.Errorf("no VTIMEZONE")
	}
	method, events, err := icaltest.Parse(bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	want := s.count(t, `SELECT count(*) FROM events WHERE status <> 'draft' AND ends_at > $1`, s.clock.Now())
	if method != "PUBLISH" || int64(len(events)) != want {
		t.Fatalf("method %s, %d events, want %d", method, len(events), want)
	}
	var forum, cancelled string
	var seq int
	for _, e := range events {
		if strings.HasPrefix(e.Summary, "Kulturforum för hela länet") {
			forum, seq = e.UID, e.Sequence
			if !strings.HasSuffix(e.Summary, "ämnen att samtala om") {
				t.Errorf("folded title read back as %q", e.Summary)
			}
		}
		if e.Status == "CANCELLED" {
			cancelled = e.UID
		}
	}
	if forum == "" || cancelled == "" {
		t.Fatalf("forum %q, cancelled %q", forum, cancelled)
	}
	// A change raises SEQUENCE; the UID stays.
	if _, err := s.pool.Exec(ctx, `UPDATE events SET sequence = sequence + 1 WHERE format = 'forum'`); err != nil {
		t.Fatal(err)
	}
	var slug string
	if err := s.pool.QueryRow(ctx, `SELECT slug FROM events WHERE format = 'forum'`).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	one := s.get(t, "/evenemang/"+slug+".ics")
	checkRFC5545(t, one.Body)
	_, got, err := icaltest.Parse(bytes.NewReader([]byte(one.Body)))
	if err != nil || len(got) != 1 {
		t.Fatalf("one event: %v %d", err, len(got))
	}
	if got[0].UID != forum || got[0].Sequence != seq+1 {
		t.Errorf("UID %q seq %d, want %q %d", got[0].UID, got[0].Sequence, forum, seq+1)
	}
	if r := s.get(t, "/evenemang/finns-inte.ics"); r.Status != 404 {
		t.Errorf("unknown: %d", r.Status)
	}
}

func TestConfirmationCarriesCalendarWithAlarm(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.addEvent(t, ev{capacity: seats(1)})
	in := input(id, "anna")
	res := f.signUp(t, in)
	f.signUp(t, input(id, "bo"))
	var text string
	var ics []byte
	if err := f.pool.QueryRow(context.Background(), `SELECT args->>'text', decode(args->'attachments'->0->>'data', 'base64')
		FROM river_job WHERE args->>'key' = 'event:' || $1::bigint || ':seated'`, res.SignupID).Scan(&text, &ics); err != nil {
		t.Fatal(err)
	}
	checkRFC5545(t, string(ics))
	if !strings.Contains(string(ics), "BEGIN:VALARM") || !strings.Contains(string(ics), "METHOD:PUBLISH") {
		t.Errorf("calendar file:\n%s", ics)
	}
	if !strings.Contains(text, res.Code) || !strings.Contains(text, "/evenemang/anmalan/"+in.Token) {
		t.Errorf("confirmation lacks the code or the manage link:\n%s", text)
	}
	// The one in line is told the place, and gets no calendar file.
	var waiting string
	var att *string
	if err := f.pool.QueryRow(context.Background(), `SELECT args->>'text', args->>'attachments'
		FROM river_job WHERE args->>'key' LIKE 'event:%:waiting'`).Scan(&waiting, &att); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(waiting, "nummer 1") || att != nil {
		t.Errorf("waiting receipt: %q, attachments %v", waiting, att)
	}
}
