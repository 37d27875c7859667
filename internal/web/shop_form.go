package web

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
)

// shopPlatforms are the platforms a shop can sell on, with the names people know them by.
var shopPlatforms = []adminOption{
	{model.PlatformTikTokShop, "TikTok Shop"},
	{model.PlatformShopee, "Shopee"},
	{model.PlatformDTC, "Own store (DTC)"},
}

// shopCurrencies and shopLocales are offered in the shop form; each is known to intl (a test
// checks), which is what reads the shop's exports.
var (
	shopCurrencies = []string{"USD", "GBP", "EUR", "IDR", "VND", "THB", "MYR", "PHP", "SGD", "BRL", "MXN",
		"JPY", "KRW", "CAD", "AUD", "CNY", "HKD", "TWD", "SAR", "AED", "BHD", "KWD", "CHF"}
	shopLocales = []string{"en-US", "en-GB", "en-SG", "en-MY", "en-PH", "en-CA", "en-AU", "ms-MY", "id-ID",
		"vi-VN", "th-TH", "pt-BR", "es-MX", "es-ES", "de-DE", "de-CH", "fr-FR", "it-IT", "ja-JP", "ko-KR",
		"zh-CN", "zh-HK", "zh-TW", "ar-SA", "ar-AE", "ar-BH", "ar-KW"}
)

// adminOption is one choice of a select field.
type adminOption struct{ Value, Label string }

// platformLabel names a platform for people.
func platformLabel(p string) string {
	for _, o := range shopPlatforms {
		if o.Value == p {
			return o.Label
		}
	}
	return p
}

// shopForm is the shop form as typed.
type shopForm struct {
	Slug, Name, Platform, Region, Currency, Locale, Timezone string
}

// readShopForm reads the form, trimmed. A missing locale follows the currency's market.
func readShopForm(r *http.Request) shopForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return shopForm{Slug: v("slug"), Name: v("name"), Platform: v("platform"), Region: v("region"),
		Currency: v("currency"), Locale: v("locale"), Timezone: v("timezone")}
}

// shopFormOf fills the form from a stored shop.
func shopFormOf(sh *model.Shop) shopForm {
	return shopForm{Slug: sh.Slug, Name: sh.Name, Platform: sh.Platform, Region: sh.Region,
		Currency: sh.Currency, Locale: sh.Locale, Timezone: sh.Timezone}
}

// check validates the form and canonicalizes its codes ("usd" → "USD", "en_us" → "en-US"); it
// returns a message naming the first bad field and its value, or "".
func (f *shopForm) check(creating bool) string {
	if creating {
		f.Slug = strings.ToLower(f.Slug)
		if !model.ValidSlug(f.Slug) {
			return fmt.Sprintf("Slug %q cannot name a shop: use lowercase letters, digits, '-' or '_' (at most 63), starting with a letter or digit, e.g. us-main.", f.Slug)
		}
		if platformLabel(f.Platform) == f.Platform {
			return fmt.Sprintf("Platform %q is not one we import: choose TikTok Shop, Shopee or Own store.", f.Platform)
		}
	}
	if f.Name == "" {
		f.Name = f.Slug
	}
	if utf8.RuneCountInString(f.Name) > 100 || utf8.RuneCountInString(f.Region) > 40 {
		return "Name (at most 100 characters) or region (at most 40) is too long."
	}
	cur, ok := intl.LookupCurrency(f.Currency)
	if !ok {
		return fmt.Sprintf("Currency %q is not one we can read amounts in: choose an ISO 4217 code from the list, e.g. USD or IDR.", f.Currency)
	}
	f.Currency = cur.Code
	if f.Locale == "" {
		f.Locale = intl.DefaultLocale(cur.Code).Tag
	}
	loc, ok := intl.LookupLocale(f.Locale)
	if !ok {
		return fmt.Sprintf("Number format %q is not a locale we know: choose one from the list, e.g. en-US or id-ID.", f.Locale)
	}
	f.Locale = loc.Tag
	if f.Timezone == "" {
		f.Timezone = "UTC"
	}
	return checkZone("Time zone", f.Timezone)
}
