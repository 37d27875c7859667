package intl

import (
	"math"
	"unicode/utf8"
)

// decimal is a number as written: its significant digits in one integer, and how many of
// them were fractional. Keeping the digits exact lets each caller decide what precision it
// accepts instead of rounding.
type decimal struct {
	mant     uint64 // the digits without separators or trailing fraction zeros: "1,234.50" is 12345
	frac     int    // fraction digits in mant: 1 for "1,234.50"
	zeros    int    // trailing fraction zeros left out of mant: 1 for "1,234.50"
	overflow bool   // the digits did not fit in mant
}

// decimals is how many fraction digits were written, for callers that do not accept
// "12.500" as 12.5 dollars.
func (d decimal) decimals() int { return d.frac + d.zeros }

// push appends a digit to mant, recording overflow instead of wrapping.
func (d *decimal) push(dig uint64) {
	if d.mant > (math.MaxUint64-dig)/10 {
		d.overflow = true
		return
	}
	d.mant = d.mant*10 + dig
}

// scanDecimal reads the number at the start of s as loc writes it and reports how many bytes
// it used, leaving the rest (a currency, '%', 'K') to the caller. ok is false when the number
// is malformed: no digits, a separator with no digits after it, or misplaced groups. Groups
// must be a first group of 1–3 digits then groups of exactly 3, so "12,5" in en-US is rejected
// rather than read as 125, which is what a comma-decimal value in the wrong locale looks like.
func scanDecimal(s string, loc Locale) (d decimal, n int, ok bool) {
	var (
		digits, run, groups int
		inFrac, leadZero    bool
	)
	i := 0
	for i < len(s) {
		c := s[i]
		if isDigit(c) {
			if digits == 0 {
				leadZero = c == '0'
			}
			switch {
			case !inFrac:
				d.push(uint64(c - '0'))
			case c == '0':
				// Held back so "0.1500…0" cannot overflow mant with digits that carry no value.
				d.zeros++
			default:
				for ; d.zeros > 0; d.zeros-- {
					d.push(0)
					d.frac++
				}
				d.push(uint64(c - '0'))
				d.frac++
			}
			digits++
			run++
			i++
			continue
		}
		if inFrac {
			break
		}
		if w := sepWidth(s[i:], c, loc.Decimal); w > 0 {
			if run == 0 || (groups > 0 && run != 3) {
				return d, i, false
			}
			inFrac, run = true, 0
			i += w
			continue
		}
		w := sepWidth(s[i:], c, loc.Group)
		if w == 0 && (c >= utf8.RuneSelf || c == ' ') {
			w = groupWidth(s[i:], loc.Group) // look-alikes of space and apostrophe groups
		}
		if w == 0 {
			break
		}
		if i+w >= len(s) || !isDigit(s[i+w]) {
			// A space may also separate the number from a currency: "1 234 €".
			if isSpaceGroup(loc.Group) {
				break
			}
			return d, i, false
		}
		if run == 0 || (groups == 0 && (run > 3 || leadZero)) || (groups > 0 && run != 3) {
			return d, i, false
		}
		groups++
		run = 0
		i += w
	}
	if digits == 0 || (inFrac && run == 0) || (!inFrac && groups > 0 && run != 3) {
		return d, i, false
	}
	return d, i, true
}

// sepWidth is runeWidth with the common single-byte case decided inline; c is s[0].
func sepWidth(s string, c byte, r rune) int {
	if r < utf8.RuneSelf {
		if r != 0 && c == byte(r) {
			return 1
		}
		return 0
	}
	return runeWidth(s, r)
}

// runeWidth is the byte length of r at the start of s, or 0 if s does not start with r.
// A zero rune never matches, so a zero Locale reads plain digits only.
func runeWidth(s string, r rune) int {
	if r == 0 || s == "" {
		return 0
	}
	if r < utf8.RuneSelf {
		if s[0] == byte(r) {
			return 1
		}
		return 0
	}
	got, w := utf8.DecodeRuneInString(s)
	if got == r && got != utf8.RuneError {
		return w
	}
	return 0
}

// isSpaceGroup reports whether g is one of the blanks markets group digits with.
func isSpaceGroup(g rune) bool {
	return g == ' ' || g == '\u00a0' || g == '\u202f' || g == '\u2009' || g == '\u2007'
}

// groupWidth is the byte length of a group separator of g at the start of s. Space-grouping
// markets get any space variant because the exporting software, not the market, picks which;
// the apostrophe also matches the typographic one Swiss software writes.
func groupWidth(s string, g rune) int {
	if isSpaceGroup(g) {
		if s != "" && (s[0] == '\t' || s[0] == '\r' || s[0] == '\n') {
			return 0
		}
		return spaceWidth(s)
	}
	if g == '\'' {
		if w := runeWidth(s, '\u2019'); w > 0 {
			return w
		}
	}
	return runeWidth(s, g)
}

// pow10 holds the powers of ten that fit in uint64's signed half.
var pow10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// scale multiplies u by 10^k, reporting false on overflow past limit.
func scale(u uint64, k int, limit uint64) (uint64, bool) {
	if k < 0 || k >= len(pow10) {
		return 0, u == 0 && k >= 0
	}
	p := pow10[k]
	if u > limit/p {
		return 0, false
	}
	return u * p, true
}

// signed turns a magnitude into an int64, allowing math.MinInt64 for negatives.
func signed(u uint64, neg bool) (int64, bool) {
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	if u > limit {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

// ParseInt parses a whole number such as a quantity or follower count written in loc: "1,234",
// "-12", and the "1.2K" / "3.4M" short forms creator lists use.
func ParseInt(s string, loc Locale) (int64, error) {
	t := trimSpace(s)
	if t == "" {
		return 0, ErrEmpty
	}
	neg := t[0] == '-'
	if neg {
		t = trimLeft(t[1:])
	}
	d, n, ok := scanDecimal(t, loc)
	mult := 0
	switch rest := trimLeft(t[n:]); rest {
	case "":
	case "K", "k":
		mult = 3
	case "M", "m":
		mult = 6
	case "B", "b":
		mult = 9
	default:
		ok = false
	}
	if !ok {
		return 0, errorf("%s is not a number in %s", quote(s), loc.Tag)
	}
	if d.overflow {
		return 0, errorf("%s is too large", quote(s))
	}
	if (mult == 0 && d.decimals() > 0) || d.frac > mult {
		return 0, errorf("%s is not a whole number", quote(s))
	}
	u, ok := scale(d.mant, mult-d.frac, math.MaxUint64)
	if !ok {
		return 0, errorf("%s is too large", quote(s))
	}
	v, ok := signed(u, neg)
	if !ok {
		return 0, errorf("%s is too large", quote(s))
	}
	return v, nil
}
