package web

// regionDefaults is how a shop of a TikTok Shop region reads its figures, for shops created
// while connecting.
type regionDefaults struct{ currency, locale, zone string }

// tiktokRegions are the TikTok Shop markets; each currency and locale is one the shop form
// offers (a test checks).
var tiktokRegions = map[string]regionDefaults{
	"US": {"USD", "en-US", "America/Los_Angeles"},
	"GB": {"GBP", "en-GB", "Europe/London"},
	"ID": {"IDR", "id-ID", "Asia/Jakarta"},
	"MY": {"MYR", "ms-MY", "Asia/Kuala_Lumpur"},
	"PH": {"PHP", "en-PH", "Asia/Manila"},
	"SG": {"SGD", "en-SG", "Asia/Singapore"},
	"TH": {"THB", "th-TH", "Asia/Bangkok"},
	"VN": {"VND", "vi-VN", "Asia/Ho_Chi_Minh"},
	"MX": {"MXN", "es-MX", "America/Mexico_City"},
	"BR": {"BRL", "pt-BR", "America/Sao_Paulo"},
	"ES": {"EUR", "es-ES", "Europe/Madrid"},
	"DE": {"EUR", "de-DE", "Europe/Berlin"},
	"FR": {"EUR", "fr-FR", "Europe/Paris"},
	"IT": {"EUR", "it-IT", "Europe/Rome"},
	"IE": {"EUR", "en-GB", "Europe/Dublin"},
	"JP": {"JPY", "ja-JP", "Asia/Tokyo"},
}

// regionDefaultsFor falls back to US dollars in UTC for a region it does not know.
func regionDefaultsFor(region string) regionDefaults {
	if d, ok := tiktokRegions[region]; ok {
		return d
	}
	return regionDefaults{"USD", "en-US", "UTC"}
}
