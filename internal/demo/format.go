package demo

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The order rows are appended by hand rather than through csv.Writer, which needs one string per
// field: at ten million lines those allocations dominate. The quoting rule below is
// encoding/csv's, and the tests check the output is byte-identical to csv.Writer's.

// csvNeedsQuotes mirrors encoding/csv's fieldNeedsQuotes for a ',' separator.
func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` || strings.ContainsAny(s, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// csvField returns s as it must appear in a CSV row.
func csvField(s string) string {
	if !csvNeedsQuotes(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// appendAmount appends non-negative cents as "12.40", or with dollar set as "$12.40" /
// "$1,234.50", quoted because of the thousands separator.
func appendAmount(b []byte, cents int64, dollar bool) []byte {
	if !dollar {
		b = strconv.AppendInt(b, cents/100, 10)
		return append2(append(b, '.'), cents%100)
	}
	if cents < 100000 {
		return appendDollars(b, cents)
	}
	b = append(b, '"')
	b = appendDollars(b, cents)
	return append(b, '"')
}

// appendDollars appends non-negative cents as "$1,234.50", unquoted.
func appendDollars(b []byte, cents int64) []byte {
	b = appendThousands(append(b, '$'), cents/100)
	return append2(append(b, '.'), cents%100)
}

// appendThousands appends a non-negative integer with ',' between groups of three digits.
func appendThousands(b []byte, n int64) []byte {
	if n < 1000 {
		return strconv.AppendInt(b, n, 10)
	}
	b = appendThousands(b, n/1000)
	r := n % 1000
	return append(b, ',', byte('0'+r/100), byte('0'+r/10%10), byte('0'+r%10))
}

// appendTime appends Unix seconds as "2006-01-02 15:04:05", or "02/01/2006 15:04:05" when dmy is
// set. It avoids time.Format, which costs more than the rest of a row.
func appendTime(b []byte, unix int64, dmy bool) []byte {
	days := unix / day
	secs := unix % day
	if secs < 0 {
		secs += day
		days--
	}
	y, m, d := civil(days)
	if dmy {
		b = append2(b, d)
		b = append(b, '/')
		b = append2(b, m)
		b = append(b, '/')
		b = append4(b, y)
	} else {
		b = append4(b, y)
		b = append(b, '-')
		b = append2(b, m)
		b = append(b, '-')
		b = append2(b, d)
	}
	b = append(b, ' ')
	b = append2(b, secs/3600)
	b = append(b, ':')
	b = append2(b, secs/60%60)
	b = append(b, ':')
	return append2(b, secs%60)
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
// days_from_civil inverse).
func civil(days int64) (y, m, d int64) {
	z := days + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// append2 appends a two-digit zero-padded number.
func append2(b []byte, n int64) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

// append4 appends a four-digit zero-padded year.
func append4(b []byte, n int64) []byte {
	return append(b, byte('0'+n/1000%10), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}
