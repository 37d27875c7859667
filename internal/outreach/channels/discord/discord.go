// Package discord is the outreach channel over Discord direct messages from the workspace's
// bot. Discord has no idempotency key either: a DM whose answer was lost is reported as
// ambiguous, and Delivered reads the DM channel to settle it.
package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	notifydiscord "github.com/creatorops/creatorops/internal/notify/discord"
	"github.com/creatorops/creatorops/internal/outreach"
)

// Config configures a Channel for one workspace's bot.
type Config struct {
	SenderKey string // discord:<workspace id>
	Client    *notifydiscord.Client
	// ProbeWindow is how far back Delivered looks; default 48 hours.
	ProbeWindow time.Duration
	Now         func() time.Time
}

// Channel sends outreach DMs. It implements outreach.Channel and outreach.Prober.
type Channel struct {
	cfg Config
	mu  sync.Mutex
	dms map[string]string // user id → DM channel id
}

var (
	_ outreach.Channel = (*Channel)(nil)
	_ outreach.Prober  = (*Channel)(nil)
)

// New checks cfg and returns its Channel.
func New(cfg Config) (*Channel, error) {
	if cfg.Client == nil {
		return nil, errors.New("discord channel: no client")
	}
	if !strings.HasPrefix(cfg.SenderKey, "discord:") {
		return nil, fmt.Errorf("discord channel: sender key %q is not discord:<workspace id>", cfg.SenderKey)
	}
	if cfg.ProbeWindow <= 0 {
		cfg.ProbeWindow = 48 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Channel{cfg: cfg, dms: map[string]string{}}, nil
}

// Name is discord.
func (c *Channel) Name() outreach.ChannelName { return outreach.ChannelDiscord }

// Send opens the DM channel and posts the message; ProviderID is "channel/message".
func (c *Channel) Send(ctx context.Context, m outreach.Outgoing) (outreach.Receipt, error) {
	if m.To.DiscordUserID == "" {
		return outreach.Receipt{}, &outreach.SendError{Err: fmt.Errorf("discord channel: %s: the creator has no linked Discord user", m.IdempotencyKey), Permanent: true}
	}
	ch, err := c.dm(ctx, m.To.DiscordUserID)
	if err != nil {
		return outreach.Receipt{}, classify(err, false)
	}
	msg, err := c.cfg.Client.SendMessage(ctx, ch, notifydiscord.MessageCreate{Content: m.Body})
	if err != nil {
		return outreach.Receipt{}, classify(err, true)
	}
	at := msg.Timestamp
	if at.IsZero() {
		at = c.cfg.Now()
	}
	return outreach.Receipt{ProviderID: ch + "/" + msg.ID, At: at.UTC()}, nil
}

// Delivered looks for the message among the DM channel's last 100 messages: not written by
// the creator, same text, within ProbeWindow.
func (c *Channel) Delivered(ctx context.Context, m outreach.Outgoing) (outreach.Receipt, bool, error) {
	if m.To.DiscordUserID == "" {
		return outreach.Receipt{}, false, nil
	}
	ch, err := c.dm(ctx, m.To.DiscordUserID)
	if err != nil {
		return outreach.Receipt{}, false, fmt.Errorf("discord channel: probe %s: %w", m.IdempotencyKey, err)
	}
	msgs, err := c.cfg.Client.ChannelMessages(ctx, ch, notifydiscord.MessageQuery{Limit: 100})
	if err != nil {
		return outreach.Receipt{}, false, fmt.Errorf("discord channel: probe %s: %w", m.IdempotencyKey, err)
	}
	since := c.cfg.Now().Add(-c.cfg.ProbeWindow)
	for i := len(msgs) - 1; i >= 0; i-- {
		msg := msgs[i]
		if !msg.Timestamp.IsZero() && msg.Timestamp.Before(since) {
			break
		}
		if msg.Author.ID != m.To.DiscordUserID && msg.Content == m.Body {
			return outreach.Receipt{ProviderID: ch + "/" + msg.ID, At: msg.Timestamp.UTC()}, true, nil
		}
	}
	return outreach.Receipt{}, false, nil
}

// dm returns the cached DM channel or opens it (opening is idempotent on Discord's side).
func (c *Channel) dm(ctx context.Context, userID string) (string, error) {
	c.mu.Lock()
	id, ok := c.dms[userID]
	c.mu.Unlock()
	if ok {
		return id, nil
	}
	ch, err := c.cfg.Client.CreateDM(ctx, userID)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.dms[userID] = ch.ID
	c.mu.Unlock()
	return ch.ID, nil
}

// classify maps a Discord failure to the engine's terms; sending says whether the failing
// call was the message itself.
func classify(err error, sending bool) *outreach.SendError {
	var api *notifydiscord.APIError
	var te *notifydiscord.TransportError
	switch {
	case errors.As(err, &api):
		switch {
		case api.Code == notifydiscord.CodeCannotSendToUser:
			return &outreach.SendError{Err: err, Permanent: true, Suppress: outreach.SuppressClosedDMs}
		case api.Status == http.StatusTooManyRequests:
			return &outreach.SendError{Err: err, RetryAfter: max(api.RetryAfter, time.Second)}
		case api.Status >= 500 && sending:
			// The client already retried; the last attempt may have posted.
			return ambiguous(err)
		case api.Status >= 500, api.Status == http.StatusUnauthorized:
			// Discord is down, or the bot token was changed: nothing was sent.
			return &outreach.SendError{Err: err, RetryAfter: 15 * time.Minute}
		}
		return &outreach.SendError{Err: err, Permanent: true}
	case errors.As(err, &te):
		if sending {
			return ambiguous(err)
		}
		return &outreach.SendError{Err: err}
	}
	// The message broke Discord's limits before any call (over 2,000 characters).
	return &outreach.SendError{Err: err, Permanent: true}
}

func ambiguous(err error) *outreach.SendError {
	return &outreach.SendError{Err: fmt.Errorf("%w: %w", outreach.ErrAmbiguous, err), Permanent: true}
}
