package store_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestLinesRoundTrip writes lines with every kind of value a column can hold — NULLs, empty
// and non-ASCII text, negative and large amounts — and reads them back unchanged: on
// PostgreSQL through the binary COPY encoder (new lines copied straight in, changed ones
// through the stage), on SQLite through the multi-row upsert.
func TestLinesRoundTrip(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, shop := storetest.USDShop(t, s)
		at := func(sec int64) *time.Time { v := time.Unix(sec, 0).UTC(); return &v }
		n := func(v int64) *int64 { return &v }
		full := model.OrderLine{OrderID: "576684019603000776", SKUID: "1729000000001449194", ProductID: "1729000000001449177",
			ProductName: "Nến thơm — “Pink” 🕯", SellerSKU: "SKU-9177", CreatorUsername: "cocoluna_1569",
			Quantity: 3, Price: 1<<53 + 7, Payment: -250, PaymentMethod: "Thẻ ghi nợ", Status: model.StatusCompleted,
			ContentType: "Video", ContentID: "7212546354909370491", CommissionModel: "Standard", CommissionRateBP: 1700,
			EstBase: 2898, EstCommission: 492, ActualBase: n(0), ActualCommission: n(-1), ShopAdsRateBP: 0,
			EstShopAds: 0, ActualShopAds: n(9_000_000_000_000), EstCofunded: 0, ActualCofunded: n(12),
			FullyRefunded: true, CreatedAt: time.Unix(1763251205, 0).UTC(), PaidAt: at(1763251325),
			DeliveredAt: at(1763775147), CommissionPaidAt: at(1765071147), Platform: "TikTok"}
		bare := model.OrderLine{OrderID: "576684019603000777", SKUID: "a,b\tc\"d\\e", ProductID: "1729000000001449177",
			CreatorUsername: "ünïcode.handle", Quantity: 1, Status: model.StatusPending,
			CreatedAt: time.Unix(0, 0).UTC()}
		run, err := s.StartImportRun(ctx, ws.ID, shop.ID, "test", "roundtrip.csv", nil)
		if err != nil {
			t.Fatal(err)
		}
		w := s.NewLineWriter(ws, shop, run)
		apply := func(lines ...model.OrderLine) {
			t.Helper()
			b := &store.LineBatch{}
			for i, l := range lines {
				b.Lines = append(b.Lines, store.ParsedLine{OrderLine: l, Hash: int64(i) + time.Now().UnixNano()})
			}
			if _, err := w.Apply(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		check := func(want ...model.OrderLine) {
			t.Helper()
			for _, l := range want {
				got, err := s.StoredOrderLines(ctx, shop.ID, l.OrderID)
				if err != nil {
					t.Fatal(err)
				}
				i := slices.IndexFunc(got, func(g model.OrderLine) bool { return g.SKUID == l.SKUID })
				if i < 0 {
					t.Fatalf("line %s/%s not stored", l.OrderID, l.SKUID)
				}
				g := got[i]
				// Names of products and creators live in their own tables, not on the line.
				g.ProductName, g.SellerSKU, g.ProductID, g.CreatorUsername = l.ProductName, l.SellerSKU, l.ProductID, l.CreatorUsername
				if !reflect.DeepEqual(g, l) {
					t.Errorf("line %s/%s read back as\n%+v\nwant\n%+v", l.OrderID, l.SKUID, g, l)
				}
			}
		}
		apply(full, bare)
		check(full, bare)

		// Changed versions of both: on PostgreSQL they go through the stage and the upsert.
		full2, bare2 := full, bare
		full2.Status, full2.ActualCommission, full2.PaidAt = model.StatusCancelled, nil, nil
		bare2.PaymentMethod, bare2.ActualBase = strings.Repeat("x", 300), n(5)
		apply(full2, bare2)
		check(full2, bare2)
	})
}
