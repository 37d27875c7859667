package tiktokshoptest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Order is an affiliate order as the fake holds it; amounts derive from these fields the way
// the platform computes them (commission base = price × quantity, less refunds once settled).
type Order struct {
	ID           string
	Status       string // AWAITING_SHIPMENT, IN_TRANSIT, DELIVERED, COMPLETED, CANCELLED
	CreateTime   time.Time
	PaidTime     time.Time
	DeliveryTime time.Time // zero until delivered
	// UpdateTime is when the order last changed: its latest milestone when generated, the
	// fake's clock when SetOrderStatus or UpdateOrder changes it.
	UpdateTime time.Time
	SKUs       []SKU
}

// SKU is one attributed line of an Order.
type SKU struct {
	SKUID, ProductID, ProductName              string
	Quantity, RefundedQuantity                 int64
	ReturnedQuantity                           int64
	PriceMinor                                 int64 // per unit, in the server's currency
	CreatorUsername, ContentType, ContentID    string
	OpenCollaborationID, TargetCollaborationID string
	CommissionRateBP, ShopAdsCommissionRateBP  int64
	CofundedBonusMinor                         int64
	Settled                                    bool // actual amounts are known
}

// Creator is a marketplace creator.
type Creator struct {
	UserID, Username, Nickname, Region string
	FollowerCount                      int64
	Categories                         []string
}

// Product is a product in the shop's affiliate pool.
type Product struct {
	ID, Name   string
	PriceMinor int64
}

// SampleApplication is a creator's free-sample request.
type SampleApplication struct {
	ID, Status, CreatorUserID, CreatorUsername, ProductID, SKUID string
	CommissionRateBP                                             int64
	CreateTime                                                   time.Time
}

// minorUnits are the currencies the fake can generate, with their ISO 4217 exponents.
var minorUnits = map[string]int{"USD": 2, "GBP": 2, "EUR": 2, "IDR": 2, "THB": 2, "MYR": 2, "PHP": 2, "SGD": 2, "VND": 0, "JPY": 0}

// generate fills the data from the seed alone, so two fakes with one seed agree.
func (s *Server) generate() {
	o := s.opts
	mu, ok := minorUnits[o.Currency]
	if !ok {
		panic("tiktokshoptest: currency " + o.Currency + " is not one the fake generates")
	}
	unit := int64(1)
	if mu == 0 { // zero-decimal currencies get prices of a similar size in their units
		unit = 100
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x7151))
	for i := range o.Products {
		s.products = append(s.products, Product{
			ID:         strconv.FormatInt(1729000000000000000+int64(i), 10),
			Name:       fmt.Sprintf("Fake Product %02d", i+1),
			PriceMinor: (499 + rng.Int64N(9000)) * unit,
		})
	}
	cats := []string{"Beauty", "Fashion", "Home & Living", "Food", "Sports", "Tech"}
	for i := range o.Creators {
		s.creators = append(s.creators, Creator{
			UserID:        strconv.FormatInt(6900000000000000000+int64(i), 10),
			Username:      fmt.Sprintf("creator_%03d", i+1),
			Nickname:      fmt.Sprintf("Creator %d", i+1),
			Region:        "US",
			FollowerCount: 1000 + rng.Int64N(2_000_000),
			Categories:    []string{cats[rng.IntN(len(cats))]},
		})
	}
	span := int64(o.Days) * 86400
	statuses := []string{"AWAITING_SHIPMENT", "AWAITING_SHIPMENT", "IN_TRANSIT", "DELIVERED", "COMPLETED", "COMPLETED", "CANCELLED"}
	contents := []string{"VIDEO", "VIDEO", "LIVE", "SHOWCASE"}
	for i := range o.Orders {
		created := o.Start.Add(time.Duration(rng.Int64N(span)) * time.Second)
		ord := Order{
			ID:         strconv.FormatInt(5760000000000000000+int64(i), 10),
			CreateTime: created,
			PaidTime:   created.Add(time.Duration(30+rng.IntN(600)) * time.Second),
		}
		for j := range 1 + rng.IntN(3) {
			p := s.products[rng.IntN(len(s.products))]
			c := s.creators[rng.IntN(len(s.creators))]
			sku := SKU{
				SKUID:     strconv.FormatInt(1730000000000000000+int64(i)*10+int64(j), 10),
				ProductID: p.ID, ProductName: p.Name, PriceMinor: p.PriceMinor,
				Quantity:        1 + rng.Int64N(3),
				CreatorUsername: c.Username, ContentType: contents[rng.IntN(len(contents))],
				ContentID:        strconv.FormatInt(7490000000000000000+rng.Int64N(1e15), 10),
				CommissionRateBP: 500 + 100*rng.Int64N(21),
			}
			if rng.IntN(2) == 0 {
				sku.OpenCollaborationID = strconv.FormatInt(7300000000000000000+rng.Int64N(1e6), 10)
			} else {
				sku.TargetCollaborationID = strconv.FormatInt(7310000000000000000+rng.Int64N(1e6), 10)
			}
			if rng.IntN(5) == 0 {
				sku.ShopAdsCommissionRateBP = 300 + 100*rng.Int64N(6)
			}
			if rng.IntN(10) == 0 {
				sku.CofundedBonusMinor = (50 + rng.Int64N(200)) * unit
			}
			ord.SKUs = append(ord.SKUs, sku)
		}
		setStatus(&ord, statuses[rng.IntN(len(statuses))], rng)
		// Last updated at its latest milestone, but not after the fake starts: data generated
		// up to today may hold a delivery time still to come.
		ord.UpdateTime = ord.PaidTime
		if ord.DeliveryTime.After(ord.UpdateTime) {
			ord.UpdateTime = ord.DeliveryTime
		}
		if now := o.Now(); ord.UpdateTime.After(now) {
			ord.UpdateTime = now.Truncate(time.Second)
		}
		s.orders = append(s.orders, ord)
	}
	slices.SortFunc(s.orders, func(a, b Order) int {
		if c := a.CreateTime.Compare(b.CreateTime); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	sampleStatus := []string{"PENDING", "PENDING", "PENDING", "APPROVED", "REJECTED"}
	for i := range o.Samples {
		c := s.creators[rng.IntN(len(s.creators))]
		p := s.products[rng.IntN(len(s.products))]
		s.samples = append(s.samples, SampleApplication{
			ID:     strconv.FormatInt(7400000000000000000+int64(i), 10),
			Status: sampleStatus[rng.IntN(len(sampleStatus))], CreatorUserID: c.UserID, CreatorUsername: c.Username,
			ProductID: p.ID, SKUID: strconv.FormatInt(1731000000000000000+int64(i), 10),
			CommissionRateBP: 1000 + 500*rng.Int64N(3),
			CreateTime:       o.Start.Add(time.Duration(rng.Int64N(span)) * time.Second),
		})
	}
}

// setStatus moves an order to status with the side effects the platform shows: delivery
// time once delivered, settled amounts once completed, everything refunded when cancelled.
// rng, when not nil, adds an occasional partial return to completed orders.
func setStatus(o *Order, status string, rng *rand.Rand) {
	o.Status = status
	switch status {
	case "DELIVERED", "COMPLETED":
		if o.DeliveryTime.IsZero() {
			o.DeliveryTime = o.PaidTime.Add(72 * time.Hour)
		}
	}
	for i := range o.SKUs {
		sku := &o.SKUs[i]
		switch status {
		case "COMPLETED":
			sku.Settled = true
			if rng != nil && sku.Quantity > 1 && rng.IntN(8) == 0 {
				sku.ReturnedQuantity = 1
			}
		case "CANCELLED":
			sku.Settled = true
			sku.RefundedQuantity = sku.Quantity - sku.ReturnedQuantity
		}
	}
}

// Orders is a copy of every order, oldest first.
func (s *Server) Orders() []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Order, len(s.orders))
	for i, o := range s.orders {
		o.SKUs = slices.Clone(o.SKUs)
		out[i] = o
	}
	return out
}

// SetOrderStatus changes an order's status between syncs, with the platform's side effects
// (COMPLETED settles it, CANCELLED refunds it). It reports whether the order exists.
func (s *Server) SetOrderStatus(orderID, status string) bool {
	return s.UpdateOrder(orderID, func(o *Order) { setStatus(o, status, nil) })
}

// UpdateOrder changes an order in place, for changes SetOrderStatus does not cover; the
// order's update time becomes the fake's now.
func (s *Server) UpdateOrder(orderID string, f func(*Order)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.orders {
		if s.orders[i].ID == orderID {
			f(&s.orders[i])
			s.orders[i].UpdateTime = s.nowLocked()
			return true
		}
	}
	return false
}

// Creators is a copy of the marketplace.
func (s *Server) Creators() []Creator {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.creators)
}

// Products is a copy of the affiliate product pool.
func (s *Server) Products() []Product {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.products)
}

// SampleApplications is a copy of the sample applications with their current status.
func (s *Server) SampleApplications() []SampleApplication {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.samples)
}

// formatMinor writes minor units as the API's decimal string: 1250 USD is "12.50".
func formatMinor(v int64, currency string) string {
	mu := minorUnits[currency]
	if mu == 0 {
		return strconv.FormatInt(v, 10)
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// formatFraction writes basis points as the fraction the sample API uses: 1500 is "0.15".
func formatFraction(bp int64) string {
	s := fmt.Sprintf("%d.%04d", bp/10000, bp%10000)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
