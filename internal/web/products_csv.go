package web

import (
	"net/http"
	"strconv"
)

// productsCSV downloads the products list with the page's search and sort, every page of it.
func (h *handler) productsCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	q, form, _, bad := productQueryFrom(r)
	if bad.Message != "" {
		h.badRequest(w, r, bad.Message)
		return
	}
	win, err := h.figureWindow(r.Context(), ws, form.Days)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q.Window, q.Offset, q.Limit = win, 0, 1000
	header := []string{"product_id", "name", "shop", "skus", "period_from", "period_to", "currency", "gmv", "orders",
		"units", "aov", "est_commission", "paid_commission", "refunds", "lines"}
	from, to := dayTime(win.From).Format("2006-01-02"), dayTime(win.To).Format("2006-01-02")
	h.writeCSV(w, r, csvFilename(ws, "products"), header, func(emit func([]string) error) error {
		for {
			page, err := h.store.ProductList(r.Context(), ws.ID, q)
			if err != nil {
				return err
			}
			for _, p := range page.Rows {
				aov := ""
				if p.Orders > 0 {
					aov = plainMoney(average(p.GMV, p.Orders), p.Currency)
				}
				if err := emit([]string{p.PlatformProductID, p.Name, p.ShopSlug, strconv.FormatInt(p.SKUs, 10), from, to,
					p.Currency, plainMoney(p.GMV, p.Currency), strconv.FormatInt(p.Orders, 10), strconv.FormatInt(p.Units, 10),
					aov, plainMoney(p.EstCommission, p.Currency), plainMoney(p.PaidCommission, p.Currency),
					plainMoney(p.Refunds, p.Currency), strconv.FormatInt(p.Lines, 10)}); err != nil {
					return err
				}
			}
			if page.Next == nil {
				return nil
			}
			q.After = page.Next
		}
	})
}
