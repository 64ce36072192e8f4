package vocab

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"residens/internal/db"
)

// ArtForms are the art forms in menu order.
func ArtForms(ctx context.Context, q db.Querier) ([]Term, error) {
	return load(ctx, q, "art forms", `SELECT id, slug, name FROM art_forms ORDER BY position, name`)
}

// Municipalities are the municipalities in Swedish order of their names.
func Municipalities(ctx context.Context, q db.Querier) ([]Term, error) {
	return load(ctx, q, "municipalities", `SELECT id, slug, name FROM municipalities ORDER BY name, id`)
}

func load(ctx context.Context, q db.Querier, what, sql string) ([]Term, error) {
	rows, err := q.Query(ctx, sql)
	if err != nil {
		return nil, fmt.Errorf("vocab: %s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Term, error) {
		var t Term
		return t, r.Scan(&t.ID, &t.Slug, &t.Name)
	})
	if err != nil {
		return nil, fmt.Errorf("vocab: %s: %w", what, err)
	}
	return out, nil
}
