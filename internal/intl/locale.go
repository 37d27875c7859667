package intl

// Locale is how a market writes numbers and dates.
type Locale struct {
	Tag       string    // BCP 47 tag, canonical case: "en-US"
	Decimal   rune      // decimal separator: '.' or ','
	Group     rune      // digit group separator: ',', '.', ' ', '\u00a0' or '\''; never equal to Decimal
	DateOrder DateOrder // how to read day and month in a date such as 05/09/2026
}

// DateOrder says which of the first two fields of a slash date is the day.
type DateOrder int

// Slash-date field orders. Year-first dates (2026-09-30, 2026/09/30) do not depend on them.
const (
	DMY DateOrder = iota // 30/09/2026
	MDY                  // 09/30/2026
)

// pattern names the order in errors the way people write it.
func (o DateOrder) pattern() string {
	if o == MDY {
		return "MM/DD/YYYY"
	}
	return "DD/MM/YYYY"
}

// localeTable lists the markets' number formats.
//
// Every locale reads slash dates as DMY, en-US included: TikTok Seller Center exports for US
// shops write "30/09/2026 13:02:47" although Americans write month first. Switch a locale to
// MDY only with an export in hand that proves it; a wrong MDY silently swaps day and month
// for the first twelve days of each month, while a wrong DMY at least fails on day 13.
//
// The Arabic locales use Western digits with '.' and ',' because that is what the exports
// contain, not what CLDR prescribes for print.
var localeTable = []Locale{
	{"en-US", '.', ',', DMY},
	{"en-GB", '.', ',', DMY},
	{"en-SG", '.', ',', DMY},
	{"en-MY", '.', ',', DMY},
	{"en-PH", '.', ',', DMY},
	{"en-CA", '.', ',', DMY},
	{"en-AU", '.', ',', DMY},
	{"ms-MY", '.', ',', DMY},
	{"id-ID", ',', '.', DMY},
	{"vi-VN", ',', '.', DMY},
	{"th-TH", '.', ',', DMY},
	{"pt-BR", ',', '.', DMY},
	{"es-MX", '.', ',', DMY},
	{"es-ES", ',', '.', DMY},
	{"de-DE", ',', '.', DMY},
	{"de-CH", '.', '\'', DMY},
	{"fr-FR", ',', '\u00a0', DMY},
	{"it-IT", ',', '.', DMY},
	{"ja-JP", '.', ',', DMY},
	{"ko-KR", '.', ',', DMY},
	{"zh-CN", '.', ',', DMY},
	{"zh-HK", '.', ',', DMY},
	{"zh-TW", '.', ',', DMY},
	{"ar-SA", '.', ',', DMY},
	{"ar-AE", '.', ',', DMY},
	{"ar-BH", '.', ',', DMY},
	{"ar-KW", '.', ',', DMY},
}

// defaultTags maps a currency to the locale its home market writes.
var defaultTags = map[string]string{
	"USD": "en-US", "GBP": "en-GB", "EUR": "de-DE", "IDR": "id-ID", "VND": "vi-VN",
	"THB": "th-TH", "MYR": "en-MY", "PHP": "en-PH", "SGD": "en-SG", "BRL": "pt-BR",
	"MXN": "es-MX", "JPY": "ja-JP", "KRW": "ko-KR", "CAD": "en-CA", "AUD": "en-AU",
	"CNY": "zh-CN", "HKD": "zh-HK", "TWD": "zh-TW", "SAR": "ar-SA", "AED": "ar-AE",
	"BHD": "ar-BH", "KWD": "ar-KW", "CHF": "de-CH",
}

// localeByKey indexes localeTable by lower-case tag with '-', the form lookups normalize to.
var localeByKey = func() map[string]Locale {
	m := make(map[string]Locale, len(localeTable))
	for _, l := range localeTable {
		var buf [16]byte
		m[string(localeKey(buf[:0], l.Tag))] = l
	}
	return m
}()

// localeKey appends tag in lower case with '_' read as '-', so "EN_us" finds en-US.
func localeKey(dst []byte, tag string) []byte {
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '_':
			c = '-'
		}
		dst = append(dst, c)
	}
	return dst
}

// LookupLocale finds a locale by BCP 47 tag, ignoring case and accepting '_' for '-'.
func LookupLocale(tag string) (Locale, bool) {
	var buf [16]byte
	tag = trimSpace(tag)
	if len(tag) > len(buf) {
		return Locale{}, false
	}
	l, ok := localeByKey[string(localeKey(buf[:0], tag))]
	return l, ok
}

// DefaultLocale is the locale usually paired with a currency; en-US when the currency is unknown.
func DefaultLocale(currencyCode string) Locale {
	if c, ok := LookupCurrency(currencyCode); ok {
		if l, ok := LookupLocale(defaultTags[c.Code]); ok {
			return l
		}
	}
	l, _ := LookupLocale("en-US")
	return l
}
