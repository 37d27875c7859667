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
	return s.recordReply(ctx, a, workspaceID, strings.TrimSpace(userID), at, summary, `SELECT c.id, c.username, c.last_reply_at FROM creators f
		JOIN creators c ON c.id = COALESCE(f.merged_into, f.id)
		WHERE f.workspace_id = $1 AND f.discord = $2 ORDER BY CASE WHEN f.merged_into IS NULL THEN 0 ELSE 1 END, f.id LIMIT 1`)
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
