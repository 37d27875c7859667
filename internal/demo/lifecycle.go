package demo

// status indexes statusNames.
type status uint8

const (
	processing status = iota
	completed
	cancelled
	refunded
)

// snapshot is what an export taken at one moment shows of an order.
type snapshot struct {
	status    status
	paidAt    int64 // payment time, 0 if still in the future
	deliverAt int64 // 0 if not (yet) delivered
	settledAt int64 // Time Commission Paid, 0 unless completed
}

// statusAt derives the order's state at time t from the fixed times drawn for it, so that
// consecutive exports only ever move a line forward.
func statusAt(o *order, t int64) snapshot {
	var s snapshot
	if p := o.created + paymentDelay; p <= t {
		s.paidAt = p
	}
	if o.cancelAt != 0 {
		if o.cancelAt <= t {
			s.status = cancelled
		}
		return s // cancelled orders never ship
	}
	if o.deliverAt <= t {
		s.deliverAt = o.deliverAt
	}
	switch {
	case o.refundAt != 0 && o.refundAt <= t:
		s.status = refunded
	case o.refundAt == 0 && o.deliverAt+settleDelay <= t:
		s.status = completed
		s.settledAt = o.deliverAt + settleDelay
	}
	return s
}
