// Package secrets keeps platform tokens and app secrets encrypted at rest. A Keyring seals a
// value with AES-256-GCM under its current key into a self-describing string
// "v1:<key id>:<base64(nonce|ciphertext)>", bound to the row it belongs to by associated data,
// and opens values sealed under its current key or any older key it still holds, so keys can be
// rotated without a flag day.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a key in bytes: AES-256.
const KeySize = 32

// version starts every sealed value; a new format gets a new version, and Open keeps reading
// the old one.
const version = "v1"

// nonceSize is GCM's standard nonce: random nonces of 96 bits are safe for far more values
// than one installation will ever seal under one key.
const nonceSize = 12

// encoding is strict so that a sealed string has exactly one spelling: a flipped padding bit
// is an error, not a silently equal ciphertext.
var encoding = base64.RawURLEncoding.Strict()

// Errors Open returns; each wraps the detail of what was wrong.
var (
	// ErrMalformed means the string is not a sealed value of a known format.
	ErrMalformed = errors.New("secrets: not a sealed value")
	// ErrUnknownKey means the value was sealed under a key the keyring does not hold (a key
	// removed too early from CREATOROPS_SECRET_KEY_OLD, or another installation's key).
	ErrUnknownKey = errors.New("secrets: sealed under a key this keyring does not hold")
	// ErrOpen means authentication failed: the value was altered, belongs to another row
	// (other associated data), or was sealed under another key with the same id.
	ErrOpen = errors.New("secrets: unable to open the sealed value (altered, or sealed for another row)")
)

// Keyring holds the current key, which seals, and older keys, which only open.
type Keyring struct {
	currentID string
	keys      map[string]cipher.AEAD
}

// New makes a keyring sealing under current and opening values sealed under current or any of
// old. Every key must be KeySize bytes.
func New(current []byte, old ...[]byte) (*Keyring, error) {
	k := &Keyring{keys: map[string]cipher.AEAD{}}
	id, err := k.add(current)
	if err != nil {
		return nil, fmt.Errorf("secrets: the current key: %w", err)
	}
	k.currentID = id
	for i, o := range old {
		if _, err := k.add(o); err != nil {
			return nil, fmt.Errorf("secrets: old key %d: %w", i+1, err)
		}
	}
	return k, nil
}

func (k *Keyring) add(key []byte) (string, error) {
	if len(key) != KeySize {
		return "", fmt.Errorf("the key is %d bytes, AES-256 needs %d: %s", len(key), KeySize, generateHint)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return "", err
	}
	id := KeyID(key)
	k.keys[id] = aead
	return id, nil
}

// KeyID names a key without revealing it: the first 8 hex digits of a SHA-256 of the key under
// a fixed label. An id is only a hint for finding the key; GCM still authenticates every value.
func KeyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("creatorops secret key id\x00"), key...))
	return hex.EncodeToString(sum[:4])
}

// CurrentID is the id of the key Seal uses, for logs and the docs' rotation steps.
func (k *Keyring) CurrentID() string {
	if k == nil {
		return ""
	}
	return k.currentID
}

// Seal encrypts plaintext under the current key. associatedData names the value's place, such
// as "connection:42:access_token": Open must be given the same, so a ciphertext copied into
// another row or column does not open there.
func (k *Keyring) Seal(plaintext []byte, associatedData string) (string, error) {
	if k == nil {
		return "", ErrNoKey
	}
	if associatedData == "" {
		return "", errors.New("secrets: empty associated data: name the row the secret belongs to, such as connection:42:access_token")
	}
	aead := k.keys[k.currentID]
	nonce := make([]byte, nonceSize, nonceSize+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secrets: unable to draw a nonce: %w", err)
	}
	sealed := aead.Seal(nonce, nonce, plaintext, header(k.currentID, associatedData))
	return version + ":" + k.currentID + ":" + encoding.EncodeToString(sealed), nil
}

// Open decrypts a value Seal made with the same associatedData, under whichever key of the
// keyring sealed it.
func (k *Keyring) Open(sealed, associatedData string) ([]byte, error) {
	if k == nil {
		return nil, ErrNoKey
	}
	id, body, err := parse(sealed)
	if err != nil {
		return nil, err
	}
	aead, ok := k.keys[id]
	if !ok {
		return nil, fmt.Errorf("%w (key id %s; this keyring holds %s)", ErrUnknownKey, id, k.heldIDs())
	}
	raw, err := encoding.DecodeString(body)
	if err != nil || len(raw) < nonceSize+aead.Overhead() {
		return nil, fmt.Errorf("%w: the body is not base64 of a nonce and a ciphertext", ErrMalformed)
	}
	plain, err := aead.Open(nil, raw[:nonceSize], raw[nonceSize:], header(id, associatedData))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// NeedsReseal reports whether sealed was made under a key other than the current one: after a
// rotation, a value that does should be opened and sealed again so the old key can be retired.
func (k *Keyring) NeedsReseal(sealed string) bool {
	id, _, err := parse(sealed)
	return err == nil && k != nil && id != k.currentID
}

// Reseal opens sealed and seals its plaintext again under the current key, for rotations.
func (k *Keyring) Reseal(sealed, associatedData string) (string, error) {
	plain, err := k.Open(sealed, associatedData)
	if err != nil {
		return "", err
	}
	return k.Seal(plain, associatedData)
}

// parse splits "v1:<id>:<body>" without judging the body.
func parse(sealed string) (id, body string, err error) {
	v, rest, ok := strings.Cut(sealed, ":")
	if !ok {
		return "", "", fmt.Errorf("%w: want %s:<key id>:<data>", ErrMalformed, version)
	}
	if v != version {
		return "", "", fmt.Errorf("%w: unknown format %q (this build reads %s)", ErrMalformed, clip(v), version)
	}
	id, body, ok = strings.Cut(rest, ":")
	if !ok || id == "" {
		return "", "", fmt.Errorf("%w: want %s:<key id>:<data>", ErrMalformed, version)
	}
	// base64's decoder skips line breaks: refuse them, so a sealed value has one spelling only.
	if strings.ContainsAny(body, "\r\n") {
		return "", "", fmt.Errorf("%w: line breaks in the data", ErrMalformed)
	}
	return id, body, nil
}

// header is the associated data GCM authenticates: the format and key id as well as the
// caller's, so no part of the sealed string can be changed unnoticed.
func header(id, associatedData string) []byte {
	return []byte(version + ":" + id + ":" + associatedData)
}

func (k *Keyring) heldIDs() string {
	ids := make([]string, 0, len(k.keys))
	ids = append(ids, k.currentID+" (current)")
	for id := range k.keys {
		if id != k.currentID {
			ids = append(ids, id)
		}
	}
	return strings.Join(ids, ", ")
}

// clip keeps error messages about arbitrary input short.
func clip(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}
