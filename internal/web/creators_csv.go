package web

import (
	"net/http"
	"strconv"
)

// creatorsCSV downloads the creators list with the page's filters and sort, every page of it.
func (h *handler) creatorsCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	q, form, _, bad := creatorQueryFrom(r)
	if bad.Message != "" {
		h.badRequest(w, r, bad.Message)
		return
	}
	win, err := h.figureWindow(r.Context(), ws, form.Days)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q.Window, q.Offset = win, 0
	// The snapshot behind the list is in memory already: 1,000 rows a call keeps each page's
	// copy small without a query per page.
	q.Limit = 1000
	header := []string{"handle", "display_name", "email", "followers", "category", "region", "agency", "period_from",
		"period_to", "currency", "gmv", "orders", "aov", "units", "est_commission", "paid_commission", "refunds", "lines", "last_sale"}
	from, to := dayTime(win.From).Format("2006-01-02"), dayTime(win.To).Format("2006-01-02")
	h.writeCSV(w, r, csvFilename(ws, "creators"), header, func(emit func([]string) error) error {
		for {
			page, err := h.store.CreatorList(r.Context(), ws.ID, q)
			if err != nil {
				return err
			}
			for _, c := range page.Rows {
				aov := ""
				if c.Orders > 0 {
					aov = plainMoney(average(c.GMV, c.Orders), c.Currency)
				}
				if err := emit([]string{c.Handle, c.DisplayName, c.Email, optCount(c.Followers), c.Category, c.Region,
					c.Agency, from, to, c.Currency, plainMoney(c.GMV, c.Currency), strconv.FormatInt(c.Orders, 10), aov,
					strconv.FormatInt(c.Units, 10), plainMoney(c.EstCommission, c.Currency),
					plainMoney(c.PaidCommission, c.Currency), plainMoney(c.Refunds, c.Currency),
					strconv.FormatInt(c.Lines, 10), isoDay(c.LastSaleDay)}); err != nil {
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

// isoDay writes a YYYYMMDD day as 2026-11-15 ("" for none).
func isoDay(day int32) string {
	if day == 0 {
		return ""
	}
	return dayTime(day).Format("2006-01-02")
}
