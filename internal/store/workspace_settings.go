package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/creatorops/creatorops/internal/model"
)

// ErrWorkspaceExists refuses a new workspace whose slug is taken.
var ErrWorkspaceExists = errors.New("store: a workspace with that slug already exists")

// workspaceAudit is what the audit log keeps of a workspace's settings.
func workspaceAudit(w *model.Workspace) map[string]string {
	return map[string]string{"slug": w.Slug, "name": w.Name, "timezone": w.Timezone}
}

// UpdateWorkspace changes a workspace's name and time zone, audited with before and after;
// nothing is written when nothing changed. Callers validate the time zone.
func (s *Store) UpdateWorkspace(ctx context.Context, a Actor, workspaceID int64, name, timezone string) (*model.Workspace, error) {
	var out *model.Workspace
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanWorkspace(tx.QueryRowContext(ctx, `SELECT `+workspaceColumns+` FROM workspaces WHERE id = $1`, workspaceID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to fetch workspace %d: %w", workspaceID, err)
		}
		after := *before
		after.Name, after.Timezone = name, timezone
		out = &after
		if after == *before {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workspaces SET name = $2, timezone = $3 WHERE id = $1`, workspaceID, name, timezone); err != nil {
			return fmt.Errorf("store: unable to update workspace %q: %w", before.Slug, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "workspace.settings", ObjectType: "workspace",
			ObjectID: before.Slug, Summary: "workspace settings changed", Before: workspaceAudit(before), After: workspaceAudit(&after)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CreateWorkspace makes a new workspace with ownerID as its owner, audited in it;
// ErrWorkspaceExists when the slug is taken.
func (s *Store) CreateWorkspace(ctx context.Context, a Actor, w model.Workspace, ownerID int64) (*model.Workspace, error) {
	var out *model.Workspace
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t := now()
		var err error
		out, err = scanWorkspace(tx.QueryRowContext(ctx, `INSERT INTO workspaces (slug, name, timezone, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (slug) DO NOTHING RETURNING `+workspaceColumns, w.Slug, w.Name, w.Timezone, t))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrWorkspaceExists
		}
		if err != nil {
			return fmt.Errorf("store: unable to create workspace %q: %w", w.Slug, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, workspace_id, role, created_at) VALUES ($1, $2, 'owner', $3)`,
			ownerID, out.ID, t); err != nil {
			return fmt.Errorf("store: unable to make user %d owner of %q: %w", ownerID, w.Slug, err)
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: out.ID, Action: "workspace.create", ObjectType: "workspace",
			ObjectID: out.Slug, Summary: fmt.Sprintf("workspace %s created; %s is its owner", out.Slug, a.Label),
			After: workspaceAudit(out)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AuditActions lists the actions a workspace's audit log holds, for its filter menu.
func (s *Store) AuditActions(ctx context.Context, workspaceID int64) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT action FROM audit_log WHERE workspace_id = $1 ORDER BY action`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the audit actions of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, fmt.Errorf("store: unable to list the audit actions of workspace %d: %w", workspaceID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
