package tiktokshop

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"time"
)

// Affiliate orders page sizes the platform accepts.
const (
	MaxOrdersPageSize     = 100
	DefaultOrdersPageSize = 50
)

// OrdersQuery selects affiliate orders by creation time, [CreateTimeGE, CreateTimeLT), and by
// last update time, [UpdateTimeGE, UpdateTimeLT): a sync asks for what changed since its last
// run. A zero bound is open.
type OrdersQuery struct {
	CreateTimeGE time.Time
	CreateTimeLT time.Time
	UpdateTimeGE time.Time
	UpdateTimeLT time.Time
	PageSize     int // 1–100; 0 means DefaultOrdersPageSize
}

// body is the search request's JSON body.
func (q OrdersQuery) body() map[string]int64 {
	body := map[string]int64{}
	for _, b := range []struct {
		name string
		at   time.Time
	}{{"create_time_ge", q.CreateTimeGE}, {"create_time_lt", q.CreateTimeLT}, {"update_time_ge", q.UpdateTimeGE}, {"update_time_lt", q.UpdateTimeLT}} {
		if !b.at.IsZero() {
			body[b.name] = b.at.Unix()
		}
	}
	return body
}

// AffiliateOrderLine is one SKU line of an order attributed to a creator; its key is
// (shop, OrderID, SKUID). Amounts the platform sends only once known are nil until then.
type AffiliateOrderLine struct {
	OrderID     string
	OrderStatus string
	SKUID       string
	ProductID   string
	ProductName string

	Quantity         int64
	RefundedQuantity int64
	ReturnedQuantity int64
	Price            Money // per unit, as the buyer paid it

	CreatorUsername       string // orders name a creator by username, never by id
	ContentType           string // VIDEO, LIVE, SHOWCASE…
	ContentID             string
	OpenCollaborationID   string
	TargetCollaborationID string

	CommissionRateBP        int64
	ShopAdsCommissionRateBP int64

	EstimatedCommissionBase    Money
	EstimatedCommission        Money
	EstimatedShopAdsCommission Money
	EstimatedCofundedBonus     Money
	ActualCommissionBase       *Money
	ActualCommission           *Money
	ActualShopAdsCommission    *Money
	ActualCofundedBonus        *Money

	CreatedAt   time.Time
	PaidAt      time.Time // zero when not paid
	DeliveredAt time.Time // zero when not delivered
}

// wireOrder is an order as the platform sends it: attribution lives on each SKU line.
type wireOrder struct {
	ID           string    `json:"id"`
	Status       string    `json:"status"`
	CreateTime   int64     `json:"create_time"`
	PaidTime     int64     `json:"paid_time"`
	DeliveryTime int64     `json:"delivery_time"`
	SKUs         []wireSKU `json:"skus"`
}

// wireSKU is one line of a wireOrder.
type wireSKU struct {
	SKUID                          string     `json:"sku_id"`
	ProductID                      string     `json:"product_id"`
	ProductName                    string     `json:"product_name"`
	Quantity                       int64      `json:"quantity"`
	RefundedQuantity               int64      `json:"refunded_quantity"`
	ReturnedQuantity               int64      `json:"returned_quantity"`
	Price                          wireMoney  `json:"price"`
	CreatorUsername                string     `json:"creator_username"`
	ContentType                    string     `json:"content_type"`
	ContentID                      string     `json:"content_id"`
	OpenCollaborationID            string     `json:"open_collaboration_id"`
	TargetCollaborationID          string     `json:"target_collaboration_id"`
	CommissionRate                 string     `json:"commission_rate"`
	ShopAdsCommissionRate          string     `json:"shop_ads_commission_rate"`
	EstimatedCommissionBase        wireMoney  `json:"estimated_commission_base"`
	EstimatedPaidCommission        wireMoney  `json:"estimated_paid_commission"`
	EstimatedPaidShopAdsCommission wireMoney  `json:"estimated_paid_shop_ads_commission"`
	EstimatedCofundedCreatorBonus  wireMoney  `json:"estimated_cofunded_creator_bonus"`
	ActualCommissionBase           *wireMoney `json:"actual_commission_base"`
	ActualPaidCommission           *wireMoney `json:"actual_paid_commission"`
	ActualPaidShopAdsCommission    *wireMoney `json:"actual_paid_shop_ads_commission"`
	ActualCofundedCreatorBonus     *wireMoney `json:"actual_cofunded_creator_bonus"`
}

// ordersPage is the data of one orders/search response.
type ordersPage struct {
	Orders        []wireOrder `json:"orders"`
	NextPageToken string      `json:"next_page_token"`
	TotalCount    int64       `json:"total_count"`
}

const ordersPath = "/affiliate_seller/202410/orders/search"

// AffiliateOrders walks every affiliate order line created in q's window, page by page.
// A line that cannot be read is yielded as a *LineError and the walk goes on; any other
// error ends it.
func (cl *Client) AffiliateOrders(ctx context.Context, shop ShopAuth, q OrdersQuery) iter.Seq2[AffiliateOrderLine, error] {
	size := q.PageSize
	if size == 0 {
		size = DefaultOrdersPageSize
	}
	if size < 1 || size > MaxOrdersPageSize {
		return failed[AffiliateOrderLine](fmt.Errorf("tiktokshop: POST %s: page size %d is outside 1–%d", ordersPath, size, MaxOrdersPageSize))
	}
	c := cl.shopCall(http.MethodPost, ordersPath, shop, q.body(), false)
	return walk(ctx, cl, c, size, (*ordersPage).lines)
}

// lines converts a page, keeping the lines it cannot read as errors.
func (p *ordersPage) lines() pageOf[AffiliateOrderLine] {
	var out pageOf[AffiliateOrderLine]
	out.next = p.NextPageToken
	for i := range p.Orders {
		o := &p.Orders[i]
		for j := range o.SKUs {
			line, err := o.SKUs[j].line(o)
			if err != nil {
				out.errs = append(out.errs, err)
				continue
			}
			out.items = append(out.items, line)
		}
	}
	return out
}

// line converts one SKU line, naming the first field it cannot read.
func (s *wireSKU) line(o *wireOrder) (AffiliateOrderLine, error) {
	l := AffiliateOrderLine{
		OrderID: o.ID, OrderStatus: o.Status, SKUID: s.SKUID, ProductID: s.ProductID, ProductName: s.ProductName,
		Quantity: s.Quantity, RefundedQuantity: s.RefundedQuantity, ReturnedQuantity: s.ReturnedQuantity,
		CreatorUsername: s.CreatorUsername, ContentType: s.ContentType, ContentID: s.ContentID,
		OpenCollaborationID: s.OpenCollaborationID, TargetCollaborationID: s.TargetCollaborationID,
		CreatedAt: unixUTC(o.CreateTime), PaidAt: unixUTC(o.PaidTime), DeliveredAt: unixUTC(o.DeliveryTime),
	}
	fail := func(field string, err error) (AffiliateOrderLine, error) {
		return AffiliateOrderLine{}, &LineError{Path: ordersPath, ID: "order " + o.ID + " sku " + s.SKUID, Field: field, Err: err}
	}
	switch {
	case o.ID == "":
		return fail("id", fmt.Errorf("order id is empty"))
	case s.SKUID == "":
		return fail("sku_id", fmt.Errorf("sku id is empty"))
	case o.CreateTime <= 0:
		return fail("create_time", fmt.Errorf("%d is not a Unix time", o.CreateTime))
	case s.Quantity < 0 || s.RefundedQuantity < 0 || s.ReturnedQuantity < 0:
		return fail("quantity", fmt.Errorf("quantities %d/%d/%d include a negative", s.Quantity, s.RefundedQuantity, s.ReturnedQuantity))
	}
	var err error
	if l.Price, err = s.Price.money(""); err != nil {
		return fail("price", err)
	}
	cur := l.Price.Currency
	if s.CommissionRate != "" {
		if l.CommissionRateBP, err = parseBP(s.CommissionRate); err != nil {
			return fail("commission_rate", err)
		}
	}
	if s.ShopAdsCommissionRate != "" {
		if l.ShopAdsCommissionRateBP, err = parseBP(s.ShopAdsCommissionRate); err != nil {
			return fail("shop_ads_commission_rate", err)
		}
	}
	for _, f := range []struct {
		name string
		w    *wireMoney
		dst  *Money
	}{
		{"estimated_commission_base", &s.EstimatedCommissionBase, &l.EstimatedCommissionBase},
		{"estimated_paid_commission", &s.EstimatedPaidCommission, &l.EstimatedCommission},
		{"estimated_paid_shop_ads_commission", &s.EstimatedPaidShopAdsCommission, &l.EstimatedShopAdsCommission},
		{"estimated_cofunded_creator_bonus", &s.EstimatedCofundedCreatorBonus, &l.EstimatedCofundedBonus},
	} {
		if !f.w.present() {
			*f.dst = Money{Currency: cur} // not offered on this line: a zero in the line's currency
			continue
		}
		if *f.dst, err = f.w.money(cur); err != nil {
			return fail(f.name, err)
		}
	}
	for _, f := range []struct {
		name string
		w    *wireMoney
		dst  **Money
	}{
		{"actual_commission_base", s.ActualCommissionBase, &l.ActualCommissionBase},
		{"actual_paid_commission", s.ActualPaidCommission, &l.ActualCommission},
		{"actual_paid_shop_ads_commission", s.ActualPaidShopAdsCommission, &l.ActualShopAdsCommission},
		{"actual_cofunded_creator_bonus", s.ActualCofundedCreatorBonus, &l.ActualCofundedBonus},
	} {
		if *f.dst, err = f.w.optMoney(cur); err != nil {
			return fail(f.name, err)
		}
	}
	return l, nil
}

// unixUTC reads a Unix-seconds field; 0 (not happened yet) stays the zero time.
func unixUTC(s int64) time.Time {
	if s <= 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

// failed is an iterator that yields err once; for arguments refused before any call.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
