// Package model holds the plain domain types of creatorops: no I/O, no SQL.
package model

import "time"

// Line statuses, normalized from whatever a platform or export calls them.
const (
	StatusPending    = "pending"
	StatusProcessing = "processing"
	StatusShipped    = "shipped"
	StatusDelivered  = "delivered"
	StatusCompleted  = "completed"
	StatusCancelled  = "cancelled"
	StatusRefunded   = "refunded"
)

// OrderLine is one SKU line of a platform order attributed to a creator.
// Amounts are minor units of the shop's currency; rates are basis points; times are UTC.
// A nil pointer field means the source left it empty (not yet known), which is not zero.
type OrderLine struct {
	OrderID         string
	SKUID           string
	ProductID       string // the platform's product id
	ProductName     string
	SellerSKU       string
	CreatorUsername string // canonical form: see CanonicalHandle

	Quantity         int64
	Price            int64
	Payment          int64
	PaymentMethod    string
	Status           string
	ContentType      string
	ContentID        string
	CommissionModel  string
	CommissionRateBP int64
	EstBase          int64
	EstCommission    int64
	ActualBase       *int64
	ActualCommission *int64
	ShopAdsRateBP    int64
	EstShopAds       int64
	ActualShopAds    *int64
	EstCofunded      int64
	ActualCofunded   *int64
	FullyRefunded    bool
	CreatedAt        time.Time
	PaidAt           *time.Time
	DeliveredAt      *time.Time
	CommissionPaidAt *time.Time
	Platform         string
}

// Live reports whether the line still counts as a sale: not cancelled, not refunded,
// not fully returned. GMV, orders and estimated commission count live lines only.
func (l *OrderLine) Live() bool {
	return !l.FullyRefunded && l.Status != StatusCancelled && l.Status != StatusRefunded
}

// LatestEvent is the Unix time of the line's latest known milestone: commission paid, else
// delivered, else paid, else created. Milestones only ever appear, so a later export never has
// an earlier one.
func (l *OrderLine) LatestEvent() int64 {
	for _, t := range []*time.Time{l.CommissionPaidAt, l.DeliveredAt, l.PaidAt} {
		if t != nil {
			return t.Unix()
		}
	}
	return l.CreatedAt.Unix()
}

// EstimatedCommission is the platform commission expected on the line: payment × rate,
// rounded down to the minor unit as the platform does; the export's own figure when no rate is known.
func (l *OrderLine) EstimatedCommission() int64 {
	if l.CommissionRateBP > 0 {
		return CommissionOn(l.Payment, l.CommissionRateBP)
	}
	return l.EstCommission
}

// PaidCommission is the commission the platform paid on a completed line, zero otherwise.
func (l *OrderLine) PaidCommission() int64 {
	if l.Status != StatusCompleted || l.ActualCommission == nil {
		return 0
	}
	return *l.ActualCommission
}

// CommissionOn returns amount × rate (basis points) rounded toward zero, without overflow for
// any amount a shop can hold (|amount| < 9.2e14 minor units).
func CommissionOn(amount, rateBP int64) int64 {
	return amount/10000*rateBP + amount%10000*rateBP/10000
}

// Totals are the additive figures of a set of lines, as kept in the rollups.
type Totals struct {
	GMV            int64 // payment of live lines
	Orders         int64 // distinct orders with a live line
	Units          int64 // quantity of live lines
	Lines          int64 // every line, live or not
	EstCommission  int64 // estimated commission of live lines
	PaidCommission int64 // actual commission of completed lines
	Refunds        int64 // payment of refunded or returned lines
}

// Add adds o to t.
func (t *Totals) Add(o Totals) {
	t.GMV += o.GMV
	t.Orders += o.Orders
	t.Units += o.Units
	t.Lines += o.Lines
	t.EstCommission += o.EstCommission
	t.PaidCommission += o.PaidCommission
	t.Refunds += o.Refunds
}

// Sub subtracts o from t.
func (t *Totals) Sub(o Totals) {
	t.GMV -= o.GMV
	t.Orders -= o.Orders
	t.Units -= o.Units
	t.Lines -= o.Lines
	t.EstCommission -= o.EstCommission
	t.PaidCommission -= o.PaidCommission
	t.Refunds -= o.Refunds
}

// IsZero reports whether every figure is zero.
func (t Totals) IsZero() bool { return t == Totals{} }

// LineTotals is what the line adds to the rollups, orders aside (an order is counted once
// however many of its lines a creator has, so the store counts orders, not lines).
func (l *OrderLine) LineTotals() Totals {
	t := Totals{Lines: 1}
	if l.Live() {
		t.GMV = l.Payment
		t.Units = l.Quantity
		t.EstCommission = l.EstimatedCommission()
	} else if l.Status != StatusCancelled {
		t.Refunds = l.Payment
	}
	t.PaidCommission = l.PaidCommission()
	return t
}
