package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/platformsync"
)

// promotionLinksGenerate handles POST /w/{ws}/promotion-links/generate ("Generate missing"):
// every active connection feeding a shop generates the links its products lack, at once, on
// the job runner.
func (h *handler) promotionLinksGenerate(w http.ResponseWriter, r *http.Request) {
	h.affiliateSyncNow(w, r, platformsync.KindPromotionLinks, "promotion-links?ok=generate")
}
