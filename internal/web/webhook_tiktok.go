package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/webhook"
	"github.com/creatorops/creatorops/internal/store"
)

// webhookWriteTimeout bounds the inbox write: a stuck database fails the delivery with a 500,
// which TikTok redelivers, instead of holding its connection open.
const webhookWriteTimeout = 10 * time.Second

// tiktokWebhook returns the handler of POST /webhooks/tiktok-shop. The route is public: the
// signature over the raw body is its authentication. A delivery is verified, checked for
// freshness, written to the inbox in one statement and acknowledged; the sync processes the
// inbox later, so the answer never waits for TikTok's API or our rollups.
func (h *handler) tiktokWebhook() http.HandlerFunc {
	// One warning per server: an unconfigured app answered on every delivery would flood the
	// log at TikTok's retry rate.
	var unconfigured sync.Once
	return func(w http.ResponseWriter, r *http.Request) {
		app := h.opts.TikTokApp
		if app.Key == "" || app.Secret == "" {
			unconfigured.Do(func() {
				h.log.Warn("web: a TikTok Shop webhook arrived but no app is configured; set --tiktok-app-key and --tiktok-app-secret (or CREATOROPS_TIKTOK_APP_KEY and CREATOROPS_TIKTOK_APP_SECRET)",
					"remote", r.RemoteAddr)
			})
			webhookAnswer(w, http.StatusServiceUnavailable, "TikTok Shop webhooks are not configured on this server: its operator must set the app key and secret")
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, webhook.MaxBodySize))
		if err != nil {
			if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
				h.log.Warn("web: TikTok Shop webhook refused", "remote", r.RemoteAddr, "err", err)
				webhookAnswer(w, http.StatusRequestEntityTooLarge, "the body is over "+strconv.Itoa(webhook.MaxBodySize)+" bytes: not a TikTok Shop webhook")
				return
			}
			webhookAnswer(w, http.StatusBadRequest, "the body could not be read")
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), webhookWriteTimeout)
		defer cancel()
		inbox := &inboxSeen{store: h.store, body: body, received: time.Now()}
		checker := webhook.Checker{AppKey: app.Key, AppSecret: app.Secret, Seen: inbox}
		e, err := checker.Check(ctx, r.Header.Get("Authorization"), body)
		switch {
		case err == nil:
			h.log.Debug("web: TikTok Shop webhook received", "notification", e.NotificationID, "shop", e.ShopID, "kind", e.Kind)
			webhookAnswer(w, http.StatusOK, "")
			h.nudgeWebhooks(w, r) // webhook_nudge.go
		case errors.Is(err, webhook.ErrReplay):
			// TikTok redelivers until it gets a 200, so a repeat is acknowledged, not refused.
			h.log.Debug("web: TikTok Shop webhook redelivered", "notification", e.NotificationID, "shop", e.ShopID, "kind", e.Kind)
			webhookAnswer(w, http.StatusOK, "")
		case errors.Is(err, webhook.ErrBadSignature):
			// The error names the body's length only: the header and the body stay out of logs.
			h.log.Warn("web: TikTok Shop webhook refused", "remote", r.RemoteAddr, "err", err)
			webhookAnswer(w, http.StatusUnauthorized, "Authorization is not the signature of this body by the configured app")
		case errors.Is(err, webhook.ErrMalformed), errors.Is(err, webhook.ErrStale), errors.Is(err, webhook.ErrFuture):
			h.log.Warn("web: TikTok Shop webhook refused", "remote", r.RemoteAddr, "err", err)
			webhookAnswer(w, http.StatusBadRequest, err.Error())
		default:
			// The inbox could not be written: a 500 makes TikTok deliver it again later.
			h.log.Error("web: TikTok Shop webhook not recorded", "remote", r.RemoteAddr, "err", err)
			webhookAnswer(w, http.StatusInternalServerError, "the notification could not be recorded; deliver it again")
		}
	}
}

// webhookAnswer writes TikTok's answer envelope: {"code":0} acknowledges, anything else carries
// the status as its code and says why.
func webhookAnswer(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if status == http.StatusOK {
		io.WriteString(w, `{"code":0}`)
		return
	}
	json.NewEncoder(w).Encode(struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}{status, message})
}

// inboxSeen is the Checker's replay guard for one delivery: "seen" means the inbox already
// holds the notification id, and a first receipt is recorded by the same statement that asks,
// so concurrent redeliveries cannot both pass.
type inboxSeen struct {
	store    *store.Store
	body     []byte
	received time.Time
}

// Seen implements webhook.Seen: the Checker calls it once the body is verified and parsed,
// and the inbox row records the notification with its shop and type.
func (s *inboxSeen) Seen(ctx context.Context, e *webhook.Event) (bool, error) {
	typ := e.Topic
	if typ == "" {
		typ = strconv.Itoa(e.Type)
	}
	inserted, err := s.store.RecordWebhook(ctx, store.WebhookEvent{
		Platform:       model.PlatformTikTokShop,
		NotificationID: e.NotificationID,
		ShopID:         e.ShopID,
		Type:           typ,
		Kind:           string(e.Kind),
		Payload:        string(s.body),
		NotifiedAt:     e.Timestamp,
		ReceivedAt:     s.received,
	})
	return !inserted, err
}
