package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/webhook"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// A delivery recorded in the inbox queues its processing at once; a burst queues it once.
func TestTikTokWebhookQueuesProcessing(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		lastWebhookNudge.Store(0)
		srv, _ := webhookServer(t, s, true)
		for i := range 5 {
			body := webhookBody("1", fmt.Sprintf("nudge-%d", i), time.Now(), `{"order_id":"o1","order_status":"DELIVERED","update_time":1700000000}`)
			if status, got := deliver(t, srv, webhook.Sign(webhookAppKey, webhookAppSecret, body), body, nil); status != http.StatusOK {
				t.Fatalf("delivery %d: %d %s", i, status, got)
			}
		}
		js, err := s.Jobs(context.Background(), store.JobFilter{Kind: platformsync.KindWebhooks})
		if err != nil {
			t.Fatal(err)
		}
		if len(js) != 1 || js[0].Status != store.JobQueued || js[0].RunAt.After(time.Now()) || js[0].Every != platformsync.WebhooksEvery {
			t.Fatalf("inbox processing jobs after a burst: %+v, want one, due now, recurring", js)
		}
	})
}
