package store

import (
	"context"
	"database/sql"
	"sort"
)

// Outbox statuses (docs/outreach.md "Engine").
const (
	OutboxQueued    = "queued"
	OutboxHeld      = "held"
	OutboxSending   = "sending"
	OutboxSent      = "sent"
	OutboxFailed    = "failed"
	OutboxCancelled = "cancelled"
	OutboxUnknown   = "unknown"
)

// Enrollment statuses.
const (
	EnrollmentActive    = "active"
	EnrollmentPaused    = "paused"
	EnrollmentStopped   = "stopped"
	EnrollmentCompleted = "completed"
)

// reservation is what one unsent message holds: quota counters and a conversation count.
type reservation struct {
	senderKey    string
	creatorID    int64
	firstContact bool
	periods      []string
}

// cancelOutbox cancels the queued or held messages matching where (on outreach_outbox, its
// placeholders numbered from $2: on SQLite the anonymous ones of an IN list must come after
// the numbered ones, see valuesList) and gives back what they reserved: quota counters and the conversation's
// count (and its first contact). It returns how many it cancelled.
func (s *Store) cancelOutbox(ctx context.Context, tx *sql.Tx, reason, where string, args ...any) (int, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE outreach_outbox SET status = 'cancelled', last_error = $1
		WHERE (`+where+`) AND status IN ('queued', 'held') RETURNING sender_key, creator_id, first_contact, quota_periods`,
		append([]any{reason}, args...)...)
	if err != nil {
		return 0, err
	}
	var rs []reservation
	for rows.Next() {
		var r reservation
		var first int64
		var periods string
		if err := rows.Scan(&r.senderKey, &r.creatorID, &first, &periods); err != nil {
			rows.Close()
			return 0, err
		}
		r.firstContact, r.periods = first != 0, DecodeList(periods)
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return len(rs), s.giveBack(ctx, tx, rs)
}

// giveBack returns reservations of messages that will not be sent, in a fixed order
// (conversations, then counters, each sorted) so two servers never lock in opposite orders.
func (s *Store) giveBack(ctx context.Context, tx *sql.Tx, rs []reservation) error {
	sort.Slice(rs, func(i, j int) bool {
		if rs[i].senderKey != rs[j].senderKey {
			return rs[i].senderKey < rs[j].senderKey
		}
		return rs[i].creatorID < rs[j].creatorID
	})
	counters := map[[2]string]int{}
	for _, r := range rs {
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_conversations SET
			messages_since_reply = CASE WHEN messages_since_reply > 0 THEN messages_since_reply - 1 ELSE 0 END,
			first_at = CASE WHEN $3 = 1 THEN NULL ELSE first_at END
			WHERE sender_key = $1 AND creator_id = $2`, r.senderKey, r.creatorID, boolInt(r.firstContact)); err != nil {
			return err
		}
		for _, p := range r.periods {
			counters[[2]string{r.senderKey, p}]++
		}
	}
	keys := make([][2]string, 0, len(counters))
	for k := range counters {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+"|"+keys[i][1] < keys[j][0]+"|"+keys[j][1] })
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `UPDATE outreach_quota_usage SET used = CASE WHEN used > $3 THEN used - $3 ELSE 0 END
			WHERE sender_key = $1 AND period = $2`, k[0], k[1], counters[k]); err != nil {
			return err
		}
	}
	return nil
}

// stopEnrollments stops the active or paused enrollments matching where (on
// outreach_enrollments, placeholders from $3) with reason, and cancels their unsent messages. It
// returns how many it stopped.
func (s *Store) stopEnrollments(ctx context.Context, tx *sql.Tx, reason, where string, args ...any) (int, error) {
	return s.stopEnrollmentsIn(ctx, tx, `'active', 'paused'`, reason, where, args...)
}

// stopEnrollmentsIn is stopEnrollments for enrollments in statuses (an SQL list): a message
// of a completed enrollment (its last step) that is cancelled or fails stops it too, so the
// enrollment says why the creator did not get it.
func (s *Store) stopEnrollmentsIn(ctx context.Context, tx *sql.Tx, statuses, reason, where string, args ...any) (int, error) {
	ids, err := queryIDs(ctx, tx, `UPDATE outreach_enrollments SET status = 'stopped', stop_reason = $1, wait_reason = '',
		updated_at = $2 WHERE (`+where+`) AND status IN (`+statuses+`) RETURNING id`, append([]any{reason, now()}, args...)...)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	for _, part := range chunkIDs(ids, 500) {
		in, inArgs := s.idsIn("enrollment_id", 2, part)
		if _, err := s.cancelOutbox(ctx, tx, reason, in, inArgs...); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// stopSequenceEnrollments stops every running enrollment of a sequence.
func (s *Store) stopSequenceEnrollments(ctx context.Context, tx *sql.Tx, sequenceID int64, reason string) error {
	_, err := s.stopEnrollments(ctx, tx, reason, `sequence_id = $3`, sequenceID)
	return err
}
