// Package tiktokim is the outreach channel over TikTok Shop IM: it opens (or finds) the
// conversation with the creator, sends the rendered text, then the optional card.
//
// TikTok offers no idempotency key for messages, so a send whose answer was lost (a 5xx, a
// timeout) is never retried here: it comes back as an ambiguous failure, and the channel's
// Delivered looks for the message in the conversation before the engine decides.
package tiktokim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
)

// ShopFunc returns a client and the shop's credentials with a fresh access token; in the
// server it is connect.Service.Client for the sender's connection.
type ShopFunc func(ctx context.Context) (*tiktokshop.Client, tiktokshop.ShopAuth, error)

// Config configures a Channel for one sender (one shop connection).
type Config struct {
	SenderKey string // tiktok:<connection id>
	Shop      ShopFunc
	// Conversations caches conversation ids across Channels of the same process; nil: a
	// cache of the Channel's own.
	Conversations *Conversations
	// ProbeWindow is how far back Delivered looks for a message; default 48 hours.
	ProbeWindow time.Duration
	// ProbePages bounds how many pages of 20 Delivered reads; default 5.
	ProbePages int
	Now        func() time.Time
	Logger     *slog.Logger
}

// Channel sends outreach messages through TikTok Shop IM. It implements outreach.Channel and
// outreach.Prober.
type Channel struct {
	cfg Config
}

var (
	_ outreach.Channel = (*Channel)(nil)
	_ outreach.Prober  = (*Channel)(nil)
)

// New checks cfg and returns its Channel.
func New(cfg Config) (*Channel, error) {
	if cfg.Shop == nil {
		return nil, errors.New("tiktokim: no shop credentials (Config.Shop)")
	}
	if !strings.HasPrefix(cfg.SenderKey, "tiktok:") {
		return nil, fmt.Errorf("tiktokim: sender key %q is not tiktok:<connection id>", cfg.SenderKey)
	}
	if cfg.Conversations == nil {
		cfg.Conversations = NewConversations()
	}
	if cfg.ProbeWindow <= 0 {
		cfg.ProbeWindow = 48 * time.Hour
	}
	if cfg.ProbePages <= 0 {
		cfg.ProbePages = 5
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Channel{cfg: cfg}, nil
}

// Name is tiktok_im.
func (c *Channel) Name() outreach.ChannelName { return outreach.ChannelTikTokIM }

// Send opens the conversation, sends the text and then the card. The receipt's ProviderID is
// "conversation/message" (the text's message id). A card that fails after the text went out
// is logged, not returned: failing the send would make the engine send the text again.
func (c *Channel) Send(ctx context.Context, m outreach.Outgoing) (outreach.Receipt, error) {
	if m.To.TikTokUserID == "" {
		return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("tiktokim: %s: the creator has no TikTok user id", m.IdempotencyKey), Permanent: true}
	}
	if strings.TrimSpace(m.Body) == "" {
		return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("tiktokim: %s: empty message", m.IdempotencyKey), Permanent: true}
	}
	var card *tiktokshop.Message
	if m.Card != nil {
		cm, err := cardMessage(*m.Card)
		if err != nil {
			return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("tiktokim: %s: %w", m.IdempotencyKey, err), Permanent: true}
		}
		card = &cm
	}
	cl, shop, err := c.cfg.Shop(ctx)
	if err != nil {
		// The connection needs re-authorization or the key is missing: nothing was sent,
		// and the engine may try again once a person fixed the connection.
		return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("tiktokim: %s: %w", c.cfg.SenderKey, err), RetryAfter: 15 * time.Minute}
	}
	conv, err := c.conversation(ctx, cl, shop, m.To.TikTokUserID)
	if err != nil {
		// No message was sent yet, so even a 5xx is safe to retry.
		return outreach.Receipt{}, classify(err, false, c.cfg.Now())
	}
	msgID, err := cl.SendMessage(ctx, shop, conv, tiktokshop.TextMessage(m.Body))
	if err != nil {
		// The conversation may be gone (archived, recreated): look it up afresh next time.
		c.cfg.Conversations.forget(c.cfg.SenderKey, m.To.TikTokUserID)
		return outreach.Receipt{}, classify(err, true, c.cfg.Now())
	}
	if card != nil {
		if _, err := cl.SendMessage(ctx, shop, conv, *card); err != nil {
			c.cfg.Logger.WarnContext(ctx, "tiktokim: card not sent after the text",
				"key", m.IdempotencyKey, "card", m.Card.Kind, "card_id", m.Card.ID, "error", err.Error())
		}
	}
	return outreach.Receipt{ProviderID: conv + "/" + msgID, At: c.cfg.Now().UTC()}, nil
}

// Delivered looks for the message among the conversation's recent messages from the shop:
// same text, sent within ProbeWindow. After a crash the cache is empty, so the conversation
// is opened again (the platform returns the existing one).
func (c *Channel) Delivered(ctx context.Context, m outreach.Outgoing) (outreach.Receipt, bool, error) {
	if m.To.TikTokUserID == "" {
		return outreach.Receipt{}, false, nil
	}
	cl, shop, err := c.cfg.Shop(ctx)
	if err != nil {
		return outreach.Receipt{}, false, fmt.Errorf("tiktokim: probe %s: %w", m.IdempotencyKey, err)
	}
	conv, err := c.conversation(ctx, cl, shop, m.To.TikTokUserID)
	if err != nil {
		return outreach.Receipt{}, false, fmt.Errorf("tiktokim: probe %s: %w", m.IdempotencyKey, err)
	}
	since := c.cfg.Now().Add(-c.cfg.ProbeWindow)
	read := 0
	for msg, err := range cl.ConversationMessages(ctx, shop, conv, 20) {
		if err != nil {
			var le *tiktokshop.LineError
			if errors.As(err, &le) {
				continue
			}
			return outreach.Receipt{}, false, fmt.Errorf("tiktokim: probe %s: %w", m.IdempotencyKey, err)
		}
		if msg.CreatedAt.Before(since) {
			break
		}
		if msg.SenderRole != tiktokshop.SenderCreator && msg.Text() == m.Body {
			return outreach.Receipt{ProviderID: conv + "/" + msg.ID, At: msg.CreatedAt}, true, nil
		}
		if read++; read >= 20*c.cfg.ProbePages {
			break
		}
	}
	return outreach.Receipt{}, false, nil
}

// conversation returns the cached conversation id or opens it.
func (c *Channel) conversation(ctx context.Context, cl *tiktokshop.Client, shop tiktokshop.ShopAuth, creator string) (string, error) {
	if id, ok := c.cfg.Conversations.Lookup(c.cfg.SenderKey, creator); ok {
		return id, nil
	}
	id, err := cl.CreateConversation(ctx, shop, creator)
	if err != nil {
		return "", err
	}
	c.cfg.Conversations.Remember(c.cfg.SenderKey, creator, id)
	return id, nil
}

// cardMessage builds the IM card for an outreach card.
func cardMessage(k outreach.Card) (tiktokshop.Message, error) {
	if k.ID == "" {
		return tiktokshop.Message{}, fmt.Errorf("%s card without an id", k.Kind)
	}
	switch k.Kind {
	case outreach.CardProduct:
		return tiktokshop.ProductCardMessage(k.ID), nil
	case outreach.CardTargetCollaboration:
		return tiktokshop.TargetCollaborationCardMessage(k.ID), nil
	case outreach.CardFreeSample:
		return tiktokshop.FreeSampleCardMessage(k.ID), nil
	}
	return tiktokshop.Message{}, fmt.Errorf("card kind %q is not product, target_collaboration or free_sample", k.Kind)
}

// Conversations caches conversation ids per sender and creator. It is safe for concurrent use.
type Conversations struct {
	mu  sync.Mutex
	ids map[string]string
}

// NewConversations returns an empty cache.
func NewConversations() *Conversations { return &Conversations{ids: map[string]string{}} }

// Lookup returns the conversation id remembered for the sender and creator.
func (c *Conversations) Lookup(senderKey, creatorUserID string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[senderKey+"\x00"+creatorUserID]
	return id, ok
}

// Remember stores a conversation id, e.g. one the engine kept from an earlier receipt.
func (c *Conversations) Remember(senderKey, creatorUserID, conversationID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids[senderKey+"\x00"+creatorUserID] = conversationID
}

func (c *Conversations) forget(senderKey, creatorUserID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.ids, senderKey+"\x00"+creatorUserID)
}
