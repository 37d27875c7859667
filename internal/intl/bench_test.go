package intl

import (
	"testing"
	"time"
)

// The import parses an amount and a time per cell of a million-row file; these pin their cost.

var (
	sinkInt  int64
	sinkTime time.Time
)

func BenchmarkParseAmount(b *testing.B) {
	cases := []struct {
		name, in, cur, loc string
	}{
		{"plain", "49.60", "USD", "en-US"},
		{"symbol", "$58,857.41", "USD", "en-US"},
		{"idr", "Rp12.500,00", "IDR", "id-ID"},
		{"vnd", "125.000 ₫", "VND", "vi-VN"},
	}
	for _, c := range cases {
		cu, l := cur(c.cur), loc(c.loc)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := ParseAmount(c.in, cu, l)
				if err != nil {
					b.Fatal(err)
				}
				sinkInt = v
			}
		})
	}
}

func BenchmarkParseTime(b *testing.B) {
	wib := time.FixedZone("WIB", 7*3600)
	cases := []struct {
		name, in string
		tz       *time.Location
	}{
		{"iso", "2026-09-30 13:04:47", time.UTC},
		{"slash", "30/09/2026 13:02:47", time.UTC},
		{"rfc3339", "2026-09-30T13:04:47+07:00", time.UTC},
		{"zone", "2026-09-30 13:04:47", wib},
	}
	l := loc("en-US")
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := ParseTime(c.in, l, c.tz)
				if err != nil {
					b.Fatal(err)
				}
				sinkTime = v
			}
		})
	}
}

func BenchmarkParseRate(b *testing.B) {
	l := loc("en-US")
	b.ReportAllocs()
	for b.Loop() {
		v, err := ParseRate("15.5%", l)
		if err != nil {
			b.Fatal(err)
		}
		sinkInt = v
	}
}

// TestHotPathAllocs holds the success paths to zero allocations, which the benchmarks only report.
func TestHotPathAllocs(t *testing.T) {
	usd, en := cur("USD"), loc("en-US")
	checks := map[string]func(){
		"ParseAmount": func() { sinkInt, _ = ParseAmount("$58,857.41", usd, en) },
		"ParseTime":   func() { sinkTime, _ = ParseTime("30/09/2026 13:02:47", en, time.UTC) },
		"ParseRate":   func() { sinkInt, _ = ParseRate("15.5%", en) },
		"ParseInt":    func() { sinkInt, _ = ParseInt("734,294", en) },
		"Lookup":      func() { _, _ = LookupCurrency("usd"); _, _ = LookupLocale("en_us") },
	}
	for name, f := range checks {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s allocates %v times per call", name, n)
		}
	}
}
