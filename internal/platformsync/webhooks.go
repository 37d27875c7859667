package platformsync

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/webhook"
	"github.com/creatorops/creatorops/internal/store"
)

// webhookBatch is how many inbox events one read takes.
const webhookBatch = 100

// webhookActor signs what webhooks change.
var webhookActor = store.Actor{Label: "TikTok Shop webhook"}

// ProcessWebhooksSoon moves the inbox's next processing run to now, for the endpoint that
// just recorded a delivery: the run otherwise comes within WebhooksEvery.
func ProcessWebhooksSoon(ctx context.Context, s *store.Store) error {
	_, _, err := s.EnqueueJob(ctx, store.JobSpec{Kind: KindWebhooks, UniqueKey: webhooksInboxKey, Every: WebhooksEvery, Expedite: true})
	return err
}

// webhooksJob processes the inbox; its chain runs every WebhooksEvery.
func (y *Syncer) webhooksJob(ctx context.Context, _ *store.Job) error {
	_, err := y.ProcessWebhooks(ctx)
	return err
}

// ProcessWebhooks acts on every pending TikTok Shop webhook in the inbox, oldest first, and
// returns how many it processed. Each event is marked processed once its effect is stored; an
// event whose effect fails stays pending with the error and is tried again on the next run,
// up to 10 attempts, after which it stays in the inbox for a person to look at. Every effect
// is idempotent (a sync coalesced by its unique key, a status already set, a reply time that
// only moves forward), so an event processed twice after a crash changes nothing more.
func (y *Syncer) ProcessWebhooks(ctx context.Context) (int, error) {
	var after int64
	processed := 0
	for {
		events, err := y.Store.PendingWebhooks(ctx, model.PlatformTikTokShop, after, webhookBatch)
		if err != nil {
			return processed, err
		}
		for i := range events {
			e := &events[i]
			after = e.ID
			if e.Attempts >= maxWebhookAttempts {
				continue
			}
			wsID, err := y.processWebhook(ctx, e)
			if err != nil {
				if ctx.Err() != nil {
					return processed, ctx.Err()
				}
				y.log().Warn("platformsync: webhook not processed; it is tried again", "webhook", e.ID,
					"notification", e.NotificationID, "kind", e.Kind, "attempt", e.Attempts+1, "err", err)
				if err := y.Store.MarkWebhookFailed(ctx, e.ID, err.Error()); err != nil {
					return processed, err
				}
				continue
			}
			if err := y.Store.MarkWebhookProcessed(ctx, e.ID, wsID, y.now()); err != nil {
				return processed, err
			}
			processed++
		}
		if len(events) < webhookBatch {
			return processed, nil
		}
	}
}

// processWebhook applies one event and returns the workspace its shop belongs to (0 when no
// workspace has the shop connected: nothing to do).
func (y *Syncer) processWebhook(ctx context.Context, e *store.WebhookEvent) (int64, error) {
	ev, err := webhook.Parse([]byte(e.Payload))
	if err != nil {
		return 0, err
	}
	conn, err := y.Store.ConnectionByExternalShop(ctx, model.PlatformTikTokShop, e.ShopID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	switch ev.Kind {
	case webhook.KindOrderStatusChange, webhook.KindReverseOrder, webhook.KindReturnStatus:
		// The orders search carries the change; a burst of events shares one sync.
		if conn.Status == store.ConnectionActive && conn.ShopID != nil {
			err = y.syncSoon(ctx, conn, y.now().Add(webhookSyncDelay))
		}
	case webhook.KindSellerDeauthorized:
		msg := "the seller removed the app's authorization on TikTok Shop: connect the shop again to resume its syncs"
		if m := strings.TrimSpace(ev.SellerDeauthorized.Message); m != "" {
			msg += " (" + m + ")"
		}
		if err = y.Store.SetConnectionStatus(ctx, conn.ID, store.ConnectionNeedsReauth, msg); err == nil {
			err = y.stopChain(ctx, conn, msg)
		}
	case webhook.KindAuthorizationExpiring:
		ends := "soon"
		if t := ev.AuthorizationExpiring.ExpirationTime; !t.IsZero() {
			ends = "on " + t.Format("2 Jan 2006 15:04 MST")
		}
		msg := fmt.Sprintf("TikTok Shop says the authorization of %q ends %s: connect the shop again before then, or its syncs stop.", conn.ShopName, ends)
		_, err = y.Store.RecordConnectionExpiryAlert(ctx, conn.ID, msg)
	case webhook.KindNewMessage:
		err = y.recordReply(ctx, conn, ev)
	}
	if errors.Is(err, store.ErrNotFound) { // the connection was disconnected meanwhile
		err = nil
	}
	return conn.WorkspaceID, err
}

// recordReply records a creator's message as a reply on the creator whose TikTok account has
// the sender's id. Messages from the seller's side, and from creators not in the CRM, change
// nothing.
func (y *Syncer) recordReply(ctx context.Context, conn *store.Connection, ev *webhook.Event) error {
	m := ev.NewMessage
	if m.SenderRole != "" && !strings.EqualFold(m.SenderRole, "CREATOR") {
		return nil
	}
	at := m.CreateTime
	if at.IsZero() {
		at = ev.Timestamp
	}
	id, recorded, err := y.Store.RecordCreatorReply(ctx, webhookActor, conn.WorkspaceID, store.AccountPlatform(model.PlatformTikTokShop),
		m.SenderID, at, "replied on TikTok Shop ("+strings.ToLower(m.MessageType)+" message)")
	if errors.Is(err, store.ErrNotFound) {
		y.log().Debug("platformsync: a message from a creator not in the CRM", "workspace", conn.WorkspaceID, "sender", m.SenderID)
		return nil
	}
	if err == nil && recorded {
		y.log().Info("platformsync: creator replied", "workspace", conn.WorkspaceID, "creator", id)
	}
	return err
}
