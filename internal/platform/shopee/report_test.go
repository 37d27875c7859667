package shopee

import (
	"strings"
	"testing"
	"time"
)

// page wraps rows in a report answer.
func page(rows string) []byte {
	return []byte(`{"error":"","message":"","request_id":"r","response":{"list":[` + rows + `],"total_count":1,"has_more":false}}`)
}

func TestDecodeConversion(t *testing.T) {
	vn, _ := LookupMarket("VN")
	idr, _ := LookupMarket("ID")
	tests := []struct {
		name   string
		market Market
		row    string
		check  func(t *testing.T, cv Conversion)
	}{
		{"amounts as numbers and strings, rates with %", idr,
			`{"order_sn":"2609015ABC","order_status":"Completed","place_order_time":"2026-09-01 08:00:00","order_completed_time":"--","affiliate_id":11346460002,"affiliate_username":"aff_02","order_brand_commission":"15000.00","items":[{"item_id":3903624400,"model_id":0,"price":150000,"qty":1,"purchase_value":150000.00,"refund_amount":"0","item_brand_commission":"15000","item_brand_commission_rate_to_affiliate":"10%","item_brand_commission_to_affiliate":"15000.00","item_brand_commission_rate_to_mcn":"","seller_service_fee_rate":"3%","seller_service_fee":"450"}]}`,
			func(t *testing.T, cv Conversion) {
				it := cv.Items[0]
				if it.Price != 15000000 || it.PurchaseValue != 15000000 || it.BrandCommission != 1500000 ||
					it.CommissionRateToAffiliate != 1000 || it.CommissionToAffiliate != 1500000 || it.CommissionRateToMCN != 0 ||
					it.SellerServiceFeeRate != 300 || it.SellerServiceFee != 45000 || it.ItemID != "3903624400" || it.ModelID != "0" {
					t.Fatalf("item %+v", it)
				}
				if cv.OrderBrandCommission != 1500000 || cv.AffiliateID != "11346460002" || cv.Currency != "IDR" {
					t.Fatalf("order %+v", cv)
				}
				// 08:00 in Jakarta (UTC+7) is 01:00 UTC; "--" is no time yet.
				if !cv.PlacedAt.Equal(time.Date(2026, 9, 1, 1, 0, 0, 0, time.UTC)) || !cv.CompletedAt.IsZero() {
					t.Fatalf("times %s / %s", cv.PlacedAt, cv.CompletedAt)
				}
			}},
		{"dong written as a float with a trailing zero", vn,
			`{"order_sn":"A","items":[{"price":125000.0,"purchase_value":"250000.000","qty":2,"item_brand_commission_rate_to_affiliate":"10.50%"}]}`,
			func(t *testing.T, cv Conversion) {
				it := cv.Items[0]
				if it.Price != 125000 || it.PurchaseValue != 250000 || it.Quantity != 2 || it.CommissionRateToAffiliate != 1050 {
					t.Fatalf("item %+v", it)
				}
			}},
		{"unix-second times and absent values", idr,
			`{"order_sn":"B","place_order_time":1756684800,"order_completed_time":"","conversion_completed_time":null,"items":[{"refund_amount":"-","price":null}]}`,
			func(t *testing.T, cv Conversion) {
				if !cv.PlacedAt.Equal(time.Unix(1756684800, 0)) || !cv.CompletedAt.IsZero() || cv.Items[0].RefundAmount != 0 {
					t.Fatalf("%+v", cv)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, err := newReportReader(Shop{ID: 1, Currency: tt.market.Currency, Location: tt.market.Location})
			if err != nil {
				t.Fatal(err)
			}
			p, err := rd.decodePage(page(tt.row))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, p.Conversions[0])
		})
	}
}

func TestDecodeConversionRejects(t *testing.T) {
	tests := []struct {
		name, row, want string
	}{
		{"no order number", `{"items":[]}`, "row 1: order_sn is missing"},
		{"too many decimals", `{"order_sn":"A","items":[{"price":"12.345"}]}`, `order A item 1: price "12.345": "12.345" has 3 decimals, USD has 2`},
		{"grouped amount", `{"order_sn":"A","items":[{"refund_amount":"1,234.00"}]}`, `order A item 1: refund_amount "1,234.00"`},
		{"rate over 100%", `{"order_sn":"A","items":[{"item_brand_commission_rate_to_affiliate":"150%"}]}`, "is more than 100%"},
		{"fractional quantity", `{"order_sn":"A","items":[{"qty":1.5}]}`, `order A item 1: qty "1.5": not a whole non-negative number`},
		{"bad time", `{"order_sn":"A","place_order_time":"yesterday"}`, `order A: place_order_time "yesterday"`},
		{"object for an amount", `{"order_sn":"A","items":[{"price":{"v":1}}]}`, "neither a string nor a number"},
		{"no response", ``, "answer has no response"},
	}
	rd, _ := newReportReader(Shop{ID: 1, Currency: "USD", Location: time.UTC})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := page(tt.row)
			if tt.row == "" {
				body = []byte(`{"error":"","request_id":"r"}`)
			}
			_, err := rd.decodePage(body)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestTrimFractionZeros(t *testing.T) {
	for in, want := range map[string]string{
		"12.50": "12.5", "125000.0": "125000", "10": "10", "0.00": "0", "100": "100", " 7.10 ": "7.1", "1.0e3": "1.0e3",
	} {
		if got := trimFractionZeros(in); got != want {
			t.Errorf("trimFractionZeros(%q) = %q, want %q", in, got, want)
		}
	}
}
