package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// APIToken is a workspace-scoped credential for scripts and partners. Only its hash is stored;
// Prefix (the first characters) lets people tell tokens apart.
type APIToken struct {
	ID          int64
	WorkspaceID int64
	Name        string
	Role        string
	Prefix      string
	CreatedBy   int64
	CreatedAt   time.Time
	LastUsedAt  *time.Time
	RevokedAt   *time.Time
}

const apiTokenColumns = `id, workspace_id, name, role, prefix, COALESCE(created_by, 0), created_at, last_used_at, revoked_at`

func scanAPIToken(row interface{ Scan(...any) error }) (*APIToken, error) {
	var t APIToken
	var created int64
	var used, revoked sql.NullInt64
	if err := row.Scan(&t.ID, &t.WorkspaceID, &t.Name, &t.Role, &t.Prefix, &t.CreatedBy, &created, &used, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt = time.Unix(created, 0).UTC()
	t.LastUsedAt = optTime(used)
	t.RevokedAt = optTime(revoked)
	return &t, nil
}

// CreateAPIToken stores a new token by its hash and records it in the audit log.
func (s *Store) CreateAPIToken(ctx context.Context, a Actor, t APIToken, tokenHash string) (*APIToken, error) {
	var out *APIToken
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = scanAPIToken(tx.QueryRowContext(ctx, `INSERT INTO api_tokens (workspace_id, name, role, prefix, token_hash, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+apiTokenColumns,
			t.WorkspaceID, t.Name, t.Role, t.Prefix, tokenHash, nullID(a.UserID), now()))
		if err != nil {
			return fmt.Errorf("store: unable to create API token %q: %w", t.Name, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: t.WorkspaceID, Action: "token.create", ObjectType: "api_token",
			ObjectID: fmt.Sprint(out.ID), Summary: fmt.Sprintf("API token %q (%s…) created with role %s", t.Name, t.Prefix, t.Role),
			After: map[string]string{"name": t.Name, "role": t.Role, "prefix": t.Prefix}})
	})
	return out, err
}

// APITokenByHash returns the live (not revoked) token with that hash, or ErrNotFound.
func (s *Store) APITokenByHash(ctx context.Context, tokenHash string) (*APIToken, error) {
	t, err := scanAPIToken(s.read.QueryRowContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read an API token: %w", err)
	}
	return t, nil
}

// TouchAPIToken records when a token was last used. Callers do it at most once a minute.
func (s *Store) TouchAPIToken(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, at.Unix()); err != nil {
		return fmt.Errorf("store: unable to record the use of API token %d: %w", id, err)
	}
	return nil
}

// APITokens lists a workspace's tokens, newest first, revoked ones included.
func (s *Store) APITokens(ctx context.Context, workspaceID int64) ([]*APIToken, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens WHERE workspace_id = $1 ORDER BY id DESC`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list API tokens: %w", err)
	}
	defer rows.Close()
	var out []*APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list API tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes a workspace's token; ErrNotFound when the workspace has no such live token.
func (s *Store) RevokeAPIToken(ctx context.Context, a Actor, workspaceID, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var name, prefix string
		err := tx.QueryRowContext(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL
			RETURNING name, prefix`, id, workspaceID, now()).Scan(&name, &prefix)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to revoke API token %d: %w", id, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "token.revoke", ObjectType: "api_token",
			ObjectID: fmt.Sprint(id), Summary: fmt.Sprintf("API token %q (%s…) revoked", name, prefix)})
	})
}
