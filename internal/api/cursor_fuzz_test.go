package api

import (
	"strings"
	"testing"
)

// FuzzCursors feeds arbitrary cursors (they come from clients) to every cursor reader: none may
// panic, and a cursor that is not base64 of a key is refused.
func FuzzCursors(f *testing.F) {
	for _, seed := range []string{"", "YWJj", "!!", encodeCursor("gmv|desc|30\x1fUSD\x1f120\x1ftrue\x1f7\x1fana"),
		encodeCursor("1700000000\x1f1\x1f576684019603000065\x1f1729000000000158397"), "\x00\x1f\x1f"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, c string) {
		key, err := decodeCursor(c)
		if err == nil && c != "" && key == "" {
			t.Fatalf("cursor %q decoded to nothing without an error", c)
		}
		for _, k := range []string{key, c} {
			parseCreatorCursor(k, "gmv|desc|30\x1f")
			parseOrderCursor(k)
			parseProductCursor(k, "gmv|desc|30\x1f")
			parseRejectedCursor(k)
		}
		if strings.ContainsRune(c, 0) && err == nil && key != "" {
			// NUL is not in the base64 alphabet.
			t.Fatalf("cursor %q with NUL accepted", c)
		}
	})
}
