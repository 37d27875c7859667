package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// OrderStatusChange is the data of type 1: an order moved to a new status.
type OrderStatusChange struct {
	OrderID       string
	OrderStatus   string // e.g. AWAITING_SHIPMENT, DELIVERED, CANCELLED
	IsOnHoldOrder bool
	UpdateTime    time.Time
}

// ReverseOrder is the data of type 2: a cancellation, return or refund request changed.
type ReverseOrder struct {
	OrderID            string
	ReverseOrderID     string
	ReverseOrderStatus string // kept as sent: older payloads number it, newer ones name it
	ReverseEventType   string
	ReverseType        string
	UpdateTime         time.Time
}

// SellerDeauthorized is the data of type 6: the shop's tokens no longer work.
type SellerDeauthorized struct {
	Message string
}

// AuthorizationExpiring is the data of type 7: the seller must re-authorize before ExpirationTime.
type AuthorizationExpiring struct {
	Message        string
	ExpirationTime time.Time
}

// ReturnStatus is the data of type 12: a return moved to a new status.
type ReturnStatus struct {
	OrderID      string
	ReturnID     string
	ReturnRole   string
	ReturnType   string
	ReturnStatus string
	CreateTime   time.Time
	UpdateTime   time.Time
}

// NewMessage is the data of NEW_MESSAGE_LISTENER: a creator wrote to the seller. Content is
// the message as the platform sent it (a JSON string whose shape depends on MessageType);
// Text is its text for TEXT messages.
type NewMessage struct {
	ConversationID string
	MessageID      string
	MessageType    string // TEXT, PRODUCT_CARD, IMAGE, …
	Content        string
	SenderID       string // the sender's IM user id
	SenderRole     string // CREATOR for a creator's message
	CreateTime     time.Time
	Text           string
}

// The wire forms below read ids written as strings or numbers and times written as Unix
// seconds in either form, since TikTok's payloads are not consistent across types.

// UnmarshalJSON implements json.Unmarshaler.
func (d *OrderStatusChange) UnmarshalJSON(b []byte) error {
	var w struct {
		OrderID       flexString `json:"order_id"`
		OrderStatus   string     `json:"order_status"`
		IsOnHoldOrder bool       `json:"is_on_hold_order"`
		UpdateTime    unixTime   `json:"update_time"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = OrderStatusChange{string(w.OrderID), w.OrderStatus, w.IsOnHoldOrder, time.Time(w.UpdateTime)}
	return nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *ReverseOrder) UnmarshalJSON(b []byte) error {
	var w struct {
		OrderID            flexString `json:"order_id"`
		ReverseOrderID     flexString `json:"reverse_order_id"`
		ReverseOrderStatus flexString `json:"reverse_order_status"`
		ReverseEventType   string     `json:"reverse_event_type"`
		ReverseType        flexString `json:"reverse_type"`
		UpdateTime         unixTime   `json:"update_time"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = ReverseOrder{string(w.OrderID), string(w.ReverseOrderID), string(w.ReverseOrderStatus),
		w.ReverseEventType, string(w.ReverseType), time.Time(w.UpdateTime)}
	return nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *SellerDeauthorized) UnmarshalJSON(b []byte) error {
	var w struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	d.Message = w.Message
	return nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *AuthorizationExpiring) UnmarshalJSON(b []byte) error {
	var w struct {
		Message        string   `json:"message"`
		ExpirationTime unixTime `json:"expiration_time"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = AuthorizationExpiring{w.Message, time.Time(w.ExpirationTime)}
	return nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *ReturnStatus) UnmarshalJSON(b []byte) error {
	var w struct {
		OrderID      flexString `json:"order_id"`
		ReturnID     flexString `json:"return_id"`
		ReturnRole   string     `json:"return_role"`
		ReturnType   string     `json:"return_type"`
		ReturnStatus string     `json:"return_status"`
		CreateTime   unixTime   `json:"create_time"`
		UpdateTime   unixTime   `json:"update_time"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = ReturnStatus{string(w.OrderID), string(w.ReturnID), w.ReturnRole, w.ReturnType,
		w.ReturnStatus, time.Time(w.CreateTime), time.Time(w.UpdateTime)}
	return nil
}

// UnmarshalJSON reads the message whether the platform calls its type "msg_type" or "type"
// and sends content as a JSON string or an object.
func (m *NewMessage) UnmarshalJSON(b []byte) error {
	var w struct {
		ConversationID flexString      `json:"conversation_id"`
		MessageID      flexString      `json:"message_id"`
		MsgType        string          `json:"msg_type"`
		Type           string          `json:"type"`
		Content        json.RawMessage `json:"content"`
		Sender         struct {
			IMUserID flexString `json:"im_user_id"`
			Role     string     `json:"role"`
		} `json:"sender"`
		CreateTime unixTime `json:"create_time"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = NewMessage{
		ConversationID: string(w.ConversationID),
		MessageID:      string(w.MessageID),
		MessageType:    w.MsgType,
		SenderID:       string(w.Sender.IMUserID),
		SenderRole:     w.Sender.Role,
		CreateTime:     time.Time(w.CreateTime),
	}
	if m.MessageType == "" {
		m.MessageType = w.Type
	}
	c := bytes.TrimSpace(w.Content)
	switch {
	case len(c) == 0 || string(c) == "null":
	case c[0] == '"':
		if err := json.Unmarshal(c, &m.Content); err != nil {
			return fmt.Errorf("content: %w", err)
		}
	default:
		m.Content = string(c)
	}
	return nil
}

// textOf extracts the text of a TEXT message's content ({"content":"…"}; some senders use
// "text"). Other message types have no text.
func textOf(msgType, content string) string {
	if msgType != "TEXT" || content == "" {
		return ""
	}
	var c struct {
		Content string `json:"content"`
		Text    string `json:"text"`
	}
	if json.Unmarshal([]byte(content), &c) != nil {
		// A TEXT message whose content is not JSON is taken as the text itself.
		return content
	}
	if c.Content != "" {
		return c.Content
	}
	return c.Text
}

// flexString reads an id written as a JSON string or a number. TikTok ids exceed 2^53, so a
// number is kept as its digits rather than going through float64.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("%s is neither a string nor a number", b)
		}
		*s = flexString(n)
	}
	return nil
}

// unixTime reads Unix seconds written as a number or a numeric string, as UTC.
type unixTime time.Time

// UnmarshalJSON implements json.Unmarshaler.
func (t *unixTime) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	if s == "" {
		*t = unixTime{}
		return nil
	}
	n, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not Unix seconds", string(s))
	}
	if n <= 0 {
		*t = unixTime{}
		return nil
	}
	*t = unixTime(time.Unix(n, 0).UTC())
	return nil
}
