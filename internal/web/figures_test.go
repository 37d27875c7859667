package web

import (
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

func TestChangeOf(t *testing.T) {
	for _, c := range []struct {
		cur, prev int64
		want      change
	}{
		{1123, 1000, change{"+12.3%", "up"}},
		{960, 1000, change{"\u22124.0%", "down"}},
		{1000, 1000, change{"0.0%", "flat"}},
		{5, 0, change{"—", "flat"}},
		{0, 400, change{"\u2212100.0%", "down"}},
	} {
		if got := changeOf(c.cur, c.prev); got != c.want {
			t.Errorf("changeOf(%d, %d) = %v, want %v", c.cur, c.prev, got, c.want)
		}
	}
}

func TestNiceCeil(t *testing.T) {
	for v, want := range map[int64]int64{0: 0, 1: 1, 7: 8, 10: 10, 11: 15, 540_000: 600_000, 1_000_000: 1_000_000, 1_000_001: 1_500_000} {
		if got := niceCeil(v); got != want {
			t.Errorf("niceCeil(%d) = %d, want %d", v, got, want)
		}
	}
}

func TestMoneyFormats(t *testing.T) {
	usd, vnd := moneyFor("USD"), moneyFor("VND")
	for _, c := range []struct{ got, want string }{
		{usd.amount(123450), "$1,234.50"},
		{usd.whole(600000), "$6,000"},
		{usd.whole(150), "$1.50"},
		{usd.per(1000, 3), "$3.33"},
		{usd.per(1000, 0), "—"},
		{usd.count(12345), "12,345"},
		{vnd.amount(125000), "₫125.000"},
		{moneyFor("XYZ").amount(150), "XYZ 1.50"},
		{span(20261017, 20261115), "17 Oct – 15 Nov 2026"},
		{span(20251220, 20260115), "20 Dec 2025 – 15 Jan 2026"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestSections checks currencies are never added together and missing days chart as zero.
func TestSections(t *testing.T) {
	win := store.Window{From: 20261101, To: 20261107}
	tot := func(gmv, orders int64) model.Totals { return model.Totals{GMV: gmv, Orders: orders, Lines: orders} }
	creators := []store.CreatorFigures{
		{Username: "ana", Currency: "USD", Totals: tot(5000, 2)},
		{Username: "binh", Currency: "VND", Totals: tot(900000, 4)},
		{Username: "cy", Currency: "USD", Totals: tot(1000, 1)},
	}
	before := []store.CreatorFigures{{Username: "ana", Currency: "USD", Totals: tot(4000, 2)}, {Username: "old", Currency: "EUR", Totals: tot(700, 1)}}
	daily := []store.DayFigures{{Day: 20261103, Currency: "USD", Totals: tot(6000, 3)}, {Day: 20261107, Currency: "VND", Totals: tot(900000, 3)}}
	got := sections(win, creators, before, nil, daily)
	var codes []string
	for _, s := range got {
		codes = append(codes, s.Currency)
	}
	if strings.Join(codes, ",") != "VND,USD,EUR" {
		t.Fatalf("sections %v, want the busiest currency first and EUR (gone quiet) last", codes)
	}
	usd := got[1]
	if usd.Cards[0].Value != "$60.00" || usd.Cards[0].Change.Text != "+50.0%" || len(usd.Creators) != 2 {
		t.Errorf("USD section: %+v", usd.Cards[0])
	}
	if n := len(usd.Chart.Bars); n != 7 {
		t.Fatalf("%d bars, want 7", n)
	}
	if b := usd.Chart.Bars[0]; b.H != 0 || !strings.Contains(b.Title, "$0.00 GMV") {
		t.Errorf("a day without lines should be a zero bar: %+v", b)
	}
	if b := usd.Chart.Bars[2]; b.H <= 0 || !strings.Contains(b.Title, "Tue 3 Nov 2026: $60.00") {
		t.Errorf("bar of 3 Nov: %+v", b)
	}
	if got[2].Cards[0].Change.Text != "\u2212100.0%" {
		t.Errorf("EUR GMV change %q", got[2].Cards[0].Change.Text)
	}
}
