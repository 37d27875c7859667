// Package demo writes realistic TikTok Shop Seller Center exports (affiliate orders and a creator
// list) for demos and benchmarks. It only writes files: the demo workspace is built by running
// them through the real importer, so the demo exercises the same code path as production.
package demo

import (
	"fmt"
	"time"
)

// Options shapes a generated workspace.
type Options struct {
	Creators int       // number of affiliate creators (default 200)
	Orders   int       // number of orders (each 1–3 SKU lines; default 5000)
	Seed     uint64    // same seed, same files, byte for byte
	End      time.Time // the last day of the simulated period (UTC); zero → 2026-11-15
	Days     int       // length of the period in days (default 120)
	Quirks   bool      // sprinkle the quirks of real exports: some "$1,234.50" amounts, some DD/MM/YYYY times
}

const (
	defaultCreators = 200
	defaultOrders   = 5000
	defaultDays     = 120
	day             = 86400 // seconds; all generator times are Unix seconds in UTC
)

// defaultEnd is the sample exports' era, so demo data and testdata look alike.
var defaultEnd = time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)

// Independent PCG streams: the catalog must not change when only Orders changes, and the creator
// list must not shift the order stream.
const (
	streamCatalog  = 0x636174616c6f67 // "catalog"
	streamOrders   = 0x6f7264657273   // "orders"
	streamCreators = 0x63726561746f72 // "creator"
)

// normalize fills in defaults and rejects values no generator can honour.
func (o Options) normalize() (Options, error) {
	if o.Creators < 0 || o.Orders < 0 || o.Days < 0 {
		return o, fmt.Errorf("demo: negative option (creators %d, orders %d, days %d)", o.Creators, o.Orders, o.Days)
	}
	if o.Creators == 0 {
		o.Creators = defaultCreators
	}
	if o.Orders == 0 {
		o.Orders = defaultOrders
	}
	if o.Days == 0 {
		o.Days = defaultDays
	}
	if o.End.IsZero() {
		o.End = defaultEnd
	}
	y, m, d := o.End.UTC().Date()
	o.End = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return o, nil
}

// period returns the simulated period as Unix seconds [start, end): End's whole day is included.
func (o Options) period() (start, end int64) {
	end = o.End.Unix() + day
	return end - int64(o.Days)*day, end
}
