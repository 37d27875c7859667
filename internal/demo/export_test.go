package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"strconv"
	"testing"
)

// checkRows checks every rule a single export must follow and returns the rows by key.
func checkRows(t *testing.T, rows [][]string, opt Options) map[string][]string {
	t.Helper()
	opt, _ = opt.normalize()
	start, end := opt.period()
	byKey := make(map[string][]string, len(rows))
	seenOrders := map[string]bool{}
	var prev []string
	for i, row := range rows {
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("row %d (%s): "+format, append([]any{i + 2, key(row)}, args...)...)
		}
		if _, dup := byKey[key(row)]; dup {
			fail("duplicate key")
		}
		byKey[key(row)] = row
		if len(row[colOrderID]) != 18 || len(row[colContentID]) != 19 || len(row[colProductID]) != 19 || len(row[colSKUID]) != 19 {
			fail("ids are not 18/19 digits: %v", row[:4])
		}
		if prev != nil && row[colOrderID] == prev[colOrderID] {
			for _, c := range []int{colCreator, colContentID, colContentType, colStatus, colPaymentMethod} {
				if row[c] != prev[c] {
					fail("column %d differs within one order: %q vs %q", c, row[c], prev[c])
				}
			}
		} else {
			if seenOrders[row[colOrderID]] {
				fail("order's lines are not together")
			}
			seenOrders[row[colOrderID]] = true
			if prev != nil && row[colOrderID] <= prev[colOrderID] { // same width: string order is numeric order
				fail("order id %s after %s", row[colOrderID], prev[colOrderID])
			}
		}
		amounts := map[int]int64{}
		for _, c := range []int{colPrice, colPayment, colEstBase, colEstPayment, colActualBase, colActualPayment} {
			if row[c] == "" && (c == colActualBase || c == colActualPayment) {
				continue
			}
			v, err := parseAmount(row[c])
			if err != nil {
				fail("%v", err)
			}
			amounts[c] = v
		}
		qty, err := strconv.ParseInt(row[colQuantity], 10, 64)
		if err != nil || qty < 1 || qty > 4 {
			fail("quantity %q", row[colQuantity])
		}
		pay := amounts[colPayment]
		if pay < 0 || pay > amounts[colPrice]*qty || pay < amounts[colPrice]*qty-500 {
			fail("payment %d for %d × %d", pay, qty, amounts[colPrice])
		}
		rate, err := parseRate(row[colRate])
		if err != nil || rate < 100 || rate > 8000 {
			fail("rate %q", row[colRate])
		}
		if amounts[colEstBase] != pay || amounts[colEstPayment] != pay*rate/10000 {
			fail("est base %d / commission %d for payment %d at %d bp", amounts[colEstBase], amounts[colEstPayment], pay, rate)
		}
		created, err := parseTime(row[colCreated])
		if err != nil || created < start || created >= end {
			fail("time created %q outside the period", row[colCreated])
		}
		if paid, err := parseTime(row[colPaid]); row[colPaid] != "" && (err != nil || paid != created+paymentDelay) {
			fail("payment time %q", row[colPaid])
		}
		checkStatus(t, row, amounts, fail)
		for c, want := range map[int]string{colCurrency: "USD", colModel: "Standard", colAdsRate: "0%", colEstAds: "0.00",
			colActualAds: "", colEstBonus: "0.00", colActualBonus: "", colPlatform: "TikTok"} {
			if row[c] != want {
				fail("column %d = %q, want %q", c, row[c], want)
			}
		}
		prev = row
	}
	return byKey
}

// checkStatus checks that the status, refunded flag, actual commission and times agree.
func checkStatus(t *testing.T, row []string, amounts map[int]int64, fail func(string, ...any)) {
	t.Helper()
	_, hasActual := amounts[colActualBase]
	delivered, settled := row[colDelivered] != "", row[colSettled] != ""
	refundedFlag := map[string]string{"Processing": "No", "Completed": "No", "Cancelled": "Yes", "Refunded": "Yes"}
	want, ok := refundedFlag[row[colStatus]]
	if !ok || row[colRefunded] != want {
		fail("status %q with refunded flag %q", row[colStatus], row[colRefunded])
	}
	switch row[colStatus] {
	case "Processing":
		if hasActual || settled {
			fail("processing line with actual commission or settlement")
		}
	case "Completed":
		d, err1 := parseTime(row[colDelivered])
		s, err2 := parseTime(row[colSettled])
		if err1 != nil || err2 != nil || s != d+settleDelay {
			fail("completed line delivered %q, settled %q", row[colDelivered], row[colSettled])
		}
		est, act := amounts[colEstPayment], amounts[colActualPayment]
		if amounts[colActualBase] != amounts[colPayment] || act > est || act < est-5 || act < 0 {
			fail("completed line actual base %d, commission %d (est %d)", amounts[colActualBase], act, est)
		}
	case "Cancelled", "Refunded":
		if !hasActual || amounts[colActualBase] != 0 || amounts[colActualPayment] != 0 || settled {
			fail("%s line must show zero actual commission and no settlement", row[colStatus])
		}
		if row[colStatus] == "Cancelled" && delivered {
			fail("cancelled line was delivered")
		}
		if row[colStatus] == "Refunded" && !delivered {
			fail("refunded line was never delivered")
		}
	}
}

func TestWriteOrderExportRows(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"defaults", Options{}},
		{"quirks", Options{Seed: 1, Quirks: true}},
		{"tiny", Options{Creators: 3, Orders: 10, Days: 1, Seed: 2, Quirks: true}},
		{"many creators", Options{Creators: 5000, Orders: 3000, Seed: 3, Days: 30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := WriteOrderExport(&buf, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			rows := readExport(t, buf.Bytes())
			if n != len(rows) {
				t.Fatalf("returned %d lines, file has %d", n, len(rows))
			}
			byKey := checkRows(t, rows, tt.opt)
			orders := map[string]bool{}
			for _, row := range rows {
				orders[row[colOrderID]] = true
			}
			opt, _ := tt.opt.normalize()
			if len(orders) != opt.Orders {
				t.Fatalf("%d orders, want %d", len(orders), opt.Orders)
			}
			if len(byKey) < opt.Orders || len(byKey) > 3*opt.Orders {
				t.Fatalf("%d lines for %d orders", len(byKey), opt.Orders)
			}
			if !tt.opt.Quirks && (bytes.Contains(buf.Bytes(), []byte("$")) || bytes.Contains(buf.Bytes(), []byte("/20"))) {
				t.Fatal("quirks in an export written without Quirks")
			}
		})
	}
}

// TestQuotingMatchesEncodingCSV proves the hand-rolled rows are exactly what csv.Writer writes.
func TestQuotingMatchesEncodingCSV(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteOrderExport(&buf, Options{Creators: 1000, Orders: 3000, Seed: 9, Quirks: true}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	var again bytes.Buffer
	again.WriteString(bom)
	w := csv.NewWriter(&again)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatal("export differs from encoding/csv's rendering of the same records")
	}
	// Lines never reach $1,000 ($150 × 4 at most), so only product names need quotes here;
	// TestAppendAmount covers quoted amounts.
	if !bytes.Contains(buf.Bytes(), []byte(`,"`)) {
		t.Fatal("expected quoted product names in the export")
	}
}

func TestQuirkRates(t *testing.T) {
	var buf bytes.Buffer
	if _, err := WriteOrderExport(&buf, Options{Orders: 20000, Seed: 4, Quirks: true}); err != nil {
		t.Fatal(err)
	}
	rows := readExport(t, buf.Bytes())
	var dollars, dmy int
	for _, row := range rows {
		if row[colPayment][0] == '$' {
			dollars++
		}
		if row[colCreated][2] == '/' {
			dmy++
		}
	}
	if p := float64(dollars) / float64(len(rows)); p < 0.07 || p > 0.13 {
		t.Errorf("%.1f%% of payment amounts in $ style, want ≈10%%", 100*p)
	}
	if p := float64(dmy) / float64(len(rows)); p < 0.12 || p > 0.19 {
		t.Errorf("%.1f%% of Time Created in DD/MM/YYYY, want ≈15%%", 100*p)
	}
}

func TestDeterminism(t *testing.T) {
	hash := func(opt Options) [32]byte {
		var buf bytes.Buffer
		if _, err := WriteOrderExport(&buf, opt); err != nil {
			t.Fatal(err)
		}
		if err := WriteCreatorList(&buf, opt); err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(buf.Bytes())
	}
	base := Options{Creators: 300, Orders: 4000, Seed: 42, Quirks: true}
	if hash(base) != hash(base) {
		t.Fatal("same options, different bytes")
	}
	other := base
	other.Seed = 43
	if hash(base) == hash(other) {
		t.Fatal("different seeds, same bytes")
	}
}

func TestNegativeOptions(t *testing.T) {
	for _, opt := range []Options{{Creators: -1}, {Orders: -1}, {Days: -1}} {
		if _, err := WriteOrderExport(&bytes.Buffer{}, opt); err == nil {
			t.Errorf("%+v: no error", opt)
		}
	}
}
