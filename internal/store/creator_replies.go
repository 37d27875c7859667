package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// RecordCreatorReply records that the creator holding the account externalID on platform
// (creator_accounts.external_id: TikTok's IM user id) wrote to the workspace at at: the
// creator's last_reply_at moves to at, with an audit entry, in one transaction. It only moves
// forward, so a replayed or late message changes nothing (recorded false). A creator merged
// into another records the reply on the one kept. ErrNotFound when no creator of the
// workspace holds the account. The CRM moves prospects and contacted creators to "engaged"
// from this column.
func (s *Store) RecordCreatorReply(ctx context.Context, a Actor, workspaceID int64, platform, externalID string, at time.Time, summary string) (creatorID int64, recorded bool, err error) {
	if externalID == "" {
		return 0, false, ErrNotFound
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var handle string
		var before sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT c.id, c.username, c.last_reply_at FROM creator_accounts ca
			JOIN creators c ON c.id = COALESCE((SELECT m.merged_into FROM creators m WHERE m.id = ca.creator_id), ca.creator_id)
			WHERE ca.workspace_id = $1 AND ca.platform = $2 AND ca.external_id = $3
			ORDER BY ca.id LIMIT 1`, workspaceID, platform, externalID).Scan(&creatorID, &handle, &before)
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
		return 0, false, fmt.Errorf("store: unable to record a reply from %s account %s: %w", platform, externalID, err)
	}
	return creatorID, recorded, nil
}
