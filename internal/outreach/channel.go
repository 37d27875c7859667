package outreach

import (
	"context"
	"errors"
	"time"
)

// ChannelName names a delivery channel; it is stored on sequence steps and outbox rows.
type ChannelName string

// The channels a sequence step can use.
const (
	ChannelTikTokIM ChannelName = "tiktok_im"
	ChannelEmail    ChannelName = "email"
	ChannelDiscord  ChannelName = "discord"
)

// Address is where a creator can be reached; each channel reads the field it needs.
type Address struct {
	TikTokUserID  string
	Email         string
	DiscordUserID string
	Name          string
}

// Card is an optional TikTok IM card sent after the text of a message.
type Card struct {
	// Kind is "product", "target_collaboration" or "free_sample".
	Kind string
	// ID is the product, collaboration or sample offer id on the platform.
	ID string
}

// Card kinds understood by the TikTok IM channel.
const (
	CardProduct             = "product"
	CardTargetCollaboration = "target_collaboration"
	CardFreeSample          = "free_sample"
)

// Outgoing is one rendered message handed to a channel.
type Outgoing struct {
	// IdempotencyKey is o:<enrollment>:<step>; also the email Message-ID's local part, so a
	// retried send is recognisable by the provider and by Prober.
	IdempotencyKey string
	WorkspaceID    int64
	CreatorID      int64
	OutboxID       int64
	Channel        ChannelName
	// SenderKey is tiktok:<conn id> | email:<mailbox id> | discord:<ws id>.
	SenderKey string
	To        Address
	// Subject is used by email only.
	Subject string
	Body    string
	Card    *Card
	// UnsubscribeURL goes into the email footer and the List-Unsubscribe headers.
	UnsubscribeURL string
}

// Receipt is what a channel returns for a delivered message.
type Receipt struct {
	// ProviderID identifies the message at the provider (TikTok: "conversation/message",
	// email: the Message-ID, Discord: "channel/message").
	ProviderID string
	At         time.Time
}

// Channel delivers one message. Send must not retry ambiguous failures itself: the engine
// decides, because a blind retry is how a creator gets the same message twice.
type Channel interface {
	Name() ChannelName
	Send(ctx context.Context, m Outgoing) (Receipt, error)
}

// Prober is implemented by channels that can tell whether a message with this key went out.
// The engine asks it after a crash left a row in "sending": delivered → sent, not delivered →
// safe to requeue.
type Prober interface {
	Delivered(ctx context.Context, m Outgoing) (Receipt, bool, error)
}

// SendError classifies a failure. Permanent: do not retry. Suppress: a reason to add to the
// suppression list for this address ("bounced", "closed_dms", "blocked"). RetryAfter: a hint.
type SendError struct {
	Err        error
	Permanent  bool
	Suppress   string
	RetryAfter time.Duration
}

// Suppression reasons a channel may report.
const (
	SuppressBounced   = "bounced"
	SuppressClosedDMs = "closed_dms"
	SuppressBlocked   = "blocked"
)

// Error describes the underlying failure.
func (e *SendError) Error() string {
	if e.Err == nil {
		return "outreach: send failed"
	}
	return e.Err.Error()
}

// Unwrap gives errors.Is/As access to the underlying failure.
func (e *SendError) Unwrap() error { return e.Err }

// Retryable reports whether a send may be tried again: a non-permanent SendError, or a context
// deadline. Any other error (a plain error from a channel) is retryable too, since nothing says
// the message could have gone out; channels wrap ambiguous failures as permanent SendErrors
// with ErrAmbiguous so they are not resent blindly.
func Retryable(err error) bool {
	if err == nil {
		return false
	}
	var se *SendError
	if errors.As(err, &se) {
		return !se.Permanent
	}
	return true
}

// SuppressReason returns the suppression reason carried by err, or "".
func SuppressReason(err error) string {
	var se *SendError
	if errors.As(err, &se) {
		return se.Suppress
	}
	return ""
}

// RetryAfter returns the provider's retry hint carried by err, or 0.
func RetryAfter(err error) time.Duration {
	var se *SendError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}

// ErrAmbiguous marks a failure after which the message may or may not have been delivered
// (a timeout or a 5xx after the request was sent). Channels return it inside a permanent
// SendError; the engine records the row as "unknown" unless the channel is a Prober that can
// settle it.
var ErrAmbiguous = errors.New("outreach: outcome unknown, the message may have been delivered")

// Ambiguous reports whether err says the message may have been delivered.
func Ambiguous(err error) bool { return errors.Is(err, ErrAmbiguous) }

// Resolver gives the engine a Channel for a sender key (the sequence's shop connection,
// mailbox, the workspace's Discord bot); it loads and opens sealed credentials.
type Resolver interface {
	Channel(ctx context.Context, workspaceID int64, senderKey string) (Channel, error)
}
