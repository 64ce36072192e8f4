package proposal

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"residens/internal/mail"
	"residens/web/ui"
)

// mailView is the content of one e-mail about a proposal.
type mailView struct {
	Subject string
	Intro   string
	// Body is the message or reason quoted under the intro ("" for none).
	Body  string
	Outro string
	Link  string
}

func officerPath(id int64) string    { return "/kommun/forslag/" + ui.ID(id) }
func consultantPath(id int64) string { return "/konsulent/forslag/" + ui.ID(id) }

// officerAddress is where news for the municipality goes: the officer who
// made the proposal, or its contact person when that account is gone.
func officerAddress(p *Proposal) string {
	if p.CreatedByEmail != "" {
		return p.CreatedByEmail
	}
	return p.Values.ContactEmail
}

// send renders m and queues it to to in tx, with key so it goes once.
func (s *Store) send(ctx context.Context, tx pgx.Tx, to, key string, m mailView) error {
	if s.mail == nil || to == "" {
		return nil
	}
	text, html, err := mail.Render(ctx, m.Subject, ProposalMail(m))
	if err != nil {
		return fmt.Errorf("proposal: mail: %w", err)
	}
	return s.mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: m.Subject, Text: text, HTML: html, Key: key})
}

// notifyOfficer tells the municipality about ev.
func (s *Store) notifyOfficer(ctx context.Context, tx pgx.Tx, p *Proposal, ev Event, m mailView) error {
	m.Link = s.baseURL + officerPath(p.ID)
	return s.send(ctx, tx, officerAddress(p), "proposal:"+ui.ID(ev.ID)+":kommun", m)
}

// notifyConsultants tells the consultant handling the proposal about ev,
// or every active consultant while nobody has taken it.
func (s *Store) notifyConsultants(ctx context.Context, tx pgx.Tx, p *Proposal, ev Event, m mailView) error {
	if s.mail == nil {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT id, email FROM users WHERE disabled_at IS NULL AND
		CASE WHEN $1::bigint <> 0 THEN id = $1 ELSE role = 'consultant' END ORDER BY id`, p.AssignedTo)
	if err != nil {
		return fmt.Errorf("proposal: consultants to tell: %w", err)
	}
	type to struct {
		id    int64
		email string
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (to, error) {
		var t to
		return t, row.Scan(&t.id, &t.email)
	})
	if err != nil {
		return fmt.Errorf("proposal: consultants to tell: %w", err)
	}
	m.Link = s.baseURL + consultantPath(p.ID)
	for _, t := range list {
		if err := s.send(ctx, tx, t.email, "proposal:"+ui.ID(ev.ID)+":"+ui.ID(t.id), m); err != nil {
			return err
		}
	}
	return nil
}

// sendReceipt sends the officer who submitted the proposal the receipt
// with its registration number.
func (s *Store) sendReceipt(ctx context.Context, tx pgx.Tx, a Actor, p *Proposal, ev Event, again bool) error {
	m := mailView{
		Subject: "Kvitto: förslaget " + p.Number + " är mottaget",
		Intro:   "Regionen har tagit emot ert förslag ”" + p.Values.Title + "”. Diarienumret är " + p.Number + ".",
		Outro:   "Förslaget är en allmän handling. Ni följer det och svarar på frågor på sidan nedan.",
		Link:    s.baseURL + officerPath(p.ID),
	}
	if again {
		m.Subject = "Kvitto: kompletteringen av " + p.Number + " är mottagen"
		m.Intro = "Regionen har tagit emot det kompletterade förslaget ”" + p.Values.Title + "”. Diarienumret är fortfarande " + p.Number + "."
	}
	to := a.Email
	if to == "" {
		to = officerAddress(p)
	}
	return s.send(ctx, tx, to, "proposal-receipt:"+ui.ID(ev.ID), m)
}

func submittedMail(p *Proposal, again bool) mailView {
	if again {
		return mailView{
			Subject: "Förslaget " + p.Number + " är kompletterat",
			Intro:   p.Municipality + " har kompletterat och skickat in förslaget ”" + p.Values.Title + "” igen.",
		}
	}
	return mailView{
		Subject: "Nytt förslag " + p.Number + " från " + p.Municipality,
		Intro:   p.Municipality + " har skickat in förslaget ”" + p.Values.Title + "” (" + KindLabel(p.Values.Kind) + ").",
	}
}
