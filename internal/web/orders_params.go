package web

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// orderFilter is the order lines list's filters as the user wrote them, and the query they make.
type orderFilter struct {
	Status, Creator, Product, Shop, From, To, Order, Dir string

	query store.OrderQuery
	// Unknown says a filter names something the workspace does not have ("no creator
	// @nobody"): the list is empty, and the page says why.
	Unknown string
}

// active reports whether any filter is set.
func (f *orderFilter) active() bool {
	return f.Status != "" || f.Creator != "" || f.Product != "" || f.Shop != "" || f.From != "" || f.To != "" || f.Order != ""
}

// orderFilterFrom reads the order filters of a list or export. bad is a problem for a 400
// (f then holds the filters as typed, for the form); err a failure of the store.
func (h *handler) orderFilterFrom(r *http.Request) (f *orderFilter, bad listProblem, err error) {
	ws := current(r).workspace
	lq := newListQuery(r)
	f = &orderFilter{Status: lq.choice("status", store.OrderStatuses, ""), Creator: model.CanonicalHandle(lq.text("creator")),
		Product: lq.text("product"), Shop: lq.text("shop"), Order: lq.text("order")}
	asc := !lq.desc(true)
	f.Dir = map[bool]string{true: "asc", false: "desc"}[asc]
	loc := ws.Location()
	from, to := lq.day("from", loc), lq.day("to", loc)
	if !from.IsZero() {
		f.From = from.Format("2006-01-02")
	}
	if !to.IsZero() {
		f.To = to.Format("2006-01-02")
		to = to.AddDate(0, 0, 1) // the list includes the whole last day
	}
	if lq.err == "" && !from.IsZero() && !to.IsZero() && !from.Before(to) {
		lq.fail("from", "from %s is after to %s.", f.From, f.To)
	}
	if lq.err != "" {
		return f, lq.problem(wsURL(ws, "orders")), nil
	}
	f.query = store.OrderQuery{Status: f.Status, ProductID: f.Product, From: from, To: to, OrderID: f.Order, Asc: asc, Limit: listPageSize}
	ctx := r.Context()
	if f.Creator != "" {
		id, err := h.store.CreatorIDByHandle(ctx, ws.ID, f.Creator)
		switch {
		case errors.Is(err, store.ErrNotFound):
			f.Unknown = "No creator @" + f.Creator + " in this workspace."
		case err != nil:
			return nil, listProblem{}, err
		}
		f.query.CreatorID = id
	}
	if f.Shop != "" {
		sh, err := h.store.ShopBySlug(ctx, ws.ID, f.Shop)
		switch {
		case errors.Is(err, store.ErrNotFound):
			f.Unknown = "No shop " + f.Shop + " in this workspace."
		case err != nil:
			return nil, listProblem{}, err
		default:
			f.query.ShopID = sh.ID
		}
	}
	return f, listProblem{}, nil
}

// encodeOrderKey makes a page cursor of a line's key: opaque in links, and checked when read.
func encodeOrderKey(k store.OrderKey) string {
	raw := strconv.FormatInt(k.CreatedAt, 10) + "\x1f" + strconv.FormatInt(k.ShopID, 10) + "\x1f" + k.OrderID + "\x1f" + k.SKUID
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeOrderKey reads a cursor made by encodeOrderKey.
func decodeOrderKey(s string) (*store.OrderKey, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	parts := strings.Split(string(b), "\x1f")
	if len(parts) != 4 || parts[2] == "" || parts[3] == "" {
		return nil, false
	}
	created, err1 := strconv.ParseInt(parts[0], 10, 64)
	shop, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	return &store.OrderKey{CreatedAt: created, ShopID: shop, OrderID: parts[2], SKUID: parts[3]}, true
}

// orderRow is an order line formatted for a table.
type orderRow struct {
	Created, CreatedTitle, OrderID, OrderURL, SKU, SellerSKU string
	Product, ProductID, ProductURL                           string
	Creator, CreatorURL                                      string
	Status, StatusClass                                      string
	Quantity, Payment, Est, Actual, Rate                     string
	Refunded                                                 bool
	Shop                                                     string
}

// orderRows formats lines for the orders list and the creator page.
func orderRows(ws *model.Workspace, rows []store.OrderLineRow) []orderRow {
	loc := ws.Location()
	orders := wsURL(ws, "orders")
	out := make([]orderRow, 0, len(rows))
	for i := range rows {
		l := &rows[i]
		m := moneyFor(l.Currency)
		row := orderRow{Created: l.CreatedAt.In(loc).Format("2 Jan 2006 15:04"), CreatedTitle: inZoneTime(l.CreatedAt, loc),
			OrderID: l.OrderID, OrderURL: listURL(orders, nil, "order", l.OrderID), SKU: l.SKUID, SellerSKU: l.SellerSKU,
			Product: l.ProductName, ProductID: l.ProductID, ProductURL: listURL(orders, nil, "product", l.ProductID),
			Creator: l.CreatorHandle, CreatorURL: wsURL(ws, "creators/"+strconv.FormatInt(l.CreatorID, 10)),
			Status: l.Status, StatusClass: "st-" + l.Status, Quantity: m.count(l.Quantity), Payment: m.amount(l.Payment),
			Est: m.amount(l.EstCommission), Refunded: l.FullyRefunded, Shop: l.ShopSlug}
		if l.ActualCommission != nil {
			row.Actual = m.amount(*l.ActualCommission)
		}
		if l.CommissionRateBP > 0 {
			row.Rate = intl.FormatRate(l.CommissionRateBP)
		}
		out = append(out, row)
	}
	return out
}
