package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
)

// ordersCSVChunk is how many lines each query of an export reads. Exports walk the list by key
// like the pages do, so a ten-million-line export neither sits in memory nor holds one read
// transaction open (and SQLite's log uncheckpointed) for minutes.
const ordersCSVChunk = 5000

// ordersCSV downloads the order lines matching the list's filters, all of them.
func (h *handler) ordersCSV(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	f, bad, err := h.orderFilterFrom(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if bad.Message != "" {
		h.badRequest(w, r, bad.Message)
		return
	}
	header := []string{"created_at", "order_id", "sku_id", "seller_sku", "product_id", "product_name", "shop", "creator",
		"status", "quantity", "currency", "price", "payment", "commission_rate", "est_commission", "actual_commission",
		"fully_refunded", "content_type", "content_id", "paid_at", "delivered_at", "commission_paid_at"}
	loc := ws.Location()
	stamp := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	name := "orders"
	if f.Creator != "" {
		name = "orders-" + f.Creator
	}
	h.writeCSV(w, r, csvFilename(ws, name), header, func(emit func([]string) error) error {
		if f.Unknown != "" {
			return nil
		}
		q := f.query
		q.Limit = ordersCSVChunk
		for {
			rows, more, err := h.store.OrderLines(r.Context(), ws.ID, q)
			if err != nil {
				return err
			}
			for i := range rows {
				l := &rows[i]
				actual, rate := "", ""
				if l.ActualCommission != nil {
					actual = plainMoney(*l.ActualCommission, l.Currency)
				}
				if l.CommissionRateBP > 0 {
					rate = intl.FormatRate(l.CommissionRateBP)
				}
				refunded := "no"
				if l.FullyRefunded {
					refunded = "yes"
				}
				if err := emit([]string{stamp(&l.CreatedAt), l.OrderID, l.SKUID, l.SellerSKU, l.ProductID, l.ProductName,
					l.ShopSlug, l.CreatorHandle, l.Status, strconv.FormatInt(l.Quantity, 10), l.Currency,
					plainMoney(l.Price, l.Currency), plainMoney(l.Payment, l.Currency), rate,
					plainMoney(l.EstCommission, l.Currency), actual, refunded, l.ContentType, l.ContentID,
					stamp(l.PaidAt), stamp(l.DeliveredAt), stamp(l.CommissionPaidAt)}); err != nil {
					return err
				}
			}
			if !more {
				return nil
			}
			k := rows[len(rows)-1].Key()
			q.After = &k
		}
	})
}
