package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/model"
)

var exportHeader = strings.Split("Order ID,Product ID,Product Name,SKU ID,Seller SKU,Price,Payment Amount,Currency,Quantity,Payment method,Order Status,Creator Username,Content Type,Content ID,commission model,Standard commission rate,Est. Commission Base,Est. standard commission payment,Actual Commission Base,Actual Commission Payment,Shop Ads commission rate,Est. Shop Ads commission payment,Actual Shop Ads commission payment,Est. co-funded creator bonus,Actual co-funded creator bonus,Fully returned or refunded,Time Created,Payment time,Order Delivery Time,Time Commission Paid,Platform", ",")

const goodRow = "576684019603000065,1729000000000158380,Wide Leg Jeans,1729000000000158397,SKU-8380,12.40,$49.60,USD,4,Credit card,Processing,pixiemint_1,LIVE,7901938748693369258,Standard,25%,$49.60,$12.40,,,0%,0.00,,0.00,,No,30/09/2026 13:02:47,2026-09-30 13:04:47,,,TikTok"

func usdShop() *model.Shop {
	return &model.Shop{Slug: "us", Currency: "USD", Locale: "en-US", Timezone: "UTC"}
}

// FuzzParseOrderRow feeds arbitrary rows to the parser: it must never panic, and every row
// either parses into a sane line or is rejected with a column and a reason.
func FuzzParseOrderRow(f *testing.F) {
	f.Add(goodRow)
	f.Add(strings.Replace(goodRow, "$49.60", "12,5O", 1))
	f.Add(strings.Replace(goodRow, "Processing", "Refunded", 1))
	f.Add("1,2,x,3,,,,,,,,,,,,,,,,,,,,,,,,,,,")
	f.Add("")
	p, err := NewOrderRowParser(exportHeader, usdShop())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line string) {
		row := strings.Split(line, ",")
		l, rerr := p.Parse(row)
		if rerr != nil {
			if rerr.Reason == "" {
				t.Fatalf("rejected without a reason: %q", line)
			}
			if rerr.Column != "" && !containsString(exportHeader, rerr.Column) {
				t.Fatalf("rejection names column %q, not in the header", rerr.Column)
			}
			return
		}
		if l.OrderID == "" || l.SKUID == "" || l.CreatorUsername == "" || l.Status == "" {
			t.Fatalf("accepted a line without its key, creator or status: %q → %+v", line, l.OrderLine)
		}
		if l.Quantity <= 0 || l.Payment < 0 || l.CreatedAt.IsZero() {
			t.Fatalf("accepted an impossible line: %q → %+v", line, l.OrderLine)
		}
		if !utf8.ValidString(l.CreatorUsername) && utf8.ValidString(line) {
			t.Fatalf("username became invalid UTF-8: %q", l.CreatorUsername)
		}
		if l.Hash != HashLine(&l.OrderLine) {
			t.Fatal("hash is not a function of the line")
		}
	})
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestParseOrderRow(t *testing.T) {
	p, err := NewOrderRowParser(exportHeader, usdShop())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, from, to string
		column, reason string
	}{
		{"good", "", "", "", ""},
		{"letter in amount", "$49.60,USD", "12.5O,USD", "Payment Amount", `"12.5O" is not an amount in en-US`},
		{"other currency column", ",USD,", ",EUR,", "Currency", "does not match the shop's currency USD"},
		{"rupiah in a dollar shop", "$49.60,USD", "Rp12.500,USD", "Payment Amount", "does not match"},
		{"too many decimals", "$49.60,USD", "49.605,USD", "Payment Amount", "has 3 decimals"},
		{"unknown status", "Processing", "Teleported", "Order Status", "is not an order status we know"},
		{"no creator", "pixiemint_1", "", "Creator Username", "is empty"},
		{"zero quantity", "USD,4,", "USD,0,", "Quantity", "1 or more"},
		{"month first date", "30/09/2026 13:02:47", "09/30/2026 13:02:47", "Time Created", "DD/MM/YYYY"},
		{"bad yes/no", ",No,30/09", ",Maybe,30/09", "Fully returned or refunded", "neither Yes nor No"},
		{"bad rate", "25%", "25%%", "Standard commission rate", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			row := strings.Split(strings.Replace(goodRow, c.from, c.to, 1), ",")
			if c.from == "" {
				row = strings.Split(goodRow, ",")
			}
			l, rerr := p.Parse(row)
			if c.column == "" {
				if rerr != nil {
					t.Fatalf("rejected: %v", rerr)
				}
				if l.Payment != 4960 || l.CommissionRateBP != 2500 || l.Quantity != 4 || l.Status != model.StatusProcessing ||
					l.CreatedAt.Format("2006-01-02 15:04:05") != "2026-09-30 13:02:47" || l.EstimatedCommission() != 1240 {
					t.Errorf("parsed %+v", l.OrderLine)
				}
				return
			}
			if rerr == nil {
				t.Fatalf("accepted %v", row)
			}
			if rerr.Column != c.column || !strings.Contains(rerr.Reason, c.reason) {
				t.Errorf("got column %q reason %q; want column %q reason containing %q", rerr.Column, rerr.Reason, c.column, c.reason)
			}
		})
	}
}

func TestHeadersInAnyCaseSpacingAndLanguage(t *testing.T) {
	header := []string{"\uFEFForder id", "  PRODUCT  ID ", "Mã SKU", "payment amount", "Trạng thái đơn hàng", "creator username", "TIME CREATED", "Thuế VAT"}
	m := MapColumns(header, orderAliases, int(orderFieldCount))
	if missing := m.Missing(requiredOrderFields, orderAliases); len(missing) > 0 {
		t.Fatalf("missing %v", missing)
	}
	if m.Name(ColSKUID) != "Mã SKU" || m.Name(ColOrderStatus) != "Trạng thái đơn hàng" {
		t.Errorf("mapped %q and %q", m.Name(ColSKUID), m.Name(ColOrderStatus))
	}
}
