package shopee

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/shopee/shopeetest"
)

// TestConversionReportVisitsEveryRowOnce pages through the whole report at several page
// sizes and checks each generated order arrives exactly once, with its money intact.
func TestConversionReportVisitsEveryRowOnce(t *testing.T) {
	f := newFixture(t, nil)
	shop := f.shop()
	want := f.fake.Orders(shop.ID)
	byID := make(map[string]shopeetest.Order, len(want))
	for _, o := range want {
		byID[o.OrderSN] = o
	}
	if len(byID) != len(want) {
		t.Fatalf("fake generated duplicate order numbers")
	}
	for _, size := range []int{7, 100, 500} {
		before := f.fake.Requests(PathConversionReport)
		q := f.fullWindow()
		q.PageSize = size
		seen := map[string]int{}
		for cv, err := range f.client.ConversionReport(context.Background(), shop, q) {
			if err != nil {
				t.Fatalf("page size %d: %v", size, err)
			}
			seen[cv.OrderSN]++
			checkConversion(t, cv, byID[cv.OrderSN])
		}
		if len(seen) != len(want) {
			t.Fatalf("page size %d: %d distinct orders, want %d", size, len(seen), len(want))
		}
		for sn, n := range seen {
			if n != 1 {
				t.Fatalf("page size %d: order %s seen %d times", size, sn, n)
			}
		}
		pages := (len(want) + size - 1) / size
		if got := f.fake.Requests(PathConversionReport) - before; got != pages {
			t.Fatalf("page size %d: %d requests, want %d", size, got, pages)
		}
	}
}

// checkConversion compares what the client read with what the fake generated.
func checkConversion(t *testing.T, got Conversion, want shopeetest.Order) {
	t.Helper()
	if got.OrderSN != want.OrderSN || !got.PlacedAt.Equal(want.PlacedAt) || !got.CompletedAt.Equal(want.CompletedAt) ||
		got.OrderStatus != want.OrderStatus || got.AffiliateUsername != want.AffiliateUsername ||
		got.AffiliateID != itoa64(want.AffiliateID) || got.Currency != "IDR" || len(got.Items) != len(want.Items) {
		t.Fatalf("order %s: got %+v\nwant %+v", want.OrderSN, got, want)
	}
	var total int64
	for i, g := range got.Items {
		w := want.Items[i]
		total += w.BrandCommission
		if g.ItemID != itoa64(w.ItemID) || g.Price != w.Price || g.Quantity != w.Qty || g.PurchaseValue != w.PurchaseValue ||
			g.RefundAmount != w.RefundAmount || g.CommissionRateToAffiliate != w.RateBP || g.BrandCommission != w.BrandCommission ||
			g.CommissionToAffiliate != w.CommissionToAffiliate || g.SellerServiceFeeRate != w.ServiceFeeRateBP || g.SellerServiceFee != w.ServiceFee {
			t.Fatalf("order %s item %d: got %+v\nwant %+v", want.OrderSN, i+1, g, w)
		}
	}
	if got.OrderBrandCommission != total {
		t.Fatalf("order %s: order commission %d, want %d", want.OrderSN, got.OrderBrandCommission, total)
	}
	if got.PlacedAt.Location() != time.UTC {
		t.Fatalf("order %s: placed time not in UTC", want.OrderSN)
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func TestConversionReportWindow(t *testing.T) {
	f := newFixture(t, nil)
	shop := f.shop()
	all := f.fake.Orders(shop.ID)
	// A one-day window, bounds inclusive, as a daily sync would ask.
	from := f.fake.Config().Epoch.Add(5 * 24 * time.Hour)
	to := from.Add(24*time.Hour - time.Second)
	want := 0
	for _, o := range all {
		if !o.PlacedAt.Before(from) && !o.PlacedAt.After(to) {
			want++
		}
	}
	got := 0
	for cv, err := range f.client.ConversionReport(context.Background(), shop, ReportQuery{PlacedFrom: from, PlacedTo: to, PageSize: 3}) {
		if err != nil {
			t.Fatal(err)
		}
		if cv.PlacedAt.Before(from) || cv.PlacedAt.After(to) {
			t.Fatalf("order %s placed %s is outside the window", cv.OrderSN, cv.PlacedAt)
		}
		got++
	}
	if got != want || want == 0 {
		t.Fatalf("%d orders in the window, want %d", got, want)
	}
}

func TestConversionReportStopsWhenTheCallerStops(t *testing.T) {
	f := newFixture(t, nil)
	q := f.fullWindow()
	q.PageSize = 10
	n := 0
	for _, err := range f.client.ConversionReport(context.Background(), f.shop(), q) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	if r := f.fake.Requests(PathConversionReport); r != 2 {
		t.Fatalf("%d pages fetched for 15 rows of 10-row pages", r)
	}
}

func TestConversionReportRefusals(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	shop := f.shop()
	tests := []struct {
		name string
		shop Shop
		q    ReportQuery
		page int
		want string
	}{
		{"page size too big", shop, ReportQuery{PageSize: 501}, 1, "page size 501 is outside 1–500"},
		{"page zero", shop, ReportQuery{}, 0, "pages start at 1"},
		{"past 10,000 rows", shop, ReportQuery{PageSize: 500}, 21, "narrow the time range"},
		{"unknown currency", Shop{ID: 1, AccessToken: "x", Currency: "XXX", Location: time.UTC}, ReportQuery{}, 1, `currency "XXX"`},
		{"no time zone", Shop{ID: 1, AccessToken: "x", Currency: "IDR"}, ReportQuery{}, 1, "no time zone"},
	}
	for _, tt := range tests {
		_, err := f.client.ConversionReportPage(ctx, tt.shop, tt.q, tt.page)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := f.client.ConversionReportPage(ctx, shop, ReportQuery{PageSize: 500}, 21); !errors.Is(err, ErrReportTooLarge) {
		t.Errorf("err = %v, want ErrReportTooLarge", err)
	}
	if n := f.fake.Requests(PathConversionReport); n != 0 {
		t.Errorf("%d requests sent for queries refused up front", n)
	}
}

// TestConversionReportEmptyPageGuard: a server promising more pages but sending none must
// not keep the iterator looping.
func TestConversionReportEmptyPageGuard(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Write([]byte(`{"error":"","message":"","request_id":"r1","response":{"list":[],"total_count":9,"has_more":true}}`))
	}))
	defer srv.Close()
	c, _ := New(Config{PartnerID: 1, PartnerKey: "k", BaseURL: srv.URL})
	var last error
	for _, err := range c.ConversionReport(context.Background(), Shop{ID: 1, AccessToken: "t", Currency: "USD", Location: time.UTC}, ReportQuery{}) {
		last = err
	}
	if last == nil || !strings.Contains(last.Error(), "has_more with an empty page") || calls != 1 {
		t.Fatalf("err = %v after %d calls", last, calls)
	}
}
