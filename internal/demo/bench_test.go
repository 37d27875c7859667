package demo

import (
	"io"
	"testing"
)

// BenchmarkWriteOrderExport measures the streaming writer on a 200,000-order export.
func BenchmarkWriteOrderExport(b *testing.B) {
	opt := Options{Creators: 5000, Orders: 200_000, Seed: 7, Quirks: true}
	var cw countingWriter
	lines := 0
	for b.Loop() {
		n, err := WriteOrderExport(&cw, opt)
		if err != nil {
			b.Fatal(err)
		}
		lines += n
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(cw.n)/float64(lines), "bytes/line")
}

// countingWriter discards what it is given but counts it, for bytes/line.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)
