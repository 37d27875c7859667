package intl

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	mdy := Locale{Tag: "xx-MDY", Decimal: '.', Group: ',', DateOrder: MDY}
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return v
	}
	tests := []struct {
		in   string
		loc  Locale
		tz   *time.Location
		want string // RFC 3339 in UTC
		err  string
	}{
		{"2026-09-30 13:04:47", loc("en-US"), time.UTC, "2026-09-30T13:04:47Z", ""},
		{"2026-09-30T13:04:47", loc("en-US"), time.UTC, "2026-09-30T13:04:47Z", ""},
		{"2026-09-30T13:04:47Z", loc("en-US"), time.UTC, "2026-09-30T13:04:47Z", ""},
		{"2026-09-30T13:04:47.123Z", loc("en-US"), time.UTC, "2026-09-30T13:04:47.123Z", ""},
		{"2026-09-30T13:04:47+07:00", loc("en-US"), time.UTC, "2026-09-30T06:04:47Z", ""},
		{"2026-09-30T13:04:47+0700", loc("en-US"), time.UTC, "2026-09-30T06:04:47Z", ""},
		{"2026-09-30T13:04:47-03:30", loc("en-US"), wib, "2026-09-30T16:34:47Z", ""},
		{"2026-09-30T01:00:00+07:00", loc("en-US"), time.UTC, "2026-09-29T18:00:00Z", ""},
		{"2026-09-30 13:04", loc("en-US"), time.UTC, "2026-09-30T13:04:00Z", ""},
		{"2026-09-30", loc("en-US"), time.UTC, "2026-09-30T00:00:00Z", ""},
		{"2026/09/30 13:04:47", loc("en-US"), time.UTC, "2026-09-30T13:04:47Z", ""},
		{"2026-9-5", loc("en-US"), time.UTC, "2026-09-05T00:00:00Z", ""},
		{"30/09/2026 13:02:47", loc("en-US"), time.UTC, "2026-09-30T13:02:47Z", ""},
		{"30/09/2026 13:02", loc("en-US"), time.UTC, "2026-09-30T13:02:00Z", ""},
		{"30/09/2026", loc("en-US"), time.UTC, "2026-09-30T00:00:00Z", ""},
		{"30-09-2026", loc("en-US"), time.UTC, "2026-09-30T00:00:00Z", ""},
		{"30.09.2026", loc("de-DE"), time.UTC, "2026-09-30T00:00:00Z", ""},
		{"5/9/2026 1:02:03", loc("en-US"), time.UTC, "2026-09-05T01:02:03Z", ""},
		{"29/02/2028", loc("en-GB"), time.UTC, "2028-02-29T00:00:00Z", ""},
		{"30/09/2026 1:02 PM", loc("en-US"), time.UTC, "2026-09-30T13:02:00Z", ""},
		{"30/09/2026 12:00 AM", loc("en-US"), time.UTC, "2026-09-30T00:00:00Z", ""},
		{"30/09/2026 12:30:15 pm", loc("en-US"), time.UTC, "2026-09-30T12:30:15Z", ""},
		{" 2026-09-30 13:04:47\u00a0", loc("en-US"), time.UTC, "2026-09-30T13:04:47Z", ""},
		{"2026-09-30 13:04:47", loc("id-ID"), wib, "2026-09-30T06:04:47Z", ""},
		{"2026-09-30T13:04:47Z", loc("id-ID"), wib, "2026-09-30T13:04:47Z", ""},
		{"2026-09-30 13:04:47", loc("en-US"), nil, "2026-09-30T13:04:47Z", ""},
		{"09/30/2026", mdy, time.UTC, "2026-09-30T00:00:00Z", ""},
		{"9/5/2026", mdy, time.UTC, "2026-09-05T00:00:00Z", ""},

		{"", loc("en-US"), time.UTC, "", "EMPTY"},
		{"  ", loc("en-US"), time.UTC, "", "EMPTY"},
		{"09/30/2026 13:02:47", loc("en-US"), time.UTC, "", `"09/30/2026 13:02:47" is not a DD/MM/YYYY date`},
		{"30/09/2026", mdy, time.UTC, "", `"30/09/2026" is not a MM/DD/YYYY date`},
		{"31/02/2026", loc("en-US"), time.UTC, "", `"31/02/2026" is not a valid date`},
		{"29/02/2026", loc("en-US"), time.UTC, "", "is not a valid date"},
		{"31/04/2026", loc("en-US"), time.UTC, "", "is not a valid date"},
		{"00/01/2026", loc("en-US"), time.UTC, "", "is not a valid date"},
		{"2026-13-01", loc("en-US"), time.UTC, "", "is not a valid date"},
		{"2026-00-10", loc("en-US"), time.UTC, "", "is not a valid date"},
		{"2026-09-30 24:00", loc("en-US"), time.UTC, "", "is not a valid time"},
		{"2026-09-30 13:60", loc("en-US"), time.UTC, "", "is not a valid time"},
		{"2026-09-30 13:04:60", loc("en-US"), time.UTC, "", "is not a valid time"},
		{"2026-09-30 13:04 PM", loc("en-US"), time.UTC, "", "is not a valid time"},
		{"2026-09-30 0:04 AM", loc("en-US"), time.UTC, "", "is not a valid time"},
		{"2026-09-30 13:04:47+24:00", loc("en-US"), time.UTC, "", "has an invalid zone offset"},
		{"2026-09-30 13:04:47+07:60", loc("en-US"), time.UTC, "", "has an invalid zone offset"},
		{"2026-09-30 13:4", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30 13", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30 13:04:4", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30 13:04:47.", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30 13:04:47.1234567890", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30 13:04:47 XM", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30 13:04:47+7", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30 13:04:47 UTC", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30x", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09/30", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-009-30", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"30/09/26", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"20260930", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"13:04:47", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"abc", loc("en-US"), time.UTC, "", "is not a date or time"},
		{"2026-09-30_13:04", loc("en-US"), time.UTC, "", "is not a date or time"},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in, tt.loc, tt.tz)
		if !checkErr(t, tt.in, err, tt.err) {
			continue
		}
		if want := utc(tt.want); !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q, %s) = %v, want %v", tt.in, tt.loc.Tag, got, want)
		}
	}
}
