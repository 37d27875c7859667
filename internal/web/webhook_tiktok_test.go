package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/webhook"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

const (
	webhookPath      = "/webhooks/tiktok-shop"
	webhookAppKey    = "6a1bc2de3f4g5"
	webhookAppSecret = "e59af819cc8e1ab2c40b7d12f8a0b6f3a61d9e2c"
	webhookShop      = "7494049642642441621"
)

// webhookBody is a delivery of a type (a number, or a quoted topic) with its data, emitted at ts.
func webhookBody(typ, id string, ts time.Time, data string) []byte {
	return fmt.Appendf(nil, `{"type":%s,"tts_notification_id":%q,"shop_id":%q,"timestamp":%d,"data":%s}`,
		typ, id, webhookShop, ts.Unix(), data)
}

// lockedBuffer collects a server's log lines from its request goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// webhookServer serves the app with the TikTok app configured (or not), logging at debug level
// into the returned buffer so tests can read what was logged.
func webhookServer(t *testing.T, s *store.Store, configured bool) (*httptest.Server, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logs, t.Output()), &slog.HandlerOptions{Level: slog.LevelDebug}))
	var o Options
	if configured {
		o.TikTokApp.Key, o.TikTokApp.Secret = webhookAppKey, webhookAppSecret
	}
	srv := httptest.NewServer(New(s, log, o))
	t.Cleanup(srv.Close)
	return srv, logs
}

// deliver posts body with the authorization header (none when empty) and extra headers, as
// TikTok's servers do: no Origin, no Sec-Fetch-Site, no cookies.
func deliver(t *testing.T, srv *httptest.Server, authorization string, body []byte, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+webhookPath, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestTikTokWebhook(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv, logs := webhookServer(t, s, true)
		ctx := context.Background()
		now := time.Now()
		sign := func(b []byte) string { return webhook.Sign(webhookAppKey, webhookAppSecret, b) }

		// One delivery of every type TikTok sends us, and one it may add later.
		accepted := []struct {
			wire, typ, kind, id, data string // type as sent and as stored, our kind, id, data object
		}{
			{"1", "1", "order_status_change", "n-order", `{"order_id":"576460000000000001","order_status":"AWAITING_SHIPMENT","is_on_hold_order":false,"update_time":1700000000}`},
			{"2", "2", "reverse_order", "n-reverse", `{"order_id":"576460000000000001","reverse_order_id":"r1","reverse_order_status":4,"reverse_event_type":"BUYER_CANCEL","reverse_type":2,"update_time":1700000001}`},
			{"6", "6", "seller_deauthorized", "n-deauth", `{"message":"seller revoked"}`},
			{"7", "7", "authorization_expiring", "n-expiring", `{"message":"Authorization of shop_id 7494049642642441621 is expiring in 3 days.","expiration_time":"1700259200"}`},
			{"12", "12", "return_status", "n-return", `{"order_id":"o1","return_id":"ret1","return_role":"BUYER","return_type":"RETURN_AND_REFUND","return_status":"RETURN_OR_REFUND_REQUEST_PENDING","create_time":1700000000,"update_time":1700000000}`},
			{`"NEW_MESSAGE_LISTENER"`, "NEW_MESSAGE_LISTENER", "new_message", "n-message", `{"conversation_id":"c1","message_id":"m1","msg_type":"TEXT","content":"{\"content\":\"Hi! Can I get a sample?\"}","sender":{"im_user_id":"u1","role":"CREATOR"},"create_time":1700000000}`},
			{"36", "36", "unknown", "n-unknown", `{"package_id":"123456","invoice_status":"INVALID"}`},
		}
		for _, a := range accepted {
			t.Run("type "+a.typ, func(t *testing.T) {
				body := webhookBody(a.wire, a.id, now, a.data)
				status, got := deliver(t, srv, sign(body), body, nil)
				if status != http.StatusOK || got != `{"code":0}` {
					t.Fatalf("answer %d %s, want 200 {\"code\":0}", status, got)
				}
				e, err := s.WebhookByNotification(ctx, model.PlatformTikTokShop, a.id)
				if err != nil {
					t.Fatal(err)
				}
				if e.Type != a.typ || e.Kind != a.kind || e.ShopID != webhookShop || e.Payload != string(body) ||
					e.NotifiedAt.Unix() != now.Unix() || e.WorkspaceID != 0 || !e.ProcessedAt.IsZero() {
					t.Fatalf("stored as %+v", e)
				}
			})
		}

		good := webhookBody(accepted[0].wire, accepted[0].id, now, accepted[0].data)
		other := webhookBody("1", "n-refused", now, `{"order_id":"o9","order_status":"DELIVERED","update_time":1700000000}`)
		tampered := bytes.Replace(other, []byte("DELIVERED"), []byte("CANCELLED"), 1)
		stale := webhookBody("1", "n-stale", now.Add(-webhook.DefaultWindow-time.Minute), `{"order_id":"o1","order_status":"DELIVERED","update_time":1700000000}`)
		future := webhookBody("1", "n-future", now.Add(webhook.DefaultSkew+time.Minute), `{"order_id":"o1","order_status":"DELIVERED","update_time":1700000000}`)
		noID := []byte(fmt.Sprintf(`{"type":1,"shop_id":"s","timestamp":%d,"data":{}}`, now.Unix()))
		noData := webhookBody("1", "n-nodata", now, `null`)
		notJSON := []byte(`type=1&tts_notification_id=n-form`)
		huge := append([]byte(`{"type":1,"pad":"`), bytes.Repeat([]byte("x"), webhook.MaxBodySize)...)

		refused := []struct {
			name   string
			auth   string
			body   []byte
			header map[string]string
			status int
			want   string
		}{
			{"replay of an accepted delivery", sign(good), good, nil, 200, `{"code":0}`},
			{"replay from a browser-less server with a User-Agent", sign(good), good, map[string]string{"User-Agent": "TikTokShop-Webhook/1.0"}, 200, `{"code":0}`},
			{"no Authorization", "", other, nil, 401, "not the signature"},
			{"wrong signature", strings.Repeat("ab", 32), other, nil, 401, "not the signature"},
			{"signature not hex", strings.Repeat("zz", 32), other, nil, 401, "not the signature"},
			{"tampered body", sign(other), tampered, nil, 401, "not the signature"},
			{"signed with another app key", webhook.Sign("otherkey", webhookAppSecret, other), other, nil, 401, "not the signature"},
			{"signed with another secret", webhook.Sign(webhookAppKey, "othersecret", other), other, nil, 401, "not the signature"},
			{"stale timestamp", sign(stale), stale, nil, 400, "timestamp too old"},
			{"timestamp in the future", sign(future), future, nil, 400, "timestamp in the future"},
			{"signed but without a notification id", sign(noID), noID, nil, 400, "tts_notification_id is missing"},
			{"signed but without data", sign(noData), noData, nil, 400, "data is missing"},
			{"signed but not JSON", sign(notJSON), notJSON, nil, 400, "malformed payload"},
			{"over the size cap", sign(huge), huge, nil, 413, "is over"},
			// A browser's cross-site form post is still refused by the global protection; TikTok
			// sends neither header, as every delivery above shows.
			{"cross-site browser post", sign(other), other, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403, ""},
		}
		for _, r := range refused {
			t.Run(r.name, func(t *testing.T) {
				status, got := deliver(t, srv, r.auth, r.body, r.header)
				if status != r.status || !strings.Contains(got, r.want) {
					t.Fatalf("answer %d %s, want %d containing %q", status, got, r.status, r.want)
				}
			})
		}

		if n, err := s.WebhookCount(ctx, model.PlatformTikTokShop); err != nil || n != int64(len(accepted)) {
			t.Fatalf("inbox holds %d events (%v), want %d: refused deliveries must not be stored and replays not twice", n, err, len(accepted))
		}
		for _, id := range []string{"n-refused", "n-stale", "n-future", "n-nodata"} {
			if _, err := s.WebhookByNotification(ctx, model.PlatformTikTokShop, id); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("%s: err = %v, want it not stored", id, err)
			}
		}
		log := logs.String()
		for _, secret := range []string{webhookAppSecret, sign(good), sign(other), "DELIVERED"} {
			if strings.Contains(log, secret) {
				t.Fatalf("the log holds %q:\n%s", secret, log)
			}
		}
		if !strings.Contains(log, "redelivered") || !strings.Contains(log, "notification=n-order") {
			t.Fatalf("the replay was not logged with its id:\n%s", log)
		}
	})
}

// TestTikTokWebhookConcurrent delivers the same notification from several goroutines at once,
// as TikTok's retries can overlap a slow first answer: every one is acknowledged, one is stored.
func TestTikTokWebhookConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv, _ := webhookServer(t, s, true)
		body := webhookBody("1", "n-same", time.Now(), `{"order_id":"o1","order_status":"DELIVERED","update_time":1700000000}`)
		sig := webhook.Sign(webhookAppKey, webhookAppSecret, body)
		const senders = 12
		statuses := make([]int, senders)
		var wg sync.WaitGroup
		for i := range senders {
			wg.Go(func() {
				req, _ := http.NewRequest(http.MethodPost, srv.URL+webhookPath, bytes.NewReader(body))
				req.Header.Set("Authorization", sig)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				statuses[i] = resp.StatusCode
			})
		}
		wg.Wait()
		for i, st := range statuses {
			if st != http.StatusOK {
				t.Fatalf("sender %d got %d, want 200", i, st)
			}
		}
		if n, err := s.WebhookCount(context.Background(), model.PlatformTikTokShop); err != nil || n != 1 {
			t.Fatalf("inbox holds %d events (%v), want 1", n, err)
		}
	})
}

// TestTikTokWebhookUnconfigured checks a server without an app answers 503 with a reason,
// stores nothing and warns once however many deliveries arrive.
func TestTikTokWebhookUnconfigured(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv, logs := webhookServer(t, s, false)
		body := webhookBody("1", "n1", time.Now(), `{"order_id":"o1","order_status":"DELIVERED","update_time":1700000000}`)
		for range 3 {
			status, got := deliver(t, srv, webhook.Sign(webhookAppKey, webhookAppSecret, body), body, nil)
			if status != http.StatusServiceUnavailable || !strings.Contains(got, "not configured") {
				t.Fatalf("answer %d %s, want 503 saying it is not configured", status, got)
			}
		}
		if n := strings.Count(logs.String(), "no app is configured"); n != 1 {
			t.Fatalf("warned %d times, want once:\n%s", n, logs.String())
		}
		if n, _ := s.WebhookCount(context.Background(), model.PlatformTikTokShop); n != 0 {
			t.Fatalf("inbox holds %d events, want none", n)
		}
	})
}

// TestTikTokWebhookStoreDown checks a delivery that cannot be recorded gets a 500, so TikTok
// delivers it again, and the answer names nothing of the database.
func TestTikTokWebhookStoreDown(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv, _ := webhookServer(t, s, true)
		s.Close()
		body := webhookBody("1", "n1", time.Now(), `{"order_id":"o1","order_status":"DELIVERED","update_time":1700000000}`)
		status, got := deliver(t, srv, webhook.Sign(webhookAppKey, webhookAppSecret, body), body, nil)
		if status != http.StatusInternalServerError || !strings.Contains(got, "deliver it again") || strings.Contains(got, "store:") {
			t.Fatalf("answer %d %s, want a 500 asking for redelivery", status, got)
		}
	})
}
