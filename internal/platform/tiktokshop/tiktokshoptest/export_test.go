package tiktokshoptest

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"
	"time"
)

func TestWriteAffiliateOrdersExport(t *testing.T) {
	s := NewHandler(Options{Seed: 7, Orders: 40}, "http://x")
	orders := s.Orders()
	s.SetOrderStatus(orders[0].ID, "COMPLETED")
	s.SetOrderStatus(orders[1].ID, "CANCELLED")
	var buf bytes.Buffer
	if err := s.WriteAffiliateOrdersExport(&buf, time.Time{}, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], ExportHeader) {
		t.Fatalf("header %q", rows[0])
	}
	lines := 0
	for _, o := range orders {
		lines += len(o.SKUs)
	}
	if len(rows)-1 != lines {
		t.Fatalf("%d rows, want one per SKU line: %d", len(rows)-1, lines)
	}
	col := func(row []string, name string) string { return row[slices.Index(ExportHeader, name)] }
	for _, r := range rows[1:] {
		switch col(r, "Order ID") {
		case orders[0].ID:
			if col(r, "Order Status") != "Completed" || col(r, "Actual Commission Base") == "" || col(r, "Order Delivery Time") == "" {
				t.Errorf("completed order row %q", r)
			}
		case orders[1].ID:
			if col(r, "Order Status") != "Cancelled" || col(r, "Fully returned or refunded") != "Yes" || col(r, "Actual Commission Base") != "0.00" {
				t.Errorf("cancelled order row %q", r)
			}
		}
		if col(r, "Currency") != "USD" {
			t.Errorf("currency %q", col(r, "Currency"))
		}
	}

	// A window keeps the orders created inside it.
	buf.Reset()
	mid := orders[len(orders)/2].CreateTime
	if err := s.WriteAffiliateOrdersExport(&buf, mid, time.Time{}, time.UTC); err != nil {
		t.Fatal(err)
	}
	rows, _ = csv.NewReader(&buf).ReadAll()
	for _, r := range rows[1:] {
		at, err := time.Parse("2006-01-02 15:04:05", col(r, "Time Created"))
		if err != nil || at.Before(mid) {
			t.Errorf("row created %q outside the window from %v", col(r, "Time Created"), mid)
		}
	}
}

func TestPercent(t *testing.T) {
	for bp, want := range map[int64]string{0: "0%", 1500: "15%", 1250: "12.5%", 1234: "12.34%", 5: "0.05%", 10000: "100%"} {
		if got := percent(bp); got != want {
			t.Errorf("percent(%d) = %q, want %q", bp, got, want)
		}
	}
}
