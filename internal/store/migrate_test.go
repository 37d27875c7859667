package store_test

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestMigrationsKnownByName checks a step is applied when the database lacks it even though a
// later-numbered step is in (two branches each adding a migration), that a database from
// before names were kept is taken as having its first steps, and that a step this binary does
// not know is refused.
func TestMigrationsKnownByName(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, engine)
			s, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ms, _ := store.Migrations(s.Dialect())
			if applied, err := s.Migrate(ctx); err != nil || len(applied) != len(ms) {
				t.Fatalf("first migrate: %v, %v", applied, err)
			}
			raw := rawDB(t, engine, dsn)
			exec := func(q string) {
				t.Helper()
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}

			// A step numbered before the last one, missing: it alone is applied.
			exec(`DROP TABLE jobs`)
			exec(`DELETE FROM schema_migrations WHERE name = '0006_jobs.sql'`)
			if applied, err := s.Migrate(ctx); err != nil || !slices.Equal(applied, []string{"0006_jobs.sql"}) {
				t.Fatalf("out-of-order step: applied %v, %v", applied, err)
			}

			// A database from before names were kept: nothing to apply, names recorded.
			exec(`DELETE FROM schema_migrations`)
			if applied, err := s.Migrate(ctx); err != nil || len(applied) != 0 {
				t.Fatalf("legacy database: applied %v, %v", applied, err)
			}
			var n int
			if err := raw.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(ms) {
				t.Fatalf("%d names recorded, want %d: %v", n, len(ms), err)
			}

			// A step from a newer binary.
			exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future.sql', 0)`)
			if _, err := s.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "9999_future.sql") {
				t.Fatalf("unknown step: %v", err)
			}
		})
	}
}

// rawDB opens the test database directly, to bend its bookkeeping.
func rawDB(t *testing.T, engine, dsn string) *sql.DB {
	t.Helper()
	driver, name := "sqlite", "file:"+dsn
	if engine == "postgres" {
		driver, name = "pgx", dsn
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
