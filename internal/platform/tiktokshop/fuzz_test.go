package tiktokshop

import (
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/creatorops/creatorops/internal/intl"
)

// The envelope decoder reads whatever a server sends: it never panics, succeeds only on
// code 0 with a 2xx status, and turns every readable non-zero code into an *APIError.
func FuzzDecodeEnvelope(f *testing.F) {
	f.Add(200, []byte(`{"code":0,"message":"Success","request_id":"r","data":{"shops":[]}}`))
	f.Add(401, []byte(`{"code":106001,"message":"Invalid credentials.","request_id":"r","data":null}`))
	f.Add(429, []byte(`{"code":36009002,"message":"Too many requests"}`))
	f.Add(200, []byte(`{"code":"105002","message":"expired"}`))
	f.Add(502, []byte(`<html>Bad Gateway</html>`))
	f.Add(200, []byte(`{"code":1e3}`))
	f.Add(200, []byte(``))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		data, err := decodeEnvelope("POST", "/p", status, body)
		if err == nil {
			var env struct {
				Code json.RawMessage `json:"code"`
			}
			if status < 200 || status > 299 || json.Unmarshal(body, &env) != nil {
				t.Fatalf("accepted status %d body %q", status, body)
			}
			if c, cerr := parseCode(env.Code); cerr != nil || c != 0 {
				t.Fatalf("accepted code %s", env.Code)
			}
			_ = data
			return
		}
		if e, ok := AsAPIError(err); ok {
			if e.Code == 0 && status >= 200 && status <= 299 {
				t.Fatalf("APIError with code 0 on HTTP %d: %v", status, err)
			}
			_ = e.Error()
		}
	})
}

// Order pages from a server are converted without panicking; every line that converts has
// a known currency and non-negative quantities.
func FuzzOrdersPage(f *testing.F) {
	f.Add([]byte(`{"orders":[{"id":"1","create_time":1767225600,"skus":[{"sku_id":"a","quantity":1,"price":{"amount":"12.50","currency":"USD"},"commission_rate":"1500","actual_paid_commission":{"amount":"1.87"}}]}]}`))
	f.Add([]byte(`{"orders":[{"id":"1","create_time":1,"skus":[{"sku_id":"a","quantity":-1,"price":{"amount":"1","currency":"VND"}}]}]}`))
	f.Add([]byte(`{"orders":[{"id":"","skus":[{}]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var p ordersPage
		if json.Unmarshal(body, &p) != nil {
			return
		}
		for i := range p.Orders {
			for j := range p.Orders[i].SKUs {
				l, err := p.Orders[i].SKUs[j].line(&p.Orders[i])
				if err != nil {
					if _, ok := err.(*LineError); !ok {
						t.Fatalf("error %v is not a *LineError", err)
					}
					continue
				}
				if _, ok := intl.LookupCurrency(l.Price.Currency); !ok || l.Quantity < 0 || l.CommissionRateBP < 0 || l.CommissionRateBP > 10000 {
					t.Fatalf("converted line %+v", l)
				}
			}
		}
	})
}

// Amounts written the way the platform writes them read back exactly.
func TestMoneyRoundTrip(t *testing.T) {
	codes := []string{"USD", "IDR", "VND", "THB", "MYR", "PHP", "SGD", "GBP", "JPY", "BHD"}
	rapid.Check(t, func(t *rapid.T) {
		m := Money{Amount: rapid.Int64Range(-1e15, 1e15).Draw(t, "amount"), Currency: rapid.SampledFrom(codes).Draw(t, "currency")}
		w := wireMoneyOf(m)
		got, err := w.money("")
		if err != nil || got != m {
			t.Fatalf("%+v → %+v → %+v, %v", m, w, got, err)
		}
	})
}
