package intl

import "strings"

// Currency is an ISO 4217 currency with its minor units and the symbols seen in exports.
type Currency struct {
	Code       string   // ISO 4217 code, upper case: "USD"
	MinorUnits int      // ISO 4217 exponent: USD 2, IDR 2, VND 0, JPY 0, BHD 3
	Symbols    []string // markers written next to amounts; the first is the one FormatAmount writes
}

// currencyTable lists the currencies the importer knows. Exponents follow ISO 4217 even
// where daily use differs (IDR and TWD keep 2), because that is what the platforms settle in.
// "$" and "¥" are shared on purpose: a bare "$" is fine for any dollar shop.
var currencyTable = []Currency{
	{"USD", 2, []string{"$", "US$"}},
	{"GBP", 2, []string{"£"}},
	{"EUR", 2, []string{"€"}},
	{"IDR", 2, []string{"Rp"}},
	{"VND", 0, []string{"₫", "đ", "VNĐ"}},
	{"THB", 2, []string{"฿", "บาท"}},
	{"MYR", 2, []string{"RM"}},
	{"PHP", 2, []string{"₱"}},
	{"SGD", 2, []string{"S$", "SG$", "$"}},
	{"BRL", 2, []string{"R$"}},
	{"MXN", 2, []string{"$", "MX$", "Mex$"}},
	{"JPY", 0, []string{"¥", "￥", "円", "JP¥"}},
	{"KRW", 0, []string{"₩", "원"}},
	{"CAD", 2, []string{"$", "CA$", "C$"}},
	{"AUD", 2, []string{"$", "A$", "AU$"}},
	{"CNY", 2, []string{"¥", "￥", "CN¥", "元", "RMB"}},
	{"HKD", 2, []string{"HK$", "$"}},
	{"TWD", 2, []string{"NT$", "$"}},
	{"SAR", 2, []string{"SR", "ر.س", "﷼"}},
	{"AED", 2, []string{"Dh", "Dhs", "د.إ"}},
	{"BHD", 3, []string{"BD", "د.ب"}},
	{"KWD", 3, []string{"KD", "د.ك"}},
	{"CHF", 2, []string{"CHF", "Fr."}},
}

// currencyByCode indexes currencyTable; built once so lookups on the hot path are a map hit.
var currencyByCode = func() map[string]Currency {
	m := make(map[string]Currency, len(currencyTable))
	for _, c := range currencyTable {
		m[c.Code] = c
	}
	return m
}()

// LookupCurrency finds a currency by its ISO 4217 code, ignoring case.
func LookupCurrency(code string) (Currency, bool) {
	var buf [8]byte
	code = trimSpace(code)
	if len(code) > len(buf) {
		return Currency{}, false
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	// Indexing with string(buf[:n]) does not allocate.
	c, ok := currencyByCode[string(buf[:len(code)])]
	return c, ok
}

// marks reports whether m is cur's code or one of its symbols. Letters are compared without
// case because exports write "Rp", "RP" and "rp" alike.
func (cur *Currency) marks(m string) bool {
	// Exact matches first: they are the common case and far cheaper than folding.
	for _, s := range cur.Symbols {
		if m == s {
			return true
		}
	}
	if strings.EqualFold(m, cur.Code) {
		return true
	}
	for _, s := range cur.Symbols {
		if strings.EqualFold(m, s) {
			return true
		}
	}
	return false
}

// markerOwner is the code of a known currency that m marks, for naming a mismatch.
func markerOwner(m string) (string, bool) {
	for i := range currencyTable {
		if c := &currencyTable[i]; c.marks(m) {
			return c.Code, true
		}
	}
	return "", false
}
