package slug

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// Unique returns base, or base-2, base-3… whichever taken reports free. It
// first takes a transaction-level advisory lock on scope and base, so that
// a second transaction choosing in the same scope from the same base (two
// residencies, calls or actors with one name saved at once) waits until the
// first ends and then sees its slug taken, instead of choosing the same one
// and failing on the table's unique index. Every caller that picks slugs
// for one table must use the same scope, the table's name.
func Unique(ctx context.Context, tx pgx.Tx, scope, base string, taken func(slug string) (bool, error)) (string, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "slug:"+scope+":"+base); err != nil {
		return "", fmt.Errorf("slug: lock %s: %w", scope, err)
	}
	for n := 1; ; n++ {
		s := base
		if n > 1 {
			s = base + "-" + strconv.Itoa(n)
		}
		t, err := taken(s)
		if err != nil {
			return "", err
		}
		if !t {
			return s, nil
		}
	}
}
