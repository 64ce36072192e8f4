package question

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
	"residens/internal/secret"
)

// selectQuestion is the columns of a Question, over questions q.
const selectQuestion = `
	SELECT q.id, r.number, q.registration_id, q.topic, coalesce(q.art_form_id, 0), coalesce(a.name, ''),
		coalesce(q.municipality_id, 0), coalesce(m.name, ''), q.body, q.name, q.email, q.organisation,
		q.for_organisation, q.state, coalesce(q.assignee_id, 0), coalesce(u.name, ''), q.received_at,
		q.awaiting_since, q.updated_at
	FROM questions q JOIN registrations r ON r.id = q.registration_id
	LEFT JOIN art_forms a ON a.id = q.art_form_id
	LEFT JOIN municipalities m ON m.id = q.municipality_id
	LEFT JOIN users u ON u.id = q.assignee_id`

func scanQuestion(row pgx.CollectableRow) (Question, error) {
	var q Question
	err := row.Scan(&q.ID, &q.Number, &q.RegistrationID, &q.Topic, &q.ArtFormID, &q.ArtForm, &q.MunicipalityID,
		&q.Municipality, &q.Body, &q.Name, &q.Email, &q.Organisation, &q.ForOrganisation, &q.State, &q.AssigneeID,
		&q.Assignee, &q.ReceivedAt, &q.AwaitingSince, &q.UpdatedAt)
	return q, err
}

func loadQuestion(ctx context.Context, q db.Querier, cond string, args ...any) (*Question, error) {
	rows, err := q.Query(ctx, selectQuestion+` WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("question: load: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanQuestion)
	if err != nil {
		return nil, fmt.Errorf("question: load: %w", err)
	}
	if len(out) == 0 {
		return nil, ErrNotFound
	}
	return &out[0], nil
}

// Get returns question id.
func (s *Store) Get(ctx context.Context, id int64) (*Question, error) {
	return loadQuestion(ctx, s.pool, `q.id = $1`, id)
}

// ByToken returns the question behind the asker's link token; an unknown
// or malformed token is ErrNotFound.
func (s *Store) ByToken(ctx context.Context, token string) (*Question, error) {
	hash := secret.Hash(token)
	if hash == nil {
		return nil, ErrNotFound
	}
	return loadQuestion(ctx, s.pool, `q.id = (SELECT question_id FROM question_links WHERE token_hash = $1)`, hash)
}

// Events returns the thread of question id, oldest first: every event for
// the consultants, only the asker's kinds (EventKind.Public) when public.
// The filter is in the query, so an internal note never leaves the
// database for the asker's page.
func (s *Store) Events(ctx context.Context, id int64, public bool) ([]Event, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT e.id, e.kind, e.body, e.contact, coalesce(a.name, ''), coalesce(t.name, ''), e.created_at
		FROM question_events e LEFT JOIN users a ON a.id = e.author_id LEFT JOIN users t ON t.id = e.to_user_id
		WHERE e.question_id = $1 AND (NOT $2 OR e.kind NOT IN ('note', 'handover'))
		ORDER BY e.id`, id, public)
	if err != nil {
		return nil, fmt.Errorf("question: events %d: %w", id, err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
		var e Event
		err := r.Scan(&e.ID, &e.Kind, &e.Body, &e.Contact, &e.Author, &e.ToUser, &e.CreatedAt)
		return e, err
	})
}

// The scopes of the inbox.
const (
	ScopeAll    = "alla"
	ScopeMine   = "mina"
	ScopeShared = "delade"
)

// PageSize is how many questions a page of the inbox lists.
const PageSize = 20

// Filter narrows the inbox.
type Filter struct {
	State          State
	Topic          string
	ArtFormID      int64
	MunicipalityID int64
	// Scope is ScopeAll, ScopeMine (assigned to Me) or ScopeShared (the
	// shared inbox).
	Scope string
	Me    int64
	Page  int
}

// where is f as a condition, without the state when withState is false
// (for the counts per state).
func (f Filter) where(withState bool) (string, []any) {
	conds := []string{"true"}
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if withState && f.State != "" {
		add("q.state = ?", string(f.State))
	}
	if f.Topic != "" {
		add("q.topic = ?", f.Topic)
	}
	if f.ArtFormID > 0 {
		add("q.art_form_id = ?", f.ArtFormID)
	}
	if f.MunicipalityID > 0 {
		add("q.municipality_id = ?", f.MunicipalityID)
	}
	switch f.Scope {
	case ScopeMine:
		add("q.assignee_id = ?", f.Me)
	case ScopeShared:
		conds = append(conds, "q.assignee_id IS NULL")
	}
	return strings.Join(conds, " AND "), args
}

// Inbox lists the questions f selects, newest first, one page, and how many
// there are in all.
func (s *Store) Inbox(ctx context.Context, f Filter) ([]Question, int, error) {
	cond, args := f.where(true)
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM questions q WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("question: inbox count: %w", err)
	}
	page := max(f.Page, 1)
	rows, err := s.pool.Query(ctx, selectQuestion+` WHERE `+cond+
		fmt.Sprintf(` ORDER BY q.received_at DESC, q.id DESC LIMIT %d OFFSET %d`, PageSize, (page-1)*PageSize), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("question: inbox: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanQuestion)
	if err != nil {
		return nil, 0, fmt.Errorf("question: inbox: %w", err)
	}
	return list, total, nil
}

// Counts counts the questions of f in each state (f's own state aside).
func (s *Store) Counts(ctx context.Context, f Filter) (map[State]int, error) {
	cond, args := f.where(false)
	rows, err := s.pool.Query(ctx, `SELECT q.state, count(*) FROM questions q WHERE `+cond+` GROUP BY q.state`, args...)
	if err != nil {
		return nil, fmt.Errorf("question: counts: %w", err)
	}
	out := map[State]int{}
	for rows.Next() {
		var st State
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("question: counts: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}
