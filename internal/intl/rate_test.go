package intl

import "testing"

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		loc  string
		want int64
		err  string
	}{
		{"15%", "en-US", 1500, ""},
		{"15.5%", "en-US", 1550, ""},
		{"12.34%", "en-US", 1234, ""},
		{"15", "en-US", 1500, ""},
		{"0.5%", "en-US", 50, ""},
		{"0%", "en-US", 0, ""},
		{"-0%", "en-US", 0, ""},
		{"100%", "en-US", 10000, ""},
		{"100.00%", "en-US", 10000, ""},
		{" 15 % ", "en-US", 1500, ""},
		{"12,5%", "de-DE", 1250, ""},
		{"12,5%", "id-ID", 1250, ""},
		{"12,5 %", "fr-FR", 1250, ""},
		{"12,5\u00a0%", "fr-FR", 1250, ""},

		{"", "en-US", 0, "EMPTY"},
		{"%", "en-US", 0, "is not a percentage in en-US"},
		{"12,5%", "en-US", 0, `"12,5%" is not a percentage in en-US`},
		{"12.5%", "de-DE", 0, "is not a percentage in de-DE"},
		{"abc%", "en-US", 0, "is not a percentage"},
		{"15%%", "en-US", 0, "is not a percentage"},
		{"%15", "en-US", 0, "is not a percentage"},
		{"0.15.%", "en-US", 0, "is not a percentage"},
		{"12.345%", "en-US", 0, `"12.345%" is finer than a basis point`},
		{"101%", "en-US", 0, `"101%" is more than 100%`},
		{"100.01%", "en-US", 0, "is more than 100%"},
		{"1,000%", "en-US", 0, "is more than 100%"},
		{"99999999999999999999999%", "en-US", 0, "is more than 100%"},
		{"-5%", "en-US", 0, `"-5%" is negative`},
		{"-150%", "en-US", 0, "is negative"},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in, loc(tt.loc))
		if checkErr(t, tt.in, err, tt.err) && got != tt.want {
			t.Errorf("ParseRate(%q, %s) = %d, want %d", tt.in, tt.loc, got, tt.want)
		}
	}
}

func TestParseFractionRate(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  string
	}{
		{"0.15", 1500, ""},
		{"0.155", 1550, ""},
		{"0.1234", 1234, ""},
		{"0.1500", 1500, ""},
		{"0.150000000000000000000000", 1500, ""},
		{"0.0001", 1, ""},
		{"1", 10000, ""},
		{"1.0", 10000, ""},
		{"0", 0, ""},
		{" 0.2 ", 2000, ""},

		{"", 0, "EMPTY"},
		{"0.12345", 0, `"0.12345" is finer than a basis point`},
		{"1.5", 0, `"1.5" is more than 100%`},
		{"2", 0, "is more than 100%"},
		{"-0.1", 0, `"-0.1" is negative`},
		{".15", 0, `".15" is not a fraction`},
		{"0,15", 0, "is not a fraction"},
		{"15%", 0, "is not a fraction"},
		{"1,000", 0, "is not a fraction"},
	}
	for _, tt := range tests {
		got, err := ParseFractionRate(tt.in)
		if checkErr(t, tt.in, err, tt.err) && got != tt.want {
			t.Errorf("ParseFractionRate(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestFormatRate(t *testing.T) {
	tests := []struct {
		bp   int64
		want string
	}{
		{0, "0%"}, {1500, "15%"}, {1550, "15.5%"}, {1234, "12.34%"}, {5, "0.05%"},
		{50, "0.5%"}, {10000, "100%"}, {-150, "-1.5%"}, {1101, "11.01%"},
	}
	for _, tt := range tests {
		if got := FormatRate(tt.bp); got != tt.want {
			t.Errorf("FormatRate(%d) = %q, want %q", tt.bp, got, tt.want)
		}
	}
}
