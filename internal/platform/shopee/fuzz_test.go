package shopee

import (
	"net/http"
	"testing"
	"time"
)

// FuzzDecodeEnvelope: any answer is either accepted or turned into an *APIError that
// carries its status, and never panics.
func FuzzDecodeEnvelope(f *testing.F) {
	f.Add(200, []byte(`{"error":"","message":"","request_id":"r","response":{}}`))
	f.Add(403, []byte(`{"error":"error_sign","message":"Wrong sign.","request_id":"r"}`))
	f.Add(502, []byte(`<html>Bad Gateway</html>`))
	f.Add(200, []byte(`{"access_token":"a","expire_in":14400}`))
	f.Add(200, []byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		env, apiErr := decodeEnvelope(status, body)
		if apiErr == nil {
			if status != http.StatusOK || env.Error != "" {
				t.Fatalf("accepted status %d error %q", status, env.Error)
			}
			return
		}
		if apiErr.HTTPStatus != status || apiErr.Error() == "" {
			t.Fatalf("error %+v for status %d", apiErr, status)
		}
		_ = apiErr.Retryable()
	})
}

// FuzzDecodeConversionPage: report bodies decode or fail with a reason; decoded rows have an
// order number, UTC times and the shop's currency.
func FuzzDecodeConversionPage(f *testing.F) {
	f.Add([]byte(page(`{"order_sn":"A","place_order_time":"2026-09-01 08:00:00","items":[{"price":150000,"qty":2,"purchase_value":"300000.00","item_brand_commission_rate_to_affiliate":"10%"}]}`)))
	f.Add([]byte(page(`{"order_sn":"B","place_order_time":1756684800,"items":[{"refund_amount":"--","qty":"1.0"}]}`)))
	f.Add([]byte(page(`{"order_sn":7,"items":[{"price":1e400}]}`)))
	f.Add([]byte(`{"response":null}`))
	f.Add([]byte(`{"response":{"list":[{"items":null}]}}`))
	idr, _ := LookupMarket("ID")
	rd, err := newReportReader(Shop{ID: 1, Currency: idr.Currency, Location: idr.Location})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := rd.decodePage(body)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("error without a reason")
			}
			return
		}
		for _, cv := range p.Conversions {
			if cv.OrderSN == "" || cv.Currency != "IDR" {
				t.Fatalf("decoded row %+v", cv)
			}
			for _, tm := range []time.Time{cv.PlacedAt, cv.CompletedAt, cv.ConversionCompletedAt} {
				if !tm.IsZero() && tm.Location() != time.UTC {
					t.Fatalf("time %v not in UTC", tm)
				}
			}
			for _, it := range cv.Items {
				if it.Quantity < 0 || it.CommissionRateToAffiliate < 0 || it.CommissionRateToAffiliate > 10000 {
					t.Fatalf("item %+v", it)
				}
			}
		}
	})
}
