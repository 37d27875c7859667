package shopeetest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
)

// Order is a generated conversion report row in plain values: money in minor units of the
// fake's currency, rates in basis points. Tests compare what the client read with these.
type Order struct {
	OrderSN           string
	PlacedAt          time.Time // UTC, whole seconds
	CompletedAt       time.Time // zero unless Completed
	OrderStatus       string
	VerifiedStatus    string
	AffiliateID       int64
	AffiliateName     string
	AffiliateUsername string
	Channel           string
	Items             []Item
}

// Item is one item of a generated Order.
type Item struct {
	ItemID                int64
	ModelID               int64
	ItemName              string
	Price                 int64
	Qty                   int64
	PurchaseValue         int64
	RefundAmount          int64
	RateBP                int64 // item_brand_commission_rate_to_affiliate
	BrandCommission       int64
	CommissionToAffiliate int64
	ServiceFeeRateBP      int64
	ServiceFee            int64
}

// Orders returns shopID's generated orders, sorted as the report pages them.
func (s *Server) Orders(shopID int64) []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ordersLocked(shopID))
}

// UpdateOrder changes shopID's order sn as the shop's life would (completed, cancelled,
// refunded, verified); f gets the order to change. It reports whether the order exists.
func (s *Server) UpdateOrder(shopID int64, sn string, f func(o *Order)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	orders := s.ordersLocked(shopID)
	for i := range orders {
		if orders[i].OrderSN == sn {
			o := orders[i]
			o.Items = slices.Clone(o.Items)
			f(&o)
			orders[i] = o
			return true
		}
	}
	return false
}

// ordersLocked generates shopID's orders once; the caller holds mu. The data depends only
// on the seed, the shop and the configuration, so every run sees the same report.
func (s *Server) ordersLocked(shopID int64) []Order {
	if o, ok := s.orders[shopID]; ok {
		return o
	}
	cur := s.currency()
	// Dollar-like prices for 2-decimal currencies, thousands for rupiah and dong.
	scale := int64(1)
	if cur.Code == "IDR" || cur.Code == "VND" {
		scale = 1000
	}
	rng := rand.New(rand.NewPCG(s.cfg.Seed, uint64(shopID)))
	span := int64(30 * 24 * time.Hour / time.Second)
	orders := make([]Order, s.cfg.Orders)
	for i := range orders {
		placed := s.cfg.Epoch.Add(time.Duration(rng.Int64N(span)) * time.Second).UTC()
		aff := rng.Int64N(12)
		o := Order{
			OrderSN:           fmt.Sprintf("%s%08X", placed.In(s.cfg.Location).Format("060102"), rng.Uint32()),
			PlacedAt:          placed,
			AffiliateID:       11346460000 + aff,
			AffiliateName:     fmt.Sprintf("Affiliate %d", aff),
			AffiliateUsername: fmt.Sprintf("aff_%02d", aff),
			Channel:           []string{"Shopeevideo-Shopee", "LiveStreaming", "SocialMedia"}[rng.IntN(3)],
		}
		switch p := rng.IntN(100); {
		case p < 60:
			o.OrderStatus, o.VerifiedStatus = "Completed", []string{"Valid", "Unverified"}[rng.IntN(2)]
			o.CompletedAt = placed.Add(time.Duration(3+rng.IntN(5)) * 24 * time.Hour)
		case p < 85:
			o.OrderStatus, o.VerifiedStatus = "Pending", "Unverified"
		case p < 95:
			o.OrderStatus, o.VerifiedStatus = "Cancelled", "Invalid"
		default:
			o.OrderStatus, o.VerifiedStatus = "Unpaid", "Unverified"
		}
		for range 1 + rng.IntN(3) {
			it := Item{
				ItemID:           3903624400 + rng.Int64N(40),
				ModelID:          1000 + rng.Int64N(5),
				Price:            (100 + rng.Int64N(19900)) * scale,
				Qty:              1 + rng.Int64N(3),
				RateBP:           []int64{500, 750, 1000, 1050, 1250, 1500, 2000}[rng.IntN(7)],
				ServiceFeeRateBP: 300,
			}
			// Model ids are unique across a shop's items, as Shopee's are.
			it.ModelID = it.ItemID*10 + (it.ModelID - 1000)
			it.ItemName = fmt.Sprintf("Item %d", it.ItemID)
			it.PurchaseValue = it.Price * it.Qty
			if o.OrderStatus == "Cancelled" || rng.IntN(100) < 8 {
				it.RefundAmount = it.PurchaseValue
			}
			it.BrandCommission = (it.PurchaseValue - it.RefundAmount) * it.RateBP / 10000
			it.CommissionToAffiliate = it.BrandCommission
			it.ServiceFee = it.BrandCommission * it.ServiceFeeRateBP / 10000
			o.Items = append(o.Items, it)
		}
		orders[i] = o
	}
	slices.SortFunc(orders, func(a, b Order) int {
		if c := a.PlacedAt.Compare(b.PlacedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.OrderSN, b.OrderSN)
	})
	s.orders[shopID] = orders
	return orders
}

// currency is the fake's currency; an unknown code is a mistake in the test's setup.
func (s *Server) currency() intl.Currency {
	cur, ok := intl.LookupCurrency(s.cfg.Currency)
	if !ok {
		panic(fmt.Sprintf("shopeetest: currency %q is not known to internal/intl", s.cfg.Currency))
	}
	return cur
}

// conversionReport serves a page of the report, with Shopee's paging limits.
func (s *Server) conversionReport(w http.ResponseWriter, r *http.Request, reqID string, shopID int64) {
	q := r.URL.Query()
	pageNo, err1 := strconv.Atoi(q.Get("page_no"))
	pageSize, err2 := strconv.Atoi(q.Get("page_size"))
	if err1 != nil || err2 != nil || pageNo < 1 || pageSize < 1 || pageSize > 500 || pageNo*pageSize > 10000 {
		writeError(w, reqID, http.StatusBadRequest, "error_param",
			"page_no starts at 1, page_size is 1-500 and page_no * page_size must be <= 10000.")
		return
	}
	from, fromOK := unixParam(q.Get("place_order_time_start"))
	to, toOK := unixParam(q.Get("place_order_time_end"))
	if !fromOK || !toOK {
		writeError(w, reqID, http.StatusBadRequest, "error_param", "Invalid place_order_time.")
		return
	}
	s.mu.Lock()
	all := s.ordersLocked(shopID)
	s.mu.Unlock()
	var match []Order
	for _, o := range all {
		if (!from.IsZero() && o.PlacedAt.Before(from)) || (!to.IsZero() && o.PlacedAt.After(to)) ||
			(q.Get("order_sn") != "" && o.OrderSN != q.Get("order_sn")) ||
			(q.Get("order_status") != "" && o.OrderStatus != q.Get("order_status")) ||
			(q.Get("affiliate_id") != "" && strconv.FormatInt(o.AffiliateID, 10) != q.Get("affiliate_id")) {
			continue
		}
		match = append(match, o)
	}
	lo := min((pageNo-1)*pageSize, len(match))
	hi := min(lo+pageSize, len(match))
	list := make([]map[string]any, 0, hi-lo)
	for i, o := range match[lo:hi] {
		list = append(list, s.wire(o, lo+i))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"error": "", "message": "", "request_id": reqID,
		"response": map[string]any{"list": list, "total_count": len(match), "has_more": hi < len(match)},
	})
}

// wire writes an order as Shopee does. Amounts alternate between JSON numbers and strings
// (n is the row's position) because the real report mixes both.
func (s *Server) wire(o Order, n int) map[string]any {
	cur := s.currency()
	api := intl.Locale{Decimal: '.'}
	money := func(minor int64, asNumber bool) any {
		t := intl.FormatPlain(minor, cur, api)
		if asNumber {
			return json.Number(t)
		}
		return t
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "--"
		}
		return t.In(s.cfg.Location).Format(time.DateTime)
	}
	var total int64
	items := make([]map[string]any, 0, len(o.Items))
	for _, it := range o.Items {
		total += it.BrandCommission
		items = append(items, map[string]any{
			"item_id": it.ItemID, "item_name": it.ItemName, "model_id": it.ModelID,
			"l1_category_id": 100001, "l2_category_id": 100010, "l3_category_id": 100100,
			"promotion_id": "", "price": money(it.Price, true), "qty": it.Qty,
			"seller_campaign_type": "OpenCampaign", "attr_campaign_id": 18017,
			"purchase_value":                          money(it.PurchaseValue, n%2 == 0),
			"refund_amount":                           money(it.RefundAmount, false),
			"item_brand_commission":                   money(it.BrandCommission, false),
			"item_brand_commission_rate_to_affiliate": intl.FormatRate(it.RateBP),
			"item_brand_commission_to_affiliate":      money(it.CommissionToAffiliate, false),
			"item_brand_commission_rate_to_mcn":       "0%",
			"item_brand_commission_to_mcn":            money(0, false),
			"seller_service_fee_rate":                 intl.FormatRate(it.ServiceFeeRateBP),
			"seller_service_fee":                      money(it.ServiceFee, false),
		})
	}
	return map[string]any{
		"order_sn": o.OrderSN, "order_status": o.OrderStatus, "verified_status": o.VerifiedStatus,
		"place_order_time": when(o.PlacedAt), "order_completed_time": when(o.CompletedAt),
		"conversion_completed_time": when(o.CompletedAt),
		"affiliate_id":              o.AffiliateID, "affiliate_name": o.AffiliateName,
		"affiliate_username": o.AffiliateUsername, "linked_mcn": "", "order_brand_commission": money(total, false),
		"channel": o.Channel, "order_type": "ConfirmedOrder", "buyer_status": "New", "campaign_partner": "",
		"items": items,
	}
}

// unixParam reads an optional Unix-seconds query parameter.
func unixParam(v string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}
