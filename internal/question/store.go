package question

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"residens/internal/audit"
	"residens/internal/db"
	"residens/internal/mail"
	"residens/internal/registry"
	"residens/internal/secret"
	"residens/internal/throttle"
)

// Store keeps the questions, their threads and the common questions.
type Store struct {
	pool  *pgxpool.Pool
	reg   *registry.Registry
	mail  *mail.Queue // nil sends none
	base  string      // BASE_URL without a trailing slash
	limit throttle.Form
	days  int
	now   func() time.Time
}

// NewStore returns the store over pool: questions are numbered by reg, mail
// is queued on queue with links under base, limit bounds the form per
// client address and typed address, days is QUESTION_ANSWER_DAYS and now
// tells the time.
func NewStore(pool *pgxpool.Pool, reg *registry.Registry, queue *mail.Queue, base string, limit throttle.Form, days int, now func() time.Time) *Store {
	if days <= 0 {
		days = 3
	}
	return &Store{pool: pool, reg: reg, mail: queue, base: strings.TrimRight(base, "/"), limit: limit, days: days, now: now}
}

// Days is how many working days a question may wait for an answer.
func (s *Store) Days() int { return s.days }

// Errors of the store; ErrNotFound wraps db.ErrNotFound, so a handler
// answers it with the 404 page.
var (
	ErrNotFound = fmt.Errorf("question: %w", db.ErrNotFound)
	// ErrState: the question's state does not allow the step.
	ErrState = errors.New("question: not allowed in this state")
	// ErrKeyUsed: the form's key has been used (a second click).
	ErrKeyUsed = errors.New("question: form key used")
)

// addLink makes a further link to question id and returns its secret, for a
// mail that must carry one (the first secret is only in the receipt).
func addLink(ctx context.Context, tx pgx.Tx, id int64, now time.Time) (string, error) {
	token, hash := secret.New()
	if _, err := tx.Exec(ctx, `INSERT INTO question_links (token_hash, question_id, created_at) VALUES ($1, $2, $3)`,
		hash, id, now); err != nil {
		return "", fmt.Errorf("question: add link %d: %w", id, err)
	}
	return token, nil
}

// record writes an audit entry about question q.
func record(ctx context.Context, tx pgx.Tx, by audit.Entry, action string, q *Question, detail map[string]any) error {
	by.Action = action
	by.Target = q.Number
	if detail == nil {
		detail = map[string]any{}
	}
	detail["question_id"] = q.ID
	by.Detail = detail
	return audit.Record(ctx, tx, by)
}
