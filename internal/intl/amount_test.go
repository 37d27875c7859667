package intl

import (
	"math"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		cur  string
		loc  string
		want int64
		err  string
	}{
		// en-US dollars: the shapes seen in Seller Center exports.
		{"12.50", "USD", "en-US", 1250, ""},
		{"12.5", "USD", "en-US", 1250, ""},
		{"12", "USD", "en-US", 1200, ""},
		{"0.05", "USD", "en-US", 5, ""},
		{"0", "USD", "en-US", 0, ""},
		{"-0", "USD", "en-US", 0, ""},
		{"1,234.50", "USD", "en-US", 123450, ""},
		{"1234.50", "USD", "en-US", 123450, ""},
		{"1,234,567.89", "USD", "en-US", 123456789, ""},
		{"$49.60", "USD", "en-US", 4960, ""},
		{"$58,857.41", "USD", "en-US", 5885741, ""},
		{"US$12.50", "USD", "en-US", 1250, ""},
		{"USD 12.50", "USD", "en-US", 1250, ""},
		{"usd 12.50", "USD", "en-US", 1250, ""},
		{"12.50 USD", "USD", "en-US", 1250, ""},
		{"12.50$", "USD", "en-US", 1250, ""},
		{"$ 12.50", "USD", "en-US", 1250, ""},
		{"$12.50 USD", "USD", "en-US", 1250, ""},
		{"-12.50", "USD", "en-US", -1250, ""},
		{"-$12.50", "USD", "en-US", -1250, ""},
		{"$-12.50", "USD", "en-US", -1250, ""},
		{"USD -12.50", "USD", "en-US", -1250, ""},
		{"- $12.50", "USD", "en-US", -1250, ""},
		{"(12.50)", "USD", "en-US", -1250, ""},
		{"($1,234.50)", "USD", "en-US", -123450, ""},
		{" \u00a0$49.60\u00a0\t", "USD", "en-US", 4960, ""},
		{"92233720368547758.07", "USD", "en-US", math.MaxInt64, ""},
		{"-92233720368547758.08", "USD", "en-US", math.MinInt64, ""},

		{"", "USD", "en-US", 0, "EMPTY"},
		{" \u00a0 ", "USD", "en-US", 0, "EMPTY"},
		{"12,5O", "USD", "en-US", 0, `"12,5O" is not an amount in en-US`},
		{"12,5", "USD", "en-US", 0, "is not an amount in en-US"},
		{"1,23.4", "USD", "en-US", 0, "is not an amount"},
		{"1,2345", "USD", "en-US", 0, "is not an amount"},
		{"1234,567.00", "USD", "en-US", 0, "is not an amount"},
		{"0,123.00", "USD", "en-US", 0, "is not an amount"},
		{",123", "USD", "en-US", 0, "is not an amount"},
		{"1,234,", "USD", "en-US", 0, "is not an amount"},
		{"1,,234", "USD", "en-US", 0, "is not an amount"},
		{"12.", "USD", "en-US", 0, "is not an amount"},
		{".50", "USD", "en-US", 0, "is not an amount"},
		{"1.234.567", "USD", "en-US", 0, "is not an amount"},
		{"1 234.50", "USD", "en-US", 0, "is not an amount"},
		{"1.234,50", "USD", "en-US", 0, "is not an amount"},
		{"12.50%", "USD", "en-US", 0, "is not an amount"},
		{"12.50 USD USD", "USD", "en-US", 0, "is not an amount"},
		{"abc", "USD", "en-US", 0, "is not an amount"},
		{"$", "USD", "en-US", 0, "is not an amount"},
		{"-", "USD", "en-US", 0, "is not an amount"},
		{"--5", "USD", "en-US", 0, "is not an amount"},
		{"-$-5", "USD", "en-US", 0, "is not an amount"},
		{"(-5)", "USD", "en-US", 0, "is not an amount"},
		{"-(5)", "USD", "en-US", 0, "is not an amount"},
		{"(5", "USD", "en-US", 0, "is not an amount"},
		{"1e3", "USD", "en-US", 0, "is not an amount"},
		{"12.345", "USD", "en-US", 0, `"12.345" has 3 decimals, USD has 2`},
		{"12.500", "USD", "en-US", 0, "has 3 decimals, USD has 2"},
		{"12.500000000000000000000000", "USD", "en-US", 0, "has 24 decimals, USD has 2"},
		{"0.1", "USD", "en-US", 10, ""},
		{"0.01", "USD", "en-US", 1, ""},
		{"10.10", "USD", "en-US", 1010, ""},
		{"Rp12.500", "USD", "en-US", 0, `"Rp12.500": currency Rp does not match USD`},
		{"€5", "USD", "en-US", 0, "currency € does not match USD"},
		{"S$5", "USD", "en-US", 0, "currency S$ does not match USD"},
		{"5 EUR", "USD", "en-US", 0, "currency EUR does not match USD"},
		{"12,5O USD", "USD", "en-US", 0, "is not an amount"},
		{"99999999999999999999", "USD", "en-US", 0, "is too large"},
		{"92233720368547758.08", "USD", "en-US", 0, "is too large"},
		{"-92233720368547758.09", "USD", "en-US", 0, "is too large"},
		{"184467440737095516.16", "USD", "en-US", 0, "is too large"},

		// Rupiah: '.' groups, ',' is the decimal, and IDR still has 2 minor units.
		{"12.500", "IDR", "id-ID", 1250000, ""},
		{"12.500,50", "IDR", "id-ID", 1250050, ""},
		{"12500,5", "IDR", "id-ID", 1250050, ""},
		{"Rp12.500", "IDR", "id-ID", 1250000, ""},
		{"Rp 12.500,00", "IDR", "id-ID", 1250000, ""},
		{"RP12.500", "IDR", "id-ID", 1250000, ""},
		{"IDR 1.000.000", "IDR", "id-ID", 100000000, ""},
		{"12.500,505", "IDR", "id-ID", 0, "has 3 decimals, IDR has 2"},
		{"12,500.50", "IDR", "id-ID", 0, "is not an amount in id-ID"},
		{"12.50", "IDR", "id-ID", 0, "is not an amount in id-ID"},
		{"USD 5", "IDR", "id-ID", 0, "currency USD does not match IDR"},
		{"$5", "IDR", "id-ID", 0, "currency $ does not match IDR"},

		// Dong has no minor units; in vi-VN the '.' is a group, so "125.000" is whole.
		{"₫125.000", "VND", "vi-VN", 125000, ""},
		{"125.000 ₫", "VND", "vi-VN", 125000, ""},
		{"125.000đ", "VND", "vi-VN", 125000, ""},
		{"125000", "VND", "vi-VN", 125000, ""},
		{"VND 1.250.000", "VND", "vi-VN", 1250000, ""},
		{"125,5", "VND", "vi-VN", 0, `"125,5" has 1 decimal, VND has 0`},
		{"125,00", "VND", "vi-VN", 0, "has 2 decimals, VND has 0"},
		{"₫125.000", "VND", "en-US", 0, "has 3 decimals, VND has 0"},

		{"¥1,500", "JPY", "ja-JP", 1500, ""},
		{"1,500円", "JPY", "ja-JP", 1500, ""},
		{"1500.5", "JPY", "ja-JP", 0, "has 1 decimal, JPY has 0"},
		{"₩12,000", "KRW", "ko-KR", 12000, ""},
		{"BD 1.234", "BHD", "ar-BH", 1234, ""},
		{"1.2345", "BHD", "ar-BH", 0, "has 4 decimals, BHD has 3"},
		{"1.234,50 €", "EUR", "de-DE", 123450, ""},
		{"€1.234,50", "EUR", "de-DE", 123450, ""},
		{"-1.234,50 €", "EUR", "de-DE", -123450, ""},
		{"$5", "EUR", "de-DE", 0, "currency $ does not match EUR"},
		{"1 234,50 €", "EUR", "fr-FR", 123450, ""},
		{"1\u00a0234,50\u00a0€", "EUR", "fr-FR", 123450, ""},
		{"1\u202f234\u202f567,50 €", "EUR", "fr-FR", 123456750, ""},
		{"1 234 €", "EUR", "fr-FR", 123400, ""},
		{"1234,50", "EUR", "fr-FR", 123450, ""},
		{"12 5,00 €", "EUR", "fr-FR", 0, "is not an amount in fr-FR"},
		{"1\t234,50", "EUR", "fr-FR", 0, "is not an amount in fr-FR"},
		{"CHF 1'234.50", "CHF", "de-CH", 123450, ""},
		{"1’234.50 Fr.", "CHF", "de-CH", 123450, ""},
		{"R$ 1.234,56", "BRL", "pt-BR", 123456, ""},
		{"$1,234.56", "MXN", "es-MX", 123456, ""},
		{"S$12.50", "SGD", "en-SG", 1250, ""},
		{"$12.50", "SGD", "en-SG", 1250, ""},
		{"SGD 12.50", "SGD", "en-SG", 1250, ""},
		{"US$12.50", "SGD", "en-SG", 0, "currency US$ does not match SGD"},
		{"฿1,234.00", "THB", "th-TH", 123400, ""},
		{"₱1,234.00", "PHP", "en-PH", 123400, ""},
		{"RM12.50", "MYR", "en-MY", 1250, ""},
		{"rm12.50", "MYR", "ms-MY", 1250, ""},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in, cur(tt.cur), loc(tt.loc))
		if checkErr(t, tt.in, err, tt.err) && got != tt.want {
			t.Errorf("ParseAmount(%q, %s, %s) = %d, want %d", tt.in, tt.cur, tt.loc, got, tt.want)
		}
	}
}

// TestParseAmountOddInputs checks that hand-built currencies and locales fail or work
// without panicking, since callers may build them from configuration.
func TestParseAmountOddInputs(t *testing.T) {
	tests := []struct {
		in   string
		cur  Currency
		loc  Locale
		want int64
		err  string
	}{
		{"12", Currency{}, Locale{}, 12, ""},
		{"12.5", Currency{}, Locale{}, 0, "is not an amount"},
		{"12", Currency{Code: "XTS", MinorUnits: 40}, loc("en-US"), 0, "unsupported minor units"},
		{"12", Currency{Code: "XTS", MinorUnits: -1}, loc("en-US"), 0, "unsupported minor units"},
		{"XTS 12", Currency{Code: "XTS", MinorUnits: 2}, loc("en-US"), 1200, ""},
		{"12", Currency{Code: "XTS", MinorUnits: 18}, loc("en-US"), 0, "is too large"},
		{"1.5", Currency{Code: "XTS", MinorUnits: 18}, loc("en-US"), 1500000000000000000, ""},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in, tt.cur, tt.loc)
		if checkErr(t, tt.in, err, tt.err) && got != tt.want {
			t.Errorf("ParseAmount(%q, %+v) = %d, want %d", tt.in, tt.cur, got, tt.want)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		minor           int64
		cur, loc        string
		want, wantPlain string
	}{
		{123450, "USD", "en-US", "$1,234.50", "1234.50"},
		{-300, "USD", "en-US", "-$3.00", "-3.00"},
		{0, "USD", "en-US", "$0.00", "0.00"},
		{5, "USD", "en-US", "$0.05", "0.05"},
		{-5, "USD", "en-US", "-$0.05", "-0.05"},
		{100000, "USD", "en-US", "$1,000.00", "1000.00"},
		{math.MinInt64, "USD", "en-US", "-$92,233,720,368,547,758.08", "-92233720368547758.08"},
		{1250000, "IDR", "id-ID", "Rp12.500,00", "12500,00"},
		{125000, "VND", "vi-VN", "₫125.000", "125000"},
		{0, "VND", "vi-VN", "₫0", "0"},
		{123456789, "JPY", "ja-JP", "¥123,456,789", "123456789"},
		{1234567, "BHD", "ar-BH", "BD1,234.567", "1234.567"},
		{123450, "EUR", "fr-FR", "€1\u00a0234,50", "1234,50"},
		{123450, "EUR", "de-DE", "€1.234,50", "1234,50"},
		{123450, "CHF", "de-CH", "CHF1'234.50", "1234.50"},
		{1250, "SGD", "en-SG", "S$12.50", "12.50"},
	}
	for _, tt := range tests {
		if got := FormatAmount(tt.minor, cur(tt.cur), loc(tt.loc)); got != tt.want {
			t.Errorf("FormatAmount(%d, %s, %s) = %q, want %q", tt.minor, tt.cur, tt.loc, got, tt.want)
		}
		if got := FormatPlain(tt.minor, cur(tt.cur), loc(tt.loc)); got != tt.wantPlain {
			t.Errorf("FormatPlain(%d, %s, %s) = %q, want %q", tt.minor, tt.cur, tt.loc, got, tt.wantPlain)
		}
	}
	if got := FormatAmount(100, Currency{Code: "XTS", MinorUnits: 2}, Locale{}); got != "XTS 1.00" {
		t.Errorf("symbol-less currency: %q", got)
	}
}
