// Package store holds every SQL statement of creatorops. One schema runs on two engines:
// embedded SQLite (the default) and PostgreSQL. DML is shared; the few places that differ
// ask s.dialect.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Dialect names a database engine.
type Dialect string

// The engines creatorops runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned when a looked-up object does not exist (in the workspace asked).
var ErrNotFound = errors.New("store: not found")

// Store is the database: a read pool and a write pool. On SQLite the write pool has exactly one
// connection, so writers queue in Go instead of failing with "database is locked"; on
// PostgreSQL both are the same pool.
type Store struct {
	read    *sql.DB
	write   *sql.DB
	dialect Dialect

	stmtMu    sync.Mutex
	stmts     map[string]*sql.Stmt // on the write pool: see prepare
	readStmts map[string]*sql.Stmt // on the read pool: see readStmt
}

// Open connects to dsn: a postgres:// (or postgresql://) URL, or else a SQLite file path.
// It does not migrate: call Migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	var s *Store
	var err error
	if IsPostgresDSN(dsn) {
		s, err = openPostgres(dsn)
	} else {
		s, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := s.write.PingContext(pingCtx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: unable to reach the %s database %s: %w", s.dialect, RedactDSN(dsn), err)
	}
	return s, nil
}

// IsPostgresDSN reports whether dsn names a PostgreSQL database.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// RedactDSN hides the password of a PostgreSQL URL, for messages and logs.
func RedactDSN(dsn string) string {
	if !IsPostgresDSN(dsn) {
		return dsn
	}
	scheme, rest, _ := strings.Cut(dsn, "://")
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return dsn
	}
	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return dsn
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}

// Dialect is the engine behind the store.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes both pools.
func (s *Store) Close() error {
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	for _, st := range s.readStmts {
		st.Close()
	}
	s.stmts, s.readStmts = nil, nil
	s.stmtMu.Unlock()
	err := s.write.Close()
	if s.read != s.write {
		if rerr := s.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Ping checks the database answers, for /healthz.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// inConnTx runs fn in a write transaction on a dedicated connection, which fn may also use
// directly (PostgreSQL's COPY is not reachable through *sql.Tx), and commits when fn returns nil.
func (s *Store) inConnTx(ctx context.Context, fn func(conn *sql.Conn, tx *sql.Tx) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(conn, tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// inTx runs fn in a write transaction and commits it when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func now() int64 { return time.Now().Unix() }
