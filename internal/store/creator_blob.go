package store

import (
	"encoding/binary"
	"errors"
	"slices"

	"github.com/creatorops/creatorops/internal/model"
)

// Creator rollups are stored column-wise: one row per workspace × day (or month) × currency,
// whose blob holds every creator's totals for that period, sorted by creator id. A 30-day
// report then reads 30 rows and adds up arrays in Go, instead of reading (and grouping) one row
// per creator per day — 220,000 rows for a 30-day window of a 10M-line workspace, which SQLite
// cannot group in under a second on our machines.

// creatorTotals is one creator's totals in a period.
type creatorTotals struct {
	id int64
	model.Totals
}

const blobVersion = 1

var errBadBlob = errors.New("store: corrupt creator rollup")

// encodeCreatorBlob writes entries (sorted by id, without zero entries) as varints, after a
// header of their count and their lowest and highest id (readers size their tables from it).
func encodeCreatorBlob(entries []creatorTotals) []byte {
	buf := make([]byte, 0, 1+3*binary.MaxVarintLen64+len(entries)*20)
	buf = append(buf, blobVersion)
	buf = binary.AppendUvarint(buf, uint64(len(entries)))
	var lo, hi int64
	if len(entries) > 0 {
		lo, hi = entries[0].id, entries[len(entries)-1].id
	}
	buf = binary.AppendUvarint(buf, uint64(lo))
	buf = binary.AppendUvarint(buf, uint64(hi))
	var prev int64
	for _, e := range entries {
		buf = binary.AppendUvarint(buf, uint64(e.id-prev))
		prev = e.id
		for _, v := range [...]int64{e.GMV, e.Orders, e.Units, e.Lines, e.EstCommission, e.PaidCommission, e.Refunds} {
			buf = binary.AppendVarint(buf, v)
		}
	}
	return buf
}

// blobHeader is what a creator blob says of itself before its entries.
type blobHeader struct {
	count  int
	lo, hi int64 // lowest and highest creator id
	body   []byte
}

func readBlobHeader(b []byte) (blobHeader, error) {
	var h blobHeader
	if len(b) == 0 {
		return h, nil
	}
	if b[0] != blobVersion {
		return h, errBadBlob
	}
	r := blobReader{b: b[1:]}
	h.count, h.lo, h.hi = int(r.uvarint()), int64(r.uvarint()), int64(r.uvarint())
	if r.bad || h.count < 0 || h.lo > h.hi {
		return h, errBadBlob
	}
	h.body = r.b
	return h, nil
}

// blobReader reads varints without the calls of encoding/binary: a 30-day report decodes
// two million of them.
type blobReader struct {
	b   []byte
	bad bool
}

func (r *blobReader) uvarint() uint64 {
	var x uint64
	var s uint
	for i, c := range r.b {
		if c < 0x80 {
			if i > 9 || i == 9 && c > 1 {
				r.bad = true
				return 0
			}
			r.b = r.b[i+1:]
			return x | uint64(c)<<s
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	r.bad = true
	return 0
}

func (r *blobReader) varint() int64 {
	u := r.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

// decodeCreatorBlob calls fn for each entry of a blob, in id order.
func decodeCreatorBlob(b []byte, fn func(id int64, t *model.Totals)) error {
	h, err := readBlobHeader(b)
	if err != nil {
		return err
	}
	return h.each(fn)
}

func (h blobHeader) each(fn func(id int64, t *model.Totals)) error {
	r := blobReader{b: h.body}
	var id int64
	var t model.Totals
	for i := 0; i < h.count; i++ {
		id += int64(r.uvarint())
		t.GMV, t.Orders, t.Units, t.Lines = r.varint(), r.varint(), r.varint(), r.varint()
		t.EstCommission, t.PaidCommission, t.Refunds = r.varint(), r.varint(), r.varint()
		if r.bad {
			return errBadBlob
		}
		fn(id, &t)
	}
	if len(r.b) != 0 || h.count > 0 && id != h.hi {
		return errBadBlob
	}
	return nil
}

// mergeCreatorBlob adds deltas (by creator id) to a blob and returns the new blob, or nil when
// no creator is left with a line in the period.
func mergeCreatorBlob(old []byte, deltas map[int64]*model.Totals) ([]byte, error) {
	var entries []creatorTotals
	err := decodeCreatorBlob(old, func(id int64, t *model.Totals) {
		entries = append(entries, creatorTotals{id, *t})
	})
	if err != nil {
		return nil, err
	}
	var added []creatorTotals
	for i := range entries {
		if d, ok := deltas[entries[i].id]; ok {
			entries[i].Add(*d)
		}
	}
	for id, d := range deltas {
		if _, found := slices.BinarySearchFunc(entries, id, func(e creatorTotals, id int64) int { return cmpInt64(e.id, id) }); !found {
			added = append(added, creatorTotals{id, *d})
		}
	}
	if len(added) > 0 {
		entries = append(entries, added...)
		slices.SortFunc(entries, func(a, b creatorTotals) int { return cmpInt64(a.id, b.id) })
	}
	entries = slices.DeleteFunc(entries, func(e creatorTotals) bool { return e.IsZero() })
	if len(entries) == 0 {
		return nil, nil
	}
	return encodeCreatorBlob(entries), nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
