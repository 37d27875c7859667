package webhook

import (
	"strings"
	"testing"
)

const (
	testKey    = "testkey"
	testSecret = "testsecret"
	// orderBody is a type 1 delivery; its signature below was computed with
	// `printf '%s' "testkey$body" | openssl dgst -sha256 -hmac testsecret`, not with this code.
	orderBody = `{"type":1,"tts_notification_id":"7327112393057371910","shop_id":"7494049642642441621","timestamp":1700000000,"data":{"order_id":"576460000000000001","order_status":"AWAITING_SHIPMENT","is_on_hold_order":false,"update_time":1700000000}}`
	orderSig  = "ed3c7db81a7e0d8107d64e039f83d6cb938c52d7ae8fb6eadd01ce948cdafc2c"
)

func TestSignMatchesOpenSSL(t *testing.T) {
	if got := Sign(testKey, testSecret, []byte(orderBody)); got != orderSig {
		t.Fatalf("Sign = %s, want %s", got, orderSig)
	}
}

func TestVerify(t *testing.T) {
	tampered := strings.Replace(orderBody, "AWAITING_SHIPMENT", "CANCELLED", 1)
	tests := []struct {
		name          string
		key, secret   string
		authorization string
		body          string
		want          bool
	}{
		{"good signature", testKey, testSecret, orderSig, orderBody, true},
		{"upper-case hex is the same MAC", testKey, testSecret, strings.ToUpper(orderSig), orderBody, true},
		{"wrong signature", testKey, testSecret, strings.Repeat("0", 64), orderBody, false},
		{"tampered body", testKey, testSecret, orderSig, tampered, false},
		{"trailing newline added to body", testKey, testSecret, orderSig, orderBody + "\n", false},
		{"wrong app key", "otherkey", testSecret, orderSig, orderBody, false},
		{"wrong app secret", testKey, "othersecret", orderSig, orderBody, false},
		{"empty header", testKey, testSecret, "", orderBody, false},
		{"Bearer prefix", testKey, testSecret, "Bearer " + orderSig, orderBody, false},
		{"truncated signature", testKey, testSecret, orderSig[:62], orderBody, false},
		{"not hex", testKey, testSecret, "zz" + orderSig[2:], orderBody, false},
		{"signature of the secret-less message", testKey, testSecret, Sign(testKey, "", []byte(orderBody)), orderBody, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verify(tt.key, tt.secret, tt.authorization, []byte(tt.body)); got != tt.want {
				t.Fatalf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
}
