// Package inbound detects creators' replies (and bounces) that stop outreach sequences: an
// IMAP poller for each sender mailbox and a poller for the bot's Discord DM channels. TikTok
// replies need nothing here: they arrive through the NEW_MESSAGE webhook
// (platformsync/webhooks.go → store.RecordCreatorReply).
package inbound

import (
	"context"
	"errors"
	"time"
)

// Replies is where pollers report what they found; the engine implements it with the store
// (store.RecordCreatorReply, and a suppression for a bounce).
type Replies interface {
	// RecordReply records that the creator with this address on channel ("email": the
	// lower-cased address; "discord": the user id) wrote at at. An address no creator of
	// the workspace has is not an error: return nil or ErrNoCreator.
	RecordReply(ctx context.Context, workspaceID int64, channel, address string, at time.Time, summary string) error
	// Bounce records that mail to address failed for good; reason is the report's status
	// and diagnostic, e.g. "5.1.1 smtp; 550 5.1.1 user unknown". The suppression's kind is
	// "bounced".
	Bounce(ctx context.Context, workspaceID int64, address, reason string) error
}

// ErrNoCreator may be returned by Replies.RecordReply for an address no creator has; the
// poller counts it as ignored and goes on.
var ErrNoCreator = errors.New("inbound: no creator with this address")

// Cursor keeps a poller's position between runs (the engine stores it, e.g. in sync_state).
// Keys are namespaced by the poller ("imap:<mailbox id>", "discord:<channel id>").
type Cursor interface {
	// Load returns the saved value, or "" when there is none.
	Load(ctx context.Context, key string) (string, error)
	Save(ctx context.Context, key, value string) error
}

// Result counts what one poll saw.
type Result struct {
	Messages int // new messages read
	Replies  int // reported to RecordReply and recorded
	Bounces  int // addresses reported to Bounce
	Ignored  int // own messages, auto-replies, unknown senders, delays
}
