package store

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/creatorops/creatorops/internal/model"
)

// Merging deltas into a blob gives the same totals as adding them up in a map.
func TestMergeCreatorBlobProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := map[int64]model.Totals{}
		var blob []byte
		rounds := rapid.IntRange(1, 5).Draw(t, "rounds")
		for r := 0; r < rounds; r++ {
			deltas := map[int64]*model.Totals{}
			for _, id := range rapid.SliceOfN(rapid.Int64Range(1, 50), 0, 20).Draw(t, "ids") {
				d := model.Totals{
					GMV:   rapid.Int64Range(-1e9, 1e9).Draw(t, "gmv"),
					Lines: rapid.Int64Range(-3, 3).Draw(t, "lines"),
				}
				if deltas[id] == nil {
					deltas[id] = &model.Totals{}
				}
				deltas[id].Add(d)
				w := want[id]
				w.Add(d)
				want[id] = w
			}
			var err error
			if blob, err = mergeCreatorBlob(blob, deltas); err != nil {
				t.Fatal(err)
			}
		}
		got := map[int64]model.Totals{}
		var last int64 = -1
		if err := decodeCreatorBlob(blob, func(id int64, tt *model.Totals) {
			if id <= last {
				t.Fatalf("ids out of order: %d after %d", id, last)
			}
			last = id
			got[id] = *tt
		}); err != nil {
			t.Fatal(err)
		}
		for id, w := range want {
			if w.IsZero() {
				if _, ok := got[id]; ok {
					t.Fatalf("zero entry %d kept", id)
				}
				continue
			}
			if got[id] != w {
				t.Fatalf("creator %d: got %+v, want %+v", id, got[id], w)
			}
		}
	})
}

func TestDecodeCorruptBlob(t *testing.T) {
	good := encodeCreatorBlob([]creatorTotals{{id: 7, Totals: model.Totals{GMV: 100, Lines: 1}}})
	for _, b := range [][]byte{{9}, good[:len(good)-1], append(append([]byte{}, good...), 0)} {
		if err := decodeCreatorBlob(b, func(int64, *model.Totals) {}); err == nil {
			t.Errorf("%v decoded", b)
		}
	}
}
