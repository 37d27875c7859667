package secrets

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func newKey(t testing.TB) []byte {
	t.Helper()
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func newRing(t testing.TB, current []byte, old ...[]byte) *Keyring {
	t.Helper()
	k, err := New(current, old...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpen(t *testing.T) {
	k := newRing(t, newKey(t))
	const ad = "connection:42:access_token"
	for _, plain := range [][]byte{nil, []byte("x"), []byte("TTP_abc.def-ghi"), bytes.Repeat([]byte{0, 255}, 4096)} {
		sealed, err := k.Seal(plain, ad)
		if err != nil {
			t.Fatal(err)
		}
		if want := "v1:" + k.CurrentID() + ":"; !strings.HasPrefix(sealed, want) {
			t.Fatalf("sealed %q does not start with %q", sealed, want)
		}
		if len(plain) > 4 && strings.Contains(sealed, string(plain)) {
			t.Fatalf("sealed value holds the plaintext: %q", sealed)
		}
		got, err := k.Open(sealed, ad)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain) {
			t.Fatalf("opened %q, sealed %q", got, plain)
		}
		again, _ := k.Seal(plain, ad)
		if again == sealed {
			t.Fatal("two seals of one value are equal: the nonce is not random")
		}
	}
}

// errRefused in a test case accepts ErrMalformed or ErrOpen.
var errRefused = errors.New("refused as malformed or unopenable")

func TestOpenRefuses(t *testing.T) {
	key := newKey(t)
	k := newRing(t, key)
	sealed, err := k.Seal([]byte("refresh-token-value"), "connection:42:refresh_token")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		ring   *Keyring
		sealed string
		ad     string
		want   error
	}{
		{"another row", k, sealed, "connection:43:refresh_token", ErrOpen},
		{"another column", k, sealed, "connection:42:access_token", ErrOpen},
		{"another key", newRing(t, newKey(t)), sealed, "connection:42:refresh_token", ErrUnknownKey},
		{"another key under the same id", &Keyring{currentID: k.currentID, keys: newRing(t, newKey(t)).withID(k.currentID)}, sealed, "connection:42:refresh_token", ErrOpen},
		{"empty", k, "", "connection:42:refresh_token", ErrMalformed},
		{"plaintext in the column", k, "refresh-token-value", "connection:42:refresh_token", ErrMalformed},
		{"future version", k, "v2" + sealed[2:], "connection:42:refresh_token", ErrMalformed},
		{"no body", k, "v1:" + k.CurrentID() + ":", "connection:42:refresh_token", ErrMalformed},
		// Cutting the text may or may not leave valid base64: refused either way.
		{"truncated", k, sealed[:len(sealed)-4], "connection:42:refresh_token", errRefused},
		{"shortened ciphertext", k, shorten(t, sealed), "connection:42:refresh_token", ErrOpen},
		{"nil keyring", nil, sealed, "connection:42:refresh_token", ErrNoKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.ring.Open(tt.sealed, tt.ad)
			if tt.want == errRefused && (errors.Is(err, ErrMalformed) || errors.Is(err, ErrOpen)) {
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open = %q, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// shorten drops the last byte of a sealed value's ciphertext, keeping its encoding valid.
func shorten(t *testing.T, sealed string) string {
	i := strings.LastIndex(sealed, ":")
	raw, err := encoding.DecodeString(sealed[i+1:])
	if err != nil {
		t.Fatal(err)
	}
	return sealed[:i+1] + encoding.EncodeToString(raw[:len(raw)-1])
}

// withID gives the ring's current key under another id, to prove the id is only a hint.
func (k *Keyring) withID(id string) map[string]cipher.AEAD {
	return map[string]cipher.AEAD{id: k.keys[k.currentID]}
}

func TestTamperAnyByte(t *testing.T) {
	k := newRing(t, newKey(t))
	sealed, err := k.Seal([]byte("app-secret-0123456789"), "shop:7:app_secret")
	if err != nil {
		t.Fatal(err)
	}
	for i := range len(sealed) {
		for _, bit := range []byte{1, 2, 4, 8, 16, 32, 64, 128} {
			b := []byte(sealed)
			b[i] ^= bit
			if got, err := k.Open(string(b), "shop:7:app_secret"); err == nil {
				t.Fatalf("byte %d ^ %#x: %q opened as %q", i, bit, b, got)
			}
		}
	}
}

func TestRotation(t *testing.T) {
	oldKey, newKey_ := newKey(t), newKey(t)
	before := newRing(t, oldKey)
	sealed, err := before.Seal([]byte("token"), "connection:1:access_token")
	if err != nil {
		t.Fatal(err)
	}
	after := newRing(t, newKey_, oldKey)
	if !after.NeedsReseal(sealed) || before.NeedsReseal(sealed) {
		t.Fatalf("NeedsReseal: after rotation %v, before %v", after.NeedsReseal(sealed), before.NeedsReseal(sealed))
	}
	if got, err := after.Open(sealed, "connection:1:access_token"); err != nil || string(got) != "token" {
		t.Fatalf("after rotation, Open = %q, %v", got, err)
	}
	resealed, err := after.Reseal(sealed, "connection:1:access_token")
	if err != nil {
		t.Fatal(err)
	}
	if after.NeedsReseal(resealed) || !strings.HasPrefix(resealed, "v1:"+KeyID(newKey_)+":") {
		t.Fatalf("resealed %q is not under the new key %s", resealed, KeyID(newKey_))
	}
	retired := newRing(t, newKey_)
	if got, err := retired.Open(resealed, "connection:1:access_token"); err != nil || string(got) != "token" {
		t.Fatalf("with the old key retired, Open(resealed) = %q, %v", got, err)
	}
	if _, err := retired.Open(sealed, "connection:1:access_token"); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("with the old key retired, Open(old value) = %v, want ErrUnknownKey", err)
	}
}

func TestSealRefusesEmptyAD(t *testing.T) {
	if _, err := newRing(t, newKey(t)).Seal([]byte("x"), ""); err == nil {
		t.Fatal("Seal with empty associated data succeeded")
	}
	if _, err := (*Keyring)(nil).Seal([]byte("x"), "a"); !errors.Is(err, ErrNoKey) {
		t.Fatalf("nil keyring Seal = %v", err)
	}
}

func TestNewKeyLength(t *testing.T) {
	for _, n := range []int{0, 16, 24, 31, 33, 64} {
		if _, err := New(make([]byte, n)); err == nil || !strings.Contains(err.Error(), "head -c 32 /dev/urandom | base64") {
			t.Errorf("New with a %d-byte key: %v", n, err)
		}
	}
	if _, err := New(newKey(t), make([]byte, 5)); err == nil || !strings.Contains(err.Error(), "old key 1") {
		t.Errorf("New with a bad old key: %v", err)
	}
}

func TestPropertyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cur := rapid.SliceOfN(rapid.Byte(), KeySize, KeySize).Draw(t, "current")
		old := rapid.SliceOfN(rapid.Byte(), KeySize, KeySize).Draw(t, "old")
		plain := rapid.SliceOf(rapid.Byte()).Draw(t, "plain")
		ad := rapid.StringMatching(`[a-z_]{1,12}:[0-9]{1,6}:[a-z_]{1,12}`).Draw(t, "ad")
		k, err := New(cur, old)
		if err != nil {
			t.Fatal(err)
		}
		sealed, err := k.Seal(plain, ad)
		if err != nil {
			t.Fatal(err)
		}
		got, err := k.Open(sealed, ad)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Open = %x, %v; sealed %x", got, err, plain)
		}
		otherAD := rapid.String().Filter(func(s string) bool { return s != ad }).Draw(t, "other ad")
		if _, err := k.Open(sealed, otherAD); err == nil {
			t.Fatalf("opened with associated data %q instead of %q", otherAD, ad)
		}
		// An old key opens what it sealed, in a keyring where it is no longer current.
		prev, _ := New(old)
		oldSealed, _ := prev.Seal(plain, ad)
		if got, err := k.Open(oldSealed, ad); err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Open(sealed under the old key) = %x, %v", got, err)
		}
	})
}

func TestPropertyTamper(t *testing.T) {
	k, err := New(bytes.Repeat([]byte{7}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		plain := rapid.SliceOf(rapid.Byte()).Draw(t, "plain")
		sealed, err := k.Seal(plain, "row:1:col")
		if err != nil {
			t.Fatal(err)
		}
		i := rapid.IntRange(0, len(sealed)-1).Draw(t, "index")
		c := rapid.Byte().Filter(func(c byte) bool { return c != sealed[i] }).Draw(t, "replacement")
		b := []byte(sealed)
		b[i] = c
		if got, err := k.Open(string(b), "row:1:col"); err == nil {
			t.Fatalf("tampered %q opened as %x", b, got)
		}
	})
}

func FuzzOpen(f *testing.F) {
	k, err := New(bytes.Repeat([]byte{1}, KeySize), bytes.Repeat([]byte{2}, KeySize))
	if err != nil {
		f.Fatal(err)
	}
	// Sealed once by this keyring: a constant, since the fuzzing workers run this function
	// again and a fresh seal would differ (random nonce).
	const good = "v1:ea180b55:zxrIhqas4JE4rOptSMa-bDk_z3fukyFxuHkZVfP4qFc"
	if plain, err := k.Open(good, "a:1:b"); err != nil || string(plain) != "seed" {
		f.Fatalf("the seed value does not open: %q, %v", plain, err)
	}
	for _, s := range []string{good, "", ":", "v1:", "v1::", "v1:" + k.CurrentID() + ":", "v1:" + k.CurrentID() + ":AAAA", "v2:x:y", good + "=", strings.Repeat("v1:", 50)} {
		f.Add(s, "a:1:b")
	}
	f.Fuzz(func(t *testing.T, sealed, ad string) {
		plain, err := k.Open(sealed, ad)
		if err == nil && (sealed != good || ad != "a:1:b" || string(plain) != "seed") {
			// Only a value Seal made may open: anything else is a forgery.
			t.Fatalf("Open(%q, %q) = %q", sealed, ad, plain)
		}
		k.NeedsReseal(sealed)
	})
}
