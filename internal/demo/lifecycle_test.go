package demo

import (
	"bytes"
	"testing"
)

func TestStatusAt(t *testing.T) {
	const c = 1_000_000 // created
	normal := order{created: c, deliverAt: c + 4*day}
	cancel := order{created: c, cancelAt: c + day, deliverAt: c + 4*day, refundAt: c + 6*day}
	refund := order{created: c, deliverAt: c + 4*day, refundAt: c + 9*day}
	tests := []struct {
		name string
		o    order
		at   int64
		want snapshot
	}{
		{"just created", normal, c + 60, snapshot{status: processing}},
		{"paid", normal, c + paymentDelay, snapshot{status: processing, paidAt: c + paymentDelay}},
		{"delivered", normal, c + 4*day, snapshot{status: processing, paidAt: c + paymentDelay, deliverAt: c + 4*day}},
		{"a second before settling", normal, c + 19*day - 1, snapshot{status: processing, paidAt: c + paymentDelay, deliverAt: c + 4*day}},
		{"settled", normal, c + 19*day, snapshot{status: completed, paidAt: c + paymentDelay, deliverAt: c + 4*day, settledAt: c + 19*day}},
		{"before cancel", cancel, c + day - 1, snapshot{status: processing, paidAt: c + paymentDelay}},
		{"cancelled", cancel, c + day, snapshot{status: cancelled, paidAt: c + paymentDelay}},
		{"cancelled forever", cancel, c + 100*day, snapshot{status: cancelled, paidAt: c + paymentDelay}},
		{"delivered, refund to come", refund, c + 8*day, snapshot{status: processing, paidAt: c + paymentDelay, deliverAt: c + 4*day}},
		{"refunded", refund, c + 9*day, snapshot{status: refunded, paidAt: c + paymentDelay, deliverAt: c + 4*day}},
		{"refunded never settles", refund, c + 100*day, snapshot{status: refunded, paidAt: c + paymentDelay, deliverAt: c + 4*day}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := statusAt(&tt.o, tt.at); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestStatusMix checks the business rates: 3% of orders cancelled, 6% of delivered refunded.
func TestStatusMix(t *testing.T) {
	opt := Options{Orders: 40000, Seed: 13}
	var buf bytes.Buffer
	if _, err := WriteOrderExport(&buf, opt); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, row := range readExport(t, buf.Bytes()) {
		status[row[colOrderID]] = row[colStatus]
	}
	count := map[string]int{}
	for _, s := range status {
		count[s]++
	}
	n := float64(len(status))
	if p := float64(count["Cancelled"]) / n; p < 0.02 || p > 0.04 {
		t.Errorf("%.2f%% of orders cancelled, want ≈3%%", 100*p)
	}
	if p := float64(count["Refunded"]) / float64(count["Refunded"]+count["Completed"]); p < 0.045 || p > 0.075 {
		t.Errorf("%.2f%% of settled orders refunded, want ≈6%%", 100*p)
	}
	// With a 120-day period, most orders are older than the ~20 days it takes to settle.
	if p := float64(count["Completed"]) / n; p < 0.7 {
		t.Errorf("only %.1f%% of orders completed", 100*p)
	}
}
