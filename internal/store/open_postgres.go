package store

import (
	"database/sql"
	"fmt"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

func openPostgres(dsn string) (*Store, error) {
	// pgx switches a cached statement to a generic plan after five runs, which is ten times
	// slower on our range queries: ask for custom plans unless the DSN says otherwise.
	if !strings.Contains(dsn, "plan_cache_mode") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		dsn += sep + "plan_cache_mode=force_custom_plan"
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", RedactDSN(dsn), err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	return &Store{read: db, write: db, dialect: Postgres}, nil
}
