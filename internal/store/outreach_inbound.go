package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// OutreachCursor is where a reply poller stopped ("" before its first poll).
func (s *Store) OutreachCursor(ctx context.Context, key string) (string, error) {
	var v string
	err := s.read.QueryRowContext(ctx, `SELECT value FROM outreach_cursors WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read the outreach cursor %s: %w", key, err)
	}
	return v, nil
}

// SaveOutreachCursor records where a reply poller stopped.
func (s *Store) SaveOutreachCursor(ctx context.Context, key, value string) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO outreach_cursors (key, value, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, now())
	if err != nil {
		return fmt.Errorf("store: unable to save the outreach cursor %s: %w", key, err)
	}
	return nil
}

// RecordCreatorDiscordReply is RecordCreatorEmailReply for a Discord direct message: the
// creator of the workspace whose Discord user id is userID replied at at. ErrNotFound when no
// creator has that id.
func (s *Store) RecordCreatorDiscordReply(ctx context.Context, a Actor, workspaceID int64, userID string, at time.Time, summary string) (creatorID int64, recorded bool, err error) {
	userID = strings.TrimSpace(userID)
	if userID == "" {
		return 0, false, ErrNotFound
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var handle string
		var before sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT c.id, c.username, c.last_reply_at FROM creators f
			JOIN creators c ON c.id = COALESCE(f.merged_into, f.id)
			WHERE f.workspace_id = $1 AND f.discord = $2 ORDER BY CASE WHEN f.merged_into IS NULL THEN 0 ELSE 1 END, f.id LIMIT 1`,
			workspaceID, userID).Scan(&creatorID, &handle, &before)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE creators SET last_reply_at = $2, updated_at = $3
			WHERE id = $1 AND (last_reply_at IS NULL OR last_reply_at < $2)`, creatorID, at.Unix(), now())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		recorded = true
		if _, err := s.cancelForReply(ctx, tx, workspaceID, creatorID, at); err != nil {
			return err
		}
		var was any
		if before.Valid {
			was = time.Unix(before.Int64, 0).UTC()
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.reply", ObjectType: "creator",
			ObjectID: fmt.Sprint(creatorID), Summary: "@" + handle + " " + summary,
			Before: map[string]any{"last_reply_at": was}, After: map[string]any{"last_reply_at": at.UTC()}})
	})
	if errors.Is(err, ErrNotFound) {
		return 0, false, err
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: unable to record a Discord reply from %s: %w", userID, err)
	}
	return creatorID, recorded, nil
}

// DiscordRecipients (the literal 'discord' matches the partial index) lists, per workspace, the Discord user ids the workspace's bot wrote to
// since a time: the DM channels the reply poller reads.
func (s *Store) DiscordRecipients(ctx context.Context, since time.Time) (map[int64][]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT workspace_id, to_discord FROM outreach_outbox
		WHERE channel = 'discord' AND sent_at >= $1 AND status = $2 AND to_discord <> '' ORDER BY workspace_id, to_discord`,
		since.Unix(), OutboxSent)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the Discord recipients: %w", err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var ws int64
		var id string
		if err := rows.Scan(&ws, &id); err != nil {
			return nil, fmt.Errorf("store: unable to list the Discord recipients: %w", err)
		}
		out[ws] = append(out[ws], id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list the Discord recipients: %w", err)
	}
	return out, nil
}
