package booking

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/ical"
	"residens/internal/mail"
)

// mailKind is the change an e-mail reports.
type mailKind string

const (
	kindRequested mailKind = "begard"
	kindCancelled mailKind = "avbokad"
	kindMoved     mailKind = "flyttad"
)

// alarmBefore is when the calendar reminds of the meeting.
const alarmBefore = time.Hour

// MailView is the content of one e-mail about a booking.
type MailView struct {
	Heading string
	Intro   string
	Lines   []string
	Link    string
	// LinkText leads in to Link; empty says "Se bokningen".
	LinkText string
}

// facts are the lines every e-mail about b lists: time, consultant, meeting
// form, topic and, when the booking has one, its registration number.
func facts(b *Booking) []string {
	lines := []string{"Tid: " + b.Slot.Label(), "Konsult: " + b.ConsultantName, "Mötesform: " + b.MeetingForm.Label(),
		"Gäller: " + b.Topic.Label()}
	if b.Registration != "" {
		lines = append(lines, "Diarienummer: "+b.Registration)
	}
	return lines
}

// event is the calendar event of b, its UID at host.
func event(b *Booking, host string, now time.Time) ical.Event {
	desc := "Rådgivningsmöte med " + b.ConsultantName + " (" + b.MeetingForm.Label() + ")."
	if b.Registration != "" {
		desc += " Diarienummer " + b.Registration + "."
	}
	e := ical.Event{UID: CalendarUID(b.ID, b.CalendarKey, host), Sequence: b.Sequence, Start: b.Slot.Start, End: b.Slot.End,
		Summary:     "Rådgivningsmöte: " + b.Topic.Label(),
		Description: desc,
		Location:    b.MeetingForm.Label(), Organizer: b.ConsultantEmail, Attendee: b.Email, Status: ical.StatusTentative,
		AlarmBefore: alarmBefore, Stamp: now}
	if b.State == StateConfirmed {
		e.Status = ical.StatusConfirmed
	}
	return e
}

// notify queues the e-mails about a change of b to the booker and to the
// consultant, each with the calendar file, in tx.
func (h *Public) notify(ctx context.Context, tx pgx.Tx, b *Booking, token string, kind mailKind) error {
	if h.mail == nil {
		return nil
	}
	method := ical.MethodRequest
	if kind == kindCancelled {
		method = ical.MethodCancel
	}
	e := event(b, h.host, h.now())
	if kind == kindCancelled {
		e.Status = ical.StatusCancelled
	}
	ics, err := ical.Bytes(method, e)
	if err != nil {
		return fmt.Errorf("booking: ics: %w", err)
	}
	att := []mail.Attachment{{Name: "radgivningsmote.ics", ContentType: ical.ContentType + method, Data: ics}}
	var toBooker, toConsultant MailView
	switch kind {
	case kindRequested:
		toBooker = MailView{Heading: "Din förfrågan om rådgivning", Intro: "Tack för din förfrågan. Konsulten bekräftar tiden så snart som möjligt; tiden är reserverad för dig så länge."}
		toConsultant = MailView{Heading: "Ny förfrågan om rådgivning", Intro: b.Name + " vill boka ett rådgivningsmöte med dig. Bekräfta eller avböj i Residens."}
	case kindCancelled:
		toBooker = MailView{Heading: "Rådgivningsmötet är avbokat", Intro: "Du har avbokat ditt rådgivningsmöte."}
		toConsultant = MailView{Heading: "Ett rådgivningsmöte är avbokat", Intro: b.Name + " har avbokat sitt rådgivningsmöte."}
	case kindMoved:
		toBooker = MailView{Heading: "Rådgivningsmötet är flyttat", Intro: "Du har flyttat ditt rådgivningsmöte till en ny tid. Konsulten bekräftar den nya tiden."}
		toConsultant = MailView{Heading: "Ett rådgivningsmöte är flyttat", Intro: b.Name + " har flyttat sitt rådgivningsmöte till en ny tid. Bekräfta eller avböj i Residens."}
	}
	lines := facts(b)
	toBooker.Lines = lines
	toBooker.Link = h.base + "/radgivning/bokning/" + token
	toConsultant.Lines = append(append([]string{}, lines...), "Bokad av: "+b.Name+" <"+b.Email+">")
	toConsultant.Link = h.base + "/konsulent/bokningar"
	key := "booking:" + strconv.FormatInt(b.ID, 10) + ":" + string(kind) + ":" + strconv.Itoa(e.Sequence)
	for _, m := range []struct {
		to, who string
		v       MailView
	}{{b.Email, "bokare", toBooker}, {b.ConsultantEmail, "konsult", toConsultant}} {
		subject := m.v.Heading + " – " + b.Registration
		text, html, err := mail.Render(ctx, m.v.Heading, BookingMail(m.v))
		if err != nil {
			return fmt.Errorf("booking: mail: %w", err)
		}
		if err := h.mail.Enqueue(ctx, tx, mail.Message{To: m.to, Subject: subject, Text: text, HTML: html,
			Key: key + ":" + m.who, Attachments: att}); err != nil {
			return err
		}
	}
	return nil
}
