package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// WeekQuotaPeriod names the TikTok first-contact quota week holding at: "week:" and the date of
// its Sunday in the workspace's time zone (UTC when zone is empty or unknown). The outreach
// engine's counters use the same names, so invites and messages sent outside sequences count
// against the quota the engine enforces.
func WeekQuotaPeriod(at time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" {
		loc = time.UTC
	}
	t := at.In(loc)
	// Noon keeps the date arithmetic away from midnight DST changes.
	sunday := time.Date(t.Year(), t.Month(), t.Day()-int(t.Weekday()), 12, 0, 0, 0, loc)
	return "week:" + sunday.Format("2006-01-02")
}

// recordPlatformContacts counts contacts made on a TikTok shop outside the outreach engine (a
// target collaboration invite, a message from the creator page) where the engine keeps its
// quotas: each creator never contacted by the sender before is a first contact of this week's
// quota, and a message (message true) is one more of the five allowed before a reply.
func (s *Store) recordPlatformContacts(ctx context.Context, tx *sql.Tx, workspaceID, connectionID int64, creatorIDs []int64, at time.Time, message bool) error {
	var zone string
	if err := tx.QueryRowContext(ctx, `SELECT timezone FROM workspaces WHERE id = $1`, workspaceID).Scan(&zone); err != nil {
		return err
	}
	sender := fmt.Sprintf("tiktok:%d", connectionID)
	first := 0
	for _, id := range creatorIDs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outreach_conversations (sender_key, creator_id, workspace_id) VALUES ($1, $2, $3)
			ON CONFLICT (sender_key, creator_id) DO NOTHING`, sender, id, workspaceID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE outreach_conversations SET first_at = $3 WHERE sender_key = $1 AND creator_id = $2 AND first_at IS NULL`,
			sender, id, at.Unix())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			first++
		}
		if message {
			if _, err := tx.ExecContext(ctx, `UPDATE outreach_conversations SET messages_since_reply = messages_since_reply + 1
				WHERE sender_key = $1 AND creator_id = $2`, sender, id); err != nil {
				return err
			}
		}
	}
	if first == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO outreach_quota_usage (sender_key, period, used, cap) VALUES ($1, $2, $3, 0)
		ON CONFLICT (sender_key, period) DO UPDATE SET used = outreach_quota_usage.used + excluded.used`,
		sender, WeekQuotaPeriod(at, zone), first)
	return err
}
