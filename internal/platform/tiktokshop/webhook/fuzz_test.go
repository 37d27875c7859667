package webhook

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary bodies to Parse: it must never panic, every failure wraps
// ErrMalformed, and every success has the fields the replay guard relies on.
func FuzzParse(f *testing.F) {
	f.Add([]byte(orderBody))
	f.Add([]byte(`{"type":"NEW_MESSAGE_LISTENER","tts_notification_id":"nm","shop_id":"s","timestamp":1700000000,"data":{"msg_type":"TEXT","content":"{\"content\":\"hi\"}"}}`))
	f.Add([]byte(`{"type":7,"tts_notification_id":"n","timestamp":"1","data":{"expiration_time":"x"}}`))
	f.Add([]byte(`{"type":2,"tts_notification_id":1e400,"timestamp":-5,"data":null}`))
	f.Add([]byte(`{"type":6,"tts_notification_id":"n","timestamp":1700000000}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := Parse(body)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error does not wrap ErrMalformed: %v", err)
			}
			return
		}
		if e.NotificationID == "" || e.Timestamp.IsZero() || e.Kind == "" {
			t.Fatalf("accepted an event the replay guard cannot use: %+v", e)
		}
		if e.Timestamp.Location() != nil && e.Timestamp.Location().String() != "UTC" {
			t.Fatalf("timestamp not in UTC: %v", e.Timestamp)
		}
		typed := 0
		for _, p := range []bool{e.OrderStatus != nil, e.ReverseOrder != nil, e.SellerDeauthorized != nil,
			e.AuthorizationExpiring != nil, e.ReturnStatus != nil, e.NewMessage != nil} {
			if p {
				typed++
			}
		}
		if (e.Kind == KindUnknown) != (typed == 0) || typed > 1 {
			t.Fatalf("kind %s with %d typed payloads", e.Kind, typed)
		}
	})
}
