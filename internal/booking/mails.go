package booking

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
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

// calendarName is the file name of every calendar file about a booking.
const calendarName = "radgivningsmote.ics"

// MailView is the content of one e-mail about a booking.
type MailView struct {
	Heading string
	Intro   string
	Lines   []string
	// MessageLead and Message are a text from the consultant to the booker:
	// the reason of a decline or cancellation, the note with a proposed time.
	MessageLead string
	Message     string
	Link        string
	// LinkText leads in to Link; empty says "Se bokningen".
	LinkText string
	// BookAgain links to a new booking, for a booking that holds no time any
	// longer.
	BookAgain string
	// Calendar says a calendar file is attached.
	Calendar bool
}

// mailer writes and queues the e-mails about bookings, each with its
// calendar file when the booking holds or gave up a time.
type mailer struct {
	queue *mail.Queue // nil sends none
	// base is BASE_URL without a trailing slash, for links.
	base string
	// host is BASE_URL's host name, the right-hand side of calendar UIDs.
	host string
	// organizer is MAIL_FROM's address, the invitations' ORGANIZER.
	organizer string
}

func newMailer(queue *mail.Queue, baseURL *url.URL, from string) mailer {
	m := mailer{queue: queue, organizer: from}
	if baseURL != nil {
		m.base, m.host = strings.TrimRight(baseURL.String(), "/"), baseURL.Hostname()
	}
	return m
}

// enabled reports whether e-mail is sent at all.
func (m mailer) enabled() bool { return m.queue != nil }

// manageURL is the booker's manage link of token.
func (m mailer) manageURL(token string) string { return m.base + "/radgivning/bokning/" + token }

// inboxURL is the consultant's list of bookings.
func (m mailer) inboxURL() string { return m.base + "/konsulent/bokningar" }

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

// invitation is the calendar event of b as it stands: every calendar file
// about the booking, whoever it goes to and whichever change it reports, is
// built here, so they all carry the same UID, sequence, texts and alarm and
// calendars update the one meeting.
//
// The portal (organizer, the MAIL_FROM address) is the ORGANIZER and the
// booker and the consultant are ATTENDEEs. Neither person organises the
// meeting in the iTIP sense: the portal sends every change, whoever made it.
// With the consultant as ORGANIZER, as before, their own calendar got a
// REQUEST for a meeting it organised, which Outlook and Google Calendar
// treat as a broken invitation (a reply to oneself, or a duplicate).
// calendarFile then gives each recipient the method that fits them.
func invitation(b *Booking, organizer, host string, now time.Time) ical.Event {
	desc := "Rådgivningsmöte med " + b.ConsultantName + " (" + b.MeetingForm.Label() + ")."
	if b.Registration != "" {
		desc += " Diarienummer " + b.Registration + "."
	}
	e := ical.Event{UID: CalendarUID(b.ID, b.CalendarKey, host), Sequence: b.Sequence,
		Start: b.Slot.Start, End: b.Slot.End, Summary: "Rådgivningsmöte: " + b.Topic.Label(), Description: desc,
		Location: b.MeetingForm.Label(), Organizer: organizer, Attendees: []string{b.Email, b.ConsultantEmail},
		Status: ical.StatusTentative, AlarmBefore: alarmBefore, Stamp: now}
	switch b.State {
	case StateConfirmed:
		e.Status = ical.StatusConfirmed
	case StateDeclined, StateCancelled:
		e.Status = ical.StatusCancelled
	}
	return e
}

// audience is who a calendar file is for.
type audience int

const (
	// forBooker is an invitation the booker's calendar answers (REQUEST)
	// or removes (CANCEL).
	forBooker audience = iota
	// forConsultant is the consultant's copy: PUBLISH, no reply expected,
	// since the consultant answers in Residens and the portal reads no
	// calendar replies; RFC 5546 lets the same organizer CANCEL a published
	// event later, which the copy of a cancellation does.
	forConsultant
	// forDownload is the file the manage page offers: PUBLISH, imported as
	// an event.
	forDownload
)

// calendarFile is b's calendar file for who and its method; nil when b
// holds no time nor gave one up (a held meeting, a no-show).
func calendarFile(b *Booking, who audience, organizer, host string, now time.Time) (method string, data []byte, err error) {
	e := invitation(b, organizer, host, now)
	switch {
	case b.State == StateHeld || b.State == StateNoShow:
		return "", nil, nil
	case e.Status == ical.StatusCancelled:
		method = ical.MethodCancel
	case who == forBooker:
		method = ical.MethodRequest
	default:
		method, e.Attendees = ical.MethodPublish, nil
	}
	data, err = ical.Bytes(method, e)
	if err != nil {
		return "", nil, fmt.Errorf("booking: ics %d: %w", b.ID, err)
	}
	return method, data, nil
}

// send renders v and queues it to to under key, with b's calendar file for
// who when it has one.
func (m mailer) send(ctx context.Context, tx pgx.Tx, b *Booking, who audience, to, subject, key string, v MailView, now time.Time) error {
	if !m.enabled() {
		return nil
	}
	method, ics, err := calendarFile(b, who, m.organizer, m.host, now)
	if err != nil {
		return err
	}
	v.Calendar = ics != nil
	text, html, err := mail.Render(ctx, v.Heading, BookingMail(v))
	if err != nil {
		return fmt.Errorf("booking: mail %d: %w", b.ID, err)
	}
	msg := mail.Message{To: to, Subject: subject, Text: text, HTML: html, Key: key}
	if ics != nil {
		msg.Attachments = []mail.Attachment{{Name: calendarName, ContentType: ical.ContentType + method, Data: ics}}
	}
	return m.queue.Enqueue(ctx, tx, msg)
}

// withNumber appends b's registration number to a subject.
func withNumber(subject string, b *Booking) string {
	if b.Registration == "" {
		return subject
	}
	return subject + " – " + b.Registration
}

// bookerChanged queues the e-mails about a change the booker made (a
// request, a cancellation, a move) to the booker, with the manage link of
// token, and to the consultant, in tx.
func (m mailer) bookerChanged(ctx context.Context, tx pgx.Tx, b *Booking, token string, kind mailKind, now time.Time) error {
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
	toBooker.Lines, toBooker.Link = lines, m.manageURL(token)
	toConsultant.Lines = append(append([]string{}, lines...), "Bokad av: "+b.Name+" <"+b.Email+">")
	toConsultant.Link = m.inboxURL()
	key := "booking:" + strconv.FormatInt(b.ID, 10) + ":" + string(kind) + ":" + strconv.Itoa(b.Sequence)
	if err := m.send(ctx, tx, b, forBooker, b.Email, withNumber(toBooker.Heading, b), key+":bokare", toBooker, now); err != nil {
		return err
	}
	return m.send(ctx, tx, b, forConsultant, b.ConsultantEmail, withNumber(toConsultant.Heading, b), key+":konsult", toConsultant, now)
}

// consultantChanged queues the booker's e-mail about the consultant's move
// of b to its present state, with the manage link of token; reason is the
// text given to the booker (never an internal note).
func (m mailer) consultantChanged(ctx context.Context, tx pgx.Tx, b *Booking, token, reason string, now time.Time) error {
	var subject, intro string
	switch b.State {
	case StateConfirmed:
		subject, intro = "Ditt rådgivningsmöte är bekräftat", "Ditt rådgivningsmöte är bekräftat."
	case StateDeclined:
		subject, intro = "Ditt rådgivningsmöte kunde inte bokas", "Tyvärr kan vi inte ta emot din bokning av rådgivningsmöte."
	case StateCancelled:
		subject, intro = "Ditt rådgivningsmöte är avbokat", "Ditt rådgivningsmöte är avbokat."
	case StateHeld:
		subject, intro = "Tack för mötet", "Tack för rådgivningsmötet. Hör gärna av dig om du har fler frågor."
	case StateNoShow:
		subject, intro = "Vi saknade dig på rådgivningsmötet", "Vi saknade dig på det bokade rådgivningsmötet. Du är välkommen att boka en ny tid."
	default:
		return nil
	}
	v := MailView{Heading: subject, Intro: "Hej " + b.Name + "! " + intro, Lines: facts(b), Link: m.manageURL(token)}
	if reason != "" && (b.State == StateDeclined || b.State == StateCancelled) {
		v.MessageLead, v.Message = "Skäl", reason
	}
	if b.State == StateDeclined || b.State == StateCancelled || b.State == StateNoShow {
		v.BookAgain = m.base + "/radgivning"
	}
	key := fmt.Sprintf("booking:%d:%s:%d", b.ID, b.State, b.Sequence)
	return m.send(ctx, tx, b, forBooker, b.Email, subject, key, v, now)
}

// proposed queues the booker's e-mail about the time the consultant
// proposed and booked for b, with the consultant's message and the manage
// link of token.
func (m mailer) proposed(ctx context.Context, tx pgx.Tx, b *Booking, message, token string, now time.Time) error {
	const subject = "Nytt förslag på tid för ditt rådgivningsmöte"
	v := MailView{Heading: subject,
		Intro: "Hej " + b.Name + "! " + b.ConsultantName + " föreslår en annan tid för ert rådgivningsmöte. Tiden är bokad för dig.",
		Lines: facts(b), Link: m.manageURL(token),
		LinkText: "Passar tiden behöver du inte göra något. Vill du välja en annan tid eller avboka gör du det här"}
	if message != "" {
		v.MessageLead, v.Message = "Meddelande från "+b.ConsultantName, message
	}
	return m.send(ctx, tx, b, forBooker, b.Email, subject, fmt.Sprintf("booking:%d:proposed:%d", b.ID, b.Sequence), v, now)
}

// reminders queues the booker's and the consultant's reminders of b; the
// booker's carries the manage link of token, the consultant's the list of
// bookings. The calendar file is the same event as in every other e-mail
// about the booking (its UID and sequence): a reminder changes nothing
// about the meeting.
func (m mailer) reminders(ctx context.Context, tx pgx.Tx, b *Booking, token string, now time.Time) error {
	key := "booking:" + strconv.FormatInt(b.ID, 10) + ":reminder:" + strconv.Itoa(b.Sequence) + ":"
	lines := facts(b)
	if err := m.send(ctx, tx, b, forBooker, b.Email, withNumber("Påminnelse: ditt rådgivningsmöte i morgon", b), key+"bokare", MailView{
		Heading: "Ditt rådgivningsmöte i morgon", Intro: "Hej " + b.Name + "! Vi påminner om ditt rådgivningsmöte i morgon.",
		Lines: lines, Link: m.manageURL(token), LinkText: "Behöver du avboka eller flytta mötet"}, now); err != nil {
		return err
	}
	return m.send(ctx, tx, b, forConsultant, b.ConsultantEmail,
		withNumber("Påminnelse: rådgivningsmöte i morgon med "+b.Name, b), key+"konsult", MailView{
			Heading: "Rådgivningsmöte i morgon", Intro: "Hej " + b.ConsultantName + "! Du har ett bekräftat rådgivningsmöte i morgon.",
			Lines: append(append([]string{}, lines...), "Bokad av: "+b.Name+" <"+b.Email+">"), Link: m.inboxURL()}, now)
}
