package tiktokshoptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Message is an IM message the fake received.
type Message struct {
	ID, ShopCipher, ConversationID, CreatorUserID string
	Type                                          string
	Content                                       string // the JSON string as sent
	SentAt                                        time.Time
	FromCreator                                   bool // a reply added by CreatorReplies
}

// OpenCollaboration is an open collaboration the fake holds.
type OpenCollaboration struct {
	ID, ProductID, Status       string
	CommissionRateBP            int64
	RequireSellerApproveCreator bool
	CreateTime                  time.Time
}

// TargetCollaboration is one target collaboration call the fake accepted.
type TargetCollaboration struct {
	ID, Name, Message, Status string
	EndTime                   time.Time
	CreatorUserIDs            []string
	Products                  []TargetProduct
	FreeSample                bool
}

// TargetProduct is a product and rate in a TargetCollaboration.
type TargetProduct struct {
	ProductID        string
	CommissionRateBP int64
}

// Review is a sample review the fake received.
type Review struct {
	ApplicationID, Result, Reason string
}

// Limits of one target collaboration call.
const (
	maxTargetCreators = 50
	maxTargetProducts = 100
)

// Messages is every IM message received, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.messages)
}

// TargetCollaborations is every target collaboration call accepted, in order.
func (s *Server) TargetCollaborations() []TargetCollaboration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.targets)
}

// OpenCollaborations is every open collaboration created, in order.
func (s *Server) OpenCollaborations() []OpenCollaboration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.openCols)
}

// Reviews is every sample review received, in order.
func (s *Server) Reviews() []Review {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reviews)
}

// nextID mints a numeric id with a per-kind prefix.
func (s *Server) nextID(prefix int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return strconv.FormatInt(prefix+s.seq, 10)
}

// reject answers a request the endpoint's own rules refuse.
func (s *Server) reject(w http.ResponseWriter, format string, args ...any) {
	s.fail(w, http.StatusOK, codeBusinessRejected, fmt.Sprintf(format, args...))
}

// createConversation opens (or finds) the conversation with a creator.
func (s *Server) createConversation(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		CreatorID string `json:"creator_id"`
	}
	if err := decode(q.body, &f); err != nil || f.CreatorID == "" {
		s.badParam(w, "Invalid request body: creator_id is required.")
		return
	}
	if !s.creatorExists(f.CreatorID) {
		s.reject(w, "Creator %s not found.", f.CreatorID)
		return
	}
	if s.imBlocked(f.CreatorID) {
		s.fail(w, http.StatusOK, codeIMCreatorUnavailable, "The creator cannot receive messages from this shop.")
		return
	}
	id := "8" + f.CreatorID[1:] // one conversation per creator, as the platform keeps it
	s.mu.Lock()
	s.convs[id] = f.CreatorID
	s.mu.Unlock()
	s.ok(w, map[string]string{"conversation_id": id})
}

// sendMessage records a message; content must be a JSON document sent as a string.
func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		MsgType string          `json:"msg_type"`
		Content json.RawMessage `json:"content"`
	}
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	var content string
	if err := json.Unmarshal(f.Content, &content); err != nil || !json.Valid([]byte(content)) {
		s.badParam(w, "Invalid parameter. `content` must be a JSON string.")
		return
	}
	switch f.MsgType {
	case "TEXT":
		var t struct {
			Content string `json:"content"`
		}
		if json.Unmarshal([]byte(content), &t) != nil || t.Content == "" {
			s.badParam(w, "Invalid parameter. A TEXT message needs content.content.")
			return
		}
	case "PRODUCT_CARD", "TARGET_COLLABORATION_CARD", "FREE_SAMPLE_CARD", "IMAGE":
	default:
		s.badParam(w, "Invalid parameter. msg_type "+strconv.Quote(f.MsgType)+" is not supported.")
		return
	}
	conv := r.PathValue("id")
	s.mu.Lock()
	creator, ok := s.convs[conv]
	s.mu.Unlock()
	if !ok {
		s.reject(w, "Conversation %s not found.", conv)
		return
	}
	if s.imBlocked(creator) {
		s.fail(w, http.StatusOK, codeIMCreatorUnavailable, "The creator cannot receive messages from this shop.")
		return
	}
	m := Message{ID: s.nextID(8100000000000000000), ShopCipher: q.cipher, ConversationID: conv, CreatorUserID: creator, Type: f.MsgType, Content: content, SentAt: s.Now()}
	s.mu.Lock()
	s.messages = append(s.messages, m)
	lost := s.im.loseAnswers > 0
	if lost {
		s.im.loseAnswers--
	}
	s.mu.Unlock()
	if lost {
		s.fail(w, http.StatusInternalServerError, codeInternal, "Internal error. Please retry.")
		return
	}
	s.ok(w, map[string]string{"message_id": m.ID})
}

// createOpenCollaboration offers a commission on one product.
func (s *Server) createOpenCollaboration(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		ProductID      string `json:"product_id"`
		CommissionRate int64  `json:"commission_rate"`
		Approve        bool   `json:"require_seller_approve_creator"`
	}
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	if !s.productExists(f.ProductID) {
		s.reject(w, "Product %q is not in the affiliate pool.", f.ProductID)
		return
	}
	if f.CommissionRate < 100 || f.CommissionRate > 8000 {
		s.reject(w, "commission_rate %d is outside 100–8000.", f.CommissionRate)
		return
	}
	oc := OpenCollaboration{ID: s.nextID(7300000000000000000), ProductID: f.ProductID, Status: "ACTIVE",
		CommissionRateBP: f.CommissionRate, RequireSellerApproveCreator: f.Approve, CreateTime: s.Now()}
	s.mu.Lock()
	s.openCols = append(s.openCols, oc)
	s.mu.Unlock()
	s.ok(w, map[string]string{"open_collaboration_id": oc.ID})
}

// searchOpenCollaborations pages through open collaborations.
func (s *Server) searchOpenCollaborations(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var f struct {
		ProductIDs []string `json:"product_ids"`
		Status     string   `json:"status"`
	}
	if err := decode(q.body, &f); err != nil {
		s.badParam(w, "Invalid request body: "+err.Error())
		return
	}
	filter := fmt.Sprintf("open %v %q", f.ProductIDs, f.Status)
	size, offset, ok := s.pageParams(w, q.query, nil, filter)
	if !ok {
		return
	}
	var match []map[string]any
	for _, oc := range s.OpenCollaborations() {
		if (len(f.ProductIDs) == 0 || slices.Contains(f.ProductIDs, oc.ProductID)) && (f.Status == "" || f.Status == oc.Status) {
			match = append(match, map[string]any{"id": oc.ID, "product_id": oc.ProductID, "commission_rate": oc.CommissionRateBP,
				"require_seller_approve_creator": oc.RequireSellerApproveCreator, "status": oc.Status, "create_time": oc.CreateTime.Unix()})
		}
	}
	page, next := window(match, offset, size, filter)
	s.ok(w, map[string]any{"open_collaborations": page, "next_page_token": next})
}
