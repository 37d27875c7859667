package store

import (
	"encoding/binary"
	"io"
	"time"
)

// copyBinaryHeader opens a COPY … (FORMAT binary) stream: the signature, no flags, no
// header extension (PostgreSQL docs, "COPY", Binary Format).
var copyBinaryHeader = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

// lineCopyReader streams order lines to COPY in PostgreSQL's binary format, encoding them as
// the connection reads. pgx's generic CopyFrom looks up an encode plan for each of a line's 33
// values through interfaces, which cost the importer as much CPU as parsing the file; every
// column here is a BIGINT or a TEXT, written directly.
type lineCopyReader struct {
	lines []*storedLine
	next  int
	buf   []byte // encoded bytes not read yet
	done  bool
}

func newLineCopyReader(lines []*storedLine) *lineCopyReader {
	r := &lineCopyReader{lines: lines, buf: make([]byte, 0, 64<<10)}
	r.buf = append(r.buf, copyBinaryHeader...)
	return r
}

// Read fills p with the next encoded bytes, encoding lines until p can be filled.
func (r *lineCopyReader) Read(p []byte) (int, error) {
	for len(r.buf) < len(p) && !r.done {
		if r.next == len(r.lines) {
			r.buf = binary.BigEndian.AppendUint16(r.buf, 0xffff) // the trailer
			r.done = true
			break
		}
		r.buf = r.lines[r.next].appendCopyRow(r.buf)
		r.next++
	}
	if len(r.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.buf)
	r.buf = r.buf[:copy(r.buf, r.buf[n:])]
	return n, nil
}

// appendCopyRow appends l as one binary COPY tuple, its fields in lineColumns' order.
func (l *storedLine) appendCopyRow(b []byte) []byte {
	refunded := int64(0)
	if l.FullyRefunded {
		refunded = 1
	}
	b = binary.BigEndian.AppendUint16(b, lineColumnCount)
	b = copyInt(b, l.shopID)
	b = copyText(b, l.OrderID)
	b = copyText(b, l.SKUID)
	b = copyInt(b, l.workspaceID)
	b = copyInt(b, l.productID)
	b = copyInt(b, l.creatorID)
	b = copyInt(b, l.Quantity)
	b = copyInt(b, l.Price)
	b = copyInt(b, l.Payment)
	b = copyText(b, l.PaymentMethod)
	b = copyText(b, l.Status)
	b = copyText(b, l.ContentType)
	b = copyText(b, l.ContentID)
	b = copyText(b, l.CommissionModel)
	b = copyInt(b, l.CommissionRateBP)
	b = copyInt(b, l.EstBase)
	b = copyInt(b, l.EstCommission)
	b = copyOptInt(b, l.ActualBase)
	b = copyOptInt(b, l.ActualCommission)
	b = copyInt(b, l.ShopAdsRateBP)
	b = copyInt(b, l.EstShopAds)
	b = copyOptInt(b, l.ActualShopAds)
	b = copyInt(b, l.EstCofunded)
	b = copyOptInt(b, l.ActualCofunded)
	b = copyInt(b, refunded)
	b = copyInt(b, l.CreatedAt.Unix())
	b = copyOptTime(b, l.PaidAt)
	b = copyOptTime(b, l.DeliveredAt)
	b = copyOptTime(b, l.CommissionPaidAt)
	b = copyText(b, l.Platform)
	b = copyInt(b, l.hash)
	b = copyInt(b, l.firstRunID)
	return copyInt(b, l.lastRunID)
}

func copyInt(b []byte, v int64) []byte {
	b = binary.BigEndian.AppendUint32(b, 8)
	return binary.BigEndian.AppendUint64(b, uint64(v))
}

// copyNull is a field's length -1: NULL.
func copyNull(b []byte) []byte { return binary.BigEndian.AppendUint32(b, 0xffffffff) }

func copyOptInt(b []byte, v *int64) []byte {
	if v == nil {
		return copyNull(b)
	}
	return copyInt(b, *v)
}

func copyOptTime(b []byte, t *time.Time) []byte {
	if t == nil {
		return copyNull(b)
	}
	return copyInt(b, t.Unix())
}

func copyText(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}
