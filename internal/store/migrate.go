package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// migrationLockKey is the PostgreSQL advisory lock that keeps two starting servers from
// migrating at once.
const migrationLockKey = 7281_0001

// Migration is one schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the dialect's schema steps in order; the schema version is their count.
func Migrations(d Dialect) ([]Migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		body, err := fs.ReadFile(migrationFiles, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Name: e.Name(), SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	for i := range ms {
		ms[i].Version = i + 1
	}
	return ms, nil
}

// SchemaVersion returns the version the database is at (0 for an empty one).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	return schemaVersion(ctx, s.write)
}

// schemaVersion reads the version through q: Migrate holds the only write connection of SQLite.
func schemaVersion(ctx context.Context, q interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (int, error) {
	if _, err := q.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return 0, fmt.Errorf("store: unable to create schema_version: %w", err)
	}
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: unable to read the schema version: %w", err)
	}
	return int(v.Int64), nil
}

// Migrate applies the steps the database lacks, each in its own transaction, and returns the
// names of those applied.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	ms, err := Migrations(s.dialect)
	if err != nil {
		return nil, err
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if s.dialect == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockKey); err != nil {
			return nil, fmt.Errorf("store: unable to take the migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLockKey)
	}
	current, err := schemaVersion(ctx, conn)
	if err != nil {
		return nil, err
	}
	done, err := appliedMigrations(ctx, conn, ms, current)
	if err != nil {
		return nil, err
	}
	// The schema version stays the number of steps applied, whatever their order.
	had := len(done)
	var applied []string
	for _, m := range ms {
		if done[m.Name] {
			delete(done, m.Name)
			continue
		}
		if err := applyMigration(ctx, conn, m, had+len(applied)+1); err != nil {
			return applied, err
		}
		applied = append(applied, m.Name)
	}
	if len(done) > 0 {
		return applied, fmt.Errorf("store: the database has migrations this binary does not know (%s): upgrade creatorops", strings.Join(sortedKeys(done), ", "))
	}
	return applied, nil
}

// appliedMigrations returns the names of the steps the database has. Steps are known by name,
// not by count, so a step numbered before one already applied (two branches adding migrations
// at once) is still applied. A database from before names were kept (current > 0 and no names)
// had the first current steps: they are recorded by name once.
func appliedMigrations(ctx context.Context, conn *sql.Conn, ms []Migration, current int) (map[string]bool, error) {
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("store: unable to create schema_migrations: %w", err)
	}
	rows, err := conn.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the applied migrations: %w", err)
	}
	done := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		done[name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(done) > 0 || current == 0 {
		return done, nil
	}
	if current > len(ms) {
		return nil, fmt.Errorf("store: the database is at schema version %d, newer than this binary knows (%d): upgrade creatorops", current, len(ms))
	}
	for _, m := range ms[:current] {
		if _, err := conn.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, m.Name, now()); err != nil {
			return nil, fmt.Errorf("store: unable to record migration %s: %w", m.Name, err)
		}
		done[m.Name] = true
	}
	return done, nil
}

// applyMigration runs one step and records it, in one transaction.
func applyMigration(ctx context.Context, conn *sql.Conn, m Migration, version int) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, stmt := range splitStatements(m.SQL) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s failed: %w\n%s", m.Name, err, stmt)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, m.Name, now()); err != nil {
		tx.Rollback()
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, version); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// splitStatements cuts a migration file at semicolons that end a line. Our migrations hold no
// procedural code, so this is enough.
func splitStatements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || trimmed == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}
