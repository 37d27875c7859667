package tiktokshop

import (
	"fmt"
	"strconv"

	"github.com/creatorops/creatorops/internal/intl"
)

// Money is an amount in minor units of an ISO 4217 currency: 1250 USD is $12.50.
type Money struct {
	Amount   int64
	Currency string
}

// wireMoney is the platform's {amount, currency}: a decimal string and a code.
type wireMoney struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// apiLocale is how the API writes numbers: '.' for decimals, no grouping.
var apiLocale = intl.Locale{Tag: "API", Decimal: '.'}

// present reports whether the platform sent the field at all.
func (w *wireMoney) present() bool { return w != nil && w.Amount != "" }

// money converts w; fallback is the currency to assume when a field leaves it out, which the
// platform does on some lines (the line's price always carries one).
func (w *wireMoney) money(fallback string) (Money, error) {
	if !w.present() {
		return Money{}, fmt.Errorf("amount is missing")
	}
	code := w.Currency
	if code == "" {
		code = fallback
	}
	cur, ok := intl.LookupCurrency(code)
	if !ok {
		return Money{}, fmt.Errorf("currency %q is unknown", code)
	}
	v, err := intl.ParseAmount(w.Amount, cur, apiLocale)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: v, Currency: cur.Code}, nil
}

// optMoney converts a field the platform sends only once it is known (actual commission
// after settlement): nil means not yet, which differs from a known zero (a full refund).
func (w *wireMoney) optMoney(fallback string) (*Money, error) {
	if !w.present() {
		return nil, nil
	}
	m, err := w.money(fallback)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// wireMoneyOf writes m the way the platform does, for request bodies.
func wireMoneyOf(m Money) wireMoney {
	cur, ok := intl.LookupCurrency(m.Currency)
	if !ok {
		return wireMoney{Amount: strconv.FormatInt(m.Amount, 10), Currency: m.Currency}
	}
	return wireMoney{Amount: intl.FormatPlain(m.Amount, cur, apiLocale), Currency: cur.Code}
}

// parseBP reads a commission rate the API writes as a string of basis points ("1500").
func parseBP(s string) (int64, error) {
	v, err := intl.ParseInt(s, apiLocale)
	if err != nil {
		return 0, err
	}
	if v < 0 || v > 10000 {
		return 0, fmt.Errorf("%q is not a rate in basis points (0–10000)", s)
	}
	return v, nil
}
