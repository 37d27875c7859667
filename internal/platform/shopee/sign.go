package shopee

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// Sign is the signature of a public call (authorization, tokens): lowercase hex
// HMAC-SHA256(key=partnerKey, partner_id + path + timestamp). path is the API path alone,
// without host or query, e.g. "/api/v2/auth/token/get".
func Sign(partnerKey string, partnerID int64, path string, timestamp int64) string {
	return sign(partnerKey, partnerID, path, timestamp, "", 0, false)
}

// SignShop is the signature of a shop-level call: the public base string followed by the
// shop's access token and shop id.
func SignShop(partnerKey string, partnerID int64, path string, timestamp int64, accessToken string, shopID int64) string {
	return sign(partnerKey, partnerID, path, timestamp, accessToken, shopID, true)
}

// sign builds the base string without fmt: it runs on every request.
func sign(key string, partnerID int64, path string, ts int64, token string, shopID int64, shop bool) string {
	b := make([]byte, 0, 64+len(path)+len(token))
	b = strconv.AppendInt(b, partnerID, 10)
	b = append(b, path...)
	b = strconv.AppendInt(b, ts, 10)
	if shop {
		b = append(b, token...)
		b = strconv.AppendInt(b, shopID, 10)
	}
	h := hmac.New(sha256.New, []byte(key))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}
