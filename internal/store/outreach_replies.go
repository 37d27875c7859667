package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// RecordCreatorEmailReply is RecordCreatorReply for an email: the creator of the workspace
// whose email is address (case-insensitively; a merged creator's reply counts for the one it
// was merged into) replied at at. ErrNotFound when no creator has that address.
func (s *Store) RecordCreatorEmailReply(ctx context.Context, a Actor, workspaceID int64, address string, at time.Time, summary string) (creatorID int64, recorded bool, err error) {
	address = strings.ToLower(strings.TrimSpace(address))
	return s.recordReply(ctx, a, workspaceID, address, at, summary, `SELECT c.id, c.username, c.last_reply_at FROM creators f
		JOIN creators c ON c.id = COALESCE(f.merged_into, f.id)
		WHERE f.workspace_id = $1 AND lower(f.email) = $2 ORDER BY CASE WHEN f.merged_into IS NULL THEN 0 ELSE 1 END, f.id LIMIT 1`)
}

// recordReply records that the creator found by lookup (a query of $1 the workspace, $2 the
// address and $3… extra, returning the creator kept after merges: id, username, last_reply_at) wrote at
// at: last_reply_at moves forward with an audit entry and, in the same transaction, the
// creator's stop-on-reply enrollments stop and their unsent messages are cancelled. A reply
// not newer than the one stored changes nothing (recorded false), so replays are harmless.
// ErrNotFound for an empty address or when no creator matches.
func (s *Store) recordReply(ctx context.Context, a Actor, workspaceID int64, address string, at time.Time, summary, lookup string, extra ...any) (creatorID int64, recorded bool, err error) {
	if address == "" {
		return 0, false, ErrNotFound
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var handle string
		var before sql.NullInt64
		err := tx.QueryRowContext(ctx, lookup, append([]any{workspaceID, address}, extra...)...).Scan(&creatorID, &handle, &before)
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
		return 0, false, fmt.Errorf("store: unable to record a reply from %s: %w", address, err)
	}
	return creatorID, recorded, nil
}

// CancelQueuedFor stops the creator's running enrollments in stop-on-reply sequences that a
// reply at at ends (sent to, or enrolled, before it) with "replied", and cancels their unsent
// messages: inbound sources call it right after recording a reply, so nothing queued goes
// out after it. It returns how many enrollments it stopped. The engine checks the same
// condition on its own at every pass, so a missed call costs at most one poll interval.
func (s *Store) CancelQueuedFor(ctx context.Context, workspaceID, creatorID int64, at time.Time) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.cancelForReply(ctx, tx, workspaceID, creatorID, at)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: unable to stop the sequences of creator %d after a reply: %w", creatorID, err)
	}
	return n, nil
}

// ReplyStopReason is the stop reason of an enrollment ended by a reply.
const ReplyStopReason = "replied"

func (s *Store) cancelForReply(ctx context.Context, tx *sql.Tx, workspaceID, creatorID int64, at time.Time) (int, error) {
	return s.stopEnrollments(ctx, tx, ReplyStopReason, `workspace_id = $3 AND creator_id = $4
		AND COALESCE(first_sent_at, enrolled_at) <= $5
		AND sequence_id IN (SELECT id FROM outreach_sequences WHERE workspace_id = $3 AND stop_on_reply = 1)`,
		workspaceID, creatorID, at.Unix())
}
