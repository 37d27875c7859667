package tiktokshop

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
)

// Sign computes the TikTok Shop request signature: the query parameters except sign and
// access_token, keys sorted bytewise and written key then value, prefixed by the path and
// followed by the raw body, wrapped in the secret on both sides, then HMAC-SHA256 keyed with
// the secret in lowercase hex. Pass a nil body for GET and multipart requests, whose bodies
// the platform leaves out.
func Sign(secret, path string, query url.Values, body []byte) string {
	keys := make([]string, 0, len(query))
	for k := range query {
		if k == "sign" || k == "access_token" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys) // Go compares strings bytewise, which is the order the platform uses.

	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(secret))
	mac.Write([]byte(path))
	for _, k := range keys {
		for _, v := range query[k] {
			mac.Write([]byte(k))
			mac.Write([]byte(v))
		}
	}
	mac.Write(body)
	mac.Write([]byte(secret))
	return hex.EncodeToString(mac.Sum(nil))
}
