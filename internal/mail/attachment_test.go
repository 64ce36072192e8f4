package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"residens/internal/mailtest"
)

// TestSenderDeliversAttachment sends a calendar file through a real Mailpit
// and reads it back byte for byte, with its name and content type.
func TestSenderDeliversAttachment(t *testing.T) {
	t.Parallel()
	mp := mailtest.Start(t)
	s := NewSender(mustSMTP(t, mp.SMTPURL()), mustFrom(t, DefaultFrom))
	ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//SV\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n")
	msg := testMessage("attach:1")
	msg.Attachments = []Attachment{{Name: "mote.ics", ContentType: "text/calendar; charset=utf-8; method=REQUEST", Data: ics}}
	if err := s.Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := mp.WaitFor(t, "asa.oberg@example.se", "Välkommen", 10*time.Second)

	var full struct {
		Attachments []struct {
			PartID, FileName, ContentType string
		}
	}
	getAPI(t, mp.APIURL()+"/api/v1/message/"+url.PathEscape(got.ID), func(r io.Reader) {
		if err := json.NewDecoder(r).Decode(&full); err != nil {
			t.Fatal(err)
		}
	})
	if len(full.Attachments) != 1 {
		t.Fatalf("attachments = %+v, want one", full.Attachments)
	}
	a := full.Attachments[0]
	if a.FileName != "mote.ics" || !strings.HasPrefix(a.ContentType, "text/calendar") {
		t.Errorf("attachment = %+v, want mote.ics as text/calendar", a)
	}
	getAPI(t, mp.APIURL()+"/api/v1/message/"+url.PathEscape(got.ID)+"/part/"+url.PathEscape(a.PartID), func(r io.Reader) {
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, ics) {
			t.Errorf("attachment data =\n%q\nwant\n%q", data, ics)
		}
	})
}

func getAPI(t *testing.T, u string, read func(io.Reader)) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	read(resp.Body)
}

func TestAttachmentValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a    Attachment
		ok   bool
	}{
		{"fine", Attachment{Name: "mote.ics", ContentType: "text/calendar", Data: []byte("x")}, true},
		{"no name", Attachment{ContentType: "text/calendar"}, false},
		{"path in name", Attachment{Name: "../mote.ics", ContentType: "text/calendar"}, false},
		{"header injection", Attachment{Name: "mote.ics", ContentType: "text/calendar\r\nBcc: x@example.se"}, false},
		{"too large", Attachment{Name: "big.bin", ContentType: "application/octet-stream", Data: make([]byte, maxAttachmentBytes+1)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := testMessage("k")
			m.Attachments = []Attachment{tt.a}
			if err := m.validate(); (err == nil) != tt.ok {
				t.Errorf("validate() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
