package secrets

import (
	"crypto/sha256"
	"sort"
)

// DeriveKeys returns keys for another use than sealing — the HMAC of unsubscribe links — one
// per key of the keyring, derived under label: the current key's first, then the older keys'
// (so a link made before a rotation still verifies). Nil for a nil keyring.
//
// The keyring keeps ciphers, not raw keys, so the derivation runs the label through the key's
// AES-GCM under a fixed nonce (a pseudo-random function of the key: one label, one output,
// nothing a nonce reuse could reveal) and hashes the result. The same key and label always
// give the same derived key, on every server.
func (k *Keyring) DeriveKeys(label string) [][]byte {
	if k == nil {
		return nil
	}
	ids := make([]string, 0, len(k.keys))
	for id := range k.keys {
		if id != k.currentID {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	ids = append([]string{k.currentID}, ids...)
	out := make([][]byte, 0, len(ids))
	for _, id := range ids {
		aead := k.keys[id]
		nonce := make([]byte, aead.NonceSize())
		sum := sha256.Sum256(append([]byte("creatorops derived key\x00"), aead.Seal(nil, nonce, []byte(label), nil)...))
		out = append(out, sum[:])
	}
	return out
}
