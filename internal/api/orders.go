package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// OrderLine is one SKU line of an order attributed to a creator.
type OrderLine struct {
	OrderID          string         `json:"order_id" example:"576684019603000065"`
	SKUID            string         `json:"sku_id" example:"1729000000000158397"`
	SellerSKU        string         `json:"seller_sku" example:"SKU-8380"`
	Shop             string         `json:"shop" doc:"Shop slug" example:"us"`
	ProductID        string         `json:"product_id" doc:"The platform's product id"`
	ProductName      string         `json:"product_name"`
	CreatorID        int64          `json:"creator_id"`
	Creator          string         `json:"creator" doc:"The creator's handle" example:"pixiemint_1"`
	Status           string         `json:"status" enum:"pending,processing,shipped,delivered,completed,cancelled,refunded"`
	Quantity         int64          `json:"quantity"`
	Price            Money          `json:"price" doc:"Unit price"`
	Payment          Money          `json:"payment" doc:"What the buyer paid for the line"`
	CommissionRateBP int64          `json:"commission_rate_bp" doc:"Standard commission rate in basis points (1550 = 15.5%)"`
	EstCommission    Money          `json:"est_commission" doc:"Payment × rate rounded down, or the export's estimate without a rate"`
	ActualCommission *OptionalMoney `json:"actual_commission" doc:"What the platform paid; null until it reports it"`
	FullyRefunded    bool           `json:"fully_refunded" doc:"Fully returned or refunded"`
	ContentType      string         `json:"content_type" example:"Video"`
	ContentID        string         `json:"content_id"`
	CreatedAt        time.Time      `json:"created_at"`
	PaidAt           *time.Time     `json:"paid_at"`
	DeliveredAt      *time.Time     `json:"delivered_at"`
	CommissionPaidAt *time.Time     `json:"commission_paid_at"`
}

func orderLineOut(l *store.OrderLineRow) OrderLine {
	return OrderLine{OrderID: l.OrderID, SKUID: l.SKUID, SellerSKU: l.SellerSKU, Shop: l.ShopSlug, ProductID: l.ProductID,
		ProductName: l.ProductName, CreatorID: l.CreatorID, Creator: l.CreatorHandle, Status: l.Status, Quantity: l.Quantity,
		Price: moneyOf(l.Price, l.Currency), Payment: moneyOf(l.Payment, l.Currency), CommissionRateBP: l.CommissionRateBP,
		EstCommission: moneyOf(l.EstCommission, l.Currency), ActualCommission: optMoney(l.ActualCommission, l.Currency),
		FullyRefunded: l.FullyRefunded, ContentType: l.ContentType, ContentID: l.ContentID, CreatedAt: l.CreatedAt,
		PaidAt: l.PaidAt, DeliveredAt: l.DeliveredAt, CommissionPaidAt: l.CommissionPaidAt}
}

type listOrdersInput struct {
	WS      string `path:"ws" doc:"Workspace slug"`
	Status  string `query:"status" enum:"pending,processing,shipped,delivered,completed,cancelled,refunded"`
	Creator string `query:"creator" maxLength:"200" doc:"Only lines of the creator with this handle (with or without @)"`
	Product string `query:"product" maxLength:"200" doc:"Only lines of this platform product id"`
	Shop    string `query:"shop" maxLength:"100" doc:"Only lines of this shop (slug)"`
	From    string `query:"from" format:"date" doc:"Only lines created on or after this day, in the workspace's time zone"`
	To      string `query:"to" format:"date" doc:"Only lines created on or before this day, in the workspace's time zone"`
	Order   string `query:"order" maxLength:"200" doc:"Only the lines of this platform order id"`
	Dir     string `query:"dir" enum:"asc,desc" default:"desc" doc:"By creation time: newest first (desc) or oldest first"`
	PageParams
}

type listOrdersOutput struct {
	Body struct {
		Items      []OrderLine `json:"items"`
		NextCursor string      `json:"next_cursor" doc:"Pass as cursor for the next page; empty on the last page"`
	}
}

type orderInput struct {
	WS    string `path:"ws" doc:"Workspace slug"`
	Order string `path:"order" doc:"The platform's order id" maxLength:"200"`
}

type orderOutput struct {
	Body struct {
		OrderID string      `json:"order_id"`
		Lines   []OrderLine `json:"lines"`
	}
}

func registerOrders(a *API) {
	tags := []string{"Order lines"}
	register(a, huma.Operation{OperationID: "list-order-lines", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/orders",
		Summary: "List order lines", Tags: tags,
		Description: "Attributed order lines, newest first, filtered like the Orders page. Pages follow each other by cursor " +
			"(the key of the last line), so walking every page of a ten-million-line workspace stays fast. There is no total: counting would not."},
		access.ViewData, a.listOrders)
	register(a, huma.Operation{OperationID: "get-order", Method: http.MethodGet, Path: Prefix + "/workspaces/{ws}/orders/{order}",
		Summary: "Get the lines of an order", Tags: tags, Description: "Every attributed line of one platform order."},
		access.ViewData, a.getOrder)
}

func (a *API) listOrders(ctx context.Context, in *listOrdersInput) (*listOrdersOutput, error) {
	ws := from(ctx).workspace
	out := &listOrdersOutput{}
	out.Body.Items = []OrderLine{}
	q := store.OrderQuery{Status: in.Status, ProductID: in.Product, OrderID: in.Order, Asc: in.Dir == "asc", Limit: in.Limit}
	loc := ws.Location()
	var bad []error
	for _, d := range []struct {
		name, value string
		dst         *time.Time
		next        int
	}{{"from", in.From, &q.From, 0}, {"to", in.To, &q.To, 1}} {
		if d.value == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", d.value, loc)
		if err != nil {
			bad = append(bad, &huma.ErrorDetail{Location: "query." + d.name, Value: d.value, Message: "expected a date like 2026-11-15"})
			continue
		}
		*d.dst = t.AddDate(0, 0, d.next)
	}
	if len(bad) == 0 && !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		bad = append(bad, &huma.ErrorDetail{Location: "query.from", Value: in.From, Message: "is after to " + in.To})
	}
	if len(bad) > 0 {
		return nil, huma.Error422UnprocessableEntity("validation failed", bad...)
	}
	key, err := decodeCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	if key != "" {
		k, ok := parseOrderCursor(key)
		if !ok {
			return nil, huma.Error400BadRequest("cursor " + in.Cursor + " is not a cursor of the order lines: pass next_cursor as is")
		}
		q.After = k
	}
	if in.Creator != "" {
		id, err := a.Store.CreatorIDByHandle(ctx, ws.ID, in.Creator)
		if errors.Is(err, store.ErrNotFound) {
			return out, nil // nobody by that handle: no lines
		}
		if err != nil {
			return nil, a.fail(err, "creator")
		}
		q.CreatorID = id
	}
	if in.Shop != "" {
		sh, err := a.Store.ShopBySlug(ctx, ws.ID, in.Shop)
		if errors.Is(err, store.ErrNotFound) {
			return out, nil
		}
		if err != nil {
			return nil, a.fail(err, "shop")
		}
		q.ShopID = sh.ID
	}
	rows, more, err := a.Store.OrderLines(ctx, ws.ID, q)
	if err != nil {
		return nil, a.fail(err, "order line")
	}
	for i := range rows {
		out.Body.Items = append(out.Body.Items, orderLineOut(&rows[i]))
	}
	if more {
		k := rows[len(rows)-1].Key()
		out.Body.NextCursor = encodeCursor(strings.Join([]string{"o1", strconv.FormatInt(k.CreatedAt, 10),
			strconv.FormatInt(k.ShopID, 10), k.OrderID, k.SKUID}, "\x1f"))
	}
	return out, nil
}

func parseOrderCursor(key string) (*store.OrderKey, bool) {
	parts := strings.Split(key, "\x1f")
	if len(parts) != 5 || parts[0] != "o1" || parts[3] == "" || parts[4] == "" {
		return nil, false
	}
	created, err1 := strconv.ParseInt(parts[1], 10, 64)
	shop, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	return &store.OrderKey{CreatedAt: created, ShopID: shop, OrderID: parts[3], SKUID: parts[4]}, true
}

func (a *API) getOrder(ctx context.Context, in *orderInput) (*orderOutput, error) {
	ws := from(ctx).workspace
	rows, _, err := a.Store.OrderLines(ctx, ws.ID, store.OrderQuery{OrderID: in.Order, Asc: true, Limit: 1000})
	if err != nil {
		return nil, a.fail(err, "order")
	}
	if len(rows) == 0 {
		return nil, huma.Error404NotFound("order " + in.Order + " not found")
	}
	out := &orderOutput{}
	out.Body.OrderID = in.Order
	for i := range rows {
		out.Body.Lines = append(out.Body.Lines, orderLineOut(&rows[i]))
	}
	return out, nil
}
