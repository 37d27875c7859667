package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Webhook type numbers from TikTok Shop's documentation (DESIGN.md §6).
const (
	TypeOrderStatusChange     = 1  // an order changed status
	TypeReverseOrder          = 2  // a reverse order (cancellation, return, refund) changed
	TypeSellerDeauthorized    = 6  // the seller removed the app's authorization
	TypeAuthorizationExpiring = 7  // the shop's authorization expires soon
	TypeReturnStatus          = 12 // a return changed status
)

// TopicNewMessage is the topic of a creator writing to the seller over affiliate IM. It is
// named, not numbered, in the contract, so Parse accepts it as a string type.
const TopicNewMessage = "NEW_MESSAGE_LISTENER"

// MaxBodySize bounds a delivery; TikTok's payloads are a few hundred bytes, so anything near
// this is not a webhook and is refused before it is parsed.
const MaxBodySize = 1 << 20

// Kind names what an Event is about, so a dispatcher switches on one value whether the
// payload numbered or named its type.
type Kind string

// Kinds of events. KindUnknown events keep their raw data: platforms add types, and an
// unknown type must be acknowledged, not refused.
const (
	KindOrderStatusChange     Kind = "order_status_change"
	KindReverseOrder          Kind = "reverse_order"
	KindSellerDeauthorized    Kind = "seller_deauthorized"
	KindAuthorizationExpiring Kind = "authorization_expiring"
	KindReturnStatus          Kind = "return_status"
	KindNewMessage            Kind = "new_message"
	KindUnknown               Kind = "unknown"
)

// ErrMalformed wraps every Parse failure, so an endpoint maps them all to one answer.
var ErrMalformed = errors.New("tiktokshop webhook: malformed payload")

// Event is one parsed delivery. Exactly one of the typed data pointers is set for a known
// kind; Data always holds the raw "data" object so nothing the platform sent is lost.
type Event struct {
	Kind           Kind
	Type           int    // numeric type; 0 when the payload named a topic instead
	Topic          string // topic name when the type was a string, e.g. NEW_MESSAGE_LISTENER
	NotificationID string // tts_notification_id: unique per notification, repeated on redelivery
	ShopID         string
	Timestamp      time.Time // when TikTok emitted the notification, UTC
	Data           json.RawMessage

	OrderStatus           *OrderStatusChange
	ReverseOrder          *ReverseOrder
	SellerDeauthorized    *SellerDeauthorized
	AuthorizationExpiring *AuthorizationExpiring
	ReturnStatus          *ReturnStatus
	NewMessage            *NewMessage
}

// envelope is the wire form shared by every webhook type.
type envelope struct {
	Type           json.RawMessage `json:"type"`
	NotificationID flexString      `json:"tts_notification_id"`
	ShopID         flexString      `json:"shop_id"`
	Timestamp      unixTime        `json:"timestamp"`
	Data           json.RawMessage `json:"data"`
}

// Parse decodes a delivery's raw body. It does not check the signature or freshness: use
// Verify or Checker for that. Errors wrap ErrMalformed and name the field at fault.
func Parse(rawBody []byte) (*Event, error) {
	if len(rawBody) > MaxBodySize {
		return nil, malformed("body of %d bytes is over %d", len(rawBody), MaxBodySize)
	}
	var env envelope
	if err := json.Unmarshal(rawBody, &env); err != nil {
		return nil, malformed("%v", err)
	}
	e := &Event{
		NotificationID: string(env.NotificationID),
		ShopID:         string(env.ShopID),
		Timestamp:      time.Time(env.Timestamp),
		Data:           env.Data,
	}
	if e.NotificationID == "" {
		return nil, malformed("tts_notification_id is missing")
	}
	if e.Timestamp.IsZero() {
		return nil, malformed("notification %s: timestamp is missing", e.NotificationID)
	}
	if err := e.readType(env.Type); err != nil {
		return nil, err
	}
	if err := e.decodeData(); err != nil {
		return nil, err
	}
	return e, nil
}

// readType accepts the type as a number (1, 2, 6, …) or as a topic name.
func (e *Event) readType(raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return malformed("notification %s: type is missing", e.NotificationID)
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return malformed("notification %s: type: %v", e.NotificationID, err)
		}
		// A quoted number is still a number: some senders stringify every scalar.
		if n, err := strconv.Atoi(s); err == nil {
			e.Type = n
		} else {
			e.Topic = s
		}
	default:
		n, err := strconv.Atoi(string(raw))
		if err != nil {
			return malformed("notification %s: type %s is not an integer", e.NotificationID, raw)
		}
		e.Type = n
	}
	e.Kind = kindOf(e.Type, e.Topic)
	return nil
}

// kindOf maps a type number or topic to its Kind.
func kindOf(typ int, topic string) Kind {
	if topic != "" {
		if topic == TopicNewMessage {
			return KindNewMessage
		}
		return KindUnknown
	}
	switch typ {
	case TypeOrderStatusChange:
		return KindOrderStatusChange
	case TypeReverseOrder:
		return KindReverseOrder
	case TypeSellerDeauthorized:
		return KindSellerDeauthorized
	case TypeAuthorizationExpiring:
		return KindAuthorizationExpiring
	case TypeReturnStatus:
		return KindReturnStatus
	}
	return KindUnknown
}

// decodeData fills the typed data for known kinds. A known kind whose data does not decode
// is malformed: acting on half a payload is worse than asking for it again.
func (e *Event) decodeData() error {
	var target any
	switch e.Kind {
	case KindOrderStatusChange:
		e.OrderStatus = new(OrderStatusChange)
		target = e.OrderStatus
	case KindReverseOrder:
		e.ReverseOrder = new(ReverseOrder)
		target = e.ReverseOrder
	case KindSellerDeauthorized:
		e.SellerDeauthorized = new(SellerDeauthorized)
		target = e.SellerDeauthorized
	case KindAuthorizationExpiring:
		e.AuthorizationExpiring = new(AuthorizationExpiring)
		target = e.AuthorizationExpiring
	case KindReturnStatus:
		e.ReturnStatus = new(ReturnStatus)
		target = e.ReturnStatus
	case KindNewMessage:
		e.NewMessage = new(NewMessage)
		target = e.NewMessage
	default:
		return nil
	}
	data := bytes.TrimSpace(e.Data)
	if len(data) == 0 || string(data) == "null" {
		// Deauthorization carries little beyond the shop; an absent object is still that event.
		if e.Kind == KindSellerDeauthorized {
			return nil
		}
		return malformed("notification %s (%s): data is missing", e.NotificationID, e.Kind)
	}
	if err := json.Unmarshal(data, target); err != nil {
		return malformed("notification %s (%s): data: %v", e.NotificationID, e.Kind, err)
	}
	if e.NewMessage != nil {
		e.NewMessage.Text = textOf(e.NewMessage.MessageType, e.NewMessage.Content)
	}
	return nil
}

// malformed builds an error that wraps ErrMalformed.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}
