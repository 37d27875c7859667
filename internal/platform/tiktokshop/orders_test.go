package tiktokshop

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
)

// lineKey is an order line's identity.
func lineKey(orderID, skuID string) string { return orderID + "/" + skuID }

// Every page is fetched once and every line arrives once, with the figures the fake holds.
func TestAffiliateOrdersWalkEveryPageOnce(t *testing.T) {
	tests := []struct {
		name     string
		orders   int
		pageSize int
		ge, lt   time.Time
	}{
		{name: "many pages", orders: 95, pageSize: 7},
		{name: "exact multiple", orders: 40, pageSize: 10},
		{name: "one page", orders: 5, pageSize: 100},
		{name: "empty", orders: 1, pageSize: 10, ge: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
		{name: "window", orders: 200, pageSize: 25, ge: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC), lt: time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, tiktokshoptest.Options{Orders: tt.orders, Seed: 7}, nil)
			want := map[string]tiktokshoptest.SKU{}
			orders := 0
			for _, o := range r.srv.Orders() {
				if (!tt.ge.IsZero() && o.CreateTime.Before(tt.ge)) || (!tt.lt.IsZero() && !o.CreateTime.Before(tt.lt)) {
					continue
				}
				orders++
				for _, k := range o.SKUs {
					want[lineKey(o.ID, k.SKUID)] = k
				}
			}
			lines, errs := collect(r.client.AffiliateOrders(context.Background(), r.shop, OrdersQuery{CreateTimeGE: tt.ge, CreateTimeLT: tt.lt, PageSize: tt.pageSize}))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			pages := max(1, (orders+tt.pageSize-1)/tt.pageSize)
			if got := r.srv.Calls(ordersPath); got != pages {
				t.Errorf("fetched %d pages, want %d", got, pages)
			}
			seen := map[string]bool{}
			for _, l := range lines {
				k := lineKey(l.OrderID, l.SKUID)
				if seen[k] {
					t.Fatalf("line %s arrived twice", k)
				}
				seen[k] = true
				w, ok := want[k]
				if !ok {
					t.Fatalf("line %s is not in the window", k)
				}
				if l.Price != (Money{w.PriceMinor, "USD"}) || l.Quantity != w.Quantity || l.CommissionRateBP != w.CommissionRateBP || l.CreatorUsername != w.CreatorUsername {
					t.Errorf("line %s = %+v, fake holds %+v", k, l, w)
				}
				if l.EstimatedCommissionBase.Amount != w.PriceMinor*w.Quantity {
					t.Errorf("line %s estimated base %d, want price × quantity %d", k, l.EstimatedCommissionBase.Amount, w.PriceMinor*w.Quantity)
				}
			}
			if len(seen) != len(want) {
				t.Errorf("got %d lines, want %d", len(seen), len(want))
			}
		})
	}
}

// A status change between two syncs shows up on the second: settled amounts appear, a
// cancellation refunds everything.
func TestAffiliateOrdersStatusChangesBetweenSyncs(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{Orders: 60, Seed: 3}, nil)
	ctx := context.Background()
	var pending, other string
	for _, o := range r.srv.Orders() {
		if o.Status == "AWAITING_SHIPMENT" {
			if pending == "" {
				pending = o.ID
			} else if other == "" {
				other = o.ID
			}
		}
	}
	if other == "" {
		t.Fatal("seed has fewer than two unshipped orders")
	}
	sync := func() map[string]AffiliateOrderLine {
		lines, errs := collect(r.client.AffiliateOrders(ctx, r.shop, OrdersQuery{PageSize: 9}))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		m := map[string]AffiliateOrderLine{}
		for _, l := range lines {
			if l.OrderID == pending || l.OrderID == other {
				m[lineKey(l.OrderID, l.SKUID)] = l
			}
		}
		return m
	}
	for k, l := range sync() {
		if l.ActualCommission != nil || !l.DeliveredAt.IsZero() {
			t.Errorf("unshipped line %s already has actuals or a delivery: %+v", k, l)
		}
	}
	r.srv.SetOrderStatus(pending, "COMPLETED")
	r.srv.SetOrderStatus(other, "CANCELLED")
	for k, l := range sync() {
		switch l.OrderID {
		case pending:
			if l.OrderStatus != "COMPLETED" || l.ActualCommission == nil || l.ActualCommissionBase == nil || l.DeliveredAt.IsZero() {
				t.Errorf("completed line %s = %+v", k, l)
			} else if want := l.Price.Amount * l.Quantity * l.CommissionRateBP / 10000; l.ActualCommission.Amount != want {
				t.Errorf("line %s actual commission %d, want %d", k, l.ActualCommission.Amount, want)
			}
		case other:
			if l.OrderStatus != "CANCELLED" || l.ActualCommission == nil || l.ActualCommission.Amount != 0 || l.RefundedQuantity != l.Quantity {
				t.Errorf("cancelled line %s = %+v, want actual commission 0 and all refunded", k, l)
			}
		}
	}
}

// Page sizes outside what the platform allows are refused before a call.
func TestPageSizesRefusedBeforeCalling(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{}, nil)
	ctx := context.Background()
	for _, n := range []int{-1, 101} {
		_, errs := collect(r.client.AffiliateOrders(ctx, r.shop, OrdersQuery{PageSize: n}))
		if len(errs) != 1 {
			t.Errorf("orders page size %d: errors %v, want one", n, errs)
		}
	}
	for _, n := range []int{10, 13, 50} {
		_, errs := collect(r.client.MarketplaceCreators(ctx, r.shop, CreatorQuery{PageSize: n}))
		if len(errs) != 1 {
			t.Errorf("creator page size %d: errors %v, want one", n, errs)
		}
	}
	if r.srv.Calls(ordersPath)+r.srv.Calls(creatorsSearchPath) != 0 {
		t.Error("a refused page size still reached the platform")
	}
}

// The fake, like the platform, refuses a creator page size other than 12 or 20.
func TestFakeRefusesCreatorPageSize(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{}, nil)
	c := r.client.shopCall("POST", creatorsSearchPath, r.shop, map[string]string{}, false)
	c.query.Set("page_size", "13")
	err := r.client.do(context.Background(), c, nil)
	mustAPIError(t, err, CodeInvalidParameter)
}

// A page that repeats a token ends the walk with an error instead of looping.
func TestWalkStopsOnRepeatedToken(t *testing.T) {
	ts := fakeJSON(t, `{"code":0,"message":"ok","request_id":"r","data":{"orders":[],"next_page_token":"same"}}`)
	c, err := New(Config{AppKey: "k", AppSecret: "s", APIBaseURL: ts, AuthBaseURL: ts})
	if err != nil {
		t.Fatal(err)
	}
	_, errs := collect(c.AffiliateOrders(context.Background(), ShopAuth{Cipher: "c", AccessToken: "t"}, OrdersQuery{}))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), `next_page_token "same" repeats`) {
		t.Fatalf("errors %v", errs)
	}
}

// One unreadable line is reported and the others still arrive.
func TestBadLineDoesNotHideGoodOnes(t *testing.T) {
	ts := fakeJSON(t, `{"code":0,"message":"ok","request_id":"r","data":{"orders":[
		{"id":"1","status":"COMPLETED","create_time":1767225600,"skus":[
			{"sku_id":"a","quantity":1,"price":{"amount":"12.50","currency":"USD"},"commission_rate":"1500"},
			{"sku_id":"b","quantity":1,"price":{"amount":"12,50","currency":"USD"},"commission_rate":"1500"},
			{"sku_id":"c","quantity":2,"price":{"amount":"3.00","currency":"USD"},"commission_rate":"15%"},
			{"sku_id":"d","quantity":2,"price":{"amount":"1500","currency":"VND"},"commission_rate":"800",
			 "estimated_paid_commission":{"amount":"120"},"actual_paid_commission":{"amount":"0","currency":"VND"}}]}],
		"next_page_token":""}}`)
	c, err := New(Config{AppKey: "k", AppSecret: "s", APIBaseURL: ts, AuthBaseURL: ts})
	if err != nil {
		t.Fatal(err)
	}
	lines, errs := collect(c.AffiliateOrders(context.Background(), ShopAuth{Cipher: "c", AccessToken: "t"}, OrdersQuery{}))
	if len(lines) != 2 || len(errs) != 2 {
		t.Fatalf("lines %+v errors %v: want 2 and 2", lines, errs)
	}
	for _, want := range []string{"order 1 sku b: field price", "order 1 sku c: field commission_rate"} {
		if !strings.Contains(errs[0].Error()+errs[1].Error(), want) {
			t.Errorf("errors %v do not mention %q", errs, want)
		}
	}
	d := lines[1]
	if d.Price != (Money{1500, "VND"}) || d.EstimatedCommission != (Money{120, "VND"}) || d.ActualCommission == nil || *d.ActualCommission != (Money{0, "VND"}) || d.ActualCommissionBase != nil {
		t.Errorf("VND line = %+v", d)
	}
	if lines[0].EstimatedCommission != (Money{0, "USD"}) {
		t.Errorf("absent estimate = %+v, want a zero in the line's currency", lines[0].EstimatedCommission)
	}
}
