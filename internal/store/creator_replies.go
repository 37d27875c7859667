package store

import (
	"context"
	"time"
)

// RecordCreatorReply records that the creator holding the account externalID on platform
// (creator_accounts.external_id: TikTok's IM user id) wrote to the workspace at at: the
// creator's last_reply_at moves to at, with an audit entry, and the creator's stop-on-reply
// enrollments stop with their unsent messages cancelled, in one transaction. It only moves
// forward, so a replayed or late message changes nothing (recorded false). A creator merged
// into another records the reply on the one kept. ErrNotFound when no creator of the
// workspace holds the account. The CRM moves prospects and contacted creators to "engaged"
// from this column.
func (s *Store) RecordCreatorReply(ctx context.Context, a Actor, workspaceID int64, platform, externalID string, at time.Time, summary string) (creatorID int64, recorded bool, err error) {
	return s.recordReply(ctx, a, workspaceID, externalID, at, summary, `SELECT c.id, c.username, c.last_reply_at FROM creator_accounts ca
		JOIN creators c ON c.id = COALESCE((SELECT m.merged_into FROM creators m WHERE m.id = ca.creator_id), ca.creator_id)
		WHERE ca.workspace_id = $1 AND ca.external_id = $2 AND ca.platform = $3
		ORDER BY ca.id LIMIT 1`, platform)
}
