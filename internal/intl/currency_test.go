package intl

import (
	"strings"
	"testing"
)

func TestLookupCurrency(t *testing.T) {
	tests := []struct {
		code  string
		want  string
		minor int
		ok    bool
	}{
		{"USD", "USD", 2, true},
		{"usd", "USD", 2, true},
		{" Idr ", "IDR", 2, true},
		{"VND", "VND", 0, true},
		{"JPY", "JPY", 0, true},
		{"KRW", "KRW", 0, true},
		{"BHD", "BHD", 3, true},
		{"KWD", "KWD", 3, true},
		{"XXX", "", 0, false},
		{"", "", 0, false},
		{"USDOLLARS", "", 0, false},
	}
	for _, tt := range tests {
		c, ok := LookupCurrency(tt.code)
		if ok != tt.ok || c.Code != tt.want || c.MinorUnits != tt.minor {
			t.Errorf("LookupCurrency(%q) = %+v, %v; want %s/%d, %v", tt.code, c, ok, tt.want, tt.minor, tt.ok)
		}
	}
}

func TestCurrencyCoverage(t *testing.T) {
	for _, code := range strings.Fields("USD GBP EUR IDR VND THB MYR PHP SGD BRL MXN JPY KRW CAD AUD CNY HKD TWD SAR AED BHD KWD") {
		if _, ok := LookupCurrency(code); !ok {
			t.Errorf("missing %s", code)
		}
	}
}

// TestCurrencyTable guards the assumptions ParseAmount makes about markers.
func TestCurrencyTable(t *testing.T) {
	shared := map[string]bool{"$": true, "¥": true, "￥": true}
	owner := map[string]string{}
	for _, c := range currencyTable {
		if len(c.Code) != 3 || strings.ToUpper(c.Code) != c.Code {
			t.Errorf("bad code %q", c.Code)
		}
		if c.MinorUnits < 0 || c.MinorUnits > 4 {
			t.Errorf("%s: minor units %d", c.Code, c.MinorUnits)
		}
		if len(c.Symbols) == 0 {
			t.Errorf("%s: no symbols", c.Code)
		}
		for _, m := range append([]string{c.Code}, c.Symbols...) {
			// markerEnd relies on markers holding no digit or sign, and trimming on no blanks.
			if strings.ContainsAny(m, "0123456789-() \u00a0") || m == "" {
				t.Errorf("%s: marker %q has a digit, sign or blank", c.Code, m)
			}
			key := strings.ToLower(m)
			if o, dup := owner[key]; dup && o != c.Code && !shared[m] {
				t.Errorf("marker %q belongs to both %s and %s", m, o, c.Code)
			}
			owner[key] = c.Code
		}
	}
}
