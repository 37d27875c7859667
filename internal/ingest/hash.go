package ingest

import (
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// lineHasher is FNV-1a over the normalized fields of a line. It hashes values, not the file's
// text, so the same line written with another number or date format is still "unchanged".
type lineHasher uint64

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func (h *lineHasher) str(s string) {
	x := uint64(*h)
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= fnvPrime
	}
	x ^= 0xff // field separator: "ab"+"c" differs from "a"+"bc"
	x *= fnvPrime
	*h = lineHasher(x)
}

func (h *lineHasher) int(v int64) {
	x := uint64(*h)
	u := uint64(v)
	for i := 0; i < 8; i++ {
		x ^= u & 0xff
		x *= fnvPrime
		u >>= 8
	}
	*h = lineHasher(x)
}

func (h *lineHasher) opt(p *int64) {
	if p == nil {
		h.int(-1 << 63)
		return
	}
	h.int(*p)
}

func (h *lineHasher) time(t *time.Time) {
	if t == nil {
		h.int(-1 << 63)
		return
	}
	h.int(t.Unix())
}

// HashLine is the fingerprint of everything about a line the store keeps.
func HashLine(l *model.OrderLine) int64 {
	h := lineHasher(fnvOffset)
	h.str(l.OrderID)
	h.str(l.SKUID)
	h.str(l.ProductID)
	h.str(l.CreatorUsername)
	h.int(l.Quantity)
	h.int(l.Price)
	h.int(l.Payment)
	h.str(l.PaymentMethod)
	h.str(l.Status)
	h.str(l.ContentType)
	h.str(l.ContentID)
	h.str(l.CommissionModel)
	h.int(l.CommissionRateBP)
	h.int(l.EstBase)
	h.int(l.EstCommission)
	h.opt(l.ActualBase)
	h.opt(l.ActualCommission)
	h.int(l.ShopAdsRateBP)
	h.int(l.EstShopAds)
	h.opt(l.ActualShopAds)
	h.int(l.EstCofunded)
	h.opt(l.ActualCofunded)
	if l.FullyRefunded {
		h.int(1)
	} else {
		h.int(0)
	}
	h.time(&l.CreatedAt)
	h.time(l.PaidAt)
	h.time(l.DeliveredAt)
	h.time(l.CommissionPaidAt)
	h.str(l.Platform)
	return int64(h)
}
