package crm

import (
	"fmt"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/store"
)

// TierSales are the figures tier rules compare, in Currency.
type TierSales struct {
	Currency                        string
	GMV30d, GMV90d, GMVAll          int64
	Orders30d, Orders90d, OrdersAll int64
}

// window returns the GMV and orders of a rule's window.
func (s TierSales) window(days int) (gmv, orders int64) {
	switch days {
	case 30:
		return s.GMV30d, s.Orders30d
	case 90:
		return s.GMV90d, s.Orders90d
	}
	return s.GMVAll, s.OrdersAll
}

// OverrideExpired is the reason given when a tier override ran out.
const OverrideExpired = "override expired"

// EvaluateTier returns a creator's tier and why. A live override wins; an override whose end
// has come (until ≤ now) no longer counts, and expired says so, to be cleared with the reason
// OverrideExpired. Otherwise the first rule, in order, whose thresholds the creator reaches
// (GMV ≥ MinGMV and orders ≥ MinOrders over its window) gives the tier; a rule in another
// currency than the creator's sales does not apply. No rule met: tier "".
func EvaluateTier(rules []store.TierRule, sales TierSales, override string, overrideUntil *time.Time, now time.Time) (tier, reason string, expired bool) {
	if override != "" {
		if overrideUntil == nil {
			return override, "override until cleared", false
		}
		if overrideUntil.After(now) {
			return override, "override until " + overrideUntil.UTC().Format(time.DateOnly), false
		}
		tier, _ = RuleTier(rules, sales)
		return tier, OverrideExpired, true
	}
	tier, reason = RuleTier(rules, sales)
	return tier, reason, false
}

// effectiveTier is EvaluateTier without the reason, which costs more to write than the rest:
// a refresh asks it of every creator and the reason only of those whose tier changes.
func effectiveTier(rules []store.TierRule, sales TierSales, override string, overrideUntil *time.Time, now time.Time) (tier string, expired bool) {
	if override != "" && (overrideUntil == nil || overrideUntil.After(now)) {
		return override, false
	}
	if i := matchRule(rules, sales); i >= 0 {
		tier = rules[i].Tier
	}
	return tier, override != ""
}

// matchRule is the index of the first rule the sales meet, -1 for none.
func matchRule(rules []store.TierRule, sales TierSales) int {
	for i, r := range rules {
		if r.Currency != sales.Currency {
			continue
		}
		if gmv, orders := sales.window(r.WindowDays); gmv >= r.MinGMV && orders >= r.MinOrders {
			return i
		}
	}
	return -1
}

// RuleTier is the tier the rules alone give, and why.
func RuleTier(rules []store.TierRule, sales TierSales) (tier, reason string) {
	if i := matchRule(rules, sales); i >= 0 {
		r := rules[i]
		gmv, orders := sales.window(r.WindowDays)
		return r.Tier, describeMet(r, gmv, orders)
	}
	if len(rules) == 0 {
		return "", "no tier rules"
	}
	return "", "below every tier rule"
}

// WindowLabel names a rule's window: "30-day", "90-day" or "lifetime".
func WindowLabel(days int) string {
	if days == 0 {
		return "lifetime"
	}
	return fmt.Sprintf("%d-day", days)
}

// FormatMoney writes minor units of a currency as its locale writes them: $1,234.50.
func FormatMoney(minor int64, currency string) string {
	cur, ok := intl.LookupCurrency(currency)
	if !ok {
		return fmt.Sprintf("%s %s", group(minor), currency)
	}
	return intl.FormatAmount(minor, cur, intl.DefaultLocale(currency))
}

func describeMet(r store.TierRule, gmv, orders int64) string {
	var parts []string
	if r.MinGMV > 0 {
		parts = append(parts, fmt.Sprintf("%s GMV %s ≥ %s", WindowLabel(r.WindowDays), FormatMoney(gmv, r.Currency), FormatMoney(r.MinGMV, r.Currency)))
	}
	if r.MinOrders > 0 {
		parts = append(parts, fmt.Sprintf("%s orders %s ≥ %s", WindowLabel(r.WindowDays), group(orders), group(r.MinOrders)))
	}
	if len(parts) == 0 {
		return "rule " + r.Tier + " has no threshold"
	}
	return strings.Join(parts, " and ") + " (rule " + r.Tier + ")"
}
