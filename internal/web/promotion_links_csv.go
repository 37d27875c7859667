package web

import (
	"net/http"
)

// promotionLinksCSV downloads the promotion links with the page's filters, every page.
func (h *handler) promotionLinksCSV(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	f, bad := parseLinkFilter(r)
	if bad != "" {
		h.badRequest(w, r, bad)
		return
	}
	f.Offset, f.Limit = 0, 500
	loc := ws.Location()
	header := []string{"Product ID", "Product", "Promotion link", "Generated at", "Platform refusal", "Last attempt", "Shop"}
	h.writeCSV(w, r, csvFilename(ws, "promotion-links"), header, func(emit func([]string) error) error {
		for {
			links, more, err := h.store.PromotionLinks(r.Context(), ws.ID, f)
			if err != nil {
				return err
			}
			for _, l := range links {
				gen := ""
				if l.GeneratedAt != nil {
					gen = l.GeneratedAt.In(loc).Format("2006-01-02 15:04")
				}
				if err := emit([]string{l.ProductID, l.ProductName, l.URL, gen, l.Error, l.AttemptedAt.In(loc).Format("2006-01-02 15:04"), l.ShopName}); err != nil {
					return err
				}
			}
			if !more {
				return nil
			}
			f.Offset += len(links)
		}
	})
}
