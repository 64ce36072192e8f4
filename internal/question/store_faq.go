package question

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"residens/internal/audit"
	"residens/internal/db"
)

// FAQ is one common question and its answer, written anonymised.
type FAQ struct {
	ID        int64
	Topic     string
	Question  string
	Answer    string
	Published bool
	// FromQuestionID is the closed question it was written from (0: none).
	FromQuestionID int64
}

func scanFAQ(r pgx.CollectableRow) (FAQ, error) {
	var f FAQ
	err := r.Scan(&f.ID, &f.Topic, &f.Question, &f.Answer, &f.Published, &f.FromQuestionID)
	return f, err
}

const selectFAQ = `SELECT id, topic, question, answer, published, coalesce(from_question_id, 0) FROM faq_entries`

// PublishedFAQ lists the published common questions, matching the search
// text when there is one (Swedish full-text search), by topic and age.
func (s *Store) PublishedFAQ(ctx context.Context, search string) ([]FAQ, error) {
	rows, err := s.pool.Query(ctx, selectFAQ+`
		WHERE published AND ($1 = '' OR search @@ websearch_to_tsquery('swedish', $1))
		ORDER BY topic, id`, search)
	if err != nil {
		return nil, fmt.Errorf("question: faq: %w", err)
	}
	return pgx.CollectRows(rows, scanFAQ)
}

// AllFAQ lists every common question, published or not, for the editors.
func (s *Store) AllFAQ(ctx context.Context) ([]FAQ, error) {
	rows, err := s.pool.Query(ctx, selectFAQ+` ORDER BY topic, id`)
	if err != nil {
		return nil, fmt.Errorf("question: faq: %w", err)
	}
	return pgx.CollectRows(rows, scanFAQ)
}

// GetFAQ returns common question id.
func (s *Store) GetFAQ(ctx context.Context, id int64) (*FAQ, error) {
	rows, err := s.pool.Query(ctx, selectFAQ+` WHERE id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("question: faq %d: %w", id, err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, scanFAQ)
	if db.IsNoRows(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("question: faq %d: %w", id, err)
	}
	return &f, nil
}

// CreateFAQ saves a new common question; one written from a question needs
// that question to be closed (ErrState otherwise).
func (s *Store) CreateFAQ(ctx context.Context, by audit.Entry, f FAQ) (int64, error) {
	now := s.now()
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if f.FromQuestionID != 0 {
			q, err := loadQuestion(ctx, tx, `q.id = $1`, f.FromQuestionID)
			if err != nil {
				return err
			}
			if q.State != StateClosed {
				return ErrState
			}
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO faq_entries (topic, question, answer, published, from_question_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, nullif($5, 0), $6, $6) RETURNING id`,
			f.Topic, f.Question, f.Answer, f.Published, f.FromQuestionID, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("question: create faq: %w", err)
		}
		by.Action, by.Target = audit.FAQCreated, f.Question
		by.Detail = map[string]any{"faq_id": id, "from_question_id": f.FromQuestionID, "published": f.Published}
		return audit.Record(ctx, tx, by)
	})
	return id, err
}

// UpdateFAQ saves common question id: its texts, topic and whether it is
// published.
func (s *Store) UpdateFAQ(ctx context.Context, by audit.Entry, id int64, f FAQ) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE faq_entries SET topic = $2, question = $3, answer = $4, published = $5,
			updated_at = $6 WHERE id = $1`, id, f.Topic, f.Question, f.Answer, f.Published, s.now())
		if err != nil {
			return fmt.Errorf("question: update faq %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		by.Action, by.Target = audit.FAQUpdated, f.Question
		by.Detail = map[string]any{"faq_id": id, "published": f.Published}
		return audit.Record(ctx, tx, by)
	})
}
