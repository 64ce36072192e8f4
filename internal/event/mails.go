package event

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/civil"
	"residens/internal/ical"
	"residens/internal/mail"
)

// MailView is the content of one e-mail about a sign-up.
type MailView struct {
	Heading     string
	Intro       string
	Lines       []string
	MessageLead string
	Message     string
	Links       []MailLink
	// Calendar says a calendar file is attached.
	Calendar bool
}

// MailLink is one link of an e-mail with the text that leads in to it.
type MailLink struct{ Text, URL string }

// alarmBefore is when the calendar file reminds of the event.
const alarmBefore = 2 * time.Hour

// calendarName is the file name of the calendar file of a seat.
const calendarName = "evenemang.ics"

// WhenLabel is an event's time as the pages and e-mails write it, in
// Europe/Stockholm: "tisdag 3 mars 2026 kl. 08.30–10.00".
func WhenLabel(start, end time.Time) string {
	s, e := start.In(civil.Stockholm), end.In(civil.Stockholm)
	label := civil.Weekday(s) + " " + civil.DateTime(s)
	if s.YearDay() == e.YearDay() && s.Year() == e.Year() {
		return label + "–" + e.Format("15.04")
	}
	return label + " – " + civil.Weekday(e) + " " + civil.DateTime(e)
}

// PlaceLabel is where the event is held, or "Digitalt".
func (b Brief) PlaceLabel() string {
	switch {
	case b.Attendance == Online:
		return "Digitalt"
	case b.Attendance == Mixed && b.PlaceName != "":
		return b.PlaceName + " och digitalt"
	case b.PlaceName != "":
		return b.PlaceName
	}
	return "Plats meddelas senare"
}

// facts are the lines every e-mail about su lists.
func facts(su *Signup, seated bool) []string {
	b := su.Event
	lines := []string{"Evenemang: " + b.Title, "Tid: " + WhenLabel(b.StartsAt, b.EndsAt), "Plats: " + b.PlaceLabel()}
	if b.Address != "" && b.Attendance != Online {
		lines = append(lines, "Adress: "+b.Address)
	}
	if seated && b.OnlineURL != "" && b.Attendance != OnSite {
		lines = append(lines, "Länk till mötet: "+b.OnlineURL)
	}
	if seated {
		lines = append(lines, "Din anmälningskod: "+su.Code)
	}
	return lines
}

// calendar is the calendar file of su's event: published (it expects no
// reply), with the event's stable UID and SEQUENCE and an alarm; cancel
// writes the file that removes it.
func (s *Store) calendar(su *Signup, cancel bool) (method string, data []byte, err error) {
	b := su.Event
	e := ical.Event{UID: s.calendarUID(b.ID), Sequence: b.Sequence, Start: b.StartsAt, End: b.EndsAt,
		Summary: b.Title, Description: "Anmälningskod: " + su.Code + "\n" + s.eventURL(b.Slug),
		Location: b.PlaceLabel(), Status: ical.StatusConfirmed, AlarmBefore: alarmBefore, Stamp: s.now()}
	if b.Address != "" && b.Attendance != Online {
		e.Location += ", " + b.Address
	}
	method = ical.MethodPublish
	if cancel {
		method, e.Status, e.AlarmBefore = ical.MethodCancel, ical.StatusCancelled, 0
	}
	data, err = ical.Bytes(method, e)
	if err != nil {
		return "", nil, fmt.Errorf("event: ics %d: %w", su.ID, err)
	}
	return method, data, nil
}

// send renders v and queues it to su under key, with the calendar file
// when withCalendar (cancel: the one that removes the event).
func (s *Store) send(ctx context.Context, tx pgx.Tx, su *Signup, key string, v MailView, withCalendar, cancel bool) error {
	if s.mail == nil || su.Email == "" {
		return nil
	}
	var att []mail.Attachment
	if withCalendar {
		method, data, err := s.calendar(su, cancel)
		if err != nil {
			return err
		}
		att = []mail.Attachment{{Name: calendarName, ContentType: ical.ContentType + method, Data: data}}
		v.Calendar = true
	}
	text, html, err := mail.Render(ctx, v.Heading, EventMail(v))
	if err != nil {
		return fmt.Errorf("event: mail %d: %w", su.ID, err)
	}
	return s.mail.Enqueue(ctx, tx, mail.Message{To: su.Email, Subject: v.Heading + " – " + su.Event.Title,
		Text: text, HTML: html, Key: "event:" + strconv.FormatInt(su.ID, 10) + ":" + key, Attachments: att})
}

// link makes a fresh manage link of su for an e-mail.
func (s *Store) link(ctx context.Context, tx pgx.Tx, su *Signup) (string, error) {
	return addLink(ctx, tx, su.ID, s.now())
}

// mailSignedUp queues the receipt of a new sign-up: the confirmation with
// the calendar file, or the place in line; token is the form's key.
func (s *Store) mailSignedUp(ctx context.Context, tx pgx.Tx, su *Signup, token string) error {
	if su.State == Seated {
		return s.send(ctx, tx, su, "seated", MailView{Heading: "Du är anmäld",
			Intro: "Hej " + su.Name + "! Du har fått en plats. Visa din anmälningskod vid entrén.",
			Lines: facts(su, true),
			Links: []MailLink{{"Se, ändra eller avboka din anmälan", s.manageURL(token, "")}}}, true, false)
	}
	return s.send(ctx, tx, su, "waiting", MailView{Heading: "Du står på väntelistan",
		Intro: "Hej " + su.Name + "! Evenemanget är fullbokat, så du står på väntelistan som nummer " +
			strconv.Itoa(su.Place) + ". Blir en plats ledig får du ett erbjudande med e-post.",
		Lines: facts(su, false),
		Links: []MailLink{{"Se din plats i kön", s.manageURL(token, "")},
			{"Lämna väntelistan", s.manageURL(token, "avboka")}}}, false, false)
}

// mailOffer queues the offer of a freed seat with its accept and decline
// links and expiry.
func (s *Store) mailOffer(ctx context.Context, tx pgx.Tx, su *Signup) error {
	token, err := s.link(ctx, tx, su)
	if err != nil {
		return err
	}
	exp := *su.OfferExpiresAt
	return s.send(ctx, tx, su, "offer", MailView{Heading: "En plats har blivit ledig",
		Intro: "Hej " + su.Name + "! En plats har blivit ledig och du står först i kön. Platsen är din om du tackar ja senast " +
			civil.DateTime(exp) + ". Svarar du inte går platsen vidare till nästa i kön.",
		Lines: facts(su, false),
		Links: []MailLink{{"Tacka ja till platsen", s.manageURL(token, "tacka-ja")},
			{"Tacka nej", s.manageURL(token, "tacka-nej")}}}, false, false)
}

// mailFromLine queues the news of a seat given straight from the line:
// within the last 24 hours (soon, see Reseat), or because the event no
// longer has a seat limit.
func (s *Store) mailFromLine(ctx context.Context, tx pgx.Tx, su *Signup, soon bool) error {
	token, err := s.link(ctx, tx, su)
	if err != nil {
		return err
	}
	why := "Evenemanget har inte längre något tak för antalet platser, så du har nu en plats."
	if soon {
		why = "En plats blev ledig strax före evenemanget och den är nu din."
	}
	return s.send(ctx, tx, su, "seated", MailView{Heading: "Du har fått en plats",
		Intro: "Hej " + su.Name + "! " + why + " Kan du inte komma, avboka så att platsen går vidare.",
		Lines: facts(su, true),
		Links: []MailLink{{"Avboka", s.manageURL(token, "avboka")}}}, true, false)
}

// mailAccepted queues the confirmation of an accepted offer.
func (s *Store) mailAccepted(ctx context.Context, tx pgx.Tx, su *Signup) error {
	token, err := s.link(ctx, tx, su)
	if err != nil {
		return err
	}
	return s.send(ctx, tx, su, "seated", MailView{Heading: "Du är anmäld",
		Intro: "Hej " + su.Name + "! Du har tackat ja och har nu en plats. Visa din anmälningskod vid entrén.",
		Lines: facts(su, true),
		Links: []MailLink{{"Se, ändra eller avboka din anmälan", s.manageURL(token, "")}}}, true, false)
}

// mailLeft queues the news of a sign-up that left: cancelled, declined or
// expired.
func (s *Store) mailLeft(ctx context.Context, tx pgx.Tx, su *Signup) error {
	switch su.State {
	case Withdrawn:
		return s.send(ctx, tx, su, "cancelled", MailView{Heading: "Din anmälan är avbokad",
			Intro: "Hej " + su.Name + "! Din anmälan är avbokad. Välkommen att anmäla dig igen om du ändrar dig.",
			Lines: facts(su, false), Links: []MailLink{{"Evenemanget", s.eventURL(su.Event.Slug)}}}, false, false)
	case Declined:
		return s.send(ctx, tx, su, "declined", MailView{Heading: "Du har tackat nej",
			Intro: "Hej " + su.Name + "! Du har tackat nej till platsen, som nu går vidare till nästa i kön.",
			Lines: facts(su, false)}, false, false)
	case Expired:
		return s.send(ctx, tx, su, "expired", MailView{Heading: "Erbjudandet har gått ut",
			Intro: "Hej " + su.Name + "! Du svarade inte på erbjudandet i tid, så platsen har gått vidare till nästa i kön.",
			Lines: facts(su, false), Links: []MailLink{{"Evenemanget", s.eventURL(su.Event.Slug)}}}, false, false)
	}
	return nil
}

// mailCancelled queues the news that su's event is cancelled.
func (s *Store) mailCancelled(ctx context.Context, tx pgx.Tx, su *Signup) error {
	v := MailView{Heading: "Evenemanget är inställt",
		Intro: "Hej " + su.Name + "! Tyvärr är evenemanget inställt. Din anmälan gäller inte längre.",
		Lines: facts(su, false)}
	if su.Event.CancelReason != "" {
		v.MessageLead, v.Message = "Skäl", su.Event.CancelReason
	}
	return s.send(ctx, tx, su, "event-cancelled", v, su.State == Seated, true)
}

// mailReminder queues the reminder two days before the start.
func (s *Store) mailReminder(ctx context.Context, tx pgx.Tx, su *Signup) error {
	token, err := s.link(ctx, tx, su)
	if err != nil {
		return err
	}
	return s.send(ctx, tx, su, "reminder", MailView{Heading: "Påminnelse: snart dags",
		Intro: "Hej " + su.Name + "! Vi påminner om evenemanget du är anmäld till. Kan du inte komma, avboka så att någon i kön får platsen.",
		Lines: facts(su, true),
		Links: []MailLink{{"Se eller avboka din anmälan", s.manageURL(token, "")}}}, true, false)
}
