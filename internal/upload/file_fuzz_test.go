package upload

import (
	"strings"
	"testing"
)

// FuzzNameAndSniff feeds client-chosen file names and first bytes (both outside input) to the
// upload's checks: no panic, a kept name never names a directory, and sniffing answers one of
// its three verdicts.
func FuzzNameAndSniff(f *testing.F) {
	f.Add(`C:\exports\orders.csv`, []byte("\xef\xbb\xbfOrder ID,SKU ID\r\n"))
	f.Add("../../etc/passwd", []byte("PK\x03\x04"))
	f.Add("..", []byte{0xff, 0xfe, 'O', 0})
	f.Add("ok.xlsx", []byte("Order ID,\xe2\x82"))
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		if n := cleanName(name); n != "" && (strings.ContainsAny(n, `/\`) || n == "." || n == ".." || strings.ContainsRune(n, 0)) {
			t.Fatalf("cleanName(%q) = %q", name, n)
		}
		switch v := sniff(head); v {
		case "", "csv", "xlsx":
		default:
			t.Fatalf("sniff gave %q", v)
		}
	})
}
