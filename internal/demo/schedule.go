package demo

import (
	"math"
	"math/rand/v2"
)

// Relative order volume by weekday (Sunday first) and by UTC hour: US shoppers buy most in their
// evening, which is 00:00–05:00 UTC.
var (
	weekdayWeight = [7]float64{1.15, 0.92, 0.95, 0.97, 1.0, 1.05, 1.12}
	hourWeight    = [24]float64{
		1.6, 1.7, 1.7, 1.5, 1.2, 0.9, 0.6, 0.4, 0.3, 0.3, 0.3, 0.4,
		0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5,
	}
)

// growth is how much busier the last day is than the first: the program is growing.
const growth = 0.6

// hourlyCounts spreads opt.Orders over the hours of the period. Memory is O(Days), not O(Orders),
// which is what lets the order stream run for ten million orders in constant space.
func hourlyCounts(opt Options, r *rand.Rand) []int32 {
	start, _ := opt.period()
	hours := opt.Days * 24
	w := make([]float64, hours)
	var total float64
	for d := range opt.Days {
		wd := (start/day + int64(d) + 4) % 7 // 1970-01-01 was a Thursday
		noise := math.Exp(0.15 * r.NormFloat64())
		dw := (1 + growth*float64(d)/float64(opt.Days)) * weekdayWeight[wd] * noise
		for h := range 24 {
			w[d*24+h] = dw * hourWeight[h]
			total += w[d*24+h]
		}
	}
	// Rounding the cumulative expectation makes the counts sum to Orders exactly.
	counts := make([]int32, hours)
	var cum float64
	prev := int64(0)
	for i, x := range w {
		cum += x
		next := int64(math.Round(cum / total * float64(opt.Orders)))
		if i == hours-1 {
			next = int64(opt.Orders)
		}
		counts[i] = int32(next - prev)
		prev = next
	}
	return counts
}

// sortedOffsets yields n sorted uniform offsets in [0, span) one at a time without storing them:
// the largest of k uniforms is U^(1/k), so walking down from the top gives the order statistics.
type sortedOffsets struct {
	left int
	m    float64 // 1 minus the last offset, as a fraction of span
	span int64
}

// reset starts a new run of n offsets.
func (s *sortedOffsets) reset(n int, span int64) {
	s.left, s.m, s.span = n, 1, span
}

// next returns the next offset; the caller must not ask for more than n.
func (s *sortedOffsets) next(r *rand.Rand) int64 {
	u := 1 - r.Float64() // (0, 1]: Pow(0, x) would collapse the rest of the run
	s.m *= math.Pow(u, 1/float64(s.left))
	s.left--
	off := int64((1 - s.m) * float64(s.span))
	return min(off, s.span-1)
}
