package outreach

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"unicode/utf8"
)

// ErrBadUnsubscribeToken is returned for a token that was not made with the key, or was
// altered or cut: the unsubscribe page answers "this link is not valid".
var ErrBadUnsubscribeToken = errors.New("outreach: the unsubscribe link is not valid")

// Unsubscribe token layout (before base64url, no padding):
//
//	version (1 byte, 1) | varint workspace | varint creator | address | tag (16 bytes)
//
// The tag is HMAC-SHA256 over a domain label and everything before it, cut to 128 bits, which
// is ample for a link that only unsubscribes and keeps the URL short enough for mail clients.
// There is no expiry on purpose: the link in a two-year-old email must still work (CAN-SPAM,
// RFC 8058).
const (
	unsubscribeVersion = 1
	unsubscribeTagLen  = 16
	unsubscribeLabel   = "creatorops unsubscribe v1\x00"
	maxAddressLen      = 512
)

// UnsubscribeToken makes the URL-safe token of an unsubscribe link for one creator's address
// (at most 512 bytes) in a workspace. key is the installation's secret (never empty).
func UnsubscribeToken(key []byte, workspaceID, creatorID int64, address string) string {
	b := make([]byte, 0, 1+2*binary.MaxVarintLen64+len(address)+unsubscribeTagLen)
	b = append(b, unsubscribeVersion)
	b = binary.AppendVarint(b, workspaceID)
	b = binary.AppendVarint(b, creatorID)
	b = append(b, address...)
	b = append(b, unsubscribeTag(key, b)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseUnsubscribeToken checks a token made by UnsubscribeToken with key (in constant time)
// and returns what it names; any other token gives ErrBadUnsubscribeToken.
func ParseUnsubscribeToken(key []byte, token string) (workspaceID, creatorID int64, address string, err error) {
	maxLen := base64.RawURLEncoding.EncodedLen(1 + 2*binary.MaxVarintLen64 + maxAddressLen + unsubscribeTagLen)
	if len(key) == 0 || len(token) > maxLen {
		return 0, 0, "", ErrBadUnsubscribeToken
	}
	for i := 0; i < len(token); i++ {
		// The decoder skips line breaks; a token has one spelling, so refuse them here.
		if c := token[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return 0, 0, "", ErrBadUnsubscribeToken
		}
	}
	// Strict: the padding bits of the last character must be zero, so each token has one
	// spelling (what the fuzzer found: two strings decoding to the same bytes).
	b, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil || len(b) < 1+2+unsubscribeTagLen || b[0] != unsubscribeVersion {
		return 0, 0, "", ErrBadUnsubscribeToken
	}
	body, tag := b[:len(b)-unsubscribeTagLen], b[len(b)-unsubscribeTagLen:]
	if !hmac.Equal(tag, unsubscribeTag(key, body)) {
		return 0, 0, "", ErrBadUnsubscribeToken
	}
	rest := body[1:]
	ws, n := binary.Varint(rest)
	if n <= 0 {
		return 0, 0, "", ErrBadUnsubscribeToken
	}
	rest = rest[n:]
	cr, n := binary.Varint(rest)
	if n <= 0 {
		return 0, 0, "", ErrBadUnsubscribeToken
	}
	rest = rest[n:]
	if !utf8.Valid(rest) {
		return 0, 0, "", ErrBadUnsubscribeToken
	}
	return ws, cr, string(rest), nil
}

func unsubscribeTag(key, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(unsubscribeLabel))
	m.Write(body)
	return m.Sum(nil)[:unsubscribeTagLen]
}
