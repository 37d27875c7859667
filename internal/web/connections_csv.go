package web

import "net/http"

// connectionsCSV downloads the connection list (never a token).
func (h *handler) connectionsCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	rows, err := h.connectionRows(r, ws)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	header := []string{"id", "platform", "platform_shop_id", "shop_name", "region", "status", "feeds_shop",
		"access_token_expires", "authorization_ends", "last_refresh", "last_sync", "last_error", "connected"}
	h.writeCSV(w, r, csvFilename(ws, "connections"), header, func(emit func([]string) error) error {
		loc := ws.Location()
		for _, c := range rows {
			lastErr := c.LastError
			if lastErr == "" {
				lastErr = c.Sync.LastError
			}
			if err := emit([]string{fmtID(c.ID), c.Platform, c.ExternalShopID, c.ShopName, c.Region, c.Status, c.ShopSlug,
				adminTime(&c.AccessExpiresAt, loc), adminTime(&c.RefreshExpiresAt, loc), adminTime(c.LastRefreshAt, loc),
				adminTime(c.Sync.LastSuccessAt, loc), lastErr, adminTime(&c.CreatedAt, loc)}); err != nil {
				return err
			}
		}
		return nil
	})
}
