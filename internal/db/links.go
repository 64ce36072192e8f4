package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ReplaceLinks makes ids the whole set of rows (ownerCol = owner, col = id)
// of the link table table, in tx: the old links go and the new ones come in
// one statement each, duplicates in ids counting once. table and the
// columns are the caller's constants, never input.
func ReplaceLinks(ctx context.Context, tx pgx.Tx, table, ownerCol string, owner int64, col string, ids []int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE `+ownerCol+` = $1`, owner); err != nil {
		return fmt.Errorf("db: clear %s of %d: %w", table, owner, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO `+table+` (`+ownerCol+`, `+col+`)
		SELECT $1, x FROM unnest($2::bigint[]) x ON CONFLICT DO NOTHING`, owner, ids); err != nil {
		return fmt.Errorf("db: link %s of %d: %w", table, owner, err)
	}
	return nil
}
