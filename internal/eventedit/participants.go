package eventedit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/civil"
	"residens/internal/db"
	"residens/internal/event"
	"residens/internal/mail"
	"residens/internal/sheet"
)

// ErrUnknownCode says no seated participant of the event has the code.
var ErrUnknownCode = errors.New("no seated participant with that code")

// The participant list's filters.
const (
	ShowSeated  = "plats"
	ShowOffered = "erbjudna"
	ShowWaiting = "vantelista"
	ShowLeft    = "avanmalda"
)

// ParticipantFilter narrows the participant list.
type ParticipantFilter struct {
	// Show is one of the Show values, or "" for everyone.
	Show string
	// Query matches name, e-mail, organisation or code.
	Query string
}

const participantCols = `s.id, s.state, s.name, s.email, s.organisation, s.role, coalesce(a.name, ''), coalesce(m.name, ''),
	s.needs, s.line_no, s.code, s.checked_in_at, coalesce(s.speed_side, ''), s.looking_for, s.personal_purged_at IS NOT NULL, s.created_at`

func scanParticipant(r pgx.CollectableRow) (Participant, error) {
	var p Participant
	var state string
	err := r.Scan(&p.ID, &state, &p.Name, &p.Email, &p.Organisation, &p.Role, &p.ArtForm, &p.Municipality,
		&p.Needs, &p.LineNo, &p.Code, &p.CheckedInAt, &p.Side, &p.LookingFor, &p.PersonalPurged, &p.CreatedAt)
	p.State = event.State(state)
	return p, err
}

// Participants lists the sign-ups of event id that f lets through: seated
// first by name, then the waiting line in order, then those who left.
func (s *Store) Participants(ctx context.Context, id int64, f ParticipantFilter) ([]Participant, error) {
	cond := `TRUE`
	switch f.Show {
	case ShowSeated:
		// Seated means seated: an offered seat is not taken until it is
		// accepted, so no badge is printed and no one is counted in.
		cond = `s.state = 'seated'`
	case ShowOffered:
		cond = `s.state = 'offered'`
	case ShowWaiting:
		cond = `s.state = 'waiting'`
	case ShowLeft:
		cond = `s.state IN ('cancelled', 'declined', 'expired')`
	}
	rows, err := s.pool.Query(ctx, `SELECT `+participantCols+`
		FROM event_signups s LEFT JOIN art_forms a ON a.id = s.art_form_id LEFT JOIN municipalities m ON m.id = s.municipality_id
		WHERE s.event_id = $1 AND `+cond+` AND ($2 = '' OR s.name ILIKE '%' || $3 || '%' OR s.email ILIKE '%' || $3 || '%'
			OR s.organisation ILIKE '%' || $3 || '%' OR s.code = upper($2))
		ORDER BY CASE s.state WHEN 'seated' THEN 0 WHEN 'offered' THEN 1 WHEN 'waiting' THEN 2 ELSE 3 END,
			CASE WHEN s.state IN ('waiting', 'offered') THEN s.line_no END, s.name, s.id`,
		id, f.Query, db.LikeEscape(f.Query))
	if err != nil {
		return nil, fmt.Errorf("eventedit: participants %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, scanParticipant)
	if err != nil {
		return nil, fmt.Errorf("eventedit: participants %d: %w", id, err)
	}
	return out, nil
}

// Figures counts event id's sign-ups for statistics: everyone who ever
// signed up (seated, offered, waiting or since gone), those checked in,
// and, once the event has ended, those seated who did not come and those
// still in line (before the end nobody has failed to come yet).
func (s *Store) Figures(ctx context.Context, id int64) (Figures, error) {
	var f Figures
	err := s.pool.QueryRow(ctx, `SELECT
			count(s.id),
			count(s.id) FILTER (WHERE s.checked_in_at IS NOT NULL),
			count(s.id) FILTER (WHERE e.ends_at <= $2 AND s.state = 'seated' AND s.checked_in_at IS NULL),
			count(s.id) FILTER (WHERE e.ends_at <= $2 AND s.state IN ('waiting', 'offered')),
			count(s.id) FILTER (WHERE s.state IN ('cancelled', 'declined', 'expired'))
		FROM events e LEFT JOIN event_signups s ON s.event_id = e.id WHERE e.id = $1`, id, s.now()).
		Scan(&f.SignedUp, &f.Attended, &f.NoShows, &f.Waiting, &f.Cancelled)
	if err != nil {
		return f, fmt.Errorf("eventedit: figures %d: %w", id, err)
	}
	return f, nil
}

// CSVHeader is the first row of the participant export.
var CSVHeader = []string{"Namn", "E-post", "Organisation", "Roll", "Konstform", "Kommun", "Status", "Plats i kön",
	"Kod", "Incheckad", "Behov"}

// Export writes event id's participants as ';'-separated UTF-8 CSV with a
// byte order mark (which Swedish spreadsheet programs need to read å, ä and
// ö), cells that would run as formulas neutralised, and records the export.
func (s *Store) Export(ctx context.Context, by audit.Entry, id int64) ([]byte, error) {
	e, err := s.Event(ctx, id)
	if err != nil {
		return nil, err
	}
	ps, err := s.Participants(ctx, id, ParticipantFilter{})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	sw, err := sheet.New(&buf)
	if err != nil {
		return nil, err
	}
	if err := sw.Row(CSVHeader...); err != nil {
		return nil, err
	}
	for _, p := range ps {
		line, in := "", ""
		if p.LineNo != nil && (p.State == event.Waiting || p.State == event.Offered) {
			line = strconv.Itoa(*p.LineNo)
		}
		if p.CheckedInAt != nil {
			in = p.CheckedInAt.In(civil.Stockholm).Format("2006-01-02 15:04")
		}
		cells := []string{p.Name, p.Email, p.Organisation, p.RoleLabel(), p.ArtForm, p.Municipality, p.State.Label(), line, p.Code, in, p.Needs}
		if err := sw.Row(cells...); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return record(ctx, tx, by, audit.EventExported, id, e.Title, map[string]any{"rows": len(ps)})
	})
	return buf.Bytes(), err
}

// CheckIn records that the seated participant with code (any case, spaces
// ignored) came to event id, at now by by's user, and returns the sign-up.
// Checking in twice keeps the first time. ErrUnknownCode when no seated
// participant has the code.
func (s *Store) CheckIn(ctx context.Context, by audit.Entry, id int64, code string) (int64, error) {
	code = strings.ToUpper(strings.ReplaceAll(code, " ", ""))
	return s.checkIn(ctx, by, id, `code = $2`, code)
}

// CheckInSignup is CheckIn by the sign-up's id (check-in by name from the
// list); db.ErrNotFound when it is not a seated sign-up of event id.
func (s *Store) CheckInSignup(ctx context.Context, by audit.Entry, id, signup int64) error {
	_, err := s.checkIn(ctx, by, id, `id = $2`, signup)
	if errors.Is(err, ErrUnknownCode) {
		return fmt.Errorf("eventedit: sign-up %d of %d: %w", signup, id, db.ErrNotFound)
	}
	return err
}

func (s *Store) checkIn(ctx context.Context, by audit.Entry, id int64, cond string, arg any) (int64, error) {
	var signup int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var name string
		var first bool
		// The row before the change says whether this is the first
		// check-in: a second one keeps the first time and user.
		err := tx.QueryRow(ctx, `WITH old AS (
				SELECT id, checked_in_at FROM event_signups WHERE event_id = $1 AND state = 'seated' AND `+cond+` FOR UPDATE)
			UPDATE event_signups s SET checked_in_at = coalesce(old.checked_in_at, $3),
				checked_in_by = CASE WHEN old.checked_in_at IS NULL THEN $4 ELSE s.checked_in_by END, updated_at = $3
			FROM old WHERE s.id = old.id
			RETURNING s.id, s.name, old.checked_in_at IS NULL`, id, arg, s.now(), by.ActorID).Scan(&signup, &name, &first)
		if db.IsNoRows(err) {
			return ErrUnknownCode
		}
		if err != nil {
			return fmt.Errorf("eventedit: check in at %d: %w", id, err)
		}
		if !first {
			return nil
		}
		return record(ctx, tx, by, audit.EventCheckedIn, id, name, map[string]any{"signup_id": signup})
	})
	return signup, err
}

// Limits of a message to the participants.
const (
	MaxSubject = 150
	MaxBody    = 5000
)

// SendMessage mails subject and body to every seated participant of event
// id, keeps the message and records it; it returns how many it went to.
// key is the form's random key: a message whose key was already sent (a
// double click) is not sent again, and 0 is returned.
func (s *Store) SendMessage(ctx context.Context, by audit.Entry, id int64, key, subject, body string) (int, error) {
	var n int
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var title string
		var starts time.Time
		if err := tx.QueryRow(ctx, `SELECT title, starts_at FROM events WHERE id = $1 FOR SHARE`, id).Scan(&title, &starts); err != nil {
			if db.IsNoRows(err) {
				return fmt.Errorf("eventedit: message %d: %w", id, db.ErrNotFound)
			}
			return fmt.Errorf("eventedit: message %d: %w", id, err)
		}
		rows, err := tx.Query(ctx, `SELECT id, name, email FROM event_signups
			WHERE event_id = $1 AND state = 'seated' AND personal_purged_at IS NULL ORDER BY id`, id)
		if err != nil {
			return fmt.Errorf("eventedit: message %d: %w", id, err)
		}
		type to struct {
			ID          int64
			Name, Email string
		}
		tos, err := pgx.CollectRows(rows, pgx.RowToStructByPos[to])
		if err != nil {
			return fmt.Errorf("eventedit: message %d: %w", id, err)
		}
		var mid int64
		var formKey *string
		if key != "" {
			formKey = &key
		}
		err = tx.QueryRow(ctx, `INSERT INTO event_messages (event_id, subject, body, recipients, sent_by, sent_at, form_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (form_key) DO NOTHING RETURNING id`,
			id, subject, body, len(tos), by.ActorID, s.now(), formKey).Scan(&mid)
		if db.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("eventedit: message %d: %w", id, err)
		}
		for _, t := range tos {
			link, err := s.manageLink(ctx, tx, t.ID)
			if err != nil {
				return err
			}
			v := MailView{Heading: subject, Name: t.Name, Event: title, StartsAt: starts, Paragraphs: paragraphs(body), Link: link}
			if err := s.send(ctx, tx, t.Email, subject+" – "+title, fmt.Sprintf("event-message:%d:%d", mid, t.ID), v); err != nil {
				return err
			}
		}
		n = len(tos)
		return record(ctx, tx, by, audit.EventMessageSent, id, title, map[string]any{"message_id": mid, "recipients": n})
	})
	return n, err
}

// paragraphs splits text at blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Messages are the messages sent to event id's participants, newest first.
func (s *Store) Messages(ctx context.Context, id int64) ([]Message, error) {
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.subject, m.body, m.recipients, coalesce(u.name, ''), m.sent_at
		FROM event_messages m LEFT JOIN users u ON u.id = m.sent_by WHERE m.event_id = $1 ORDER BY m.sent_at DESC, m.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("eventedit: messages %d: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Message])
	if err != nil {
		return nil, fmt.Errorf("eventedit: messages %d: %w", id, err)
	}
	return out, nil
}

// send renders v and queues it to to under key.
func (s *Store) send(ctx context.Context, tx pgx.Tx, to, subject, key string, v MailView) error {
	if s.mail == nil {
		return errors.New("eventedit: no mail queue")
	}
	text, html, err := mail.Render(ctx, v.Heading, EventMail(v))
	if err != nil {
		return fmt.Errorf("eventedit: mail: %w", err)
	}
	return s.mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: subject, Text: text, HTML: html, Key: key})
}
