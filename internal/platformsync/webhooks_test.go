package platformsync_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/webhook"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

// deliverer posts signed webhooks to the real endpoint, which records them in the inbox.
type deliverer struct {
	t      *testing.T
	url    string
	key    string
	secret string
	seq    int
}

func newDeliverer(t *testing.T, s *store.Store, r *rig) *deliverer {
	opts := web.Options{}
	opts.TikTokApp.Key, opts.TikTokApp.Secret = r.p.AppKey, r.p.AppSecret
	srv := httptest.NewServer(web.New(s, quiet(), opts))
	t.Cleanup(srv.Close)
	return &deliverer{t: t, url: srv.URL + "/webhooks/tiktok-shop", key: r.p.AppKey, secret: r.p.AppSecret}
}

// send delivers one notification of type typ (a number, or a quoted topic) for shop with
// data, under notification id id ("" for a new one), and returns the id.
func (d *deliverer) send(id, shop, typ, data string) string {
	d.t.Helper()
	if id == "" {
		d.seq++
		id = fmt.Sprintf("n%d", d.seq)
	}
	body := []byte(fmt.Sprintf(`{"type":%s,"tts_notification_id":%q,"shop_id":%q,"timestamp":%d,"data":%s}`,
		typ, id, shop, time.Now().Unix(), data))
	req, err := http.NewRequest(http.MethodPost, d.url, bytes.NewReader(body))
	if err != nil {
		d.t.Fatal(err)
	}
	req.Header.Set("Authorization", webhook.Sign(d.key, d.secret, body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		d.t.Fatalf("webhook %s answered %d", id, res.StatusCode)
	}
	return id
}

const fakeShopID = "7494000000000000001"

// Every kind of event does what it should, once: order and return events queue one sync of
// the shop's connection soon, an expiring authorization records its alert, a creator's message
// records the reply on the creator, a deauthorization stops the connection's syncs; events of
// shops nobody connected are processed with nothing to do; redeliveries and second runs
// change nothing.
func TestWebhooksProcessed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 51, Orders: 5}, 3)
		d := newDeliverer(t, s, r)
		if _, err := s.AddMarketplaceProspects(ctx, store.CLIActor, r.ws.ID, []store.MarketplaceCreator{
			{Username: "replier", ExternalID: "im_777"}, {Username: "quiet_one", ExternalID: "im_888"}}); err != nil {
			t.Fatal(err)
		}
		replier, err := s.CreatorByHandle(ctx, r.ws.ID, "tiktok", "replier")
		if err != nil {
			t.Fatal(err)
		}
		process := func(want int) {
			t.Helper()
			n, err := r.y.ProcessWebhooks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("processed %d events, want %d", n, want)
			}
		}
		ordersJobs := func(status string) []*store.Job {
			t.Helper()
			js, err := s.Jobs(ctx, store.JobFilter{Kind: platformsync.KindOrders, Status: status})
			if err != nil {
				t.Fatal(err)
			}
			return js
		}

		msgAt := time.Now().Add(-time.Minute).Truncate(time.Second)
		first := d.send("", fakeShopID, "1", `{"order_id":"576000","order_status":"DELIVERED","update_time":1700000000}`)
		d.send("", fakeShopID, "12", `{"order_id":"576001","return_id":"r1","return_status":"RETURN_OR_REFUND_REQUEST_COMPLETE","update_time":1700000000}`)
		d.send("", fakeShopID, "2", `{"order_id":"576002","reverse_order_id":"rv1","reverse_order_status":"100","update_time":1700000000}`)
		d.send("", fakeShopID, "7", `{"message":"expiring","expiration_time":1900000000}`)
		d.send("", fakeShopID, `"NEW_MESSAGE_LISTENER"`, fmt.Sprintf(`{"conversation_id":"c1","message_id":"m1","msg_type":"TEXT","content":"{\"content\":\"hi!\"}","sender":{"im_user_id":"im_777","role":"CREATOR"},"create_time":%d}`, msgAt.Unix()))
		d.send("", fakeShopID, `"NEW_MESSAGE_LISTENER"`, `{"conversation_id":"c2","message_id":"m2","msg_type":"TEXT","content":"{\"content\":\"ours\"}","sender":{"im_user_id":"im_888","role":"SELLER"},"create_time":1700000000}`)
		d.send("", fakeShopID, `"NEW_MESSAGE_LISTENER"`, `{"conversation_id":"c3","message_id":"m3","msg_type":"TEXT","content":"{\"content\":\"who?\"}","sender":{"im_user_id":"im_999","role":"CREATOR"},"create_time":1700000000}`)
		stranger := d.send("", "7494999999999999999", "1", `{"order_id":"1","order_status":"DELIVERED","update_time":1700000000}`)
		d.send(first, fakeShopID, "1", `{"order_id":"576000","order_status":"DELIVERED","update_time":1700000000}`) // a redelivery
		process(8)

		// One sync queued for the three order events, soon but not at once.
		queued := ordersJobs(store.JobQueued)
		if len(queued) != 1 || queued[0].UniqueKey != fmt.Sprintf("connection:%d", r.conn.ID) || queued[0].RunAt.Before(r.p.Now()) {
			t.Errorf("queued orders syncs: %+v, want one for the connection, a few seconds from now", queued)
		}
		conn, err := s.Connection(ctx, r.ws.ID, r.conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		if conn.ExpiryAlertAt == nil || conn.Status != store.ConnectionActive {
			t.Errorf("after the expiring authorization: %+v, want an alert recorded and still active", conn)
		}
		p, err := s.CRMProfile(ctx, r.ws.ID, replier.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.LastReplyAt == nil || !p.LastReplyAt.Equal(msgAt) {
			t.Errorf("the creator's last reply is %v, want %v", p.LastReplyAt, msgAt)
		}
		quietOne, err := s.CreatorByHandle(ctx, r.ws.ID, "tiktok", "quiet_one")
		if err != nil {
			t.Fatal(err)
		}
		if p, err := s.CRMProfile(ctx, r.ws.ID, quietOne.ID); err != nil || p.LastReplyAt != nil {
			t.Errorf("a seller's own message recorded a reply: %+v, %v", p, err)
		}
		e, err := s.WebhookByNotification(ctx, model.PlatformTikTokShop, stranger)
		if err != nil {
			t.Fatal(err)
		}
		if e.ProcessedAt.IsZero() || e.WorkspaceID != 0 {
			t.Errorf("an event of a shop nobody connected: %+v, want processed for no workspace", e)
		}
		e, err = s.WebhookByNotification(ctx, model.PlatformTikTokShop, first)
		if err != nil {
			t.Fatal(err)
		}
		if e.ProcessedAt.IsZero() || e.WorkspaceID != r.ws.ID || e.Attempts != 1 {
			t.Errorf("the order event: %+v, want processed once for workspace %d", e, r.ws.ID)
		}

		// Processing again, or redelivering, does nothing more.
		process(0)
		d.send(first, fakeShopID, "1", `{"order_id":"576000","order_status":"DELIVERED","update_time":1700000000}`)
		d.send("", fakeShopID, `"NEW_MESSAGE_LISTENER"`, fmt.Sprintf(`{"conversation_id":"c1","message_id":"m0","msg_type":"TEXT","content":"{\"content\":\"older\"}","sender":{"im_user_id":"im_777","role":"CREATOR"},"create_time":%d}`, msgAt.Add(-time.Hour).Unix()))
		process(1)
		if p, err := s.CRMProfile(ctx, r.ws.ID, replier.ID); err != nil || !p.LastReplyAt.Equal(msgAt) {
			t.Errorf("an older message moved the last reply: %+v, %v", p.LastReplyAt, err)
		}
		if q := ordersJobs(store.JobQueued); len(q) != 1 {
			t.Errorf("%d orders syncs queued, want still 1", len(q))
		}

		// The seller removes the app: the connection needs re-authorization and its syncs stop.
		d.send("", fakeShopID, "6", `{"message":"deauthorized"}`)
		process(1)
		conn, err = s.Connection(ctx, r.ws.ID, r.conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		if conn.Status != store.ConnectionNeedsReauth || !strings.Contains(conn.LastError, "removed the app") {
			t.Errorf("after the deauthorization: status %q, error %q", conn.Status, conn.LastError)
		}
		if q := ordersJobs(store.JobQueued); len(q) != 0 {
			t.Errorf("%d orders syncs still queued after the deauthorization", len(q))
		}
		// Order events of a connection needing re-authorization queue nothing.
		d.send("", fakeShopID, "1", `{"order_id":"576003","order_status":"DELIVERED","update_time":1700000000}`)
		process(1)
		if q := ordersJobs(store.JobQueued); len(q) != 0 {
			t.Errorf("an order event queued a sync of a connection needing re-authorization")
		}
	})
}

// An event that cannot be processed stays in the inbox with its error and attempts, and is
// given up after 10 attempts.
func TestWebhookFailuresCounted(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 52, Orders: 5}, 3)
		// Recorded as the endpoint would, but with a payload that no longer parses (an inbox
		// row written by an older version, say).
		if _, err := s.RecordWebhook(ctx, store.WebhookEvent{Platform: model.PlatformTikTokShop, NotificationID: "bad",
			ShopID: fakeShopID, Type: "1", Kind: "order_status_change", Payload: `{"type":1}`, NotifiedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		for range 12 {
			if _, err := r.y.ProcessWebhooks(ctx); err != nil {
				t.Fatal(err)
			}
		}
		e, err := s.WebhookByNotification(ctx, model.PlatformTikTokShop, "bad")
		if err != nil {
			t.Fatal(err)
		}
		if !e.ProcessedAt.IsZero() || e.Attempts != 10 || !strings.Contains(e.LastError, "malformed") {
			t.Errorf("a bad event: %+v, want pending after 10 attempts with its error", e)
		}
	})
}
