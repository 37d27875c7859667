package model

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)

// ValidSlug reports whether s can name a workspace or a shop in URLs and on the command line:
// lowercase letters, digits, '-' and '_', at most 63, starting with a letter or digit.
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// SlugFrom makes a slug out of a display name: "Glow Lab (US)" → "glow-lab-us". Accents are
// dropped; it returns "" when nothing usable is left.
func SlugFrom(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return b.String()
}
