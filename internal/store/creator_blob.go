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

// encodeCreatorBlob writes entries (sorted by id, without zero entries) as varints.
func encodeCreatorBlob(entries []creatorTotals) []byte {
	buf := make([]byte, 0, 1+binary.MaxVarintLen64+len(entries)*20)
	buf = append(buf, blobVersion)
	buf = binary.AppendUvarint(buf, uint64(len(entries)))
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

// decodeCreatorBlob calls fn for each entry of a blob, in id order.
func decodeCreatorBlob(b []byte, fn func(id int64, t *model.Totals)) error {
	if len(b) == 0 {
		return nil
	}
	if b[0] != blobVersion {
		return errBadBlob
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return errBadBlob
	}
	b = b[k:]
	var id int64
	var t model.Totals
	fields := [...]*int64{&t.GMV, &t.Orders, &t.Units, &t.Lines, &t.EstCommission, &t.PaidCommission, &t.Refunds}
	for i := uint64(0); i < n; i++ {
		d, k := binary.Uvarint(b)
		if k <= 0 {
			return errBadBlob
		}
		b = b[k:]
		id += int64(d)
		for _, f := range fields {
			v, k := binary.Varint(b)
			if k <= 0 {
				return errBadBlob
			}
			*f = v
			b = b[k:]
		}
		fn(id, &t)
	}
	if len(b) != 0 {
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
