package demo

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// bom starts every Seller Center CSV export.
const bom = "\uFEFF"

// Export schedule: a team downloads the last 45 days every four weeks, so consecutive files
// overlap by 17 days and show lines moving from Processing to their final status.
const (
	exportCount  = 3
	exportStep   = 28 * day
	exportWindow = 45 * day
)

// WriteOrderExports writes a series of overlapping affiliate-order exports into dir, as a team downloads them weeks apart, and returns their paths in the order they must be imported.
func WriteOrderExports(dir string, opt Options) ([]string, error) {
	opt, err := opt.normalize()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	w := newWorld(opt)
	start, end := opt.period()
	// Short periods shrink the schedule so that the first export is never empty.
	step := min(int64(exportStep), (end-start)/exportCount)
	window := step * exportWindow / exportStep
	var paths []string
	for k := range exportCount {
		at := end - int64(exportCount-1-k)*step
		from := at - window
		if k == 0 { // the first download reaches back to the start so the series covers every line
			from = math.MinInt64
		}
		path := filepath.Join(dir, fmt.Sprintf("tiktok-affiliate-orders-%02d.csv", k+1))
		if err := writeExportFile(path, opt, w, from, at); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// writeExportFile writes one export to a new file at path.
func writeExportFile(path string, opt Options, w *world, from, at int64) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if _, err := writeExport(f, opt, w, from, at); err != nil {
		f.Close()
		return fmt.Errorf("demo: %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// WriteOrderExport streams one export holding every line of opt's orders with its final status as of opt.End, to w; it returns the number of lines written. It must stream: memory must not grow with Orders (benchmarks write 10,000,000 lines through it).
func WriteOrderExport(w io.Writer, opt Options) (lines int, err error) {
	opt, err = opt.normalize()
	if err != nil {
		return 0, err
	}
	_, end := opt.period()
	lines, err = writeExport(w, opt, newWorld(opt), math.MinInt64, end)
	if err != nil {
		return lines, fmt.Errorf("demo: write export: %w", err)
	}
	return lines, nil
}

// writeExport writes the lines created in [from, at) as they stand at time at.
func writeExport(dst io.Writer, opt Options, w *world, from, at int64) (int, error) {
	bw := bufio.NewWriterSize(dst, 256<<10)
	row := make([]byte, 0, 1024)
	row = append(row, bom...)
	for i, h := range orderHeader {
		if i > 0 {
			row = append(row, ',')
		}
		row = append(row, csvField(h)...)
	}
	row = append(row, '\r', '\n')
	if _, err := bw.Write(row); err != nil {
		return 0, err
	}
	lines := 0
	s := newOrderStream(opt, w)
	var o order
	for s.next(&o) {
		if o.created >= at {
			break // the stream is in time order: nothing later belongs to this snapshot
		}
		if o.created < from {
			continue
		}
		snap := statusAt(&o, at)
		for i := range o.n {
			row = appendOrderRow(row[:0], w, &o, &o.lines[i], snap, opt.Quirks)
			if _, err := bw.Write(row); err != nil {
				return lines, err
			}
			lines++
		}
	}
	return lines, bw.Flush()
}

// Quirk bits: each formatted field takes 6 bits of the line's quirk word, so the data is the
// same with and without Quirks and only the spelling changes.
const (
	amountQuirks = 6  // of 64: ≈ 10% of amounts as "$1,234.50"
	timeQuirks   = 10 // of 64: ≈ 15% of times as DD/MM/YYYY
)

// appendOrderRow appends one CSV row (with CRLF) for line l of order o as seen in snap.
func appendOrderRow(b []byte, w *world, o *order, l *orderLine, snap snapshot, quirks bool) []byte {
	p := &w.products[l.product]
	q := l.quirks
	if !quirks {
		q = math.MaxUint64 // every 6-bit group is 63: no quirk fires
	}
	dollar := func(j uint) bool { return (q>>(6*j))&63 < amountQuirks }
	dmy := func(k uint) bool { return (q>>(36+6*k))&63 < timeQuirks }

	b = appendInt(b, o.id)
	b = appendStrings(b, p.id, p.nameCSV, p.sku, p.sellerSKU)
	b = append(b, ',')
	b = appendAmount(b, p.price, dollar(0))
	b = append(b, ',')
	b = appendAmount(b, l.payment, dollar(1))
	b = append(b, ",USD,"...)
	b = appendInt(b, l.qty)
	b = appendStrings(b, paymentMethods[o.payMethod], statusNames[snap.status],
		w.creators[o.creator].username, contentTypes[o.content])
	b = append(b, ',')
	b = appendInt(b, o.contentID)
	b = appendStrings(b, "Standard", p.rate)
	b = append(b, ',')
	b = appendAmount(b, l.payment, dollar(2))
	b = append(b, ',')
	b = appendAmount(b, l.est, dollar(3))
	b = append(b, ',')
	switch snap.status {
	case completed:
		b = appendAmount(b, l.payment, dollar(4))
		b = append(b, ',')
		b = appendAmount(b, l.actual, dollar(5))
	case cancelled, refunded: // a full refund zeroes the actual base and commission
		b = appendAmount(b, 0, dollar(4))
		b = append(b, ',')
		b = appendAmount(b, 0, dollar(5))
	default:
		b = append(b, ',')
	}
	b = append(b, ",0%,0.00,,0.00,,"...)
	if snap.status == cancelled || snap.status == refunded {
		b = append(b, "Yes,"...)
	} else {
		b = append(b, "No,"...)
	}
	b = appendTime(b, o.created, dmy(0))
	b = appendOptTime(b, snap.paidAt, dmy(1))
	b = appendOptTime(b, snap.deliverAt, dmy(2))
	b = appendOptTime(b, snap.settledAt, dmy(3))
	return append(b, ",TikTok\r\n"...)
}

// appendInt appends a decimal integer.
func appendInt(b []byte, n int64) []byte {
	return strconv.AppendInt(b, n, 10)
}

// appendStrings appends each already-escaped field preceded by a separator.
func appendStrings(b []byte, fields ...string) []byte {
	for _, f := range fields {
		b = append(b, ',')
		b = append(b, f...)
	}
	return b
}

// appendOptTime appends a separator and the time, or nothing after the separator when the time
// has not happened yet (zero).
func appendOptTime(b []byte, unix int64, dmy bool) []byte {
	b = append(b, ',')
	if unix == 0 {
		return b
	}
	return appendTime(b, unix, dmy)
}
