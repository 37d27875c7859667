package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// PlatformCreator is a CRM creator as a platform action (an invitation, a message) needs it.
type PlatformCreator struct {
	CreatorID int64
	Handle    string
	// UserID is the platform's user id of the creator (creator_accounts.external_id of its
	// TikTok account, or of a creator merged into it); "" when no sync has told it yet.
	UserID string
	Stage  model.Stage
	Merged bool // merged into another creator: act on that one
}

// PlatformCreators returns the workspace's creators among ids with their TikTok user ids, in
// the order of ids; ids not of the workspace are left out (the caller compares lengths).
func (s *Store) PlatformCreators(ctx context.Context, workspaceID int64, ids []int64) ([]PlatformCreator, error) {
	platform := AccountPlatform(model.PlatformTikTokShop)
	found := map[int64]PlatformCreator{}
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		args := []any{workspaceID, platform}
		marks := make([]string, len(part))
		for i, id := range part {
			args = append(args, id)
			marks[i] = "$" + strconv.Itoa(len(args))
		}
		// A creator's user id may sit on an account of a creator merged into it.
		rows, err := s.read.QueryContext(ctx, `SELECT c.id, c.username, c.stage, c.merged_into IS NOT NULL,
			COALESCE((SELECT ca.external_id FROM creator_accounts ca JOIN creators o ON o.id = ca.creator_id
				WHERE ca.workspace_id = $1 AND ca.platform = $2 AND ca.external_id <> ''
				AND (o.id = c.id OR o.merged_into = c.id) ORDER BY CASE WHEN o.id = c.id THEN 0 ELSE 1 END, ca.id LIMIT 1), '')
			FROM creators c WHERE c.workspace_id = $1 AND c.id IN (`+strings.Join(marks, ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read creators' platform ids: %w", err)
		}
		for rows.Next() {
			var pc PlatformCreator
			var stage string
			if err := rows.Scan(&pc.CreatorID, &pc.Handle, &stage, &pc.Merged, &pc.UserID); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: unable to read creators' platform ids: %w", err)
			}
			pc.Stage = model.Stage(stage)
			found[pc.CreatorID] = pc
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: unable to read creators' platform ids: %w", err)
		}
	}
	out := make([]PlatformCreator, 0, len(found))
	seen := map[int64]bool{}
	for _, id := range ids {
		if pc, ok := found[id]; ok && !seen[id] {
			seen[id] = true
			out = append(out, pc)
		}
	}
	return out, nil
}

// RecordCreatorMessage records a message sent to a creator on a platform from creatorops: a
// "message" event on its timeline (body: what was sent; ref_id: the connection it went
// through; to_value: the platform's message id), its last contact moved to at, and an audit
// entry, in one transaction. ErrNotFound for a creator not of the workspace.
func (s *Store) RecordCreatorMessage(ctx context.Context, a Actor, workspaceID, creatorID int64, conn *Connection, messageID, body string, at time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var handle string
		if err := tx.QueryRowContext(ctx, `SELECT username FROM creators WHERE workspace_id = $1 AND id = $2`, workspaceID, creatorID).Scan(&handle); err != nil {
			if err == sql.ErrNoRows {
				return ErrNotFound
			}
			return err
		}
		ref := conn.ID
		if err := s.appendCreatorEvents(ctx, tx, workspaceID, []CreatorEvent{{CreatorID: creatorID, Kind: EventMessage, At: at,
			Actor: a.Label, UserID: actorUserID(a), To: messageID, Body: body, RefID: &ref}}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE creators SET last_contacted_at = $3 WHERE workspace_id = $1 AND id = $2
			AND (last_contacted_at IS NULL OR last_contacted_at < $3)`, workspaceID, creatorID, at.Unix()); err != nil {
			return err
		}
		if err := s.recordPlatformContacts(ctx, tx, workspaceID, conn.ID, []int64{creatorID}, at, true); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.message", ObjectType: "creator",
			ObjectID: fmt.Sprint(creatorID), Summary: fmt.Sprintf("TikTok Shop message to @%s via %q", handle, conn.ShopName),
			After: map[string]any{"message_id": messageID, "connection_id": conn.ID, "body": body}})
	})
	if err == ErrNotFound {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to record the message to creator %d: %w", creatorID, err)
	}
	return nil
}

// CreatorMessages lists the latest messages sent to a creator from creatorops, newest first.
func (s *Store) CreatorMessages(ctx context.Context, workspaceID, creatorID int64, limit int) ([]CreatorEvent, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, actor, to_value, body FROM creator_events
		WHERE workspace_id = $1 AND creator_id = $2 AND kind IN ('message', 'invite') ORDER BY at DESC, id DESC LIMIT `+strconv.Itoa(limit),
		workspaceID, creatorID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the messages to creator %d: %w", creatorID, err)
	}
	defer rows.Close()
	var out []CreatorEvent
	for rows.Next() {
		e := CreatorEvent{CreatorID: creatorID, Kind: EventMessage}
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.To, &e.Body); err != nil {
			return nil, fmt.Errorf("store: unable to list the messages to creator %d: %w", creatorID, err)
		}
		e.At = time.Unix(at, 0).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// ProductChoice is a product of the workspace's catalog a form may offer.
type ProductChoice struct {
	ID   string // the platform's product id
	Name string
	Shop string // the shop's slug
}

// ProductChoices lists up to limit products of the workspace's TikTok Shop shops, by name.
func (s *Store) ProductChoices(ctx context.Context, workspaceID int64, limit int) ([]ProductChoice, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT p.platform_product_id, p.name, sh.slug FROM products p JOIN shops sh ON sh.id = p.shop_id
		WHERE p.workspace_id = $1 AND sh.platform = $2 ORDER BY lower(p.name), p.platform_product_id LIMIT `+strconv.Itoa(limit),
		workspaceID, model.PlatformTikTokShop)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list product choices: %w", err)
	}
	defer rows.Close()
	var out []ProductChoice
	for rows.Next() {
		var p ProductChoice
		if err := rows.Scan(&p.ID, &p.Name, &p.Shop); err != nil {
			return nil, fmt.Errorf("store: unable to list product choices: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
