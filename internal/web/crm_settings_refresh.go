package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/creatorops/creatorops/internal/crm"
)

// crmSettingsRefresh runs the CRM refresh now (what imports and the hourly run do), so new
// settings or rules take effect at once, and reports what it changed.
func (h *handler) crmSettingsRefresh(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	res, err := crm.Refresh(r.Context(), h.store, st.workspace.ID, time.Now())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	ran := fmt.Sprintf("%d,%d,%d,%d,%d", res.Sales.Changed, res.Moved(), res.TierChanges, res.OverridesExpired, res.Scores)
	http.Redirect(w, r, wsURL(st.workspace, "settings/crm?ran="+ran), http.StatusSeeOther)
}
