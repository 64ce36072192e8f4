package question

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
	"residens/internal/mail"
	"residens/web/ui"
)

// mailView is the content of one e-mail to an asker.
type mailView struct {
	Subject string
	Intro   string
	// Body is the consultant's text quoted under the intro ("" for none).
	Body string
	// Contact is a referral's contact, one detail a line.
	Contact string
	Link    string
}

// threadURL is the asker's link with token.
func (s *Store) threadURL(token string) string { return s.base + "/fraga/" + token }

// send renders m and queues it to to in tx, with key so it goes once.
func (s *Store) send(ctx context.Context, tx pgx.Tx, to, key string, m mailView) error {
	if s.mail == nil {
		return nil
	}
	text, html, err := mail.Render(ctx, m.Subject, AskerMail(m))
	if err != nil {
		return fmt.Errorf("question: mail: %w", err)
	}
	return s.mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: m.Subject, Text: text, HTML: html, Key: key})
}

// sendReceipt tells the asker the number and gives them the link.
func (s *Store) sendReceipt(ctx context.Context, tx pgx.Tx, q *Question, token string) error {
	return s.send(ctx, tx, q.Email, "question-receipt:"+ui.ID(q.ID), mailView{
		Subject: "Kvitto: din fråga " + q.Number + " är mottagen",
		Intro: "Tack för din fråga om " + lowerFirst(TopicLabel(q.Topic)) + ". Den har diarienummer " + q.Number +
			". Vi svarar i regel inom " + ui.ID(int64(s.days)) + " arbetsdagar. Frågan är en allmän handling.",
		Link: s.threadURL(token),
	})
}

// sendReply mails the asker an answer or a referral, with the thread link.
func (s *Store) sendReply(ctx context.Context, tx pgx.Tx, q *Question, kind EventKind, body, contact, token string) error {
	m := mailView{Subject: "Svar på din fråga " + q.Number, Intro: "Vi har svarat på din fråga " + q.Number + ".",
		Body: body, Link: s.threadURL(token)}
	if kind == EventReferral {
		m.Subject = "Hänvisning: din fråga " + q.Number
		m.Intro = "Vi hänvisar din fråga " + q.Number + " till den kontakt som kan hjälpa dig bäst."
		m.Contact = contact
	}
	return s.send(ctx, tx, q.Email, "question-reply:"+token[:16], m)
}

// notifyAssignee tells the consultant who holds question q (none: nobody;
// the shared inbox is every consultant's to look at) that it needs them,
// with a link to it; key makes it go once. The mail names the question's
// number and topic only: the question itself is read on the page, behind
// the sign-in.
func (s *Store) notifyAssignee(ctx context.Context, tx pgx.Tx, q *Question, assignee *int64, key, subject string) error {
	if s.mail == nil || assignee == nil {
		return nil
	}
	var email string
	err := tx.QueryRow(ctx, `SELECT email FROM users WHERE id = $1 AND disabled_at IS NULL`, *assignee).Scan(&email)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("question: assignee %d: %w", *assignee, err)
	}
	text, html, err := mail.Render(ctx, subject, StaffMail(subject+" ("+TopicLabel(q.Topic)+").", s.base+consultantPath(q.ID)))
	if err != nil {
		return fmt.Errorf("question: mail: %w", err)
	}
	return s.mail.Enqueue(ctx, tx, mail.Message{To: email, Subject: subject, Text: text, HTML: html, Key: key})
}
