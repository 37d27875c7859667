package platformsync

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// The kinds of message a member sends a creator from creatorops.
const (
	MessageText                = "text"
	MessageProductCard         = "product_card"
	MessageTargetCollaboration = "target_collaboration_card"
	MessageFreeSample          = "free_sample_card"
)

// MessageKinds are the kinds of CreatorMessage, in the order forms offer them.
var MessageKinds = []struct{ Value, Label string }{
	{MessageText, "Text"},
	{MessageProductCard, "Product card"},
	{MessageTargetCollaboration, "Target collaboration card"},
	{MessageFreeSample, "Free sample card"},
}

// maxMessageText bounds a text message; the platform's own cap is about this.
const maxMessageText = 2000

// ErrNoTikTokID is returned for a creator whose TikTok user id is not known yet: the platform
// addresses creators by it, and only a marketplace search or a sync tells it.
var ErrNoTikTokID = errors.New("this creator has no TikTok user id yet: find them with a marketplace search (Prospects) so creatorops learns it")

// CreatorMessage is a message to send a creator through a connection.
type CreatorMessage struct {
	ConnectionID int64  // 0: the workspace's only active TikTok Shop connection
	Kind         string // MessageText, MessageProductCard, …
	Text         string // for MessageText
	ProductID    string // for product and free sample cards
	// CollaborationID is the target collaboration of a card: creatorops' id (from the
	// collaborations list) or the platform's.
	CollaborationID string
}

// SentMessage is a message the platform accepted.
type SentMessage struct {
	Connection     *store.Connection
	ConversationID string
	MessageID      string
	Body           string // what the timeline says was sent
}

// check validates m's own fields and returns the platform message without its card's target
// resolved (collaboration cards are resolved by the caller).
func (m *CreatorMessage) check() error {
	m.Text = strings.TrimSpace(m.Text)
	m.ProductID = strings.TrimSpace(m.ProductID)
	m.CollaborationID = strings.TrimSpace(m.CollaborationID)
	switch m.Kind {
	case MessageText:
		if m.Text == "" {
			return &store.FieldError{Field: "text", Reason: "is empty: write the message"}
		}
		if utf8.RuneCountInString(m.Text) > maxMessageText {
			return &store.FieldError{Field: "text", Reason: fmt.Sprintf("is longer than %d characters", maxMessageText)}
		}
	case MessageProductCard, MessageFreeSample:
		if !isPlatformID(m.ProductID) {
			return &store.FieldError{Field: "product", Value: m.ProductID, Reason: "is not a TikTok Shop product id (digits)"}
		}
	case MessageTargetCollaboration:
		if !isPlatformID(m.CollaborationID) {
			return &store.FieldError{Field: "collaboration", Value: m.CollaborationID, Reason: "is not a collaboration id"}
		}
	default:
		return &store.FieldError{Field: "kind", Value: m.Kind, Reason: "is not text, product_card, target_collaboration_card or free_sample_card"}
	}
	return nil
}

// SendCreatorMessage sends a message to a CRM creator through TikTok Shop's IM: it opens (or
// finds) the conversation, sends, and records a "message" event on the creator's timeline
// (store.RecordCreatorMessage). Nothing is retried after an ambiguous failure (the client
// refuses to), so a creator never gets a message twice; the error says the message may have
// gone out. Bad input is a store.FieldError; a creator without a TikTok user id is
// ErrNoTikTokID; one in a stage that stops outreach (do not contact, banned) is refused.
func SendCreatorMessage(ctx context.Context, s *store.Store, clients Clients, a store.Actor, workspaceID, creatorID int64, m CreatorMessage) (*SentMessage, error) {
	found, err := s.PlatformCreators(ctx, workspaceID, []int64{creatorID})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 || found[0].Merged {
		return nil, store.ErrNotFound
	}
	pc := found[0]
	if err := m.check(); err != nil {
		return nil, err
	}
	conn, err := ActionConnection(ctx, s, workspaceID, m.ConnectionID)
	if err != nil {
		return nil, err
	}
	if pc.Stage.Blocked() {
		return nil, &store.FieldError{Field: "creator", Value: "@" + pc.Handle, Reason: "is " + pc.Stage.Label() + ": outreach to them is stopped"}
	}
	if pc.UserID == "" {
		return nil, ErrNoTikTokID
	}
	var msg tiktokshop.Message
	var body string
	switch m.Kind {
	case MessageText:
		msg, body = tiktokshop.TextMessage(m.Text), m.Text
	case MessageProductCard:
		msg, body = tiktokshop.ProductCardMessage(m.ProductID), "Product card: "+m.ProductID
	case MessageFreeSample:
		msg, body = tiktokshop.FreeSampleCardMessage(m.ProductID), "Free sample card: "+m.ProductID
	case MessageTargetCollaboration:
		platformID, name, err := collaborationCardTarget(ctx, s, workspaceID, conn, m.CollaborationID)
		if err != nil {
			return nil, err
		}
		msg, body = tiktokshop.TargetCollaborationCardMessage(platformID), "Target collaboration card: “"+name+"” ("+platformID+")"
	}
	if clients == nil {
		return nil, ErrNotConfigured
	}
	cl, token, err := clients.Client(ctx, conn)
	if err != nil {
		return nil, err
	}
	auth := tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: token}
	conv, err := cl.CreateConversation(ctx, auth, pc.UserID)
	if err != nil {
		return nil, fmt.Errorf("opening the conversation with @%s: %w", pc.Handle, err)
	}
	id, err := cl.SendMessage(ctx, auth, conv, msg)
	if err != nil {
		return nil, &SendError{Handle: pc.Handle, Err: err}
	}
	sent := &SentMessage{Connection: conn, ConversationID: conv, MessageID: id, Body: body}
	if err := s.RecordCreatorMessage(context.WithoutCancel(ctx), a, workspaceID, pc.CreatorID, conn, id, body, time.Now()); err != nil {
		return sent, fmt.Errorf("the message went out (id %s) but was not recorded on the timeline: %w", id, err)
	}
	return sent, nil
}

// SendError is a message the platform did not confirm. When the failure is ambiguous (a 5xx,
// a lost connection) the message may still have been delivered: it is not sent again.
type SendError struct {
	Handle string
	Err    error
}

// Error says whether the message may have gone out.
func (e *SendError) Error() string {
	if e.Ambiguous() {
		return fmt.Sprintf("TikTok Shop did not confirm the message to @%s (%v): it may have been delivered, so it was not sent again — check the conversation in Seller Center before sending it again", e.Handle, e.Err)
	}
	return fmt.Sprintf("TikTok Shop refused the message to @%s: %v", e.Handle, e.Err)
}

// Unwrap returns the platform's error.
func (e *SendError) Unwrap() error { return e.Err }

// Ambiguous reports whether the message may have been delivered despite the error.
func (e *SendError) Ambiguous() bool {
	apiErr, ok := tiktokshop.AsAPIError(e.Err)
	return !ok || apiErr.IsServerError()
}

// collaborationCardTarget resolves a card's collaboration: creatorops' id or the platform's,
// of a target collaboration of conn.
func collaborationCardTarget(ctx context.Context, s *store.Store, workspaceID int64, conn *store.Connection, raw string) (platformID, name string, err error) {
	bad := &store.FieldError{Field: "collaboration", Value: raw, Reason: "is not a target collaboration of " + conn.ShopName + " (Collaborations page)"}
	var id int64
	if _, err := fmt.Sscan(raw, &id); err == nil && len(raw) < 16 {
		c, err := s.Collaboration(ctx, workspaceID, id)
		if errors.Is(err, store.ErrNotFound) {
			return "", "", bad
		}
		if err != nil {
			return "", "", err
		}
		if c.Kind != store.CollaborationTarget || c.ConnectionID != conn.ID {
			return "", "", bad
		}
		return c.PlatformID, c.Name, nil
	}
	// A platform id: let it through even when no sync has brought it in yet.
	return raw, raw, nil
}
