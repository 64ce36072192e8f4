package question

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/secret"
)

// Step is one consultant's action on a question.
type Step struct {
	Kind EventKind
	// Body is the answer, the note or the referral's message.
	Body string
	// OrganisationID or MunicipalityID is a referral's contact: an
	// organisation of the directory or a municipality's culture contact.
	OrganisationID, MunicipalityID int64
	// ToUserID is the colleague a hand-over goes to.
	ToUserID int64
	// Key is the form's key: a second post with it (a double click) is
	// taken as done and changes nothing.
	Key string
}

// ErrNoContact: the referral's organisation or municipality has no
// contact to refer to (unknown, or a municipality with no contact details).
var ErrNoContact = errors.New("question: no such contact")

// ErrNoColleague: the hand-over's colleague is not an active consultant.
var ErrNoColleague = errors.New("question: no such colleague")

// next is the state a step leads to from st, or ErrState.
func next(k EventKind, st State) (State, error) {
	switch k {
	case EventAnswer, EventReferral:
		if st == StateClosed {
			return "", ErrState
		}
		if k == EventAnswer {
			return StateAnswered, nil
		}
		return StateReferred, nil
	case EventNote:
		if st == StateNew {
			return StateOngoing, nil
		}
		return st, nil
	case EventHandOver:
		if st == StateClosed {
			return "", ErrState
		}
		return st, nil
	case EventWaiting:
		if !st.Open() {
			return "", ErrState
		}
		return StateWaiting, nil
	case EventClosed:
		if st == StateClosed {
			return "", ErrState
		}
		return StateClosed, nil
	case EventReopened:
		if st != StateClosed && st != StateAnswered && st != StateReferred {
			return "", ErrState
		}
		return StateOngoing, nil
	}
	return "", fmt.Errorf("question: unknown step %q", k)
}

var stepActions = map[EventKind]string{
	EventAnswer:   audit.QuestionAnswered,
	EventNote:     audit.QuestionNoted,
	EventReferral: audit.QuestionReferred,
	EventHandOver: audit.QuestionHandedOver,
	EventWaiting:  audit.QuestionWaiting,
	EventClosed:   audit.QuestionClosed,
	EventReopened: audit.QuestionReopened,
}

// Do takes step st on question id in one transaction: the event (part of
// the question's registration), the new state, the audit entry and, for an
// answer or a referral, the mail to the asker with a fresh link to the
// thread. A note and a hand-over are never mailed.
func (s *Store) Do(ctx context.Context, by audit.Entry, id int64, st Step) error {
	now := s.now()
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		q, err := loadQuestion(ctx, tx, `q.id = $1 FOR UPDATE OF q`, id)
		if err != nil {
			return err
		}
		state, err := next(st.Kind, q.State)
		if err != nil {
			return err
		}
		contact := ""
		switch st.Kind {
		case EventReferral:
			if contact, err = referralContact(ctx, tx, st); err != nil {
				return err
			}
		case EventHandOver:
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users u JOIN consultant_profiles p ON p.user_id = u.id
				WHERE u.id = $1 AND u.disabled_at IS NULL AND u.role IN ('consultant', 'admin'))`, st.ToUserID).Scan(&ok); err != nil {
				return fmt.Errorf("question: colleague: %w", err)
			}
			if !ok {
				return ErrNoColleague
			}
		}
		var author *int64
		if by.ActorID != nil {
			author = by.ActorID
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO question_events (question_id, registration_id, kind, body, contact, organisation_id,
				municipality_id, author_id, to_user_id, form_key, created_at)
			VALUES ($1, $2, $3, $4, $5, nullif($6, 0), nullif($7, 0), $8, nullif($9, 0), nullif($10, ''), $11)
			ON CONFLICT (question_id, form_key) DO NOTHING`,
			q.ID, q.RegistrationID, string(st.Kind), st.Body, contact, st.OrganisationID, st.MunicipalityID, author,
			st.ToUserID, st.Key, now)
		if err != nil {
			return fmt.Errorf("question: %s %d: %w", st.Kind, id, err)
		}
		if tag.RowsAffected() == 0 {
			return nil // the same form, sent again: done the first time
		}
		set := `state = $2, updated_at = $3`
		args := []any{q.ID, string(state), now}
		switch {
		case st.Kind == EventHandOver:
			set += `, assignee_id = $4`
			args = append(args, st.ToUserID)
		case st.Kind == EventReopened:
			set += `, awaiting_since = $3`
		case q.AssigneeID == 0 && author != nil && st.Kind != EventClosed:
			// Whoever works on a question from the shared inbox takes it.
			set += `, assignee_id = $4`
			args = append(args, *author)
		}
		if _, err := tx.Exec(ctx, `UPDATE questions SET `+set+` WHERE id = $1`, args...); err != nil {
			return fmt.Errorf("question: %s %d: %w", st.Kind, id, err)
		}
		detail := map[string]any{"from": string(q.State), "to": string(state)}
		if st.Kind == EventHandOver {
			detail["to_user_id"] = st.ToUserID
		}
		if err := record(ctx, tx, by, stepActions[st.Kind], q, detail); err != nil {
			return err
		}
		if st.Kind == EventHandOver {
			// The colleague learns it is theirs now; the asker hears
			// nothing until the answer comes, from the one who holds it.
			key := st.Key
			if key == "" {
				key = strconv.FormatInt(now.UnixNano(), 10)
			}
			to := st.ToUserID
			return s.notifyAssignee(ctx, tx, q, &to, "question-handover:"+strconv.FormatInt(q.ID, 10)+":"+key,
				"Fråga "+q.Number+" har lämnats över till dig")
		}
		if st.Kind == EventAnswer || st.Kind == EventReferral {
			token, err := addLink(ctx, tx, q.ID, now)
			if err != nil {
				return err
			}
			return s.sendReply(ctx, tx, q, st.Kind, st.Body, contact, token)
		}
		return nil
	})
}

// referralContact is the contact of a referral as text: the organisation's
// name and details, or the municipality's culture contact.
func referralContact(ctx context.Context, tx pgx.Tx, st Step) (string, error) {
	var parts []string
	var err error
	switch {
	case st.OrganisationID > 0:
		var name, email, phone, address, url string
		err = tx.QueryRow(ctx, `SELECT name, email, phone, address, url FROM support_organisations WHERE id = $1`,
			st.OrganisationID).Scan(&name, &email, &phone, &address, &url)
		parts = []string{name, email, phone, address, url}
	case st.MunicipalityID > 0:
		var muni, name, title, email, phone string
		err = tx.QueryRow(ctx, `SELECT name, contact_name, contact_title, contact_email, contact_phone
			FROM municipalities WHERE id = $1`, st.MunicipalityID).Scan(&muni, &name, &title, &email, &phone)
		if err == nil && name == "" && email == "" && phone == "" {
			return "", ErrNoContact
		}
		parts = []string{muni + "s kommun", name, title, email, phone}
	default:
		return "", ErrNoContact
	}
	if db.IsNoRows(err) {
		return "", ErrNoContact
	}
	if err != nil {
		return "", fmt.Errorf("question: referral contact: %w", err)
	}
	var lines []string
	for _, p := range parts {
		if p != "" {
			lines = append(lines, p)
		}
	}
	return strings.Join(lines, "\n"), nil
}

// FollowUp adds the asker's follow-up to the question behind token. A
// follow-up on a question that has its answer, waits for the asker or is
// closed reopens it (pågår) and restarts the answer clock.
// A second post with the form's key (a double click) adds nothing.
func (s *Store) FollowUp(ctx context.Context, by audit.Entry, token, body, key string) error {
	return s.askerStep(ctx, by, token, EventFollowUp, body, key)
}

// CloseByAsker closes the question behind token at the asker's request.
func (s *Store) CloseByAsker(ctx context.Context, by audit.Entry, token string) error {
	return s.askerStep(ctx, by, token, EventClosed, "", "")
}

func (s *Store) askerStep(ctx context.Context, by audit.Entry, token string, kind EventKind, body, key string) error {
	hash := secret.Hash(token)
	if hash == nil {
		return ErrNotFound
	}
	now := s.now()
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		q, err := loadQuestion(ctx, tx, `q.id = (SELECT question_id FROM question_links WHERE token_hash = $1) FOR UPDATE OF q`, hash)
		if err != nil {
			return err
		}
		state, action, set := q.State, audit.QuestionFollowedUp, `updated_at = $3`
		if kind == EventClosed {
			if q.State == StateClosed {
				return ErrState
			}
			state, action = StateClosed, audit.QuestionClosed
		} else if q.State.Settled() {
			state, set = StateOngoing, `updated_at = $3, awaiting_since = $3`
		}
		var eventID int64
		err = tx.QueryRow(ctx, `
			INSERT INTO question_events (question_id, registration_id, kind, body, form_key, created_at)
			VALUES ($1, $2, $3, $4, nullif($5, ''), $6) ON CONFLICT (question_id, form_key) DO NOTHING RETURNING id`,
			q.ID, q.RegistrationID, string(kind), body, key, now).Scan(&eventID)
		if db.IsNoRows(err) {
			return nil // the same form, sent again: done the first time
		}
		if err != nil {
			return fmt.Errorf("question: %s %d: %w", kind, q.ID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE questions SET state = $2, `+set+` WHERE id = $1`, q.ID, string(state), now); err != nil {
			return fmt.Errorf("question: %s %d: %w", kind, q.ID, err)
		}
		if err := record(ctx, tx, by, action, q, map[string]any{"from": string(q.State), "to": string(state), "by": "asker"}); err != nil {
			return err
		}
		if kind != EventFollowUp || q.AssigneeID == 0 {
			return nil
		}
		return s.notifyAssignee(ctx, tx, q, &q.AssigneeID, "question-followup:"+strconv.FormatInt(eventID, 10),
			"Följdfråga på "+q.Number)
	})
}
