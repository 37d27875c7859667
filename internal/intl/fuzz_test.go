package intl

import (
	"errors"
	"testing"
	"time"
)

// The fuzz targets check that no input panics, that blank input is ErrEmpty, and that any
// value accepted survives a write and re-read.

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"$1,234.50", "12,5O", "(12.50)", "Rp12.500,00", "₫125.000", "1 234,50 €",
		"-$-1", "USD 12.50", "92233720368547758.08", "1’234.50", "12.500000000000000000001", ""} {
		f.Add(s, uint8(0), uint8(0))
	}
	f.Add("12.500,50", uint8(3), uint8(8))
	f.Add("125.000 ₫", uint8(4), uint8(9))
	f.Fuzz(func(t *testing.T, s string, ci, li uint8) {
		c := currencyTable[int(ci)%len(currencyTable)]
		l := localeTable[int(li)%len(localeTable)]
		v, err := ParseAmount(s, c, l)
		if err != nil {
			if (trimSpace(s) == "") != errors.Is(err, ErrEmpty) {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		for _, out := range []string{FormatPlain(v, c, l), FormatAmount(v, c, l)} {
			if back, err := ParseAmount(out, c, l); err != nil || back != v {
				t.Fatalf("%q read as %d, written %q, read back as %d, %v", s, v, out, back, err)
			}
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-09-30 13:04:47", "30/09/2026 13:02:47", "2026-09-30T13:04:47+07:00",
		"5/9/2026 1:02:03 PM", "31/02/2026", "2026-09-30T13:04:47.123456789Z", ""} {
		f.Add(s, uint8(0), false)
	}
	f.Fuzz(func(t *testing.T, s string, li uint8, mdy bool) {
		l := localeTable[int(li)%len(localeTable)]
		if mdy {
			l.DateOrder = MDY
		}
		got, err := ParseTime(s, l, time.FixedZone("", 7*3600))
		if err != nil {
			if (trimSpace(s) == "") != errors.Is(err, ErrEmpty) {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("%q: not UTC: %v", s, got)
		}
		if got.Year() < 0 || got.Year() > 9999 {
			return // RFC 3339 cannot write it
		}
		out := got.Format(time.RFC3339Nano)
		if back, err := ParseTime(out, l, nil); err != nil || !back.Equal(got) {
			t.Fatalf("%q read as %v, written %q, read back as %v, %v", s, got, out, back, err)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"15%", "15.5%", "12,5%", "100%", "-5%", "0.15", "0.1500", "1", ""} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, li uint8) {
		l := localeTable[int(li)%len(localeTable)]
		check := func(name string, bp int64, err error) {
			if err != nil {
				if (trimSpace(s) == "") != errors.Is(err, ErrEmpty) {
					t.Fatalf("%s(%q): %v", name, s, err)
				}
				return
			}
			if bp < 0 || bp > fullRate {
				t.Fatalf("%s(%q) = %d, out of range", name, s, bp)
			}
			if back, err := ParseRate(FormatRate(bp), loc("en-US")); err != nil || back != bp {
				t.Fatalf("%s(%q) = %d, written %q, read back as %d, %v", name, s, bp, FormatRate(bp), back, err)
			}
		}
		bp, err := ParseRate(s, l)
		check("ParseRate", bp, err)
		bp, err = ParseFractionRate(s)
		check("ParseFractionRate", bp, err)
	})
}

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"1,234", "734,294", "1.2K", "3.4M", "-12", "1 234", ""} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, li uint8) {
		l := localeTable[int(li)%len(localeTable)]
		v, err := ParseInt(s, l)
		if err != nil {
			if (trimSpace(s) == "") != errors.Is(err, ErrEmpty) {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		out := FormatAmount(v, Currency{}, l)
		if back, err := ParseInt(out, l); err != nil || back != v {
			t.Fatalf("%q read as %d, written %q, read back as %d, %v", s, v, out, back, err)
		}
	})
}
