package demo

import "math/rand/v2"

// aliasTable draws an index with probability proportional to its weight in O(1) (Vose's alias
// method), so picking a creator for each of ten million orders costs the same with 200 creators
// as with 200,000, and memory stays O(n).
type aliasTable struct {
	prob  []float64
	alias []int32
}

// newAliasTable builds the table; weights must be non-negative with a positive sum.
func newAliasTable(weights []float64) *aliasTable {
	n := len(weights)
	t := &aliasTable{prob: make([]float64, n), alias: make([]int32, n)}
	var sum float64
	for _, w := range weights {
		sum += w
	}
	scaled := make([]float64, n)
	small := make([]int32, 0, n)
	large := make([]int32, 0, n)
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		t.prob[s] = scaled[s]
		t.alias[s] = l
		scaled[l] = (scaled[l] + scaled[s]) - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// Whatever is left is 1 up to rounding error.
	for _, i := range large {
		t.prob[i], t.alias[i] = 1, i
	}
	for _, i := range small {
		t.prob[i], t.alias[i] = 1, i
	}
	return t
}

// pick draws one index.
func (t *aliasTable) pick(r *rand.Rand) int {
	i := r.IntN(len(t.prob))
	if r.Float64() < t.prob[i] {
		return i
	}
	return int(t.alias[i])
}
