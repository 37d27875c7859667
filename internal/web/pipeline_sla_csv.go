package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// pipelineSLACSV downloads every creator of one SLA view (query view, as on the page).
func (h *handler) pipelineSLACSV(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	name := r.URL.Query().Get("view")
	if !store.ValidSLAView(name) {
		h.badRequest(w, r, "view "+quote(name)+" is not an SLA view: engaged, no_sale or no_reply.")
		return
	}
	now := time.Now()
	loc := ws.Location()
	header := []string{"Creator ID", "Handle", "Stage", "Owner", "Clock started", "Days waiting", "Email", "GMV 30d", "Currency", "Last sale"}
	h.writeCSV(w, r, csvFilename(ws, "sla-"+name), header, func(emit func([]string) error) error {
		var after *store.SLAKey
		for {
			rows, next, err := h.store.SLACreators(r.Context(), ws.ID, name, now, after, 500)
			if err != nil {
				return err
			}
			for i := range rows {
				p := &rows[i]
				if err := emit([]string{strconv.FormatInt(p.ID, 10), p.Username, p.Stage.Label(), p.OwnerEmail,
					p.Since.In(loc).Format("2006-01-02 15:04"), strconv.Itoa(int(now.Sub(p.Since).Hours() / 24)), p.Email,
					plainMoney(p.Sales.GMV30d, p.Sales.Currency), p.Sales.Currency, isoDay(p.Sales.LastSale)}); err != nil {
					return err
				}
			}
			if next == nil {
				return nil
			}
			after = next
		}
	})
}
