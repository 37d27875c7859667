package shopee

import (
	"log/slog"
	"strings"
	"time"
)

// Shop is what a shop-level call needs: the shop, its access token, and how to read its
// reports. Report amounts carry no currency and report times no zone: both are the market's.
type Shop struct {
	ID          int64
	AccessToken string
	Currency    string         // ISO 4217 code of the shop's market, e.g. "IDR"
	Location    *time.Location // the market's time zone; see LookupMarket
}

// LogValue hides the access token when a Shop is logged.
func (s Shop) LogValue() slog.Value {
	return slog.GroupValue(slog.Int64("shop_id", s.ID), slog.String("currency", s.Currency))
}

// String hides the access token when a Shop is printed.
func (s Shop) String() string { return "shopee.Shop{" + s.LogValue().String() + "}" }

// Market is a Shopee region with its currency and time zone.
type Market struct {
	Region   string
	Currency string
	Location *time.Location
}

// markets lists the regions whose currency internal/intl knows. None of them observes
// daylight saving time today, so fixed offsets are exact and need no tzdata on the host.
var markets = map[string]Market{
	"SG": {"SG", "SGD", time.FixedZone("Asia/Singapore", 8*3600)},
	"MY": {"MY", "MYR", time.FixedZone("Asia/Kuala_Lumpur", 8*3600)},
	"TH": {"TH", "THB", time.FixedZone("Asia/Bangkok", 7*3600)},
	"ID": {"ID", "IDR", time.FixedZone("Asia/Jakarta", 7*3600)},
	"VN": {"VN", "VND", time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)},
	"PH": {"PH", "PHP", time.FixedZone("Asia/Manila", 8*3600)},
	"TW": {"TW", "TWD", time.FixedZone("Asia/Taipei", 8*3600)},
	"BR": {"BR", "BRL", time.FixedZone("America/Sao_Paulo", -3*3600)},
	"MX": {"MX", "MXN", time.FixedZone("America/Mexico_City", -6*3600)},
}

// LookupMarket finds a region ("ID", "vn") for building a Shop.
func LookupMarket(region string) (Market, bool) {
	m, ok := markets[strings.ToUpper(strings.TrimSpace(region))]
	return m, ok
}
