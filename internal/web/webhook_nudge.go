package web

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/creatorops/creatorops/internal/platformsync"
)

// lastWebhookNudge is when this process last asked for the inbox to be processed (Unix ms).
var lastWebhookNudge atomic.Int64

// nudgeWebhooks asks for the webhook inbox to be processed now, at most once a second: a
// burst of deliveries costs one queue write a second, not one each. The acknowledgement is
// flushed first, so the platform does not wait for the write. Without the nudge the inbox is
// still processed every few seconds.
func (h *handler) nudgeWebhooks(w http.ResponseWriter, r *http.Request) {
	now := time.Now().UnixMilli()
	last := lastWebhookNudge.Load()
	if now-last < 1000 || !lastWebhookNudge.CompareAndSwap(last, now) {
		return
	}
	http.NewResponseController(w).Flush()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), webhookWriteTimeout)
	defer cancel()
	if err := platformsync.ProcessWebhooksSoon(ctx, h.store); err != nil {
		h.log.Warn("web: unable to ask for the webhook inbox to be processed; it is within seconds anyway", "err", err)
	}
}
