package web

import (
	"context"
	"encoding/csv"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// Long names of an Indonesian shop, as real ones are: they must not push tables off a laptop.
const (
	longHandle  = "kecantikan_alami_bersama_putri_indah_official_2026"
	longProduct = "Serum Wajah Niacinamide 10% + Zinc 1% Pencerah Kulit Mengurangi Jerawat dan Bekas Jerawat Ukuran Besar 100ml Edisi Terbatas Ramadan"
)

// rupiahSample writes the first sample export as an Indonesian shop's: amounts ×150 in rupiah
// as id-ID writes them ("Rp1.250.000"), and every 5th creator and 7th product with a long name.
func rupiahSample(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "tiktok-affiliate-orders-1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	money := []string{"Price", "Payment Amount", "Est. Commission Base", "Est. standard commission payment",
		"Actual Commission Base", "Actual Commission Payment", "Est. Shop Ads commission payment",
		"Actual Shop Ads commission payment", "Est. co-funded creator bonus", "Actual co-funded creator bonus"}
	for i, row := range rows[1:] {
		for _, name := range money {
			v := strings.NewReplacer("$", "", ",", "").Replace(strings.TrimSpace(row[col[name]]))
			if v == "" {
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue // a deliberately bad row of the sample stays bad
			}
			row[col[name]] = "Rp" + groupDots(int64(x*100+0.5)*150)
		}
		row[col["Currency"]] = "IDR"
		if i%5 == 0 {
			row[col["Creator Username"]] = longHandle
		}
		if i%7 == 0 {
			row[col["Product Name"]] = longProduct
		}
	}
	path := filepath.Join(t.TempDir(), "rupiah.csv")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(out)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// groupDots writes whole rupiah from cents×150 (so rupiah×1.5) grouped by dots: 1250000 → "1.250.000".
func groupDots(centsTimes150 int64) string {
	s := strconv.FormatInt(centsTimes150/100, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// rupiahWorkspace is workspace "acme" in Asia/Jakarta with one IDR shop holding rupiahSample.
func rupiahWorkspace(t *testing.T, s *store.Store) *model.Workspace {
	t.Helper()
	ctx := context.Background()
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "acme", Timezone: "Asia/Jakarta"})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "id", Platform: model.PlatformTikTokShop,
		Currency: "IDR", Locale: "id-ID", Timezone: "Asia/Jakarta"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.ImportOrders(ctx, s, ws, shop, rupiahSample(t), ingest.Options{}); err != nil {
		t.Fatalf("import the rupiah sample: %v", err)
	}
	return ws
}

// TestRupiahPages reads an IDR workspace's sales pages: amounts in whole rupiah as the market
// writes them (no ",00" noise), long names cut with the whole name in a title, and the CSV
// exports keeping exact amounts.
func TestRupiahPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws := rupiahWorkspace(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		c := signIn(t, srv, addMember(t, s, "fin@example.com", ws, "finance"))
		run(t, srv, c, []scenario{
			{name: "overview in whole rupiah", path: "/w/acme/?days=90", status: 200,
				want: []string{"Rp", `title="@` + longHandle + `"`, `title="` + attrText(longProduct) + `"`, `class="overview"`,
					`href="/w/acme/creators?days=90">All creators’ sales`, `href="/w/acme/products?days=90">All products`},
				lacks: []string{",00<", ",00 "}},
			{name: "creators list", path: "/w/acme/creators?days=90", status: 200,
				want: []string{`title="@` + longHandle + `"`}, lacks: []string{",00<"}},
			{name: "products list", path: "/w/acme/products?days=90", status: 200,
				want: []string{`title="` + attrText(longProduct) + `"`}, lacks: []string{",00<"}},
			{name: "order lines", path: "/w/acme/orders", status: 200,
				want:  []string{`class="handle" title="@` + longHandle + `"`, `title="` + attrText(longProduct) + ` — all lines of product`},
				lacks: []string{",00<"}},
			{name: "the CSV keeps exact amounts", path: "/w/acme/orders.csv", status: 200, want: []string{",IDR,", ".00,"}},
		})
	})
}

// attrText is s as html/template writes it in an attribute ('+' becomes "&#43;").
func attrText(s string) string { return strings.ReplaceAll(s, "+", "&#43;") }

// TestEmptyOverviewTeaches: a new workspace's overview names both ways in, an upload and a
// connected shop, to whoever may import.
func TestEmptyOverviewTeaches(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, _ := storetest.USDShop(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		run(t, srv, signIn(t, srv, addMember(t, s, "m@example.com", ws, "manager")), []scenario{
			{name: "manager", path: "/w/acme/", status: 200, want: []string{"No orders yet",
				`href="/w/acme/imports"`, `href="/w/acme/connections">connect the TikTok shop`}},
		})
		run(t, srv, signIn(t, srv, addMember(t, s, "v@example.com", ws, "viewer")), []scenario{
			{name: "viewer", path: "/w/acme/", status: 200, want: []string{"No orders yet"}, lacks: []string{"connect the TikTok shop"}},
		})
	})
}

// TestMoneyOnPages pins how pages write amounts per currency: rupiah in whole units rounded
// half away from zero, dong and dollars as ISO 4217 says.
func TestMoneyOnPages(t *testing.T) {
	for _, tc := range []struct {
		code  string
		minor int64
		want  string
	}{
		{"IDR", 1250000, "Rp12.500"},
		{"IDR", 1250050, "Rp12.501"},
		{"IDR", 1250049, "Rp12.500"},
		{"IDR", -1250050, "-Rp12.501"},
		{"IDR", 0, "Rp0"},
		{"VND", 125000, "₫125.000"},
		{"USD", 123450, "$1,234.50"},
	} {
		if got := moneyFor(tc.code).amount(tc.minor); got != tc.want {
			t.Errorf("%s %d = %q, want %q", tc.code, tc.minor, got, tc.want)
		}
	}
	if got := moneyFor("IDR").per(1000001, 2); got != "Rp5.000" {
		t.Errorf("IDR average = %q, want Rp5.000", got)
	}
}

// TestChartAxisRoom: the y-axis labels are right-aligned at LabelX, so the plot starts far
// enough right for the longest one ("Rp15.000.000") to stay inside the SVG.
func TestChartAxisRoom(t *testing.T) {
	win := store.Window{From: 20261001, To: 20261030}
	for _, tc := range []struct {
		code string
		peak int64
	}{{"USD", 1_200_000}, {"IDR", 1_300_000_000}, {"VND", 130_000_000}} {
		c := dailyChart(win, []store.DayFigures{{Day: 20261015, Currency: tc.code, Totals: model.Totals{GMV: tc.peak, Orders: 3}}}, moneyFor(tc.code))
		if need := float64(utf8.RuneCountInString(c.MaxLabel)) * 7; c.LabelX < need {
			t.Errorf("%s: label %q needs %.0f units left of x=%.0f", tc.code, c.MaxLabel, need, c.LabelX)
		}
		if c.Left != c.LabelX+8 || c.Left >= c.Right {
			t.Errorf("%s: plot from %.0f to %.0f, labels end at %.0f", tc.code, c.Left, c.Right, c.LabelX)
		}
	}
}

// fitsWidth fails when a table or panel of the current page is wider than its box at the
// browser's width: the pages must read on a 1366 px laptop without scrolling sideways.
func fitsWidth(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	over, err := chromedp.Run(ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll('.panel, .tablewrap, main')).
		filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className + ' ' + e.scrollWidth + '>' + e.clientWidth).join('; ')`))
	if err != nil {
		t.Fatal(err)
	}
	if over != "" {
		t.Errorf("%s scrolls sideways at 1366 px: %s", page, over)
	}
}
