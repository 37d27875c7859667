package demo

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Column positions in the orders export.
const (
	colOrderID = iota
	colProductID
	colProductName
	colSKUID
	colSellerSKU
	colPrice
	colPayment
	colCurrency
	colQuantity
	colPaymentMethod
	colStatus
	colCreator
	colContentType
	colContentID
	colModel
	colRate
	colEstBase
	colEstPayment
	colActualBase
	colActualPayment
	colAdsRate
	colEstAds
	colActualAds
	colEstBonus
	colActualBonus
	colRefunded
	colCreated
	colPaid
	colDelivered
	colSettled
	colPlatform
	numCols
)

// readCSV checks the BOM and CRLF line ends and parses data, header row included.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(bom)) {
		t.Fatalf("file does not start with a UTF-8 BOM: %q", data[:min(len(data), 8)])
	}
	if n, crlf := bytes.Count(data, []byte("\n")), bytes.Count(data, []byte("\r\n")); n != crlf {
		t.Fatalf("%d of %d line ends are not CRLF", n-crlf, n)
	}
	r := csv.NewReader(bytes.NewReader(data[len(bom):]))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("csv: %v", err)
	}
	if len(rows) == 0 {
		t.Fatal("no header")
	}
	return rows
}

// readExport parses an orders export, checks its header and width, and returns the data rows.
func readExport(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows := readCSV(t, data)
	if got, want := strings.Join(rows[0], ","), strings.Join(orderHeader, ","); got != want {
		t.Fatalf("header\n got %s\nwant %s", got, want)
	}
	for i, row := range rows {
		if len(row) != numCols {
			t.Fatalf("row %d has %d fields, want %d", i+1, len(row), numCols)
		}
	}
	return rows[1:]
}

// parseAmount reads "12.40", "$12.40" or "$1,234.50" as cents.
func parseAmount(s string) (int64, error) {
	plain := strings.ReplaceAll(strings.TrimPrefix(s, "$"), ",", "")
	units, frac, ok := strings.Cut(plain, ".")
	if !ok || len(frac) != 2 {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	u, err := strconv.ParseInt(units, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || u < 0 {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	if s != plain && (s[0] != '$' || (u >= 1000) != strings.Contains(s, ",")) {
		return 0, fmt.Errorf("%q: thousands separators only from $1,000", s)
	}
	return u*100 + f, nil
}

// parseRate reads "15%" as basis points.
func parseRate(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSuffix(s, "%"), 10, 64)
	if err != nil || !strings.HasSuffix(s, "%") {
		return 0, fmt.Errorf("%q is not a rate", s)
	}
	return n * 100, nil
}

// parseTime reads either time style of the export as Unix seconds.
func parseTime(s string) (int64, error) {
	for _, layout := range []string{time.DateTime, "02/01/2006 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix(), nil
		}
	}
	return 0, fmt.Errorf("%q is not a time", s)
}

// key is a line's identity: (Order ID, SKU ID).
func key(row []string) string { return row[colOrderID] + "/" + row[colSKUID] }
