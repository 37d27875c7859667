package tiktokshop

import (
	"net/url"
	"testing"
)

// The expected signatures were computed outside Go (Python's hmac) from the string to sign
// written out by hand, so a mistake in Sign cannot also be in the expectation.
func TestSign(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		path   string
		query  string
		body   string
		want   string
	}{
		{
			name:   "DESIGN.md §6 example",
			secret: "testsecret", path: "/affiliate_seller/202405/open_collaborations",
			query: "app_key=testkey&shop_cipher=ROW_abc&timestamp=1700000000",
			body:  `{"product_id":"1729","commission_rate":1500,"require_seller_approve_creator":false}`,
			want:  "e462572e591412f7e882874abda9ee2f2aa5fe4352d08b35487f225f90e383db",
		},
		{
			name:   "GET without body",
			secret: "testsecret", path: "/authorization/202309/shops",
			query: "timestamp=1700000000&app_key=testkey",
			want:  "ad27d2139b183141cff59b8845b72c0b799b531d142df44ffb4eb27e4f65547e",
		},
		{
			// Bytewise order puts upper case first: Zeta, app_key, page_size, page_token, shop_cipher, timestamp.
			name:   "keys needing a bytewise sort, escaped values",
			secret: "s3cr3t", path: "/affiliate_seller/202410/orders/search",
			query: "timestamp=1700000123&page_token=abc%3D%3D&shop_cipher=ROW_x&page_size=20&app_key=k1&Zeta=q",
			body:  `{"create_time_ge":1}`,
			want:  "78792d24bb19d5283f1a2c844e7075f0e8f6e4458734ca39007e398f148212a8",
		},
		{
			name:   "sign and access_token are left out",
			secret: "s3cr3t", path: "/affiliate_seller/202410/orders/search",
			query: "timestamp=1700000123&page_token=abc%3D%3D&shop_cipher=ROW_x&page_size=20&app_key=k1&Zeta=q&sign=deadbeef&access_token=ROW_tok",
			body:  `{"create_time_ge":1}`,
			want:  "78792d24bb19d5283f1a2c844e7075f0e8f6e4458734ca39007e398f148212a8",
		},
		{
			name:   "POST with no body",
			secret: "s3cr3t", path: "/affiliate_seller/202405/products/1729/promotion_link/generate",
			query: "app_key=k1&shop_cipher=ROW_x&timestamp=1700000123",
			want:  "f324d13f894f48134862b717b9200fe14a304c380b41226edd6d3103e59362eb",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var body []byte
			if tt.body != "" {
				body = []byte(tt.body)
			}
			if got := Sign(tt.secret, tt.path, q, body); got != tt.want {
				t.Errorf("Sign = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSignChangesWithEveryInput(t *testing.T) {
	q := url.Values{"app_key": {"testkey"}, "shop_cipher": {"ROW_abc"}, "timestamp": {"1700000000"}}
	body := []byte(`{"product_id":"1729","commission_rate":1500,"require_seller_approve_creator":false}`)
	base := Sign("testsecret", "/affiliate_seller/202405/open_collaborations", q, body)
	q2 := url.Values{"app_key": {"testkey"}, "shop_cipher": {"ROW_abd"}, "timestamp": {"1700000000"}}
	for name, got := range map[string]string{
		"secret": Sign("testsecreT", "/affiliate_seller/202405/open_collaborations", q, body),
		"path":   Sign("testsecret", "/affiliate_seller/202405/open_collaboration", q, body),
		"query":  Sign("testsecret", "/affiliate_seller/202405/open_collaborations", q2, body),
		"body":   Sign("testsecret", "/affiliate_seller/202405/open_collaborations", q, append([]byte(nil), append(body[:len(body)-1:len(body)-1], ' ', '}')...)),
	} {
		if got == base {
			t.Errorf("changing the %s left the signature unchanged", name)
		}
	}
}
