package booking_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestConsultantActionMails: the e-mails a consultant's action sends the
// booker have an HTML part as well as text, carry a manage link that opens
// the booking, and carry the invitation in the booker's form: the portal
// organises it, booker and consultant attend, REQUEST when confirmed and
// CANCEL when cancelled.
func TestConsultantActionMails(t *testing.T) {
	t.Parallel()
	s := newAdminSite(t)
	c := s.consultant(t, "Klara Konsulent")
	id := s.hold(t, c, monday(9), "Olle")
	wantRedirect(t, s.post(t, "/konsulent/bokningar/"+id+"/bekrafta", c, nil), "/konsulent/bokningar/"+id)
	wantRedirect(t, s.post(t, "/konsulent/bokningar/"+id+"/avboka", c, url.Values{"avboka-skal": {"Sjuk."}}), "/konsulent/bokningar/"+id)
	rows, err := s.pool.Query(context.Background(), `
		SELECT args->>'subject', args->>'text', coalesce(args->>'html', ''),
			coalesce(convert_from(decode(args->'attachments'->0->>'data', 'base64'), 'UTF8'), '')
		FROM river_job WHERE kind = 'mail.send' AND args->>'to' = 'olle@skola.example.se' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	link := regexp.MustCompile(`http://127\.0\.0\.1:8080(/radgivning/bokning/[A-Za-z0-9_-]{43})`)
	wantMethods := []string{"METHOD:REQUEST", "METHOD:CANCEL"}
	n := 0
	for rows.Next() {
		var subject, text, html, ics string
		if err := rows.Scan(&subject, &text, &html, &ics); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(html, "<p>") {
			t.Errorf("%q: no HTML part", subject)
		}
		m := link.FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("%q: no manage link in %s", subject, text)
		}
		if r := s.get(t, m[1], user{}); r.Status != http.StatusOK {
			t.Errorf("%q: manage link answers %d", subject, r.Status)
		}
		for _, want := range []string{wantMethods[n], "ORGANIZER:mailto:noreply@residens.invalid",
			"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=", ":mailto:olle@skola.example.se", ":mailto:klara.konsulent@"} {
			if !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), want) {
				t.Errorf("%q: calendar file lacks %q:\n%s", subject, want, ics)
			}
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d mails, want 2", n)
	}
}
