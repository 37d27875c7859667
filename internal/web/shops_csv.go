package web

import (
	"net/http"
	"strconv"
	"time"
)

// shopsCSV downloads the shop list.
func (h *handler) shopsCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	shops, err := h.store.ShopSummaries(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	header := []string{"slug", "name", "platform", "region", "currency", "locale", "timezone", "imports", "last_import", "created"}
	h.writeCSV(w, r, csvFilename(ws, "shops"), header, func(emit func([]string) error) error {
		loc := ws.Location()
		for _, sh := range shops {
			if err := emit([]string{sh.Slug, sh.Name, sh.Platform, sh.Region, sh.Currency, sh.Locale, sh.Timezone,
				strconv.Itoa(sh.Imports), adminTime(sh.LastImportAt, loc), adminTime(&sh.CreatedAt, loc)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// adminTime writes an instant for a CSV cell in the workspace's zone with its offset, so a
// spreadsheet reader knows which zone it is; "" for none.
func adminTime(t *time.Time, loc *time.Location) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}
