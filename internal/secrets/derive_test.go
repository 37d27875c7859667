package secrets

import (
	"bytes"
	"testing"
)

func TestDeriveKeys(t *testing.T) {
	a, b := newKey(t), newKey(t)
	ring := newRing(t, a, b)
	again := newRing(t, a, b)
	got := ring.DeriveKeys("unsubscribe")
	if len(got) != 2 || len(got[0]) != 32 {
		t.Fatalf("DeriveKeys = %d keys", len(got))
	}
	if !bytes.Equal(got[0], again.DeriveKeys("unsubscribe")[0]) {
		t.Error("the same key and label derive different keys")
	}
	if bytes.Equal(got[0], ring.DeriveKeys("other")[0]) {
		t.Error("two labels derive the same key")
	}
	if bytes.Equal(got[0], newRing(t, b).DeriveKeys("unsubscribe")[0]) {
		t.Error("the current key does not come first")
	}
	if !bytes.Equal(got[1], newRing(t, b).DeriveKeys("unsubscribe")[0]) {
		t.Error("an old key derives another key than as the current one")
	}
	var nilRing *Keyring
	if nilRing.DeriveKeys("x") != nil {
		t.Error("a nil keyring derives keys")
	}
}
