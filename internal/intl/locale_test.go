package intl

import (
	"strings"
	"testing"
)

func TestLookupLocale(t *testing.T) {
	tests := []struct {
		tag     string
		want    string
		decimal rune
		group   rune
		ok      bool
	}{
		{"en-US", "en-US", '.', ',', true},
		{"EN_us", "en-US", '.', ',', true},
		{"id-ID", "id-ID", ',', '.', true},
		{"id_id", "id-ID", ',', '.', true},
		{"vi-VN", "vi-VN", ',', '.', true},
		{"pt-BR", "pt-BR", ',', '.', true},
		{"fr-FR", "fr-FR", ',', '\u00a0', true},
		{"de-CH", "de-CH", '.', '\'', true},
		{"xx-YY", "", 0, 0, false},
		{"", "", 0, 0, false},
		{"en-US-with-a-very-long-tail", "", 0, 0, false},
	}
	for _, tt := range tests {
		l, ok := LookupLocale(tt.tag)
		if ok != tt.ok || l.Tag != tt.want || l.Decimal != tt.decimal || l.Group != tt.group {
			t.Errorf("LookupLocale(%q) = %+v, %v", tt.tag, l, ok)
		}
	}
	for _, tag := range strings.Fields("en-US en-GB en-SG en-MY en-PH id-ID vi-VN th-TH ms-MY pt-BR es-MX de-DE fr-FR ja-JP ko-KR") {
		if _, ok := LookupLocale(tag); !ok {
			t.Errorf("missing %s", tag)
		}
	}
}

func TestDefaultLocale(t *testing.T) {
	tests := []struct{ code, want string }{
		{"USD", "en-US"}, {"usd", "en-US"}, {"IDR", "id-ID"}, {"VND", "vi-VN"}, {"THB", "th-TH"},
		{"MYR", "en-MY"}, {"PHP", "en-PH"}, {"SGD", "en-SG"}, {"GBP", "en-GB"}, {"EUR", "de-DE"},
		{"BRL", "pt-BR"}, {"MXN", "es-MX"}, {"JPY", "ja-JP"}, {"KRW", "ko-KR"}, {"XXX", "en-US"}, {"", "en-US"},
	}
	for _, tt := range tests {
		if got := DefaultLocale(tt.code).Tag; got != tt.want {
			t.Errorf("DefaultLocale(%q) = %s, want %s", tt.code, got, tt.want)
		}
	}
	for _, c := range currencyTable {
		if _, ok := LookupLocale(defaultTags[c.Code]); !ok {
			t.Errorf("%s has no default locale", c.Code)
		}
	}
}

// TestLocaleTable guards what the parsers assume: separators never collide, and slash dates
// are DMY everywhere until an export proves otherwise (see localeTable).
func TestLocaleTable(t *testing.T) {
	for _, l := range localeTable {
		if l.Decimal != '.' && l.Decimal != ',' {
			t.Errorf("%s: decimal %q", l.Tag, l.Decimal)
		}
		if l.Group == l.Decimal || l.Group == 0 {
			t.Errorf("%s: group %q", l.Tag, l.Group)
		}
		if l.DateOrder != DMY {
			t.Errorf("%s: date order %v", l.Tag, l.DateOrder)
		}
		if got, _ := LookupLocale(l.Tag); got != l {
			t.Errorf("%s does not look itself up", l.Tag)
		}
	}
}
