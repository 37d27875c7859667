package intl

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// ParseAmount parses an amount written in loc for currency cur, returning minor units.
//
// It accepts a sign ("-12.50", "$-12.50") or accounting parentheses ("(12.50)"), and cur's
// code or one of its symbols before or after the number ("USD 12.50", "Rp12.500", "125.000 ₫").
// It rejects another currency's marker, misplaced group separators, and more fraction digits
// than cur has: an amount is either read exactly or not at all.
func ParseAmount(s string, cur Currency, loc Locale) (int64, error) {
	t := trimSpace(s)
	if t == "" {
		return 0, ErrEmpty
	}
	neg := false
	if len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')' {
		neg = true
		t = trimSpace(t[1 : len(t)-1])
	}
	if t != "" && t[0] == '-' {
		if neg {
			return 0, notAmount(s, loc)
		}
		neg = true
		t = trimLeft(t[1:])
	}
	if i := markerEnd(t); i > 0 {
		if err := checkMarker(s, trimRight(t[:i]), &cur, &loc); err != nil {
			return 0, err
		}
		t = t[i:]
		if t != "" && t[0] == '-' {
			if neg {
				return 0, notAmount(s, loc)
			}
			neg = true
			t = t[1:]
		}
	}
	d, n, ok := scanDecimal(t, loc)
	if rest := trimLeft(t[n:]); rest != "" {
		if err := checkMarker(s, rest, &cur, &loc); err != nil {
			return 0, err
		}
	}
	if !ok {
		return 0, notAmount(s, loc)
	}
	mu := cur.MinorUnits
	if mu < 0 || mu >= len(pow10) {
		return 0, errorf("%s: currency %s has unsupported minor units %d", quote(s), cur.Code, mu)
	}
	if d.decimals() > mu {
		return 0, errorf("%s has %s, %s has %d", quote(s), plural(d.decimals(), "decimal"), cur.Code, mu)
	}
	if d.overflow {
		return 0, errorf("%s is too large", quote(s))
	}
	u, ok := scale(d.mant, mu-d.frac, math.MaxUint64)
	if !ok {
		return 0, errorf("%s is too large", quote(s))
	}
	v, ok := signed(u, neg)
	if !ok {
		return 0, errorf("%s is too large", quote(s))
	}
	return v, nil
}

// markerEnd is where a leading currency marker ends: the first digit or sign. Markers never
// contain either, so this needs no list of symbols on the success path.
func markerEnd(t string) int {
	for i := 0; i < len(t); i++ {
		if isDigit(t[i]) || t[i] == '-' {
			return i
		}
	}
	return len(t)
}

// checkMarker accepts cur's own marker and says which currency any other known marker
// belongs to, since a wrong-currency amount is a mapping mistake worth naming.
func checkMarker(s, m string, cur *Currency, loc *Locale) error {
	if cur.marks(m) {
		return nil
	}
	if _, known := markerOwner(m); known {
		return errorf("%s: currency %s does not match %s", quote(s), m, cur.Code)
	}
	return notAmount(s, *loc)
}

// notAmount is the catch-all rejection; it names the locale because a value in the wrong
// locale ("12,50" in en-US) is the usual cause.
func notAmount(s string, loc Locale) error {
	return errorf("%s is not an amount in %s", quote(s), loc.Tag)
}

// FormatAmount writes minor units as loc writes them, with cur's first symbol: "$1,234.50",
// "Rp12.500,00", "₫125.000", "-$3.00". The symbol always leads, so ParseAmount reads it back.
func FormatAmount(minor int64, cur Currency, loc Locale) string {
	var buf [64]byte
	b := buf[:0]
	if minor < 0 {
		b = append(b, '-')
	}
	switch {
	case len(cur.Symbols) > 0:
		b = append(b, cur.Symbols[0]...)
	case cur.Code != "":
		b = append(b, cur.Code...)
		b = append(b, ' ')
	}
	b = appendMinor(b, minor, cur.MinorUnits, loc.Decimal, loc.Group)
	return string(b)
}

// FormatPlain writes minor units with loc's decimal separator and no grouping or symbol:
// "1234.50" (en-US), "12500,00" (id-ID), "125000" (VND); the form spreadsheets re-read best.
func FormatPlain(minor int64, cur Currency, loc Locale) string {
	var buf [32]byte
	b := buf[:0]
	if minor < 0 {
		b = append(b, '-')
	}
	b = appendMinor(b, minor, cur.MinorUnits, loc.Decimal, 0)
	return string(b)
}

// appendMinor appends |minor| as a decimal with mu fraction digits, grouping the integer part
// by thousands with group unless group is 0.
func appendMinor(b []byte, minor int64, mu int, dec, group rune) []byte {
	u := uint64(minor)
	if minor < 0 {
		u = -u // also right for math.MinInt64
	}
	if mu < 0 {
		mu = 0
	}
	if dec == 0 {
		dec = '.'
	}
	var tmp [20]byte
	digits := strconv.AppendUint(tmp[:0], u, 10)
	intLen := len(digits) - mu
	if intLen <= 0 {
		b = append(b, '0')
	} else {
		for i := 0; i < intLen; i++ {
			if i > 0 && group != 0 && (intLen-i)%3 == 0 {
				b = utf8.AppendRune(b, group)
			}
			b = append(b, digits[i])
		}
	}
	if mu == 0 {
		return b
	}
	b = utf8.AppendRune(b, dec)
	for i := intLen; i < 0; i++ {
		b = append(b, '0')
	}
	return append(b, digits[max(intLen, 0):]...)
}
