package model

import (
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

// CommissionOn must equal amount × rate / 10000 rounded toward zero, exactly, for every amount a
// shop can hold, without the overflow a plain amount*rate would hit.
func TestCommissionOnProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		amount := rapid.Int64Range(-900_000_000_000_000, 900_000_000_000_000).Draw(t, "amount")
		rate := rapid.Int64Range(0, 10000).Draw(t, "rate")
		want := new(big.Int).Quo(new(big.Int).Mul(big.NewInt(amount), big.NewInt(rate)), big.NewInt(10000))
		if got := CommissionOn(amount, rate); got != want.Int64() {
			t.Fatalf("CommissionOn(%d, %d) = %d, want %d", amount, rate, got, want)
		}
	})
}

// Totals.Add and Sub are inverse, so applying a change as "minus old, plus new" is exact.
func TestTotalsAddSubProperty(t *testing.T) {
	gen := rapid.Custom(func(t *rapid.T) Totals {
		n := func(label string) int64 { return rapid.Int64Range(-1e12, 1e12).Draw(t, label) }
		return Totals{n("gmv"), n("orders"), n("units"), n("lines"), n("est"), n("paid"), n("refunds")}
	})
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen.Draw(t, "a"), gen.Draw(t, "b")
		c := a
		c.Add(b)
		c.Sub(b)
		if c != a {
			t.Fatalf("%+v + %+v - %+v = %+v", a, b, b, c)
		}
	})
}

func TestLineTotals(t *testing.T) {
	paid := int64(120)
	for _, c := range []struct {
		name string
		line OrderLine
		want Totals
	}{
		{"processing", OrderLine{Status: StatusProcessing, Payment: 1000, Quantity: 2, CommissionRateBP: 1250},
			Totals{GMV: 1000, Units: 2, Lines: 1, EstCommission: 125}},
		{"completed and paid", OrderLine{Status: StatusCompleted, Payment: 999, Quantity: 1, CommissionRateBP: 1500, ActualCommission: &paid},
			Totals{GMV: 999, Units: 1, Lines: 1, EstCommission: 149, PaidCommission: 120}},
		{"refunded", OrderLine{Status: StatusRefunded, Payment: 500, Quantity: 1, CommissionRateBP: 1500, FullyRefunded: true},
			Totals{Lines: 1, Refunds: 500}},
		{"cancelled", OrderLine{Status: StatusCancelled, Payment: 500, Quantity: 1, FullyRefunded: true},
			Totals{Lines: 1}},
		{"no rate: the export's estimate", OrderLine{Status: StatusProcessing, Payment: 500, Quantity: 1, EstCommission: 42},
			Totals{GMV: 500, Units: 1, Lines: 1, EstCommission: 42}},
	} {
		if got := c.line.LineTotals(); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestOlderSnapshot(t *testing.T) {
	for _, c := range []struct {
		name                   string
		inStatus, storedStatus string
		inLatest, storedLatest int64
		older                  bool
	}{
		{"earlier status", StatusProcessing, StatusCompleted, 900, 100, true},
		{"same status, commission paid later", StatusCompleted, StatusCompleted, 100, 200, true},
		{"same status, same milestone (a correction)", StatusCompleted, StatusCompleted, 200, 200, false},
		{"newer milestone", StatusCompleted, StatusCompleted, 300, 200, false},
		{"refund after completion", StatusRefunded, StatusCompleted, 100, 200, false},
	} {
		if got := OlderSnapshot(c.inStatus, c.inLatest, c.storedStatus, c.storedLatest); got != c.older {
			t.Errorf("%s: got %v", c.name, got)
		}
	}
}
