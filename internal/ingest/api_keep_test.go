package ingest_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// writeFullExport writes the fake's orders as a real Seller Center export reads: with the
// fields the API does not send filled in (payment method, commission model, platform, the
// commission payment time of settled, delivered lines), content types spelled in words ("Video"), and a
// payment below price × quantity on every fourth line (a coupon).
func writeFullExport(t *testing.T, r *syncRig, shop *model.Shop) string {
	t.Helper()
	var b strings.Builder
	if err := r.srv.WriteAffiliateOrdersExport(&b, time.Time{}, time.Time{}, shop.Location()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		i := slices.Index(rows[0], name)
		if i < 0 {
			t.Fatalf("the export has no column %q", name)
		}
		return i
	}
	method, model_, platform, content := col("Payment method"), col("commission model"), col("Platform"), col("Content Type")
	payment, paidAt, actual, delivered := col("Payment Amount"), col("Time Commission Paid"), col("Actual Commission Payment"), col("Order Delivery Time")
	for i, row := range rows[1:] {
		row[method], row[model_], row[platform] = "Credit card", "Standard", "TikTok"
		row[content] = strings.ToUpper(row[content][:1]) + strings.ToLower(row[content][1:])
		if i%4 == 0 { // a coupon: a cent less than price × quantity, written with a symbol
			cents, err := strconv.ParseInt(strings.Replace(row[payment], ".", "", 1), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			row[payment] = fmt.Sprintf("$%d.%02d", (cents-1)/100, (cents-1)%100)
		}
		if row[actual] != "" { // paid on delivery, the earliest a real export could say
			row[paidAt] = row[delivered]
		}
	}
	path := filepath.Join(t.TempDir(), "affiliate-orders-full.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// foldContent spells every content type in capitals, the one field whose first spelling
// stored stays whichever source wrote it.
func foldContent(s storetest.Figures) storetest.Figures {
	for i := range s.Lines {
		s.Lines[i].ContentType = strings.ToUpper(s.Lines[i].ContentType)
	}
	return s
}

// An export knows fields the API does not send. Syncing after an export keeps them (every line
// unchanged, the figures the export's); importing the export after a sync fills them in (every
// line updated once, only in those fields), and from then on neither changes anything.
func TestAPISyncKeepsWhatTheExportKnows(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newSyncRig(t, tiktokshoptest.Options{Seed: 21, Orders: 80})
		n := r.lineCount()
		wsA, shopA := otherShop(t, s, "alpha", "Europe/Paris")
		export := writeFullExport(t, r, shopA)
		wantCounts(t, "export", importAll(t, s, wsA, shopA, export)[0], n, 0, 0, 0)
		want := storetest.TakeFigures(t, s, wsA)

		// Export, then sync: nothing the API lacks or spells otherwise makes a line changed.
		wantCounts(t, "sync after export", r.sync(t, s, wsA, shopA, 7), 0, 0, n, 0)
		storetest.SameFigures(t, "export then sync", storetest.TakeFigures(t, s, wsA), want)

		// Sync, then export: the export fills in what the API lacks.
		wsB, shopB := otherShop(t, s, "beta", "Europe/Paris")
		wantCounts(t, "sync", r.sync(t, s, wsB, shopB, 0), n, 0, 0, 0)
		wantCounts(t, "export after sync", importAll(t, s, wsB, shopB, export)[0], 0, n, 0, 0)
		storetest.SameFigures(t, "sync then export", foldContent(storetest.TakeFigures(t, s, wsB)), foldContent(want))
		o := r.srv.Orders()[0]
		changes, err := s.LineChanges(ctx, shopB.ID, o.ID, o.SKUs[0].SKUID)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 {
			t.Fatalf("%d recorded changes of order %s, want 1", len(changes), o.ID)
		}
		for _, f := range []string{"payment_method", "commission_model", "platform"} {
			if _, ok := changes[0].Changes[f]; !ok {
				t.Errorf("the export did not fill in %s: changes %v", f, changes[0].Changes)
			}
		}
		if c, ok := changes[0].Changes["content_type"]; ok {
			t.Errorf("a content type spelled in another case was recorded as a change: %v", c)
		}
		wantCounts(t, "sync after sync and export", r.sync(t, s, wsB, shopB, 0), 0, 0, n, 0)
		wantCounts(t, "export again", importAll(t, s, wsB, shopB, export)[0], 0, 0, n, 0)

		// A status change still comes through on a line whose other fields are kept.
		var moved *tiktokshoptest.Order
		for _, o := range r.srv.Orders() {
			if o.Status == "AWAITING_SHIPMENT" {
				moved = &o
				break
			}
		}
		if moved == nil {
			t.Fatal("the seed has no order awaiting shipment")
		}
		r.srv.SetOrderStatus(moved.ID, "CANCELLED")
		k := int64(len(moved.SKUs))
		wantCounts(t, "sync after a cancellation", r.sync(t, s, wsA, shopA, 0), 0, k, n-k, 0)
		changes, err = s.LineChanges(ctx, shopA.ID, moved.ID, moved.SKUs[0].SKUID)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 {
			t.Fatalf("%d recorded changes of order %s, want 1", len(changes), moved.ID)
		}
		for f := range changes[0].Changes {
			if f == "payment_method" || f == "commission_model" || f == "platform" || f == "payment" || f == "price" {
				t.Errorf("the sync changed %s, which the API does not send: %v", f, changes[0].Changes)
			}
		}
	})
}
