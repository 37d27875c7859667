// Package intl reads and writes the international formats found in marketplace exports:
// currencies, number locales, amounts, rates and times.
//
// Money is int64 minor units, rates are basis points and times are UTC. Parsers reject
// anything they cannot read exactly, with a short reason naming the value; the caller adds
// the file, row and column. Nothing here rounds, guesses or panics.
package intl

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrEmpty is returned for a blank value, so callers can decide whether an empty optional field is fine.
var ErrEmpty = errors.New("empty value")

// quote names a value in an error; strconv.Quote makes invisible characters such as
// no-break spaces visible, which is usually why a value that looks right is rejected.
func quote(s string) string { return strconv.Quote(s) }

// errorf builds an error; kept separate so the parsers' success paths never touch fmt.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// plural writes "1 decimal" or "3 decimals" so messages read naturally.
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// spaceWidth is the byte length of a blank at the start of s. Spreadsheets and web exports
// emit no-break and thin spaces where a person would type a space, so those count too.
func spaceWidth(s string) int {
	if s == "" {
		return 0
	}
	switch s[0] {
	case ' ', '\t', '\r', '\n':
		return 1
	case 0xC2: // U+00A0 no-break space
		if len(s) > 1 && s[1] == 0xA0 {
			return 2
		}
	case 0xE2: // U+2007 figure, U+2009 thin, U+202F narrow no-break space
		if len(s) > 2 && s[1] == 0x80 && (s[2] == 0x87 || s[2] == 0x89 || s[2] == 0xAF) {
			return 3
		}
	}
	return 0
}

// trimLeft drops leading blanks (see spaceWidth).
func trimLeft(s string) string {
	for {
		w := spaceWidth(s)
		if w == 0 {
			return s
		}
		s = s[w:]
	}
}

// trimRight drops trailing blanks (see spaceWidth).
func trimRight(s string) string {
	for len(s) > 0 {
		switch c := s[len(s)-1]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			s = s[:len(s)-1]
		case len(s) >= 2 && c == 0xA0 && s[len(s)-2] == 0xC2:
			s = s[:len(s)-2]
		case len(s) >= 3 && (c == 0x87 || c == 0x89 || c == 0xAF) && s[len(s)-2] == 0x80 && s[len(s)-3] == 0xE2:
			s = s[:len(s)-3]
		default:
			return s
		}
	}
	return s
}

// trimSpace drops blanks at both ends (see spaceWidth).
func trimSpace(s string) string {
	// Almost every cell is already trimmed: checking the two ends first keeps that case cheap.
	if len(s) > 0 && s[0] > ' ' && s[0] < 0x80 && s[len(s)-1] > ' ' && s[len(s)-1] < 0x80 {
		return s
	}
	return trimRight(trimLeft(s))
}

// isDigit reports whether c is an ASCII digit; exports never use other scripts' digits.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
