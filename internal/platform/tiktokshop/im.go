package tiktokshop

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// MessageType is an IM message's msg_type.
type MessageType string

// The message types a seller can send a creator.
const (
	MessageText                    MessageType = "TEXT"
	MessageProductCard             MessageType = "PRODUCT_CARD"
	MessageTargetCollaborationCard MessageType = "TARGET_COLLABORATION_CARD"
	MessageFreeSampleCard          MessageType = "FREE_SAMPLE_CARD"
	MessageImage                   MessageType = "IMAGE"
)

// Message is one IM message. Content is a JSON document sent as a string, as the platform
// wants it; use the helpers below rather than writing it by hand.
type Message struct {
	Type    MessageType
	Content string
}

// TextMessage is a plain text message.
func TextMessage(text string) Message {
	return jsonMessage(MessageText, map[string]string{"content": text})
}

// ProductCardMessage shows a product the creator can open.
func ProductCardMessage(productID string) Message {
	return jsonMessage(MessageProductCard, map[string]string{"product_id": productID})
}

// TargetCollaborationCardMessage invites the creator to a target collaboration.
func TargetCollaborationCardMessage(targetCollaborationID string) Message {
	return jsonMessage(MessageTargetCollaborationCard, map[string]string{"target_collaboration_id": targetCollaborationID})
}

// FreeSampleCardMessage offers a free sample of a product.
func FreeSampleCardMessage(productID string) Message {
	return jsonMessage(MessageFreeSampleCard, map[string]string{"product_id": productID})
}

// ImageMessage sends an image already uploaded to the platform.
func ImageMessage(imageURL string, width, height int) Message {
	return jsonMessage(MessageImage, map[string]any{"url": imageURL, "width": width, "height": height})
}

// jsonMessage encodes content; maps of strings and ints always encode.
func jsonMessage(t MessageType, content any) Message {
	b, _ := json.Marshal(content)
	return Message{Type: t, Content: string(b)}
}

const conversationsPath = "/affiliate_seller/202412/conversations"

// CreateConversation opens (or finds) the conversation with a creator and returns its id.
// First contact with an unconnected creator counts against the weekly quota.
func (cl *Client) CreateConversation(ctx context.Context, shop ShopAuth, creatorUserID string) (string, error) {
	if err := checkID(http.MethodPost, conversationsPath, "creator user id", creatorUserID); err != nil {
		return "", err
	}
	body := map[string]any{"creator_id": creatorUserID, "only_need_conversation_id": true}
	var d struct {
		ConversationID string `json:"conversation_id"`
	}
	// Not retried after a 5xx: a conversation opened twice would count twice against the quota.
	if err := cl.do(ctx, cl.shopCall(http.MethodPost, conversationsPath, shop, body, true), &d); err != nil {
		return "", err
	}
	if d.ConversationID == "" {
		return "", fmt.Errorf("tiktokshop: POST %s: response has no conversation_id", conversationsPath)
	}
	return d.ConversationID, nil
}

// SendMessage sends m in a conversation and returns the message id. It is never retried
// after an ambiguous failure (5xx, lost connection): the caller's job decides, so a creator
// never receives the same message twice.
func (cl *Client) SendMessage(ctx context.Context, shop ShopAuth, conversationID string, m Message) (string, error) {
	tmpl := conversationsPath + "/{id}/messages"
	if err := checkID(http.MethodPost, tmpl, "conversation id", conversationID); err != nil {
		return "", err
	}
	switch m.Type {
	case MessageText, MessageProductCard, MessageTargetCollaborationCard, MessageFreeSampleCard, MessageImage:
	default:
		return "", fmt.Errorf("tiktokshop: POST %s: message type %q is not one the platform accepts", tmpl, m.Type)
	}
	if !json.Valid([]byte(m.Content)) {
		return "", fmt.Errorf("tiktokshop: POST %s: %s message content is not JSON: %q", tmpl, m.Type, m.Content)
	}
	body := map[string]string{"msg_type": string(m.Type), "content": m.Content}
	var d struct {
		MessageID string `json:"message_id"`
	}
	path := conversationsPath + "/" + conversationID + "/messages"
	if err := cl.do(ctx, cl.shopCall(http.MethodPost, path, shop, body, true), &d); err != nil {
		return "", err
	}
	return d.MessageID, nil
}
