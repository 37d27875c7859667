package intl

import "strconv"

// fullRate is 100% in basis points.
const fullRate = 10000

// ParseRate parses a commission rate written as a percent ("15%", "15.5%", "12,5%" in a
// comma-decimal locale, "15" meaning 15%) into basis points. More than 2 decimals of a
// percent, a negative rate or more than 100% is an error.
func ParseRate(s string, loc Locale) (int64, error) {
	t := trimSpace(s)
	if t == "" {
		return 0, ErrEmpty
	}
	neg := t[0] == '-'
	if neg {
		t = trimLeft(t[1:])
	}
	if len(t) > 0 && t[len(t)-1] == '%' {
		t = trimRight(t[:len(t)-1])
	}
	d, n, ok := scanDecimal(t, loc)
	if !ok || n != len(t) {
		return 0, errorf("%s is not a percentage in %s", quote(s), loc.Tag)
	}
	if d.decimals() > 2 {
		return 0, errorf("%s is finer than a basis point", quote(s))
	}
	return rateBP(s, d, 2, neg)
}

// ParseFractionRate parses a rate written as a fraction ("0.15" is 1500 basis points), as
// the TikTok sample-application API writes it. It always uses '.', being an API format.
func ParseFractionRate(s string) (int64, error) {
	t := trimSpace(s)
	if t == "" {
		return 0, ErrEmpty
	}
	neg := t[0] == '-'
	if neg {
		t = trimLeft(t[1:])
	}
	d, n, ok := scanDecimal(t, Locale{Decimal: '.'})
	if !ok || n != len(t) {
		return 0, errorf("%s is not a fraction", quote(s))
	}
	// Trailing zeros are ignored (see decimal.zeros): APIs that serialize floats write "0.1500".
	return rateBP(s, d, 4, neg)
}

// rateBP converts a decimal whose unit is 10^-places of a whole into basis points.
func rateBP(s string, d decimal, places int, neg bool) (int64, error) {
	if d.frac > places {
		return 0, errorf("%s is finer than a basis point", quote(s))
	}
	if neg && (d.mant != 0 || d.overflow) {
		return 0, errorf("%s is negative", quote(s))
	}
	bp, ok := scale(d.mant, places-d.frac, fullRate)
	if d.overflow || !ok || bp > fullRate {
		return 0, errorf("%s is more than 100%%", quote(s))
	}
	return int64(bp), nil
}

// FormatRate writes basis points as a percent with no trailing zeros: 1500 → "15%",
// 1550 → "15.5%", 1234 → "12.34%".
func FormatRate(bp int64) string {
	var buf [32]byte
	b := buf[:0]
	u := uint64(bp)
	if bp < 0 {
		b = append(b, '-')
		u = -u
	}
	b = strconv.AppendUint(b, u/100, 10)
	if f := u % 100; f != 0 {
		b = append(b, '.', byte('0'+f/10))
		if f%10 != 0 {
			b = append(b, byte('0'+f%10))
		}
	}
	return string(append(b, '%'))
}
