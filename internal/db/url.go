package db

import (
	"fmt"

	"github.com/jackc/pgx/v5"
)

// DefaultURL is used when DATABASE_URL is unset: the local server on its
// default Unix socket, database residens, as the current operating-system
// user (libpq's defaults, which pgx follows).
const DefaultURL = "dbname=residens"

func pgxParse(url string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("db: parse DATABASE_URL: %w", err)
	}
	cfg.RuntimeParams["timezone"] = "UTC"
	return cfg, nil
}
