package demo

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestAppendAmount(t *testing.T) {
	tests := []struct {
		cents  int64
		dollar bool
		want   string
	}{
		{0, false, "0.00"},
		{5, false, "0.05"},
		{1240, false, "12.40"},
		{123450, false, "1234.50"},
		{0, true, "$0.00"},
		{99999, true, "$999.99"},
		{100000, true, `"$1,000.00"`},
		{123450, true, `"$1,234.50"`},
		{123456789, true, `"$1,234,567.89"`},
		{100000001, true, `"$1,000,000.01"`},
	}
	for _, tt := range tests {
		if got := string(appendAmount(nil, tt.cents, tt.dollar)); got != tt.want {
			t.Errorf("appendAmount(%d, %v) = %s, want %s", tt.cents, tt.dollar, got, tt.want)
		}
	}
}

func TestAppendTimeMatchesTimeFormat(t *testing.T) {
	times := []int64{0, -1, 951782400 /* 2000-02-29 */, 1790208000, 4102444799, -62135596800}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		times = append(times, r.Int64N(8e9)-2e9)
	}
	for _, u := range times {
		tm := time.Unix(u, 0).UTC()
		for _, tt := range []struct {
			dmy    bool
			layout string
		}{{false, time.DateTime}, {true, "02/01/2006 15:04:05"}} {
			if got, want := string(appendTime(nil, u, tt.dmy)), tm.Format(tt.layout); got != want {
				t.Fatalf("appendTime(%d, %v) = %s, want %s", u, tt.dmy, got, want)
			}
		}
	}
}

func TestCSVField(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Wide Leg Jeans", "Wide Leg Jeans"},
		{"Knife Set, 6 Pieces", `"Knife Set, 6 Pieces"`},
		{`12" Ring Light`, `"12"" Ring Light"`},
		{" leading space", `" leading space"`},
		{"", ""},
	}
	for _, tt := range tests {
		if got := csvField(tt.in); got != tt.want {
			t.Errorf("csvField(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
