package tiktokshop

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// IM refusals the outreach channel acts on. The public documentation read in 2026 does not
// list the IM endpoints' business codes; these are the codes the fake answers with, and the
// place to correct them once a sandbox shop shows the platform's own.
const (
	// CodeIMCreatorUnavailable: the creator blocked the shop, closed messages from sellers,
	// or left the affiliate program. Sending again cannot succeed.
	CodeIMCreatorUnavailable = 16004011
	// CodeIMWeeklyQuota: the shop used its weekly quota of first contacts; it resets on Sunday.
	CodeIMWeeklyQuota = 16004012
	// CodeIMNoReply: the shop sent the most messages allowed before the creator replies.
	CodeIMNoReply = 16004013
)

// Conversation message sender roles.
const (
	SenderSeller  = "SELLER"
	SenderCreator = "CREATOR"
)

// ConversationMessage is one message of a conversation, as the platform lists it.
type ConversationMessage struct {
	ID         string
	Type       MessageType
	Content    string // the JSON document, as sent
	SenderRole string // SenderSeller or SenderCreator
	SenderID   string // the sender's IM user id
	CreatedAt  time.Time
}

// Text is a TEXT message's text ("" for other types or unreadable content).
func (m ConversationMessage) Text() string {
	if m.Type != MessageText {
		return ""
	}
	var c struct {
		Content string `json:"content"`
	}
	if err := json.Unmarshal([]byte(m.Content), &c); err != nil {
		return ""
	}
	return c.Content
}

// ConversationMessages walks a conversation's messages, newest first, pageSize at a time
// (1–20; 0 means 20). Reading is safe to retry, unlike sending: the outreach channel uses it
// to find out whether a send whose answer was lost went out.
func (cl *Client) ConversationMessages(ctx context.Context, shop ShopAuth, conversationID string, pageSize int) iter.Seq2[ConversationMessage, error] {
	tmpl := conversationsPath + "/{id}/messages"
	if err := checkID(http.MethodGet, tmpl, "conversation id", conversationID); err != nil {
		return failed[ConversationMessage](err)
	}
	if pageSize == 0 {
		pageSize = 20
	}
	if pageSize < 1 || pageSize > 20 {
		return failed[ConversationMessage](fmt.Errorf("tiktokshop: GET %s: page size %d is outside 1–20", tmpl, pageSize))
	}
	path := conversationsPath + "/" + conversationID + "/messages"
	c := cl.shopCall(http.MethodGet, path, shop, nil, false)
	type wire struct {
		MessageID string `json:"message_id"`
		MsgType   string `json:"msg_type"`
		Content   string `json:"content"`
		Sender    struct {
			Role     string `json:"role"`
			IMUserID string `json:"im_user_id"`
		} `json:"sender"`
		CreateTime int64 `json:"create_time"`
	}
	type page struct {
		Messages      []wire `json:"messages"`
		NextPageToken string `json:"next_page_token"`
	}
	return walk(ctx, cl, c, pageSize, func(p *page) pageOf[ConversationMessage] {
		out := pageOf[ConversationMessage]{next: p.NextPageToken}
		for _, w := range p.Messages {
			if w.MessageID == "" {
				out.errs = append(out.errs, &LineError{Path: path, ID: "message #" + strconv.Itoa(len(out.items)+len(out.errs)), Field: "message_id", Err: fmt.Errorf("empty")})
				continue
			}
			out.items = append(out.items, ConversationMessage{
				ID: w.MessageID, Type: MessageType(w.MsgType), Content: w.Content,
				SenderRole: w.Sender.Role, SenderID: w.Sender.IMUserID, CreatedAt: time.Unix(w.CreateTime, 0).UTC(),
			})
		}
		return out
	})
}
