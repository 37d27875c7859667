package web

import (
	"context"
	"net/http"
	"time"
)

// healthz answers load balancers and supervisors: 200 when the database answers.
func (h *handler) healthz(w http.ResponseWriter, r *http.Request) {
	// A hung database must fail the probe rather than hang it.
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := h.store.Ping(ctx); err != nil {
		h.log.Warn("web: health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(err.Error() + "\n"))
		return
	}
	w.Write([]byte("ok\n"))
}
