package shopee

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
)

// Conversion is one affiliate order of the AMS conversion report. Money is in minor units of
// Currency, rates in basis points, times in UTC (zero when Shopee has none yet).
type Conversion struct {
	OrderSN               string
	OrderStatus           string // Unpaid, Pending, Completed, Cancelled
	VerifiedStatus        string // Unverified, Valid, Invalid
	PlacedAt              time.Time
	CompletedAt           time.Time
	ConversionCompletedAt time.Time
	AffiliateID           string
	AffiliateName         string
	AffiliateUsername     string
	LinkedMCN             string
	Channel               string // where the sale came from, e.g. a video or a live
	OrderType             string
	BuyerStatus           string // New or Existing
	CampaignPartner       string
	Currency              string
	OrderBrandCommission  int64
	Items                 []ConversionItem
}

// ConversionItem is one item (model) of a Conversion.
type ConversionItem struct {
	ItemID                    string
	ModelID                   string
	ItemName                  string
	PromotionID               string
	Price                     int64
	Quantity                  int64
	SellerCampaignType        string // OpenCampaign, TargetCampaign, MCNCampaign
	CampaignID                string
	PurchaseValue             int64
	RefundAmount              int64
	BrandCommission           int64
	CommissionRateToAffiliate int64 // basis points
	CommissionToAffiliate     int64
	CommissionRateToMCN       int64 // basis points
	CommissionToMCN           int64
	SellerServiceFeeRate      int64 // basis points
	SellerServiceFee          int64
}

// wireConversion is a report row as Shopee writes it.
type wireConversion struct {
	OrderSN                 flexValue  `json:"order_sn"`
	OrderStatus             string     `json:"order_status"`
	VerifiedStatus          string     `json:"verified_status"`
	PlaceOrderTime          flexValue  `json:"place_order_time"`
	OrderCompletedTime      flexValue  `json:"order_completed_time"`
	ConversionCompletedTime flexValue  `json:"conversion_completed_time"`
	AffiliateID             flexValue  `json:"affiliate_id"`
	AffiliateName           string     `json:"affiliate_name"`
	AffiliateUsername       string     `json:"affiliate_username"`
	LinkedMCN               string     `json:"linked_mcn"`
	OrderBrandCommission    flexValue  `json:"order_brand_commission"`
	Channel                 string     `json:"channel"`
	OrderType               string     `json:"order_type"`
	BuyerStatus             string     `json:"buyer_status"`
	CampaignPartner         string     `json:"campaign_partner"`
	Items                   []wireItem `json:"items"`
}

// wireItem is a report item as Shopee writes it.
type wireItem struct {
	ItemID                             flexValue `json:"item_id"`
	ModelID                            flexValue `json:"model_id"`
	ItemName                           string    `json:"item_name"`
	PromotionID                        flexValue `json:"promotion_id"`
	Price                              flexValue `json:"price"`
	Qty                                flexValue `json:"qty"`
	SellerCampaignType                 string    `json:"seller_campaign_type"`
	AttrCampaignID                     flexValue `json:"attr_campaign_id"`
	PurchaseValue                      flexValue `json:"purchase_value"`
	RefundAmount                       flexValue `json:"refund_amount"`
	ItemBrandCommission                flexValue `json:"item_brand_commission"`
	ItemBrandCommissionRateToAffiliate flexValue `json:"item_brand_commission_rate_to_affiliate"`
	ItemBrandCommissionToAffiliate     flexValue `json:"item_brand_commission_to_affiliate"`
	ItemBrandCommissionRateToMCN       flexValue `json:"item_brand_commission_rate_to_mcn"`
	ItemBrandCommissionToMCN           flexValue `json:"item_brand_commission_to_mcn"`
	SellerServiceFeeRate               flexValue `json:"seller_service_fee_rate"`
	SellerServiceFee                   flexValue `json:"seller_service_fee"`
}

// conversion maps a wire row; errors name the order and the field.
func (rd reportReader) conversion(w *wireConversion) (Conversion, error) {
	sn := string(w.OrderSN)
	if sn == "" {
		return Conversion{}, fmt.Errorf("order_sn is missing")
	}
	f := fields{rd: rd, where: "order " + sn}
	cv := Conversion{
		OrderSN:               sn,
		OrderStatus:           w.OrderStatus,
		VerifiedStatus:        w.VerifiedStatus,
		PlacedAt:              f.time("place_order_time", w.PlaceOrderTime),
		CompletedAt:           f.time("order_completed_time", w.OrderCompletedTime),
		ConversionCompletedAt: f.time("conversion_completed_time", w.ConversionCompletedTime),
		AffiliateID:           string(w.AffiliateID),
		AffiliateName:         w.AffiliateName,
		AffiliateUsername:     w.AffiliateUsername,
		LinkedMCN:             w.LinkedMCN,
		Channel:               w.Channel,
		OrderType:             w.OrderType,
		BuyerStatus:           w.BuyerStatus,
		CampaignPartner:       w.CampaignPartner,
		Currency:              rd.cur.Code,
		OrderBrandCommission:  f.amount("order_brand_commission", w.OrderBrandCommission),
		Items:                 make([]ConversionItem, 0, len(w.Items)),
	}
	for i := range w.Items {
		it := &w.Items[i]
		f.where = fmt.Sprintf("order %s item %d", sn, i+1)
		cv.Items = append(cv.Items, ConversionItem{
			ItemID:                    string(it.ItemID),
			ModelID:                   string(it.ModelID),
			ItemName:                  it.ItemName,
			PromotionID:               string(it.PromotionID),
			Price:                     f.amount("price", it.Price),
			Quantity:                  f.count("qty", it.Qty),
			SellerCampaignType:        it.SellerCampaignType,
			CampaignID:                string(it.AttrCampaignID),
			PurchaseValue:             f.amount("purchase_value", it.PurchaseValue),
			RefundAmount:              f.amount("refund_amount", it.RefundAmount),
			BrandCommission:           f.amount("item_brand_commission", it.ItemBrandCommission),
			CommissionRateToAffiliate: f.rate("item_brand_commission_rate_to_affiliate", it.ItemBrandCommissionRateToAffiliate),
			CommissionToAffiliate:     f.amount("item_brand_commission_to_affiliate", it.ItemBrandCommissionToAffiliate),
			CommissionRateToMCN:       f.rate("item_brand_commission_rate_to_mcn", it.ItemBrandCommissionRateToMCN),
			CommissionToMCN:           f.amount("item_brand_commission_to_mcn", it.ItemBrandCommissionToMCN),
			SellerServiceFeeRate:      f.rate("seller_service_fee_rate", it.SellerServiceFeeRate),
			SellerServiceFee:          f.amount("seller_service_fee", it.SellerServiceFee),
		})
	}
	if f.err != nil {
		return Conversion{}, f.err
	}
	return cv, nil
}

// apiLocale is how the API writes numbers: '.' decimals, no grouping, year-first dates.
var apiLocale = intl.Locale{Tag: "API", Decimal: '.'}

// fields converts the values of one row and keeps the first error, so mapping reads as a
// list of fields instead of a ladder of error checks.
type fields struct {
	rd    reportReader
	where string
	err   error
}

// fail records the first failure with its field.
func (f *fields) fail(field string, v flexValue, err error) {
	if f.err == nil {
		f.err = fmt.Errorf("%s: %s %q: %w", f.where, field, string(v), err)
	}
}

// absent reports whether v stands for "no value": Shopee writes "", "-" or "--".
func absent(v flexValue) bool {
	s := strings.TrimSpace(string(v))
	return s == "" || strings.Trim(s, "-") == ""
}

// amount reads a decimal amount in the shop's currency into minor units. JSON floats are
// often written with trailing zeros ("125000.0" for dong), which carry no value and are dropped.
func (f *fields) amount(field string, v flexValue) int64 {
	if absent(v) {
		return 0
	}
	n, err := intl.ParseAmount(trimFractionZeros(string(v)), f.rd.cur, apiLocale)
	if err != nil {
		f.fail(field, v, err)
	}
	return n
}

// rate reads a percentage ("10%", "10.5", "10") into basis points.
func (f *fields) rate(field string, v flexValue) int64 {
	if absent(v) {
		return 0
	}
	n, err := intl.ParseRate(trimFractionZeros(strings.TrimSuffix(strings.TrimSpace(string(v)), "%")), apiLocale)
	if err != nil {
		f.fail(field, v, err)
	}
	return n
}

// count reads a whole, non-negative quantity.
func (f *fields) count(field string, v flexValue) int64 {
	if absent(v) {
		return 0
	}
	n, err := strconv.ParseInt(trimFractionZeros(string(v)), 10, 64)
	if err != nil || n < 0 {
		f.fail(field, v, fmt.Errorf("not a whole non-negative number"))
	}
	return n
}

// time reads a report time: "2026-09-30 13:02:47" in the shop's zone, or Unix seconds.
func (f *fields) time(field string, v flexValue) time.Time {
	if absent(v) || v == "0" {
		return time.Time{}
	}
	s := strings.TrimSpace(string(v))
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC()
	}
	t, err := intl.ParseTime(s, apiLocale, f.rd.tz)
	if err != nil {
		f.fail(field, v, err)
	}
	return t
}

// trimFractionZeros drops trailing zeros after a decimal point, and the point if nothing is
// left: "12.50" → "12.5", "125000.0" → "125000". Values without a point are returned as is.
func trimFractionZeros(s string) string {
	s = strings.TrimSpace(s)
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s
	}
	end := len(s)
	for end > dot+1 && s[end-1] == '0' {
		end--
	}
	if end == dot+1 {
		end = dot
	}
	return s[:end]
}

// flexValue is a scalar Shopee writes either as a JSON string or a number (ids, amounts,
// times); it keeps the text as written so large ids and decimals stay exact.
type flexValue string

// UnmarshalJSON implements json.Unmarshaler.
func (v *flexValue) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*v = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = flexValue(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("%s is neither a string nor a number", b)
		}
		*v = flexValue(n)
	}
	return nil
}
