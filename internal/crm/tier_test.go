package crm

import (
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

func TestEvaluateTier(t *testing.T) {
	rules := []store.TierRule{
		{Tier: "Gold", WindowDays: 30, MinGMV: 100000, MinOrders: 10, Currency: "USD"},
		{Tier: "Silver", WindowDays: 90, MinGMV: 50000, Currency: "USD"},
		{Tier: "Rupiah", WindowDays: 30, MinGMV: 1, Currency: "IDR"},
		{Tier: "Bronze", WindowDays: 0, MinOrders: 3, Currency: "USD"},
	}
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	usd := func(g30, o30, g90, oAll int64) TierSales {
		return TierSales{Currency: "USD", GMV30d: g30, Orders30d: o30, GMV90d: g90, Orders90d: o30, GMVAll: g90, OrdersAll: oAll}
	}
	cases := []struct {
		name         string
		sales        TierSales
		override     string
		until        *time.Time
		want, reason string
		wantExpired  bool
	}{
		{"GMV and orders exactly at the minimum: in", usd(100000, 10, 100000, 10), "", nil, "Gold", "30-day GMV $1,000.00 ≥ $1,000.00 and 30-day orders 10 ≥ 10 (rule Gold)", false},
		{"GMV one cent below: out", usd(99999, 10, 99999, 10), "", nil, "Silver", "90-day GMV $999.99 ≥ $500.00 (rule Silver)", false},
		{"orders one below: out", usd(100000, 9, 100000, 9), "", nil, "Silver", "rule Silver", false},
		{"90-day window exactly at the minimum", usd(0, 0, 50000, 0), "", nil, "Silver", "", false},
		{"90-day window one below", usd(0, 0, 49999, 3), "", nil, "Bronze", "lifetime orders 3 ≥ 3 (rule Bronze)", false},
		{"lifetime orders one below", usd(0, 0, 49999, 2), "", nil, "", "below every tier rule", false},
		{"sales in another currency meet only its rules", TierSales{Currency: "IDR", GMV30d: 5, GMV90d: 1e9, GMVAll: 1e9, Orders30d: 100, OrdersAll: 100}, "", nil, "Rupiah", "rule Rupiah", false},
		{"never refreshed: no currency, no rule", TierSales{GMV30d: 1e9, Orders30d: 100}, "", nil, "", "below every tier rule", false},
		{"live override wins", usd(0, 0, 0, 0), "Gold", &later, "Gold", "override until 2026-11-30", false},
		{"override until cleared", usd(0, 0, 0, 0), "Silver", nil, "Silver", "override until cleared", false},
		{"override ending now has expired", usd(0, 0, 0, 3), "Gold", &now, "Bronze", OverrideExpired, true},
		{"expired override", usd(100000, 10, 0, 0), "Bronze", &earlier, "Gold", OverrideExpired, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tier, reason, expired := EvaluateTier(rules, c.sales, c.override, c.until, now)
			if tier != c.want || expired != c.wantExpired || !strings.Contains(reason, c.reason) {
				t.Errorf("EvaluateTier = %q, %q, %v; want %q, %q, %v", tier, reason, expired, c.want, c.reason, c.wantExpired)
			}
		})
	}
	if tier, reason := RuleTier(nil, usd(1, 1, 1, 1)); tier != "" || reason != "no tier rules" {
		t.Errorf("no rules: %q, %q", tier, reason)
	}
}
