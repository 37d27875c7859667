package web

import (
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// samplesSync handles POST /w/{ws}/samples/sync ("Sync now"): every active TikTok Shop
// connection of the workspace syncs its sample applications at once, on whichever server's
// job runner takes the job first.
func (h *handler) samplesSync(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	conns, err := h.store.Connections(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	n := 0
	for _, c := range conns {
		if c.Platform != model.PlatformTikTokShop || c.Status != store.ConnectionActive {
			continue
		}
		if err := platformsync.SyncSamplesNow(r.Context(), h.store, c, time.Now()); err != nil {
			h.serverError(w, r, err)
			return
		}
		n++
	}
	if n == 0 {
		h.renderSamples(w, r, http.StatusConflict, nil, &sampleResults{Heading: "No TikTok Shop is connected",
			Failures: []sampleFailure{{Message: "Connect a shop on the Connections page first: its sample applications are synced from then on."}}})
		return
	}
	http.Redirect(w, r, wsURL(ws, "samples")+"?done=sync", http.StatusSeeOther)
}
