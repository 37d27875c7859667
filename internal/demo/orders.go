package demo

import "math/rand/v2"

// order is one platform order with everything that will ever happen to it; its status at a given
// snapshot time is derived from these times, so every export agrees on each line's history.
type order struct {
	index     int64
	id        int64
	created   int64 // Unix seconds
	creator   int32
	content   uint8 // index into contentTypes
	payMethod uint8 // index into paymentMethods
	contentID int64
	cancelAt  int64 // 0 unless cancelled
	deliverAt int64 // meaningful only when not cancelled
	refundAt  int64 // 0 unless refunded after delivery
	n         int
	lines     [3]orderLine
}

// orderLine is one SKU line of an order.
type orderLine struct {
	product int32
	qty     int64
	payment int64 // cents, after coupon
	est     int64 // estimated commission, cents
	actual  int64 // commission actually paid on completion, cents
	quirks  uint64
}

const (
	firstOrderID  = 576684019603000000
	orderIDStep   = 1000
	paymentDelay  = 120 // seconds from order to payment, as in the samples
	settleDelay   = 15 * day
	contentBase   = 7000000000000000000
	contentRange  = 1000000000000000000
	videosPerUser = 8
)

// orderStream yields the period's orders in time order from a seeded generator, holding only the
// hourly counts and the current order.
type orderStream struct {
	w       *world
	r       *rand.Rand
	seed    uint64
	counts  []int32
	hour    int
	start   int64
	offsets sortedOffsets
	index   int64
}

// newOrderStream starts the stream at the first order of the period.
func newOrderStream(opt Options, w *world) *orderStream {
	r := rand.New(rand.NewPCG(opt.Seed, streamOrders))
	start, _ := opt.period()
	s := &orderStream{w: w, r: r, seed: opt.Seed, start: start, hour: -1}
	s.counts = hourlyCounts(opt, r)
	return s
}

// next fills o with the next order; it returns false when the period is over.
func (s *orderStream) next(o *order) bool {
	for s.offsets.left == 0 {
		s.hour++
		if s.hour >= len(s.counts) {
			return false
		}
		s.offsets.reset(int(s.counts[s.hour]), 3600)
	}
	r := s.r
	o.index = s.index
	s.index++
	o.created = s.start + int64(s.hour)*3600 + s.offsets.next(r)
	o.id = firstOrderID + o.index*orderIDStep + r.Int64N(orderIDStep)
	o.creator = int32(s.w.pickCreator.pick(r))
	o.content = pickContentType(r.IntN(100))
	o.payMethod = pickPayment(r.IntN(100))
	// A creator's few videos and lives sell again and again, so content ids repeat per creator.
	o.contentID = contentBase + int64(mix(s.seed, uint64(o.creator), uint64(o.content), uint64(r.IntN(videosPerUser)))%contentRange)
	o.cancelAt, o.refundAt = 0, 0
	if r.IntN(100) < 3 {
		o.cancelAt = o.created + 600 + r.Int64N(2*day-600)
	}
	o.deliverAt = o.created + 3*day + r.Int64N(4*day+1)
	if r.IntN(100) < 6 {
		o.refundAt = o.deliverAt + 3600 + r.Int64N(10*day-3600)
	}
	o.n = 1
	if k := r.IntN(100); k >= 95 {
		o.n = 3
	} else if k >= 80 {
		o.n = 2
	}
	for i := range o.n {
		s.drawLine(o, i)
	}
	return true
}

// drawLine fills line i with a SKU not already in the order.
func (s *orderStream) drawLine(o *order, i int) {
	r := s.r
	p := s.w.pickProduct.pick(r)
	for tries := 0; tries < 8 && inOrder(o, i, p); tries++ {
		p = s.w.pickProduct.pick(r)
	}
	for inOrder(o, i, p) { // a skewed catalog can keep drawing the hit product
		p = (p + 1) % len(s.w.products)
	}
	l := &o.lines[i]
	l.product = int32(p)
	l.qty = 1
	if k := r.IntN(100); k >= 96 {
		l.qty = 4
	} else if k >= 90 {
		l.qty = 3
	} else if k >= 75 {
		l.qty = 2
	}
	gross := s.w.products[p].price * l.qty
	l.payment = gross
	if r.IntN(100) < 5 {
		coupon := coupons[r.IntN(len(coupons))]
		if gross >= 2*coupon { // a coupon never takes more than half the basket
			l.payment -= coupon
		}
	}
	l.est = l.payment * s.w.products[p].rateBP / 10000
	l.actual = l.est
	if r.IntN(100) < 5 { // the platform sometimes pays a few cents less than it estimated
		l.actual = max(0, l.est-1-r.Int64N(5))
	}
	l.quirks = r.Uint64()
}

// coupons are seller coupon values in cents.
var coupons = []int64{100, 150, 200, 250, 300, 500}

// inOrder reports whether product p is already among the first n lines of o.
func inOrder(o *order, n, p int) bool {
	for j := range n {
		if int(o.lines[j].product) == p {
			return true
		}
	}
	return false
}

// pickContentType maps a percentile to Video (60%), LIVE (25%) or Showcase (15%).
func pickContentType(pct int) uint8 {
	switch {
	case pct < 60:
		return 0
	case pct < 85:
		return 1
	default:
		return 2
	}
}

// pickPayment maps a percentile to a payment method, card payments first as on US TikTok Shop.
func pickPayment(pct int) uint8 {
	switch {
	case pct < 55:
		return 0
	case pct < 70:
		return 1
	case pct < 82:
		return 2
	case pct < 90:
		return 3
	case pct < 98:
		return 4
	default:
		return 5
	}
}

// mix hashes a few values into 64 well-spread bits (splitmix64 finalizer) for stable content ids.
func mix(vs ...uint64) uint64 {
	var h uint64 = 0x9e3779b97f4a7c15
	for _, v := range vs {
		h ^= v + 0x9e3779b97f4a7c15 + h<<6 + h>>2
		h ^= h >> 30
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 27
		h *= 0x94d049bb133111eb
		h ^= h >> 31
	}
	return h
}
