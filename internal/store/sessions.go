package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// NewSession is a sign-in to record.
type NewSession struct {
	TokenHash string
	UserID    int64
	ExpiresAt time.Time
	IP        string
	UserAgent string
}

// CreateSession records a session.
func (s *Store) CreateSession(ctx context.Context, n NewSession) error {
	t := now()
	_, err := s.write.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $3, $4, $5, $6)`, n.TokenHash, n.UserID, t, n.ExpiresAt.Unix(), n.IP, truncate(n.UserAgent, 300))
	if err != nil {
		return fmt.Errorf("store: unable to create a session: %w", err)
	}
	return nil
}

// SessionUser returns the user of the unexpired session with that hash, and when the session
// was last seen; ErrNotFound when there is none.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, at time.Time) (*User, time.Time, error) {
	var u User
	var created, seen int64
	err := s.read.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.created_at, se.seen_at
		FROM sessions se JOIN users u ON u.id = se.user_id WHERE se.token_hash = $1 AND se.expires_at > $2`,
		tokenHash, at.Unix()).Scan(&u.ID, &u.Email, &u.Name, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, ErrNotFound
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: unable to read a session: %w", err)
	}
	u.CreatedAt = time.Unix(created, 0).UTC()
	return &u, time.Unix(seen, 0).UTC(), nil
}

// TouchSession slides a session's expiry. Callers do it at most every few minutes, so reading
// pages does not turn into a stream of writes.
func (s *Store) TouchSession(ctx context.Context, tokenHash string, seen, expires time.Time) error {
	_, err := s.write.ExecContext(ctx, `UPDATE sessions SET seen_at = $2, expires_at = $3 WHERE token_hash = $1`,
		tokenHash, seen.Unix(), expires.Unix())
	if err != nil {
		return fmt.Errorf("store: unable to extend a session: %w", err)
	}
	return nil
}

// DeleteSession ends one session (sign out).
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("store: unable to end a session: %w", err)
	}
	return nil
}

// deleteUserSessions ends every session of a user, as a password change must.
func deleteUserSessions(ctx context.Context, tx *sql.Tx, userID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("store: unable to end the sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry and old sign-in failures.
func (s *Store) DeleteExpiredSessions(ctx context.Context, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, at.Unix()); err != nil {
			return fmt.Errorf("store: unable to delete expired sessions: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, at.Add(-24*time.Hour).Unix()); err != nil {
			return fmt.Errorf("store: unable to delete old sign-in failures: %w", err)
		}
		return nil
	})
}

// RecordLoginFailure counts a failed sign-in against each key (an email, an address).
func (s *Store) RecordLoginFailure(ctx context.Context, keys []string, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, k, at.Unix()); err != nil {
				return fmt.Errorf("store: unable to record a failed sign-in: %w", err)
			}
		}
		return nil
	})
}

// LoginFailures counts the failures of key since a time, and returns the oldest of them (to
// tell when the limit lifts).
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest sql.NullInt64
	err := s.read.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = $1 AND at >= $2`,
		key, since.Unix()).Scan(&n, &oldest)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: unable to count failed sign-ins: %w", err)
	}
	return n, time.Unix(oldest.Int64, 0).UTC(), nil
}

// ClearLoginFailures forgets the failures of key after a good sign-in.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := s.write.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, key); err != nil {
		return fmt.Errorf("store: unable to clear failed sign-ins: %w", err)
	}
	return nil
}

// truncate cuts s to at most n bytes, dropping a rune cut in half: PostgreSQL refuses invalid
// UTF-8.
func truncate(s string, n int) string {
	if len(s) > n {
		return strings.ToValidUTF8(s[:n], "")
	}
	return s
}
