package intl

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestAmountRoundTrip: whatever FormatAmount or FormatPlain writes, ParseAmount reads back
// exactly, for every currency in every locale, over the whole int64 range.
func TestAmountRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom(currencyTable).Draw(t, "cur")
		l := rapid.SampledFrom(localeTable).Draw(t, "loc")
		x := rapid.OneOf(rapid.Int64Range(-1e15+1, 1e15-1), rapid.Int64()).Draw(t, "minor")
		for _, s := range []string{FormatAmount(x, c, l), FormatPlain(x, c, l)} {
			got, err := ParseAmount(s, c, l)
			if err != nil || got != x {
				t.Fatalf("%s %s: %d written %q read back as %d, %v", c.Code, l.Tag, x, s, got, err)
			}
		}
	})
}

// TestIntRoundTrip: a grouped whole number written by FormatAmount reads back with ParseInt.
func TestIntRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		l := rapid.SampledFrom(localeTable).Draw(t, "loc")
		x := rapid.Int64().Draw(t, "n")
		s := FormatAmount(x, Currency{}, l)
		if got, err := ParseInt(s, l); err != nil || got != x {
			t.Fatalf("%s: %d written %q read back as %d, %v", l.Tag, x, s, got, err)
		}
	})
}

// TestRateRoundTrip checks every basis point from 0 to 100%, as percent in each locale's
// decimal and as a fraction.
func TestRateRoundTrip(t *testing.T) {
	for bp := int64(0); bp <= fullRate; bp++ {
		s := FormatRate(bp)
		for _, l := range localeTable {
			in := s
			if l.Decimal == ',' {
				in = strings.Replace(s, ".", ",", 1)
			}
			if got, err := ParseRate(in, l); err != nil || got != bp {
				t.Fatalf("%s: %d written %q read back as %d, %v", l.Tag, bp, in, got, err)
			}
		}
		frac := strconv.FormatInt(bp/fullRate, 10) + "." + strconv.FormatInt(fullRate+bp%fullRate, 10)[1:]
		if got, err := ParseFractionRate(frac); err != nil || got != bp {
			t.Fatalf("%d written %q read back as %d, %v", bp, frac, got, err)
		}
	}
}

// TestTimeRoundTrip writes random instants in the layouts exports use and reads them back.
func TestTimeRoundTrip(t *testing.T) {
	layouts := []string{
		"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006/01/02 15:04:05",
		"02/01/2006 15:04:05", "2/1/2006 15:04:05", "02-01-2006 15:04:05", "02.01.2006 15:04:05",
		"2/1/2006 3:04:05 PM", time.RFC3339Nano,
	}
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.Int64Range(time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(),
			time.Date(9998, 12, 31, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "sec")
		off := rapid.IntRange(-14*60, 14*60).Draw(t, "offsetMinutes")
		tz := time.FixedZone("", off*60)
		want := time.Unix(sec, 0).UTC()
		layout := rapid.SampledFrom(layouts).Draw(t, "layout")
		s := want.In(tz).Format(layout)
		got, err := ParseTime(s, loc("en-US"), tz)
		if err != nil || !got.Equal(want) {
			t.Fatalf("%v written %q in %v read back as %v, %v", want, s, tz, got, err)
		}
	})
}
