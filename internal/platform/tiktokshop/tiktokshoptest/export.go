package tiktokshoptest

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
)

// ExportHeader is the header row of a Seller Center "affiliate orders" export, in its column
// order (testdata/tiktok-affiliate-orders-1.csv has the same one).
var ExportHeader = []string{
	"Order ID", "Product ID", "Product Name", "SKU ID", "Seller SKU", "Price", "Payment Amount",
	"Currency", "Quantity", "Payment method", "Order Status", "Creator Username", "Content Type",
	"Content ID", "commission model", "Standard commission rate", "Est. Commission Base",
	"Est. standard commission payment", "Actual Commission Base", "Actual Commission Payment",
	"Shop Ads commission rate", "Est. Shop Ads commission payment", "Actual Shop Ads commission payment",
	"Est. co-funded creator bonus", "Actual co-funded creator bonus", "Fully returned or refunded",
	"Time Created", "Payment time", "Order Delivery Time", "Time Commission Paid", "Platform",
}

// exportStatus is the word Seller Center writes for each status the API sends.
var exportStatus = map[string]string{
	"AWAITING_SHIPMENT": "Processing", "IN_TRANSIT": "Shipped", "DELIVERED": "Delivered",
	"COMPLETED": "Completed", "CANCELLED": "Cancelled",
}

// WriteAffiliateOrdersExport writes the order lines created in [ge, lt) (a zero bound is
// open) as Seller Center writes an affiliate-orders export of the same data: one row per SKU
// line, amounts as decimals, rates as percents, times without a zone in loc (the shop's zone,
// nil meaning UTC). Importing it must give the same lines as syncing the orders through the
// API, which is what tests compare.
//
// The fake models no seller SKU, payment method, commission model, commission payment time
// or platform, and the API sends none of them, so those cells are empty.
func (s *Server) WriteAffiliateOrdersExport(w io.Writer, ge, lt time.Time, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // as Seller Center and spreadsheets write them
	if err := cw.Write(ExportHeader); err != nil {
		return err
	}
	cur := s.opts.Currency
	money := func(v int64) string { return formatMinor(v, cur) }
	opt := func(v int64, known bool) string {
		if !known {
			return ""
		}
		return money(v)
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04:05")
	}
	for _, o := range s.Orders() {
		if !ge.IsZero() && o.CreateTime.Before(ge) || !lt.IsZero() && !o.CreateTime.Before(lt) {
			continue
		}
		status, ok := exportStatus[o.Status]
		if !ok {
			status = strings.ReplaceAll(o.Status, "_", " ")
		}
		for _, k := range o.SKUs {
			a := amountsOf(k)
			refunded := "No"
			if k.Quantity > 0 && k.RefundedQuantity+k.ReturnedQuantity >= k.Quantity {
				refunded = "Yes"
			}
			row := []string{
				o.ID, k.ProductID, k.ProductName, k.SKUID, "", money(k.PriceMinor), money(k.PriceMinor * k.Quantity),
				cur, strconv.FormatInt(k.Quantity, 10), "", status, k.CreatorUsername, k.ContentType,
				k.ContentID, "", percent(k.CommissionRateBP), money(a.base),
				money(a.commission), opt(a.actualBase, k.Settled), opt(a.actualCommission, k.Settled),
				percent(k.ShopAdsCommissionRateBP), money(a.shopAds), opt(a.actualShopAds, k.Settled && k.ShopAdsCommissionRateBP > 0),
				money(k.CofundedBonusMinor), opt(a.actualCofunded, k.Settled && k.CofundedBonusMinor > 0), refunded,
				when(o.CreateTime), when(o.PaidTime), when(o.DeliveryTime), "", "",
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// lineAmounts are the amounts of a SKU line as the platform computes them.
type lineAmounts struct {
	base, commission, shopAds                                   int64
	actualBase, actualCommission, actualShopAds, actualCofunded int64 // meaningful once settled
}

// amountsOf computes a line's amounts the way wireOrder does for the API: the commission base
// is price × quantity, and once settled, price × the quantity kept; a co-funded bonus is paid
// only on a line that kept something.
func amountsOf(k SKU) lineAmounts {
	base := k.PriceMinor * k.Quantity
	kept := max(k.Quantity-k.RefundedQuantity-k.ReturnedQuantity, 0)
	actual := k.PriceMinor * kept
	a := lineAmounts{
		base: base, commission: base * k.CommissionRateBP / 10000, shopAds: base * k.ShopAdsCommissionRateBP / 10000,
		actualBase: actual, actualCommission: actual * k.CommissionRateBP / 10000,
		actualShopAds: actual * k.ShopAdsCommissionRateBP / 10000,
	}
	if actual > 0 {
		a.actualCofunded = k.CofundedBonusMinor
	}
	return a
}

// percent writes basis points as the export's percent: 1500 is "15%", 1250 is "12.5%".
func percent(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if f := bp % 100; f != 0 {
		s += strings.TrimRight("."+strconv.FormatInt(100+f, 10)[1:], "0")
	}
	return s + "%"
}
