// Package webhook verifies and parses TikTok Shop webhook deliveries.
//
// TikTok Shop signs a delivery with Authorization = lowercase hex HMAC-SHA256 keyed with the
// app secret over app_key followed by the raw body. The signature covers no timestamp, so it
// proves origin but not freshness: Checker adds the replay guard (timestamp window and
// tts_notification_id seen once), with the "seen" set behind an interface because several
// servers share it through the database.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Sign returns the Authorization header TikTok Shop sends with body: lowercase hex
// HMAC-SHA256(key=appSecret, appKey + body). Fakes and tests use it to deliver webhooks.
func Sign(appKey, appSecret string, body []byte) string {
	return hex.EncodeToString(mac(appKey, appSecret, body))
}

// Verify reports whether authorization is the signature of rawBody for this app. rawBody must
// be the bytes exactly as received: re-encoded JSON does not verify. The comparison is in
// constant time so a forger learns nothing from how long a refusal takes.
func Verify(appKey, appSecret, authorization string, rawBody []byte) bool {
	// Decoding the header instead of comparing hex strings keeps the comparison on the MAC bytes
	// and rejects anything that is not exactly one SHA-256 in hex.
	if len(authorization) != 2*sha256.Size {
		return false
	}
	var got [sha256.Size]byte
	if _, err := hex.Decode(got[:], []byte(authorization)); err != nil {
		return false
	}
	return hmac.Equal(got[:], mac(appKey, appSecret, rawBody))
}

// mac computes the raw HMAC both Sign and Verify compare.
func mac(appKey, appSecret string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(appSecret))
	h.Write([]byte(appKey))
	h.Write(body)
	return h.Sum(nil)
}
