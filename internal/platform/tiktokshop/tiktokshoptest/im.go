package tiktokshoptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// codeIMCreatorUnavailable mirrors tiktokshop.CodeIMCreatorUnavailable (the package shares no
// code with the client on purpose).
const codeIMCreatorUnavailable = 16004011

// imState is the fake's IM behaviour beyond recording messages.
type imState struct {
	blocked     map[string]bool // creator user ids that refuse messages
	loseAnswers int             // the next n sends are recorded, then answered 500
}

// BlockCreator makes conversations and messages with the creator fail as the platform
// refuses a creator who blocked the shop.
func (s *Server) BlockCreator(creatorUserID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.im.blocked == nil {
		s.im.blocked = map[string]bool{}
	}
	s.im.blocked[creatorUserID] = true
}

// LoseNextAnswers makes the next n message sends succeed but answer HTTP 500, as when the
// platform did the work and the response was lost: the case a blind retry turns into a
// duplicate.
func (s *Server) LoseNextAnswers(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.im.loseAnswers = n
}

// CreatorReplies adds a TEXT message from the creator to its conversation (opened if needed)
// and returns the message.
func (s *Server) CreatorReplies(creatorUserID, text string) Message {
	b, _ := json.Marshal(map[string]string{"content": text})
	conv := "8" + creatorUserID[1:]
	id := s.nextID(8200000000000000000)
	m := Message{ID: id, ConversationID: conv, CreatorUserID: creatorUserID, Type: "TEXT", Content: string(b), SentAt: s.Now(), FromCreator: true}
	s.mu.Lock()
	s.convs[conv] = creatorUserID
	s.messages = append(s.messages, m)
	s.mu.Unlock()
	return m
}

func (s *Server) imBlocked(creatorUserID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.im.blocked[creatorUserID]
}

// conversationMessages lists a conversation's messages, newest first.
func (s *Server) conversationMessages(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	conv := r.PathValue("id")
	s.mu.Lock()
	creator, ok := s.convs[conv]
	s.mu.Unlock()
	if !ok {
		s.reject(w, "Conversation %s not found.", conv)
		return
	}
	filter := "conv " + conv
	size, offset, ok := s.pageParams(w, q.query, nil, filter)
	if !ok {
		return
	}
	if size > 20 {
		s.badParam(w, "Invalid parameter. `page_size` "+strconv.Itoa(size)+" is out of range.")
		return
	}
	all := s.Messages()
	var list []map[string]any
	for i := len(all) - 1; i >= 0; i-- {
		m := all[i]
		if m.ConversationID != conv || (!m.FromCreator && m.ShopCipher != q.cipher) {
			continue
		}
		role, sender := "SELLER", fmt.Sprint("seller_", q.cipher)
		if m.FromCreator {
			role, sender = "CREATOR", creator
		}
		list = append(list, map[string]any{
			"message_id": m.ID, "msg_type": m.Type, "content": m.Content,
			"sender": map[string]string{"role": role, "im_user_id": sender}, "create_time": m.SentAt.Unix(),
		})
	}
	page, next := window(list, offset, size, filter)
	s.ok(w, map[string]any{"messages": page, "next_page_token": next})
}
