package shopee

import (
	"encoding/json"
	"testing"

	"github.com/creatorops/creatorops/internal/intl"
	"pgregory.net/rapid"
)

// TestMoneyAndRatesRoundTrip: whatever intl writes for an amount (as a JSON string or a
// JSON number, with or without float-style trailing zeros) and for a rate, the report
// decoder reads back exactly, in every Shopee market's currency.
func TestMoneyAndRatesRoundTrip(t *testing.T) {
	var regions []string
	for r := range markets {
		regions = append(regions, r)
	}
	rapid.Check(t, func(t *rapid.T) {
		m := markets[rapid.SampledFrom(regions).Draw(t, "region")]
		cur, _ := intl.LookupCurrency(m.Currency)
		rd := reportReader{cur: cur, tz: m.Location}
		minor := rapid.Int64Range(-1e15, 1e15).Draw(t, "minor")
		bp := rapid.Int64Range(0, 10000).Draw(t, "bp")
		text := intl.FormatPlain(minor, cur, apiLocale)
		if rapid.Bool().Draw(t, "float zeros") {
			if cur.MinorUnits == 0 {
				text += ".0"
			} else {
				text += "00"
			}
		}
		amount := any(text)
		if rapid.Bool().Draw(t, "as number") {
			amount = json.Number(text)
		}
		row, _ := json.Marshal(map[string]any{"order_sn": "X", "items": []map[string]any{{
			"purchase_value": amount, "item_brand_commission_rate_to_affiliate": intl.FormatRate(bp),
		}}})
		p, err := rd.decodePage(page(string(row)))
		if err != nil {
			t.Fatalf("%s: %s and %s: %v", m.Currency, text, intl.FormatRate(bp), err)
		}
		it := p.Conversions[0].Items[0]
		if it.PurchaseValue != minor || it.CommissionRateToAffiliate != bp {
			t.Fatalf("%s: wrote %d as %s and %d as %s, read %d and %d", m.Currency, minor, text, bp, intl.FormatRate(bp), it.PurchaseValue, it.CommissionRateToAffiliate)
		}
	})
}
