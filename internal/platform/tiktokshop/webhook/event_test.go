package webhook

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	ts := time.Unix(1700000000, 0).UTC()
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, e *Event)
	}{
		{"order status change", orderBody, func(t *testing.T, e *Event) {
			want := OrderStatusChange{"576460000000000001", "AWAITING_SHIPMENT", false, ts}
			if e.Kind != KindOrderStatusChange || e.Type != 1 || e.OrderStatus == nil || *e.OrderStatus != want {
				t.Fatalf("got %+v / %+v", e, e.OrderStatus)
			}
			if e.NotificationID != "7327112393057371910" || e.ShopID != "7494049642642441621" || !e.Timestamp.Equal(ts) {
				t.Fatalf("envelope: %+v", e)
			}
		}},
		{"ids and times as numbers and strings", `{"type":"1","tts_notification_id":7327112393057371910,"shop_id":7494049642642441621,"timestamp":"1700000000","data":{"order_id":576460000000000001,"order_status":"DELIVERED","update_time":"1700000000"}}`, func(t *testing.T, e *Event) {
			if e.Kind != KindOrderStatusChange || e.NotificationID != "7327112393057371910" || e.ShopID != "7494049642642441621" {
				t.Fatalf("got %+v", e)
			}
			if e.OrderStatus.OrderID != "576460000000000001" || !e.OrderStatus.UpdateTime.Equal(ts) {
				t.Fatalf("data: %+v", e.OrderStatus)
			}
		}},
		{"reverse order", `{"type":2,"tts_notification_id":"n2","shop_id":"s","timestamp":1700000000,"data":{"order_id":"o1","reverse_order_id":"r1","reverse_order_status":4,"reverse_event_type":"BUYER_CANCEL","reverse_type":2,"update_time":1700000001}}`, func(t *testing.T, e *Event) {
			want := ReverseOrder{"o1", "r1", "4", "BUYER_CANCEL", "2", ts.Add(time.Second)}
			if e.Kind != KindReverseOrder || *e.ReverseOrder != want {
				t.Fatalf("got %+v", e.ReverseOrder)
			}
		}},
		{"seller deauthorized", `{"type":6,"tts_notification_id":"n6","shop_id":"s","timestamp":1700000000,"data":{"message":"seller revoked"}}`, func(t *testing.T, e *Event) {
			if e.Kind != KindSellerDeauthorized || e.SellerDeauthorized.Message != "seller revoked" {
				t.Fatalf("got %+v", e.SellerDeauthorized)
			}
		}},
		{"seller deauthorized without data", `{"type":6,"tts_notification_id":"n6","shop_id":"s","timestamp":1700000000}`, func(t *testing.T, e *Event) {
			if e.Kind != KindSellerDeauthorized || e.SellerDeauthorized == nil {
				t.Fatalf("got %+v", e)
			}
		}},
		{"authorization expiring", `{"type":7,"tts_notification_id":"n7","shop_id":"s","timestamp":1700000000,"data":{"message":"Authorization of shop_id s is expiring in 3 days.","expiration_time":"1700259200"}}`, func(t *testing.T, e *Event) {
			if e.Kind != KindAuthorizationExpiring || !e.AuthorizationExpiring.ExpirationTime.Equal(ts.Add(72*time.Hour)) {
				t.Fatalf("got %+v", e.AuthorizationExpiring)
			}
		}},
		{"return status", `{"type":12,"tts_notification_id":"n12","shop_id":"s","timestamp":1700000000,"data":{"order_id":"o1","return_id":"ret1","return_role":"BUYER","return_type":"RETURN_AND_REFUND","return_status":"RETURN_OR_REFUND_REQUEST_PENDING","create_time":1700000000,"update_time":1700000000}}`, func(t *testing.T, e *Event) {
			want := ReturnStatus{"o1", "ret1", "BUYER", "RETURN_AND_REFUND", "RETURN_OR_REFUND_REQUEST_PENDING", ts, ts}
			if e.Kind != KindReturnStatus || *e.ReturnStatus != want {
				t.Fatalf("got %+v", e.ReturnStatus)
			}
		}},
		{"new creator message", `{"type":"NEW_MESSAGE_LISTENER","tts_notification_id":"nm","shop_id":"s","timestamp":1700000000,"data":{"conversation_id":"c1","message_id":"m1","msg_type":"TEXT","content":"{\"content\":\"Hi! Can I get a sample?\"}","sender":{"im_user_id":"u1","role":"CREATOR"},"create_time":1700000000}}`, func(t *testing.T, e *Event) {
			m := e.NewMessage
			if e.Kind != KindNewMessage || e.Topic != TopicNewMessage || e.Type != 0 || m == nil {
				t.Fatalf("got %+v", e)
			}
			if m.ConversationID != "c1" || m.MessageID != "m1" || m.SenderID != "u1" || m.SenderRole != "CREATOR" || m.Text != "Hi! Can I get a sample?" || !m.CreateTime.Equal(ts) {
				t.Fatalf("message: %+v", m)
			}
		}},
		{"message card with object content and type field", `{"type":"NEW_MESSAGE_LISTENER","tts_notification_id":"nm2","shop_id":"s","timestamp":1700000000,"data":{"conversation_id":"c1","message_id":"m2","type":"PRODUCT_CARD","content":{"product_id":"p1"}}}`, func(t *testing.T, e *Event) {
			m := e.NewMessage
			if m.MessageType != "PRODUCT_CARD" || m.Content != `{"product_id":"p1"}` || m.Text != "" {
				t.Fatalf("message: %+v", m)
			}
		}},
		{"unknown type is kept raw", `{"type":36,"tts_notification_id":"n36","shop_id":"s","timestamp":1700000000,"data":{"package_id":"123456","invoice_status":"INVALID"}}`, func(t *testing.T, e *Event) {
			if e.Kind != KindUnknown || e.Type != 36 || string(e.Data) != `{"package_id":"123456","invoice_status":"INVALID"}` {
				t.Fatalf("got %+v", e)
			}
		}},
		{"unknown topic is kept raw", `{"type":"SOMETHING_NEW","tts_notification_id":"nx","shop_id":"s","timestamp":1700000000,"data":[1,2]}`, func(t *testing.T, e *Event) {
			if e.Kind != KindUnknown || e.Topic != "SOMETHING_NEW" || string(e.Data) != `[1,2]` {
				t.Fatalf("got %+v", e)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Parse([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, e)
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"not JSON", `type=1`, "invalid character"},
		{"array", `[]`, "cannot unmarshal array"},
		{"no notification id", `{"type":1,"shop_id":"s","timestamp":1700000000,"data":{}}`, "tts_notification_id is missing"},
		{"no timestamp", `{"type":1,"tts_notification_id":"n","data":{}}`, "notification n: timestamp is missing"},
		{"timestamp not a number", `{"type":1,"tts_notification_id":"n","timestamp":"soon","data":{}}`, `"soon" is not Unix seconds`},
		{"no type", `{"tts_notification_id":"n","timestamp":1700000000,"data":{}}`, "notification n: type is missing"},
		{"fractional type", `{"type":1.5,"tts_notification_id":"n","timestamp":1700000000,"data":{}}`, "type 1.5 is not an integer"},
		{"known type without data", `{"type":1,"tts_notification_id":"n","timestamp":1700000000}`, "notification n (order_status_change): data is missing"},
		{"known type with wrong data", `{"type":12,"tts_notification_id":"n","timestamp":1700000000,"data":{"order_id":true}}`, "notification n (return_status): data:"},
		{"too large", `{"type":1,"pad":"` + strings.Repeat("x", MaxBodySize) + `"}`, "is over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.body))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrMalformed containing %q", err, tt.want)
			}
		})
	}
}
