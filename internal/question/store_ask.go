package question

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"unicode"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"residens/internal/audit"
	"residens/internal/consultant"
	"residens/internal/db"
	"residens/internal/registry"
	"residens/internal/secret"
)

// Ask is a checked question from the form at /fraga.
type Ask struct {
	Topic           string
	ArtFormID       int64
	MunicipalityID  int64
	Body            string
	Name            string
	Email           string
	Organisation    string
	ForOrganisation bool
	// Key is the form's key, which becomes the asker's first link: a second
	// click of the send button finds it used.
	Key string
}

// Asked is what the receipt shows.
type Asked struct {
	ID     int64
	Number string
}

// Ask registers a, routes it and queues the receipt, in one transaction:
// the throttle's count, the question, its registration number, its first
// link, the audit entry and the receipt mail commit together or not at all.
// A key already used is ErrKeyUsed; a reached limit is *throttle.Limited.
func (s *Store) Ask(ctx context.Context, by audit.Entry, a Ask) (Asked, error) {
	hash := secret.Hash(a.Key)
	if hash == nil {
		return Asked{}, ErrKeyUsed
	}
	now := s.now()
	var out Asked
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// The throttle's lock on the address makes a double click's second
		// request wait for the first; it then finds the key used. A use
		// refused here rolls back and is not counted.
		if err := s.limit.Take(ctx, tx, by.IP, a.Email, now); err != nil {
			return err
		}
		var used bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM question_links WHERE token_hash = $1)`, hash).Scan(&used); err != nil {
			return fmt.Errorf("question: check key: %w", err)
		}
		if used {
			return ErrKeyUsed
		}
		assignee, err := Route(ctx, tx, a.Topic, a.ArtFormID, a.MunicipalityID)
		if err != nil {
			return err
		}
		org := ""
		if a.ForOrganisation {
			org = a.Organisation
		}
		reg, err := s.reg.Register(ctx, tx, registry.Entry{Kind: registry.KindQuestion,
			Description: "Fråga om " + lowerFirst(TopicLabel(a.Topic)), SenderName: a.Name,
			SenderIsPerson: !a.ForOrganisation, SenderOrg: org, SenderEmail: a.Email, ReceivedAt: now})
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			INSERT INTO questions (registration_id, topic, art_form_id, municipality_id, body, name, email, organisation,
				for_organisation, assignee_id, received_at, awaiting_since, updated_at)
			VALUES ($1, $2, nullif($3, 0), nullif($4, 0), $5, $6, $7, $8, $9, $10, $11, $11, $11)
			RETURNING id`,
			reg.ID, a.Topic, a.ArtFormID, a.MunicipalityID, a.Body, a.Name, a.Email, a.Organisation,
			a.ForOrganisation, assignee, reg.ReceivedAt).Scan(&out.ID)
		if err != nil {
			return fmt.Errorf("question: insert: %w", err)
		}
		out.Number = reg.Number
		if _, err := tx.Exec(ctx, `INSERT INTO question_links (token_hash, question_id, created_at) VALUES ($1, $2, $3)`,
			hash, out.ID, now); err != nil {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Code == "23505" {
				return ErrKeyUsed // the same form's other click got there first
			}
			return fmt.Errorf("question: first link: %w", err)
		}
		q := &Question{ID: out.ID, Number: reg.Number, Topic: a.Topic, Email: a.Email, Name: a.Name, Body: a.Body}
		if err := record(ctx, tx, by, audit.QuestionAsked, q, map[string]any{"routed_to": assignee}); err != nil {
			return err
		}
		if err := s.sendReceipt(ctx, tx, q, a.Key); err != nil {
			return err
		}
		return s.notifyAssignee(ctx, tx, q, assignee, "question-new:"+strconv.FormatInt(q.ID, 10),
			"Ny fråga "+q.Number+" till dig")
	})
	return out, err
}

// Route picks the consultant a question goes to, or nil for the shared
// inbox: among the active consultants whose art forms, municipalities and
// topics match (package consultant keeps those rules for every way in), the
// one with the fewest open questions, then by name. A question that names
// neither an art form nor a municipality has nothing to match on and goes to
// the shared inbox, as does one that nobody matches.
func Route(ctx context.Context, q db.Querier, topic string, artFormID, municipalityID int64) (*int64, error) {
	if artFormID == 0 && municipalityID == 0 {
		return nil, nil
	}
	cons, err := consultant.ForDesk(ctx, q, topic, artFormID, municipalityID)
	if err != nil {
		return nil, err
	}
	if len(cons) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(cons))
	for i, c := range cons {
		ids[i] = c.ID
	}
	rows, err := q.Query(ctx, `
		SELECT assignee_id, count(*) FROM questions
		WHERE assignee_id = ANY($1) AND state IN ('ny', 'pagar', 'vantar') GROUP BY assignee_id`, ids)
	if err != nil {
		return nil, fmt.Errorf("question: route: %w", err)
	}
	open := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("question: route: %w", err)
		}
		open[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("question: route: %w", err)
	}
	// cons is in name order, so the first with the fewest wins a tie.
	best := cons[0].ID
	for _, c := range cons[1:] {
		if open[c.ID] < open[best] {
			best = c.ID
		}
	}
	return &best, nil
}

// lowerFirst puts a label mid-sentence ("Fråga om lokaler").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
