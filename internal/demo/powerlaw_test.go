package demo

import (
	"bytes"
	"io"
	"runtime"
	"slices"
	"testing"
)

// TestCreatorPowerLaw checks the shape of GMV: a few creators bring much of it, a long tail
// brings one or two orders each.
func TestCreatorPowerLaw(t *testing.T) {
	opt := Options{Creators: 1000, Orders: 20000, Seed: 21}
	var buf bytes.Buffer
	if _, err := WriteOrderExport(&buf, opt); err != nil {
		t.Fatal(err)
	}
	orders := map[string]map[string]bool{}
	for _, row := range readExport(t, buf.Bytes()) {
		if orders[row[colCreator]] == nil {
			orders[row[colCreator]] = map[string]bool{}
		}
		orders[row[colCreator]][row[colOrderID]] = true
	}
	counts := make([]int, opt.Creators) // creators without a sale count as zero
	i := 0
	for _, o := range orders {
		counts[i] = len(o)
		i++
	}
	slices.Sort(counts)
	slices.Reverse(counts)
	top := 0
	for _, c := range counts[:10] {
		top += c
	}
	small := 0
	for _, c := range counts {
		if c <= 2 {
			small++
		}
	}
	topShare := float64(top) / float64(opt.Orders)
	smallShare := float64(small) / float64(opt.Creators)
	t.Logf("top 1%% of creators: %.1f%% of orders; %.1f%% of creators have ≤ 2 orders; best %d", 100*topShare, 100*smallShare, counts[0])
	if topShare < 0.30 || topShare > 0.55 {
		t.Errorf("top 10 creators hold %.1f%% of orders, want 30–55%%", 100*topShare)
	}
	if smallShare < 0.30 {
		t.Errorf("%.1f%% of creators have ≤ 2 orders, want ≥ 30%%", 100*smallShare)
	}
}

// TestWriteOrderExportStreams checks that memory does not grow with Orders: ten times the orders
// must not allocate meaningfully more.
func TestWriteOrderExportStreams(t *testing.T) {
	allocated := func(orders int) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := WriteOrderExport(io.Discard, Options{Orders: orders, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := allocated(20_000), allocated(200_000)
	t.Logf("allocated %d bytes for 20k orders, %d for 200k", small, large)
	if large > small+64<<10 {
		t.Fatalf("allocations grow with orders: %d bytes for 20k orders, %d for 200k", small, large)
	}
}
