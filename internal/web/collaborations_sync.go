package web

import (
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// collaborationsSyncNow handles POST /w/{ws}/collaborations/sync: every active TikTok Shop
// connection of the workspace syncs its collaborations at once, on the job runner.
func (h *handler) collaborationsSyncNow(w http.ResponseWriter, r *http.Request) {
	h.affiliateSyncNow(w, r, platformsync.KindCollaborations, "collaborations?ok=sync")
}

// affiliateSyncNow queues kind for every active TikTok Shop connection of the workspace and
// redirects to next; without one it says to connect a shop first.
func (h *handler) affiliateSyncNow(w http.ResponseWriter, r *http.Request, kind, next string) {
	st := current(r)
	ctx := r.Context()
	conns, err := h.store.Connections(ctx, st.workspace.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	n := 0
	for _, c := range conns {
		if c.Platform != model.PlatformTikTokShop || c.Status != store.ConnectionActive || (kind == platformsync.KindPromotionLinks && c.ShopID == nil) {
			continue
		}
		if err := platformsync.RunAffiliateSyncNow(ctx, h.store, c, kind, time.Now()); err != nil {
			h.serverError(w, r, err)
			return
		}
		n++
	}
	if n == 0 {
		h.renderStatus(w, r, http.StatusConflict, "No shop to sync", "This workspace has no active TikTok Shop connection feeding a shop: connect one on the Connections page first.")
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, next), http.StatusSeeOther)
}
