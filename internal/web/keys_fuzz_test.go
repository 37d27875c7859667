package web

import "testing"

// FuzzPageKeys feeds arbitrary page positions (they come from URLs) to the web's key readers:
// none may panic.
func FuzzPageKeys(f *testing.F) {
	for _, seed := range []string{"", "12", "1700000000.1.576684019603000065.1729000000000158397", "-1", "\x00", "9999999999999999999999"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parseRejectedKey(s)
		decodeOrderKey(s)
		parseDays(s)
	})
}
