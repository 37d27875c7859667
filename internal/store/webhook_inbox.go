package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// WebhookEvent is one delivery in the webhook inbox: stored as received, before it is
// acknowledged, and processed later by the sync. Payload is the raw body exactly as signed, so
// a processor (or a person debugging one) sees what the platform sent, not our reading of it.
type WebhookEvent struct {
	ID             int64
	Platform       string // model.Platform* value, e.g. "tiktok_shop"
	NotificationID string // the platform's id of the notification, repeated on redelivery
	ShopID         string // the platform's shop id, not ours
	WorkspaceID    int64  // 0 until the processor maps ShopID to a connected shop
	Type           string // as the platform sent it: a number ("1") or a topic name
	Kind           string // our name for the type, what a processor switches on
	Payload        string
	NotifiedAt     time.Time // when the platform emitted it
	ReceivedAt     time.Time
	ProcessedAt    time.Time // zero while pending
	Attempts       int
	LastError      string
}

// recordWebhookSQL is the whole write of a delivery: one statement, so one short transaction,
// and ON CONFLICT makes a redelivered id a no-op instead of an error.
const recordWebhookSQL = `INSERT INTO webhook_events
	(platform, notification_id, shop_id, event_type, kind, payload, notified_at, received_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
	ON CONFLICT (platform, notification_id) DO NOTHING`

// RecordWebhook stores a delivery and reports whether it was new. A notification id already in
// the inbox for that platform is not stored again (inserted is false): that is the replay
// guard, shared by every server on the database, and safe under concurrent deliveries of the
// same id because the unique key decides, not a read before the write.
func (s *Store) RecordWebhook(ctx context.Context, e WebhookEvent) (inserted bool, err error) {
	if e.ReceivedAt.IsZero() {
		e.ReceivedAt = time.Now()
	}
	// A prepared statement: at a thousand deliveries a second, parsing the INSERT each time
	// is a measurable part of the write.
	st, err := s.prepare(ctx, recordWebhookSQL)
	if err != nil {
		return false, fmt.Errorf("store: unable to prepare the webhook insert: %w", err)
	}
	res, err := st.ExecContext(ctx, e.Platform, e.NotificationID, e.ShopID, e.Type, e.Kind, e.Payload,
		e.NotifiedAt.Unix(), e.ReceivedAt.Unix())
	if err != nil {
		return false, fmt.Errorf("store: unable to record %s webhook %s: %w", e.Platform, e.NotificationID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: unable to record %s webhook %s: %w", e.Platform, e.NotificationID, err)
	}
	return n == 1, nil
}

// PendingWebhooks returns up to limit unprocessed events of a platform after id afterID, oldest
// first, for a processor that pages through the queue.
func (s *Store) PendingWebhooks(ctx context.Context, platform string, afterID int64, limit int) ([]WebhookEvent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, platform, notification_id, shop_id, workspace_id,
		event_type, kind, payload, notified_at, received_at, attempts, last_error
		FROM webhook_events WHERE platform = $1 AND processed_at IS NULL AND id > $2
		ORDER BY id LIMIT $3`, platform, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list pending %s webhooks: %w", platform, err)
	}
	defer rows.Close()
	var out []WebhookEvent
	for rows.Next() {
		var e WebhookEvent
		var ws sql.NullInt64
		var notified, received int64
		if err := rows.Scan(&e.ID, &e.Platform, &e.NotificationID, &e.ShopID, &ws, &e.Type, &e.Kind,
			&e.Payload, &notified, &received, &e.Attempts, &e.LastError); err != nil {
			return nil, fmt.Errorf("store: unable to read a pending %s webhook: %w", platform, err)
		}
		e.WorkspaceID = ws.Int64
		e.NotifiedAt = time.Unix(notified, 0).UTC()
		e.ReceivedAt = time.Unix(received, 0).UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list pending %s webhooks: %w", platform, err)
	}
	return out, nil
}

// MarkWebhookProcessed takes an event off the queue, recording the workspace its shop maps to
// (0: none, e.g. a shop nobody connected). ErrNotFound when there is no such event.
func (s *Store) MarkWebhookProcessed(ctx context.Context, id, workspaceID int64, at time.Time) error {
	var ws sql.NullInt64
	if workspaceID != 0 {
		ws = sql.NullInt64{Int64: workspaceID, Valid: true}
	}
	res, err := s.write.ExecContext(ctx, `UPDATE webhook_events
		SET processed_at = $2, workspace_id = COALESCE($3, workspace_id), attempts = attempts + 1, last_error = ''
		WHERE id = $1`, id, at.Unix(), ws)
	if err != nil {
		return fmt.Errorf("store: unable to mark webhook %d processed: %w", id, err)
	}
	return webhookUpdated(res, id)
}

// MarkWebhookFailed records a failed processing attempt; the event stays pending so the
// processor retries it, and its attempts tell when to give up. ErrNotFound when there is no
// such event.
func (s *Store) MarkWebhookFailed(ctx context.Context, id int64, message string) error {
	res, err := s.write.ExecContext(ctx, `UPDATE webhook_events SET attempts = attempts + 1, last_error = $2
		WHERE id = $1`, id, truncate(message, 1000))
	if err != nil {
		return fmt.Errorf("store: unable to record a failure of webhook %d: %w", id, err)
	}
	return webhookUpdated(res, id)
}

// PruneWebhooks deletes processed events the platform emitted before cutoff and returns how
// many. Their ids may be forgotten once cutoff is older than the freshness window: a
// redelivery that old is refused as stale before the inbox is asked.
func (s *Store) PruneWebhooks(ctx context.Context, platform string, cutoff time.Time) (int64, error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM webhook_events
		WHERE platform = $1 AND processed_at IS NOT NULL AND notified_at < $2`, platform, cutoff.Unix())
	if err != nil {
		return 0, fmt.Errorf("store: unable to prune %s webhooks: %w", platform, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// WebhookCount is how many events of a platform the inbox holds, processed or not.
func (s *Store) WebhookCount(ctx context.Context, platform string) (int64, error) {
	var n int64
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_events WHERE platform = $1`,
		platform).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count %s webhooks: %w", platform, err)
	}
	return n, nil
}

// WebhookByNotification returns one event by its platform and notification id, or ErrNotFound.
func (s *Store) WebhookByNotification(ctx context.Context, platform, notificationID string) (*WebhookEvent, error) {
	var e WebhookEvent
	var ws, processed sql.NullInt64
	var notified, received int64
	err := s.read.QueryRowContext(ctx, `SELECT id, platform, notification_id, shop_id, workspace_id,
		event_type, kind, payload, notified_at, received_at, processed_at, attempts, last_error
		FROM webhook_events WHERE platform = $1 AND notification_id = $2`, platform, notificationID).
		Scan(&e.ID, &e.Platform, &e.NotificationID, &e.ShopID, &ws, &e.Type, &e.Kind, &e.Payload,
			&notified, &received, &processed, &e.Attempts, &e.LastError)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read %s webhook %s: %w", platform, notificationID, err)
	}
	e.WorkspaceID = ws.Int64
	e.NotifiedAt = time.Unix(notified, 0).UTC()
	e.ReceivedAt = time.Unix(received, 0).UTC()
	if processed.Valid {
		e.ProcessedAt = time.Unix(processed.Int64, 0).UTC()
	}
	return &e, nil
}

// webhookUpdated turns an UPDATE that matched no row into ErrNotFound.
func webhookUpdated(res sql.Result, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: unable to update webhook %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
