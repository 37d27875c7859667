package intl

import (
	"math"
	"testing"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		loc  string
		want int64
		err  string
	}{
		{"12", "en-US", 12, ""},
		{"1,234", "en-US", 1234, ""},
		{"734,294", "en-US", 734294, ""},
		{"9,999,999", "en-US", 9999999, ""},
		{"-12", "en-US", -12, ""},
		{" 280476 ", "en-US", 280476, ""},
		{"0", "en-US", 0, ""},
		{"1.2K", "en-US", 1200, ""},
		{"1.2k", "en-US", 1200, ""},
		{"1.2 K", "en-US", 1200, ""},
		{"12K", "en-US", 12000, ""},
		{"3.4M", "en-US", 3400000, ""},
		{"1.25M", "en-US", 1250000, ""},
		{"1.5B", "en-US", 1500000000, ""},
		{"1,234K", "en-US", 1234000, ""},
		{"1.500K", "en-US", 1500, ""},
		{"1.000000000000000000000K", "en-US", 1000, ""},
		{"1.05K", "en-US", 1050, ""},
		{"9223372036854775807", "en-US", math.MaxInt64, ""},
		{"-9223372036854775808", "en-US", math.MinInt64, ""},
		{"1.234", "id-ID", 1234, ""},
		{"1,2K", "id-ID", 1200, ""},
		{"1 234", "fr-FR", 1234, ""},
		{"1\u00a0234", "fr-FR", 1234, ""},

		{"", "en-US", 0, "EMPTY"},
		{"12.5", "en-US", 0, `"12.5" is not a whole number`},
		{"12.0", "en-US", 0, "is not a whole number"},
		{"1.2345K", "en-US", 0, "is not a whole number"},
		{"1,23", "en-US", 0, `"1,23" is not a number in en-US`},
		{"1.2K", "id-ID", 0, "is not a number in id-ID"},
		{"abc", "en-US", 0, "is not a number"},
		{"K", "en-US", 0, "is not a number"},
		{"12KM", "en-US", 0, "is not a number"},
		{"--12", "en-US", 0, "is not a number"},
		{"9223372036854775808", "en-US", 0, "is too large"},
		{"-9223372036854775809", "en-US", 0, "is too large"},
		{"99999999999999999999", "en-US", 0, "is too large"},
		{"99999999999999999K", "en-US", 0, "is too large"},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in, loc(tt.loc))
		if checkErr(t, tt.in, err, tt.err) && got != tt.want {
			t.Errorf("ParseInt(%q, %s) = %d, want %d", tt.in, tt.loc, got, tt.want)
		}
	}
}
