package store

import (
	"hash/maphash"
	"slices"
	"unicode"
)

// similarEntry is one handle of one creator.
type similarEntry struct {
	creator int64
	handle  string
}

// minSimilarLen is the shortest handle compared for typos: "anna1"/"anna2" are different people
// far more often than a typo.
const minSimilarLen = 6

// similarPartition bounds the variants held in memory at once (16 bytes each).
const similarPartition = 2_000_000

// similarHandles calls found for every two handles of different creators that are one edit
// (an inserted, deleted or replaced character) apart, both at least minSimilarLen long.
//
// Two strings one edit apart share a one-deletion variant (or one is a deletion of the other):
// "glowanna" and "glowana" both give "glowana"; "glowanna" and "glowenna" both give "glownna".
// So every handle is expanded into itself and its deletions, the variants are sorted by hash,
// and only handles sharing a variant are compared: the work is the number of handles times
// their length, where comparing all pairs would be its square. Variants are processed in
// partitions of their hash so memory stays bounded at a million creators; a variant shared by
// more than maxDupGroup handles (a common stem) says nothing and is skipped.
func similarHandles(handles []similarEntry, found func(x, y similarEntry)) {
	var kept []similarEntry
	total := 0
	for _, h := range handles {
		if n := len([]rune(h.handle)); n >= minSimilarLen {
			kept = append(kept, h)
			total += n + 1
		}
	}
	parts := uint64(total/similarPartition + 1)
	seed := maphash.MakeSeed()
	type variant struct {
		hash uint64
		idx  int32
	}
	reported := map[[2]int32]bool{}
	buf := make([]rune, 0, 64)
	var vs []variant
	for p := range parts {
		vs = vs[:0]
		for i, h := range kept {
			rs := []rune(h.handle)
			for del := -1; del < len(rs); del++ {
				buf = buf[:0]
				for j, r := range rs {
					if j != del {
						buf = append(buf, r)
					}
				}
				hv := maphash.String(seed, string(buf))
				if hv%parts == p {
					vs = append(vs, variant{hv, int32(i)})
				}
			}
		}
		slices.SortFunc(vs, func(a, b variant) int {
			if a.hash != b.hash {
				if a.hash < b.hash {
					return -1
				}
				return 1
			}
			return int(a.idx - b.idx)
		})
		for start := 0; start < len(vs); {
			end := start + 1
			for end < len(vs) && vs[end].hash == vs[start].hash {
				end++
			}
			run := vs[start:end]
			start = end
			if len(run) < 2 || len(run) > maxDupGroup*2 {
				continue
			}
			for i := range run {
				for j := i + 1; j < len(run); j++ {
					x, y := run[i].idx, run[j].idx
					if x == y || kept[x].creator == kept[y].creator || reported[[2]int32{x, y}] {
						continue
					}
					if oneEditApart(kept[x].handle, kept[y].handle) {
						reported[[2]int32{x, y}] = true
						found(kept[x], kept[y])
					}
				}
			}
		}
	}
}

// oneEditApart reports whether a and b differ by exactly one inserted, deleted or replaced
// character that is not a digit: "velvet_289" and "velvet_2899" are two numbered accounts, not
// a typo.
func oneEditApart(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(y)-len(x) > 1 {
		return false
	}
	i := 0
	for i < len(x) && x[i] == y[i] {
		i++
	}
	if len(x) == len(y) {
		if i == len(x) || unicode.IsDigit(x[i]) && unicode.IsDigit(y[i]) {
			return false // equal, or a different digit
		}
		return string(x[i+1:]) == string(y[i+1:])
	}
	// The inserted character may sit anywhere in a run of equal ones: y[i] is one of them.
	return !unicode.IsDigit(y[i]) && string(x[i:]) == string(y[i+1:])
}
