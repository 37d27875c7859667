package shopee

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// handSign computes a signature the long way, independent of sign.go.
func handSign(key, base string) string {
	h := hmac.New(sha256.New, []byte(key))
	h.Write([]byte(base))
	return hex.EncodeToString(h.Sum(nil))
}

func TestSignVectors(t *testing.T) {
	const key = "shpk-test-partner-key"
	tests := []struct {
		name string
		got  string
		want string
	}{
		// These two were computed with openssl: printf '%s' "$base" | openssl dgst -sha256 -hmac "$key".
		{"public, openssl", Sign(key, 2001234, "/api/v2/auth/token/get", 1700000000),
			"459cceb365baac3cf6baf35fdd97d0bf9adb357efe82b339ffbe7280ed9121a8"},
		{"shop-level, openssl", SignShop(key, 2001234, "/api/v2/ams/get_conversion_report", 1700000000, "4f4d4c4e6944554d7945727a774e6452", 1001),
			"18028fb0aefb810609cf56ee81904c4c446ee657b0c86bb8d453a292e169b6ba"},
		{"public, by hand", Sign("k", 1, "/api/v2/shop/auth_partner", 1),
			handSign("k", "1/api/v2/shop/auth_partner1")},
		{"refresh, by hand", Sign(key, 9007199254740993, "/api/v2/auth/access_token/get", 1893456000),
			handSign(key, "9007199254740993/api/v2/auth/access_token/get1893456000")},
		{"shop-level, by hand", SignShop(key, 42, "/api/v2/ams/get_conversion_report", 1700000123, "tok", 77),
			handSign(key, "42/api/v2/ams/get_conversion_report1700000123tok77")},
		{"empty token still appends shop id", SignShop(key, 42, "/p", 5, "", 7),
			handSign(key, "42/p57")},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

// TestFakeRefusesTampering signs a report request correctly, then changes one input at a
// time: the fake must answer Shopee's error_sign for each, and accept the untouched one.
func TestFakeRefusesTampering(t *testing.T) {
	f := newFixture(t, nil)
	fc := f.fake.Config()
	shop := f.shop()
	otherToken, _ := f.fake.IssueToken(fc.ShopID)
	ts := f.clock.Now().Unix()
	const path = PathConversionReport

	type req struct {
		key       string // key the signature is made with
		signPath  string // path the signature covers
		sendPath  string // path requested
		signTS    int64
		sendTS    int64
		signToken string
		sendToken string
		signShop  int64
		sendShop  int64
	}
	good := req{fc.PartnerKey, path, path, ts, ts, shop.AccessToken, shop.AccessToken, shop.ID, shop.ID}
	tests := []struct {
		name     string
		mod      func(*req)
		status   int
		wantCode string
	}{
		{"untouched", func(*req) {}, http.StatusOK, ""},
		{"wrong partner key", func(r *req) { r.key = "shpk-somebody-else" }, http.StatusForbidden, CodeWrongSign},
		{"path tampered", func(r *req) { r.signPath = "/api/v2/ams/get_affiliate_performance" }, http.StatusForbidden, CodeWrongSign},
		{"timestamp tampered", func(r *req) { r.sendTS = ts + 1 }, http.StatusForbidden, CodeWrongSign},
		{"access token tampered", func(r *req) { r.sendToken = otherToken }, http.StatusForbidden, CodeWrongSign},
		{"shop id tampered", func(r *req) { r.sendShop = shop.ID + 1 }, http.StatusForbidden, CodeWrongSign},
		{"public signature on a shop call", func(r *req) { r.signToken, r.signShop = "", 0 }, http.StatusForbidden, CodeWrongSign},
		{"timestamp outside the window", func(r *req) { r.signTS, r.sendTS = ts-600, ts-600 }, http.StatusForbidden, CodeParam},
		{"signed token of another shop", func(r *req) { r.signShop, r.sendShop = shop.ID+1, shop.ID+1 }, http.StatusForbidden, CodeInvalidAccessToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.mod(&r)
			var sig string
			if r.signShop == 0 {
				sig = handSign(r.key, fmt.Sprint(fc.PartnerID, r.signPath, r.signTS))
			} else {
				sig = handSign(r.key, fmt.Sprint(fc.PartnerID, r.signPath, r.signTS, r.signToken, r.signShop))
			}
			q := url.Values{
				"partner_id": {strconv.FormatInt(fc.PartnerID, 10)}, "timestamp": {strconv.FormatInt(r.sendTS, 10)},
				"sign": {sig}, "access_token": {r.sendToken}, "shop_id": {strconv.FormatInt(r.sendShop, 10)},
				"page_no": {"1"}, "page_size": {"10"},
			}
			resp, err := http.Get(f.fake.URL + r.sendPath + "?" + q.Encode())
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			var env envelope
			if err := json.Unmarshal(body, &env); err != nil {
				t.Fatalf("answer %q: %v", body, err)
			}
			if resp.StatusCode != tt.status || env.Error != tt.wantCode {
				t.Fatalf("HTTP %d %q (%s), want HTTP %d %q", resp.StatusCode, env.Error, env.Message, tt.status, tt.wantCode)
			}
		})
	}
}
