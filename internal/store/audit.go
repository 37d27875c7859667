package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Actor is who makes a change: a signed-in user, an API token, or the command line.
type Actor struct {
	UserID  int64  // 0 when not a user
	TokenID int64  // 0 when not an API token
	Label   string // shown in the audit log: an email, "token cro_ab12…", "cli"
}

// CLIActor is the actor of changes made from the command line.
var CLIActor = Actor{Label: "cli"}

// AuditEntry is one change to record.
type AuditEntry struct {
	WorkspaceID int64  // 0 for changes outside any workspace (a user's own password)
	Action      string // verb in dotted form: "shop.create", "member.role", "import.upload"
	ObjectType  string
	ObjectID    string
	Summary     string // one readable line
	Before      any    // nil, or a value marshalled as JSON
	After       any
}

// AuditRecord is an entry as stored.
type AuditRecord struct {
	ID          int64
	WorkspaceID int64
	Actor       string
	UserID      int64
	TokenID     int64
	Action      string
	ObjectType  string
	ObjectID    string
	Summary     string
	Before      string // JSON, "" when there was no before
	After       string
	At          time.Time
}

func jsonOrNil(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// audit records e in tx, so a change and its record commit or roll back together.
func audit(ctx context.Context, tx *sql.Tx, a Actor, e AuditEntry) error {
	before, err := jsonOrNil(e.Before)
	if err != nil {
		return fmt.Errorf("store: unable to record %s: %w", e.Action, err)
	}
	after, err := jsonOrNil(e.After)
	if err != nil {
		return fmt.Errorf("store: unable to record %s: %w", e.Action, err)
	}
	label := a.Label
	if label == "" {
		label = "system"
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (workspace_id, actor_user_id, actor_token_id, actor, action, object_type, object_id, summary, before, after, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		nullID(e.WorkspaceID), nullID(a.UserID), nullID(a.TokenID), label, e.Action, e.ObjectType, e.ObjectID, e.Summary, before, after, now())
	if err != nil {
		return fmt.Errorf("store: unable to record %s: %w", e.Action, err)
	}
	return nil
}

// Audit records a change made outside the store's own audited functions (an import run, say).
func (s *Store) Audit(ctx context.Context, a Actor, e AuditEntry) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, a, e) })
}

// AuditQuery pages through a workspace's audit log, newest first.
type AuditQuery struct {
	BeforeID int64 // cursor: entries older than this id; 0 for the newest
	Limit    int
	Action   string // exact action, "" for all
}

// AuditLog lists a workspace's entries, newest first.
func (s *Store) AuditLog(ctx context.Context, workspaceID int64, q AuditQuery) ([]AuditRecord, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	before := q.BeforeID
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, COALESCE(workspace_id, 0), actor, COALESCE(actor_user_id, 0), COALESCE(actor_token_id, 0),
		action, object_type, object_id, summary, COALESCE(before, ''), COALESCE(after, ''), at
		FROM audit_log WHERE workspace_id = $1 AND id < $2 AND ($3 = '' OR action = $3) ORDER BY id DESC LIMIT $4`,
		workspaceID, before, q.Action, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditRecord
	for rows.Next() {
		var r AuditRecord
		var at int64
		if err := rows.Scan(&r.ID, &r.WorkspaceID, &r.Actor, &r.UserID, &r.TokenID, &r.Action, &r.ObjectType, &r.ObjectID,
			&r.Summary, &r.Before, &r.After, &at); err != nil {
			return nil, fmt.Errorf("store: unable to read the audit log: %w", err)
		}
		r.At = time.Unix(at, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
