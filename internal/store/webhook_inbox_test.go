package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// inboxEvent is a type 1 delivery with the given id, emitted at at.
func inboxEvent(id string, at time.Time) store.WebhookEvent {
	return store.WebhookEvent{Platform: model.PlatformTikTokShop, NotificationID: id, ShopID: "7494049642642441621",
		Type: "1", Kind: "order_status_change", NotifiedAt: at, ReceivedAt: at.Add(time.Second),
		Payload: fmt.Sprintf(`{"type":1,"tts_notification_id":%q}`, id)}
}

func TestWebhookInbox(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 9, 30, 12, 0, 0, 0, time.UTC)
		ws, _ := storetest.USDShop(t, s)

		steps := []struct {
			name string
			e    store.WebhookEvent
			want bool // inserted
		}{
			{"first delivery", inboxEvent("n1", at), true},
			{"redelivery of the same id", inboxEvent("n1", at.Add(time.Minute)), false},
			{"another id", inboxEvent("n2", at), true},
			{"same id on another platform", func() store.WebhookEvent {
				e := inboxEvent("n1", at)
				e.Platform = model.PlatformShopee
				return e
			}(), true},
		}
		for _, st := range steps {
			got, err := s.RecordWebhook(ctx, st.e)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got != st.want {
				t.Fatalf("%s: inserted = %v, want %v", st.name, got, st.want)
			}
		}
		if n, err := s.WebhookCount(ctx, model.PlatformTikTokShop); err != nil || n != 2 {
			t.Fatalf("count = %d, %v; want 2", n, err)
		}

		// The first receipt is what the inbox keeps: a redelivery changes nothing.
		e, err := s.WebhookByNotification(ctx, model.PlatformTikTokShop, "n1")
		if err != nil {
			t.Fatal(err)
		}
		want := inboxEvent("n1", at)
		if e.ShopID != want.ShopID || e.Type != "1" || e.Kind != want.Kind || e.Payload != want.Payload ||
			!e.NotifiedAt.Equal(at) || !e.ReceivedAt.Equal(at.Add(time.Second)) || !e.ProcessedAt.IsZero() ||
			e.WorkspaceID != 0 || e.Attempts != 0 {
			t.Fatalf("stored %+v", e)
		}
		if _, err := s.WebhookByNotification(ctx, model.PlatformTikTokShop, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown id: err = %v, want ErrNotFound", err)
		}

		pending, err := s.PendingWebhooks(ctx, model.PlatformTikTokShop, 0, 10)
		if err != nil || len(pending) != 2 || pending[0].NotificationID != "n1" || pending[1].NotificationID != "n2" {
			t.Fatalf("pending = %+v, %v", pending, err)
		}
		if next, err := s.PendingWebhooks(ctx, model.PlatformTikTokShop, pending[0].ID, 10); err != nil || len(next) != 1 || next[0].ID != pending[1].ID {
			t.Fatalf("page after the first = %+v, %v", next, err)
		}

		// A failure keeps the event pending with its error; success takes it off the queue.
		if err := s.MarkWebhookFailed(ctx, pending[0].ID, "shop 7494049642642441621 is not connected"); err != nil {
			t.Fatal(err)
		}
		if e, _ := s.WebhookByNotification(ctx, model.PlatformTikTokShop, "n1"); e.Attempts != 1 || e.LastError == "" || !e.ProcessedAt.IsZero() {
			t.Fatalf("after a failure: %+v", e)
		}
		done := at.Add(time.Hour)
		if err := s.MarkWebhookProcessed(ctx, pending[0].ID, ws.ID, done); err != nil {
			t.Fatal(err)
		}
		e, _ = s.WebhookByNotification(ctx, model.PlatformTikTokShop, "n1")
		if e.Attempts != 2 || e.LastError != "" || !e.ProcessedAt.Equal(done) || e.WorkspaceID != ws.ID {
			t.Fatalf("after processing: %+v", e)
		}
		if pending, _ := s.PendingWebhooks(ctx, model.PlatformTikTokShop, 0, 10); len(pending) != 1 || pending[0].NotificationID != "n2" {
			t.Fatalf("pending after processing n1 = %+v", pending)
		}
		if err := s.MarkWebhookProcessed(ctx, 1<<40, 0, done); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown event: err = %v, want ErrNotFound", err)
		}
		if err := s.MarkWebhookFailed(ctx, 1<<40, "x"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown event: err = %v, want ErrNotFound", err)
		}

		// Pruning forgets processed events only; n2 is pending and stays.
		if n, err := s.PruneWebhooks(ctx, model.PlatformTikTokShop, at.Add(time.Minute)); err != nil || n != 1 {
			t.Fatalf("pruned %d, %v; want 1", n, err)
		}
		if n, _ := s.WebhookCount(ctx, model.PlatformTikTokShop); n != 1 {
			t.Fatalf("count after pruning = %d, want 1", n)
		}
	})
}

// TestWebhookInboxConcurrent delivers the same id from many goroutines at once: the unique key,
// not a read before the write, decides, so exactly one is inserted.
func TestWebhookInboxConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Now().UTC()
		const senders = 16
		var wg sync.WaitGroup
		results := make([]bool, senders)
		errs := make([]error, senders)
		for i := range senders {
			wg.Go(func() { results[i], errs[i] = s.RecordWebhook(ctx, inboxEvent("same", at)) })
		}
		wg.Wait()
		inserted := 0
		for i := range senders {
			if errs[i] != nil {
				t.Fatalf("sender %d: %v", i, errs[i])
			}
			if results[i] {
				inserted++
			}
		}
		if inserted != 1 {
			t.Fatalf("%d senders were told they inserted, want 1", inserted)
		}
		if n, _ := s.WebhookCount(ctx, model.PlatformTikTokShop); n != 1 {
			t.Fatalf("count = %d, want 1", n)
		}
	})
}
